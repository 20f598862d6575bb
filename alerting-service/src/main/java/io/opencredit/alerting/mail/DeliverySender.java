package io.opencredit.alerting.mail;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.opencredit.alerting.config.AlertingConfig;
import io.opencredit.alerting.domain.Backoff;
import io.opencredit.alerting.domain.MailSafety;
import io.opencredit.alerting.persistence.DeliveryLog;
import io.opencredit.events.EmailAddress;
import io.opencredit.events.EventEnvelope;
import io.opencredit.events.NotificationSent;
import io.opencredit.events.Producers;
import io.opencredit.events.Topics;
import io.opencredit.runtime.clock.SuiteClock;
import io.opencredit.runtime.outbox.Outbox;
import io.opencredit.runtime.supervision.Loop;
import io.opencredit.runtime.supervision.SupervisedLoop;
import io.opencredit.runtime.supervision.Supervisor;
import io.opencredit.runtime.util.Sleep;
import io.opencredit.runtime.util.Wakeup;
import io.quarkus.mailer.Mail;
import io.quarkus.mailer.Mailer;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import io.vertx.ext.mail.SMTPException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Works the delivery log: claims due deliveries (SENDING, under a lease, committed), sends each
 * with the blocking Mailer outside any transaction, then at once marks it SENT and appends
 * {@code NotificationSent} to the outbox in one short transaction; a failure puts it back to
 * PENDING with exponential backoff. See the README for the at-most-once window. Runs as the supervised loop
 * {@code mail-sender} (SPEC O4): a failed round ends its life, counted, and the supervisor starts it again. An idle
 * sender waits to be woken by the commit that recorded new deliveries ({@link #wake}, issue 20); its poll only finds
 * what falls due later (retries after a backoff, held alerts released).
 */
@ApplicationScoped
public class DeliverySender {

    private static final Logger LOG = Logger.getLogger(DeliverySender.class);
    private static final int MAX_ROUNDS_PER_TICK = 50;
    private static final int MARK_ATTEMPTS = 20;

    private final DeliveryLog log;
    private final Mailer mailer;
    private final Outbox outbox;
    private final SuiteClock clock;
    private final AlertingConfig.Sender config;
    private final Backoff backoff;
    private final Counter sent;
    private final Counter failed;
    private final Counter uncertain;
    private final Supervisor supervisor;
    private final Duration every;
    private final Duration startDelay;
    private final Wakeup wakeup = new Wakeup();

    public DeliverySender(DeliveryLog log, Mailer mailer, Outbox outbox, SuiteClock clock, AlertingConfig config,
                          MeterRegistry registry, Supervisor supervisor,
                          @ConfigProperty(name = "opencredit.alerting.sender.poll", defaultValue = "1s") Duration every,
                          @ConfigProperty(name = "opencredit.alerting.sender.start-delay", defaultValue = "2s") Duration startDelay) {
        this.supervisor = supervisor;
        this.every = every;
        this.startDelay = startDelay;
        this.log = log;
        this.mailer = mailer;
        this.outbox = outbox;
        this.clock = clock;
        this.config = config.sender();
        this.backoff = new Backoff(this.config.initialBackoff(), this.config.maxBackoff());
        this.sent = Counter.builder("opencredit.alerting.emails.sent").register(registry);
        this.failed = Counter.builder("opencredit.alerting.emails.failed-attempts").register(registry);
        this.uncertain = Counter.builder("opencredit.alerting.emails.uncertain").register(registry);
    }

    void onStart(@Observes StartupEvent event) {
        if (!config.enabled()) {
            return;
        }
        // a round lasts at most its batches of SMTP exchanges, each bounded well inside the lease
        supervisor.start("mail-sender", supervisor.config().periodicRunAllowance(), SupervisedLoop.waking(this::run, wakeup::signal));
    }

    /** Deliveries were recorded and committed: an idle sender looks now. */
    public void wake() {
        wakeup.signal();
    }

    private void run(Loop loop) {
        loop.pause(startDelay);
        while (loop.running()) {
            loop.beat();
            long seen = wakeup.generation();
            if (workOnce() == 0 && loop.running()) {
                wakeup.await(seen, every);
            }
        }
    }

    /** One pass over what is due now; returns how many emails were accepted by the SMTP server. */
    public int workOnce() {
        int expired = QuarkusTransaction.requiringNew().call(() -> log.expireLeases(config.resendUncertain()));
        if (expired > 0) {
            uncertain.increment(expired);
            LOG.warnf("%d deliveries were found mid-send after their sender's lease ran out; %s", expired,
                    config.resendUncertain() ? "resending them with the same Message-ID" : "marked UNCERTAIN, not resent");
        }
        int accepted = 0;
        for (int round = 0; round < MAX_ROUNDS_PER_TICK; round++) {
            List<DeliveryLog.Claimed> claimed = QuarkusTransaction.requiringNew()
                    .call(() -> log.claimDue(config.batchSize(), config.lease()));
            if (claimed.isEmpty()) {
                break;
            }
            for (int i = 0; i < claimed.size(); i++) {
                DeliveryLog.Claimed delivery = claimed.get(i);
                Outcome outcome = send(delivery);
                if (outcome == Outcome.ACCEPTED) {
                    accepted++;
                } else if (outcome == Outcome.UNREACHABLE) {
                    // the server is down or hangs: the rest of the batch would only wait for the same
                    // timeout (and outlive its lease); put it back untried and end this round
                    List<UUID> rest = claimed.subList(i + 1, claimed.size()).stream().map(DeliveryLog.Claimed::id).toList();
                    Duration pause = backoff.after(delivery.attempts());
                    QuarkusTransaction.requiringNew().run(() -> log.releaseUntried(rest, pause));
                    return accepted;
                }
            }
        }
        return accepted;
    }

    private enum Outcome { ACCEPTED, REFUSED_BY_SERVER, UNREACHABLE }

    private Outcome send(DeliveryLog.Claimed delivery) {
        try {
            mailer.send(toMail(delivery));
        } catch (RuntimeException e) {
            Duration pause = backoff.after(delivery.attempts());
            failed.increment();
            LOG.warnf("email %s (%s) to %s failed on attempt %d, next in %s: %s", delivery.id(), delivery.type(),
                    delivery.recipient(), delivery.attempts(), pause, e.toString());
            QuarkusTransaction.requiringNew().run(() -> log.markFailed(delivery.id(), e.toString(), pause));
            return answeredBySmtpServer(e) ? Outcome.REFUSED_BY_SERVER : Outcome.UNREACHABLE;
        }
        markSent(delivery);
        return Outcome.ACCEPTED;
    }

    private static boolean answeredBySmtpServer(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof SMTPException) {
                return true;
            }
        }
        return false;
    }

    /** The SMTP server accepted the mail: record it now, retrying while the database is unavailable. */
    private void markSent(DeliveryLog.Claimed delivery) {
        Instant sentAt = clock.now();
        for (int attempt = 1; ; attempt++) {
            try {
                QuarkusTransaction.requiringNew().run(() -> {
                    if (log.markSent(delivery.id(), sentAt)) {
                        outbox.append(Topics.ALERTING_EVENTS, EventEnvelope.of(delivery.subscriptionId(),
                                new NotificationSent(delivery.id(), delivery.type(), List.of(delivery.recipientAsPublished()),
                                        delivery.subjectAsPublished(), delivery.language(), sentAt),
                                Producers.ALERTING, delivery.eventId(), sentAt));
                    }
                });
                sent.increment();
                return;
            } catch (RuntimeException e) {
                if (attempt >= MARK_ATTEMPTS) {
                    LOG.errorf(e, "email %s was accepted by SMTP but cannot be marked SENT; it stays SENDING and will "
                            + "become UNCERTAIN, never resent by default", delivery.id());
                    return;
                }
                Sleep.quietly(Duration.ofMillis(Math.min(5000, 100L * attempt * attempt)));
            }
        }
    }

    static Mail toMail(DeliveryLog.Claimed delivery) {
        String to = EmailAddress.normalise(delivery.recipient())
                .orElseThrow(() -> new IllegalStateException("unsafe recipient " + MailSafety.visible(delivery.recipient())));
        Mail mail = Mail.withText(to, MailSafety.headerText(delivery.subject(), 250), delivery.bodyText());
        mail.setHtml(delivery.bodyHtml());
        mail.addHeader("Message-ID", delivery.messageId());
        mail.addHeader("X-OpenCredit-Event-Id", delivery.eventId().toString());
        mail.addHeader("Content-Language", delivery.language());
        return mail;
    }

}
