/* test-sync-flusher.c — the outbox flusher's order, holds and retries
 *
 * The commerce side is a scripted DdCommerceProvider (the interface is
 * ours; the real Medusa is in tests/integration/test-medusa-sync.c): it
 * answers after a short pause, so several lanes are in flight at once, and
 * by the offer's id it applies, fails for a while, reports a conflict or
 * refuses. The store is real.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>

#include <json-glib/json-glib.h>

#include "dd-net-error.h"
#include "dd-store-sync.h"
#include "dd-store-sync-outbox.h"
#include "dd-sync-flusher.h"

#include "dd-test-util.h"

/* The scripted provider */

#define TEST_TYPE_PROVIDER (test_provider_get_type ())
G_DECLARE_FINAL_TYPE (TestProvider, test_provider, TEST, PROVIDER, GObject)

struct _TestProvider
{
  GObject parent_instance;
  DdConnectivity *connectivity;
  GPtrArray *pushed;        /* "entity_id after", in the order sent */
  GHashTable *failures;     /* entity_id -> failures still to give */
  guint in_flight;
  guint most_in_flight;
};

static void test_provider_iface_init (DdCommerceProviderInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (TestProvider, test_provider, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (DD_TYPE_COMMERCE_PROVIDER, test_provider_iface_init))

static gboolean
answer_cb (gpointer user_data)
{
  GTask *task = user_data;
  TestProvider *self = g_task_get_source_object (task);
  const DdOutboxEntry *entry = g_task_get_task_data (task);
  DdCommercePushResult *result = NULL;
  guint failures = GPOINTER_TO_UINT (g_hash_table_lookup (self->failures, entry->entity_id));
  g_autoptr(JsonNode) payload = json_from_string (entry->payload, NULL);
  const char *after = json_object_get_string_member (json_node_get_object (payload), "after");

  self->in_flight--;
  if (failures > 0)
    {
      g_hash_table_insert (self->failures, g_strdup (entry->entity_id), GUINT_TO_POINTER (failures - 1));
      g_task_return_new_error (task, DD_NET_ERROR, DD_NET_ERROR_NOT_CONNECTED, "offline for a while");
      g_object_unref (task);
      return G_SOURCE_REMOVE;
    }

  g_ptr_array_add (self->pushed, g_strdup_printf ("%s %s", entry->entity_id, after));
  if (g_str_has_prefix (entry->entity_id, "conflict"))
    {
      result = dd_commerce_push_result_new (DD_COMMERCE_PUSH_CONFLICT, "changed");
      result->base = g_strdup ("{\"price_minor\":100}");
      result->local = g_strdup ("{\"price_minor\":200}");
      result->remote = g_strdup ("{\"price_minor\":300}");
    }
  else if (g_str_has_prefix (entry->entity_id, "refused"))
    result = dd_commerce_push_result_new (DD_COMMERCE_PUSH_REJECTED, "Medusa said no");
  else
    result = dd_commerce_push_result_new (DD_COMMERCE_PUSH_APPLIED, NULL);
  g_task_return_pointer (task, result, (GDestroyNotify) dd_commerce_push_result_free);
  g_object_unref (task);
  return G_SOURCE_REMOVE;
}

static void
push_async (DdCommerceProvider  *provider,
            const DdOutboxEntry *entry,
            GCancellable        *cancellable,
            GAsyncReadyCallback  callback,
            gpointer             user_data)
{
  TestProvider *self = TEST_PROVIDER (provider);
  GTask *task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_task_data (task, dd_outbox_entry_copy (entry), (GDestroyNotify) dd_outbox_entry_free);
  self->in_flight++;
  self->most_in_flight = MAX (self->most_in_flight, self->in_flight);
  g_timeout_add (5, answer_cb, task);
}

static DdCommercePushResult *
push_finish (DdCommerceProvider  *provider,
             GAsyncResult        *result,
             GError             **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
load_catalog_async (DdCommerceProvider  *provider,
                    GCancellable        *cancellable,
                    GAsyncReadyCallback  callback,
                    gpointer             user_data)
{
  g_task_report_new_error (provider, callback, user_data, load_catalog_async,
                           DD_NET_ERROR, DD_NET_ERROR_NOT_SUPPORTED, "no catalog here");
}

static DdCommerceCatalog *
load_catalog_finish (DdCommerceProvider  *provider,
                     GAsyncResult        *result,
                     GError             **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

static DdConnectivity *
get_connectivity (DdCommerceProvider *provider)
{
  return TEST_PROVIDER (provider)->connectivity;
}

static void
test_provider_iface_init (DdCommerceProviderInterface *iface)
{
  iface->load_catalog_async = load_catalog_async;
  iface->load_catalog_finish = load_catalog_finish;
  iface->get_connectivity = get_connectivity;
  iface->push_async = push_async;
  iface->push_finish = push_finish;
}

static void
test_provider_finalize (GObject *object)
{
  TestProvider *self = TEST_PROVIDER (object);

  g_clear_object (&self->connectivity);
  g_clear_pointer (&self->pushed, g_ptr_array_unref);
  g_clear_pointer (&self->failures, g_hash_table_unref);
  G_OBJECT_CLASS (test_provider_parent_class)->finalize (object);
}

static void
test_provider_class_init (TestProviderClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = test_provider_finalize;
}

static void
test_provider_init (TestProvider *self)
{
  self->connectivity = dd_connectivity_new (DD_SERVICE_COMMERCE);
  self->pushed = g_ptr_array_new_with_free_func (g_free);
  self->failures = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}

/* Fixture */

typedef struct
{
  char *dir;
  DdStore *store;
  TestProvider *provider;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;

  fixture->dir = dd_test_make_tmpdir ();
  path = g_build_filename (fixture->dir, "dropdeck.db", NULL);
  fixture->store = dd_store_open_sync (path, NULL, &error);
  g_assert_no_error (error);
  fixture->provider = g_object_new (TEST_TYPE_PROVIDER, NULL);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_object (&fixture->provider);
  dd_store_close (fixture->store);
  g_clear_object (&fixture->store);
  dd_test_remove_tree (fixture->dir);
  g_free (fixture->dir);
}

static void
keep_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static GAsyncResult *
wait_result (GAsyncResult **slot)
{
  while (*slot == NULL)
    g_main_context_iteration (NULL, TRUE);
  return *slot;
}

/* An edit of `id`'s price to `cents`, as the offer editor makes it. */
static void
edit (Fixture    *fixture,
      const char *id,
      gint64      cents)
{
  g_autoptr(DdOffer) offer = dd_offer_new (id, "Sock", id);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *after = g_strdup_printf ("%" G_GINT64_FORMAT, cents);
  DdMoney price = dd_money_init (cents, "EUR");
  DdStoreEdit change = { .field = "price", .after = after, .actor = "ana", .role = DD_ROLE_PRODUCER };

  dd_offer_set_remote_id (offer, "prod_1");
  dd_offer_set_price (offer, &price);
  dd_store_apply_offer_edit_async (fixture->store, offer, &change, NULL, keep_cb, &result);
  g_assert_true (dd_store_apply_offer_edit_finish (fixture->store, wait_result (&result), &error));
  g_assert_no_error (error);
}

static gboolean
flush (Fixture            *fixture,
       guint               max_failures,
       DdSyncFlushSummary *summary,
       GError            **error)
{
  g_autoptr(DdSyncFlusher) flusher = dd_sync_flusher_new (fixture->store, DD_COMMERCE_PROVIDER (fixture->provider));
  g_autoptr(GAsyncResult) result = NULL;

  dd_sync_flusher_set_retry (flusher, max_failures, 1, 4);
  dd_sync_flusher_flush_async (flusher, NULL, keep_cb, &result);
  return dd_sync_flusher_flush_finish (flusher, wait_result (&result), summary, error);
}

static DdOutboxSummary *
summarize (Fixture *fixture)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  DdOutboxSummary *summary;

  dd_store_summarize_outbox_async (fixture->store, NULL, keep_cb, &result);
  summary = dd_store_summarize_outbox_finish (fixture->store, wait_result (&result), &error);
  g_assert_no_error (error);
  return summary;
}

/* Several entities at once, each one's edits in the order they were made. */
static void
test_order_per_entity (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(DdOutboxSummary) after = NULL;
  g_autoptr(GError) error = NULL;
  DdSyncFlushSummary summary;
  gint64 last[6] = { 0, };

  for (guint round = 1; round <= 12; round++)
    for (guint e = 0; e < G_N_ELEMENTS (last); e++)
      {
        g_autofree char *id = g_strdup_printf ("offer-%u", e);

        edit (fixture, id, round);
      }

  g_assert_true (flush (fixture, 3, &summary, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (summary.applied, ==, 72);
  g_assert_cmpuint (fixture->provider->pushed->len, ==, 72);
  g_assert_cmpuint (fixture->provider->most_in_flight, >, 1);
  for (guint i = 0; i < fixture->provider->pushed->len; i++)
    {
      guint e;
      gint64 cents;

      g_assert_cmpint (sscanf (g_ptr_array_index (fixture->provider->pushed, i),
                               "offer-%u %" G_GINT64_FORMAT, &e, &cents), ==, 2);
      g_assert_cmpint (cents, ==, last[e] + 1);
      last[e] = cents;
    }
  after = summarize (fixture);
  g_assert_cmpint (after->pending, ==, 0);
  g_assert_cmpint (after->done, ==, 72);
}

/* A conflict holds the rest of its entity, in this flush and the next;
 * a refusal keeps the reason; the others go through. */
static void
test_conflict_holds_entity (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(DdOutboxSummary) after = NULL;
  g_autoptr(GError) error = NULL;
  DdSyncFlushSummary summary;

  edit (fixture, "conflict-a", 1);
  edit (fixture, "plain-b", 1);
  edit (fixture, "conflict-a", 2);
  edit (fixture, "refused-c", 1);
  edit (fixture, "conflict-a", 3);

  g_assert_true (flush (fixture, 3, &summary, &error));
  g_assert_cmpuint (summary.conflicted, ==, 1);
  g_assert_cmpuint (summary.rejected, ==, 1);
  g_assert_cmpuint (summary.applied, ==, 1);
  after = summarize (fixture);
  g_assert_cmpint (after->pending, ==, 2);
  g_assert_cmpint (after->open_conflicts, ==, 1);
  g_assert_cmpstr (after->last_error, !=, NULL);

  g_assert_true (flush (fixture, 3, &summary, &error));
  g_assert_cmpuint (summary.applied + summary.conflicted + summary.rejected, ==, 0);
  g_assert_cmpuint (fixture->provider->pushed->len, ==, 3);

  /* The person takes the remote value: the edit is discarded, the offer
   * holds the remote's price, and the entity's later edits go on. */
  {
    g_autoptr(GAsyncResult) listed = NULL;
    g_autoptr(GAsyncResult) resolved = NULL;
    g_autoptr(GPtrArray) conflicts = NULL;
    g_autoptr(GPtrArray) offers = NULL;
    g_autoptr(DdOutboxSummary) later = NULL;

    dd_store_list_conflicts_async (fixture->store, NULL, keep_cb, &listed);
    conflicts = dd_store_load_finish (fixture->store, wait_result (&listed), &error);
    g_assert_cmpuint (conflicts->len, ==, 1);
    dd_store_resolve_conflict_async (fixture->store, ((DdSyncConflict *) g_ptr_array_index (conflicts, 0))->id,
                                     DD_CONFLICT_TAKE_REMOTE, NULL, keep_cb, &resolved);
    g_assert_true (dd_store_save_finish (fixture->store, wait_result (&resolved), &error));
    g_assert_no_error (error);

    offers = dd_store_load_sync (fixture->store, dd_store_load_offers_async, &error);
    for (guint i = 0; i < offers->len; i++)
      if (g_str_equal (dd_offer_get_id (g_ptr_array_index (offers, i)), "conflict-a"))
        g_assert_cmpint (dd_offer_get_price (g_ptr_array_index (offers, i))->minor, ==, 300);
    later = summarize (fixture);
    g_assert_cmpint (later->open_conflicts, ==, 0);
    g_assert_cmpint (later->rejected, ==, 2);
    g_assert_cmpint (later->pending, ==, 2);

    /* A conflict that is already resolved cannot be resolved again. */
    g_clear_object (&resolved);
    dd_store_resolve_conflict_async (fixture->store, ((DdSyncConflict *) g_ptr_array_index (conflicts, 0))->id,
                                     DD_CONFLICT_KEEP_LOCAL, NULL, keep_cb, &resolved);
    g_assert_false (dd_store_save_finish (fixture->store, wait_result (&resolved), &error));
    g_assert_error (error, DD_STORE_ERROR, DD_STORE_ERROR_FAILED);
    g_clear_error (&error);
  }
  g_assert_true (flush (fixture, 3, &summary, &error));
  g_assert_cmpuint (fixture->provider->pushed->len, ==, 4);
}

/* Failures are retried on the same entry; too many in a row end the flush
 * with the reason, and the entry stays pending for the next one. */
static void
test_retries_then_gives_up (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(DdOutboxSummary) after = NULL;
  g_autoptr(GError) error = NULL;
  DdSyncFlushSummary summary;

  edit (fixture, "flaky", 1);
  g_hash_table_insert (fixture->provider->failures, g_strdup ("flaky"), GUINT_TO_POINTER (2));
  g_assert_true (flush (fixture, 3, &summary, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (summary.failures, ==, 2);
  g_assert_cmpuint (summary.applied, ==, 1);

  edit (fixture, "down", 1);
  g_hash_table_insert (fixture->provider->failures, g_strdup ("down"), GUINT_TO_POINTER (10));
  g_assert_false (flush (fixture, 3, &summary, &error));
  g_assert_error (error, DD_NET_ERROR, DD_NET_ERROR_NOT_CONNECTED);
  g_assert_cmpuint (summary.failures, ==, 3);
  after = summarize (fixture);
  g_assert_cmpint (after->pending, ==, 1);
  g_assert_cmpstr (after->last_error, ==, "offline for a while");

  g_clear_error (&error);
  g_assert_true (flush (fixture, 10, &summary, &error));
  g_assert_cmpuint (summary.applied, ==, 1);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/dropdeck/engine/sync-flusher/order-per-entity", Fixture, NULL,
              fixture_set_up, test_order_per_entity, fixture_tear_down);
  g_test_add ("/dropdeck/engine/sync-flusher/conflict-holds-entity", Fixture, NULL,
              fixture_set_up, test_conflict_holds_entity, fixture_tear_down);
  g_test_add ("/dropdeck/engine/sync-flusher/retries-then-gives-up", Fixture, NULL,
              fixture_set_up, test_retries_then_gives_up, fixture_tear_down);

  return g_test_run ();
}
