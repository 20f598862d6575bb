package io.opencredit.alerting.domain;

import java.util.Locale;

/** The two languages of the emails: Norwegian bokmål for Norwegian subscriptions, English otherwise. */
public final class Languages {
    public static final String NB = "nb";
    public static final String EN = "en";

    private Languages() {
    }

    /** The language of a subscription: the one its creation event names when we have templates for it, else by country. */
    public static String of(String declared, String country) {
        if (declared != null) {
            String tag = declared.strip().toLowerCase(Locale.ROOT);
            if (tag.equals(NB) || tag.startsWith("nb-") || tag.equals("no") || tag.startsWith("no-")) {
                return NB;
            }
            if (tag.equals(EN) || tag.startsWith("en-")) {
                return "NO".equalsIgnoreCase(country) ? NB : EN;
            }
        }
        return "NO".equalsIgnoreCase(country) ? NB : EN;
    }
}
