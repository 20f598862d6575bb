-- SPEC R4: a card payment whose credit the ledger rejected (CreditRejected: the subscription was deprovisioned,
-- linked to an Enterprise Agreement, or in another currency by the time the credit arrived) is marked for refund.
-- GET /payments/{reference} shows it: status REFUND_DUE with the reason and since when.
ALTER TABLE payment
    ADD COLUMN status        VARCHAR(16)  NOT NULL DEFAULT 'CREDITED' CHECK (status IN ('CREDITED', 'REFUND_DUE')),
    ADD COLUMN refund_reason VARCHAR(64),
    ADD COLUMN refund_detail VARCHAR(500),
    ADD COLUMN refund_due_at TIMESTAMPTZ,
    ADD CONSTRAINT payment_refund_due CHECK ((status = 'REFUND_DUE') = (refund_reason IS NOT NULL AND refund_due_at IS NOT NULL));
