/* dd-move-suggestion.c — a stock move the planner suggests, and its fate
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "dd-move-suggestion.h"

struct _DdMoveSuggestion
{
  GObject               parent_instance;

  char                 *from_hub_id;
  char                 *from_name;
  char                 *to_hub_id;
  char                 *to_name;
  char                 *sku;
  char                 *title;
  gint64                quantity;
  gint64                improvement;
  DdMoveSuggestionState state;
  char                 *message;
};

G_DEFINE_FINAL_TYPE (DdMoveSuggestion, dd_move_suggestion, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_STATE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
dd_move_suggestion_finalize (GObject *object)
{
  DdMoveSuggestion *self = DD_MOVE_SUGGESTION (object);

  g_free (self->from_hub_id);
  g_free (self->from_name);
  g_free (self->to_hub_id);
  g_free (self->to_name);
  g_free (self->sku);
  g_free (self->title);
  g_free (self->message);

  G_OBJECT_CLASS (dd_move_suggestion_parent_class)->finalize (object);
}

static void
dd_move_suggestion_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  DdMoveSuggestion *self = DD_MOVE_SUGGESTION (object);

  switch (prop_id)
    {
    case PROP_STATE:
      g_value_set_int (value, self->state);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dd_move_suggestion_class_init (DdMoveSuggestionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = dd_move_suggestion_finalize;
  object_class->get_property = dd_move_suggestion_get_property;

  properties[PROP_STATE] =
    g_param_spec_int ("state", NULL, NULL,
                      DD_MOVE_SUGGESTION_PENDING, DD_MOVE_SUGGESTION_FAILED, DD_MOVE_SUGGESTION_PENDING,
                      G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
dd_move_suggestion_init (DdMoveSuggestion *self)
{
}

DdMoveSuggestion *
dd_move_suggestion_new (const char *from_hub_id,
                        const char *from_name,
                        const char *to_hub_id,
                        const char *to_name,
                        const char *sku,
                        const char *title,
                        gint64      quantity,
                        gint64      improvement)
{
  DdMoveSuggestion *self;

  g_return_val_if_fail (from_hub_id != NULL && to_hub_id != NULL && sku != NULL, NULL);
  g_return_val_if_fail (quantity > 0, NULL);

  self = g_object_new (DD_TYPE_MOVE_SUGGESTION, NULL);
  self->from_hub_id = g_strdup (from_hub_id);
  self->from_name = g_strdup (from_name != NULL ? from_name : from_hub_id);
  self->to_hub_id = g_strdup (to_hub_id);
  self->to_name = g_strdup (to_name != NULL ? to_name : to_hub_id);
  self->sku = g_strdup (sku);
  self->title = g_strdup (title != NULL ? title : sku);
  self->quantity = quantity;
  self->improvement = MAX (improvement, 0);

  return self;
}

#define GETTER(type, name) \
  type dd_move_suggestion_get_##name (DdMoveSuggestion *self) \
  { \
    g_return_val_if_fail (DD_IS_MOVE_SUGGESTION (self), 0); \
    return self->name; \
  }

GETTER (const char *, from_hub_id)
GETTER (const char *, from_name)
GETTER (const char *, to_hub_id)
GETTER (const char *, to_name)
GETTER (const char *, sku)
GETTER (const char *, title)
GETTER (gint64, quantity)
GETTER (gint64, improvement)
GETTER (DdMoveSuggestionState, state)
GETTER (const char *, message)

#undef GETTER

char *
dd_move_suggestion_dup_summary (DdMoveSuggestion *self)
{
  g_return_val_if_fail (DD_IS_MOVE_SUGGESTION (self), NULL);

  /* Translators: "Move 4 × Crew Socks 3-Pack, White from Mitte to Kreuzberg" */
  return g_strdup_printf (_("Move %lld × %s from %s to %s"), (long long) self->quantity,
                          self->title, self->from_name, self->to_name);
}

void
dd_move_suggestion_set_state (DdMoveSuggestion      *self,
                              DdMoveSuggestionState  state,
                              const char            *message)
{
  g_return_if_fail (DD_IS_MOVE_SUGGESTION (self));

  g_free (self->message);
  self->message = g_strdup (message);
  if (self->state == state)
    return;
  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}
