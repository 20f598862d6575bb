package io.opencredit.testkit;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;

/**
 * Hostile decimals for the services' tests of SPEC O6, generated with jqwik's arbitraries: huge
 * and tiny exponents, 10^5 digits, NaN and Infinity, negative zero, non-ASCII digits (Arabic-Indic,
 * extended Arabic-Indic, full-width), a leading {@code +}, white space, leading zeros, too many
 * fraction digits. Each comes as raw JSON, once as a JSON number (where it can be one) and once as a
 * JSON string, to be put in a request body as it is; {@link #texts(int)} gives the bare texts for
 * query parameters. A list always starts with the named edge cases, then adds generated ones.
 *
 * <p>(A {@code @QuarkusTest} cannot be a jqwik {@code @Property}, which runs on jqwik's own engine;
 * these tests draw their tries from the same generators instead.)
 */
public final class HostileNumbers {

    /** The named cases every run covers. */
    public static final List<String> EDGE_CASES = List.of("1e-999999999", "1E+999999999", "1e999999999", "-1e-999999999",
            "9".repeat(100_000), "0." + "1".repeat(100_000), "1" + "0".repeat(1000), "NaN", "Infinity", "-Infinity", "-0", "-0.0",
            "+1", " 1", "1 ", "\u0661\u0662", "\u06f1", "\uff11\uff12", "1e3", "1.5E-3", "007", "1.1234567", "2.5000000",
            "1000000000000000000", "0x10", "1_000", "");

    private HostileNumbers() {
    }

    /** The edge cases and then generated ones, {@code count} texts in all (at least the edge cases). */
    public static List<String> texts(int count) {
        Set<String> texts = new LinkedHashSet<>(EDGE_CASES);
        Iterator<String> generated = arbitrary().sampleStream().iterator();
        while (texts.size() < count) {
            texts.add(generated.next());
        }
        return new ArrayList<>(texts);
    }

    /**
     * The texts of {@link #texts(int)} as raw JSON values: a JSON number literal for each text that
     * has no white space (some are not valid JSON, which is as hostile), and a JSON string for each.
     */
    public static List<String> jsonValues(int count) {
        List<String> values = new ArrayList<>();
        for (String text : texts(count)) {
            if (!text.isEmpty() && text.chars().noneMatch(Character::isWhitespace)) {
                values.add(text);
            }
            values.add(jsonString(text));
        }
        return values;
    }

    /** A short description of a raw value for an assertion message (never 100,000 characters). */
    public static String describe(String value) {
        return value.length() <= 40 ? "[" + value + "]" : "[" + value.substring(0, 40) + "...] (" + value.length() + " characters)";
    }

    /** The generator behind {@link #texts(int)}. */
    public static Arbitrary<String> arbitrary() {
        Arbitrary<String> digits = Arbitraries.strings().numeric().ofMinLength(1).ofMaxLength(12).filter(s -> !s.startsWith("0"));
        Arbitrary<String> exponents = Arbitraries.of("e", "E", "e+", "E-", "e-")
                .flatMap(e -> Arbitraries.of("999999999", "1000000", "0", "5", "2147483648").flatMap(x -> digits.map(d -> d + e + x)));
        Arbitrary<String> longIntegers = Arbitraries.integers().between(19, 100_000).map(n -> "7".repeat(n));
        Arbitrary<String> longFractions = Arbitraries.integers().between(7, 100_000).map(n -> "0." + "3".repeat(n));
        Arbitrary<String> words = Arbitraries.of("NaN", "-NaN", "Infinity", "-Infinity", "+Infinity", "nan", "inf", "-0", "-0.0", "-0.000000",
                "007", "00.5", ".5", "5.", "-", "1_000", "0x1F", "1,5", "1..2");
        Arbitrary<String> nonAscii = Arbitraries.strings().withCharRange('\u0660', '\u0669').withCharRange('\uff10', '\uff19')
                .withCharRange('\u06f0', '\u06f9').ofMinLength(1).ofMaxLength(8);
        Arbitrary<String> mixedDigits = digits.flatMap(d -> Arbitraries.of('\u0661', '\uff15', '\u06f3').map(c -> d + c));
        Arbitrary<String> signed = digits.map(d -> "+" + d);
        Arbitrary<String> spaced = digits.flatMap(d -> Arbitraries.of(" ", "\t", "\n", "\u00a0", "\u2003").flatMap(w ->
                Arbitraries.of(w + d, d + w, d.charAt(0) + w + d.substring(1))));
        return Arbitraries.oneOf(exponents, longIntegers, longFractions, words, nonAscii, mixedDigits, signed, spaced);
    }

    /** {@code text} as a JSON string literal (control characters escaped). */
    public static String jsonString(String text) {
        StringBuilder json = new StringBuilder(text.length() + 2).append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"' || c == '\\') {
                json.append('\\').append(c);
            } else if (c < 0x20) {
                json.append(String.format("\\u%04x", (int) c));
            } else {
                json.append(c);
            }
        }
        return json.append('"').toString();
    }
}
