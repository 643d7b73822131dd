-- 001: the core tables. Raw items are the evidence: never updated, never deleted except by purge.

CREATE TABLE payloads (
    sha256       VARCHAR PRIMARY KEY,   -- hex SHA-256 of data
    content_type VARCHAR,
    url          VARCHAR,               -- where these bytes were fetched from
    fetched_at   TIMESTAMPTZ NOT NULL,
    size_bytes   BIGINT NOT NULL,
    data         BLOB NOT NULL          -- exactly as fetched
);

CREATE TABLE raw_items (
    source          VARCHAR NOT NULL,   -- rss | nhs_reviews | reddit | x | bluesky
    external_id     VARCHAR NOT NULL,   -- the platform's stable id
    source_name     VARCHAR NOT NULL,   -- the [[sources]] entry that fetched it
    url             VARCHAR,
    author_handle   VARCHAR,
    author_id       VARCHAR,
    title           VARCHAR,
    text            VARCHAR,
    published_at    TIMESTAMPTZ,
    fetched_at      TIMESTAMPTZ NOT NULL,
    payload_sha256  VARCHAR NOT NULL,   -- -> payloads.sha256
    practice_hint   VARCHAR,            -- ODS code when the source belongs to one practice
    extras          JSON,
    run_id          VARCHAR,
    PRIMARY KEY (source, external_id)
);

CREATE TABLE practices (
    practice_id VARCHAR PRIMARY KEY,    -- ODS code
    name        VARCHAR NOT NULL,
    town        VARCHAR,
    postcode    VARCHAR,
    nhs_url     VARCHAR,
    updated_at  TIMESTAMPTZ NOT NULL
);

CREATE TABLE mentions (
    source       VARCHAR NOT NULL,
    external_id  VARCHAR NOT NULL,
    practice_id  VARCHAR NOT NULL,
    terms        VARCHAR[],             -- the text that matched
    reasons      VARCHAR[],             -- name+town, handle, staff name, ods code, review page ...
    confidence   DOUBLE NOT NULL,
    matched_at   TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (source, external_id, practice_id)
);

CREATE TABLE verdicts (
    source              VARCHAR NOT NULL,
    external_id         VARCHAR NOT NULL,
    classifier_version  VARCHAR NOT NULL,
    compound            DOUBLE NOT NULL,
    sentiment_label     VARCHAR NOT NULL,
    abuse               BOOLEAN NOT NULL,
    threat              BOOLEAN NOT NULL,
    staff_targeted      BOOLEAN NOT NULL,
    personal_data       BOOLEAN NOT NULL,
    safeguarding        BOOLEAN NOT NULL,
    scores              JSON NOT NULL,
    spans               JSON NOT NULL,  -- {"abuse": [[start, end, "text"]], ...}
    staff_names         VARCHAR[],
    classified_at       TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (source, external_id, classifier_version)
);

CREATE SEQUENCE alert_id_seq START 1;

CREATE TABLE alerts (
    alert_id            BIGINT PRIMARY KEY DEFAULT nextval('alert_id_seq'),
    source              VARCHAR NOT NULL,
    external_id         VARCHAR NOT NULL,
    practice_id         VARCHAR NOT NULL,
    severity            VARCHAR NOT NULL,   -- critical | high | medium | low
    category            VARCHAR NOT NULL,
    action              VARCHAR NOT NULL,   -- police | report_to_platform | report_to_moderator | reply | none
    reasons             VARCHAR[],
    guidance_ids        VARCHAR[],
    next_steps          JSON NOT NULL,      -- [{"id", "title", "url", "steps": [...]}]
    classifier_version  VARCHAR NOT NULL,
    status              VARCHAR NOT NULL DEFAULT 'open',  -- open | acknowledged | resolved
    status_changed_by   VARCHAR NOT NULL DEFAULT 'gpwatch',
    status_changed_at   TIMESTAMPTZ NOT NULL,
    created_at          TIMESTAMPTZ NOT NULL,
    run_id              VARCHAR,
    UNIQUE (source, external_id, practice_id)
);

-- Every status change, with who and when: the alert's history for the evidence pack.
CREATE TABLE alert_events (
    alert_id    BIGINT NOT NULL,
    status      VARCHAR NOT NULL,
    changed_by  VARCHAR NOT NULL,
    changed_at  TIMESTAMPTZ NOT NULL,
    note        VARCHAR
);

CREATE TABLE cursors (
    source_name VARCHAR PRIMARY KEY,
    cursor      JSON NOT NULL,
    updated_at  TIMESTAMPTZ NOT NULL,
    run_id      VARCHAR
);

CREATE TABLE runs (
    run_id       VARCHAR PRIMARY KEY,
    started_at   TIMESTAMPTZ NOT NULL,
    finished_at  TIMESTAMPTZ,
    status       VARCHAR NOT NULL,   -- running | ok | partial | failed
    summary      JSON
);

CREATE TABLE run_sources (
    run_id         VARCHAR NOT NULL,
    source_name    VARCHAR NOT NULL,
    kind           VARCHAR NOT NULL,
    status         VARCHAR NOT NULL,  -- ok | failed | partial | spooled
    items_fetched  INTEGER NOT NULL DEFAULT 0,
    items_new      INTEGER NOT NULL DEFAULT 0,
    items_seen     INTEGER NOT NULL DEFAULT 0,
    error          VARCHAR,
    duration_s     DOUBLE,
    finished_at    TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (run_id, source_name)
);
