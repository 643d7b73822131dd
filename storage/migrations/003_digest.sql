-- 003: what the digest and urgent emails sent, so that each goes out once.
--
-- One row per (kind, recipient, period): a digest's period is the recipient's local date, an
-- urgent email's is the alert id. The row is written as 'sending', with the exact message and
-- its deterministic Message-ID, BEFORE the message is handed to the mail server, and marked
-- 'sent' after. A row still 'sending' at the next run means the process died in between: the
-- stored message is sent once more with the same Message-ID (at most one duplicate), and a
-- second interruption marks it 'unconfirmed' instead of sending a third time.

CREATE SEQUENCE digest_send_id_seq START 1;

CREATE TABLE digest_sends (
    send_id          BIGINT PRIMARY KEY DEFAULT nextval('digest_send_id_seq'),
    kind             VARCHAR NOT NULL,      -- digest | urgent
    recipient_email  VARCHAR NOT NULL,
    recipient_name   VARCHAR NOT NULL,
    period_key       VARCHAR NOT NULL,      -- digest: local date YYYY-MM-DD; urgent: alert id
    window_start     TIMESTAMPTZ,           -- what the digest covered
    window_end       TIMESTAMPTZ,
    message_id       VARCHAR NOT NULL,      -- the same on every attempt of this row
    subject          VARCHAR NOT NULL,
    message          BLOB NOT NULL,         -- the exact bytes handed to the server
    transport        VARCHAR NOT NULL,      -- smtp | outbox
    status           VARCHAR NOT NULL,      -- sending | sent | failed | unconfirmed | superseded
    attempts         INTEGER NOT NULL DEFAULT 0,  -- times the message was handed over
    interrupted      INTEGER NOT NULL DEFAULT 0,  -- attempts that ended with no recorded outcome
    error            VARCHAR,
    delivered_to     VARCHAR,               -- server host:port or outbox file
    created_at       TIMESTAMPTZ NOT NULL,
    updated_at       TIMESTAMPTZ NOT NULL,
    sent_at          TIMESTAMPTZ,
    UNIQUE (kind, recipient_email, period_key)
);

-- The alerts each message carried: a recipient's next digest leaves out those already sent.
CREATE TABLE digest_items (
    send_id   BIGINT NOT NULL,
    alert_id  BIGINT NOT NULL,
    PRIMARY KEY (send_id, alert_id)
);

-- Every send, newest first, without the message bytes.
CREATE VIEW v_digest_sends AS
SELECT send_id, kind, recipient_name, recipient_email, period_key, subject, status, attempts,
       interrupted, transport, delivered_to, error, message_id, window_start, window_end,
       created_at, sent_at
FROM digest_sends
ORDER BY created_at DESC;
