/* dd-ctl-sync.c — dropdeckctl sync: pull from and push to the commerce engine
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "dd-commerce-account.h"
#include "dd-ctl.h"
#include "dd-medusa-provider.h"
#include "dd-store-sync-outbox.h"
#include "dd-store-commerce.h"
#include "dd-sync-feed.h"
#include "dd-sync-flusher.h"
#include "dd-sync-pull.h"

static void
keep_result_cb (GObject      *source G_GNUC_UNUSED,
                GAsyncResult *result,
                gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static GAsyncResult *
wait_for_result (GAsyncResult **slot)
{
  while (*slot == NULL)
    g_main_context_iteration (NULL, TRUE);
  return *slot;
}

static void
add_int (JsonBuilder *builder,
         const char  *name,
         gint64       value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_int_value (builder, value);
}

static void
print_json (JsonBuilder *builder)
{
  g_autoptr(JsonNode) root = json_builder_get_root (builder);
  g_autofree char *text = json_to_string (root, TRUE);

  g_print ("%s\n", text);
}

static void
add_outbox (JsonBuilder *builder,
            DdStore     *store,
            gboolean     with_conflicts)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(DdOutboxSummary) summary = NULL;
  g_autoptr(GError) error = NULL;

  dd_store_summarize_outbox_async (store, NULL, keep_result_cb, &result);
  summary = dd_store_summarize_outbox_finish (store, wait_for_result (&result), &error);
  if (summary == NULL)
    return;

  json_builder_set_member_name (builder, "outbox");
  json_builder_begin_object (builder);
  add_int (builder, "pending", summary->pending);
  add_int (builder, "done", summary->done);
  add_int (builder, "conflicted", summary->conflicted);
  add_int (builder, "rejected", summary->rejected);
  json_builder_set_member_name (builder, "last_error");
  if (summary->last_error != NULL)
    json_builder_add_string_value (builder, summary->last_error);
  else
    json_builder_add_null_value (builder);
  json_builder_end_object (builder);

  if (with_conflicts)
    {
      g_autoptr(GAsyncResult) listed = NULL;
      g_autoptr(GPtrArray) conflicts = NULL;

      dd_store_list_conflicts_async (store, NULL, keep_result_cb, &listed);
      conflicts = dd_store_load_finish (store, wait_for_result (&listed), NULL);
      json_builder_set_member_name (builder, "conflicts");
      json_builder_begin_array (builder);
      for (guint i = 0; conflicts != NULL && i < conflicts->len; i++)
        {
          DdSyncConflict *conflict = g_ptr_array_index (conflicts, i);
          const char *values[] = { conflict->base, conflict->local, conflict->remote };
          const char *names[] = { "base", "local", "remote" };

          json_builder_begin_object (builder);
          add_int (builder, "conflict", conflict->id);
          json_builder_set_member_name (builder, "entity");
          json_builder_add_string_value (builder, conflict->entity);
          json_builder_set_member_name (builder, "id");
          json_builder_add_string_value (builder, conflict->entity_id);
          for (guint k = 0; k < G_N_ELEMENTS (names); k++)
            {
              json_builder_set_member_name (builder, names[k]);
              json_builder_add_value (builder, json_from_string (values[k], NULL));
            }
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
    }
}

/* The commerce account from `dropdeckctl account set commerce`, signed in. */
static DdMedusaClient *
connect_commerce (GError **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  dd_commerce_account_connect_async (NULL, keep_result_cb, &result);
  return dd_commerce_account_connect_finish (wait_for_result (&result), error);
}

static void
add_error (JsonBuilder  *builder,
           const char   *step,
           const GError *error)
{
  json_builder_set_member_name (builder, "error");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "step");
  json_builder_add_string_value (builder, step);
  json_builder_set_member_name (builder, "message");
  json_builder_add_string_value (builder, error->message);
  json_builder_end_object (builder);
}

static void
pull_progress_cb (DdCommerceProvider *provider,
                  guint64             done,
                  guint64             total,
                  gpointer            user_data)
{
  /* Translators: a progress line of dropdeckctl sync --once --progress */
  g_printerr (_("pull: %" G_GUINT64_FORMAT " of %" G_GUINT64_FORMAT " items read\n"), done, total);
}

static void
push_progress_cb (DdSyncFlusher *flusher,
                  guint          done,
                  guint          total,
                  gpointer       user_data)
{
  /* Translators: a progress line of dropdeckctl sync --once --progress */
  g_printerr (_("push: %u of %u changes sent\n"), done, total);
}

static int
sync_once (DdStore    *store,
           const char *currency,
           gint64      stock_every_us,
           gboolean    progress)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(DdMedusaClient) client = NULL;
  g_autoptr(DdMedusaProvider) provider = NULL;
  g_autoptr(DdSyncFlusher) flusher = NULL;
  g_autoptr(GAsyncResult) pulled = NULL;
  g_autoptr(GAsyncResult) pushed = NULL;
  g_autoptr(GAsyncResult) fed = NULL;
  g_autoptr(GError) error = NULL;
  DdSyncPullSummary pull = { 0, };
  DdSyncFeedSummary feed = { 0, };
  DdSyncFlushSummary push = { 0, };
  const char *failed_step = NULL;

  json_builder_begin_object (builder);

  client = connect_commerce (&error);
  if (client == NULL)
    failed_step = "connect";
  else
    {
      provider = dd_medusa_provider_new (client, currency);
      if (progress)
        g_signal_connect (provider, "pull-progress", G_CALLBACK (pull_progress_cb), NULL);
      dd_sync_pull_async (store, DD_COMMERCE_PROVIDER (provider), stock_every_us, NULL, keep_result_cb, &pulled);
      if (!dd_sync_pull_finish (wait_for_result (&pulled), &pull, &error))
        failed_step = "pull";
    }

  json_builder_set_member_name (builder, "pulled");
  json_builder_begin_object (builder);
  add_int (builder, "offers", pull.offers);
  add_int (builder, "offers_kept_local", pull.offers_kept);
  add_int (builder, "hubs", pull.hubs);
  add_int (builder, "stock_levels", pull.stock);
  json_builder_set_member_name (builder, "stock_reconciled");
  json_builder_add_boolean_value (builder, pull.stock_reconciled);
  json_builder_end_object (builder);

  if (failed_step == NULL)
    {
      dd_sync_feed_async (store, DD_COMMERCE_PROVIDER (provider), stock_every_us, NULL, keep_result_cb, &fed);
      if (!dd_sync_feed_finish (wait_for_result (&fed), &feed, &error))
        failed_step = "feed";
    }

  json_builder_set_member_name (builder, "feed");
  json_builder_begin_object (builder);
  add_int (builder, "order_lines", feed.order_lines);
  add_int (builder, "promotions", feed.promotions);
  json_builder_set_member_name (builder, "refund_policy");
  json_builder_add_boolean_value (builder, feed.refund_policy);
  json_builder_set_member_name (builder, "ids_reconciled");
  json_builder_add_boolean_value (builder, feed.reconciled);
  add_int (builder, "gone", feed.gone);
  add_int (builder, "gone_kept_local", feed.gone_kept_local);
  add_int (builder, "back", feed.back);
  json_builder_end_object (builder);

  if (failed_step == NULL)
    {
      flusher = dd_sync_flusher_new (store, DD_COMMERCE_PROVIDER (provider));
      dd_sync_flusher_set_retry (flusher, 4, 250, 2000);
      if (progress)
        g_signal_connect (flusher, "progress", G_CALLBACK (push_progress_cb), NULL);
      dd_sync_flusher_flush_async (flusher, NULL, keep_result_cb, &pushed);
      if (!dd_sync_flusher_flush_finish (flusher, wait_for_result (&pushed), &push, &error))
        failed_step = "push";
    }

  json_builder_set_member_name (builder, "pushed");
  json_builder_begin_object (builder);
  add_int (builder, "applied", push.applied);
  add_int (builder, "conflicted", push.conflicted);
  add_int (builder, "rejected", push.rejected);
  add_int (builder, "failed_attempts", push.failures);
  json_builder_end_object (builder);

  add_outbox (builder, store, FALSE);
  json_builder_set_member_name (builder, "ok");
  json_builder_add_boolean_value (builder, failed_step == NULL);
  if (failed_step != NULL)
    add_error (builder, failed_step, error);
  json_builder_end_object (builder);
  print_json (builder);

  if (failed_step != NULL)
    {
      g_printerr (_("dropdeckctl: sync failed (%s): %s\n"), failed_step, error->message);
      return DD_CTL_EXIT_FAILED;
    }
  return DD_CTL_EXIT_OK;
}

static void
add_gone (JsonBuilder *builder,
          DdStore     *store)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GPtrArray) ids = NULL;

  dd_store_list_gone_offers_async (store, NULL, keep_result_cb, &result);
  ids = dd_store_load_finish (store, wait_for_result (&result), NULL);
  json_builder_set_member_name (builder, "gone_offers");
  json_builder_begin_array (builder);
  for (guint i = 0; ids != NULL && i < ids->len; i++)
    json_builder_add_string_value (builder, g_ptr_array_index (ids, i));
  json_builder_end_array (builder);
}

static void
add_money (JsonBuilder   *builder,
           const char    *name,
           const DdMoney *money)
{
  g_autofree char *text = dd_money_to_string (money);

  json_builder_set_member_name (builder, name);
  json_builder_add_string_value (builder, text);
}

/* The time-locked incentives and the returns policy as last pulled. */
static void
add_incentives (JsonBuilder *builder,
                DdStore     *store)
{
  g_autoptr(GAsyncResult) listed = NULL;
  g_autoptr(GAsyncResult) read = NULL;
  g_autoptr(GPtrArray) promotions = NULL;
  g_autoptr(DdRefundPolicy) policy = NULL;
  gint64 now = g_get_real_time ();

  dd_store_load_promotions_async (store, NULL, keep_result_cb, &listed);
  promotions = dd_store_load_finish (store, wait_for_result (&listed), NULL);
  json_builder_set_member_name (builder, "promotions");
  json_builder_begin_array (builder);
  for (guint i = 0; promotions != NULL && i < promotions->len; i++)
    {
      DdPromotion *promotion = g_ptr_array_index (promotions, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "code");
      json_builder_add_string_value (builder, promotion->code);
      json_builder_set_member_name (builder, "value");
      json_builder_add_string_value (builder, promotion->value);
      json_builder_set_member_name (builder, "kind");
      json_builder_add_string_value (builder, promotion->kind);
      json_builder_set_member_name (builder, "campaign");
      json_builder_add_string_value (builder, promotion->campaign_name);
      json_builder_set_member_name (builder, "offer");
      if (promotion->offer_id != NULL)
        json_builder_add_string_value (builder, promotion->offer_id);
      else
        json_builder_add_null_value (builder);
      add_int (builder, "starts_at_us", promotion->starts_at_us);
      add_int (builder, "ends_at_us", promotion->ends_at_us);
      json_builder_set_member_name (builder, "running");
      json_builder_add_boolean_value (builder, dd_promotion_is_running (promotion, now));
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  dd_store_load_refund_policy_async (store, NULL, keep_result_cb, &read);
  policy = dd_store_load_refund_policy_finish (store, wait_for_result (&read), NULL);
  json_builder_set_member_name (builder, "returns_policy");
  if (policy == NULL)
    {
      json_builder_add_null_value (builder);
      return;
    }
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "returns_open");
  json_builder_add_boolean_value (builder, policy->returns_open);
  json_builder_set_member_name (builder, "refund_limits");
  json_builder_begin_object (builder);
  for (guint i = 0; i < policy->limits->len; i++)
    {
      const DdRefundLimit *limit = &g_array_index (policy->limits, DdRefundLimit, i);

      add_money (builder, dd_role_to_nick (limit->role), &limit->max);
    }
  json_builder_end_object (builder);
  json_builder_end_object (builder);
}

static int
sync_status (DdStore *store)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  add_outbox (builder, store, TRUE);
  add_gone (builder, store);
  add_incentives (builder, store);
  json_builder_end_object (builder);
  print_json (builder);
  return DD_CTL_EXIT_OK;
}

static int
sync_resolve (DdStore    *store,
              const char *id_text,
              const char *keep)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  guint64 id = 0;
  DdConflictResolution resolution;

  if (!g_ascii_string_to_unsigned (id_text, 10, 1, G_MAXINT64, &id, NULL))
    {
      g_printerr (_("dropdeckctl: “%s” is not a conflict number; see dropdeckctl sync status\n"), id_text);
      return DD_CTL_EXIT_FAILED;
    }
  if (g_strcmp0 (keep, "local") == 0)
    resolution = DD_CONFLICT_KEEP_LOCAL;
  else if (g_strcmp0 (keep, "remote") == 0)
    resolution = DD_CONFLICT_TAKE_REMOTE;
  else
    {
      g_printerr (_("dropdeckctl: say which value to keep: --keep local or --keep remote\n"));
      return DD_CTL_EXIT_FAILED;
    }

  dd_store_resolve_conflict_async (store, (gint64) id, resolution, NULL, keep_result_cb, &result);
  if (!dd_store_save_finish (store, wait_for_result (&result), &error))
    return dd_ctl_report_error (error);
  return DD_CTL_EXIT_OK;
}

int
dd_ctl_sync_main (int    argc,
                  char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(DdStore) store = NULL;
  g_autofree char *path = NULL;
  g_autofree char *currency = NULL;
  g_autofree char *keep = NULL;
  gboolean once = FALSE;
  gboolean progress = FALSE;
  int stock_every = 600;
  int status;
  const GOptionEntry entries[] = {
    { "once", 0, 0, G_OPTION_ARG_NONE, &once,
      N_("Pull the catalog, push the outbox, print a JSON summary and exit"), NULL },
    { "progress", 0, 0, G_OPTION_ARG_NONE, &progress,
      N_("With --once: a line on standard error for each page read and each change sent"), NULL },
    { "path", 'p', 0, G_OPTION_ARG_FILENAME, &path,
      N_("The database (default: the user data folder’s dropdeck/dropdeck.db)"), N_("FILE") },
    { "stock-every", 0, 0, G_OPTION_ARG_INT, &stock_every,
      N_("Read every hub’s stock, and every product id to find deletions, in full when the last full read is this old (default: 600; 0: always)"), N_("SECONDS") },
    { "keep", 0, 0, G_OPTION_ARG_STRING, &keep,
      N_("With resolve: the value to keep, local or remote"), N_("SIDE") },
    { "currency", 0, 0, G_OPTION_ARG_STRING, &currency,
      N_("The currency offers are priced in on the commerce engine (default: EUR)"), N_("CODE") },
    { NULL }
  };

  g_set_prgname ("dropdeckctl sync");
  context = g_option_context_new (_("--once | status | resolve CONFLICT --keep local|remote — sync with the commerce engine"));
  g_option_context_set_summary (context,
                                _("--once: pulls the offers changed since the last sync (and every hub’s "
                                  "stock when the last full read is older than --stock-every) from the "
                                  "commerce account set with “dropdeckctl account set commerce --url URL”, "
                                  "keeping offers with unsent local changes, and the orders changed since, "
                                  "the promotions and the returns policy (an offer whose product was "
                                  "deleted on the engine is marked gone; its local edits stay), then "
                                  "pushes every pending "
                                  "change exactly once. Prints a JSON summary; exits 1 when the pull or "
                                  "the push failed (nothing is lost: unsent changes stay in the outbox).\n"
                                  "status: prints the outbox counts, the open conflicts, the offers gone "
                                  "from the engine, the promotions and the returns policy as JSON.\n"
                                  "resolve: ends a conflict: --keep local sends your value over the "
                                  "engine’s at the next sync; --keep remote drops your change and takes "
                                  "the engine’s value."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);

  if (!g_option_context_parse (context, &argc, &argv, &error))
    return dd_ctl_report_error (error);

  if (progress && !once)
    {
      g_printerr (_("dropdeckctl: --progress goes with --once\n"));
      return DD_CTL_EXIT_FAILED;
    }
  if (!((once && argc == 1 && keep == NULL) ||
         (!once && argc == 2 && g_str_equal (argv[1], "status") && keep == NULL) ||
         (!once && argc == 3 && g_str_equal (argv[1], "resolve"))))
    {
      g_printerr (_("dropdeckctl: usage: dropdeckctl sync --once [--progress] [--path FILE] [--currency CODE] [--stock-every SECONDS]\n"
                    "       dropdeckctl sync status [--path FILE]\n"
                    "       dropdeckctl sync resolve CONFLICT --keep local|remote [--path FILE]\n"));
      return DD_CTL_EXIT_FAILED;
    }
  if (currency == NULL)
    currency = g_strdup ("EUR");
  if (stock_every < 0)
    {
      g_printerr (_("dropdeckctl: --stock-every takes a number of seconds, 0 or more\n"));
      return DD_CTL_EXIT_FAILED;
    }
  if (!dd_currency_is_known (currency))
    {
      g_printerr (_("dropdeckctl: “%s” is not a currency Dropdeck knows\n"), currency);
      return DD_CTL_EXIT_FAILED;
    }
  if (path == NULL)
    path = dd_ctl_default_data_path ("dropdeck.db");

  store = dd_store_open_sync (path, NULL, &error);
  if (store == NULL)
    return dd_ctl_report_error (error);

  if (once)
    status = sync_once (store, currency, (gint64) stock_every * G_USEC_PER_SEC, progress);
  else if (argc == 3)
    status = sync_resolve (store, argv[2], keep);
  else
    status = sync_status (store);
  dd_store_close (store);
  return status;
}
