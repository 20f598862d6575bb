package io.opencredit.events;

import java.math.BigDecimal;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The currencies keys are sold in and the default credit one unit buys (SPEC M2). Services may
 * override the amounts by configuration; this is the default table and the list of supported codes.
 */
public final class Currencies {

    public static final Map<String, BigDecimal> DEFAULT_CREDIT_PER_UNIT;
    /** ISO 4217 minor units, for display; internal precision is always {@link Money#SCALE}. */
    public static final Map<String, Integer> FRACTION_DIGITS;

    static {
        Map<String, BigDecimal> credit = new LinkedHashMap<>();
        credit.put("USD", new BigDecimal("100"));
        credit.put("EUR", new BigDecimal("93"));
        credit.put("GBP", new BigDecimal("79"));
        credit.put("NOK", new BigDecimal("1070"));
        credit.put("SEK", new BigDecimal("1090"));
        credit.put("DKK", new BigDecimal("695"));
        credit.put("CHF", new BigDecimal("89"));
        credit.put("JPY", new BigDecimal("15500"));
        credit.put("CAD", new BigDecimal("140"));
        credit.put("AUD", new BigDecimal("155"));
        credit.put("BRL", new BigDecimal("520"));
        DEFAULT_CREDIT_PER_UNIT = Collections.unmodifiableMap(credit);

        Map<String, Integer> digits = new LinkedHashMap<>();
        credit.keySet().forEach(code -> digits.put(code, code.equals("JPY") ? 0 : 2));
        FRACTION_DIGITS = Collections.unmodifiableMap(digits);
    }

    private Currencies() {
    }

    public static boolean isSupported(String code) {
        return code != null && DEFAULT_CREDIT_PER_UNIT.containsKey(code);
    }
}
