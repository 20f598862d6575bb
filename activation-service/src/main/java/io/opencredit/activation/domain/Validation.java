package io.opencredit.activation.domain;

import io.opencredit.events.EmailAddress;
import io.opencredit.runtime.api.ProblemException;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/** Field checks of request bodies (SPEC §5): each failure is a 400 problem naming the field. */
public final class Validation {

    public static final int MAX_UNITS = 10_000;
    public static final int MAX_NAME = 100;
    private static final Set<String> COUNTRIES = Set.of(Locale.getISOCountries());
    private static final Pattern IDENTIFIER = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9._:@-]{0,99}$");
    private static final Pattern ENROLLMENT = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9-]{0,63}$");

    private Validation() {
    }

    public static ProblemException invalid(String detail) {
        return ProblemException.badRequest("invalid-value", detail);
    }

    public static <T> T required(T value, String field) {
        if (value == null) {
            throw ProblemException.badRequest("missing-field", "'" + field + "' is required");
        }
        return value;
    }

    public static int units(Integer units) {
        required(units, "units");
        if (units < 1 || units > MAX_UNITS) {
            throw invalid("units must be between 1 and " + MAX_UNITS + ", got " + units);
        }
        return units;
    }

    /** ISO 3166-1 alpha-2, upper case. */
    public static String country(String country) {
        required(country, "country");
        String code = country.strip().toUpperCase(Locale.ROOT);
        if (code.length() != 2 || !COUNTRIES.contains(code)) {
            throw invalid("country must be an ISO 3166-1 alpha-2 code such as NO or US, got '" + country + "'");
        }
        return code;
    }

    /** An address by the suite's one rule ({@link EmailAddress}), stripped and lower-cased. */
    public static String email(String email, String field) {
        required(email, field);
        return EmailAddress.normalise(email)
                .orElseThrow(() -> invalid(field + " is not a valid email address: '" + email + "'"));
    }

    /** A display name: 1..100 characters, no control characters. */
    public static String name(String name) {
        required(name, "name");
        String value = name.strip();
        if (value.isEmpty() || value.length() > MAX_NAME) {
            throw invalid("name must have 1 to " + MAX_NAME + " characters");
        }
        if (value.chars().anyMatch(Character::isISOControl)) {
            throw invalid("name must not contain control characters");
        }
        return value;
    }

    /** Reseller ids and SKUs: 1..100 of letters, digits and . _ : @ -. */
    public static String identifier(String value, String field) {
        required(value, field);
        if (!IDENTIFIER.matcher(value).matches()) {
            throw invalid(field + " must be 1 to 100 letters, digits or . _ : @ - (starting with a letter or digit), got '"
                    + value + "'");
        }
        return value;
    }

    public static String enrollmentNumber(String value) {
        required(value, "enrollmentNumber");
        String trimmed = value.strip();
        if (!ENROLLMENT.matcher(trimmed).matches()) {
            throw invalid("enrollmentNumber must be 1 to 64 letters, digits or dashes, got '" + value + "'");
        }
        return trimmed;
    }

    public static String currency(String currency, CreditTable credit) {
        required(currency, "currency");
        if (!credit.supports(currency)) {
            throw ProblemException.badRequest("unsupported-currency",
                    "currency must be one of " + credit.currencies() + ", got '" + currency + "'");
        }
        return currency;
    }
}
