-- Scopekeeper core schema. Portable: runs unchanged on H2 2.x and PostgreSQL.
-- Conventions (see store/jdbc/JdbcStore):
--   * lists of scopes / grant types: space-separated, sorted (RFC 6749 §3.3 scope tokens contain no spaces)
--   * redirect_uris: a JSON array of strings, in registration order
--   * secret_hash: Base64 (standard alphabet, padded) of the SHA-256; NULL for public clients.
--     Text rather than BYTEA/VARBINARY because no binary type has one spelling on both engines.
--   * sort_order columns keep the order of APIs, of scopes within an API, and of implications
--     exactly as declared in the configuration file.
--   * timestamps: TIMESTAMP WITH TIME ZONE, written in UTC with microsecond precision.

CREATE TABLE apis (
    audience    VARCHAR(512)  NOT NULL PRIMARY KEY,
    name        VARCHAR(200),
    sort_order  INTEGER       NOT NULL
);

CREATE TABLE scopes (
    name          VARCHAR(200)  NOT NULL PRIMARY KEY,
    api_audience  VARCHAR(512)  NOT NULL REFERENCES apis (audience) ON DELETE CASCADE,
    description   VARCHAR(2000),
    is_default    BOOLEAN       NOT NULL,
    deprecated    BOOLEAN       NOT NULL,
    replaced_by   VARCHAR(200),
    sort_order    INTEGER       NOT NULL
);
CREATE INDEX scopes_api_idx ON scopes (api_audience, sort_order);

-- implied is not a foreign key: validating the catalog is the scopes module's job, and an
-- implication may name a scope of another API.
CREATE TABLE scope_implications (
    scope       VARCHAR(200)  NOT NULL REFERENCES scopes (name) ON DELETE CASCADE,
    implied     VARCHAR(200)  NOT NULL,
    sort_order  INTEGER       NOT NULL,
    PRIMARY KEY (scope, implied)
);

CREATE TABLE roles (
    name  VARCHAR(200)  NOT NULL PRIMARY KEY
);

CREATE TABLE role_scopes (
    role   VARCHAR(200)  NOT NULL REFERENCES roles (name) ON DELETE CASCADE,
    scope  VARCHAR(200)  NOT NULL,
    PRIMARY KEY (role, scope)
);

CREATE TABLE clients (
    id              VARCHAR(200)  NOT NULL PRIMARY KEY,
    name            VARCHAR(200)  NOT NULL,
    type            VARCHAR(20)   NOT NULL,
    first_party     BOOLEAN       NOT NULL,
    grant_types     VARCHAR(200)  NOT NULL,
    allowed_scopes  VARCHAR       NOT NULL,
    default_scopes  VARCHAR       NOT NULL,
    redirect_uris   VARCHAR       NOT NULL,
    secret_hash     VARCHAR(88),
    created_at      TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE TABLE users (
    username       VARCHAR(200)  NOT NULL PRIMARY KEY,
    password_hash  VARCHAR(512)  NOT NULL,
    created_at     TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- role is not a foreign key: a user may keep a role that the current configuration no longer declares.
CREATE TABLE user_roles (
    username  VARCHAR(200)  NOT NULL REFERENCES users (username) ON DELETE CASCADE,
    role      VARCHAR(200)  NOT NULL,
    PRIMARY KEY (username, role)
);

CREATE TABLE signing_keys (
    kid          VARCHAR(200)  NOT NULL PRIMARY KEY,
    algorithm    VARCHAR(20)   NOT NULL,
    private_jwk  VARCHAR       NOT NULL,
    created_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    retired_at   TIMESTAMP WITH TIME ZONE
);

CREATE TABLE revoked_tokens (
    jti         VARCHAR(200)  NOT NULL PRIMARY KEY,
    client_id   VARCHAR(200)  NOT NULL,
    expires_at  TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX revoked_tokens_expires_idx ON revoked_tokens (expires_at);
