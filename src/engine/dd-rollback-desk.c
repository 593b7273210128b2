/* dd-rollback-desk.c — the drop's rollback triggers, and their actions carried out
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "dd-offer-editing.h"
#include "dd-rollback-desk.h"

#define TRIGGER_ACTOR N_("Rollback trigger")

struct _DdRollbackDesk
{
  GObject         parent_instance;

  GListModel     *offers;
  DdStore        *store;
  DdOfferEditing *editing;
  GPtrArray      *triggers;        /* DdRollbackTrigger */

  guint           n_failing_open;  /* fail-open triggers fired and not cleared */
  char           *fail_open_message;
  gint64          fail_open_eta;
};

G_DEFINE_FINAL_TYPE (DdRollbackDesk, dd_rollback_desk, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_FAIL_OPEN,
  N_PROPS
};

enum {
  PAGE,
  ALERT,
  PAUSED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
dd_rollback_desk_finalize (GObject *object)
{
  DdRollbackDesk *self = DD_ROLLBACK_DESK (object);

  g_clear_object (&self->offers);
  g_clear_object (&self->store);
  g_clear_object (&self->editing);
  g_clear_pointer (&self->triggers, g_ptr_array_unref);
  g_clear_pointer (&self->fail_open_message, g_free);

  G_OBJECT_CLASS (dd_rollback_desk_parent_class)->finalize (object);
}

static void
dd_rollback_desk_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  DdRollbackDesk *self = DD_ROLLBACK_DESK (object);

  switch (prop_id)
    {
    case PROP_FAIL_OPEN:
      g_value_set_boolean (value, dd_rollback_desk_get_fail_open (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dd_rollback_desk_class_init (DdRollbackDeskClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = dd_rollback_desk_finalize;
  object_class->get_property = dd_rollback_desk_get_property;

  properties[PROP_FAIL_OPEN] =
    g_param_spec_boolean ("fail-open", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[PAGE] =
    g_signal_new ("page", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, DD_TYPE_ROLLBACK_TRIGGER, G_TYPE_STRING);
  signals[ALERT] =
    g_signal_new ("alert", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);
  signals[PAUSED] =
    g_signal_new ("paused", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, DD_TYPE_OFFER, G_TYPE_STRING);
}

static void
dd_rollback_desk_init (DdRollbackDesk *self)
{
  self->triggers = dd_rollback_trigger_new_defaults (NULL);
}

DdRollbackDesk *
dd_rollback_desk_new (GListModel *offers)
{
  DdRollbackDesk *self;

  g_return_val_if_fail (G_IS_LIST_MODEL (offers), NULL);

  self = g_object_new (DD_TYPE_ROLLBACK_DESK, NULL);
  self->offers = g_object_ref (offers);
  return self;
}

void
dd_rollback_desk_set_store (DdRollbackDesk *self,
                            DdStore        *store)
{
  g_return_if_fail (DD_IS_ROLLBACK_DESK (self));
  g_return_if_fail (store == NULL || DD_IS_STORE (store));

  if (!g_set_object (&self->store, store))
    return;
  g_clear_object (&self->editing);
  if (store != NULL)
    self->editing = dd_offer_editing_new (store);
}

GPtrArray *
dd_rollback_desk_get_triggers (DdRollbackDesk *self)
{
  g_return_val_if_fail (DD_IS_ROLLBACK_DESK (self), NULL);

  return self->triggers;
}

void
dd_rollback_desk_set_triggers (DdRollbackDesk *self,
                               GPtrArray      *triggers)
{
  g_return_if_fail (DD_IS_ROLLBACK_DESK (self));
  g_return_if_fail (triggers != NULL);

  g_clear_pointer (&self->triggers, g_ptr_array_unref);
  self->triggers = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < triggers->len; i++)
    g_ptr_array_add (self->triggers, g_object_ref (g_ptr_array_index (triggers, i)));
  if (self->n_failing_open > 0)
    {
      self->n_failing_open = 0;
      self->fail_open_eta = 0;
      g_clear_pointer (&self->fail_open_message, g_free);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FAIL_OPEN]);
    }
}

static void
ledger_appended_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(DdLedgerEntry) entry = NULL;
  g_autoptr(GError) error = NULL;

  entry = dd_store_append_ledger_finish (DD_STORE (source), result, &error);
  if (entry == NULL && !g_error_matches (error, DD_STORE_ERROR, DD_STORE_ERROR_CLOSED))
    g_warning ("A rollback trigger fired but its ledger entry was not written: %s", error->message);
}

typedef struct
{
  DdRollbackDesk *self;
  DdOffer        *offer;
  char           *reason;
} PauseCall;

static void
paused_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  PauseCall *call = user_data;
  g_autoptr(GError) error = NULL;

  if (dd_offer_editing_finish (DD_OFFER_EDITING (source), result, NULL, &error))
    {
      /* Translators: "Heavyweight Box Tee, White, M paused: Hub backlog …" */
      g_autofree char *alert = g_strdup_printf (_("%s paused: %s"), dd_offer_get_title (call->offer), call->reason);

      g_signal_emit (call->self, signals[ALERT], 0, alert);
      g_signal_emit (call->self, signals[PAUSED], 0, call->offer, call->reason);
    }
  else if (!g_error_matches (error, DD_STORE_ERROR, DD_STORE_ERROR_CLOSED))
    {
      /* Translators: "A rollback trigger could not pause Heavyweight Box Tee: <why>" */
      g_autofree char *alert = g_strdup_printf (_("A rollback trigger could not pause %s: %s"),
                                                dd_offer_get_title (call->offer), error->message);

      g_signal_emit (call->self, signals[ALERT], 0, alert);
    }

  g_object_unref (call->self);
  g_object_unref (call->offer);
  g_free (call->reason);
  g_free (call);
}

/* The target offer, or every live offer when the trigger names none. */
static void
pause_offers (DdRollbackDesk    *self,
              DdRollbackTrigger *trigger,
              DdLedgerEntry     *firing)
{
  const char *target = dd_rollback_trigger_get_target (trigger);
  g_autofree char *reason = NULL;
  guint n = g_list_model_get_n_items (self->offers);
  DdOfferEditContext context = { 0 };

  if (self->editing == NULL)
    return;

  /* Translators: "Rollback trigger hub-backlog: Hub backlog 250 to pick over the last 60 s reached …" */
  reason = g_strdup_printf (_("Rollback trigger %s: %s"), dd_rollback_trigger_get_id (trigger),
                            dd_ledger_entry_get_reason (firing));
  context.actor = _(TRIGGER_ACTOR);
  context.role = DD_ROLE_OPS_LEAD;
  context.reason = reason;
  context.now = dd_ledger_entry_get_time (firing);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(DdOffer) offer = g_list_model_get_item (self->offers, i);
      PauseCall *call;

      if (target != NULL ? g_strcmp0 (dd_offer_get_id (offer), target) != 0
                         : dd_offer_get_state (offer) != DD_OFFER_STATE_LIVE)
        continue;
      call = g_new0 (PauseCall, 1);
      call->self = g_object_ref (self);
      call->offer = g_object_ref (offer);
      call->reason = g_strdup (reason);
      dd_offer_editing_transition_async (self->editing, offer, DD_OFFER_STATE_PAUSED, &context,
                                         NULL, paused_cb, call);
    }
}

static void
start_failing_open (DdRollbackDesk    *self,
                    DdRollbackTrigger *trigger,
                    gint64             time_us)
{
  /* The window must slide past the bad readings before the mean can clear:
   * that is the earliest the squad can promise. */
  gint64 eta = time_us + dd_rollback_trigger_get_window (trigger);
  g_autoptr(GDateTime) local = g_date_time_new_from_unix_local (eta / G_USEC_PER_SEC);
  g_autofree char *clock = g_date_time_format (local, "%H:%M");

  self->n_failing_open++;
  if (eta <= self->fail_open_eta)
    return;
  self->fail_open_eta = eta;
  g_free (self->fail_open_message);
  /* Translators: what buyers see instead of a checkout error, "Pending, ETA 21:05 — …" */
  self->fail_open_message = g_strdup_printf (_("Pending, ETA %s — your order is held and will be confirmed"), clock);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FAIL_OPEN]);
}

static void
stop_failing_open (DdRollbackDesk *self)
{
  if (self->n_failing_open == 0 || --self->n_failing_open > 0)
    return;
  self->fail_open_eta = 0;
  g_clear_pointer (&self->fail_open_message, g_free);
  g_signal_emit (self, signals[ALERT], 0, _("Checkout recovered: buyers see errors again instead of “pending”"));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FAIL_OPEN]);
}

/* A desktop notification for the Engineer on-call, who may be looking at
 * another window; headless code paths listen to "page". */
static void
page_engineer (DdRollbackDesk    *self,
               DdRollbackTrigger *trigger,
               DdLedgerEntry     *firing)
{
  GApplication *application = g_application_get_default ();

  if (application != NULL && g_application_get_is_registered (application))
    {
      g_autoptr(GNotification) notification = g_notification_new (_("Rollback Trigger Fired"));
      g_autofree char *id = g_strdup_printf ("rollback-%s", dd_rollback_trigger_get_id (trigger));

      g_notification_set_body (notification, dd_ledger_entry_get_reason (firing));
      g_notification_set_priority (notification, G_NOTIFICATION_PRIORITY_URGENT);
      g_application_send_notification (application, id, notification);
    }
  g_signal_emit (self, signals[PAGE], 0, trigger, dd_ledger_entry_get_reason (firing));
}

static void
carry_out (DdRollbackDesk    *self,
           DdRollbackTrigger *trigger,
           DdLedgerEntry     *firing)
{
  DdRollbackAction action = dd_rollback_trigger_get_action (trigger);
  const char *reason = dd_ledger_entry_get_reason (firing);

  if (self->store != NULL)
    dd_store_append_ledger_async (self->store, firing, NULL, ledger_appended_cb, NULL);
  if (action == DD_ROLLBACK_ACTION_PAGE_ENGINEER)
    {
      /* Translators: an alert in the wall, "Engineer on-call paged: Sync lag 40 s …" */
      g_autofree char *alert = g_strdup_printf (_("Engineer on-call paged: %s"), reason);

      g_signal_emit (self, signals[ALERT], 0, alert);
    }
  else
    g_signal_emit (self, signals[ALERT], 0, reason);

  switch (action)
    {
    case DD_ROLLBACK_ACTION_PAUSE_OFFER:
      pause_offers (self, trigger, firing);
      break;
    case DD_ROLLBACK_ACTION_FAIL_OPEN:
      start_failing_open (self, trigger, dd_ledger_entry_get_time (firing));
      break;
    case DD_ROLLBACK_ACTION_PAGE_ENGINEER:
      page_engineer (self, trigger, firing);
      break;
    default:
      g_assert_not_reached ();
    }
}

void
dd_rollback_desk_observe (DdRollbackDesk *self,
                          DdLiveSignal    signal,
                          gint64          time_us,
                          double          value)
{
  g_return_if_fail (DD_IS_ROLLBACK_DESK (self));

  /* A firing's action may call back into the desk: keep the triggers alive. */
  g_object_ref (self);
  for (guint i = 0; i < self->triggers->len; i++)
    {
      g_autoptr(DdRollbackTrigger) trigger = g_object_ref (g_ptr_array_index (self->triggers, i));
      g_autoptr(DdLedgerEntry) firing = NULL;
      gboolean was_fired;

      if (dd_rollback_trigger_get_signal (trigger) != signal)
        continue;
      was_fired = dd_rollback_trigger_get_fired (trigger);
      firing = dd_rollback_trigger_observe (trigger, time_us, value);
      if (firing != NULL)
        carry_out (self, trigger, firing);
      else if (was_fired && !dd_rollback_trigger_get_fired (trigger) &&
               dd_rollback_trigger_get_action (trigger) == DD_ROLLBACK_ACTION_FAIL_OPEN)
        stop_failing_open (self);
    }
  g_object_unref (self);
}

gboolean
dd_rollback_desk_get_fail_open (DdRollbackDesk *self)
{
  g_return_val_if_fail (DD_IS_ROLLBACK_DESK (self), FALSE);

  return self->n_failing_open > 0;
}

const char *
dd_rollback_desk_get_fail_open_message (DdRollbackDesk *self)
{
  g_return_val_if_fail (DD_IS_ROLLBACK_DESK (self), NULL);

  return self->fail_open_message;
}

gint64
dd_rollback_desk_get_fail_open_eta (DdRollbackDesk *self)
{
  g_return_val_if_fail (DD_IS_ROLLBACK_DESK (self), 0);

  return self->fail_open_eta;
}

char *
dd_rollback_desk_describe_checkout_error (DdRollbackDesk *self,
                                          const GError   *error)
{
  g_return_val_if_fail (DD_IS_ROLLBACK_DESK (self), NULL);
  g_return_val_if_fail (error != NULL, NULL);

  if (self->n_failing_open > 0)
    return g_strdup (self->fail_open_message);
  return g_strdup (error->message);
}
