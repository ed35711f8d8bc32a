-- The whole workspace in PostgreSQL + PostGIS: imported layers are tables ws_<id> of their own.
CREATE EXTENSION IF NOT EXISTS postgis;
CREATE TABLE zq_meta (
    key text PRIMARY KEY,
    value jsonb NOT NULL
);
CREATE TABLE zq_layers (
    seq bigserial PRIMARY KEY,
    id text NOT NULL UNIQUE,
    spec jsonb NOT NULL,
    removed boolean NOT NULL DEFAULT false
);
CREATE TABLE zq_features (
    layer text NOT NULL,
    fid integer NOT NULL,
    version integer NOT NULL,
    props jsonb NOT NULL,
    geom geometry(Geometry, 4326),
    deleted boolean NOT NULL DEFAULT false,
    updated_by text NOT NULL,
    updated_at timestamptz NOT NULL,
    PRIMARY KEY (layer, fid)
);
CREATE INDEX zq_features_geom ON zq_features USING gist (geom);
CREATE TABLE zq_audit (
    id bigserial PRIMARY KEY,
    at timestamptz NOT NULL,
    actor text NOT NULL,
    action text NOT NULL,
    layer text,
    fid integer,
    key text,
    before jsonb,
    after jsonb
);
CREATE INDEX zq_audit_layer ON zq_audit (layer, fid);
CREATE INDEX zq_audit_at ON zq_audit (at);
-- the trail is append-only: no UPDATE, DELETE or TRUNCATE, whoever asks
CREATE FUNCTION zq_audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the audit trail is append-only';
END $$;
CREATE TRIGGER zq_audit_no_change BEFORE UPDATE OR DELETE ON zq_audit
    FOR EACH ROW EXECUTE FUNCTION zq_audit_append_only();
CREATE TRIGGER zq_audit_no_truncate BEFORE TRUNCATE ON zq_audit
    FOR EACH STATEMENT EXECUTE FUNCTION zq_audit_append_only();
CREATE TABLE zq_accounts (
    name text PRIMARY KEY,
    role text NOT NULL,
    pw_hash text NOT NULL,
    created_at timestamptz NOT NULL
);
CREATE TABLE zq_signins (
    name text NOT NULL,
    ok boolean NOT NULL,
    at timestamptz NOT NULL
);
CREATE INDEX zq_signins_name ON zq_signins (name, at);
CREATE TABLE zq_sessions (
    token_hash text PRIMARY KEY,
    name text NOT NULL,
    expires timestamptz NOT NULL
);
