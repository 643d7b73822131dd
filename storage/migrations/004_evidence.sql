-- 004: evidence packs. The chain of custody (every export, verification, hold, release and
-- purge: who, when, what, the pack's hash) and legal holds (items that purges must keep).
-- custody_events is append-only: nothing in gpwatch updates or deletes its rows.

CREATE SEQUENCE custody_event_seq START 1;

CREATE TABLE custody_events (
    event_id     BIGINT PRIMARY KEY DEFAULT nextval('custody_event_seq'),
    event_at     TIMESTAMPTZ NOT NULL,  -- when (UTC)
    who          VARCHAR NOT NULL,      -- the person (OS user, or --by)
    action       VARCHAR NOT NULL,      -- export | verify | hold | release | purge
    what         VARCHAR NOT NULL,      -- "alert 12", "author @name on x", "practice X99001 ..."
    pack_path    VARCHAR,               -- the ZIP written or checked
    pack_sha256  VARCHAR,               -- SHA-256 of the pack's manifest.json (the detached hash)
    items        INTEGER,               -- items exported / held / deleted
    outcome      VARCHAR NOT NULL,      -- ok | intact | not intact | dry run
    detail       JSON                   -- counts, problems found, reasons
);

CREATE SEQUENCE legal_hold_seq START 1;

-- One row per item put on hold. A hold is active while released_at is NULL; releasing keeps
-- the row so the history of who held and released what stays visible.
CREATE TABLE legal_holds (
    hold_id         BIGINT PRIMARY KEY DEFAULT nextval('legal_hold_seq'),
    source          VARCHAR NOT NULL,
    external_id     VARCHAR NOT NULL,
    alert_id        BIGINT,             -- the alert the hold was placed through, if any
    held_by         VARCHAR NOT NULL,
    held_at         TIMESTAMPTZ NOT NULL,
    reason          VARCHAR NOT NULL,   -- e.g. "exported in pack <hash>" or the person's words
    pack_sha256     VARCHAR,            -- the pack that caused it, for holds made by an export
    released_by     VARCHAR,
    released_at     TIMESTAMPTZ,
    release_reason  VARCHAR
);

-- Items on hold now, one row per item, with every active reason.
CREATE VIEW v_legal_holds AS
SELECT
    h.source,
    h.external_id,
    list(DISTINCT h.alert_id) FILTER (WHERE h.alert_id IS NOT NULL) AS alert_ids,
    list(h.reason ORDER BY h.held_at) AS reasons,
    min(h.held_at) AS held_since,
    arg_min(h.held_by, h.held_at) AS first_held_by
FROM legal_holds h
WHERE h.released_at IS NULL
GROUP BY h.source, h.external_id;
