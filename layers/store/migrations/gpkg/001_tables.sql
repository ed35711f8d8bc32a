-- The store's own tables beside the GeoPackage's layers (ws_<id>) and documents (zq_meta).
CREATE TABLE IF NOT EXISTS zq_layers (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    spec TEXT NOT NULL,
    removed INTEGER NOT NULL DEFAULT 0
);
-- layers registered by earlier versions as layer_spec:<id> documents keep working
INSERT INTO zq_layers (id, spec)
    SELECT substr(key, 12), value FROM zq_meta WHERE key LIKE 'layer_spec:%' ORDER BY key;
DELETE FROM zq_meta WHERE key LIKE 'layer_spec:%';
CREATE TABLE zq_features (
    layer TEXT NOT NULL,
    fid INTEGER NOT NULL,
    version INTEGER NOT NULL,
    props TEXT NOT NULL,
    geom BLOB,
    deleted INTEGER NOT NULL DEFAULT 0,
    updated_by TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (layer, fid)
);
CREATE TABLE zq_audit (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    layer TEXT,
    fid INTEGER,
    key TEXT,
    before TEXT,
    after TEXT
);
CREATE INDEX zq_audit_layer ON zq_audit (layer, fid);
CREATE INDEX zq_audit_at ON zq_audit (at);
-- the trail is append-only
CREATE TRIGGER zq_audit_no_update BEFORE UPDATE ON zq_audit
    BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
CREATE TRIGGER zq_audit_no_delete BEFORE DELETE ON zq_audit
    BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
CREATE TABLE zq_accounts (
    name TEXT PRIMARY KEY,
    role TEXT NOT NULL,
    pw_hash TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE TABLE zq_signins (
    name TEXT NOT NULL,
    ok INTEGER NOT NULL,
    at TEXT NOT NULL
);
CREATE INDEX zq_signins_name ON zq_signins (name, at);
CREATE TABLE zq_sessions (
    token_hash TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    expires TEXT NOT NULL
);
