/* dd-store-migrations.c — the schema, as an ordered list of migrations
 *
 * Each entry brings the schema from version N to N + 1 and runs in its own
 * transaction; the version lives in PRAGMA user_version. Never edit a
 * migration that has shipped: append a new one.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "dd-store-private.h"

/* Version 1: the core tables. */
static const char migration_1[] =
  "CREATE TABLE meta ("
  "  key   TEXT PRIMARY KEY NOT NULL,"
  "  value TEXT"
  ");"
  "CREATE TABLE offers ("
  "  id               TEXT PRIMARY KEY NOT NULL,"
  "  remote_id        TEXT,"
  "  title            TEXT NOT NULL,"
  "  sku              TEXT NOT NULL,"
  "  price_minor      INTEGER NOT NULL CHECK (price_minor >= 0),"
  "  compare_at_minor INTEGER CHECK (compare_at_minor IS NULL OR compare_at_minor >= 0),"
  "  currency         TEXT NOT NULL CHECK (length (currency) = 3),"
  "  state            TEXT NOT NULL,"
  "  window_start     INTEGER NOT NULL DEFAULT 0,"
  "  window_end       INTEGER NOT NULL DEFAULT 0,"
  "  per_buyer_cap    INTEGER NOT NULL DEFAULT 0 CHECK (per_buyer_cap >= 0),"
  "  stock_allocated  INTEGER NOT NULL DEFAULT 0 CHECK (stock_allocated >= 0),"
  "  units_sold       INTEGER NOT NULL DEFAULT 0 CHECK (units_sold >= 0),"
  "  latency_bucket   TEXT NOT NULL,"
  "  sync_state       TEXT NOT NULL DEFAULT 'synced'"
  "                   CHECK (sync_state IN ('synced', 'pending', 'conflicted', 'rejected')),"
  "  updated_at       INTEGER NOT NULL"
  ");"
  "CREATE TABLE offer_components ("
  "  offer_id TEXT NOT NULL REFERENCES offers (id) ON DELETE CASCADE,"
  "  position INTEGER NOT NULL CHECK (position >= 0),"
  "  sku      TEXT NOT NULL,"
  "  quantity INTEGER NOT NULL CHECK (quantity > 0),"
  "  PRIMARY KEY (offer_id, position)"
  ");"
  "CREATE TABLE price_history ("
  "  id          INTEGER PRIMARY KEY,"
  "  offer_id    TEXT NOT NULL,"
  "  sku         TEXT NOT NULL,"
  "  currency    TEXT NOT NULL CHECK (length (currency) = 3),"
  "  price_minor INTEGER NOT NULL CHECK (price_minor >= 0),"
  "  valid_from  INTEGER NOT NULL"
  ");"
  "CREATE INDEX price_history_prior"
  "  ON price_history (offer_id, sku, currency, valid_from);"
  "CREATE TABLE ledger ("
  "  seq             INTEGER PRIMARY KEY,"
  "  entry_id        TEXT NOT NULL UNIQUE,"
  "  time            INTEGER NOT NULL,"
  "  actor           TEXT NOT NULL,"
  "  role            TEXT NOT NULL,"
  "  entity          TEXT NOT NULL,"
  "  entity_id       TEXT NOT NULL,"
  "  field           TEXT NOT NULL,"
  "  before          TEXT,"
  "  after           TEXT,"
  "  reason          TEXT,"
  "  chat_message_id TEXT,"
  "  prev_hash       TEXT NOT NULL DEFAULT '',"
  "  hash            TEXT NOT NULL DEFAULT ''"
  ");"
  "CREATE INDEX ledger_entity ON ledger (entity, entity_id, seq);"
  "CREATE TABLE hubs ("
  "  id                TEXT PRIMARY KEY NOT NULL,"
  "  name              TEXT NOT NULL,"
  "  address           TEXT,"
  "  latitude          REAL NOT NULL CHECK (latitude BETWEEN -90 AND 90),"
  "  longitude         REAL NOT NULL CHECK (longitude BETWEEN -180 AND 180),"
  "  capacity_per_hour INTEGER NOT NULL DEFAULT 0 CHECK (capacity_per_hour >= 0),"
  "  couriers          INTEGER NOT NULL DEFAULT 0 CHECK (couriers >= 0),"
  "  cutoff_minute     INTEGER NOT NULL DEFAULT 0 CHECK (cutoff_minute BETWEEN 0 AND 1440),"
  "  open              INTEGER NOT NULL DEFAULT 1 CHECK (open IN (0, 1)),"
  "  metadata          TEXT NOT NULL DEFAULT '{}' CHECK (json_valid (metadata))"
  ");"
  "CREATE TABLE stock_levels ("
  "  hub_id    TEXT NOT NULL REFERENCES hubs (id) ON DELETE CASCADE,"
  "  sku       TEXT NOT NULL,"
  "  on_hand   INTEGER NOT NULL CHECK (on_hand >= 0),"
  "  reserved  INTEGER NOT NULL DEFAULT 0 CHECK (reserved >= 0),"
  "  allocated INTEGER NOT NULL DEFAULT 0 CHECK (allocated >= 0),"
  "  CHECK (reserved + allocated <= on_hand),"
  "  PRIMARY KEY (hub_id, sku)"
  ");"
  "CREATE TABLE orders ("
  "  id          TEXT PRIMARY KEY NOT NULL,"
  "  offer_id    TEXT NOT NULL,"
  "  sku         TEXT NOT NULL,"
  "  hub_id      TEXT,"
  "  quantity    INTEGER NOT NULL CHECK (quantity > 0),"
  "  total_minor INTEGER NOT NULL CHECK (total_minor >= 0),"
  "  currency    TEXT NOT NULL CHECK (length (currency) = 3),"
  "  created_at  INTEGER NOT NULL,"
  "  status      TEXT NOT NULL"
  ");"
  "CREATE INDEX orders_created ON orders (created_at);"
  "CREATE TABLE checklists ("
  "  id    TEXT PRIMARY KEY NOT NULL,"
  "  title TEXT NOT NULL,"
  "  phase TEXT NOT NULL"
  ");"
  "CREATE TABLE checklist_items ("
  "  checklist_id TEXT NOT NULL REFERENCES checklists (id) ON DELETE CASCADE,"
  "  id           TEXT NOT NULL,"
  "  position     INTEGER NOT NULL,"
  "  title        TEXT NOT NULL,"
  "  description  TEXT,"
  "  owner        TEXT NOT NULL,"
  "  kind         TEXT NOT NULL,"
  "  due_offset   INTEGER NOT NULL DEFAULT 0,"
  "  depends_on   TEXT NOT NULL DEFAULT '[]' CHECK (json_valid (depends_on)),"
  "  state        TEXT NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'done', 'failed')),"
  "  signed_by    TEXT,"
  "  signed_at    INTEGER NOT NULL DEFAULT 0,"
  "  note         TEXT,"
  "  PRIMARY KEY (checklist_id, id)"
  ");"
  "CREATE TABLE outbox ("
  "  seq             INTEGER PRIMARY KEY,"
  "  idempotency_key TEXT NOT NULL UNIQUE,"
  "  service         TEXT NOT NULL,"
  "  entity          TEXT NOT NULL,"
  "  entity_id       TEXT NOT NULL,"
  "  operation       TEXT NOT NULL,"
  "  payload         TEXT NOT NULL CHECK (json_valid (payload)),"
  "  base_version    TEXT,"
  "  state           TEXT NOT NULL DEFAULT 'pending'"
  "                  CHECK (state IN ('pending', 'done', 'conflicted', 'rejected')),"
  "  attempts        INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),"
  "  last_error      TEXT,"
  "  created_at      INTEGER NOT NULL"
  ");"
  "CREATE INDEX outbox_state ON outbox (state, seq);"
  "CREATE TABLE sync_cursors ("
  "  service    TEXT NOT NULL,"
  "  resource   TEXT NOT NULL,"
  "  cursor     TEXT,"
  "  updated_at INTEGER NOT NULL,"
  "  PRIMARY KEY (service, resource)"
  ");";

/* Version 2: the chat archive with its full-text index. */
static const char migration_2[] =
  "CREATE TABLE chat_messages ("
  "  rowid            INTEGER PRIMARY KEY,"
  "  id               TEXT NOT NULL UNIQUE,"
  "  source           TEXT NOT NULL,"
  "  channel          TEXT NOT NULL DEFAULT '',"
  "  author_login     TEXT NOT NULL,"
  "  display_name     TEXT NOT NULL,"
  "  color            INTEGER NOT NULL DEFAULT -1,"
  "  text             TEXT NOT NULL,"
  "  ts               INTEGER NOT NULL,"
  "  flags            INTEGER NOT NULL DEFAULT 0 CHECK (flags >= 0),"
  "  moderation       TEXT NOT NULL DEFAULT 'ok',"
  "  moderation_score REAL NOT NULL DEFAULT 0,"
  "  intent           TEXT NOT NULL DEFAULT 'none'"
  ");"
  "CREATE INDEX chat_messages_ts ON chat_messages (ts);"
  "CREATE VIRTUAL TABLE chat_fts USING fts5 ("
  "  text, display_name,"
  "  content = 'chat_messages', content_rowid = 'rowid'"
  ");"
  "CREATE TRIGGER chat_messages_ai AFTER INSERT ON chat_messages BEGIN"
  "  INSERT INTO chat_fts (rowid, text, display_name)"
  "    VALUES (new.rowid, new.text, new.display_name);"
  "END;"
  "CREATE TRIGGER chat_messages_ad AFTER DELETE ON chat_messages BEGIN"
  "  INSERT INTO chat_fts (chat_fts, rowid, text, display_name)"
  "    VALUES ('delete', old.rowid, old.text, old.display_name);"
  "END;"
  "CREATE TRIGGER chat_messages_au AFTER UPDATE ON chat_messages BEGIN"
  "  INSERT INTO chat_fts (chat_fts, rowid, text, display_name)"
  "    VALUES ('delete', old.rowid, old.text, old.display_name);"
  "  INSERT INTO chat_fts (rowid, text, display_name)"
  "    VALUES (new.rowid, new.text, new.display_name);"
  "END;";

/* Version 3: the append job indexes each batch with one INSERT ... SELECT
 * (about three times faster than a trigger a row); chat_fts_state holds
 * the last rowid indexed, so rows written any other way are indexed by the
 * next append or search. */
static const char migration_3[] =
  "DROP TRIGGER IF EXISTS chat_messages_ai;"
  "CREATE TABLE chat_fts_state ("
  "  id            INTEGER PRIMARY KEY CHECK (id = 1),"
  "  indexed_rowid INTEGER NOT NULL CHECK (indexed_rowid >= 0)"
  ");"
  "INSERT INTO chat_fts_state (id, indexed_rowid)"
  "  SELECT 1, coalesce (max (rowid), 0) FROM chat_messages;";

/* Version 4: the prior-price rule looks up the lowest price of a variant
 * (any offer) in a currency over a period; this covering index makes that
 * two seeks. Ledger rows from before the hash chain are sealed by the
 * first append (dd-store-ledger.c). */
static const char migration_4[] =
  "CREATE INDEX price_history_variant"
  "  ON price_history (sku, currency, valid_from, price_minor);";

/* Version 5: what the classifier learned from a squad's moderators, one
 * row a squad: dd_classifier_export_weights() as written, and when
 * (microseconds since 1970, UTC). */
static const char migration_5[] =
  "CREATE TABLE classifier_weights ("
  "  squad      TEXT PRIMARY KEY NOT NULL,"
  "  weights    BLOB NOT NULL,"
  "  updated_at INTEGER NOT NULL"
  ");";

/* Version 6: the sync engine's side of the outbox. `progress` holds what a
 * push learned before its outcome was known (JSON, e.g. the stock level read
 * before a delta was sent), so that a restart resends nothing twice;
 * `done_at` when the remote confirmed the effect. A conflict keeps the
 * base, local and remote values of the entry it holds (JSON objects of the
 * fields concerned) until a person resolves it. */
static const char migration_6[] =
  "ALTER TABLE outbox ADD COLUMN progress TEXT"
  "  CHECK (progress IS NULL OR json_valid (progress));"
  "ALTER TABLE outbox ADD COLUMN done_at INTEGER;"
  "CREATE INDEX outbox_entity ON outbox (service, entity, entity_id, seq);"
  "CREATE TABLE sync_conflicts ("
  "  id          INTEGER PRIMARY KEY,"
  "  outbox_seq  INTEGER NOT NULL UNIQUE REFERENCES outbox (seq) ON DELETE CASCADE,"
  "  service     TEXT NOT NULL,"
  "  entity      TEXT NOT NULL,"
  "  entity_id   TEXT NOT NULL,"
  "  base        TEXT NOT NULL CHECK (json_valid (base)),"
  "  local       TEXT NOT NULL CHECK (json_valid (local)),"
  "  remote      TEXT NOT NULL CHECK (json_valid (remote)),"
  "  detected_at INTEGER NOT NULL,"
  "  resolved_at INTEGER"
  ");"
  "CREATE INDEX sync_conflicts_open ON sync_conflicts (resolved_at, id);";

/* Version 7: checklists in full. Items gain their blocking flag (blocking
 * items must be done before the go/no-go poll can say GO), the probe an
 * automated item runs and the evidence it stored with its pass or fail.
 * The squad's templates, one JSON document each (the format of
 * dd-checklist-template.h), in order. Go/no-go polls with one answer a role
 * (the primary key refuses a second). */
static const char migration_7[] =
  "ALTER TABLE checklist_items ADD COLUMN blocking INTEGER NOT NULL DEFAULT 1"
  "  CHECK (blocking IN (0, 1));"
  "ALTER TABLE checklist_items ADD COLUMN probe_id TEXT;"
  "ALTER TABLE checklist_items ADD COLUMN evidence TEXT;"
  "CREATE TABLE checklist_templates ("
  "  id       TEXT PRIMARY KEY NOT NULL,"
  "  position INTEGER NOT NULL,"
  "  document TEXT NOT NULL CHECK (json_valid (document))"
  ");"
  "CREATE TABLE go_no_go_polls ("
  "  id         TEXT PRIMARY KEY NOT NULL,"
  "  opened_by  TEXT NOT NULL,"
  "  opener     TEXT,"
  "  opened_at  INTEGER NOT NULL,"
  "  decided_at INTEGER NOT NULL DEFAULT 0,"
  "  outcome    TEXT CHECK (outcome IS NULL OR outcome IN ('go', 'no-go')),"
  "  summary    TEXT"
  ");"
  "CREATE TABLE go_no_go_answers ("
  "  poll_id  TEXT NOT NULL REFERENCES go_no_go_polls (id) ON DELETE CASCADE,"
  "  position INTEGER NOT NULL,"
  "  role     TEXT NOT NULL,"
  "  member   TEXT,"
  "  answer   TEXT NOT NULL CHECK (answer IN ('go', 'no-go')),"
  "  reason   TEXT,"
  "  time     INTEGER NOT NULL,"
  "  PRIMARY KEY (poll_id, role)"
  ");"
  "CREATE INDEX go_no_go_polls_opened ON go_no_go_polls (opened_at);";

/* Version 8: what the chat wall shows of a Twitch message (the author's
 * user id, badges, the message it answers, bits), kept in the archive. */
static const char migration_8[] =
  "ALTER TABLE chat_messages ADD COLUMN author_user_id TEXT;"
  "ALTER TABLE chat_messages ADD COLUMN badges TEXT;"
  "ALTER TABLE chat_messages ADD COLUMN reply_parent_id TEXT;"
  "ALTER TABLE chat_messages ADD COLUMN reply_parent_login TEXT;"
  "ALTER TABLE chat_messages ADD COLUMN reply_parent_text TEXT;"
  "ALTER TABLE chat_messages ADD COLUMN bits INTEGER NOT NULL DEFAULT 0 CHECK (bits >= 0);";

/* Version 9: the rest of the commerce feed. Promotions with their
 * campaign's time window (time-locked incentives), pulled in full; the
 * refund limit each role may approve without asking, and whether returns
 * are open, as the commerce engine holds them; the entities a full
 * reconciliation no longer found remotely (a deletion incremental pulls
 * cannot see): the local row stays, marked, so nothing a person edited is
 * lost (`kept_local` when it had edits not yet confirmed). */
static const char migration_9[] =
  "CREATE TABLE promotions ("
  "  id            TEXT PRIMARY KEY NOT NULL,"
  "  code          TEXT NOT NULL,"
  "  status        TEXT NOT NULL,"
  "  kind          TEXT NOT NULL,"
  "  value         TEXT NOT NULL,"
  "  currency      TEXT CHECK (currency IS NULL OR length (currency) = 3),"
  "  target        TEXT NOT NULL,"
  "  campaign_id   TEXT,"
  "  campaign_name TEXT,"
  "  starts_at     INTEGER NOT NULL DEFAULT 0,"
  "  ends_at       INTEGER NOT NULL DEFAULT 0,"
  "  updated_at    INTEGER NOT NULL DEFAULT 0"
  ");"
  "CREATE TABLE refund_limits ("
  "  role      TEXT PRIMARY KEY NOT NULL,"
  "  max_minor INTEGER NOT NULL CHECK (max_minor >= 0),"
  "  currency  TEXT NOT NULL CHECK (length (currency) = 3)"
  ");"
  "CREATE TABLE remote_gone ("
  "  service    TEXT NOT NULL,"
  "  entity     TEXT NOT NULL,"
  "  entity_id  TEXT NOT NULL,"
  "  remote_id  TEXT,"
  "  gone_at    INTEGER NOT NULL,"
  "  kept_local INTEGER NOT NULL DEFAULT 0 CHECK (kept_local IN (0, 1)),"
  "  PRIMARY KEY (service, entity, entity_id)"
  ");";

/* Version 10: other squad members' ledger entries, kept apart from this
 * laptop's own chain (dd-store-squad-ledger.h). */
static const char migration_10[] =
  "CREATE TABLE squad_ledger ("
  "  member          TEXT NOT NULL,"
  "  entry_id        TEXT NOT NULL,"
  "  seq             INTEGER NOT NULL,"
  "  time            INTEGER NOT NULL,"
  "  actor           TEXT NOT NULL,"
  "  role            TEXT NOT NULL,"
  "  entity          TEXT NOT NULL,"
  "  entity_id       TEXT NOT NULL,"
  "  field           TEXT NOT NULL,"
  "  before          TEXT,"
  "  after           TEXT,"
  "  reason          TEXT,"
  "  chat_message_id TEXT,"
  "  prev_hash       TEXT NOT NULL,"
  "  hash            TEXT NOT NULL,"
  "  received_at     INTEGER NOT NULL,"
  "  PRIMARY KEY (member, entry_id)"
  ");";

/* Version 11: an offer's link to the commerce engine's campaign that holds
 * its incentive window. `campaign_identifier` is chosen on this laptop when
 * the first window is queued (it carries that entry's idempotency key, so a
 * lost answer can be looked up); `campaign_id` is the engine's id once a
 * push confirmed it. */
static const char migration_11[] =
  "ALTER TABLE offers ADD COLUMN campaign_identifier TEXT;"
  "ALTER TABLE offers ADD COLUMN campaign_id TEXT;";

/* migrations[k] brings the schema from version k to k + 1. */
static const char * const migrations[] = {
  migration_1,
  migration_2,
  migration_3,
  migration_4,
  migration_5,
  migration_6,
  migration_7,
  migration_8,
  migration_9,
  migration_10,
  migration_11,
};

int
dd_store_get_latest_version (void)
{
  return (int) G_N_ELEMENTS (migrations);
}

int
_dd_store_get_user_version (sqlite3  *db,
                            int      *version,
                            GError  **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc;

  rc = sqlite3_prepare_v2 (db, "PRAGMA user_version", -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    {
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW)
        {
          *version = sqlite3_column_int (stmt, 0);
          rc = SQLITE_OK;
        }
    }
  if (rc != SQLITE_OK)
    _dd_store_set_sqlite_error (error, db, rc, sqlite3_db_filename (db, "main"));
  sqlite3_finalize (stmt);
  return rc == SQLITE_OK;
}

static gboolean
run_script (sqlite3     *db,
            const char  *sql,
            GError     **error)
{
  char *message = NULL;
  int rc;

  rc = sqlite3_exec (db, sql, NULL, NULL, &message);
  if (rc != SQLITE_OK)
    {
      g_autofree char *detail = g_strdup (message != NULL ? message : sqlite3_errstr (rc));

      sqlite3_free (message);
      if ((rc & 0xff) == SQLITE_BUSY || (rc & 0xff) == SQLITE_LOCKED
          || (rc & 0xff) == SQLITE_CORRUPT || (rc & 0xff) == SQLITE_NOTADB
          || (rc & 0xff) == SQLITE_READONLY || (rc & 0xff) == SQLITE_IOERR
          || (rc & 0xff) == SQLITE_FULL)
        _dd_store_set_sqlite_error (error, db, rc, sqlite3_db_filename (db, "main"));
      else
        g_set_error (error, DD_STORE_ERROR, DD_STORE_ERROR_FAILED,
                     _("Could not update the database: %s"), detail);
      return FALSE;
    }
  return TRUE;
}

gboolean
_dd_store_migrate (sqlite3  *db,
                   int       target_version,
                   GError  **error)
{
  int version = 0;

  g_return_val_if_fail (db != NULL, FALSE);
  g_return_val_if_fail (target_version >= 0 && target_version <= dd_store_get_latest_version (), FALSE);

  if (!_dd_store_get_user_version (db, &version, error))
    return FALSE;

  if (version > dd_store_get_latest_version ())
    {
      g_set_error (error, DD_STORE_ERROR, DD_STORE_ERROR_TOO_NEW,
                   _("The database %s was written by a newer version of Dropdeck (schema %d; this version reads up to %d)."),
                   sqlite3_db_filename (db, "main"), version, dd_store_get_latest_version ());
      return FALSE;
    }

  while (version < target_version)
    {
      g_autofree char *set_version = NULL;

      if (!run_script (db, "BEGIN IMMEDIATE", error))
        return FALSE;

      set_version = g_strdup_printf ("PRAGMA user_version = %d", version + 1);
      if (!run_script (db, migrations[version], error)
          || !run_script (db, set_version, error)
          || !run_script (db, "COMMIT", error))
        {
          sqlite3_exec (db, "ROLLBACK", NULL, NULL, NULL);
          return FALSE;
        }
      version++;
    }

  return TRUE;
}
