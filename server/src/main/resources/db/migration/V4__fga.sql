-- The relationship-based authorization engine (fga module): relationship tuples and model versions.
-- Same conventions as V1 (portable SQL, UTC timestamps). Type and relation names have at most 64
-- characters, object ids and model ids at most 256 (fga Identifiers).
--   * Order: the stores return tuples and models in Java String order (UTF-16 code units), which
--     H2 uses for every string comparison already. On PostgreSQL the binary_collation placeholder is
--     COLLATE "C" (byte order), so that no database locale sorts "a" before "B" or "é" before "z";
--     on H2 it is empty (see store/jdbc/Migrations).
--   * subject_relation is '' for a concrete subject or a wildcard (subject_id '*'), never NULL, so
--     that the primary key covers the whole tuple; '' sorts first, as a missing relation does in Java.

-- The primary key serves exists, read and page, whose order it is. The subject index serves
-- list-objects' reverse lookup, whose rows it returns in object id order.
CREATE TABLE fga_tuples (
    object_type       VARCHAR(64)   ${binary_collation} NOT NULL,
    object_id         VARCHAR(256)  ${binary_collation} NOT NULL,
    relation          VARCHAR(64)   ${binary_collation} NOT NULL,
    subject_type      VARCHAR(64)   ${binary_collation} NOT NULL,
    subject_id        VARCHAR(256)  ${binary_collation} NOT NULL,
    subject_relation  VARCHAR(64)   ${binary_collation} NOT NULL,
    PRIMARY KEY (object_type, object_id, relation, subject_type, subject_id, subject_relation)
);
CREATE INDEX fga_tuples_subject_idx
    ON fga_tuples (object_type, relation, subject_type, subject_id, subject_relation, object_id);

-- Immutable once written; the newest version has the greatest id. dsl is the model's source text.
CREATE TABLE fga_models (
    id          VARCHAR(256)  ${binary_collation} NOT NULL PRIMARY KEY,
    dsl         VARCHAR       NOT NULL,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL
);
