-- 005: v_open_alerts in one fixed order, the dashboard's: worst first, then the newest post,
-- then the newest alert. Alerts raised in one run share created_at, so ordering by it alone
-- left ties in whatever order the engine chose, and the view and the dashboard disagreed.

CREATE OR REPLACE VIEW v_open_alerts AS
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
         coalesce(r.published_at, a.created_at) DESC,
         a.alert_id DESC;
