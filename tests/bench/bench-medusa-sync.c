/* bench-medusa-sync.c — Dropdeck's Medusa sync against a plain HTTP client,
 * in the same run, on a real Medusa
 *
 *   1. initial sync: load_catalog (every product with its variants and
 *      prices, every stock location, every inventory item, page by page,
 *      mapped to offers, hubs and stock) against the same GET requests
 *      sent by a bare libsoup session that only reads the bodies;
 *   2. outbox flush of price edits (one per variant, each counted in the
 *      store, compared with Medusa's current values — read ahead a batch
 *      at a time with list requests —, sent, confirmed) on 4 lanes,
 *      against the same POST requests sent by a bare session one after
 *      another, and again 4 in flight: the flush's lanes share the
 *      Medusa client's session, which keeps libsoup's default of 2
 *      connections to a host, and so does the bare session. The three
 *      take turns in rounds of 100 edits, so that the load of a shared
 *      machine (Medusa's answer times moved by 2x within minutes) falls
 *      on each alike.
 * Prints times, rates and the ratios with the machine's context and load.
 * A benchmark, not a test.
 *
 * It needs a running Medusa: DD_MEDUSA_DIR names the folder of
 * `build-aux/medusa.sh start DIR PORT` (url and api-key in it). Without
 * one it prints SKIPPED and why, and exits 0: the bench smoke run does not
 * bring Medusa up a second time. The first run seeds --products products
 * x 3 variants and locations up to 6 (prefix "bench-"); later runs reuse
 * them.
 *
 * Usage: bench-medusa-sync [--products N] [--edits N] [--repeat N]
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <libsoup/soup.h>

#include "dd-medusa-money.h"
#include "dd-medusa-provider.h"
#include "dd-store-sync.h"
#include "dd-sync-flusher.h"

#include "dd-bench-machine.h"

#define SEED_BATCH 25
#define N_LOCATIONS 6
/* Edits per round of the flush comparison. */
#define ROUND 100

static DdMedusaClient *client;
static char *base_url;
static char *authorization;

static void
keep_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static GAsyncResult *
wait_for (GAsyncResult **slot)
{
  while (*slot == NULL)
    g_main_context_iteration (NULL, TRUE);
  return *slot;
}

static JsonNode *
call (const char *method,
      const char *path,
      const char *query,
      JsonNode   *body)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  JsonNode *answer;

  if (g_str_equal (method, "GET"))
    {
      dd_medusa_client_get_async (client, path, query, NULL, keep_cb, &result);
      answer = dd_medusa_client_get_finish (client, wait_for (&result), &error);
    }
  else
    {
      dd_medusa_client_post_async (client, path, body, NULL, keep_cb, &result);
      answer = dd_medusa_client_post_finish (client, wait_for (&result), &error);
    }
  if (answer == NULL)
    g_error ("%s %s: %s", method, path, error->message);
  return answer;
}

static gint64
count_of (const char *path,
          const char *query)
{
  g_autoptr(JsonNode) answer = call ("GET", path, query, NULL);

  return json_object_get_int_member (json_node_get_object (answer), "count");
}

/* Products bench-0 .. bench-(n-1), 3 variants each, and locations up to 6. */
static void
seed (guint n_products)
{
  gint64 have = count_of ("/admin/products", "q=bench-product&limit=1&fields=id");
  gint64 locations = count_of ("/admin/stock-locations", "limit=1&fields=id");
  gint64 start = g_get_monotonic_time ();

  for (gint64 l = locations; l < N_LOCATIONS; l++)
    {
      g_autofree char *text =
        g_strdup_printf ("{\"name\": \"bench-hub-%" G_GINT64_FORMAT "\", \"metadata\": "
                         "{\"latitude\": 52.5, \"longitude\": 13.4}}", l);
      g_autoptr(JsonNode) body = json_from_string (text, NULL);
      g_autoptr(JsonNode) answer = call ("POST", "/admin/stock-locations", NULL, body);
    }

  for (guint first = have; first < n_products; first += SEED_BATCH)
    {
      g_autoptr(GString) text = g_string_new ("{\"create\": [");
      g_autoptr(JsonNode) body = NULL;
      g_autoptr(JsonNode) answer = NULL;

      for (guint i = first; i < MIN (first + SEED_BATCH, n_products); i++)
        {
          g_string_append_printf (text, "%s{\"title\": \"bench-product %u\", \"handle\": \"bench-%u\","
                                  " \"status\": \"published\", \"options\": [{\"title\": \"Size\","
                                  " \"values\": [\"S\", \"M\", \"L\"]}], \"variants\": [",
                                  i > first ? "," : "", i, i);
          for (guint v = 0; v < 3; v++)
            g_string_append_printf (text, "%s{\"title\": \"%c\", \"sku\": \"BENCH-%u-%u\","
                                    " \"options\": {\"Size\": \"%c\"}, \"prices\": [{\"currency_code\":"
                                    " \"eur\", \"amount\": %u.99}]}",
                                    v > 0 ? "," : "", "SML"[v], i, v, "SML"[v], 10 + v);
          g_string_append (text, "]}");
        }
      g_string_append (text, "]}");
      body = json_from_string (text->str, NULL);
      answer = call ("POST", "/admin/products/batch", NULL, body);
    }
  if (have < n_products)
    g_print ("seeded %" G_GINT64_FORMAT " products in %.1f s\n",
             n_products - have, (g_get_monotonic_time () - start) / 1e6);
}

/* A bare client: the request, the body read whole, nothing parsed. */
static GBytes *
plain_send (SoupSession *session,
            const char  *method,
            const char  *path_and_query,
            const char  *body)
{
  g_autofree char *url = g_strconcat (base_url, path_and_query, NULL);
  g_autoptr(SoupMessage) message = soup_message_new (method, url);
  g_autoptr(GError) error = NULL;
  GBytes *answer;

  soup_message_headers_replace (soup_message_get_request_headers (message), "Authorization", authorization);
  if (body != NULL)
    {
      g_autoptr(GBytes) bytes = g_bytes_new (body, strlen (body));

      soup_message_set_request_body_from_bytes (message, "application/json", bytes);
    }
  answer = soup_session_send_and_read (session, message, NULL, &error);
  if (answer == NULL || soup_message_get_status (message) != 200)
    g_error ("plain %s %s failed", method, path_and_query);
  return answer;
}

static const struct { const char *path, *fields; } lists[] = {
  { "/admin/products", "id,title,status,handle,metadata,updated_at,*variants,*variants.prices" },
  { "/admin/stock-locations", "id,name,metadata,*address" },
  { "/admin/inventory-items", "id,sku,*location_levels" },
};

static double
plain_sync (void)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  gint64 start = g_get_monotonic_time ();

  for (guint l = 0; l < G_N_ELEMENTS (lists); l++)
    {
      g_autofree char *fields = g_uri_escape_string (lists[l].fields, ",*", TRUE);
      gint64 offset = 0, count = 1;

      while (offset < count)
        {
          g_autofree char *query = g_strdup_printf ("%s?fields=%s&limit=%d&offset=%" G_GINT64_FORMAT,
                                                    lists[l].path, fields, DD_MEDUSA_CLIENT_PAGE_SIZE, offset);
          g_autoptr(GBytes) page = plain_send (session, "GET", query, NULL);
          gsize len;
          const char *data = g_bytes_get_data (page, &len);
          g_autofree char *text = g_strndup (data, len);
          const char *at = g_strrstr (text, "\"count\":");

          count = at != NULL ? g_ascii_strtoll (at + 8, NULL, 10) : 0;
          offset += DD_MEDUSA_CLIENT_PAGE_SIZE;
        }
    }
  return (g_get_monotonic_time () - start) / 1e6;
}

static void
count_progress_cb (DdCommerceProvider *provider,
                   guint64             done,
                   guint64             total,
                   guint              *reports)
{
  (*reports)++;
}

static double
dropdeck_sync (DdMedusaProvider   *provider,
               DdCommerceCatalog **out)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  gint64 start = g_get_monotonic_time ();
  DdCommerceCatalog *catalog;

  dd_commerce_provider_load_catalog_async (DD_COMMERCE_PROVIDER (provider), NULL, keep_cb, &result);
  catalog = dd_commerce_provider_load_catalog_finish (DD_COMMERCE_PROVIDER (provider), wait_for (&result), &error);
  if (catalog == NULL)
    g_error ("load_catalog: %s", error->message);
  *out = catalog;
  return (g_get_monotonic_time () - start) / 1e6;
}

static int
compare_doubles (const void *a,
                 const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static double
median (double *values,
        guint   n)
{
  qsort (values, n, sizeof *values, compare_doubles);
  return values[n / 2];
}

/* The first `n` bench variants. */
static GPtrArray *
bench_offers (GPtrArray *offers,
              guint      n)
{
  GPtrArray *picked = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < offers->len && picked->len < n; i++)
    if (g_str_has_prefix (dd_offer_get_sku (g_ptr_array_index (offers, i)), "BENCH-"))
      g_ptr_array_add (picked, g_object_ref (g_ptr_array_index (offers, i)));
  return picked;
}

/* Price edits of offers [first, first + n), applied to the store. */
static void
edit_prices (DdStore   *store,
             GPtrArray *offers,
             guint      first,
             guint      n,
             gint64     cents)
{
  for (guint i = first; i < first + n; i++)
    {
      DdOffer *offer = g_ptr_array_index (offers, i);
      g_autoptr(GAsyncResult) result = NULL;
      g_autoptr(GError) error = NULL;
      DdStoreEdit edit = { .field = "price", .actor = "bench", .role = DD_ROLE_PRODUCER };
      DdMoney price = dd_money_init (cents + i % 100, "EUR");

      dd_offer_set_price (offer, &price);
      dd_store_apply_offer_edit_async (store, offer, &edit, NULL, keep_cb, &result);
      if (!dd_store_apply_offer_edit_finish (store, wait_for (&result), &error))
        g_error ("edit: %s", error->message);
    }
}

/* The same POSTs as the flush, `in_flight` at a time through one session
 * (libsoup's default of 2 connections to a host, as the Medusa client). */
typedef struct
{
  SoupSession *session;
  GPtrArray *offers;
  gint64 cents;
  guint next;
  guint end;
  guint running;
} PlainPosts;

static void plain_post_next (PlainPosts *posts);

static void
plain_post_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  SoupMessage *message = user_data;
  PlainPosts *posts = g_object_get_data (G_OBJECT (message), "posts");
  g_autoptr(GBytes) answer = NULL;
  g_autoptr(GError) error = NULL;

  answer = soup_session_send_and_read_finish (SOUP_SESSION (object), result, &error);
  if (answer == NULL || soup_message_get_status (message) != 200)
    g_error ("plain POST %s failed", g_uri_get_path (soup_message_get_uri (message)));
  g_object_unref (message);
  posts->running--;
  plain_post_next (posts);
}

static void
plain_post_next (PlainPosts *posts)
{
  DdOffer *offer;
  DdMoney price;
  g_autofree char *amount = NULL, *url = NULL, *body = NULL;
  g_autoptr(GBytes) bytes = NULL;
  SoupMessage *message;

  if (posts->next >= posts->end)
    return;
  offer = g_ptr_array_index (posts->offers, posts->next);
  price = dd_money_init (posts->cents + posts->next % 100, "EUR");
  amount = dd_medusa_money_to_text (&price);
  url = g_strdup_printf ("%s/admin/products/%s/variants/%s", base_url,
                         dd_offer_get_remote_id (offer), dd_offer_get_id (offer));
  body = g_strdup_printf ("{\"prices\": [{\"currency_code\": \"eur\", \"amount\": %s}]}", amount);
  bytes = g_bytes_new (body, strlen (body));
  message = soup_message_new ("POST", url);
  soup_message_headers_replace (soup_message_get_request_headers (message), "Authorization", authorization);
  soup_message_set_request_body_from_bytes (message, "application/json", bytes);
  g_object_set_data (G_OBJECT (message), "posts", posts);
  posts->next++;
  posts->running++;
  soup_session_send_and_read_async (posts->session, message, G_PRIORITY_DEFAULT, NULL, plain_post_cb, message);
}

/* libsoup's default, which both the Medusa client and the plain client keep. */
static guint
connections_per_host (void)
{
  g_autoptr(SoupSession) session = soup_session_new ();

  return soup_session_get_max_conns_per_host (session);
}

static double
plain_posts (SoupSession *session,
             GPtrArray   *offers,
             guint        first,
             guint        n,
             gint64       cents,
             guint        in_flight)
{
  PlainPosts posts = { session, offers, cents, first, first + n, 0 };
  gint64 start = g_get_monotonic_time ();

  for (guint i = 0; i < in_flight; i++)
    plain_post_next (&posts);
  while (posts.running > 0)
    g_main_context_iteration (NULL, TRUE);
  return (g_get_monotonic_time () - start) / 1e6;
}

int
main (int   argc,
      char *argv[])
{
  const char *dir = g_getenv ("DD_MEDUSA_DIR");
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *url_path = NULL, *key_path = NULL, *key = NULL, *url = NULL, *user_pass = NULL;
  g_autofree char *machine = NULL, *load = NULL, *data_dir = NULL, *db = NULL;
  g_autoptr(DdMedusaProvider) provider = NULL;
  g_autoptr(DdStore) store = NULL;
  g_autoptr(DdSyncFlusher) flusher = NULL;
  g_autoptr(GPtrArray) edited = NULL;
  g_autoptr(GAsyncResult) flushed = NULL;
  DdSyncFlushSummary summary;
  int products = 2000, edits = 1000, repeat = 3, lanes = 4;
  gboolean quick = FALSE;
  double plain[9], ours[9], t_plain, t_ours, t_flush;
  guint n_offers = 0, n_hubs = 0, n_stock = 0, progress_reports = 0;
  gint64 start;
  const GOptionEntry entries[] = {
    { "products", 0, 0, G_OPTION_ARG_INT, &products, "Products of 3 variants to sync", "N" },
    { "edits", 0, 0, G_OPTION_ARG_INT, &edits, "Price edits to flush", "N" },
    { "repeat", 0, 0, G_OPTION_ARG_INT, &repeat, "Runs of each sync (median; at most 9)", "N" },
    { "lanes", 0, 0, G_OPTION_ARG_INT, &lanes, "Entities the flush pushes at once, and POSTs the plain client keeps in flight (1 to 8)", "N" },
    { "quick", 0, 0, G_OPTION_ARG_NONE, &quick, "Accepted for the smoke run", NULL },
    { NULL }
  };

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    g_error ("%s", error->message);
  repeat = CLAMP (repeat, 1, 9);
  lanes = CLAMP (lanes, 1, 8);

  if (dir == NULL)
    {
      g_print ("SKIPPED: bench-medusa-sync needs a running Medusa: set DD_MEDUSA_DIR to the folder of "
               "'build-aux/medusa.sh start DIR PORT'\n");
      return 0;
    }
  url_path = g_build_filename (dir, "url", NULL);
  key_path = g_build_filename (dir, "api-key", NULL);
  if (!g_file_get_contents (url_path, &url, NULL, &error) || !g_file_get_contents (key_path, &key, NULL, &error))
    g_error ("%s", error->message);
  g_strstrip (url);
  g_strstrip (key);

  base_url = url;
  user_pass = g_strconcat (key, ":", NULL);
  authorization = g_strconcat ("Basic ", g_base64_encode ((const guchar *) user_pass, strlen (user_pass)), NULL);
  client = dd_medusa_client_new (url, &error);
  g_assert_no_error (error);
  dd_medusa_client_set_api_key (client, key);
  dd_medusa_client_set_timeout (client, 120);
  provider = dd_medusa_provider_new (client, "EUR");

  seed (products);

  /* 1. Initial sync, alternating, the median of each. */
  for (int r = 0; r < repeat; r++)
    {
      g_autoptr(DdCommerceCatalog) catalog = NULL;
      gulong id;

      plain[r] = plain_sync ();
      progress_reports = 0;
      id = g_signal_connect (provider, "pull-progress", G_CALLBACK (count_progress_cb), &progress_reports);
      ours[r] = dropdeck_sync (provider, &catalog);
      g_signal_handler_disconnect (provider, id);
      n_offers = catalog->offers->len;
      n_hubs = catalog->hubs->len;
      n_stock = catalog->stock->len;
    }
  t_plain = median (plain, repeat);
  t_ours = median (ours, repeat);

  /* 2. Outbox flush of price edits against the same POSTs. */
  data_dir = g_dir_make_tmp ("dropdeck-bench-medusa-XXXXXX", &error);
  g_assert_no_error (error);
  db = g_build_filename (data_dir, "dropdeck.db", NULL);
  store = dd_store_open_sync (db, NULL, &error);
  g_assert_no_error (error);
  {
    g_autoptr(DdCommerceCatalog) catalog = NULL;

    dropdeck_sync (provider, &catalog);
    if (!dd_store_save_sync (store, dd_store_save_offers_async, catalog->offers, &error))
      g_error ("%s", error->message);
    edited = bench_offers (catalog->offers, edits);
  }
  {
    g_autoptr(SoupSession) sequential = soup_session_new ();
    g_autoptr(SoupSession) parallel = soup_session_new ();
    double t_posts = 0, t_posts_lanes = 0;

    /* In rounds, so that the load of a shared machine falls on all three
     * alike: edits of a round's offers flushed (the flush first: the
     * plain POSTs would look like changes made in Medusa since the
     * edits' base, and conflict), then the same POSTs one after another,
     * then `lanes` in flight. */
    flusher = dd_sync_flusher_new (store, DD_COMMERCE_PROVIDER (provider));
    dd_sync_flusher_set_lanes (flusher, lanes);
    memset (&summary, 0, sizeof summary);
    t_flush = 0;
    for (guint first = 0; first < edited->len; first += ROUND)
      {
        guint n = MIN (ROUND, edited->len - first);
        DdSyncFlushSummary round;

        edit_prices (store, edited, first, n, 2000);
        g_clear_object (&flushed);
        start = g_get_monotonic_time ();
        dd_sync_flusher_flush_async (flusher, NULL, keep_cb, &flushed);
        if (!dd_sync_flusher_flush_finish (flusher, wait_for (&flushed), &round, &error))
          g_error ("flush: %s", error->message);
        t_flush += (g_get_monotonic_time () - start) / 1e6;
        summary.applied += round.applied;
        summary.conflicted += round.conflicted;
        summary.rejected += round.rejected;
        t_posts += plain_posts (sequential, edited, first, n, 3000, 1);
        t_posts_lanes += plain_posts (parallel, edited, first, n, 4000, lanes);
      }

    machine = dd_bench_describe_machine ();
    load = dd_bench_describe_load ();
    g_print ("machine: %s\nload average: %s\n", machine, load);
    g_print ("initial sync: %u offers, %u hubs, %u stock levels; median of %d runs\n",
             n_offers, n_hubs, n_stock, repeat);
    g_print ("  plain HTTP client (same GETs, bodies read): %.2f s\n", t_plain);
    g_print ("  Dropdeck load_catalog (parsed and mapped):   %.2f s\n", t_ours);
    g_print ("  ratio Dropdeck / plain: %.2fx (target: at most 1.5x)\n", t_ours / t_plain);
    g_print ("  progress reports during one load_catalog: %u (one a page once every list has answered its first)\n", progress_reports);
    g_print ("outbox flush: %u price edits (%u applied, %u conflicted, %u rejected)\n",
             edited->len, summary.applied, summary.conflicted, summary.rejected);
    g_print ("  plain HTTP client (same POSTs, one after another): %.2f s, %.0f edits/s\n",
             t_posts, edited->len / t_posts);
    g_print ("  plain HTTP client (same POSTs, %d in flight over %u connections): %.2f s, %.0f edits/s\n",
             lanes, connections_per_host (),
             t_posts_lanes, edited->len / t_posts_lanes);
    g_print ("  Dropdeck flush (counted, compared, sent, confirmed; %d lanes): %.2f s, %.0f edits/s\n",
             lanes, t_flush, edited->len / t_flush);
    g_print ("  products read ahead in list requests: %u, used instead of a read: %u of %u edits\n",
             dd_medusa_read_ahead_get_n_read (dd_medusa_provider_get_read_ahead (provider)),
             dd_medusa_read_ahead_get_n_taken (dd_medusa_provider_get_read_ahead (provider)), edited->len);
    g_print ("  throughput ratio Dropdeck / plain: %.2fx (target: at least 0.8x)\n", t_posts / t_flush);
    g_print ("  throughput ratio Dropdeck / plain with the same lanes and connections: %.2fx\n",
             t_posts_lanes / t_flush);
  }

  dd_store_close (store);
  {
    const char *rm_argv[] = { "rm", "-rf", data_dir, NULL };

    g_spawn_sync (NULL, (char **) rm_argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, NULL, NULL);
  }
  g_clear_object (&client);
  return 0;
}
