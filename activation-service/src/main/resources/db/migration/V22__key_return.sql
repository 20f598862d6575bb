-- SPEC R4: a key whose credit the ledger rejected (CreditRejected: the subscription was deprovisioned, linked to an
-- Enterprise Agreement, or in another currency by the time the credit arrived) goes back to ISSUED, so it can be
-- activated again. Its activation row is deleted (key_activation keeps one activation per key, K4) and kept here,
-- one row per rejected token, with why and when: GET /keys/{code} shows the latest as "returned".
CREATE TABLE key_return (
    token_id            UUID          PRIMARY KEY,
    key_code            CHAR(25)      NOT NULL REFERENCES osa_key (code),
    subscription_id     UUID          NOT NULL,
    amount              NUMERIC(24,6) NOT NULL CHECK (amount > 0),
    currency            CHAR(3)       NOT NULL,
    activated_at        TIMESTAMPTZ   NOT NULL,
    activated_by        VARCHAR(254)  NOT NULL,
    reason              VARCHAR(64)   NOT NULL,
    detail              VARCHAR(500),
    returned_at         TIMESTAMPTZ   NOT NULL
);
CREATE INDEX key_return_key_code ON key_return (key_code, returned_at DESC);
