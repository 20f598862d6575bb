package io.opencredit.activation.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import java.time.Instant;

/** A co-administrator of a subscription (SPEC S6): a row of {@code co_administrator}. */
@Embeddable
public record CoAdministrator(String email, @Column(name = "added_at") Instant addedAt,
                              @Column(name = "added_by") String addedBy) {
}
