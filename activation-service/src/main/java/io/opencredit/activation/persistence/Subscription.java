package io.opencredit.activation.persistence;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.LockModeType;
import jakarta.persistence.OrderBy;
import jakarta.persistence.Table;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * An Azure-in-Open subscription (SPEC K5) with its co-administrators (S6). The currency is fixed by the
 * first activation (M3); DEPROVISIONED is not a status of this table but learnt from the ledger
 * ({@link LedgerView}).
 */
@Entity
@Table(name = "subscription")
public class Subscription extends PanacheEntityBase {

    /** This service's view of a subscription: open for keys, or linked to an Enterprise Agreement (S4). */
    public enum Status { ACTIVE, LINKED_TO_EA }

    @Id
    public UUID id;
    public String name;
    public String country;
    public String cloud;
    public String currency;
    public String language;
    @Column(name = "account_email")
    public String accountEmail;
    @Column(name = "account_created_on")
    public LocalDate accountCreatedOn;
    @Enumerated(EnumType.STRING)
    public Status status = Status.ACTIVE;
    @Column(name = "enrollment_number")
    public String enrollmentNumber;
    @Column(name = "linked_at")
    public Instant linkedAt;
    @Column(name = "linked_by")
    public String linkedBy;
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "created_by")
    public String createdBy;

    /** A set, so that adding one inserts one row (a list of values would be deleted and written again). */
    @ElementCollection
    @CollectionTable(name = "co_administrator", joinColumns = @JoinColumn(name = "subscription_id"))
    @OrderBy("addedAt, email")
    public Set<CoAdministrator> coAdministrators = new LinkedHashSet<>();

    public static Optional<Subscription> byId(UUID id) {
        return findByIdOptional(id);
    }

    /** The subscription with its row locked until the transaction ends: writers of one subscription serialise. */
    public static Optional<Subscription> lock(UUID id) {
        return findByIdOptional(id, LockModeType.PESSIMISTIC_WRITE);
    }

    /** Who administers it (S6): the account administrator first, then the co-administrators in the order added. */
    public List<String> administrators() {
        List<String> all = new ArrayList<>();
        all.add(accountEmail);
        all.addAll(coAdministratorEmails());
        return all;
    }

    public List<String> coAdministratorEmails() {
        return coAdministrators.stream().map(CoAdministrator::email).toList();
    }

    /** Adds a co-administrator; false when the address administers the subscription already. */
    public boolean addCoAdministrator(String email, Instant at, String by) {
        if (administrators().contains(email)) {
            return false;
        }
        coAdministrators.add(new CoAdministrator(email, at, by));
        return true;
    }

    public boolean linked() {
        return status == Status.LINKED_TO_EA;
    }

    /** S4: linked to an Enterprise Agreement, the subscription takes no more keys (K8). */
    public void linkTo(String enrollment, Instant at, String by) {
        status = Status.LINKED_TO_EA;
        enrollmentNumber = enrollment;
        linkedAt = at;
        linkedBy = by;
    }
}
