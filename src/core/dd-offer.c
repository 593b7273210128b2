/* dd-offer.c — an offer the squad puts in front of buyers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "dd-core-enums.h"
#include "dd-core-error.h"
#include "dd-offer.h"

struct _DdOffer
{
  GObject parent_instance;

  char *id;
  char *title;
  char *sku;
  char *remote_id;
  DdMoney price;
  DdMoney compare_at_price;
  gboolean has_compare_at_price;
  DdOfferState state;
  gint64 window_start;
  gint64 window_end;
  guint per_buyer_cap;
  guint stock_allocated;
  guint units_sold;
  DdLatencyBucket latency_bucket;
  DdSyncState sync_state;
  gboolean remote_gone;
  GPtrArray *components; /* of DdBundleComponent */
};

G_DEFINE_FINAL_TYPE (DdOffer, dd_offer, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_TITLE,
  PROP_SKU,
  PROP_REMOTE_ID,
  PROP_PRICE,
  PROP_COMPARE_AT_PRICE,
  PROP_STATE,
  PROP_WINDOW_START,
  PROP_WINDOW_END,
  PROP_PER_BUYER_CAP,
  PROP_STOCK_ALLOCATED,
  PROP_UNITS_SOLD,
  PROP_LATENCY_BUCKET,
  PROP_SYNC_STATE,
  PROP_REMOTE_GONE,
  PROP_N_COMPONENTS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

typedef struct
{
  const char *nick;
  const char *display_name;
} DdNickInfo;

static const DdNickInfo offer_states[] = {
  [DD_OFFER_STATE_DRAFT] = { "draft", N_("Draft") },
  [DD_OFFER_STATE_SCHEDULED] = { "scheduled", N_("Scheduled") },
  [DD_OFFER_STATE_LIVE] = { "live", N_("Live") },
  [DD_OFFER_STATE_PAUSED] = { "paused", N_("Paused") },
  [DD_OFFER_STATE_SOLD_OUT] = { "sold-out", N_("Sold out") },
  [DD_OFFER_STATE_ENDED] = { "ended", N_("Ended") },
  [DD_OFFER_STATE_CANCELLED] = { "cancelled", N_("Cancelled") },
};

static const DdNickInfo latency_buckets[] = {
  [DD_LATENCY_BUCKET_TWO_HOURS] = { "two-hours", N_("Within two hours") },
  [DD_LATENCY_BUCKET_SAME_DAY] = { "same-day", N_("Same day") },
  [DD_LATENCY_BUCKET_NEXT_DAY] = { "next-day", N_("Next day") },
  [DD_LATENCY_BUCKET_POST_DROP] = { "post-drop", N_("After the drop") },
};

static DdBundleComponent *
bundle_component_new (const char *sku,
                      guint       quantity)
{
  DdBundleComponent *component = g_new0 (DdBundleComponent, 1);

  component->sku = g_strdup (sku);
  component->quantity = quantity;
  return component;
}

static void
bundle_component_free (gpointer data)
{
  DdBundleComponent *component = data;

  g_free (component->sku);
  g_free (component);
}

static gboolean
nick_lookup (const DdNickInfo *table,
             guint             n,
             const char       *nick,
             guint            *out)
{
  if (nick == NULL)
    return FALSE;

  for (guint i = 0; i < n; i++)
    {
      if (strcmp (table[i].nick, nick) == 0)
        {
          *out = i;
          return TRUE;
        }
    }

  return FALSE;
}

static void
set_guint_field (DdOffer *self,
                 guint   *field,
                 guint    value,
                 guint    prop_id)
{
  if (*field == value)
    return;

  *field = value;
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop_id]);
}

static void
set_string_field (DdOffer     *self,
                  char       **field,
                  const char  *value,
                  guint        prop_id)
{
  if (g_strcmp0 (*field, value) == 0)
    return;

  g_free (*field);
  *field = g_strdup (value);
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop_id]);
}

static gboolean
is_blank (const char *text)
{
  if (text == NULL)
    return TRUE;

  for (; *text != '\0'; text++)
    if (!g_ascii_isspace (*text))
      return FALSE;

  return TRUE;
}

static void
dd_offer_finalize (GObject *object)
{
  DdOffer *self = DD_OFFER (object);

  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->title, g_free);
  g_clear_pointer (&self->sku, g_free);
  g_clear_pointer (&self->remote_id, g_free);
  g_clear_pointer (&self->components, g_ptr_array_unref);

  G_OBJECT_CLASS (dd_offer_parent_class)->finalize (object);
}

static void
dd_offer_get_property (GObject    *object,
                       guint       prop_id,
                       GValue     *value,
                       GParamSpec *pspec)
{
  DdOffer *self = DD_OFFER (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;
    case PROP_TITLE:
      g_value_set_string (value, self->title);
      break;
    case PROP_SKU:
      g_value_set_string (value, self->sku);
      break;
    case PROP_REMOTE_ID:
      g_value_set_string (value, self->remote_id);
      break;
    case PROP_PRICE:
      g_value_set_boxed (value, &self->price);
      break;
    case PROP_COMPARE_AT_PRICE:
      g_value_set_boxed (value, dd_offer_get_compare_at_price (self));
      break;
    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;
    case PROP_WINDOW_START:
      g_value_set_int64 (value, self->window_start);
      break;
    case PROP_WINDOW_END:
      g_value_set_int64 (value, self->window_end);
      break;
    case PROP_PER_BUYER_CAP:
      g_value_set_uint (value, self->per_buyer_cap);
      break;
    case PROP_STOCK_ALLOCATED:
      g_value_set_uint (value, self->stock_allocated);
      break;
    case PROP_UNITS_SOLD:
      g_value_set_uint (value, self->units_sold);
      break;
    case PROP_LATENCY_BUCKET:
      g_value_set_enum (value, self->latency_bucket);
      break;
    case PROP_SYNC_STATE:
      g_value_set_enum (value, self->sync_state);
      break;
    case PROP_REMOTE_GONE:
      g_value_set_boolean (value, self->remote_gone);
      break;
    case PROP_N_COMPONENTS:
      g_value_set_uint (value, self->components->len);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dd_offer_set_property (GObject      *object,
                       guint         prop_id,
                       const GValue *value,
                       GParamSpec   *pspec)
{
  DdOffer *self = DD_OFFER (object);

  switch (prop_id)
    {
    case PROP_ID:
      self->id = g_value_dup_string (value);
      break;
    case PROP_TITLE:
      dd_offer_set_title (self, g_value_get_string (value));
      break;
    case PROP_SKU:
      self->sku = g_value_dup_string (value);
      break;
    case PROP_REMOTE_ID:
      dd_offer_set_remote_id (self, g_value_get_string (value));
      break;
    case PROP_PRICE:
      if (g_value_get_boxed (value) != NULL)
        dd_offer_set_price (self, g_value_get_boxed (value));
      break;
    case PROP_COMPARE_AT_PRICE:
      dd_offer_set_compare_at_price (self, g_value_get_boxed (value));
      break;
    case PROP_STATE:
      dd_offer_set_state (self, g_value_get_enum (value));
      break;
    case PROP_WINDOW_START:
      dd_offer_set_window (self, g_value_get_int64 (value), self->window_end);
      break;
    case PROP_WINDOW_END:
      dd_offer_set_window (self, self->window_start, g_value_get_int64 (value));
      break;
    case PROP_PER_BUYER_CAP:
      dd_offer_set_per_buyer_cap (self, g_value_get_uint (value));
      break;
    case PROP_STOCK_ALLOCATED:
      dd_offer_set_stock_allocated (self, g_value_get_uint (value));
      break;
    case PROP_UNITS_SOLD:
      dd_offer_set_units_sold (self, g_value_get_uint (value));
      break;
    case PROP_LATENCY_BUCKET:
      dd_offer_set_latency_bucket (self, g_value_get_enum (value));
      break;
    case PROP_SYNC_STATE:
      dd_offer_set_sync_state (self, g_value_get_enum (value));
      break;
    case PROP_REMOTE_GONE:
      dd_offer_set_remote_gone (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dd_offer_class_init (DdOfferClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags rw = G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;
  GParamFlags construct = G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = dd_offer_finalize;
  object_class->get_property = dd_offer_get_property;
  object_class->set_property = dd_offer_set_property;

  properties[PROP_ID] =
    g_param_spec_string ("id", NULL, NULL, NULL, construct);
  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL, rw);
  properties[PROP_SKU] =
    g_param_spec_string ("sku", NULL, NULL, NULL, construct);
  properties[PROP_REMOTE_ID] =
    g_param_spec_string ("remote-id", NULL, NULL, NULL, rw);
  properties[PROP_PRICE] =
    g_param_spec_boxed ("price", NULL, NULL, DD_TYPE_MONEY, rw);
  properties[PROP_COMPARE_AT_PRICE] =
    g_param_spec_boxed ("compare-at-price", NULL, NULL, DD_TYPE_MONEY, rw);
  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL, DD_TYPE_OFFER_STATE,
                       DD_OFFER_STATE_DRAFT, rw);
  properties[PROP_WINDOW_START] =
    g_param_spec_int64 ("window-start", NULL, NULL, G_MININT64, G_MAXINT64, 0, rw);
  properties[PROP_WINDOW_END] =
    g_param_spec_int64 ("window-end", NULL, NULL, G_MININT64, G_MAXINT64, 0, rw);
  properties[PROP_PER_BUYER_CAP] =
    g_param_spec_uint ("per-buyer-cap", NULL, NULL, 0, G_MAXUINT, 0, rw);
  properties[PROP_STOCK_ALLOCATED] =
    g_param_spec_uint ("stock-allocated", NULL, NULL, 0, G_MAXUINT, 0, rw);
  properties[PROP_UNITS_SOLD] =
    g_param_spec_uint ("units-sold", NULL, NULL, 0, G_MAXUINT, 0, rw);
  properties[PROP_LATENCY_BUCKET] =
    g_param_spec_enum ("latency-bucket", NULL, NULL, DD_TYPE_LATENCY_BUCKET,
                       DD_LATENCY_BUCKET_SAME_DAY, rw);
  properties[PROP_SYNC_STATE] =
    g_param_spec_enum ("sync-state", NULL, NULL, DD_TYPE_SYNC_STATE,
                       DD_SYNC_STATE_SYNCED, rw);
  properties[PROP_REMOTE_GONE] =
    g_param_spec_boolean ("remote-gone", NULL, NULL, FALSE, rw);
  properties[PROP_N_COMPONENTS] =
    g_param_spec_uint ("n-components", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
dd_offer_init (DdOffer *self)
{
  self->latency_bucket = DD_LATENCY_BUCKET_SAME_DAY;
  self->components = g_ptr_array_new_with_free_func (bundle_component_free);
}

DdOffer *
dd_offer_new (const char *id,
              const char *title,
              const char *sku)
{
  return g_object_new (DD_TYPE_OFFER,
                       "id", id,
                       "title", title,
                       "sku", sku,
                       NULL);
}

DdOffer *
dd_offer_copy (DdOffer *self)
{
  DdOffer *copy;

  g_return_val_if_fail (DD_IS_OFFER (self), NULL);

  copy = dd_offer_new (self->id, self->title, self->sku);
  copy->remote_id = g_strdup (self->remote_id);
  copy->price = self->price;
  copy->compare_at_price = self->compare_at_price;
  copy->has_compare_at_price = self->has_compare_at_price;
  copy->state = self->state;
  copy->window_start = self->window_start;
  copy->window_end = self->window_end;
  copy->per_buyer_cap = self->per_buyer_cap;
  copy->stock_allocated = self->stock_allocated;
  copy->units_sold = self->units_sold;
  copy->latency_bucket = self->latency_bucket;
  copy->sync_state = self->sync_state;
  copy->remote_gone = self->remote_gone;

  for (guint i = 0; i < self->components->len; i++)
    {
      const DdBundleComponent *component = g_ptr_array_index (self->components, i);

      g_ptr_array_add (copy->components,
                       bundle_component_new (component->sku, component->quantity));
    }

  return copy;
}

const char *
dd_offer_get_id (DdOffer *self)
{
  g_return_val_if_fail (DD_IS_OFFER (self), NULL);

  return self->id;
}

const char *
dd_offer_get_title (DdOffer *self)
{
  g_return_val_if_fail (DD_IS_OFFER (self), NULL);

  return self->title;
}

void
dd_offer_set_title (DdOffer    *self,
                    const char *title)
{
  g_return_if_fail (DD_IS_OFFER (self));

  set_string_field (self, &self->title, title, PROP_TITLE);
}

const char *
dd_offer_get_sku (DdOffer *self)
{
  g_return_val_if_fail (DD_IS_OFFER (self), NULL);

  return self->sku;
}

const char *
dd_offer_get_remote_id (DdOffer *self)
{
  g_return_val_if_fail (DD_IS_OFFER (self), NULL);

  return self->remote_id;
}

void
dd_offer_set_remote_id (DdOffer    *self,
                        const char *remote_id)
{
  g_return_if_fail (DD_IS_OFFER (self));

  set_string_field (self, &self->remote_id, remote_id, PROP_REMOTE_ID);
}

const DdMoney *
dd_offer_get_price (DdOffer *self)
{
  g_return_val_if_fail (DD_IS_OFFER (self), NULL);

  return &self->price;
}

void
dd_offer_set_price (DdOffer       *self,
                    const DdMoney *price)
{
  g_return_if_fail (DD_IS_OFFER (self));
  g_return_if_fail (price != NULL);

  if (dd_money_equal (&self->price, price))
    return;

  self->price = dd_money_init (price->minor, price->currency);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PRICE]);
}

const DdMoney *
dd_offer_get_compare_at_price (DdOffer *self)
{
  g_return_val_if_fail (DD_IS_OFFER (self), NULL);

  return self->has_compare_at_price ? &self->compare_at_price : NULL;
}

void
dd_offer_set_compare_at_price (DdOffer       *self,
                               const DdMoney *price)
{
  g_return_if_fail (DD_IS_OFFER (self));

  if (dd_money_equal (dd_offer_get_compare_at_price (self), price))
    return;

  self->has_compare_at_price = (price != NULL);
  self->compare_at_price = price != NULL ? dd_money_init (price->minor, price->currency)
                                         : dd_money_init (0, NULL);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COMPARE_AT_PRICE]);
}

DdOfferState
dd_offer_get_state (DdOffer *self)
{
  g_return_val_if_fail (DD_IS_OFFER (self), DD_OFFER_STATE_DRAFT);

  return self->state;
}

void
dd_offer_set_state (DdOffer      *self,
                    DdOfferState  state)
{
  g_return_if_fail (DD_IS_OFFER (self));
  g_return_if_fail ((guint) state < G_N_ELEMENTS (offer_states));

  if (self->state == state)
    return;

  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

gint64
dd_offer_get_window_start (DdOffer *self)
{
  g_return_val_if_fail (DD_IS_OFFER (self), 0);

  return self->window_start;
}

gint64
dd_offer_get_window_end (DdOffer *self)
{
  g_return_val_if_fail (DD_IS_OFFER (self), 0);

  return self->window_end;
}

void
dd_offer_set_window (DdOffer *self,
                     gint64   start_us,
                     gint64   end_us)
{
  g_return_if_fail (DD_IS_OFFER (self));

  g_object_freeze_notify (G_OBJECT (self));
  if (self->window_start != start_us)
    {
      self->window_start = start_us;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WINDOW_START]);
    }
  if (self->window_end != end_us)
    {
      self->window_end = end_us;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WINDOW_END]);
    }
  g_object_thaw_notify (G_OBJECT (self));
}

guint
dd_offer_get_per_buyer_cap (DdOffer *self)
{
  g_return_val_if_fail (DD_IS_OFFER (self), 0);

  return self->per_buyer_cap;
}

void
dd_offer_set_per_buyer_cap (DdOffer *self,
                            guint    cap)
{
  g_return_if_fail (DD_IS_OFFER (self));

  set_guint_field (self, &self->per_buyer_cap, cap, PROP_PER_BUYER_CAP);
}

guint
dd_offer_get_stock_allocated (DdOffer *self)
{
  g_return_val_if_fail (DD_IS_OFFER (self), 0);

  return self->stock_allocated;
}

void
dd_offer_set_stock_allocated (DdOffer *self,
                              guint    units)
{
  g_return_if_fail (DD_IS_OFFER (self));

  set_guint_field (self, &self->stock_allocated, units, PROP_STOCK_ALLOCATED);
}

guint
dd_offer_get_units_sold (DdOffer *self)
{
  g_return_val_if_fail (DD_IS_OFFER (self), 0);

  return self->units_sold;
}

void
dd_offer_set_units_sold (DdOffer *self,
                         guint    units)
{
  g_return_if_fail (DD_IS_OFFER (self));

  set_guint_field (self, &self->units_sold, units, PROP_UNITS_SOLD);
}

DdLatencyBucket
dd_offer_get_latency_bucket (DdOffer *self)
{
  g_return_val_if_fail (DD_IS_OFFER (self), DD_LATENCY_BUCKET_SAME_DAY);

  return self->latency_bucket;
}

void
dd_offer_set_latency_bucket (DdOffer         *self,
                             DdLatencyBucket  bucket)
{
  g_return_if_fail (DD_IS_OFFER (self));
  g_return_if_fail ((guint) bucket < G_N_ELEMENTS (latency_buckets));

  if (self->latency_bucket == bucket)
    return;

  self->latency_bucket = bucket;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LATENCY_BUCKET]);
}

DdSyncState
dd_offer_get_sync_state (DdOffer *self)
{
  g_return_val_if_fail (DD_IS_OFFER (self), DD_SYNC_STATE_SYNCED);

  return self->sync_state;
}

void
dd_offer_set_sync_state (DdOffer     *self,
                         DdSyncState  state)
{
  g_return_if_fail (DD_IS_OFFER (self));
  g_return_if_fail (state <= DD_SYNC_STATE_REJECTED);

  if (self->sync_state == state)
    return;

  self->sync_state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SYNC_STATE]);
}

gboolean
dd_offer_get_remote_gone (DdOffer *self)
{
  g_return_val_if_fail (DD_IS_OFFER (self), FALSE);

  return self->remote_gone;
}

void
dd_offer_set_remote_gone (DdOffer  *self,
                          gboolean  gone)
{
  g_return_if_fail (DD_IS_OFFER (self));

  gone = !!gone;
  if (self->remote_gone == gone)
    return;

  self->remote_gone = gone;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REMOTE_GONE]);
}

gboolean
dd_offer_is_bundle (DdOffer *self)
{
  g_return_val_if_fail (DD_IS_OFFER (self), FALSE);

  return self->components->len > 0;
}

guint
dd_offer_get_n_components (DdOffer *self)
{
  g_return_val_if_fail (DD_IS_OFFER (self), 0);

  return self->components->len;
}

const DdBundleComponent *
dd_offer_get_component (DdOffer *self,
                        guint    index)
{
  g_return_val_if_fail (DD_IS_OFFER (self), NULL);
  g_return_val_if_fail (index < self->components->len, NULL);

  return g_ptr_array_index (self->components, index);
}

gboolean
dd_offer_add_component (DdOffer     *self,
                        const char  *sku,
                        guint        quantity,
                        GError     **error)
{
  g_return_val_if_fail (DD_IS_OFFER (self), FALSE);

  if (sku == NULL || *sku == '\0')
    {
      g_set_error_literal (error, DD_CORE_ERROR, DD_CORE_ERROR_INVALID_FIELD,
                           _("Bundle component needs a SKU"));
      return FALSE;
    }

  if (g_strcmp0 (sku, self->sku) == 0)
    {
      g_set_error (error, DD_CORE_ERROR, DD_CORE_ERROR_INVALID_FIELD,
                   _("Bundle component “%s” is the bundle itself"), sku);
      return FALSE;
    }

  if (quantity == 0)
    {
      g_set_error (error, DD_CORE_ERROR, DD_CORE_ERROR_INVALID_FIELD,
                   _("Bundle component “%s” needs a quantity above zero"), sku);
      return FALSE;
    }

  /* The same SKU twice is one component with the quantities added. */
  for (guint i = 0; i < self->components->len; i++)
    {
      DdBundleComponent *component = g_ptr_array_index (self->components, i);

      if (strcmp (component->sku, sku) == 0)
        {
          if (quantity > G_MAXUINT - component->quantity)
            {
              g_set_error (error, DD_CORE_ERROR, DD_CORE_ERROR_OVERFLOW,
                           _("Bundle component “%s” has too large a quantity"), sku);
              return FALSE;
            }
          component->quantity += quantity;
          return TRUE;
        }
    }

  g_ptr_array_add (self->components, bundle_component_new (sku, quantity));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_COMPONENTS]);

  return TRUE;
}

void
dd_offer_clear_components (DdOffer *self)
{
  g_return_if_fail (DD_IS_OFFER (self));

  if (self->components->len == 0)
    return;
  g_ptr_array_set_size (self->components, 0);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_COMPONENTS]);
}

gboolean
dd_offer_validate (DdOffer  *self,
                   GError  **error)
{
  g_return_val_if_fail (DD_IS_OFFER (self), FALSE);

  if (is_blank (self->title))
    {
      g_set_error_literal (error, DD_CORE_ERROR, DD_CORE_ERROR_INVALID_FIELD,
                           _("Title must not be empty"));
      return FALSE;
    }

  if (is_blank (self->sku))
    {
      g_set_error_literal (error, DD_CORE_ERROR, DD_CORE_ERROR_INVALID_FIELD,
                           _("SKU must not be empty"));
      return FALSE;
    }

  if (!dd_money_is_valid (&self->price))
    {
      if (self->price.currency[0] == '\0')
        g_set_error_literal (error, DD_CORE_ERROR, DD_CORE_ERROR_UNKNOWN_CURRENCY,
                             _("Price needs a currency"));
      else
        g_set_error (error, DD_CORE_ERROR, DD_CORE_ERROR_UNKNOWN_CURRENCY,
                     _("Price is in “%s”, which is not a currency Dropdeck knows"),
                     self->price.currency);
      return FALSE;
    }

  if (self->price.minor < 0)
    {
      g_set_error_literal (error, DD_CORE_ERROR, DD_CORE_ERROR_INVALID_FIELD,
                           _("Price must not be negative"));
      return FALSE;
    }

  if (self->has_compare_at_price)
    {
      if (strcmp (self->compare_at_price.currency, self->price.currency) != 0)
        {
          g_set_error (error, DD_CORE_ERROR, DD_CORE_ERROR_CURRENCY_MISMATCH,
                       _("Compare-at price must be in the price’s currency (%s)"),
                       self->price.currency);
          return FALSE;
        }

      if (self->compare_at_price.minor <= self->price.minor)
        {
          g_set_error_literal (error, DD_CORE_ERROR, DD_CORE_ERROR_INVALID_FIELD,
                               _("Compare-at price must be above the price"));
          return FALSE;
        }
    }

  if (self->window_start != 0 && self->window_end != 0
      && self->window_end <= self->window_start)
    {
      g_set_error_literal (error, DD_CORE_ERROR, DD_CORE_ERROR_INVALID_FIELD,
                           _("Incentive window must end after it starts"));
      return FALSE;
    }

  return TRUE;
}

const char *
dd_offer_state_to_nick (DdOfferState state)
{
  g_return_val_if_fail ((guint) state < G_N_ELEMENTS (offer_states), NULL);

  return offer_states[state].nick;
}

gboolean
dd_offer_state_from_nick (const char   *nick,
                          DdOfferState *out)
{
  guint index;

  if (!nick_lookup (offer_states, G_N_ELEMENTS (offer_states), nick, &index))
    return FALSE;
  if (out != NULL)
    *out = (DdOfferState) index;
  return TRUE;
}

const char *
dd_offer_state_get_display_name (DdOfferState state)
{
  g_return_val_if_fail ((guint) state < G_N_ELEMENTS (offer_states), NULL);

  return _(offer_states[state].display_name);
}

const char *
dd_latency_bucket_to_nick (DdLatencyBucket bucket)
{
  g_return_val_if_fail ((guint) bucket < G_N_ELEMENTS (latency_buckets), NULL);

  return latency_buckets[bucket].nick;
}

gboolean
dd_latency_bucket_from_nick (const char      *nick,
                             DdLatencyBucket *out)
{
  guint index;

  if (!nick_lookup (latency_buckets, G_N_ELEMENTS (latency_buckets), nick, &index))
    return FALSE;
  if (out != NULL)
    *out = (DdLatencyBucket) index;
  return TRUE;
}

const char *
dd_latency_bucket_get_display_name (DdLatencyBucket bucket)
{
  g_return_val_if_fail ((guint) bucket < G_N_ELEMENTS (latency_buckets), NULL);

  return _(latency_buckets[bucket].display_name);
}
