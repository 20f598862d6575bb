-- Retention (common-runtime ProcessedEventPurge): processed-event ids older than opencredit.retention.processed-events
-- (30 days) are deleted every hour. processed_at follows insertion order, so a BRIN index (one summary per range of
-- pages, as the gateway's usage_intake uses since its V2) finds the old pages for the purge at almost no cost per insert.
CREATE INDEX oc_processed_event_processed_at ON oc_processed_event USING brin (processed_at);
