package io.opencredit.alerting.mail;

import io.opencredit.alerting.domain.Alert;
import io.quarkus.qute.Engine;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;

/** Renders an alert's text and HTML bodies from the Qute templates {@code templates/mail/alert-<language>.(txt|html)}. */
@ApplicationScoped
public class MailRenderer {

    /** The two bodies of one email. */
    public record Bodies(String text, String html) {
    }

    private final Engine engine;

    public MailRenderer(Engine engine) {
        this.engine = engine;
    }

    public Bodies render(Alert alert) {
        return new Bodies(render("mail/alert-" + alert.language() + ".txt", alert.model()),
                render("mail/alert-" + alert.language() + ".html", alert.model()));
    }

    private String render(String id, Map<String, Object> model) {
        Template template = engine.getTemplate(id);
        if (template == null) {
            throw new IllegalStateException("no mail template " + id);
        }
        TemplateInstance instance = template.instance();
        model.forEach(instance::data);
        return instance.render();
    }
}
