/* test-medusa-sync.c — the outbox pushed to a real Medusa v2, exactly once,
 * under faults
 *
 * One Medusa for all cases (test-medusa-fixture.c). A loopback relay
 * (test-medusa-relay.c) loses answers after Medusa handled the request;
 * build-aux/medusa.sh stops the Medusa server by its PID in the middle of
 * a flush and starts it again; Medusa's own data is changed behind
 * Dropdeck's back. Every check of an effect goes through the Admin API.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdarg.h>

#include "dd-medusa-provider.h"
#include "dd-medusa-money.h"
#include "dd-medusa-push.h"
#include "dd-net-error.h"
#include "dd-store-sync-outbox.h"
#include "dd-store-sync.h"
#include "dd-sync-flusher.h"
#include "dd-sync-pull.h"

#include "test-medusa-fixture.c"
#include "test-medusa-relay.c"

static Relay *relay;

typedef struct
{
  char *dir;
  DdStore *store;
  DdMedusaClient *direct;   /* for checks, straight to Medusa */
  DdMedusaClient *relayed;  /* what Dropdeck uses, through the relay */
  DdMedusaProvider *provider;
} Fixture;

static DdMedusaClient *
new_client (guint16 port)
{
  g_autofree char *key = read_server_file ("api-key");
  g_autofree char *url = g_strdup_printf ("http://127.0.0.1:%u", port);
  DdMedusaClient *client = dd_medusa_client_new (url, NULL);

  dd_medusa_client_set_api_key (client, key);
  dd_medusa_client_set_timeout (client, 10);
  return client;
}

static guint16
medusa_port (void)
{
  g_autofree char *url = read_server_file ("url");

  return (guint16) atoi (strrchr (url, ':') + 1);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("dropdeck-sync-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (fixture->dir, "dropdeck.db", NULL);
  fixture->store = dd_store_open_sync (path, NULL, &error);
  g_assert_no_error (error);
  fixture->direct = new_client (medusa_port ());
  fixture->relayed = new_client (relay->port);
  fixture->provider = dd_medusa_provider_new (fixture->relayed, "EUR");
  relay->drop_answers = 0;
  relay->drop_post_answers = 0;
  relay->dropped = 0;
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  const char *rm_argv[] = { "rm", "-rf", fixture->dir, NULL };

  g_clear_object (&fixture->provider);
  g_clear_object (&fixture->relayed);
  g_clear_object (&fixture->direct);
  dd_store_close (fixture->store);
  g_clear_object (&fixture->store);
  g_spawn_sync (NULL, (char **) rm_argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, NULL, NULL);
  g_free (fixture->dir);
}

/* The seeded catalog, pulled and cached as a sync does: the offers. */
static GPtrArray *
pull_into_store (Fixture *fixture)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *offers;

  dd_sync_pull_async (fixture->store, DD_COMMERCE_PROVIDER (fixture->provider), 0, NULL,
                      store_result_cb, &result);
  g_assert_true (dd_sync_pull_finish (wait_for (&result), NULL, &error));
  g_assert_no_error (error);
  offers = dd_store_load_sync (fixture->store, dd_store_load_offers_async, &error);
  g_assert_no_error (error);
  return offers;
}

static DdOffer *
find_sku (GPtrArray  *offers,
          const char *sku)
{
  for (guint i = 0; i < offers->len; i++)
    if (g_str_equal (dd_offer_get_sku (g_ptr_array_index (offers, i)), sku))
      return g_ptr_array_index (offers, i);
  g_assert_not_reached ();
}

/* A local edit of the price, as the offer editor makes it. */
static void
edit_price (Fixture *fixture,
            DdOffer *offer,
            gint64   minor)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *before = g_strdup_printf ("%" G_GINT64_FORMAT, dd_offer_get_price (offer)->minor);
  g_autofree char *after = g_strdup_printf ("%" G_GINT64_FORMAT, minor);
  DdMoney price = dd_money_init (minor, "EUR");
  DdStoreEdit edit = { .field = "price", .before = before, .after = after,
                       .actor = "ana", .role = DD_ROLE_PRODUCER };

  dd_offer_set_price (offer, &price);
  dd_store_apply_offer_edit_async (fixture->store, offer, &edit, NULL, store_result_cb, &result);
  g_assert_true (dd_store_apply_offer_edit_finish (fixture->store, wait_for (&result), &error));
  g_assert_no_error (error);
}

static DdOffer *
create_offer (Fixture    *fixture,
              const char *id,
              const char *title,
              const char *sku,
              gint64      minor)
{
  DdOffer *offer = dd_offer_new (id, title, sku);
  DdMoney price = dd_money_init (0, "EUR");

  dd_offer_set_price (offer, &price);
  edit_price (fixture, offer, minor);
  return offer;
}

static gboolean
flush (Fixture            *fixture,
       DdSyncFlushSummary *summary,
       GError            **error)
{
  g_autoptr(DdSyncFlusher) flusher = dd_sync_flusher_new (fixture->store, DD_COMMERCE_PROVIDER (fixture->provider));
  g_autoptr(GAsyncResult) result = NULL;

  dd_sync_flusher_set_retry (flusher, 60, 100, 1000);
  dd_sync_flusher_flush_async (flusher, NULL, store_result_cb, &result);
  return dd_sync_flusher_flush_finish (flusher, wait_for (&result), summary, error);
}

static DdOutboxSummary *
summarize (Fixture *fixture)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  DdOutboxSummary *summary;

  dd_store_summarize_outbox_async (fixture->store, NULL, store_result_cb, &result);
  summary = dd_store_summarize_outbox_finish (fixture->store, wait_for (&result), &error);
  g_assert_no_error (error);
  return summary;
}

static JsonNode *
admin_get (Fixture    *fixture,
           const char *path,
           const char *query)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  JsonNode *node;

  dd_medusa_client_get_async (fixture->direct, path, query, NULL, store_result_cb, &result);
  node = dd_medusa_client_get_finish (fixture->direct, wait_for (&result), &error);
  g_assert_no_error (error);
  return node;
}

/* Variants in Medusa carrying `sku`, with their product's metadata. */
static JsonArray *
variants_with_sku (Fixture    *fixture,
                   const char *sku)
{
  g_autofree char *query = g_strdup_printf ("sku=%s&fields=id,product_id,product.metadata,*prices", sku);
  g_autoptr(JsonNode) answer = admin_get (fixture, "/admin/product-variants", query);

  return json_array_ref (json_object_get_array_member (json_node_get_object (answer), "variants"));
}

static gint64
remote_price (Fixture    *fixture,
              const char *sku)
{
  g_autoptr(JsonArray) variants = variants_with_sku (fixture, sku);
  JsonObject *variant;
  JsonArray *prices;
  DdMoney money;

  g_assert_cmpuint (json_array_get_length (variants), ==, 1);
  variant = json_array_get_object_element (variants, 0);
  prices = json_object_get_array_member (variant, "prices");
  for (guint i = 0; i < json_array_get_length (prices); i++)
    {
      JsonObject *price = json_array_get_object_element (prices, i);

      if (g_ascii_strcasecmp (json_object_get_string_member (price, "currency_code"), "eur") == 0)
        {
          g_assert_true (dd_medusa_money_from_json (json_object_get_member (price, "amount"),
                                                    "EUR", FALSE, &money, NULL));
          return money.minor;
        }
    }
  g_assert_not_reached ();
}

static DdOffer *
load_offer (Fixture    *fixture,
            const char *id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) offers = dd_store_load_sync (fixture->store, dd_store_load_offers_async, &error);

  g_assert_no_error (error);
  for (guint i = 0; i < offers->len; i++)
    if (g_str_equal (dd_offer_get_id (g_ptr_array_index (offers, i)), id))
      return g_object_ref (g_ptr_array_index (offers, i));
  g_assert_not_reached ();
}

/* (a) Medusa creates the product, the answer is lost: the retry finds the
 * product by its idempotency key and creates nothing more; a lost answer
 * to an update is not applied twice either. */
static void
test_lost_answer_no_duplicate (Fixture       *fixture,
                               gconstpointer  data)
{
  g_autoptr(DdOffer) offer = create_offer (fixture, "local-mug", "Drop Mug", "MUG-1", 1490);
  g_autoptr(DdOffer) stored = NULL;
  g_autoptr(JsonArray) variants = NULL;
  g_autoptr(GError) error = NULL;
  DdSyncFlushSummary summary;
  JsonObject *metadata;

  relay->drop_answers = 1;
  g_assert_true (flush (fixture, &summary, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (relay->dropped, ==, 1);
  g_assert_cmpuint (summary.failures, >=, 1);
  g_assert_cmpuint (summary.applied, ==, 1);

  variants = variants_with_sku (fixture, "MUG-1");
  g_assert_cmpuint (json_array_get_length (variants), ==, 1);
  metadata = json_object_get_object_member (json_object_get_object_member (json_array_get_object_element (variants, 0), "product"), "metadata");
  g_assert_true (json_object_has_member (metadata, DD_MEDUSA_IDEMPOTENCY_KEY));

  stored = load_offer (fixture, "local-mug");
  g_assert_cmpstr (dd_offer_get_remote_id (stored), ==,
                   json_object_get_string_member (json_array_get_object_element (variants, 0), "product_id"));
  g_assert_cmpint (dd_offer_get_sync_state (stored), ==, DD_SYNC_STATE_SYNCED);

  /* An update whose answer is lost. */
  edit_price (fixture, stored, 1290);
  relay->drop_answers = 1;
  g_assert_true (flush (fixture, &summary, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (relay->dropped, ==, 2);
  g_assert_cmpuint (summary.applied, ==, 1);
  g_assert_cmpint (remote_price (fixture, "MUG-1"), ==, 1290);
  g_clear_pointer (&variants, json_array_unref);
  variants = variants_with_sku (fixture, "MUG-1");
  g_assert_cmpuint (json_array_get_length (variants), ==, 1);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (json_array_get_object_element (variants, 0), "prices")), ==, 1);
}

typedef struct
{
  Fixture *fixture;
  gboolean stopped;
  gint64 done_when_stopped;
  GSubprocess *restart;
  gboolean restarted;
} Crash;

static void
restarted_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  Crash *crash = user_data;
  g_autoptr(GError) error = NULL;

  g_assert_true (g_subprocess_wait_check_finish (G_SUBPROCESS (object), result, &error));
  g_assert_no_error (error);
  crash->restarted = TRUE;
}

static gboolean
restart_cb (gpointer user_data)
{
  Crash *crash = user_data;
  g_autoptr(GError) error = NULL;

  crash->restart = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE, &error,
                                     "/bin/bash", script, "restart-server", server_dir, NULL);
  g_assert_no_error (error);
  g_subprocess_wait_check_async (crash->restart, NULL, restarted_cb, crash);
  return G_SOURCE_REMOVE;
}

/* Stops the Medusa server by its PID once a few entries went through. */
static gboolean
watch_cb (gpointer user_data)
{
  Crash *crash = user_data;
  g_autoptr(DdOutboxSummary) summary = NULL;
  g_autoptr(GAsyncResult) result = NULL;

  dd_store_summarize_outbox_async (crash->fixture->store, NULL, store_result_cb, &result);
  summary = dd_store_summarize_outbox_finish (crash->fixture->store, wait_for (&result), NULL);
  if (summary->done < 6)
    return G_SOURCE_CONTINUE;

  crash->done_when_stopped = summary->done;
  g_assert_cmpint (run_script ("stop-server", server_dir, NULL, NULL), ==, 0);
  crash->stopped = TRUE;
  g_timeout_add (1500, restart_cb, crash);
  return G_SOURCE_REMOVE;
}

/* (b) Medusa stopped in the middle of a flush and started again: every
 * edit lands once. */
static void
test_restart_mid_flush (Fixture       *fixture,
                        gconstpointer  data)
{
  static const char * const skus[] = { "GLOW-30", "GLOW-50", "TEE-M", "TEE-L", "LAMP-B", "LAMP-W" };
  g_autoptr(GPtrArray) offers = pull_into_store (fixture);
  g_autoptr(GPtrArray) created = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(DdSyncFlusher) flusher = dd_sync_flusher_new (fixture->store, DD_COMMERCE_PROVIDER (fixture->provider));
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(DdOutboxSummary) after = NULL;
  g_autoptr(GError) error = NULL;
  DdSyncFlushSummary summary;
  Crash crash = { .fixture = fixture };
  guint n_edits = 0;

  for (guint round = 1; round <= 3; round++)
    for (guint i = 0; i < G_N_ELEMENTS (skus); i++, n_edits++)
      edit_price (fixture, find_sku (offers, skus[i]), 1000 * round + i);
  for (guint i = 0; i < 8; i++, n_edits++)
    {
      g_autofree char *id = g_strdup_printf ("local-bulk-%u", i);
      g_autofree char *title = g_strdup_printf ("Bulk Sock %u", i);
      g_autofree char *sku = g_strdup_printf ("BULK-%u", i);

      g_ptr_array_add (created, create_offer (fixture, id, title, sku, 500 + i));
    }

  dd_sync_flusher_set_retry (flusher, 200, 100, 1000);
  g_timeout_add (10, watch_cb, &crash);
  dd_sync_flusher_flush_async (flusher, NULL, store_result_cb, &result);
  g_assert_true (dd_sync_flusher_flush_finish (flusher, wait_for (&result), &summary, &error));
  g_assert_no_error (error);
  while (!crash.restarted)
    g_main_context_iteration (NULL, TRUE);
  g_clear_object (&crash.restart);

  g_test_message ("stopped after %" G_GINT64_FORMAT " of %u entries; %u failed attempts retried",
                  crash.done_when_stopped, n_edits, summary.failures);
  g_assert_true (crash.stopped);
  g_assert_cmpint (crash.done_when_stopped, <, n_edits);
  g_assert_cmpuint (summary.failures, >, 0);
  g_assert_cmpuint (summary.applied, ==, n_edits);
  g_assert_cmpuint (summary.conflicted, ==, 0);
  g_assert_cmpuint (summary.rejected, ==, 0);

  after = summarize (fixture);
  g_assert_cmpint (after->pending, ==, 0);
  g_assert_cmpint (after->done, ==, n_edits);
  for (guint i = 0; i < G_N_ELEMENTS (skus); i++)
    g_assert_cmpint (remote_price (fixture, skus[i]), ==, 3000 + i);
  for (guint i = 0; i < 8; i++)
    {
      g_autofree char *sku = g_strdup_printf ("BULK-%u", i);
      g_autoptr(JsonArray) variants = variants_with_sku (fixture, sku);

      g_assert_cmpuint (json_array_get_length (variants), ==, 1);
      g_assert_cmpint (remote_price (fixture, sku), ==, 500 + i);
    }
}

static void
admin_post (Fixture    *fixture,
            const char *path,
            const char *body_text)
{
  g_autoptr(JsonNode) body = json_from_string (body_text, NULL);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(GError) error = NULL;

  dd_medusa_client_post_async (fixture->direct, path, body, NULL, store_result_cb, &result);
  answer = dd_medusa_client_post_finish (fixture->direct, wait_for (&result), &error);
  g_assert_no_error (error);
}

static void
admin_set_price (Fixture    *fixture,
                 DdOffer    *offer,
                 const char *body_text)
{
  g_autofree char *path = g_strdup_printf ("/admin/products/%s/variants/%s",
                                           dd_offer_get_remote_id (offer), dd_offer_get_id (offer));

  admin_post (fixture, path, body_text);
}

/* (c) The same offer changed in Medusa and offline in Dropdeck: a
 * conflict with base, local and remote values; nothing overwritten; the
 * offer's later edits wait behind it. */
static void
test_conflict_kept (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(GPtrArray) offers = pull_into_store (fixture);
  DdOffer *tee = find_sku (offers, "TEE-M");
  gint64 base = dd_offer_get_price (tee)->minor;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GPtrArray) conflicts = NULL;
  g_autoptr(DdOutboxSummary) after = NULL;
  g_autoptr(DdOffer) stored = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *expected_base = g_strdup_printf ("{\"price_minor\":%" G_GINT64_FORMAT "}", base);
  DdSyncFlushSummary summary;
  DdSyncConflict *conflict;

  admin_set_price (fixture, tee, "{\"prices\": [{\"currency_code\": \"eur\", \"amount\": 31}]}");
  edit_price (fixture, tee, 2700);
  edit_price (fixture, tee, 2600);

  g_assert_true (flush (fixture, &summary, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (summary.conflicted, ==, 1);
  g_assert_cmpuint (summary.applied, ==, 0);
  g_assert_cmpint (remote_price (fixture, "TEE-M"), ==, 3100);

  dd_store_list_conflicts_async (fixture->store, NULL, store_result_cb, &result);
  conflicts = dd_store_load_finish (fixture->store, wait_for (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (conflicts->len, ==, 1);
  conflict = g_ptr_array_index (conflicts, 0);
  g_assert_cmpstr (conflict->entity_id, ==, dd_offer_get_id (tee));
  g_assert_cmpstr (conflict->base, ==, expected_base);
  g_assert_cmpstr (conflict->local, ==, "{\"price_minor\":2700}");
  g_assert_cmpstr (conflict->remote, ==, "{\"price_minor\":3100}");

  after = summarize (fixture);
  g_assert_cmpint (after->conflicted, ==, 1);
  g_assert_cmpint (after->pending, ==, 1);
  stored = load_offer (fixture, dd_offer_get_id (tee));
  g_assert_cmpint (dd_offer_get_sync_state (stored), ==, DD_SYNC_STATE_CONFLICTED);

  /* Held: a second flush sends nothing. */
  g_assert_true (flush (fixture, &summary, &error));
  g_assert_cmpuint (summary.applied + summary.conflicted + summary.rejected, ==, 0);
  g_assert_cmpint (remote_price (fixture, "TEE-M"), ==, 3100);

  /* The person keeps the local value: both edits land, in order. */
  {
    g_autoptr(GAsyncResult) resolved = NULL;

    dd_store_resolve_conflict_async (fixture->store, conflict->id, DD_CONFLICT_KEEP_LOCAL, NULL,
                                     store_result_cb, &resolved);
    g_assert_true (dd_store_save_finish (fixture->store, wait_for (&resolved), &error));
    g_assert_no_error (error);
  }
  g_assert_true (flush (fixture, &summary, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (summary.applied, ==, 2);
  g_assert_cmpuint (summary.conflicted, ==, 0);
  g_assert_cmpint (remote_price (fixture, "TEE-M"), ==, 2600);
  g_clear_object (&stored);
  stored = load_offer (fixture, dd_offer_get_id (tee));
  g_assert_cmpint (dd_offer_get_sync_state (stored), ==, DD_SYNC_STATE_SYNCED);
}

/* (d) Medusa refuses a create: the entry is kept as rejected with
 * Medusa's reason, and nothing was created. */
static void
test_rejection_keeps_reason (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autoptr(DdOffer) offer = create_offer (fixture, "local-glow", "Glow Serum", "GLOW-NEW", 2500);
  g_autoptr(DdOutboxSummary) after = NULL;
  g_autoptr(DdOffer) stored = NULL;
  g_autoptr(JsonArray) variants = NULL;
  g_autoptr(GError) error = NULL;
  DdSyncFlushSummary summary;

  g_assert_true (flush (fixture, &summary, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (summary.rejected, ==, 1);

  after = summarize (fixture);
  g_assert_cmpint (after->rejected, ==, 1);
  g_assert_cmpint (after->pending, ==, 0);
  g_test_message ("rejected: %s", after->last_error);
  g_assert_nonnull (strstr (after->last_error, "(HTTP 400): Product with handle: glow-serum, already exists."));
  stored = load_offer (fixture, "local-glow");
  g_assert_cmpint (dd_offer_get_sync_state (stored), ==, DD_SYNC_STATE_REJECTED);
  variants = variants_with_sku (fixture, "GLOW-NEW");
  g_assert_cmpuint (json_array_get_length (variants), ==, 0);
}

/* Runs dropdeckctl with `input` on its standard input; returns its exit
 * status and its standard output parsed as JSON (NULL when it is not). */
/* What the last run_ctl() wrote to standard error. */
static char *ctl_stderr;

static int
run_ctl (const char  *input,
         JsonNode   **output,
         ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  const char *arg;
  va_list args;

  g_ptr_array_add (argv, (gpointer) g_getenv ("DD_DROPDECKCTL"));
  va_start (args, output);
  while ((arg = va_arg (args, const char *)) != NULL)
    g_ptr_array_add (argv, (gpointer) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  process = g_subprocess_newv ((const char * const *) argv->pdata,
                               G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                               G_SUBPROCESS_FLAGS_STDERR_PIPE, &error);
  g_assert_no_error (error);
  g_clear_pointer (&ctl_stderr, g_free);
  g_assert_true (g_subprocess_communicate_utf8 (process, input, NULL, &out, &ctl_stderr, &error));
  g_assert_no_error (error);
  if (ctl_stderr != NULL && *ctl_stderr != '\0')
    g_test_message ("dropdeckctl said: %s", ctl_stderr);
  if (output != NULL)
    *output = json_from_string (out, NULL);
  return g_subprocess_get_exit_status (process);
}

static gint64
json_int_at (JsonNode   *root,
             const char *object,
             const char *member)
{
  return json_object_get_int_member (json_object_get_object_member (json_node_get_object (root), object), member);
}

/* dropdeckctl sync --once and sync status against the real Medusa, with
 * the account in a real keyring. */
static void
test_ctl_sync (Fixture       *fixture,
               gconstpointer  data)
{
  g_autofree char *url = read_server_file ("url");
  g_autofree char *key = read_server_file ("api-key");
  g_autofree char *key_line = g_strconcat (key, "\n", NULL);
  g_autofree char *db = g_build_filename (fixture->dir, "ctl.db", NULL);
  g_autofree char *nowhere = g_strdup_printf ("http://127.0.0.1:%u", free_port ());
  g_autoptr(JsonNode) first = NULL;
  g_autoptr(JsonNode) second = NULL;
  g_autoptr(JsonNode) status = NULL;
  g_autoptr(JsonNode) failed = NULL;
  g_autoptr(GError) error = NULL;

  if (g_getenv ("DD_DROPDECKCTL") == NULL)
    {
      g_test_skip ("DD_DROPDECKCTL is not set");
      return;
    }

  g_assert_cmpint (run_ctl (key_line, NULL, "account", "set", "commerce", "--url", url, NULL), ==, 0);
  g_assert_cmpint (run_ctl (NULL, &first, "sync", "--once", "--progress", "--path", db, NULL), ==, 0);
  g_assert_nonnull (first);
  /* --progress: a line per page read on standard error. */
  g_assert_nonnull (strstr (ctl_stderr, "pull: "));
  g_assert_nonnull (strstr (ctl_stderr, " items read\n"));
  g_assert_cmpint (json_int_at (first, "pulled", "offers"), >=, 6);
  g_assert_cmpint (json_int_at (first, "pulled", "hubs"), ==, 2);
  g_assert_cmpint (json_int_at (first, "pushed", "applied"), ==, 0);

  /* An edit made while offline lands with the next sync. */
  {
    g_autoptr(DdStore) store = dd_store_open_sync (db, NULL, &error);
    g_autoptr(GPtrArray) offers = NULL;
    DdStore *own = fixture->store;

    g_assert_no_error (error);
    offers = dd_store_load_sync (store, dd_store_load_offers_async, &error);
    fixture->store = store;
    edit_price (fixture, find_sku (offers, "LAMP-W"), 99999);
    fixture->store = own;
    dd_store_close (store);
  }
  g_assert_cmpint (run_ctl (NULL, &second, "sync", "--once", "--progress", "--path", db, NULL), ==, 0);
  g_assert_cmpint (json_int_at (second, "pushed", "applied"), ==, 1);
  /* ... and per change sent. */
  g_assert_nonnull (strstr (ctl_stderr, "push: 1 of 1 changes sent\n"));
  g_assert_cmpint (run_ctl (NULL, NULL, "sync", "status", "--progress", "--path", db, NULL), ==, 1);
  g_assert_cmpint (json_int_at (second, "pulled", "hubs"), ==, 0);
  g_assert_cmpint (remote_price (fixture, "LAMP-W"), ==, 99999);

  g_assert_cmpint (run_ctl (NULL, &status, "sync", "status", "--path", db, NULL), ==, 0);
  g_assert_cmpint (json_int_at (status, "outbox", "pending"), ==, 0);
  g_assert_cmpint (json_int_at (status, "outbox", "done"), ==, 1);
  g_assert_cmpint (run_ctl (NULL, NULL, "sync", "resolve", "999", "--keep", "local", "--path", db, NULL), ==, 1);
  g_assert_cmpint (run_ctl (NULL, NULL, "sync", "resolve", "1", "--keep", "both", "--path", db, NULL), ==, 1);

  /* An engine that cannot be reached: exit 1, a reason, nothing lost. */
  g_assert_cmpint (run_ctl (key_line, NULL, "account", "set", "commerce", "--url", nowhere, NULL), ==, 0);
  g_assert_cmpint (run_ctl (NULL, &failed, "sync", "--once", "--path", db, NULL), ==, 1);
  g_assert_false (json_object_get_boolean_member (json_node_get_object (failed), "ok"));
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (json_node_get_object (failed), "error"), "step"), ==, "pull");
}

/* Medusa's stocked quantity of `sku` at `hub_id`; the item's id too. */
static gint64
remote_stock (Fixture     *fixture,
              const char  *sku,
              const char  *hub_id,
              char       **item_id)
{
  g_autofree char *query = g_strdup_printf ("sku=%s&fields=id,*location_levels", sku);
  g_autoptr(JsonNode) answer = admin_get (fixture, "/admin/inventory-items", query);
  JsonObject *item = json_array_get_object_element (json_object_get_array_member (json_node_get_object (answer), "inventory_items"), 0);
  JsonArray *levels = json_object_get_array_member (item, "location_levels");

  if (item_id != NULL)
    *item_id = g_strdup (json_object_get_string_member (item, "id"));
  for (guint i = 0; i < json_array_get_length (levels); i++)
    {
      JsonObject *level = json_array_get_object_element (levels, i);

      if (g_str_equal (json_object_get_string_member (level, "location_id"), hub_id))
        return json_object_get_int_member (level, "stocked_quantity");
    }
  g_assert_not_reached ();
}

static const char *
hub_named (GPtrArray  *hubs,
           const char *name)
{
  for (guint i = 0; i < hubs->len; i++)
    if (g_str_equal (dd_hub_get_name (g_ptr_array_index (hubs, i)), name))
      return dd_hub_get_id (g_ptr_array_index (hubs, i));
  g_assert_not_reached ();
}

/* (e) A stock change is a delta re-applied to a fresh read: Medusa's own
 * change made meanwhile is kept, and a lost answer to the write does not
 * apply the delta twice. */
static void
test_stock_delta (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GPtrArray) offers = pull_into_store (fixture);
  g_autoptr(GPtrArray) hubs = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *item_id = NULL;
  g_autofree char *path = NULL;
  g_autofree char *text = NULL;
  DdSyncFlushSummary summary;
  const char *hub;
  gint64 before;
  DdStockEdit edit = { .sku = "GLOW-50", .delta = -5, .actor = "ops", .role = DD_ROLE_OPS_LEAD };

  hubs = dd_store_load_sync (fixture->store, dd_store_load_hubs_async, &error);
  g_assert_no_error (error);
  hub = hub_named (hubs, "Hub Kreuzberg");
  before = remote_stock (fixture, "GLOW-50", hub, &item_id);

  edit.hub_id = hub;
  dd_store_apply_stock_edit_async (fixture->store, &edit, NULL, store_result_cb, &result);
  g_assert_true (dd_store_save_finish (fixture->store, wait_for (&result), &error));
  g_assert_no_error (error);

  /* Meanwhile in Medusa: ten more arrive. */
  path = g_strdup_printf ("/admin/inventory-items/%s/location-levels/%s", item_id, hub);
  text = g_strdup_printf ("{\"stocked_quantity\": %" G_GINT64_FORMAT "}", before + 10);
  admin_post (fixture, path, text);

  relay->drop_post_answers = 1;
  g_assert_true (flush (fixture, &summary, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (relay->dropped, ==, 1);
  g_assert_cmpuint (summary.applied, ==, 1);
  g_assert_cmpint (remote_stock (fixture, "GLOW-50", hub, NULL), ==, before + 10 - 5);
}

static DdSyncPullSummary
pull (Fixture *fixture,
      gint64   stock_every_us)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  DdSyncPullSummary summary;

  dd_sync_pull_async (fixture->store, DD_COMMERCE_PROVIDER (fixture->provider), stock_every_us, NULL,
                      store_result_cb, &result);
  g_assert_true (dd_sync_pull_finish (wait_for (&result), &summary, &error));
  g_assert_no_error (error);
  return summary;
}

static gint64
local_stock (Fixture    *fixture,
             const char *hub_id,
             const char *sku)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) levels = dd_store_load_sync (fixture->store, dd_store_load_stock_async, &error);

  g_assert_no_error (error);
  for (guint i = 0; i < levels->len; i++)
    {
      DdStockLevel *level = g_ptr_array_index (levels, i);

      if (g_str_equal (dd_stock_level_get_hub_id (level), hub_id) && g_str_equal (dd_stock_level_get_sku (level), sku))
        return dd_stock_level_get_on_hand (level);
    }
  g_assert_not_reached ();
}

/* Pulls after the first ask only for what changed: unchanged products are
 * answered 304 and nothing is re-read; stock, which Medusa cannot filter
 * by change, is read in full when its reconciliation is due. */
static void
test_incremental_pull (Fixture       *fixture,
                       gconstpointer  data)
{
  const gint64 hour = G_GINT64_CONSTANT (3600) * G_USEC_PER_SEC;
  g_autoptr(GPtrArray) hubs = NULL;
  g_autoptr(GPtrArray) offers = NULL;
  g_autoptr(DdOffer) tee = NULL;
  g_autoptr(DdOffer) lamp = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *product_path = NULL;
  g_autofree char *level_path = NULL;
  g_autofree char *item_id = NULL;
  DdSyncPullSummary summary;
  guint not_modified;
  const char *altona;

  summary = pull (fixture, hour);
  g_assert_cmpuint (summary.offers, >=, 6);
  g_assert_true (summary.stock_reconciled);
  g_assert_cmpuint (summary.hubs, ==, 2);

  /* The first incremental pull asks from the cursor (updated_at >= the
   * newest seen, so the newest product comes again) and keeps the ETags. */
  summary = pull (fixture, hour);
  g_assert_false (summary.stock_reconciled);
  g_assert_cmpuint (summary.hubs, ==, 0);

  not_modified = dd_medusa_provider_get_not_modified_count (fixture->provider);
  summary = pull (fixture, hour);
  /* Both lists of changes, variants and products, answered 304. */
  g_assert_cmpuint (dd_medusa_provider_get_not_modified_count (fixture->provider), ==, not_modified + 2);
  g_assert_cmpuint (summary.offers, ==, 0);

  /* Changes in Medusa: a product's title, a stock level. */
  offers = dd_store_load_sync (fixture->store, dd_store_load_offers_async, &error);
  hubs = dd_store_load_sync (fixture->store, dd_store_load_hubs_async, &error);
  altona = hub_named (hubs, "Hub Altona");
  product_path = g_strdup_printf ("/admin/products/%s", dd_offer_get_remote_id (find_sku (offers, "TEE-M")));
  admin_post (fixture, product_path, "{\"title\": \"Drop Tee II\"}");
  /* A price change bumps the variant, not its product. */
  admin_set_price (fixture, find_sku (offers, "LAMP-B"), "{\"prices\": [{\"currency_code\": \"eur\", \"amount\": 131.5}]}");
  remote_stock (fixture, "TEE-M", altona, &item_id);
  level_path = g_strdup_printf ("/admin/inventory-items/%s/location-levels/%s", item_id, altona);
  admin_post (fixture, level_path, "{\"stocked_quantity\": 99}");

  summary = pull (fixture, hour);
  g_assert_cmpuint (summary.offers, >=, 4);
  g_assert_false (summary.stock_reconciled);
  tee = load_offer (fixture, dd_offer_get_id (find_sku (offers, "TEE-M")));
  g_assert_cmpstr (dd_offer_get_title (tee), ==, "Drop Tee II — M");
  lamp = load_offer (fixture, dd_offer_get_id (find_sku (offers, "LAMP-B")));
  g_assert_cmpint (dd_offer_get_price (lamp)->minor, ==, 13150);
  g_assert_cmpint (local_stock (fixture, altona, "TEE-M"), !=, 99);

  summary = pull (fixture, 0);
  g_assert_true (summary.stock_reconciled);
  g_assert_cmpint (local_stock (fixture, altona, "TEE-M"), ==, 99);
}

#include "test-medusa-sync-feed.c"
#include "test-medusa-sync-batch.c"
#include "test-medusa-sync-campaign.c"
#include "test-medusa-sync-fulfilment.c"

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  g_test_set_nonfatal_assertions ();

  status = medusa_fixture_begin ();
  if (status != 0)
    return status;
  relay = relay_new (medusa_port ());

  g_test_add ("/dropdeck/integration/medusa-sync/lost-answer-no-duplicate", Fixture, NULL,
              fixture_set_up, test_lost_answer_no_duplicate, fixture_tear_down);
  g_test_add ("/dropdeck/integration/medusa-sync/restart-mid-flush", Fixture, NULL,
              fixture_set_up, test_restart_mid_flush, fixture_tear_down);
  g_test_add ("/dropdeck/integration/medusa-sync/conflict-kept", Fixture, NULL,
              fixture_set_up, test_conflict_kept, fixture_tear_down);
  g_test_add ("/dropdeck/integration/medusa-sync/rejection-keeps-reason", Fixture, NULL,
              fixture_set_up, test_rejection_keeps_reason, fixture_tear_down);
  g_test_add ("/dropdeck/integration/medusa-sync/stock-delta", Fixture, NULL,
              fixture_set_up, test_stock_delta, fixture_tear_down);
  g_test_add ("/dropdeck/integration/medusa-sync/ctl-sync-once", Fixture, NULL,
              fixture_set_up, test_ctl_sync, fixture_tear_down);

  g_test_add ("/dropdeck/integration/medusa-sync/incremental-pull", Fixture, NULL,
              fixture_set_up, test_incremental_pull, fixture_tear_down);
  g_test_add ("/dropdeck/integration/medusa-sync/feed", Fixture, NULL,
              fixture_set_up, test_feed, fixture_tear_down);
  g_test_add ("/dropdeck/integration/medusa-sync/sync-run", Fixture, NULL,
              fixture_set_up, test_sync_run, fixture_tear_down);
  g_test_add ("/dropdeck/integration/medusa-sync/batch-read-ahead", Fixture, NULL,
              fixture_set_up, test_batch_read_ahead, fixture_tear_down);
  g_test_add ("/dropdeck/integration/medusa-sync/campaign-window", Fixture, NULL,
              fixture_set_up, test_campaign_window, fixture_tear_down);
  g_test_add ("/dropdeck/integration/medusa-sync/campaign-conflict-and-countdown", Fixture, NULL,
              fixture_set_up, test_campaign_conflict_and_countdown, fixture_tear_down);
  g_test_add ("/dropdeck/integration/medusa-sync/fulfilment", Fixture, NULL,
              fixture_set_up, test_fulfilment, fixture_tear_down);

  status = g_test_run ();
  relay_free (relay);
  return medusa_fixture_end (status);
}
