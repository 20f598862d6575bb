package io.opencredit.alerting.api;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * One email, sent or pending. {@code type} is the type of the event that caused it, {@code status}
 * one of PENDING, SENDING, SENT, UNCERTAIN, REFUSED.
 */
public record NotificationView(UUID notificationId, String type, List<String> recipients, String subject,
                               String language, String status, Instant sentAt, UUID causingEventId,
                               Instant createdAt, int attempts) {
}
