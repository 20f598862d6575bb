package io.opencredit.ledger.domain;

import io.opencredit.events.EventCatalog;
import io.opencredit.events.EventPayload;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What the ledger folds and keeps in its event store, closed: a published event of the suite ({@link Published},
 * wrapping an {@link EventPayload}, the contract other services read) or one of the ledger's own internal facts
 * ({@link Internal}: alert rule changes, never published). The store keeps either as JSON under its simple class
 * name, as it always did.
 */
public sealed interface LedgerPayload permits LedgerPayload.Published, LedgerPayload.Internal {

    /** The record itself: the published event or the internal fact (what {@code instanceof} chains look at). */
    Record value();

    /** The type name the store and the envelope carry: the record's simple name. */
    default String type() {
        return value().getClass().getSimpleName();
    }

    static LedgerPayload of(EventPayload event) {
        return new Published(event);
    }

    /** The closed type of a payload record read back from the store: a published event or an internal fact. */
    static LedgerPayload of(Record value) {
        if (value instanceof EventPayload event) {
            return new Published(event);
        }
        if (value instanceof Internal internal) {
            return internal;
        }
        throw new IllegalArgumentException(value.getClass().getSimpleName() + " is not a ledger payload");
    }

    /** A published event type, folded or decided by the ledger. */
    record Published(EventPayload event) implements LedgerPayload {
        public Published {
            Objects.requireNonNull(event, "event");
        }

        @Override
        public Record value() {
            return (Record) event; // every EventPayload is a record (EventContractTest)
        }
    }

    /** A fact of the ledger alone: stored in the stream so a replay sees it where it happened, never published. */
    sealed interface Internal extends LedgerPayload permits AlertRuleSet, AlertRuleRemoved, ForecastSettingsSet, DepletionForecastRearmed {
        @Override
        default Record value() {
            return (Record) this;
        }
    }

    /** Every payload class the ledger may meet: the published ones of the catalogue, then its internal ones. */
    static List<Class<?>> allClasses() {
        List<Class<?>> all = new ArrayList<>(EventCatalog.payloadClasses());
        all.addAll(List.of(Internal.class.getPermittedSubclasses()));
        return List.copyOf(all);
    }
}
