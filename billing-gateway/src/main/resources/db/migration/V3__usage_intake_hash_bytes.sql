-- The content hash (SHA-256, T5) was kept as 64 hex characters: every accepted record carried 65
-- bytes for 32 bytes of information, built in Java as text and sent to PostgreSQL as text. As bytea
-- it is half the size in the row and on the wire, and binds as a binary array. The values are the
-- same hashes (decode of their hex), so entries logged before this migration still match repeats.
ALTER TABLE usage_intake ALTER COLUMN content_hash TYPE BYTEA USING decode(content_hash, 'hex');
