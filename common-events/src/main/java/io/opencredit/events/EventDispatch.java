package io.opencredit.events;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Which types one dispatch over event payloads handles and which it deliberately ignores: the one way a service
 * declares such a dispatch. Java 17 has no pattern switch, so a dispatch is an {@code instanceof} chain or a table
 * look-up that the compiler cannot check for completeness; each one declares itself as a
 * {@code static final EventDispatch} instead, and the service's {@code EventDispatchCompletenessTest} fails while
 * {@link #undecided} names a type the dispatch can meet. At run time it refuses a type it has not decided on
 * ({@link #handles}, {@link #requireIgnored}), so a gap cannot pass silently either.
 *
 * <p>Generic over {@code Class<?>} rather than {@link EventPayload}: a service's internal facts (the ledger's alert
 * rules) go through the same dispatches as the published events.
 */
public final class EventDispatch {

    private final String name;
    private final Set<Class<?>> handled;
    private final Set<Class<?>> ignored;

    private EventDispatch(String name, Set<Class<?>> handled, Set<Class<?>> ignored) {
        this.name = name;
        this.handled = handled;
        this.ignored = ignored;
    }

    /** Starts the declaration of the dispatch {@code name} (the method or question it answers, e.g. "Ledger.apply"). */
    public static Builder named(String name) {
        return new Builder(name);
    }

    public String name() {
        return name;
    }

    public Set<Class<?>> handled() {
        return handled;
    }

    public Set<Class<?>> ignored() {
        return ignored;
    }

    /** Whether the dispatch handles this payload (false: it ignores it on purpose); a type it does not know is a defect. */
    public boolean handles(Object payload) {
        if (handled.contains(payload.getClass())) {
            return true;
        }
        requireIgnored(payload);
        return false;
    }

    /** Where a chain falls through: the payload must be of a type the dispatch ignores on purpose. */
    public void requireIgnored(Object payload) {
        if (!ignored.contains(payload.getClass())) {
            throw new IllegalStateException(name + " declares neither handling nor ignoring " + payload.getClass().getSimpleName());
        }
    }

    /**
     * The types of {@code types} this dispatch neither handles nor ignores, in their order: what a completeness test
     * asserts is empty, with {@code types} the types the dispatch can meet (usually {@link EventCatalog#payloadClasses()}).
     */
    public Set<Class<?>> undecided(Collection<? extends Class<?>> types) {
        Set<Class<?>> undecided = new LinkedHashSet<>(types);
        undecided.removeAll(handled);
        undecided.removeAll(ignored);
        return undecided;
    }

    /** Every type the dispatch has decided on, handled or ignored (a test can check that none is stale). */
    public Set<Class<?>> decided() {
        Set<Class<?>> decided = new HashSet<>(handled);
        decided.addAll(ignored);
        return Set.copyOf(decided);
    }

    @Override
    public String toString() {
        return name;
    }

    /** The handled types first, then the ignored ones ({@link #ignoring}), which completes the declaration. */
    public static final class Builder {
        private final String name;
        private final List<Class<?>> handled = new ArrayList<>();

        private Builder(String name) {
            this.name = name;
        }

        public Builder handles(Class<?>... types) {
            return handles(Arrays.asList(types));
        }

        /** For a dispatch that reads a table keyed by type: the table's keys are what it handles. */
        public Builder handles(Collection<? extends Class<?>> types) {
            handled.addAll(types);
            return this;
        }

        /**
         * The types ignored on purpose, each named: a new type is in neither set until someone decides. A type both
         * handled and ignored is refused, since one of the two answers would be wrong.
         */
        public EventDispatch ignoring(Class<?>... types) {
            Set<Class<?>> ignored = Set.of(types);
            Set<Class<?>> both = new LinkedHashSet<>(handled);
            both.retainAll(ignored);
            if (!both.isEmpty()) {
                throw new IllegalArgumentException(name + " both handles and ignores " + both.stream().map(Class::getSimpleName).toList());
            }
            return new EventDispatch(name, Set.copyOf(handled), ignored);
        }
    }
}
