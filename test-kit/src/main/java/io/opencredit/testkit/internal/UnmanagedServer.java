package io.opencredit.testkit.internal;

/**
 * A server the kit uses but does not run itself (an external one, or a Testcontainers container):
 * it cannot be stopped and started to simulate an outage, and closing it leaves it alone. A
 * container overrides {@link #running()} and {@link #close()}.
 */
abstract class UnmanagedServer {

    private final String kind;

    /** {@code kind}: what it is, for messages ("Kafka", "PostgreSQL"). */
    UnmanagedServer(String kind) {
        this.kind = kind;
    }

    public abstract String describe();

    public void stop() {
        throw Unsupported.on("stopping " + kind, describe());
    }

    public void start() {
        throw Unsupported.on("starting " + kind, describe());
    }

    public boolean running() {
        return true;
    }

    public void close() {
        // not ours
    }
}
