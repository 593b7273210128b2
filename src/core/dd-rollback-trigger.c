/* dd-rollback-trigger.c — a threshold on a live signal, bound to an action
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>

#include <glib/gi18n-lib.h>

#include "dd-rollback-trigger.h"

typedef struct
{
  gint64 time_us;
  double value;
} Reading;

struct _DdRollbackTrigger
{
  GObject parent_instance;

  char *id;
  DdLiveSignal signal;
  DdRollbackAction action;
  char *target;
  double threshold;
  double clear_below;
  gint64 window_us;

  GQueue readings;   /* of Reading *, oldest first */
  double sum;        /* of the readings in the window */
  gboolean fired;
  guint n_firings;
};

G_DEFINE_FINAL_TYPE (DdRollbackTrigger, dd_rollback_trigger, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_VALUE,
  PROP_FIRED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const struct
{
  const char *nick;
  const char *name;    /* translated on use */
  gboolean    ratio;   /* shown as a percentage */

} signals[DD_N_LIVE_SIGNALS] = {
  [DD_LIVE_SIGNAL_CHECKOUT_ERROR_RATE] = { "checkout-error-rate", N_("Checkout error rate"), TRUE },
  [DD_LIVE_SIGNAL_FLAGGED_CHAT_RATE] = { "flagged-chat-rate", N_("Flagged chat rate"), TRUE },
  [DD_LIVE_SIGNAL_HUB_BACKLOG] = { "hub-backlog", N_("Hub backlog"), FALSE },
  [DD_LIVE_SIGNAL_SYNC_LAG] = { "sync-lag", N_("Sync lag"), FALSE },
};

static const struct
{
  const char *nick;
  const char *name;
} actions[] = {
  [DD_ROLLBACK_ACTION_PAUSE_OFFER] = { "pause-offer", N_("Pause the offer") },
  [DD_ROLLBACK_ACTION_FAIL_OPEN] = { "fail-open", N_("Show “pending, ETA” instead of an error") },
  [DD_ROLLBACK_ACTION_PAGE_ENGINEER] = { "page-engineer", N_("Page the Engineer on-call") },
};

static void
dd_rollback_trigger_finalize (GObject *object)
{
  DdRollbackTrigger *self = DD_ROLLBACK_TRIGGER (object);

  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->target, g_free);
  g_queue_clear_full (&self->readings, g_free);

  G_OBJECT_CLASS (dd_rollback_trigger_parent_class)->finalize (object);
}

static void
dd_rollback_trigger_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  DdRollbackTrigger *self = DD_ROLLBACK_TRIGGER (object);

  switch (prop_id)
    {
    case PROP_VALUE:
      g_value_set_double (value, dd_rollback_trigger_get_value (self));
      break;
    case PROP_FIRED:
      g_value_set_boolean (value, self->fired);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dd_rollback_trigger_class_init (DdRollbackTriggerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags ro = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->finalize = dd_rollback_trigger_finalize;
  object_class->get_property = dd_rollback_trigger_get_property;

  properties[PROP_VALUE] =
    g_param_spec_double ("value", NULL, NULL, -G_MAXDOUBLE, G_MAXDOUBLE, 0.0, ro);
  properties[PROP_FIRED] =
    g_param_spec_boolean ("fired", NULL, NULL, FALSE, ro);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
dd_rollback_trigger_init (DdRollbackTrigger *self)
{
  g_queue_init (&self->readings);
}

DdRollbackTrigger *
dd_rollback_trigger_new (const char       *id,
                         DdLiveSignal      signal,
                         double            threshold,
                         double            clear_below,
                         gint64            window_us,
                         DdRollbackAction  action,
                         const char       *target)
{
  DdRollbackTrigger *self;

  g_return_val_if_fail (id != NULL, NULL);
  g_return_val_if_fail ((guint) signal < DD_N_LIVE_SIGNALS, NULL);
  g_return_val_if_fail ((guint) action < G_N_ELEMENTS (actions), NULL);
  g_return_val_if_fail (clear_below <= threshold, NULL);
  g_return_val_if_fail (window_us > 0, NULL);

  self = g_object_new (DD_TYPE_ROLLBACK_TRIGGER, NULL);
  self->id = g_strdup (id);
  self->signal = signal;
  self->threshold = threshold;
  self->clear_below = clear_below;
  self->window_us = window_us;
  self->action = action;
  self->target = g_strdup (target);
  return self;
}

GPtrArray *
dd_rollback_trigger_new_defaults (const char *offer_id)
{
  GPtrArray *triggers = g_ptr_array_new_with_free_func (g_object_unref);
  gint64 second = G_USEC_PER_SEC;

  g_ptr_array_add (triggers, dd_rollback_trigger_new ("checkout-errors", DD_LIVE_SIGNAL_CHECKOUT_ERROR_RATE,
                                                      0.05, 0.02, 60 * second,
                                                      DD_ROLLBACK_ACTION_FAIL_OPEN, NULL));
  g_ptr_array_add (triggers, dd_rollback_trigger_new ("flagged-chat", DD_LIVE_SIGNAL_FLAGGED_CHAT_RATE,
                                                      0.20, 0.10, 30 * second,
                                                      DD_ROLLBACK_ACTION_PAGE_ENGINEER, NULL));
  g_ptr_array_add (triggers, dd_rollback_trigger_new ("hub-backlog", DD_LIVE_SIGNAL_HUB_BACKLOG,
                                                      200, 120, 60 * second,
                                                      DD_ROLLBACK_ACTION_PAUSE_OFFER, offer_id));
  g_ptr_array_add (triggers, dd_rollback_trigger_new ("sync-lag", DD_LIVE_SIGNAL_SYNC_LAG,
                                                      30, 10, 30 * second,
                                                      DD_ROLLBACK_ACTION_PAGE_ENGINEER, NULL));
  return triggers;
}

const char *
dd_rollback_trigger_get_id (DdRollbackTrigger *self)
{
  g_return_val_if_fail (DD_IS_ROLLBACK_TRIGGER (self), NULL);

  return self->id;
}

DdLiveSignal
dd_rollback_trigger_get_signal (DdRollbackTrigger *self)
{
  g_return_val_if_fail (DD_IS_ROLLBACK_TRIGGER (self), 0);

  return self->signal;
}

DdRollbackAction
dd_rollback_trigger_get_action (DdRollbackTrigger *self)
{
  g_return_val_if_fail (DD_IS_ROLLBACK_TRIGGER (self), 0);

  return self->action;
}

const char *
dd_rollback_trigger_get_target (DdRollbackTrigger *self)
{
  g_return_val_if_fail (DD_IS_ROLLBACK_TRIGGER (self), NULL);

  return self->target;
}

double
dd_rollback_trigger_get_threshold (DdRollbackTrigger *self)
{
  g_return_val_if_fail (DD_IS_ROLLBACK_TRIGGER (self), 0.0);

  return self->threshold;
}

double
dd_rollback_trigger_get_clear_below (DdRollbackTrigger *self)
{
  g_return_val_if_fail (DD_IS_ROLLBACK_TRIGGER (self), 0.0);

  return self->clear_below;
}

gint64
dd_rollback_trigger_get_window (DdRollbackTrigger *self)
{
  g_return_val_if_fail (DD_IS_ROLLBACK_TRIGGER (self), 0);

  return self->window_us;
}

double
dd_rollback_trigger_get_value (DdRollbackTrigger *self)
{
  g_return_val_if_fail (DD_IS_ROLLBACK_TRIGGER (self), 0.0);

  if (self->readings.length == 0)
    return 0.0;
  return self->sum / self->readings.length;
}

gboolean
dd_rollback_trigger_has_readings (DdRollbackTrigger *self)
{
  g_return_val_if_fail (DD_IS_ROLLBACK_TRIGGER (self), FALSE);

  return self->readings.length > 0;
}

gboolean
dd_rollback_trigger_get_fired (DdRollbackTrigger *self)
{
  g_return_val_if_fail (DD_IS_ROLLBACK_TRIGGER (self), FALSE);

  return self->fired;
}

guint
dd_rollback_trigger_get_n_firings (DdRollbackTrigger *self)
{
  g_return_val_if_fail (DD_IS_ROLLBACK_TRIGGER (self), 0);

  return self->n_firings;
}

static DdLedgerEntry *
firing_to_ledger_entry (DdRollbackTrigger *self,
                        gint64             time_us,
                        double             mean)
{
  g_autofree char *value = dd_live_signal_format_value (self->signal, mean);
  g_autofree char *threshold = dd_live_signal_format_value (self->signal, self->threshold);
  g_autofree char *reason = NULL;
  g_autofree char *after = NULL;
  DdLedgerFields fields = { 0 };

  /* Translators: "Checkout error rate 6.2 % over the last 60 s reached 5.0 %: Pause the offer" */
  reason = g_strdup_printf (_("%s %s over the last %u s reached %s: %s"),
                            dd_live_signal_get_display_name (self->signal), value,
                            (guint) (self->window_us / G_USEC_PER_SEC), threshold,
                            dd_rollback_action_get_display_name (self->action));
  after = self->target != NULL
          ? g_strdup_printf ("%s:%s", actions[self->action].nick, self->target)
          : g_strdup (actions[self->action].nick);

  fields.time_us = time_us;
  fields.actor = "dropdeck";
  fields.role = "engineer-on-call";
  fields.entity = "rollback-trigger";
  fields.entity_id = self->id;
  fields.field = signals[self->signal].nick;
  fields.before = value;
  fields.after = after;
  fields.reason = reason;

  return dd_ledger_entry_new (&fields);
}

DdLedgerEntry *
dd_rollback_trigger_observe (DdRollbackTrigger *self,
                             gint64             time_us,
                             double             value)
{
  Reading *reading;
  Reading *newest;
  double mean;
  gboolean was_fired;

  g_return_val_if_fail (DD_IS_ROLLBACK_TRIGGER (self), NULL);

  newest = g_queue_peek_tail (&self->readings);
  if ((newest != NULL && time_us < newest->time_us) || isnan (value))
    return NULL;

  reading = g_new (Reading, 1);
  reading->time_us = time_us;
  reading->value = value;
  g_queue_push_tail (&self->readings, reading);
  self->sum += value;

  /* Slide: keep the readings of the last window_us. */
  while ((reading = g_queue_peek_head (&self->readings)) != NULL
         && reading->time_us <= time_us - self->window_us)
    {
      self->sum -= reading->value;
      g_free (g_queue_pop_head (&self->readings));
    }
  /* A window of one reading starts the sum afresh: no rounding creeps in. */
  if (self->readings.length == 1)
    self->sum = value;

  mean = dd_rollback_trigger_get_value (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VALUE]);

  was_fired = self->fired;
  if (!self->fired && mean >= self->threshold)
    self->fired = TRUE;
  else if (self->fired && mean <= self->clear_below)
    self->fired = FALSE;

  if (was_fired == self->fired)
    return NULL;

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FIRED]);
  if (!self->fired)
    return NULL;

  self->n_firings++;
  return firing_to_ledger_entry (self, time_us, mean);
}

const char *
dd_live_signal_get_display_name (DdLiveSignal signal)
{
  g_return_val_if_fail ((guint) signal < DD_N_LIVE_SIGNALS, NULL);

  return _(signals[signal].name);
}

char *
dd_live_signal_format_value (DdLiveSignal signal,
                             double       value)
{
  g_return_val_if_fail ((guint) signal < DD_N_LIVE_SIGNALS, NULL);

  if (signals[signal].ratio)
    /* Translators: a percentage, "12.5 %" */
    return g_strdup_printf (_("%.1f %%"), value * 100.0);

  if (signal == DD_LIVE_SIGNAL_HUB_BACKLOG)
    {
      guint units = (guint) CLAMP (round (value), 0, G_MAXUINT);

      /* Translators: a hub backlog, units waiting to be picked, "240 to pick" */
      return g_strdup_printf (ngettext ("%u to pick", "%u to pick", units), units);
    }

  /* Translators: a sync lag in seconds, "12 s" */
  return g_strdup_printf (_("%.0f s"), value);
}

const char *
dd_rollback_action_get_display_name (DdRollbackAction action)
{
  g_return_val_if_fail ((guint) action < G_N_ELEMENTS (actions), NULL);

  return _(actions[action].name);
}

const char *
dd_live_signal_to_nick (DdLiveSignal signal)
{
  g_return_val_if_fail ((guint) signal < DD_N_LIVE_SIGNALS, NULL);

  return signals[signal].nick;
}

const char *
dd_rollback_action_to_nick (DdRollbackAction action)
{
  g_return_val_if_fail ((guint) action < G_N_ELEMENTS (actions), NULL);

  return actions[action].nick;
}
