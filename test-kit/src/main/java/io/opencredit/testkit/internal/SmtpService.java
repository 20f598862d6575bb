package io.opencredit.testkit.internal;

import java.util.List;

/** The SMTP server services send mail to: GreenMail in this JVM, or an external one. */
public interface SmtpService {

    String host();

    int port();

    void stop();

    void start();

    boolean running();

    /** The GreenMail instance, or {@code null} for an external server. */
    Object greenMail();

    /** Every message received since start (or the last purge), as raw RFC 822 bytes. */
    List<byte[]> receivedMessages();

    /** Waits until at least {@code count} messages arrived; returns whether they did. */
    boolean awaitMessages(int count, long timeoutMillis);

    void purge();

    void close();

    String describe();
}
