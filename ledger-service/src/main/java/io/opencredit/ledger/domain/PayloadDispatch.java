package io.opencredit.ledger.domain;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * Which payload types one dispatch over them handles and which it deliberately ignores. Java 17 has no pattern
 * switch, so a dispatch is an {@code instanceof} chain (or a set look-up) that the compiler cannot check for
 * completeness; each one declares itself as a {@code static final PayloadDispatch} field instead, and
 * {@code EventDispatchCompletenessTest} fails when a type of {@link LedgerPayload#allClasses()} (the published
 * catalogue and the ledger's internal facts) is in neither set of some dispatch. At run time a dispatch refuses a
 * type it does not know ({@link #handles(Object)}, {@link #requireIgnored}), so a gap cannot pass silently either.
 */
public final class PayloadDispatch {

    private final String name;
    private final Set<Class<?>> handled;
    private final Set<Class<?>> ignored;

    private PayloadDispatch(String name, Set<Class<?>> handled, Set<Class<?>> ignored) {
        this.name = name;
        this.handled = handled;
        this.ignored = ignored;
    }

    /** Starts the declaration of the dispatch {@code name} (the method or question it answers). */
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
        Class<?> type = payload.getClass();
        if (handled.contains(type)) {
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

    @Override
    public String toString() {
        return name;
    }

    /** The handled types first, then the ignored ones ({@link #ignoring}). */
    public static final class Builder {
        private final String name;
        private final List<Class<?>> handled = new ArrayList<>();

        private Builder(String name) {
            this.name = name;
        }

        public Builder handles(Class<?>... types) {
            handled.addAll(Arrays.asList(types));
            return this;
        }

        /** The types ignored on purpose, each named: a new type is in neither set until someone decides. */
        public PayloadDispatch ignoring(Class<?>... types) {
            return new PayloadDispatch(name, Set.copyOf(handled), Set.of(types));
        }
    }
}
