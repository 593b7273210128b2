/* dd-store-outbox.c — a local edit as one transaction: the new state, an
 * outbox entry and a ledger entry (offers, and stock as deltas)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "dd-store-private.h"
#include "dd-store-sync-outbox.h"

void
_dd_store_edit_job_free (gpointer data)
{
  DdStoreEditJob *job = data;

  g_clear_object (&job->offer);
  g_free (job->field);
  g_free (job->before);
  g_free (job->after);
  g_free (job->actor);
  g_free (job->reason);
  g_free (job->chat_message_id);
  g_free (job);
}

static void
add_string_member (JsonBuilder *builder,
                   const char  *name,
                   const char  *value)
{
  json_builder_set_member_name (builder, name);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

/* What the sync engine needs to push the change: the edit and the offer's
 * new state. */
static char *
build_payload (DdStoreEditJob *job)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  DdOffer *offer = job->offer;
  const DdMoney *price = dd_offer_get_price (offer);
  const DdMoney *compare_at = dd_offer_get_compare_at_price (offer);

  json_builder_begin_object (builder);
  add_string_member (builder, "field", job->field);
  add_string_member (builder, "before", job->before);
  add_string_member (builder, "after", job->after);
  json_builder_set_member_name (builder, "offer");
  json_builder_begin_object (builder);
  add_string_member (builder, "id", dd_offer_get_id (offer));
  add_string_member (builder, "remote_id", dd_offer_get_remote_id (offer));
  add_string_member (builder, "title", dd_offer_get_title (offer));
  add_string_member (builder, "sku", dd_offer_get_sku (offer));
  json_builder_set_member_name (builder, "price_minor");
  json_builder_add_int_value (builder, price->minor);
  add_string_member (builder, "currency", price->currency);
  json_builder_set_member_name (builder, "compare_at_minor");
  if (compare_at != NULL)
    json_builder_add_int_value (builder, compare_at->minor);
  else
    json_builder_add_null_value (builder);
  add_string_member (builder, "state", _dd_store_enum_to_nick (DD_TYPE_OFFER_STATE, dd_offer_get_state (offer)));
  json_builder_set_member_name (builder, "window_start");
  json_builder_add_int_value (builder, dd_offer_get_window_start (offer));
  json_builder_set_member_name (builder, "window_end");
  json_builder_add_int_value (builder, dd_offer_get_window_end (offer));
  json_builder_set_member_name (builder, "per_buyer_cap");
  json_builder_add_int_value (builder, dd_offer_get_per_buyer_cap (offer));
  json_builder_end_object (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  return json_to_string (root, FALSE);
}

/* The base of the edit: the offer's values before it, as the sync engine
 * compares them with the remote's (the same members as the payload's
 * offer), or NULL for an offer new to this profile; and its window and
 * campaign as they were, for dd-store-outbox-campaign.c. */
static gboolean
read_base (DdStoreConnection    *conn,
           const char           *offer_id,
           char                **base,
           DdStoreCampaignLink  *campaign,
           GError              **error)
{
  sqlite3_stmt *stmt;
  int rc;

  stmt = _dd_store_prepare (conn,
                            "SELECT json_object ('title', title, 'sku', sku, 'price_minor', price_minor,"
                            "  'currency', currency, 'compare_at_minor', compare_at_minor, 'state', state),"
                            "  window_start, window_end, campaign_identifier"
                            " FROM offers WHERE id = ?1",
                            error);
  if (stmt == NULL)
    return FALSE;
  _dd_store_bind_text (stmt, 1, offer_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      *base = g_strdup (_dd_store_column_text (stmt, 0));
      campaign->window_start = sqlite3_column_int64 (stmt, 1);
      campaign->window_end = sqlite3_column_int64 (stmt, 2);
      campaign->identifier = g_strdup (_dd_store_column_text (stmt, 3));
    }
  else if (rc != SQLITE_DONE)
    {
      _dd_store_set_sqlite_error (error, conn->db, rc, conn->path);
      sqlite3_reset (stmt);
      return FALSE;
    }
  sqlite3_reset (stmt);
  return TRUE;
}

gboolean
_dd_store_insert_outbox (DdStoreConnection  *conn,
                         const char         *key,
                         const char         *entity,
                         const char         *entity_id,
                         const char         *operation,
                         const char         *payload,
                         const char         *base,
                         gint64              now,
                         GError            **error)
{
  g_autofree char *random_key = key == NULL ? g_uuid_string_random () : NULL;
  sqlite3_stmt *stmt;

  stmt = _dd_store_prepare (conn,
                            "INSERT INTO outbox (idempotency_key, service, entity, entity_id,"
                            "  operation, payload, base_version, state, created_at)"
                            " VALUES (?1, 'commerce', ?2, ?3, ?4, ?5, ?6, 'pending', ?7)",
                            error);
  if (stmt == NULL)
    return FALSE;
  _dd_store_bind_text (stmt, 1, key != NULL ? key : random_key);
  _dd_store_bind_text (stmt, 2, entity);
  _dd_store_bind_text (stmt, 3, entity_id);
  _dd_store_bind_text (stmt, 4, operation);
  _dd_store_bind_text (stmt, 5, payload);
  _dd_store_bind_text (stmt, 6, base);
  sqlite3_bind_int64 (stmt, 7, now);
  return _dd_store_step_done (conn, stmt, error);
}

typedef gboolean (*EditSteps) (DdStoreConnection  *conn,
                               gpointer            data,
                               gint64              now,
                               GError            **error);

/* A user's change: one transaction, committed with synchronous=FULL so
 * that it survives a power cut once acknowledged. */
static gboolean
run_durable (DdStoreConnection  *conn,
             EditSteps           steps,
             gpointer            data,
             GError            **error)
{
  gboolean ok;

  if (!_dd_store_exec (conn, "PRAGMA synchronous = FULL", error))
    return FALSE;

  ok = _dd_store_begin (conn, error);
  if (ok)
    {
      ok = steps (conn, data, g_get_real_time (), error);
      if (ok)
        ok = _dd_store_commit (conn, error);
      else
        _dd_store_rollback (conn);
    }

  sqlite3_exec (conn->db, "PRAGMA synchronous = NORMAL", NULL, NULL, NULL);
  return ok;
}

/* The offer shows the worst state of its unsent entries (a save of the
 * offer keeps the stored state: dd-store-offers.c). */
static gboolean
mark_offer_unsent (DdStoreConnection  *conn,
                   const char         *offer_id,
                   GError            **error)
{
  sqlite3_stmt *stmt;

  stmt = _dd_store_prepare (conn,
                            "UPDATE offers SET sync_state = coalesce ("
                            "  (SELECT CASE WHEN sum (state = 'conflicted') > 0 THEN 'conflicted'"
                            "               WHEN sum (state = 'pending') > 0 THEN 'pending' END"
                            "     FROM outbox WHERE entity IN ('offer', 'campaign') AND entity_id = ?1),"
                            "  'pending')"
                            " WHERE id = ?1",
                            error);
  if (stmt == NULL)
    return FALSE;
  _dd_store_bind_text (stmt, 1, offer_id);
  return _dd_store_step_done (conn, stmt, error);
}

static gboolean
offer_edit_steps (DdStoreConnection  *conn,
                  gpointer            data,
                  gint64              now,
                  GError            **error)
{
  DdStoreEditJob *job = data;
  g_autofree char *base = NULL;
  g_autofree char *payload = build_payload (job);
  g_autoptr(DdLedgerEntry) entry = NULL;
  DdStoreCampaignLink campaign = { 0, };
  gboolean ok;
  DdLedgerFields fields = {
    .time_us = now,
    .actor = job->actor,
    .role = _dd_store_enum_to_nick (DD_TYPE_ROLE, job->role),
    .entity = "offer",
    .entity_id = dd_offer_get_id (job->offer),
    .field = job->field,
    .before = job->before,
    .after = job->after,
    .reason = job->reason,
    .chat_message_id = job->chat_message_id,
  };

  ok = read_base (conn, dd_offer_get_id (job->offer), &base, &campaign, error) &&
       _dd_store_write_offer (conn, job->offer, error) &&
       _dd_store_insert_outbox (conn, NULL, "offer", dd_offer_get_id (job->offer),
                      dd_offer_get_remote_id (job->offer) != NULL ? "update" : "create",
                      payload, base, now, error) &&
       _dd_store_queue_campaign (conn, job->offer, &campaign, now, error) &&
       mark_offer_unsent (conn, dd_offer_get_id (job->offer), error);
  g_free (campaign.identifier);
  if (!ok)
    return FALSE;

  /* Sealed into the hash chain in this same transaction. */
  entry = _dd_store_ledger_append (conn, &fields, error);
  return entry != NULL;
}

gboolean
_dd_store_job_apply_offer_edit (DdStoreConnection  *conn,
                                gpointer            data,
                                DdStoreResult      *result,
                                GError            **error)
{
  DdStoreEditJob *job = data;

  dd_offer_set_sync_state (job->offer, DD_SYNC_STATE_PENDING);
  return run_durable (conn, offer_edit_steps, job, error);
}

typedef struct
{
  char   *hub_id;
  char   *sku;
  gint64  delta;
  char   *actor;
  DdRole  role;
  char   *reason;
} StockEditJob;

static void
stock_edit_job_free (gpointer data)
{
  StockEditJob *job = data;

  g_free (job->hub_id);
  g_free (job->sku);
  g_free (job->actor);
  g_free (job->reason);
  g_free (job);
}

static gboolean
stock_edit_steps (DdStoreConnection  *conn,
                  gpointer            data,
                  gint64              now,
                  GError            **error)
{
  StockEditJob *job = data;
  g_autofree char *entity_id = g_strconcat (job->hub_id, "/", job->sku, NULL);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *payload = NULL;
  g_autofree char *base = NULL;
  g_autoptr(DdLedgerEntry) entry = NULL;
  gint64 on_hand, held;
  sqlite3_stmt *stmt;
  int rc;

  stmt = _dd_store_prepare (conn,
                            "SELECT on_hand, reserved + allocated FROM stock_levels"
                            " WHERE hub_id = ?1 AND sku = ?2",
                            error);
  if (stmt == NULL)
    return FALSE;
  _dd_store_bind_text (stmt, 1, job->hub_id);
  _dd_store_bind_text (stmt, 2, job->sku);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      if (rc == SQLITE_DONE)
        g_set_error (error, DD_STORE_ERROR, DD_STORE_ERROR_FAILED,
                     _("Hub %s keeps no stock of %s"), job->hub_id, job->sku);
      else
        _dd_store_set_sqlite_error (error, conn->db, rc, conn->path);
      sqlite3_reset (stmt);
      return FALSE;
    }
  on_hand = sqlite3_column_int64 (stmt, 0);
  held = sqlite3_column_int64 (stmt, 1);
  sqlite3_reset (stmt);

  if (on_hand + job->delta < held)
    {
      g_set_error (error, DD_STORE_ERROR, DD_STORE_ERROR_FAILED,
                   _("Hub %s has %" G_GINT64_FORMAT " of %s on hand and %" G_GINT64_FORMAT
                     " reserved or allocated: it cannot lose %" G_GINT64_FORMAT),
                   job->hub_id, on_hand, job->sku, held, -job->delta);
      return FALSE;
    }

  stmt = _dd_store_prepare (conn,
                            "UPDATE stock_levels SET on_hand = on_hand + ?3 WHERE hub_id = ?1 AND sku = ?2",
                            error);
  if (stmt == NULL)
    return FALSE;
  _dd_store_bind_text (stmt, 1, job->hub_id);
  _dd_store_bind_text (stmt, 2, job->sku);
  sqlite3_bind_int64 (stmt, 3, job->delta);
  if (!_dd_store_step_done (conn, stmt, error))
    return FALSE;

  before = g_strdup_printf ("%" G_GINT64_FORMAT, on_hand);
  after = g_strdup_printf ("%" G_GINT64_FORMAT, on_hand + job->delta);
  base = g_strdup_printf ("{\"on_hand\":%" G_GINT64_FORMAT "}", on_hand);
  {
    g_autoptr(JsonBuilder) builder = json_builder_new ();
    g_autoptr(JsonNode) root = NULL;

    json_builder_begin_object (builder);
    add_string_member (builder, "hub_id", job->hub_id);
    add_string_member (builder, "sku", job->sku);
    json_builder_set_member_name (builder, "delta");
    json_builder_add_int_value (builder, job->delta);
    json_builder_end_object (builder);
    root = json_builder_get_root (builder);
    payload = json_to_string (root, FALSE);
  }
  if (!_dd_store_insert_outbox (conn, NULL, "stock", entity_id, "adjust", payload, base, now, error))
    return FALSE;

  {
    DdLedgerFields fields = {
      .time_us = now,
      .actor = job->actor,
      .role = _dd_store_enum_to_nick (DD_TYPE_ROLE, job->role),
      .entity = "stock",
      .entity_id = entity_id,
      .field = "on_hand",
      .before = before,
      .after = after,
      .reason = job->reason,
    };

    entry = _dd_store_ledger_append (conn, &fields, error);
  }
  return entry != NULL;
}

/* Every edit of a batch in one transaction: all or nothing. */
static gboolean
stock_edits_steps (DdStoreConnection  *conn,
                   gpointer            data,
                   gint64              now,
                   GError            **error)
{
  GPtrArray *jobs = data;

  for (guint i = 0; i < jobs->len; i++)
    if (!stock_edit_steps (conn, g_ptr_array_index (jobs, i), now, error))
      return FALSE;

  return TRUE;
}

static gboolean
job_apply_stock_edits (DdStoreConnection  *conn,
                       gpointer            data,
                       DdStoreResult      *result,
                       GError            **error)
{
  return run_durable (conn, stock_edits_steps, data, error);
}

void
dd_store_apply_stock_edits_async (DdStore             *self,
                                  const DdStockEdit   *edits,
                                  guint                n_edits,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  GPtrArray *jobs;

  g_return_if_fail (DD_IS_STORE (self));
  g_return_if_fail (edits != NULL && n_edits > 0);

  jobs = g_ptr_array_new_full (n_edits, stock_edit_job_free);
  for (guint i = 0; i < n_edits; i++)
    {
      const DdStockEdit *edit = &edits[i];
      StockEditJob *job;

      g_return_if_fail (edit->hub_id != NULL && edit->sku != NULL);
      g_return_if_fail (edit->delta != 0 && edit->actor != NULL);

      job = g_new0 (StockEditJob, 1);
      job->hub_id = g_strdup (edit->hub_id);
      job->sku = g_strdup (edit->sku);
      job->delta = edit->delta;
      job->actor = g_strdup (edit->actor);
      job->role = edit->role;
      job->reason = g_strdup (edit->reason);
      g_ptr_array_add (jobs, job);
    }
  _dd_store_queue_job (self, job_apply_stock_edits, jobs, (GDestroyNotify) g_ptr_array_unref,
                       DD_STORE_RESULT_BOOLEAN, cancellable, callback, user_data,
                       dd_store_apply_stock_edits_async);
}

void
dd_store_apply_stock_edit_async (DdStore             *self,
                                 const DdStockEdit   *edit,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  dd_store_apply_stock_edits_async (self, edit, 1, cancellable, callback, user_data);
}

gboolean
_dd_store_job_count_outbox (DdStoreConnection  *conn,
                            gpointer            data,
                            DdStoreResult      *result,
                            GError            **error)
{
  sqlite3_stmt *stmt;
  int rc;

  stmt = _dd_store_prepare (conn, "SELECT count(*) FROM outbox WHERE state = 'pending'", error);
  if (stmt == NULL)
    return FALSE;
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      _dd_store_set_sqlite_error (error, conn->db, rc, conn->path);
      sqlite3_reset (stmt);
      return FALSE;
    }
  result->number = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return TRUE;
}
