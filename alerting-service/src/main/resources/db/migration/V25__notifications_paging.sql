-- Keyset paging of a subscription's emails (GET /subscriptions/{id}/notifications, issue 22): oldest first by
-- creation time, then id, so a page reads at most limit + 1 rows of this index instead of the whole history.
CREATE INDEX delivery_by_subscription_page ON delivery (subscription_id, created_at, id);
DROP INDEX delivery_by_subscription;
