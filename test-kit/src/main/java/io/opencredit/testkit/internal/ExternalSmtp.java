package io.opencredit.testkit.internal;

import java.util.List;

/** An SMTP server named by {@code OPENCREDIT_TEST_SMTP_HOST}/{@code _PORT}: send only. */
final class ExternalSmtp implements SmtpService {

    private final String host;
    private final int port;

    ExternalSmtp(String host, int port) {
        this.host = host;
        this.port = port;
    }

    @Override
    public String host() {
        return host;
    }

    @Override
    public int port() {
        return port;
    }

    @Override
    public void stop() {
        throw Unsupported.on("stopping SMTP", describe());
    }

    @Override
    public void start() {
        throw Unsupported.on("starting SMTP", describe());
    }

    @Override
    public boolean running() {
        return true;
    }

    @Override
    public Object greenMail() {
        return null;
    }

    @Override
    public List<byte[]> receivedMessages() {
        throw Unsupported.on("reading received mail", describe());
    }

    @Override
    public boolean awaitMessages(int count, long timeoutMillis) {
        throw Unsupported.on("reading received mail", describe());
    }

    @Override
    public void purge() {
        throw Unsupported.on("purging received mail", describe());
    }

    @Override
    public void close() {
        // not ours
    }

    @Override
    public String describe() {
        return "external SMTP at " + host + ":" + port + " (" + Settings.SMTP_HOST + ")";
    }
}
