package io.opencredit.portal.api;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * The pages' words in English and Norwegian ({@code texts_en.properties}, {@code texts_nb.properties}), read once.
 * A key missing in Norwegian falls back to English, so a page never shows a blank.
 */
public final class Texts {

    public static final Locale ENGLISH = Locale.ENGLISH;
    public static final Locale NORWEGIAN = Locale.forLanguageTag("nb");

    private static final Map<String, String> EN = load("en", Map.of());
    private static final Map<String, String> NB = load("nb", EN);

    private Texts() {
    }

    /** The texts of a language: Norwegian for nb, nn and no, English otherwise. */
    public static Map<String, String> of(Locale locale) {
        return io.opencredit.events.MoneyFormat.isNorwegian(locale) ? NB : EN;
    }

    private static Map<String, String> load(String language, Map<String, String> fallback) {
        Properties properties = new Properties();
        try (InputStream in = Texts.class.getResourceAsStream("/texts/texts_" + language + ".properties")) {
            if (in == null) {
                throw new IllegalStateException("no texts for " + language);
            }
            properties.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> texts = new HashMap<>(fallback);
        properties.forEach((k, v) -> texts.put(k.toString(), v.toString()));
        return Map.copyOf(texts);
    }
}
