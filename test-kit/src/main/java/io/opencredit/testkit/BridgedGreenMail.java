package io.opencredit.testkit;

import com.icegreen.greenmail.Managers;
import com.icegreen.greenmail.base.GreenMailOperations;
import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.imap.ImapServer;
import com.icegreen.greenmail.pop3.Pop3Server;
import com.icegreen.greenmail.smtp.SmtpServer;
import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.user.UserManager;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Properties;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * What {@link RealInfrastructure#greenMail()} returns when the GreenMail server runs in another class
 * loader than the caller's (always, inside a {@code @QuarkusTest}): a never-started GreenMail of the
 * caller's class loader whose mailbox and lifecycle methods act on the real server.
 * <p>
 * Bridged: {@link #getReceivedMessages()}, {@link #getReceivedMessagesForDomain(String)},
 * {@link #waitForIncomingEmail(long, int)}, {@link #waitForIncomingEmail(int)},
 * {@link #purgeEmailFromAllMailboxes()}, {@link #start()}, {@link #stop()}, {@link #reset()},
 * {@link #isRunning()}. The rest (users, managers, server objects, configuration) throw
 * {@link UnsupportedOperationException}.
 */
final class BridgedGreenMail extends GreenMail {

    BridgedGreenMail(String host, int port) {
        super(new ServerSetup(port, host, ServerSetup.PROTOCOL_SMTP));
    }

    @Override
    public MimeMessage[] getReceivedMessages() {
        return RealInfrastructure.receivedMessages().toArray(MimeMessage[]::new);
    }

    @Override
    public MimeMessage[] getReceivedMessagesForDomain(String domain) {
        String wanted = domain.toLowerCase(Locale.ROOT);
        return RealInfrastructure.receivedMessages().stream().filter(message -> {
            try {
                Address[] recipients = message.getAllRecipients();
                if (recipients == null) {
                    return false;
                }
                for (Address recipient : recipients) {
                    if (recipient.toString().toLowerCase(Locale.ROOT).contains(wanted)) {
                        return true;
                    }
                }
                return false;
            } catch (MessagingException e) {
                throw new IllegalStateException(e);
            }
        }).toArray(MimeMessage[]::new);
    }

    /** Waits until the server holds at least {@code emailCount} messages (not: that many new ones). */
    @Override
    public boolean waitForIncomingEmail(long timeout, int emailCount) {
        try {
            RealInfrastructure.awaitMessages(emailCount, Duration.ofMillis(timeout));
            return true;
        } catch (AssertionError notYet) {
            return false;
        }
    }

    @Override
    public boolean waitForIncomingEmail(int emailCount) {
        return waitForIncomingEmail(5000L, emailCount);
    }

    @Override
    public void purgeEmailFromAllMailboxes() {
        RealInfrastructure.purgeMessages();
    }

    @Override
    public synchronized void start() {
        RealInfrastructure.startSmtp();
    }

    @Override
    public synchronized void stop() {
        RealInfrastructure.stopSmtp();
    }

    @Override
    public void reset() {
        stop();
        start();
    }

    @Override
    public boolean isRunning() {
        return RealInfrastructure.smtpRunning();
    }

    // ------------------------------------------------------------------------ not bridged

    private static UnsupportedOperationException unsupported() {
        return new UnsupportedOperationException("GreenMail runs in another class loader; only the mailbox "
                + "methods (getReceivedMessages, waitForIncomingEmail, purgeEmailFromAllMailboxes) and "
                + "start/stop are available here");
    }

    @Override
    public synchronized Managers getManagers() {
        throw unsupported();
    }

    @Override
    public UserManager getUserManager() {
        throw unsupported();
    }

    @Override
    public SmtpServer getSmtp() {
        throw unsupported();
    }

    @Override
    public SmtpServer getSmtps() {
        throw unsupported();
    }

    @Override
    public ImapServer getImap() {
        throw unsupported();
    }

    @Override
    public ImapServer getImaps() {
        throw unsupported();
    }

    @Override
    public Pop3Server getPop3() {
        throw unsupported();
    }

    @Override
    public Pop3Server getPop3s() {
        throw unsupported();
    }

    @Override
    public Stream<MimeMessage> findReceivedMessages(Predicate<GreenMailUser> userPredicate,
                                                    Predicate<MimeMessage> messagePredicate) {
        throw unsupported();
    }

    @Override
    public GreenMailUser setUser(String login, String password) {
        throw unsupported();
    }

    @Override
    public GreenMailUser setUser(String email, String login, String password) {
        throw unsupported();
    }

    @Override
    public void setUsers(Properties users) {
        throw unsupported();
    }

    @Override
    public void setQuotaSupported(boolean isEnabled) {
        throw unsupported();
    }

    @Override
    public GreenMail withConfiguration(GreenMailConfiguration config) {
        throw unsupported();
    }

    @Override
    public GreenMailOperations loadEmails(Path path) {
        throw unsupported();
    }
}
