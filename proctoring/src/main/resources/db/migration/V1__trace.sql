-- Learning traces: one append-only log per class, and the class's signed checkpoints.
-- See docs/adr/0007-trace-storage.md. Written only by PostgresTraceStore.

-- The next index of each class that has a log; locked FOR UPDATE while a batch is appended, which
-- serialises index assignment per class across threads and servers.
CREATE TABLE trace_class (
    classroom_id text   PRIMARY KEY,
    next_idx     bigint NOT NULL CHECK (next_idx >= 0)
);

CREATE TABLE trace_event (
    classroom_id text        NOT NULL REFERENCES trace_class (classroom_id),
    idx          bigint      NOT NULL CHECK (idx >= 0),
    event_id     text        NOT NULL,
    user_id      text        NOT NULL,
    session_id   text,
    kind         text        NOT NULL,
    recorded_at  timestamptz NOT NULL,
    client_time  timestamptz,
    -- The event's details as a JSON object sorted by key (strings, whole numbers, booleans). Text,
    -- not jsonb: jsonb refuses \u0000 in strings, and a trainee's text must never make a batch fail.
    data         text        NOT NULL,
    PRIMARY KEY (classroom_id, idx),
    UNIQUE (classroom_id, event_id)
);

CREATE INDEX trace_event_by_user ON trace_event (classroom_id, user_id, recorded_at);
CREATE INDEX trace_event_by_time ON trace_event (classroom_id, recorded_at);

CREATE TABLE trace_checkpoint (
    id           bigserial PRIMARY KEY,
    classroom_id text   NOT NULL,
    tree_size    bigint NOT NULL CHECK (tree_size >= 0),
    root_hash    text   NOT NULL,
    -- ISO-8601 instant exactly as signed (nanoseconds kept; timestamptz would round them).
    issued_at    text   NOT NULL,
    key_id       text   NOT NULL,
    signature    text   NOT NULL
);

CREATE INDEX trace_checkpoint_by_class ON trace_checkpoint (classroom_id, tree_size, id);

-- A regulator's record is never altered: events and checkpoints can only be inserted.
CREATE FUNCTION trace_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'trace records are append-only (% on %)', TG_OP, TG_TABLE_NAME;
END
$$;

CREATE TRIGGER trace_event_append_only BEFORE UPDATE OR DELETE ON trace_event
    FOR EACH ROW EXECUTE FUNCTION trace_refuse_change();
CREATE TRIGGER trace_event_no_truncate BEFORE TRUNCATE ON trace_event
    FOR EACH STATEMENT EXECUTE FUNCTION trace_refuse_change();
CREATE TRIGGER trace_checkpoint_append_only BEFORE UPDATE OR DELETE ON trace_checkpoint
    FOR EACH ROW EXECUTE FUNCTION trace_refuse_change();
CREATE TRIGGER trace_checkpoint_no_truncate BEFORE TRUNCATE ON trace_checkpoint
    FOR EACH STATEMENT EXECUTE FUNCTION trace_refuse_change();
