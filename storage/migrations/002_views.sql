-- 002: views for the questions people ask. Documented in README.md ("Asking the database").

-- The latest verdict per item (a reclassification adds a newer version beside the old one).
CREATE VIEW v_latest_verdicts AS
SELECT * EXCLUDE (rn) FROM (
    SELECT v.*, row_number() OVER (
        PARTITION BY source, external_id ORDER BY classified_at DESC, classifier_version DESC
    ) AS rn
    FROM verdicts v
) WHERE rn = 1;

-- One row per item x practice it mentions, with the item's latest verdict.
CREATE VIEW v_mentions AS
SELECT
    m.practice_id,
    p.name AS practice_name,
    m.source,
    m.external_id,
    r.source_name,
    r.url,
    r.author_handle AS author,
    r.title,
    r.text,
    r.published_at,
    r.fetched_at,
    m.terms,
    m.reasons,
    m.confidence,
    v.compound,
    v.sentiment_label,
    v.abuse,
    v.threat,
    v.staff_targeted,
    v.personal_data,
    v.safeguarding,
    v.classifier_version
FROM mentions m
JOIN raw_items r USING (source, external_id)
LEFT JOIN practices p ON p.practice_id = m.practice_id
LEFT JOIN v_latest_verdicts v USING (source, external_id);

-- Alerts that nobody has resolved yet, worst first.
CREATE VIEW v_open_alerts AS
SELECT
    a.alert_id,
    a.practice_id,
    p.name AS practice_name,
    a.severity,
    a.category,
    a.action,
    a.status,
    a.source,
    r.url,
    r.author_handle AS author,
    r.title,
    r.text,
    r.published_at,
    a.created_at,
    a.reasons,
    a.next_steps
FROM alerts a
JOIN raw_items r USING (source, external_id)
LEFT JOIN practices p ON p.practice_id = a.practice_id
WHERE a.status <> 'resolved'
ORDER BY CASE a.severity WHEN 'critical' THEN 0 WHEN 'high' THEN 1 WHEN 'medium' THEN 2 ELSE 3 END,
         a.created_at DESC;

-- Mentions and mean sentiment per practice, day (UK local date) and source.
CREATE VIEW v_daily_sentiment AS
SELECT
    m.practice_id,
    p.name AS practice_name,
    CAST(timezone('Europe/London', coalesce(r.published_at, r.fetched_at)) AS DATE) AS day,
    m.source,
    count(*) AS mentions,
    round(avg(v.compound), 3) AS mean_compound,
    count(*) FILTER (WHERE v.sentiment_label = 'negative') AS negative,
    count(*) FILTER (WHERE v.sentiment_label = 'positive') AS positive
FROM mentions m
JOIN raw_items r USING (source, external_id)
LEFT JOIN practices p ON p.practice_id = m.practice_id
LEFT JOIN v_latest_verdicts v USING (source, external_id)
GROUP BY ALL
ORDER BY day DESC, practice_id, source;

-- Per-source health: the last run of each source, and when it last succeeded.
CREATE VIEW v_source_health AS
SELECT
    source_name,
    arg_max(kind, finished_at) AS kind,
    arg_max(status, finished_at) AS last_status,
    max(finished_at) AS last_run_at,
    max(finished_at) FILTER (WHERE status = 'ok') AS last_success_at,
    arg_max(error, finished_at) AS last_error
FROM run_sources
GROUP BY source_name
ORDER BY source_name;
