-- The revocation feed (GET /revocations) that resource servers follow: when each revocation was
-- recorded, by the database's own clock, so that every node's revocations share one clock.
ALTER TABLE revoked_tokens ADD COLUMN revoked_at TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP NOT NULL;
CREATE INDEX revoked_tokens_revoked_at_idx ON revoked_tokens (revoked_at);
