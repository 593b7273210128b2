/* test-medusa-sync-batch.c — a flush that reads a batch's products ahead
 *
 * Included by test-medusa-sync.c (its fixture and helpers).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

static void
flush_progress_cb (DdSyncFlusher *flusher,
                   guint          done,
                   guint          total,
                   GArray        *seen)
{
  guint pair[2] = { done, total };

  g_array_append_vals (seen, pair, 2);
}

/* Sets the offer's EUR price in Medusa behind Dropdeck's back. */
static void
admin_set_minor (Fixture *fixture,
                 DdOffer *offer,
                 gint64   minor)
{
  DdMoney money = dd_money_init (minor, "EUR");
  g_autofree char *amount = dd_medusa_money_to_text (&money);
  g_autofree char *body = g_strdup_printf ("{\"prices\": [{\"currency_code\": \"eur\", \"amount\": %s}]}", amount);

  admin_set_price (fixture, offer, body);
}

/* (h) Edits of two products' offers in one batch: their products are read in
 * one list request and each edit compares with that copy, once — a
 * second edit of the same offer reads Medusa again (with the copy it
 * would see the first edit missing and report a false conflict); a change
 * made in Medusa before the flush is still a conflict; the progress counts
 * every entry. */
static void
test_batch_read_ahead (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(GPtrArray) offers = pull_into_store (fixture);
  DdMedusaReadAhead *read_ahead = dd_medusa_provider_get_read_ahead (fixture->provider);
  g_autoptr(DdSyncFlusher) flusher = dd_sync_flusher_new (fixture->store, DD_COMMERCE_PROVIDER (fixture->provider));
  g_autoptr(GArray) seen = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  const char *skus[] = { "TEE-L", "GLOW-30", "GLOW-50" };
  gint64 wanted[G_N_ELEMENTS (skus)];
  DdOffer *tee_m = find_sku (offers, "TEE-M");
  gint64 tee_m_remote = dd_offer_get_price (tee_m)->minor + 333;
  guint read_before = dd_medusa_read_ahead_get_n_read (read_ahead);
  guint taken_before = dd_medusa_read_ahead_get_n_taken (read_ahead);
  DdSyncFlushSummary summary;

  /* Changed in Medusa, then offline: a conflict. */
  admin_set_minor (fixture, tee_m, tee_m_remote);
  edit_price (fixture, tee_m, dd_offer_get_price (tee_m)->minor + 7);
  for (guint i = 0; i < G_N_ELEMENTS (skus); i++)
    {
      DdOffer *offer = find_sku (offers, skus[i]);

      wanted[i] = dd_offer_get_price (offer)->minor + 101 + i;
      edit_price (fixture, offer, wanted[i]);
    }
  /* A second edit of GLOW-50, based on the first. */
  wanted[2] += 50;
  edit_price (fixture, find_sku (offers, "GLOW-50"), wanted[2]);

  g_signal_connect (flusher, "progress", G_CALLBACK (flush_progress_cb), seen);
  dd_sync_flusher_flush_async (flusher, NULL, store_result_cb, &result);
  g_assert_true (dd_sync_flusher_flush_finish (flusher, wait_for (&result), &summary, &error));
  g_assert_no_error (error);

  g_assert_cmpuint (summary.conflicted, ==, 1);
  g_assert_cmpuint (summary.applied, ==, 4);
  g_assert_cmpuint (summary.rejected, ==, 0);
  g_assert_cmpint (remote_price (fixture, "TEE-M"), ==, tee_m_remote);
  for (guint i = 0; i < G_N_ELEMENTS (skus); i++)
    g_assert_cmpint (remote_price (fixture, skus[i]), ==, wanted[i]);

  /* Two products read ahead; four entities compared with their copy,
   * the second GLOW-50 edit with a fresh read. */
  g_test_message ("read ahead %u products, %u taken",
                  dd_medusa_read_ahead_get_n_read (read_ahead) - read_before,
                  dd_medusa_read_ahead_get_n_taken (read_ahead) - taken_before);
  g_assert_cmpuint (dd_medusa_read_ahead_get_n_read (read_ahead) - read_before, ==, 2);
  g_assert_cmpuint (dd_medusa_read_ahead_get_n_taken (read_ahead) - taken_before, ==, 4);

  /* One report per entry: 1 of 5 ... 5 of 5. */
  g_assert_cmpuint (seen->len, ==, 2 * 5);
  for (guint i = 0; i < 5; i++)
    {
      g_assert_cmpuint (g_array_index (seen, guint, 2 * i), ==, i + 1);
      g_assert_cmpuint (g_array_index (seen, guint, 2 * i + 1), ==, 5);
    }
}
