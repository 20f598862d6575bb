package io.opencredit.testkit.internal;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * GreenMail SMTP on 127.0.0.1 and a free port, accepting any sender and recipient without
 * authentication. Stop and start keep the port and the {@link GreenMail} instance; GreenMail drops
 * the messages it held when it stops.
 */
final class GreenMailSmtp implements SmtpService {

    private static final String HOST = "127.0.0.1";

    private final int port;
    private final GreenMail greenMail;
    private boolean running;

    GreenMailSmtp() {
        this.port = Ports.free();
        ServerSetup setup = new ServerSetup(port, HOST, ServerSetup.PROTOCOL_SMTP);
        setup.setServerStartupTimeout(10_000);
        this.greenMail = new GreenMail(setup);
        start();
    }

    @Override
    public String host() {
        return HOST;
    }

    @Override
    public int port() {
        return port;
    }

    @Override
    public synchronized void start() {
        if (!running) {
            Ports.awaitFree(port);
            greenMail.start();
            running = true;
        }
    }

    @Override
    public synchronized void stop() {
        if (running) {
            greenMail.stop();
            running = false;
        }
    }

    @Override
    public synchronized boolean running() {
        return running;
    }

    @Override
    public Object greenMail() {
        return greenMail;
    }

    @Override
    public List<byte[]> receivedMessages() {
        List<byte[]> raw = new ArrayList<>();
        for (MimeMessage message : greenMail.getReceivedMessages()) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try {
                message.writeTo(out);
            } catch (IOException | MessagingException e) {
                throw new IllegalStateException("cannot read a received message", e);
            }
            raw.add(out.toByteArray());
        }
        return raw;
    }

    @Override
    public boolean awaitMessages(int count, long timeoutMillis) {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (greenMail.getReceivedMessages().length < count) {
            if (System.currentTimeMillis() > deadline) {
                return false;
            }
            try {
                Thread.sleep(25);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }

    @Override
    public void purge() {
        try {
            greenMail.purgeEmailFromAllMailboxes();
        } catch (Exception e) {
            throw new IllegalStateException("cannot purge GreenMail", e);
        }
    }

    @Override
    public void close() {
        stop();
    }

    @Override
    public String describe() {
        return "GreenMail SMTP at " + HOST + ":" + port;
    }
}
