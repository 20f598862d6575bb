-- The usage_time index serves only the hourly purge of old intake entries, yet every accepted
-- record paid for a b-tree insert into it. Usage times follow arrival order closely (at most the
-- lateness window apart), so a BRIN index (one summary per range of pages) finds the old pages for
-- the purge just as well, at a fraction of the write cost and size.
DROP INDEX usage_intake_usage_time;
CREATE INDEX usage_intake_usage_time ON usage_intake USING brin (usage_time);
