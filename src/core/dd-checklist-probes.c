/* dd-checklist-probes.c — the checks behind automated checklist items that
 * need nothing but the drop's own data
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "dd-checklist-probes.h"
#include "dd-oversell-guard.h"

#define MAX_NAMED 5

/* Appends "; first; second …" naming at most MAX_NAMED problems. */
static void
append_named (GString   *text,
              GPtrArray *problems)
{
  for (guint i = 0; i < problems->len && i < MAX_NAMED; i++)
    g_string_append_printf (text, i == 0 ? ": %s" : "; %s", (char *) g_ptr_array_index (problems, i));
  if (problems->len > MAX_NAMED)
    g_string_append (text, "; …");
}

gboolean
dd_checklist_probe_stock_allocation (GListModel  *levels,
                                     char       **evidence)
{
  g_autoptr(GHashTable) hubs = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) sku_allocated = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);
  GHashTableIter iter;
  gpointer sku, units;
  gint64 allocated = 0, on_hand = 0;
  GString *text;
  guint n;

  g_return_val_if_fail (G_IS_LIST_MODEL (levels), FALSE);
  g_return_val_if_fail (evidence != NULL, FALSE);

  n = g_list_model_get_n_items (levels);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(DdStockLevel) level = g_list_model_get_item (levels, i);
      g_autoptr(GError) error = NULL;
      const char *level_sku = dd_stock_level_get_sku (level);
      gint64 level_allocated = dd_stock_level_get_allocated (level);

      g_hash_table_add (hubs, (gpointer) dd_stock_level_get_hub_id (level));
      allocated += level_allocated;
      on_hand += dd_stock_level_get_on_hand (level);
      if (dd_stock_level_get_on_hand (level) > 0 || level_allocated > 0)
        g_hash_table_insert (sku_allocated, (gpointer) level_sku,
                             GINT_TO_POINTER (GPOINTER_TO_INT (g_hash_table_lookup (sku_allocated, level_sku))
                                              + (level_allocated > 0)));
      if (!dd_oversell_guard_check_allocation (level, level_allocated, &error))
        g_ptr_array_add (problems, g_strdup (error->message));
    }

  if (n == 0)
    {
      *evidence = g_strdup (_("No stock levels at any hub: there is nothing to sell"));
      return FALSE;
    }

  /* Stock on hand that no hub allocates to an offer cannot be sold. */
  g_hash_table_iter_init (&iter, sku_allocated);
  while (g_hash_table_iter_next (&iter, &sku, &units))
    if (GPOINTER_TO_INT (units) == 0)
      g_ptr_array_add (problems, g_strdup_printf (_("%s is on hand but allocated at no hub"), (char *) sku));

  if (problems->len == 0)
    {
      /* Translators: the evidence of a passed stock check,
       * "12 hubs, 240 stock levels: every allocation fits (1820 of 3100 units on hand allocated)" */
      *evidence = g_strdup_printf (_("%u hubs, %u stock levels: every allocation fits "
                                     "(%lld of %lld units on hand allocated)"),
                                   g_hash_table_size (hubs), n, (long long) allocated, (long long) on_hand);
      return TRUE;
    }

  text = g_string_new (NULL);
  g_string_append_printf (text,
                          g_dngettext (GETTEXT_PACKAGE,
                                       "%u problem with the stock allocation",
                                       "%u problems with the stock allocation",
                                       problems->len),
                          problems->len);
  append_named (text, problems);
  *evidence = g_string_free (text, FALSE);
  return FALSE;
}
