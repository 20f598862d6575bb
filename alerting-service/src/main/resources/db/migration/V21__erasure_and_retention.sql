-- S3: when the ledger deprovisioned a subscription (its data deleted). Set by the erasure; afterwards the directory
-- holds pseudonyms, nothing new is recorded for it, and the deprovisioning email's deliveries lose their address
-- as soon as they are finished (SubscriptionErasure, ErasureSweeper). erasure_done_at: nothing of it is left to erase.
ALTER TABLE alert_subscription ADD COLUMN deprovisioned_at TIMESTAMPTZ;
ALTER TABLE alert_subscription ADD COLUMN erasure_done_at TIMESTAMPTZ;
CREATE INDEX alert_subscription_erasure_pending ON alert_subscription (subscription_id)
    WHERE deprovisioned_at IS NOT NULL AND erasure_done_at IS NULL;

-- Retention: finished deliveries older than the delivery log's horizon (opencredit.retention.delivery-log) are purged
-- with their emails (DeliveryLogPurge).
CREATE INDEX delivery_created ON delivery (created_at);

-- Retention (common-runtime ProcessedEventPurge): processed-event ids older than opencredit.retention.processed-events
-- (30 days) are deleted every hour. processed_at follows insertion order, so a BRIN index (one summary per range of
-- pages, as the gateway's usage_intake uses) finds the old pages for the purge at almost no cost per insert.
CREATE INDEX oc_processed_event_processed_at ON oc_processed_event USING brin (processed_at);
