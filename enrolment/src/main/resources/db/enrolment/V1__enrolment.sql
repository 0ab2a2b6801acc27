-- Classes and people as data (issue H, docs/adr/0021): one row per class with its opening
-- application (plan and every step, as JSON), one row per trainee of its roster. Written only by
-- PostgresEnrolmentStore, which replaces a class's rows whole in one transaction. Migrations of
-- this store live in db/enrolment (history: enrolment_schema_history), apart from the trace
-- store's db/migration.

CREATE TABLE enrolment_class (
    class_id     text        PRIMARY KEY,
    institution  text        NOT NULL,
    region       text        NOT NULL,
    state        text        NOT NULL,
    -- The OpeningApplication as JSON text (plan, state, steps); the columns above repeat it for queries.
    application  text        NOT NULL,
    updated_at   timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX enrolment_class_by_region ON enrolment_class (region);

CREATE TABLE enrolment_trainee (
    class_id   text    NOT NULL REFERENCES enrolment_class (class_id) ON DELETE CASCADE,
    position   integer NOT NULL CHECK (position >= 0),
    id_number  text    NOT NULL,
    name       text    NOT NULL,
    -- The RosterEntry as JSON text (line, name, identity number, phone, gender, direction).
    entry      text    NOT NULL,
    PRIMARY KEY (class_id, position),
    UNIQUE (class_id, id_number)
);
