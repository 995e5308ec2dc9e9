/**
 * Numbered schema changes, applied in order at startup. Never edit one that has been
 * released; add the next number instead.
 */
export const SQLITE_MIGRATIONS: readonly { version: number; sql: string }[] = [
  {
    version: 1,
    sql: `
      CREATE TABLE request_log (
        request_id       TEXT PRIMARY KEY,
        created_at       INTEGER NOT NULL,
        endpoint         TEXT NOT NULL,
        key_id           TEXT,
        requested_model  TEXT,
        provider         TEXT,
        deployment_model TEXT,
        status           INTEGER NOT NULL,
        error_kind       TEXT,
        error_message    TEXT,
        latency_ms       REAL NOT NULL,
        ttfb_ms          REAL,
        input_tokens     INTEGER,
        output_tokens    INTEGER,
        cached_tokens    INTEGER,
        reasoning_tokens INTEGER,
        cost_micros      INTEGER,
        cost_flags       TEXT NOT NULL,
        attempts         INTEGER NOT NULL,
        attempts_detail  TEXT NOT NULL,
        cache            TEXT NOT NULL,
        stream           INTEGER NOT NULL,
        client_ip        TEXT,
        tags             TEXT NOT NULL,
        trace_id         TEXT,
        warnings         TEXT NOT NULL
      );
      CREATE INDEX request_log_created_at ON request_log (created_at);
      CREATE INDEX request_log_key_created_at ON request_log (key_id, created_at);
    `,
  },
  {
    version: 2,
    sql: `
      CREATE TABLE responses (
        id         TEXT PRIMARY KEY,
        created_at INTEGER NOT NULL,
        key_id     TEXT,
        origin     TEXT NOT NULL,
        messages   TEXT NOT NULL,
        response   TEXT NOT NULL
      );
      CREATE INDEX responses_created_at ON responses (created_at);
    `,
  },
  {
    version: 3,
    sql: `
      ALTER TABLE request_log ADD COLUMN routed_model TEXT;
      ALTER TABLE request_log ADD COLUMN route_rule TEXT;
      ALTER TABLE request_log ADD COLUMN split_arm TEXT;
    `,
  },
];
