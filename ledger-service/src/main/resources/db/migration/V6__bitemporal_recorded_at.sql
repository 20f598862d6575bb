-- F2 (bitemporal balances): every ledger entry has an effective time and a recorded time.
-- recorded_at is now when the ledger applied the commit on the suite clock (SPEC C2: the clock an operator may
-- advance), written by the ledger with each commit (the time its writer folded at), no longer the database's own
-- wall-clock now(). The commits stored so far take the later of the two times they hold: the database time they
-- were written at and the latest fact time in them (last_at, which is the writer's suite-clock time whenever the
-- commit folded an input). Neither is ever later than the true suite-clock time of the commit, so a balance
-- "known at P" never includes an old commit the ledger had not applied by P, and nothing was applied after now.
-- The effective time of each fact lives in the commit's JSON (CommitCodec "effectiveAt"); the facts stored before
-- this have none and are read by the rule EffectiveTime.standalone: a usage at its usage time, a credit at its
-- activation time, every other fact at the time the ledger gave it (the LZ4 commits are not rewritten).
UPDATE ledger_commit SET recorded_at = GREATEST(recorded_at, last_at);
ALTER TABLE ledger_commit ALTER COLUMN recorded_at DROP DEFAULT;
