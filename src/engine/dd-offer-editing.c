/* dd-offer-editing.c — a person's changes to offers: checked, stored, undoable
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "dd-offer-editing-private.h"

struct _DdOfferEditing
{
  GObject       parent_instance;

  DdStore      *store;
  guint         threshold;
  GHashTable   *approvals;     /* offer id -> pending DdPriceApproval */

  /* The last applied change, for undo. */
  DdOffer      *undo_offer;    /* the live offer */
  DdOffer      *undo_before;   /* a copy from before the change */
  DdOfferField  undo_field;
  gboolean      undo_is_state;
  char         *undo_label;
};

G_DEFINE_FINAL_TYPE (DdOfferEditing, dd_offer_editing, G_TYPE_OBJECT)

enum {
  SIGNAL_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* What one change is about: a field or the lifecycle state. */
typedef struct
{
  DdOffer           *offer;      /* the live offer */
  DdOffer           *candidate;  /* a copy with the change made */
  DdOffer           *before;     /* a copy from before */
  DdOfferField       field;
  gboolean           is_state;
  char              *actor;
  DdRole             role;
  char              *reason;
  char              *chat_message_id;
  gint64             now;
  DdPriceApproval   *approval;   /* an approval the change rests on */
  DdSyncState        old_sync;
} EditJob;

static void
edit_job_free (gpointer data)
{
  EditJob *job = data;

  g_clear_object (&job->offer);
  g_clear_object (&job->candidate);
  g_clear_object (&job->before);
  g_free (job->actor);
  g_free (job->reason);
  g_free (job->chat_message_id);
  g_clear_pointer (&job->approval, dd_price_approval_unref);
  g_free (job);
}

static gint64
context_now (const DdOfferEditContext *context)
{
  return context->now != 0 ? context->now : g_get_real_time ();
}

static EditJob *
edit_job_new (DdOffer                  *offer,
              const DdOfferEditContext *context)
{
  EditJob *job = g_new0 (EditJob, 1);

  job->offer = g_object_ref (offer);
  job->candidate = dd_offer_copy (offer);
  job->before = dd_offer_copy (offer);
  job->actor = g_strdup (context->actor);
  job->role = context->role;
  job->reason = g_strdup (context->reason);
  job->chat_message_id = g_strdup (context->chat_message_id);
  job->now = context_now (context);
  return job;
}

/* The ledger's name of what changed. */
static const char *
part_ledger_name (DdOfferField field,
                  gboolean     is_state)
{
  if (is_state)
    return "state";

  switch (field)
    {
    case DD_OFFER_FIELD_TITLE:
      return "title";
    case DD_OFFER_FIELD_PRICE:
      return "price";
    case DD_OFFER_FIELD_COMPARE_AT_PRICE:
      return "compare_at_price";
    case DD_OFFER_FIELD_PER_BUYER_CAP:
      return "per_buyer_cap";
    case DD_OFFER_FIELD_STOCK:
      return "stock_allocated";
    case DD_OFFER_FIELD_WINDOW:
      return "window";
    case DD_OFFER_FIELD_COMPONENTS:
      return "components";
    case DD_OFFER_FIELD_LATENCY_BUCKET:
      return "latency_bucket";
    default:
      g_return_val_if_reached ("unknown");
    }
}

/* The value as the ledger keeps it ("119.00 EUR", "4", "live"), NULL for
 * no "was" price. */
static char *
part_value_text (DdOffer      *offer,
                 DdOfferField  field,
                 gboolean      is_state)
{
  const DdMoney *money;

  if (is_state)
    return g_strdup (dd_offer_state_to_nick (dd_offer_get_state (offer)));

  switch (field)
    {
    case DD_OFFER_FIELD_TITLE:
      return g_strdup (dd_offer_get_title (offer));
    case DD_OFFER_FIELD_PRICE:
      return dd_money_to_string (dd_offer_get_price (offer));
    case DD_OFFER_FIELD_COMPARE_AT_PRICE:
      money = dd_offer_get_compare_at_price (offer);
      return money != NULL ? dd_money_to_string (money) : NULL;
    case DD_OFFER_FIELD_PER_BUYER_CAP:
      return g_strdup_printf ("%u", dd_offer_get_per_buyer_cap (offer));
    case DD_OFFER_FIELD_STOCK:
      return g_strdup_printf ("%u", dd_offer_get_stock_allocated (offer));
    case DD_OFFER_FIELD_WINDOW:
      return _dd_offer_editing_format_window (dd_offer_get_window_start (offer), dd_offer_get_window_end (offer));
    case DD_OFFER_FIELD_COMPONENTS:
      return dd_bundle_format_components (offer);
    case DD_OFFER_FIELD_LATENCY_BUCKET:
      return g_strdup (dd_latency_bucket_to_nick (dd_offer_get_latency_bucket (offer)));
    default:
      g_return_val_if_reached (NULL);
    }
}

/* Copies one field (or the state) from `from` to `to`. */
static void
copy_part (DdOffer      *to,
           DdOffer      *from,
           DdOfferField  field,
           gboolean      is_state)
{
  if (is_state)
    {
      dd_offer_set_state (to, dd_offer_get_state (from));
      return;
    }

  switch (field)
    {
    case DD_OFFER_FIELD_TITLE:
      dd_offer_set_title (to, dd_offer_get_title (from));
      break;
    case DD_OFFER_FIELD_PRICE:
      dd_offer_set_price (to, dd_offer_get_price (from));
      break;
    case DD_OFFER_FIELD_COMPARE_AT_PRICE:
      dd_offer_set_compare_at_price (to, dd_offer_get_compare_at_price (from));
      break;
    case DD_OFFER_FIELD_PER_BUYER_CAP:
      dd_offer_set_per_buyer_cap (to, dd_offer_get_per_buyer_cap (from));
      break;
    case DD_OFFER_FIELD_STOCK:
      dd_offer_set_stock_allocated (to, dd_offer_get_stock_allocated (from));
      break;
    case DD_OFFER_FIELD_WINDOW:
      dd_offer_set_window (to, dd_offer_get_window_start (from), dd_offer_get_window_end (from));
      break;
    case DD_OFFER_FIELD_COMPONENTS:
      {
        g_autofree char *text = dd_bundle_format_components (from);

        dd_bundle_parse_components (to, text, NULL);
      }
      G_GNUC_FALLTHROUGH;  /* the bucket follows the components */
    case DD_OFFER_FIELD_LATENCY_BUCKET:
      dd_offer_set_latency_bucket (to, dd_offer_get_latency_bucket (from));
      break;
    default:
      g_return_if_reached ();
    }
}

/* "Price of “Blue tee”" */
static char *
describe_part (DdOffer      *offer,
               DdOfferField  field,
               gboolean      is_state)
{
  /* Translators: what was changed, then the offer's title */
  return g_strdup_printf (_("%s of “%s”"),
                          is_state ? _("State") : dd_offer_field_get_display_name (field),
                          dd_offer_get_title (offer));
}

static gboolean
fail_field (GError       **error,
            DdOfferField   field,
            const char    *message)
{
  g_set_error (error, DD_CORE_ERROR, DD_CORE_ERROR_INVALID_FIELD,
               /* Translators: a field name, then what is wrong with it */
               _("%s: %s"), dd_offer_field_get_display_name (field), message);
  return FALSE;
}

/* Parses `text` into job->candidate. */
static gboolean
parse_into_candidate (EditJob     *job,
                      const char  *text,
                      GError     **error)
{
  DdOffer *candidate = job->candidate;
  const char *currency = dd_offer_get_price (candidate)->currency;
  g_autofree char *trimmed = g_strstrip (g_strdup (text != NULL ? text : ""));
  DdMoney money;
  guint count;

  switch (job->field)
    {
    case DD_OFFER_FIELD_TITLE:
      if (*trimmed == '\0')
        return fail_field (error, job->field, _("an offer needs a title buyers can read"));
      dd_offer_set_title (candidate, trimmed);
      return TRUE;

    case DD_OFFER_FIELD_PRICE:
      if (!dd_offer_input_parse_money (job->field, trimmed, currency, &money, error))
        return FALSE;
      if (money.minor == 0)
        return fail_field (error, job->field, _("an offer cannot be free; enter a price above zero"));
      if (dd_offer_get_compare_at_price (candidate) != NULL
          && dd_offer_get_compare_at_price (candidate)->minor <= money.minor)
        {
          g_autofree char *was = dd_money_format (dd_offer_get_compare_at_price (candidate));
          g_autofree char *message =
            /* Translators: %s is the "was" price, e.g. "€149.00" */
            g_strdup_printf (_("must stay below the “was” price of %s; change or remove that first"), was);

          return fail_field (error, job->field, message);
        }
      dd_offer_set_price (candidate, &money);
      return TRUE;

    case DD_OFFER_FIELD_COMPARE_AT_PRICE:
      if (*trimmed == '\0')
        {
          dd_offer_set_compare_at_price (candidate, NULL);
          return TRUE;
        }
      if (!dd_offer_input_parse_money (job->field, trimmed, currency, &money, error)
          || !dd_offer_input_check_compare_at (dd_offer_get_price (candidate), &money, error))
        return FALSE;
      dd_offer_set_compare_at_price (candidate, &money);
      return TRUE;

    case DD_OFFER_FIELD_PER_BUYER_CAP:
      if (!dd_offer_input_parse_count (job->field, trimmed, &count, error))
        return FALSE;
      dd_offer_set_per_buyer_cap (candidate, count);
      return TRUE;

    case DD_OFFER_FIELD_STOCK:
      if (!dd_offer_input_parse_count (job->field, trimmed, &count, error))
        return FALSE;
      if (count < dd_offer_get_units_sold (candidate))
        {
          g_autofree char *message =
            g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                          "%u unit is already sold; allocate at least that many",
                                          "%u units are already sold; allocate at least that many",
                                          dd_offer_get_units_sold (candidate)),
                             dd_offer_get_units_sold (candidate));

          return fail_field (error, job->field, message);
        }
      dd_offer_set_stock_allocated (candidate, count);
      return TRUE;

    case DD_OFFER_FIELD_WINDOW:
      {
        gint64 start, end;

        /* Countdown integrity: a running window is never restarted or
         * extended; a new window needs a new offer. */
        if (!_dd_offer_editing_parse_window (trimmed, job->now, &start, &end, error)
            || !dd_offer_guard_window (start, end, NULL, error)
            || !dd_offer_guard_window_change (dd_offer_get_window_start (candidate),
                                              dd_offer_get_window_end (candidate),
                                              start, end, job->now, error))
          return FALSE;
        dd_offer_set_window (candidate, start, end);
        return TRUE;
      }

    case DD_OFFER_FIELD_COMPONENTS:
      return dd_bundle_parse_components (candidate, trimmed, error);

    case DD_OFFER_FIELD_LATENCY_BUCKET:
      {
        DdLatencyBucket bucket;

        if (!dd_latency_bucket_from_nick (trimmed, &bucket))
          return fail_field (error, job->field, _("not a delivery promise Dropdeck knows"));
        dd_offer_set_latency_bucket (candidate, bucket);
        return TRUE;
      }

    default:
      return fail_field (error, job->field, _("this field cannot be edited here"));
    }
}

static void
append_ledger (DdOfferEditing      *self,
               EditJob             *job,
               const char          *field,
               const char          *before,
               const char          *after,
               const char          *reason,
               GTask               *task,
               GAsyncReadyCallback  callback)
{
  g_autoptr(DdLedgerEntry) draft = NULL;
  DdLedgerFields fields = {
    .time_us = job->now,
    .actor = job->actor,
    .role = dd_role_to_nick (job->role),
    .entity = "offer",
    .entity_id = dd_offer_get_id (job->offer),
    .field = field,
    .before = before,
    .after = after,
    .reason = reason,
    .chat_message_id = job->chat_message_id,
  };

  draft = dd_ledger_entry_new (&fields);
  dd_store_append_ledger_async (self->store, draft, g_task_get_cancellable (task), callback, task);
}

static void
forget_undo (DdOfferEditing *self)
{
  g_clear_object (&self->undo_offer);
  g_clear_object (&self->undo_before);
  g_clear_pointer (&self->undo_label, g_free);
}

static void
store_edit_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  DdOfferEditing *self = g_task_get_source_object (task);
  EditJob *job = g_task_get_task_data (task);
  GError *error = NULL;

  if (!dd_store_apply_offer_edit_finish (DD_STORE (object), result, &error))
    {
      /* Nothing was stored: show the offer as it was. */
      copy_part (job->offer, job->before, job->field, job->is_state);
      dd_offer_set_sync_state (job->offer, job->old_sync);
      g_task_return_error (task, error);
      return;
    }

  forget_undo (self);
  self->undo_offer = g_object_ref (job->offer);
  self->undo_before = g_object_ref (job->before);
  self->undo_field = job->field;
  self->undo_is_state = job->is_state;
  self->undo_label = describe_part (job->offer, job->field, job->is_state);
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
  g_task_return_int (task, DD_OFFER_EDIT_APPLIED);
}

/* The change passed every check: the live offer shows it at once and the
 * store writes offer, outbox and ledger in one transaction. */
static void
apply_change (DdOfferEditing *self,
              GTask          *task)
{
  EditJob *job = g_task_get_task_data (task);
  g_autofree char *before = part_value_text (job->before, job->field, job->is_state);
  g_autofree char *after = part_value_text (job->candidate, job->field, job->is_state);
  DdStoreEdit edit = {
    .field = part_ledger_name (job->field, job->is_state),
    .before = before,
    .after = after,
    .actor = job->actor,
    .role = job->role,
    .reason = job->reason,
    .chat_message_id = job->chat_message_id,
  };

  job->old_sync = dd_offer_get_sync_state (job->offer);
  copy_part (job->offer, job->candidate, job->field, job->is_state);
  dd_store_apply_offer_edit_async (self->store, job->offer, &edit,
                                   g_task_get_cancellable (task), store_edit_cb, task);
}

static void check_price_drop_and_apply (DdOfferEditing *self,
                                        GTask          *task);

/* After a two-person rule entry (a request, an approval or a decline) is in
 * the ledger: a request waits, an approved drop applies, a decline is done. */
static void
approval_logged_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(DdLedgerEntry) entry = NULL;
  DdOfferEditing *self = g_task_get_source_object (task);
  EditJob *job = g_task_get_task_data (task);
  gboolean requested = g_task_get_source_tag (task) != dd_offer_editing_decide_async;
  GError *error = NULL;

  entry = dd_store_append_ledger_finish (DD_STORE (object), result, &error);
  if (entry == NULL)
    {
      if (requested)
        {
          g_hash_table_remove (self->approvals, dd_offer_get_id (job->offer));
          g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
        }
      g_task_return_error (task, error);
    }
  else if (requested)
    g_task_return_int (task, DD_OFFER_EDIT_AWAITS_APPROVAL);
  else if (job->approval == NULL)
    g_task_return_int (task, DD_OFFER_EDIT_APPLIED);
  else
    /* Approved: the drop itself, resting on the approval. */
    check_price_drop_and_apply (self, g_steal_pointer (&task));
}

/* The two-person rule, then apply. Takes over the caller's reference to
 * `task`, as do run_checks() and apply_change(). */
static void
check_price_drop_and_apply (DdOfferEditing *self,
                            GTask          *task)
{
  EditJob *job = g_task_get_task_data (task);
  const DdMoney *old_price = dd_offer_get_price (job->before);
  const DdMoney *new_price = dd_offer_get_price (job->candidate);
  const char *offer_id = dd_offer_get_id (job->offer);
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *reason = NULL;
  DdPriceApproval *pending;

  if (job->is_state || job->field != DD_OFFER_FIELD_PRICE
      || dd_offer_guard_price_drop (offer_id, old_price, new_price, self->threshold,
                                    job->approval, &error))
    {
      apply_change (self, task);
      return;
    }

  if (!g_error_matches (error, DD_CORE_ERROR, DD_CORE_ERROR_NEEDS_APPROVAL))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      g_object_unref (task);
      return;
    }

  pending = g_hash_table_lookup (self->approvals, offer_id);
  if (pending != NULL)
    {
      g_autofree char *asked = dd_money_format (dd_price_approval_get_new_price (pending));

      g_task_return_new_error (task, DD_CORE_ERROR, DD_CORE_ERROR_NEEDS_APPROVAL,
                               /* Translators: %s is a price, e.g. "€19.00" */
                               _("Price: a drop to %s already waits for approval; it must be approved or declined first"),
                               asked);
      g_object_unref (task);
      return;
    }

  g_hash_table_insert (self->approvals, g_strdup (offer_id),
                       dd_price_approval_new (offer_id, old_price, new_price,
                                              job->actor, job->role, job->now));
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0);

  before = dd_money_to_string (old_price);
  after = dd_money_to_string (new_price);
  reason = g_strdup_printf ("requested: drop of more than %u %%%s%s", self->threshold,
                            job->reason != NULL ? "; " : "", job->reason != NULL ? job->reason : "");
  append_ledger (self, job, "price_approval", before, after, reason, task, approval_logged_cb);
}

static void
lowest_price_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autofree DdPricePoint *lowest = NULL;
  DdOfferEditing *self = g_task_get_source_object (task);
  EditJob *job = g_task_get_task_data (task);
  GError *error = NULL;

  lowest = dd_store_lookup_prior_price_finish (DD_STORE (object), result, &error);
  if (error != NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  if (!dd_offer_guard_was_price (dd_offer_get_compare_at_price (job->candidate), lowest, &error))
    {
      GError *named = g_error_new (error->domain, error->code, _("%s: %s"),
                                   dd_offer_field_get_display_name (DD_OFFER_FIELD_COMPARE_AT_PRICE),
                                   error->message);

      g_error_free (error);
      g_task_return_error (task, named);
      return;
    }

  check_price_drop_and_apply (self, g_steal_pointer (&task));
}

static void
bundle_checked_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autofree DdBundleFulfilment *fulfilment = NULL;
  DdOfferEditing *self = g_task_get_source_object (task);
  EditJob *job = g_task_get_task_data (task);
  GError *error = NULL;

  fulfilment = _dd_offer_editing_check_bundle_finish (result, &error);
  if (fulfilment == NULL
      || !_dd_offer_editing_apply_fulfilment (job->candidate, job->field, fulfilment, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  check_price_drop_and_apply (self, g_steal_pointer (&task));
}

/* Checks that need the store (the prior-price rule for a new "was" price;
 * cycles and stock for bundles), then the two-person rule, then apply. */
static void
run_checks (DdOfferEditing *self,
            GTask          *task)
{
  EditJob *job = g_task_get_task_data (task);
  const DdMoney *was = dd_offer_get_compare_at_price (job->candidate);
  const DdMoney *old_was = dd_offer_get_compare_at_price (job->before);

  if (!job->is_state && (job->field == DD_OFFER_FIELD_COMPONENTS || job->field == DD_OFFER_FIELD_LATENCY_BUCKET))
    {
      _dd_offer_editing_check_bundle_async (self->store, job->candidate, job->field == DD_OFFER_FIELD_COMPONENTS,
                                            g_task_get_cancellable (task), bundle_checked_cb, task);
      return;
    }

  if (!job->is_state && job->field == DD_OFFER_FIELD_COMPARE_AT_PRICE && was != NULL
      && (old_was == NULL || !dd_money_equal (was, old_was)))
    {
      dd_store_lookup_prior_price_async (self->store, dd_offer_get_sku (job->candidate),
                                         dd_offer_get_price (job->candidate), job->now,
                                         g_task_get_cancellable (task), lowest_price_cb, task);
      return;
    }

  check_price_drop_and_apply (self, task);
}

static GTask *
new_task (DdOfferEditing      *self,
          EditJob             *job,
          GCancellable        *cancellable,
          GAsyncReadyCallback  callback,
          gpointer             user_data,
          gpointer             source_tag)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, job, edit_job_free);
  return task;
}

/* Lifecycle: the table's guard for this role, then apply. */
static void
start_transition (DdOfferEditing *self,
                  GTask          *task,
                  DdOfferState    to)
{
  EditJob *job = g_task_get_task_data (task);
  GError *error = NULL;

  if (!dd_offer_guard_remote_exists (job->offer, &error) ||
      !dd_offer_machine_apply (job->candidate, to, job->role, job->now, &error))
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }

  run_checks (self, task);
}

static void
dd_offer_editing_dispose (GObject *object)
{
  DdOfferEditing *self = DD_OFFER_EDITING (object);

  forget_undo (self);
  g_clear_object (&self->store);
  g_clear_pointer (&self->approvals, g_hash_table_unref);

  G_OBJECT_CLASS (dd_offer_editing_parent_class)->dispose (object);
}

static void
dd_offer_editing_class_init (DdOfferEditingClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = dd_offer_editing_dispose;

  signals[SIGNAL_CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
dd_offer_editing_init (DdOfferEditing *self)
{
  self->threshold = DD_PRICE_DROP_DEFAULT_THRESHOLD;
  self->approvals = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                           (GDestroyNotify) dd_price_approval_unref);
}

DdOfferEditing *
dd_offer_editing_new (DdStore *store)
{
  DdOfferEditing *self;

  g_return_val_if_fail (DD_IS_STORE (store), NULL);

  self = g_object_new (DD_TYPE_OFFER_EDITING, NULL);
  self->store = g_object_ref (store);
  return self;
}

DdStore *
dd_offer_editing_get_store (DdOfferEditing *self)
{
  g_return_val_if_fail (DD_IS_OFFER_EDITING (self), NULL);
  return self->store;
}

guint
dd_offer_editing_get_drop_threshold (DdOfferEditing *self)
{
  g_return_val_if_fail (DD_IS_OFFER_EDITING (self), DD_PRICE_DROP_DEFAULT_THRESHOLD);
  return self->threshold;
}

void
dd_offer_editing_set_drop_threshold (DdOfferEditing *self,
                                     guint           percent)
{
  g_return_if_fail (DD_IS_OFFER_EDITING (self));
  self->threshold = MIN (percent, 100);
}

void
dd_offer_editing_set_field_async (DdOfferEditing           *self,
                                  DdOffer                  *offer,
                                  DdOfferField              field,
                                  const char               *text,
                                  const DdOfferEditContext *context,
                                  GCancellable             *cancellable,
                                  GAsyncReadyCallback       callback,
                                  gpointer                  user_data)
{
  EditJob *job;
  GTask *task;
  GError *error = NULL;

  g_return_if_fail (DD_IS_OFFER_EDITING (self));
  g_return_if_fail (DD_IS_OFFER (offer));
  g_return_if_fail (context != NULL && context->actor != NULL);

  job = edit_job_new (offer, context);
  job->field = field;
  task = new_task (self, job, cancellable, callback, user_data, dd_offer_editing_set_field_async);

  if (!dd_offer_guard_remote_exists (offer, &error) || !parse_into_candidate (job, text, &error))
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }

  run_checks (self, task);
}

void
dd_offer_editing_transition_async (DdOfferEditing           *self,
                                   DdOffer                  *offer,
                                   DdOfferState              to,
                                   const DdOfferEditContext *context,
                                   GCancellable             *cancellable,
                                   GAsyncReadyCallback       callback,
                                   gpointer                  user_data)
{
  EditJob *job;

  g_return_if_fail (DD_IS_OFFER_EDITING (self));
  g_return_if_fail (DD_IS_OFFER (offer));
  g_return_if_fail (context != NULL && context->actor != NULL);

  job = edit_job_new (offer, context);
  job->is_state = TRUE;
  start_transition (self, new_task (self, job, cancellable, callback, user_data,
                                    dd_offer_editing_transition_async), to);
}

void
dd_offer_editing_decide_async (DdOfferEditing           *self,
                               DdOffer                  *offer,
                               gboolean                  approve,
                               const DdOfferEditContext *context,
                               GCancellable             *cancellable,
                               GAsyncReadyCallback       callback,
                               gpointer                  user_data)
{
  g_autoptr(DdPriceApproval) decided = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *reason = NULL;
  DdPriceApproval *pending;
  EditJob *job;
  GTask *task;
  GError *error = NULL;

  g_return_if_fail (DD_IS_OFFER_EDITING (self));
  g_return_if_fail (DD_IS_OFFER (offer));
  g_return_if_fail (context != NULL && context->actor != NULL);

  job = edit_job_new (offer, context);
  job->field = DD_OFFER_FIELD_PRICE;
  task = new_task (self, job, cancellable, callback, user_data, dd_offer_editing_decide_async);

  pending = g_hash_table_lookup (self->approvals, dd_offer_get_id (offer));
  if (pending == NULL)
    {
      g_task_return_new_error (task, DD_CORE_ERROR, DD_CORE_ERROR_REFUSED,
                               _("“%s” has no price drop waiting for approval"),
                               dd_offer_get_title (offer));
      g_object_unref (task);
      return;
    }

  if (approve)
    decided = dd_price_approval_approve (pending, job->actor, job->role, job->now, &error);
  else
    decided = dd_price_approval_reject (pending, job->actor, job->role, job->now, &error);
  if (decided == NULL)
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }

  if (approve)
    {
      if (!dd_money_equal (dd_offer_get_price (offer), dd_price_approval_get_old_price (decided)))
        {
          g_task_return_new_error (task, DD_CORE_ERROR, DD_CORE_ERROR_REFUSED,
                                   _("The price of “%s” changed since the drop was requested; request it again"),
                                   dd_offer_get_title (offer));
          g_hash_table_remove (self->approvals, dd_offer_get_id (offer));
          g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
          g_object_unref (task);
          return;
        }
      dd_offer_set_price (job->candidate, dd_price_approval_get_new_price (decided));
      job->approval = dd_price_approval_ref (decided);
      g_free (job->reason);
      job->reason = g_strdup_printf ("approved by %s (%s), requested by %s",
                                     job->actor, dd_role_to_nick (job->role),
                                     dd_price_approval_get_requested_by (decided));
    }

  before = dd_money_to_string (dd_price_approval_get_old_price (decided));
  after = dd_money_to_string (dd_price_approval_get_new_price (decided));
  reason = g_strdup_printf (approve ? "approved; requested by %s" : "declined; requested by %s",
                            dd_price_approval_get_requested_by (decided));
  g_hash_table_remove (self->approvals, dd_offer_get_id (offer));
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
  append_ledger (self, job, "price_approval", before, after, reason, task, approval_logged_cb);
}

void
dd_offer_editing_undo_async (DdOfferEditing           *self,
                             const DdOfferEditContext *context,
                             GCancellable             *cancellable,
                             GAsyncReadyCallback       callback,
                             gpointer                  user_data)
{
  g_autofree char *label = NULL;
  EditJob *job;
  GTask *task;

  g_return_if_fail (DD_IS_OFFER_EDITING (self));
  g_return_if_fail (context != NULL && context->actor != NULL);

  if (self->undo_offer == NULL)
    {
      task = g_task_new (self, cancellable, callback, user_data);
      g_task_set_source_tag (task, dd_offer_editing_undo_async);
      g_task_return_new_error (task, DD_CORE_ERROR, DD_CORE_ERROR_REFUSED,
                               _("There is no change to undo"));
      g_object_unref (task);
      return;
    }

  job = edit_job_new (self->undo_offer, context);
  job->field = self->undo_field;
  job->is_state = self->undo_is_state;
  g_free (job->reason);
  job->reason = g_strdup_printf ("undo of the last change to %s", part_ledger_name (job->field, job->is_state));
  task = new_task (self, job, cancellable, callback, user_data, dd_offer_editing_undo_async);

  if (job->is_state)
    {
      start_transition (self, task, dd_offer_get_state (self->undo_before));
      return;
    }

  copy_part (job->candidate, self->undo_before, job->field, FALSE);
  run_checks (self, task);
}

gboolean
dd_offer_editing_finish (DdOfferEditing      *self,
                         GAsyncResult        *result,
                         DdOfferEditOutcome  *outcome,
                         GError             **error)
{
  gssize value;

  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  value = g_task_propagate_int (G_TASK (result), error);
  if (value < 0)
    return FALSE;
  if (outcome != NULL)
    *outcome = (DdOfferEditOutcome) value;
  return TRUE;
}

DdPriceApproval *
dd_offer_editing_get_approval (DdOfferEditing *self,
                               const char     *offer_id)
{
  g_return_val_if_fail (DD_IS_OFFER_EDITING (self), NULL);
  return g_hash_table_lookup (self->approvals, offer_id);
}

gboolean
dd_offer_editing_can_undo (DdOfferEditing *self)
{
  g_return_val_if_fail (DD_IS_OFFER_EDITING (self), FALSE);
  return self->undo_offer != NULL;
}

const char *
dd_offer_editing_get_undo_label (DdOfferEditing *self)
{
  g_return_val_if_fail (DD_IS_OFFER_EDITING (self), NULL);
  return self->undo_label;
}


char *
dd_offer_editing_dup_value (DdOffer      *offer,
                            DdOfferField  field)
{
  g_return_val_if_fail (DD_IS_OFFER (offer), NULL);
  return part_value_text (offer, field, FALSE);
}

/* "35.00 EUR", as the ledger writes money. */
static gboolean
parse_ledger_money (const char *text,
                    DdMoney    *out)
{
  const char *code = text != NULL ? strrchr (text, ' ') : NULL;

  return code != NULL && dd_money_parse (text, code + 1, FALSE, out, NULL);
}

static void
approvals_loaded_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GPtrArray) entries = NULL;
  DdOfferEditing *self = g_task_get_source_object (task);
  GError *error = NULL;

  entries = dd_store_load_finish (DD_STORE (object), result, &error);
  if (entries == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  /* In ledger order: a request opens, an approval or a decline closes. */
  for (guint i = 0; i < entries->len; i++)
    {
      DdLedgerEntry *entry = g_ptr_array_index (entries, i);
      const char *offer_id = dd_ledger_entry_get_entity_id (entry);
      DdMoney old_price, new_price;
      DdRole role;

      if (!g_str_has_prefix (dd_ledger_entry_get_reason (entry) != NULL ? dd_ledger_entry_get_reason (entry) : "",
                             "requested"))
        g_hash_table_remove (self->approvals, offer_id);
      else if (parse_ledger_money (dd_ledger_entry_get_before (entry), &old_price)
               && parse_ledger_money (dd_ledger_entry_get_after (entry), &new_price)
               && dd_role_from_nick (dd_ledger_entry_get_role (entry), &role))
        g_hash_table_replace (self->approvals, g_strdup (offer_id),
                              dd_price_approval_new (offer_id, &old_price, &new_price,
                                                     dd_ledger_entry_get_actor (entry), role,
                                                     dd_ledger_entry_get_time (entry)));
    }

  g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
  g_task_return_boolean (task, TRUE);
}

void
dd_offer_editing_restore_approvals_async (DdOfferEditing      *self,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (DD_IS_OFFER_EDITING (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, dd_offer_editing_restore_approvals_async);
  dd_store_load_ledger_field_async (self->store, "price_approval", cancellable, approvals_loaded_cb, task);
}

gboolean
dd_offer_editing_restore_approvals_finish (DdOfferEditing  *self,
                                           GAsyncResult    *result,
                                           GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}
