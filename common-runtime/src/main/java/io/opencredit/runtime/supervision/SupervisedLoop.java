package io.opencredit.runtime.supervision;

/**
 * The body of a background loop run by the {@link Supervisor}. One call of {@link #run} is one life of the loop: it
 * sets up what it needs (a Kafka consumer, a database connection), works until {@link Loop#running()} turns false
 * and returns, calling {@link Loop#beat()} at least once per iteration. Whatever it throws, errors included, ends
 * that life; the supervisor counts it and calls {@code run} again after a backoff.
 */
@FunctionalInterface
public interface SupervisedLoop {

    void run(Loop loop) throws Exception;

    /**
     * Called from the stopping thread to unblock a life that waits outside {@link Loop#pause} (for instance
     * {@code KafkaConsumer.wakeup()}); the thread is interrupted as well.
     */
    default void wakeup() {
    }

    /** A loop whose {@link #wakeup} runs {@code wakeup}: what unblocks the body's own wait. */
    static SupervisedLoop waking(SupervisedLoop body, Runnable wakeup) {
        return new SupervisedLoop() {
            @Override
            public void run(Loop loop) throws Exception {
                body.run(loop);
            }

            @Override
            public void wakeup() {
                wakeup.run();
            }
        };
    }
}
