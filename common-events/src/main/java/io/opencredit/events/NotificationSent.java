package io.opencredit.events;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** An email was accepted by the SMTP server. {@code notificationType} is the causing event's type. */
public record NotificationSent(
        UUID notificationId,
        String notificationType,
        List<String> recipients,
        String subject,
        String language,
        Instant sentAt) implements EventPayload {

    public NotificationSent {
        Require.present(notificationId, "notificationId");
        Require.text(notificationType, "notificationType");
        recipients = Require.list(recipients, "recipients");
        Require.text(subject, "subject");
        Require.text(language, "language");
        Require.present(sentAt, "sentAt");
    }
}
