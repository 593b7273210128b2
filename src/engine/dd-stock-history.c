/* dd-stock-history.c — a bounded history of stock per SKU and hub
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "dd-core.h"
#include "dd-stock-history.h"

#define COALESCE_US G_USEC_PER_SEC

struct _DdStockHistory
{
  GObject     parent_instance;

  guint       max_points;
  GListModel *stock;
  GPtrArray  *watched;   /* DdStockLevel with a notify handler */
  GHashTable *series;    /* "sku\x1fhub" -> GArray of DdStockPoint */
};

G_DEFINE_FINAL_TYPE (DdStockHistory, dd_stock_history, G_TYPE_OBJECT)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* qsort hands over pointers to the array's elements. */
static int
compare_strings (const void *a,
                 const void *b)
{
  return g_strcmp0 (*(char *const *) a, *(char *const *) b);
}

static char *
series_key (const char *sku,
            const char *hub_id)
{
  return g_strconcat (sku, "\x1f", hub_id, NULL);
}

static void
record_level (DdStockHistory *self,
              DdStockLevel   *level)
{
  dd_stock_history_record (self, dd_stock_level_get_sku (level), dd_stock_level_get_hub_id (level),
                           g_get_real_time (),
                           dd_stock_level_get_on_hand (level) - dd_stock_level_get_reserved (level));
}

static void
level_notify_cb (DdStockLevel   *level,
                 GParamSpec     *pspec,
                 DdStockHistory *self)
{
  record_level (self, level);
}

static void
unwatch (DdStockHistory *self)
{
  for (guint i = 0; i < self->watched->len; i++)
    g_signal_handlers_disconnect_by_data (g_ptr_array_index (self->watched, i), self);
  g_ptr_array_set_size (self->watched, 0);
}

static void
watch_all (DdStockHistory *self)
{
  guint n = self->stock != NULL ? g_list_model_get_n_items (self->stock) : 0;

  unwatch (self);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(DdStockLevel) level = g_list_model_get_item (self->stock, i);

      g_signal_connect_object (level, "notify::available", G_CALLBACK (level_notify_cb), self, 0);
      g_signal_connect_object (level, "notify::reserved", G_CALLBACK (level_notify_cb), self, 0);
      g_ptr_array_add (self->watched, g_object_ref (level));
      record_level (self, level);
    }
}

static void
stock_changed_cb (GListModel     *model,
                  guint           position,
                  guint           removed,
                  guint           added,
                  DdStockHistory *self)
{
  watch_all (self);
}

static void
dd_stock_history_dispose (GObject *object)
{
  DdStockHistory *self = DD_STOCK_HISTORY (object);

  dd_stock_history_set_stock (self, NULL);

  G_OBJECT_CLASS (dd_stock_history_parent_class)->dispose (object);
}

static void
dd_stock_history_finalize (GObject *object)
{
  DdStockHistory *self = DD_STOCK_HISTORY (object);

  g_clear_pointer (&self->watched, g_ptr_array_unref);
  g_clear_pointer (&self->series, g_hash_table_unref);

  G_OBJECT_CLASS (dd_stock_history_parent_class)->finalize (object);
}

static void
dd_stock_history_class_init (DdStockHistoryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = dd_stock_history_dispose;
  object_class->finalize = dd_stock_history_finalize;

  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                                   NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
dd_stock_history_init (DdStockHistory *self)
{
  self->watched = g_ptr_array_new_with_free_func (g_object_unref);
  self->series = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_array_unref);
}

DdStockHistory *
dd_stock_history_new (guint max_points)
{
  DdStockHistory *self = g_object_new (DD_TYPE_STOCK_HISTORY, NULL);

  self->max_points = MAX (max_points, 2u);

  return self;
}

void
dd_stock_history_set_stock (DdStockHistory *self,
                            GListModel     *stock)
{
  g_return_if_fail (DD_IS_STOCK_HISTORY (self));
  g_return_if_fail (stock == NULL || G_IS_LIST_MODEL (stock));

  unwatch (self);
  if (self->stock != NULL)
    g_signal_handlers_disconnect_by_data (self->stock, self);
  g_set_object (&self->stock, stock);
  if (stock != NULL)
    {
      g_signal_connect_object (stock, "items-changed", G_CALLBACK (stock_changed_cb), self, 0);
      watch_all (self);
    }
}

void
dd_stock_history_record (DdStockHistory *self,
                         const char     *sku,
                         const char     *hub_id,
                         gint64          time_us,
                         gint64          units)
{
  g_autofree char *key = NULL;
  DdStockPoint point = { time_us, MAX (units, 0) };
  GArray *series;

  g_return_if_fail (DD_IS_STOCK_HISTORY (self));
  g_return_if_fail (sku != NULL && hub_id != NULL);

  key = series_key (sku, hub_id);
  series = g_hash_table_lookup (self->series, key);
  if (series == NULL)
    {
      series = g_array_sized_new (FALSE, FALSE, sizeof (DdStockPoint), 16);
      g_hash_table_insert (self->series, g_steal_pointer (&key), series);
    }

  if (series->len > 0)
    {
      DdStockPoint *last = &g_array_index (series, DdStockPoint, series->len - 1);

      if (last->units == point.units)
        return;
      /* A burst of changes within a second is one sample; a clock that went
       * back does not reorder the series. */
      if (point.time_us - last->time_us < COALESCE_US)
        {
          last->units = point.units;
          g_signal_emit (self, signals[CHANGED], 0, sku);
          return;
        }
    }

  g_array_append_val (series, point);
  if (series->len > self->max_points)
    g_array_remove_index (series, 0);
  g_signal_emit (self, signals[CHANGED], 0, sku);
}

char **
dd_stock_history_dup_hubs (DdStockHistory *self,
                           const char     *sku)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autofree char *prefix = NULL;
  GHashTableIter iter;
  const char *key;
  char **hubs;

  g_return_val_if_fail (DD_IS_STOCK_HISTORY (self), NULL);
  g_return_val_if_fail (sku != NULL, NULL);

  prefix = g_strconcat (sku, "\x1f", NULL);
  g_hash_table_iter_init (&iter, self->series);
  while (g_hash_table_iter_next (&iter, (gpointer *) &key, NULL))
    if (g_str_has_prefix (key, prefix))
      g_strv_builder_add (builder, key + strlen (prefix));

  hubs = g_strv_builder_end (builder);
  qsort (hubs, g_strv_length (hubs), sizeof (char *), compare_strings);

  return hubs;
}

const DdStockPoint *
dd_stock_history_get_points (DdStockHistory *self,
                             const char     *sku,
                             const char     *hub_id,
                             guint          *n_points)
{
  g_autofree char *key = NULL;
  GArray *series;

  g_return_val_if_fail (DD_IS_STOCK_HISTORY (self), NULL);
  g_return_val_if_fail (n_points != NULL, NULL);

  key = series_key (sku, hub_id);
  series = g_hash_table_lookup (self->series, key);
  *n_points = series != NULL ? series->len : 0;

  return series != NULL && series->len > 0 ? (const DdStockPoint *) series->data : NULL;
}
