package io.opencredit.billing.domain;

import io.opencredit.billing.persistence.PaymentEntity;
import io.opencredit.events.CreditRejected;
import io.opencredit.events.CreditSource;
import java.time.Instant;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * SPEC R4: a card payment whose credit the ledger rejected is marked {@code REFUND_DUE}, with the reason, and shown so
 * by {@code GET /payments/{reference}}; the refund itself is made by the payment provider's process, outside the suite.
 * Idempotent: only the payment that made this very token is marked, once.
 */
public final class PaymentRefunds {

    private static final Logger LOG = Logger.getLogger(PaymentRefunds.class);
    private static final int DETAIL_LENGTH = 500;

    private PaymentRefunds() {
    }

    /** Marks the payment of a rejected card credit for refund; runs in the consumer batch's transaction. */
    public static void onCreditRejected(UUID subscriptionId, CreditRejected rejected, Instant at) {
        if (rejected.source() != CreditSource.CREDIT_CARD) {
            return; // a key: the activation service returns it
        }
        PaymentEntity.lockReference(rejected.reference());
        PaymentEntity payment = PaymentEntity.findById(rejected.reference());
        if (payment == null || !payment.tokenId.equals(rejected.tokenId()) || !payment.subscriptionId.equals(subscriptionId)) {
            LOG.warnf("CreditRejected of token %s names no payment of this gateway: %s", rejected.tokenId(), rejected.reference());
            return;
        }
        if (PaymentEntity.REFUND_DUE.equals(payment.status)) {
            return; // marked before
        }
        payment.status = PaymentEntity.REFUND_DUE;
        payment.refundReason = rejected.reason();
        String detail = rejected.detail();
        payment.refundDetail = detail == null || detail.length() <= DETAIL_LENGTH ? detail : detail.substring(0, DETAIL_LENGTH);
        payment.refundDueAt = at;
        LOG.infof("payment %s of %s is due for refund: the ledger rejected its credit (%s)", payment.paymentReference,
                subscriptionId, rejected.reason());
    }
}
