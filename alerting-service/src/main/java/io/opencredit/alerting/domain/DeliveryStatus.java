package io.opencredit.alerting.domain;

/** Where one email (causing event, recipient) stands. */
public enum DeliveryStatus {
    /** Recorded, waiting for the sender (first attempt or a retry after backoff). */
    PENDING,
    /** Claimed by a sender, which is talking to the SMTP server under a lease. */
    SENDING,
    /** Accepted by the SMTP server. */
    SENT,
    /**
     * A sender's lease ran out while it was talking to SMTP (the process died mid-send): the server
     * may or may not have accepted the mail. Not resent automatically (at most once); see the README.
     */
    UNCERTAIN,
    /** The address is malformed or unsafe; never sent. */
    REFUSED
}
