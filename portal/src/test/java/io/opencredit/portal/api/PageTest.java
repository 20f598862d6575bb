package io.opencredit.portal.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

class PageTest {

    @Test
    void Portal_language_follows_the_switch_then_the_browser_then_English() {
        assertThat(Page.language("nb", List.of(Locale.ENGLISH))).isEqualTo(Texts.NORWEGIAN);
        assertThat(Page.language("en", List.of(Locale.forLanguageTag("nb-NO")))).isEqualTo(Texts.ENGLISH);
        assertThat(Page.language(null, List.of(Locale.forLanguageTag("nn-NO"), Locale.ENGLISH))).isEqualTo(Texts.NORWEGIAN);
        assertThat(Page.language(null, List.of(Locale.forLanguageTag("no")))).isEqualTo(Texts.NORWEGIAN);
        assertThat(Page.language(null, List.of(Locale.forLanguageTag("de-DE")))).isEqualTo(Texts.ENGLISH);
        assertThat(Page.language(null, List.of())).isEqualTo(Texts.ENGLISH);
    }

    @Test
    void Portal_every_text_exists_in_both_languages() throws Exception {
        assertThat(raw("nb").stringPropertyNames()).isEqualTo(raw("en").stringPropertyNames());
        assertThat(Texts.of(Texts.NORWEGIAN).get("balance")).isEqualTo("Saldo");
        assertThat(Texts.of(Texts.ENGLISH).get("balance")).isEqualTo("Balance");
    }

    @Test
    void F4_corrections_are_described_in_both_languages() {
        for (String label : List.of("CreditAdjusted_ADDED", "CreditAdjusted_TAKEN", "UsageVoided_RETURNED", "UsageVoided_FORFEITED",
                "UsageVoided_OVERAGE_CANCELLED")) {
            String english = TemplateTypes.pick(Texts.of(Texts.ENGLISH), "entry_", label);
            String norwegian = TemplateTypes.pick(Texts.of(Texts.NORWEGIAN), "entry_", label);
            assertThat(english).as(label).isNotEqualTo(label).isNotBlank();
            assertThat(norwegian).as(label).isNotEqualTo(label).isNotEqualTo(english).isNotBlank();
        }
        assertThat(TemplateTypes.pick(Texts.of(Texts.NORWEGIAN), "entry_", "CreditAdjusted_TAKEN")).contains("trukket");
        assertThat(TemplateTypes.pick(Texts.of(Texts.ENGLISH), "source_", "ADJUSTMENT")).isEqualTo("Adjustment by an operator");
        assertThat(TemplateTypes.pick(Texts.of(Texts.ENGLISH), "marker_", "ADJUSTMENT")).isEqualTo("Adjustment by an operator");
        assertThat(TemplateTypes.pick(Texts.of(Texts.NORWEGIAN), "marker_", "VOID")).isEqualTo("Annullert forbruk tilbakeført");
    }

    private static java.util.Properties raw(String language) throws java.io.IOException {
        java.util.Properties properties = new java.util.Properties();
        try (var in = PageTest.class.getResourceAsStream("/texts/texts_" + language + ".properties")) {
            properties.load(new java.io.InputStreamReader(in, java.nio.charset.StandardCharsets.UTF_8));
        }
        return properties;
    }

    @Test
    void Portal_a_time_zone_cookie_must_name_a_zone() {
        assertThat(Page.zone("Europe/Oslo")).hasValueSatisfying(z -> assertThat(z.getId()).isEqualTo("Europe/Oslo"));
        assertThat(Page.zone("Mars/Olympus")).isEmpty();
        assertThat(Page.zone("")).isEmpty();
        assertThat(Page.zone(null)).isEmpty();
    }
}
