-- Operator actions on this service (SPEC O7): who replayed which dead letter, when, and what came of it.
-- Written by common-runtime's ops package (OpsAudit), read at GET /api/v1/ops/audit; rows are never changed.
CREATE TABLE oc_ops_audit (
    id          BIGSERIAL PRIMARY KEY,
    at          TIMESTAMPTZ  NOT NULL,
    operator    VARCHAR(320) NOT NULL,
    action      VARCHAR(64)  NOT NULL,
    target      VARCHAR(600) NOT NULL,
    consumer    VARCHAR(255),
    outcome     VARCHAR(32)  NOT NULL,
    detail      TEXT
);
CREATE INDEX oc_ops_audit_target ON oc_ops_audit (target);
