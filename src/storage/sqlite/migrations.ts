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
  {
    // Keys, teams and users: the whole record as JSON in \`data\`, plus the columns that
    // are looked up, filtered or sorted on, so a new record field needs no migration.
    version: 4,
    sql: `
      CREATE TABLE api_keys (
        id         TEXT PRIMARY KEY,
        hash       TEXT NOT NULL UNIQUE,
        team_id    TEXT,
        user_id    TEXT,
        created_at INTEGER NOT NULL,
        data       TEXT NOT NULL
      );
      CREATE INDEX api_keys_created_at ON api_keys (created_at, id);
      CREATE INDEX api_keys_team_created_at ON api_keys (team_id, created_at, id);
      CREATE INDEX api_keys_user_created_at ON api_keys (user_id, created_at, id);
      CREATE TABLE teams (
        id         TEXT PRIMARY KEY,
        created_at INTEGER NOT NULL,
        data       TEXT NOT NULL
      );
      CREATE INDEX teams_created_at ON teams (created_at, id);
      CREATE TABLE users (
        id         TEXT PRIMARY KEY,
        team_id    TEXT,
        created_at INTEGER NOT NULL,
        data       TEXT NOT NULL
      );
      CREATE INDEX users_created_at ON users (created_at, id);
      CREATE INDEX users_team_created_at ON users (team_id, created_at, id);
    `,
  },
  {
    // Who called, for usage by team and user (`GET /admin/usage`) and their log filters.
    version: 5,
    sql: `
      ALTER TABLE request_log ADD COLUMN team_id TEXT;
      ALTER TABLE request_log ADD COLUMN user_id TEXT;
      CREATE INDEX request_log_team_created_at ON request_log (team_id, created_at);
      CREATE INDEX request_log_user_created_at ON request_log (user_id, created_at);
    `,
  },
  {
    // Issue #6: payloads kept apart from the log rows so scans stay narrow; the audit
    // chain; the durable queue of rows waiting for the log-export sink.
    version: 6,
    sql: `
      CREATE TABLE request_payloads (
        request_id TEXT PRIMARY KEY,
        created_at INTEGER NOT NULL,
        request    TEXT,
        response   TEXT,
        truncated  INTEGER NOT NULL
      );
      CREATE INDEX request_payloads_created_at ON request_payloads (created_at);
      CREATE TABLE audit_log (
        seq         INTEGER PRIMARY KEY,
        at          INTEGER NOT NULL,
        actor       TEXT NOT NULL,
        action      TEXT NOT NULL,
        target_type TEXT NOT NULL,
        target_id   TEXT,
        before      TEXT,
        after       TEXT,
        source_ip   TEXT,
        prev_hash   TEXT NOT NULL,
        hash        TEXT NOT NULL
      );
      CREATE INDEX audit_log_at ON audit_log (at);
      CREATE TABLE log_export_queue (
        seq  INTEGER PRIMARY KEY AUTOINCREMENT,
        item TEXT NOT NULL
      );
      CREATE INDEX request_log_model_created_at ON request_log (requested_model, created_at);
    `,
  },
  {
    // Issue #2: nothing filters the log by team, user or requested model. Analytics group
    // by them over a created_at range, which the created_at index serves as fast (measured
    // on 200k rows), so these three indexes only cost every insert three B-tree writes.
    version: 7,
    sql: `
      DROP INDEX IF EXISTS request_log_team_created_at;
      DROP INDEX IF EXISTS request_log_user_created_at;
      DROP INDEX IF EXISTS request_log_model_created_at;
    `,
  },
];
