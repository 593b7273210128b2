/* dd-checklist-desk.c — a drop's checklists at work: the go/no-go poll,
 * probe results and the signed report, kept in the store
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "dd-checklist-desk.h"
#include "dd-checklist-report-pdf.h"
#include "dd-comms-probe.h"
#include "dd-preflight.h"

struct _DdChecklistDesk
{
  GObject parent_instance;

  DdStore *store;
  GListModel *checklists;
  GListModel *stock;
  DdGoNoGoPoll *poll;
  DdPreflightOptions preflight_options;
  gboolean has_preflight;
  DdPreflight *preflight;   /* the run going on, or the last one */
  JsonObject *preflight_report;
  char *comms_url;          /* the secondary squad server, or NULL */
  char *comms_user;
  char *comms_password;
};

G_DEFINE_FINAL_TYPE (DdChecklistDesk, dd_checklist_desk, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_POLL,
  PROP_PREFLIGHT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
set_poll (DdChecklistDesk *self,
          DdGoNoGoPoll    *poll)
{
  if (g_set_object (&self->poll, poll))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_POLL]);
}

static void
saved_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (!dd_store_save_finish (DD_STORE (source), result, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

/* Stores the current poll, completing `task` when it is written. The
 * "poll" property notifies so views show the new answer at once. */
static void
save_poll (DdChecklistDesk *self,
           GTask           *task)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_POLL]);
  dd_store_save_poll_async (self->store, self->poll, g_task_get_cancellable (task),
                            saved_cb, task);
}

static void
poll_loaded_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  DdChecklistDesk *self = g_task_get_source_object (task);
  g_autoptr(DdGoNoGoPoll) poll = NULL;
  GError *error = NULL;

  poll = dd_store_load_latest_poll_finish (DD_STORE (source), result, &error);
  if (error != NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  if (poll != NULL)
    dd_go_no_go_poll_set_checklists (poll, self->checklists);
  set_poll (self, poll);
  g_task_return_boolean (task, TRUE);
}

static void
dd_checklist_desk_dispose (GObject *object)
{
  DdChecklistDesk *self = DD_CHECKLIST_DESK (object);

  g_clear_object (&self->store);
  g_clear_object (&self->checklists);
  g_clear_object (&self->stock);
  g_clear_object (&self->poll);
  g_clear_object (&self->preflight);
  g_clear_pointer (&self->preflight_report, json_object_unref);
  dd_preflight_options_clear (&self->preflight_options);
  g_clear_pointer (&self->comms_url, g_free);
  g_clear_pointer (&self->comms_user, g_free);
  g_clear_pointer (&self->comms_password, g_free);

  G_OBJECT_CLASS (dd_checklist_desk_parent_class)->dispose (object);
}

static void
dd_checklist_desk_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  DdChecklistDesk *self = DD_CHECKLIST_DESK (object);

  switch (prop_id)
    {
    case PROP_POLL:
      g_value_set_object (value, self->poll);
      break;
    case PROP_PREFLIGHT:
      g_value_set_object (value, self->preflight);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dd_checklist_desk_class_init (DdChecklistDeskClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = dd_checklist_desk_dispose;
  object_class->get_property = dd_checklist_desk_get_property;

  properties[PROP_POLL] =
    g_param_spec_object ("poll", NULL, NULL, DD_TYPE_GO_NO_GO_POLL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  properties[PROP_PREFLIGHT] =
    g_param_spec_object ("preflight", NULL, NULL, DD_TYPE_PREFLIGHT,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
dd_checklist_desk_init (DdChecklistDesk *self)
{
}

DdChecklistDesk *
dd_checklist_desk_new (DdStore    *store,
                       GListModel *checklists)
{
  DdChecklistDesk *self;

  g_return_val_if_fail (DD_IS_STORE (store), NULL);
  g_return_val_if_fail (G_IS_LIST_MODEL (checklists), NULL);

  self = g_object_new (DD_TYPE_CHECKLIST_DESK, NULL);
  self->store = g_object_ref (store);
  self->checklists = g_object_ref (checklists);
  return self;
}

GListModel *
dd_checklist_desk_get_checklists (DdChecklistDesk *self)
{
  g_return_val_if_fail (DD_IS_CHECKLIST_DESK (self), NULL);

  return self->checklists;
}

DdGoNoGoPoll *
dd_checklist_desk_get_poll (DdChecklistDesk *self)
{
  g_return_val_if_fail (DD_IS_CHECKLIST_DESK (self), NULL);

  return self->poll;
}

void
dd_checklist_desk_load_poll_async (DdChecklistDesk     *self,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (DD_IS_CHECKLIST_DESK (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, dd_checklist_desk_load_poll_async);
  dd_store_load_latest_poll_async (self->store, cancellable, poll_loaded_cb, task);
}

void
dd_checklist_desk_open_poll_async (DdChecklistDesk     *self,
                                   DdRole               role,
                                   const char          *member,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_autoptr(DdGoNoGoPoll) poll = NULL;
  GTask *task;
  GError *error = NULL;

  g_return_if_fail (DD_IS_CHECKLIST_DESK (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, dd_checklist_desk_open_poll_async);

  if (self->poll != NULL && dd_go_no_go_poll_get_state (self->poll) == DD_POLL_STATE_OPEN)
    {
      g_task_return_new_error (task, DD_CORE_ERROR, DD_CORE_ERROR_NOT_PERMITTED,
                               _("A go/no-go poll is already open: finish it first"));
      g_object_unref (task);
      return;
    }

  poll = dd_go_no_go_poll_new (NULL);
  if (!dd_go_no_go_poll_open (poll, role, member, self->checklists, g_get_real_time (), &error))
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }

  g_set_object (&self->poll, poll);
  save_poll (self, task);
}

void
dd_checklist_desk_answer_poll_async (DdChecklistDesk     *self,
                                     DdRole               role,
                                     const char          *member,
                                     DdPollAnswer         answer,
                                     const char          *reason,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  GTask *task;
  GError *error = NULL;

  g_return_if_fail (DD_IS_CHECKLIST_DESK (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, dd_checklist_desk_answer_poll_async);

  if (self->poll == NULL)
    {
      g_task_return_new_error (task, DD_CORE_ERROR, DD_CORE_ERROR_NOT_PERMITTED,
                               _("There is no go/no-go poll yet: the Producer opens it"));
      g_object_unref (task);
      return;
    }

  if (!dd_go_no_go_poll_answer (self->poll, role, member, answer, reason, g_get_real_time (), &error))
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }

  save_poll (self, task);
}

DdChecklist *
dd_checklist_desk_lookup (DdChecklistDesk *self,
                          const char      *checklist_id)
{
  guint n;

  g_return_val_if_fail (DD_IS_CHECKLIST_DESK (self), NULL);

  n = g_list_model_get_n_items (self->checklists);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(DdChecklist) checklist = g_list_model_get_item (self->checklists, i);

      if (g_strcmp0 (dd_checklist_get_id (checklist), checklist_id) == 0)
        return checklist;  /* the model keeps it alive */
    }
  return NULL;
}

/* What to do to an item before its checklist is stored again. */
typedef struct
{
  gboolean     probe;     /* a probe result, or else a sign-off */
  gboolean     passed;
  const char  *evidence;
  DdRole       role;
  const char  *member;
  const char  *note;
} ItemChange;

/* Applies `change` to the item (the core rules decide) and stores the
 * checklist, completing a task tagged `source_tag`. */
static void
change_item (DdChecklistDesk     *self,
             const char          *checklist_id,
             const char          *item_id,
             const ItemChange    *change,
             GCancellable        *cancellable,
             GAsyncReadyCallback  callback,
             gpointer             user_data,
             gpointer             source_tag)
{
  g_autoptr(GPtrArray) to_save = NULL;
  DdChecklist *checklist;
  GTask *task;
  GError *error = NULL;
  gboolean applied;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, source_tag);

  checklist = dd_checklist_desk_lookup (self, checklist_id);
  if (checklist == NULL)
    {
      g_task_return_new_error (task, DD_CORE_ERROR, DD_CORE_ERROR_INVALID_FIELD,
                               _("There is no checklist “%s” in this drop"), checklist_id);
      g_object_unref (task);
      return;
    }

  if (change->probe)
    applied = dd_checklist_record_probe_result (checklist, item_id, change->passed, change->evidence,
                                                g_get_real_time (), &error);
  else
    applied = dd_checklist_sign_off (checklist, item_id, change->role, change->member,
                                     g_get_real_time (), change->note, &error);
  if (!applied)
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }

  to_save = g_ptr_array_new ();
  g_ptr_array_add (to_save, checklist);
  dd_store_save_checklists_async (self->store, to_save, cancellable, saved_cb, task);
}

void
dd_checklist_desk_record_probe_async (DdChecklistDesk     *self,
                                      const char          *checklist_id,
                                      const char          *item_id,
                                      gboolean             passed,
                                      const char          *evidence,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  ItemChange change = { .probe = TRUE, .passed = passed, .evidence = evidence };

  g_return_if_fail (DD_IS_CHECKLIST_DESK (self));

  change_item (self, checklist_id, item_id, &change, cancellable, callback, user_data,
               dd_checklist_desk_record_probe_async);
}

void
dd_checklist_desk_sign_off_async (DdChecklistDesk     *self,
                                  const char          *checklist_id,
                                  const char          *item_id,
                                  DdRole               role,
                                  const char          *member,
                                  const char          *note,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  ItemChange change = { .probe = FALSE, .role = role, .member = member, .note = note };

  g_return_if_fail (DD_IS_CHECKLIST_DESK (self));
  g_return_if_fail ((guint) role < DD_N_ROLES);

  change_item (self, checklist_id, item_id, &change, cancellable, callback, user_data,
               dd_checklist_desk_sign_off_async);
}

void
dd_checklist_desk_set_stock (DdChecklistDesk *self,
                             GListModel      *levels)
{
  g_return_if_fail (DD_IS_CHECKLIST_DESK (self));
  g_return_if_fail (levels == NULL || G_IS_LIST_MODEL (levels));

  g_set_object (&self->stock, levels);
}

gboolean
dd_checklist_desk_has_probe (DdChecklistDesk *self,
                             const char      *probe_id)
{
  g_return_val_if_fail (DD_IS_CHECKLIST_DESK (self), FALSE);

  if (g_strcmp0 (probe_id, DD_CHECKLIST_PROBE_PREFLIGHT_LOAD) == 0)
    return self->has_preflight;
  if (g_strcmp0 (probe_id, DD_CHECKLIST_PROBE_COMMS_REACHABLE) == 0)
    return self->comms_url != NULL;
  return g_strcmp0 (probe_id, DD_CHECKLIST_PROBE_STOCK_ALLOCATION) == 0 && self->stock != NULL;
}

void
dd_checklist_desk_set_comms_target (DdChecklistDesk *self,
                                    const char      *url,
                                    const char      *user,
                                    const char      *password)
{
  g_return_if_fail (DD_IS_CHECKLIST_DESK (self));

  g_free (self->comms_url);
  self->comms_url = g_strdup (url);
  g_free (self->comms_user);
  self->comms_user = g_strdup (user);
  g_free (self->comms_password);
  self->comms_password = g_strdup (password);
}

void
dd_checklist_desk_set_preflight_options (DdChecklistDesk          *self,
                                         const DdPreflightOptions *options)
{
  g_return_if_fail (DD_IS_CHECKLIST_DESK (self));

  dd_preflight_options_clear (&self->preflight_options);
  self->has_preflight = options != NULL;
  if (options == NULL)
    return;
  dd_preflight_options_copy (&self->preflight_options, options);
}

DdPreflight *
dd_checklist_desk_get_preflight (DdChecklistDesk *self)
{
  g_return_val_if_fail (DD_IS_CHECKLIST_DESK (self), NULL);

  return self->preflight;
}

JsonObject *
dd_checklist_desk_get_preflight_report (DdChecklistDesk *self)
{
  g_return_val_if_fail (DD_IS_CHECKLIST_DESK (self), NULL);

  return self->preflight_report;
}

typedef struct
{
  char *checklist_id;
  char *item_id;
  GCancellable *cancellable;
} PreflightProbe;

static void
preflight_probe_free (PreflightProbe *probe)
{
  g_free (probe->checklist_id);
  g_free (probe->item_id);
  g_clear_object (&probe->cancellable);
  g_free (probe);
}

static void
preflight_recorded_cb (GObject      *source,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  if (!dd_checklist_desk_finish (DD_CHECKLIST_DESK (source), result, &error))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

/* Stores a long probe's result for its item, then completes `task`. */
static void
record_probe_task (GTask      *task,
                   gboolean    passed,
                   const char *evidence)
{
  PreflightProbe *probe = g_task_get_task_data (task);

  dd_checklist_desk_record_probe_async (g_task_get_source_object (task), probe->checklist_id, probe->item_id,
                                        passed, evidence, NULL, preflight_recorded_cb, task);
}

static void
preflight_done_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  DdChecklistDesk *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) report = dd_preflight_run_finish (DD_PREFLIGHT (source), result, &error);
  g_autofree char *evidence = NULL;
  gboolean passed = FALSE;

  g_clear_pointer (&self->preflight_report, json_object_unref);
  if (report != NULL)
    {
      self->preflight_report = json_object_ref (report);
      evidence = dd_preflight_report_summary (report);
      passed = dd_preflight_report_passed (report);
    }
  else
    /* Translators: the evidence of a preflight that could not start */
    evidence = g_strdup_printf (_("The preflight could not run: %s"), error->message);
  /* Kept even when the run was cancelled: the partial results are evidence too. */
  record_probe_task (g_steal_pointer (&task), passed, evidence);
}

/* The task of a probe that runs for a while, remembering its item. */
static GTask *
new_probe_task (DdChecklistDesk     *self,
                const char          *checklist_id,
                const char          *item_id,
                GAsyncReadyCallback  callback,
                gpointer             user_data)
{
  GTask *task = g_task_new (self, NULL, callback, user_data);
  PreflightProbe *probe = g_new0 (PreflightProbe, 1);

  g_task_set_source_tag (task, dd_checklist_desk_run_probe_async);
  probe->checklist_id = g_strdup (checklist_id);
  probe->item_id = g_strdup (item_id);
  g_task_set_task_data (task, probe, (GDestroyNotify) preflight_probe_free);
  return task;
}

static void
run_preflight (DdChecklistDesk     *self,
               const char          *checklist_id,
               const char          *item_id,
               GCancellable        *cancellable,
               GAsyncReadyCallback  callback,
               gpointer             user_data)
{
  g_autoptr(GTask) task = new_probe_task (self, checklist_id, item_id, callback, user_data);

  if (self->preflight != NULL && dd_preflight_is_running (self->preflight))
    {
      g_task_return_new_error (task, DD_CORE_ERROR, DD_CORE_ERROR_REFUSED,
                               _("A preflight is already running"));
      return;
    }

  g_clear_object (&self->preflight);
  self->preflight = dd_preflight_new (&self->preflight_options);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PREFLIGHT]);
  dd_preflight_run_async (self->preflight, cancellable, preflight_done_cb, g_steal_pointer (&task));
}

static void
comms_done_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *evidence = NULL;
  gboolean passed;

  passed = dd_comms_probe_finish (result, &evidence, NULL, &error);
  if (error != NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    record_probe_task (g_steal_pointer (&task), passed, evidence);
}

/* A NATS round trip to the secondary squad server (dd-comms-probe.h). */
static void
run_comms (DdChecklistDesk     *self,
           const char          *checklist_id,
           const char          *item_id,
           GCancellable        *cancellable,
           GAsyncReadyCallback  callback,
           gpointer             user_data)
{
  dd_comms_probe_async (self->comms_url, self->comms_user, self->comms_password,
                        DD_COMMS_PROBE_DEFAULT_TIMEOUT_MS, cancellable, comms_done_cb,
                        new_probe_task (self, checklist_id, item_id, callback, user_data));
}

void
dd_checklist_desk_run_probe_async (DdChecklistDesk     *self,
                                   const char          *checklist_id,
                                   const char          *item_id,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  DdChecklist *checklist;
  DdChecklistItem *item;
  g_autofree char *evidence = NULL;
  const char *probe_id;
  gboolean passed;

  g_return_if_fail (DD_IS_CHECKLIST_DESK (self));

  checklist = dd_checklist_desk_lookup (self, checklist_id);
  item = checklist != NULL ? dd_checklist_lookup (checklist, item_id) : NULL;
  probe_id = item != NULL ? dd_checklist_item_get_probe_id (item) : NULL;

  if (item != NULL && probe_id == NULL)
    {
      g_task_report_new_error (self, callback, user_data, dd_checklist_desk_run_probe_async,
                               DD_CORE_ERROR, DD_CORE_ERROR_REFUSED,
                               _("“%s” has no probe to run: its owner signs it off"),
                               dd_checklist_item_get_title (item));
      return;
    }
  if (item != NULL && g_strcmp0 (probe_id, DD_CHECKLIST_PROBE_COMMS_REACHABLE) == 0 && self->comms_url == NULL)
    {
      g_task_report_new_error (self, callback, user_data, dd_checklist_desk_run_probe_async,
                               DD_CORE_ERROR, DD_CORE_ERROR_REFUSED,
                               _("“%s” needs a secondary squad server: list it after the primary in the squad "
                                 "account (“dropdeckctl account set squad --url PRIMARY,SECONDARY”); the item stays open"),
                               dd_checklist_item_get_title (item));
      return;
    }
  if (item != NULL && !dd_checklist_desk_has_probe (self, probe_id))
    {
      g_task_report_new_error (self, callback, user_data, dd_checklist_desk_run_probe_async,
                               DD_CORE_ERROR, DD_CORE_ERROR_REFUSED,
                               _("“%s” needs the probe “%s”, which this version cannot run yet: the item stays open"),
                               dd_checklist_item_get_title (item), probe_id);
      return;
    }

  if (item != NULL && g_strcmp0 (probe_id, DD_CHECKLIST_PROBE_PREFLIGHT_LOAD) == 0)
    {
      run_preflight (self, checklist_id, item_id, cancellable, callback, user_data);
      return;
    }
  if (item != NULL && g_strcmp0 (probe_id, DD_CHECKLIST_PROBE_COMMS_REACHABLE) == 0)
    {
      run_comms (self, checklist_id, item_id, cancellable, callback, user_data);
      return;
    }

  /* An unknown checklist or item is reported by the recording below. */
  passed = item != NULL && dd_checklist_probe_stock_allocation (self->stock, &evidence);
  dd_checklist_desk_record_probe_async (self, checklist_id, item_id, passed, evidence,
                                        cancellable, callback, user_data);
}

gboolean
dd_checklist_desk_finish (DdChecklistDesk  *self,
                          GAsyncResult     *result,
                          GError          **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static GPtrArray *
dup_checklists (DdChecklistDesk *self)
{
  GPtrArray *checklists = g_ptr_array_new_with_free_func (g_object_unref);
  guint n = g_list_model_get_n_items (self->checklists);

  for (guint i = 0; i < n; i++)
    g_ptr_array_add (checklists, g_list_model_get_item (self->checklists, i));
  return checklists;
}

char *
dd_checklist_desk_dup_report_csv (DdChecklistDesk *self,
                                  gint64           drop_start_us)
{
  g_autoptr(GPtrArray) checklists = NULL;

  g_return_val_if_fail (DD_IS_CHECKLIST_DESK (self), NULL);

  checklists = dup_checklists (self);
  return dd_checklist_report_to_csv (checklists, self->poll, drop_start_us);
}

GBytes *
dd_checklist_desk_dup_report_pdf (DdChecklistDesk  *self,
                                  const char       *drop_title,
                                  gint64            drop_start_us,
                                  GError          **error)
{
  g_autoptr(GPtrArray) checklists = NULL;

  g_return_val_if_fail (DD_IS_CHECKLIST_DESK (self), NULL);

  checklists = dup_checklists (self);
  return dd_checklist_report_to_pdf (checklists, self->poll, drop_title, drop_start_us,
                                     g_get_real_time (), NULL, error);
}
