-- Users in the loop: authorization codes, refresh tokens, user access tokens, consents, sessions.
-- Same conventions as V1 (portable SQL, UTC timestamps, sorted space-separated scopes, JSON arrays).
--   * *_hash columns: base64url SHA-256 of a secret the browser or client holds (43 characters);
--     the secret itself is never stored.
--   * Codes, refresh tokens, consents and sessions cascade from their user and client: a user or
--     client created later under the same name must not inherit them.
--   * user_access_tokens has no foreign keys: it only serves revocation and is purged at expiry.

ALTER TABLE clients ADD COLUMN require_consent BOOLEAN DEFAULT FALSE NOT NULL;

-- RFC 6749 §4.1.2: single use. used_at is set once, by a conditional UPDATE; the access_token_* and
-- refresh_family_id columns record what the redemption issued, so that a replay can revoke it.
CREATE TABLE authorization_codes (
    code_hash                VARCHAR(128)  NOT NULL PRIMARY KEY,
    client_id                VARCHAR(200)  NOT NULL REFERENCES clients (id) ON DELETE CASCADE,
    username                 VARCHAR(200)  NOT NULL REFERENCES users (username) ON DELETE CASCADE,
    redirect_uri             VARCHAR       NOT NULL,
    scope                    VARCHAR       NOT NULL,
    audiences                VARCHAR       NOT NULL,
    code_challenge           VARCHAR(128)  NOT NULL,
    nonce                    VARCHAR,
    auth_time                TIMESTAMP WITH TIME ZONE NOT NULL,
    issued_at                TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at               TIMESTAMP WITH TIME ZONE NOT NULL,
    used_at                  TIMESTAMP WITH TIME ZONE,
    replayed_at              TIMESTAMP WITH TIME ZONE,
    access_token_jti         VARCHAR(200),
    access_token_expires_at  TIMESTAMP WITH TIME ZONE,
    refresh_family_id        VARCHAR(200)
);
CREATE INDEX authorization_codes_expires_idx ON authorization_codes (expires_at);

-- RFC 9700 §4.14.2: rotation families. rotated_at is set once, by a conditional UPDATE.
CREATE TABLE refresh_tokens (
    token_hash  VARCHAR(128)  NOT NULL PRIMARY KEY,
    family_id   VARCHAR(200)  NOT NULL,
    client_id   VARCHAR(200)  NOT NULL REFERENCES clients (id) ON DELETE CASCADE,
    username    VARCHAR(200)  NOT NULL REFERENCES users (username) ON DELETE CASCADE,
    scope       VARCHAR       NOT NULL,
    audiences   VARCHAR       NOT NULL,
    auth_time   TIMESTAMP WITH TIME ZONE NOT NULL,
    issued_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    rotated_at  TIMESTAMP WITH TIME ZONE,
    revoked_at  TIMESTAMP WITH TIME ZONE
);
CREATE INDEX refresh_tokens_family_idx ON refresh_tokens (family_id);
CREATE INDEX refresh_tokens_user_client_idx ON refresh_tokens (username, client_id);
CREATE INDEX refresh_tokens_expires_idx ON refresh_tokens (expires_at);

CREATE TABLE user_access_tokens (
    jti         VARCHAR(200)  NOT NULL PRIMARY KEY,
    username    VARCHAR(200)  NOT NULL,
    client_id   VARCHAR(200)  NOT NULL,
    scope       VARCHAR       NOT NULL,
    family_id   VARCHAR(200),
    expires_at  TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX user_access_tokens_user_client_idx ON user_access_tokens (username, client_id);
CREATE INDEX user_access_tokens_family_idx ON user_access_tokens (family_id);
CREATE INDEX user_access_tokens_expires_idx ON user_access_tokens (expires_at);

-- One row per granted scope, so that each scope keeps its first grant time. The primary key
-- serves the lookups by (username, client_id) and by username.
CREATE TABLE consents (
    username    VARCHAR(200)  NOT NULL REFERENCES users (username) ON DELETE CASCADE,
    client_id   VARCHAR(200)  NOT NULL REFERENCES clients (id) ON DELETE CASCADE,
    scope       VARCHAR(200)  NOT NULL,
    granted_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (username, client_id, scope)
);

CREATE TABLE sessions (
    id_hash     VARCHAR(128)  NOT NULL PRIMARY KEY,
    username    VARCHAR(200)  NOT NULL REFERENCES users (username) ON DELETE CASCADE,
    auth_time   TIMESTAMP WITH TIME ZONE NOT NULL,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    csrf_token  VARCHAR(200)  NOT NULL
);
CREATE INDEX sessions_username_idx ON sessions (username);
CREATE INDEX sessions_expires_idx ON sessions (expires_at);
