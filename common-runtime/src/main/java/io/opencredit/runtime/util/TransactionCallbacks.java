package io.opencredit.runtime.util;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;

/**
 * Work that must wait for the current transaction's outcome: counters that move only for what committed,
 * caches that forget what a rollback undid. The one place that registers JTA synchronizations.
 */
@ApplicationScoped
public class TransactionCallbacks {

    private final TransactionSynchronizationRegistry registry;

    public TransactionCallbacks(TransactionSynchronizationRegistry registry) {
        this.registry = registry;
    }

    /** Whether a transaction is active on this thread. */
    public boolean inTransaction() {
        return registry.getTransactionKey() != null;
    }

    /**
     * Whether this is the first time the current transaction asks about {@code key}: for work done once per
     * transaction however often a writer is called in it.
     */
    public boolean firstInTransaction(Object key) {
        if (!inTransaction()) {
            throw new IllegalStateException("no transaction is active");
        }
        if (registry.getResource(key) != null) {
            return false;
        }
        registry.putResource(key, Boolean.TRUE);
        return true;
    }

    /** Runs {@code work} after the current transaction commits; never when it rolls back. */
    public void afterCommit(Runnable work) {
        register(committed -> {
            if (committed) {
                work.run();
            }
        });
    }

    /** Runs {@code work} after the current transaction rolls back; never when it commits. */
    public void afterRollback(Runnable work) {
        register(committed -> {
            if (!committed) {
                work.run();
            }
        });
    }

    /** Runs {@code work} after the current transaction ends, whatever its outcome. */
    public void afterCompletion(Runnable work) {
        register(committed -> work.run());
    }

    private void register(Outcome outcome) {
        if (!inTransaction()) {
            throw new IllegalStateException("no transaction is active");
        }
        registry.registerInterposedSynchronization(new Synchronization() {
            @Override
            public void beforeCompletion() {
            }

            @Override
            public void afterCompletion(int status) {
                outcome.ended(status == Status.STATUS_COMMITTED);
            }
        });
    }

    private interface Outcome {
        void ended(boolean committed);
    }
}
