package io.opencredit.local;

import com.icegreen.greenmail.util.GreenMail;
import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/** Prints every email the local SMTP server accepts and keeps it as an .eml file. */
public final class MailCapture {

    /**
     * One accepted email as the SMTP server saw it: its recipients, subject, {@code Message-ID} and
     * {@code X-OpenCredit-Event-Id} header (null when absent).
     */
    public record Mail(List<String> recipients, String subject, String messageId, String eventId) {
    }

    private final GreenMail smtp;
    private final Path directory;
    private final Console console;
    private volatile boolean running;
    private Thread thread;

    MailCapture(GreenMail smtp, Path directory, Console console) {
        this.smtp = smtp;
        this.directory = directory;
        this.console = console;
    }

    void start() {
        running = true;
        thread = new Thread(this::watch, "mail-capture");
        thread.setDaemon(true);
        thread.start();
    }

    void stop() {
        running = false;
        if (thread != null) {
            thread.interrupt();
        }
    }

    private void watch() {
        int seen = 0;
        while (running) {
            MimeMessage[] received = smtp.getReceivedMessages();
            for (int i = seen; i < received.length; i++) {
                keep(received[i]);
            }
            seen = received.length;
            try {
                Thread.sleep(300);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Every email accepted so far, read from the server itself (not from what was printed). */
    List<Mail> received() {
        List<Mail> mails = new ArrayList<>();
        for (MimeMessage message : smtp.getReceivedMessages()) {
            try {
                List<String> to = message.getAllRecipients() == null ? List.of()
                        : Arrays.stream(message.getAllRecipients()).map(Address::toString).toList();
                mails.add(new Mail(to, message.getSubject(), message.getMessageID(), message.getHeader("X-OpenCredit-Event-Id", null)));
            } catch (MessagingException e) {
                throw new IllegalStateException("cannot read a received email", e);
            }
        }
        return mails;
    }

    private void keep(MimeMessage message) {
        try {
            String to = Arrays.stream(message.getAllRecipients()).map(Address::toString).collect(Collectors.joining(", "));
            console.mail(to, message.getSubject());
            Path file = directory.resolve(Instant.now().toString().replace(':', '-') + "-" + Math.abs(message.getMessageID().hashCode()) + ".eml");
            try (OutputStream out = Files.newOutputStream(file)) {
                message.writeTo(out);
            }
        } catch (MessagingException | IOException e) {
            console.warn("could not keep a received email: " + e.getMessage());
        }
    }
}
