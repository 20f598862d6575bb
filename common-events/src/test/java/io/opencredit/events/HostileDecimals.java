package io.opencredit.events;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;

/** Generators of decimal spellings O6 refuses (the test-kit's {@code HostileNumbers} has the HTTP forms). */
final class HostileDecimals {

    private HostileDecimals() {
    }

    static Arbitrary<String> any() {
        Arbitrary<String> digits = Arbitraries.strings().numeric().ofMinLength(1).ofMaxLength(12).filter(s -> !s.startsWith("0"));
        Arbitrary<String> exponents = Arbitraries.of("e", "E", "e+", "E-", "e-").flatMap(e -> Arbitraries.of("999999999", "1000000", "0", "-1", "2147483648")
                .flatMap(x -> digits.map(d -> d + e + x)));
        Arbitrary<String> longDigits = Arbitraries.integers().between(19, 100_000).map(n -> "9".repeat(n));
        Arbitrary<String> longFractions = Arbitraries.integers().between(7, 100_000).map(n -> "0." + "1".repeat(n));
        Arbitrary<String> words = Arbitraries.of("NaN", "-NaN", "Infinity", "-Infinity", "+Infinity", "nan", "inf", "-0", "-0.0", "-0.000000",
                "007", "00.5", ".5", "5.", "", "-", "1_000", "0x1F");
        Arbitrary<String> nonAscii = Arbitraries.strings().withCharRange('\u0660', '\u0669').withCharRange('\uff10', '\uff19')
                .withCharRange('\u06f0', '\u06f9').ofMinLength(1).ofMaxLength(8);
        Arbitrary<String> signed = digits.map(d -> "+" + d);
        Arbitrary<String> spaced = digits.flatMap(d -> Arbitraries.of(" ", "\t", "\n", "\u00a0", "\u2003")
                .map(w -> Math.abs(d.hashCode()) % 2 == 0 ? w + d : d + w));
        return Arbitraries.oneOf(exponents, longDigits, longFractions, words, nonAscii, signed, spaced);
    }
}
