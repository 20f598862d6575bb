package io.opencredit.portal.api;

import io.opencredit.portal.domain.BurnDown;
import io.opencredit.portal.domain.Forecast;
import io.opencredit.portal.domain.Statement;
import io.opencredit.portal.domain.UsageSummary;
import io.quarkus.qute.TemplateData;
import io.quarkus.qute.TemplateExtension;
import java.util.Map;

/** The domain's records the pages read, made readable to Qute here, so the domain package knows nothing of it. */
@TemplateData(target = BurnDown.class)
@TemplateData(target = BurnDown.Point.class)
@TemplateData(target = BurnDown.Marker.class)
@TemplateData(target = Statement.Entry.class)
@TemplateData(target = UsageSummary.Line.class)
@TemplateData(target = Forecast.class)
final class TemplateTypes {

    private TemplateTypes() {
    }

    /** {@code {t.pick('status_', status)}}: the text of a key made of a prefix and a value, the value itself if none. */
    @TemplateExtension
    static String pick(Map<String, String> texts, String prefix, Object value) {
        String key = prefix + value;
        return texts.getOrDefault(key, String.valueOf(value));
    }
}
