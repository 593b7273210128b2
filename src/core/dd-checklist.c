/* dd-checklist.c — role-owned checklist items and the checklists that hold them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "dd-checklist-private.h"
#include "dd-core-enums.h"
#include "dd-core-error.h"

/* DdChecklist */

struct _DdChecklist
{
  GObject parent_instance;

  char *id;
  char *title;
  DdChecklistPhase phase;
  GPtrArray *items;   /* of DdChecklistItem, owned */
  GHashTable *by_id;  /* id -> DdChecklistItem, borrowed */
  guint n_done;       /* kept in step with the items' states */
};

static void dd_checklist_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (DdChecklist, dd_checklist, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL,
                                                      dd_checklist_list_model_init))

enum {
  PROP_0,
  PROP_ID,
  PROP_TITLE,
  PROP_PHASE,
  PROP_N_DONE,
  PROP_PROGRESS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

typedef enum
{
  VISIT_NEW,
  VISIT_ON_PATH,
  VISIT_DONE,
} VisitState;

/* Checklist helpers */

/* Recounts the done items and notifies the figures that changed. */
static void
update_counts (DdChecklist *self,
               double       old_progress)
{
  guint n_done = 0;

  for (guint i = 0; i < self->items->len; i++)
    {
      DdChecklistItem *item = g_ptr_array_index (self->items, i);

      if (item->state == DD_CHECKLIST_ITEM_DONE)
        n_done++;
    }

  g_object_freeze_notify (G_OBJECT (self));
  if (n_done != self->n_done)
    {
      self->n_done = n_done;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_DONE]);
    }
  if (dd_checklist_get_progress (self) != old_progress)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROGRESS]);
  g_object_thaw_notify (G_OBJECT (self));
}

static void
item_state_changed_cb (DdChecklistItem *item,
                       GParamSpec      *pspec,
                       DdChecklist     *self)
{
  double old_progress = self->items->len > 0
                        ? (double) self->n_done / self->items->len : 1.0;

  update_counts (self, old_progress);
}

/* Names the items of the cycle that ends where `path` meets `item` again:
 * "“A” → “B” → “A”". */
static char *
describe_cycle (GPtrArray       *path,
                DdChecklistItem *item)
{
  g_autoptr(GString) text = g_string_new (NULL);
  guint start = 0;

  while (start < path->len && g_ptr_array_index (path, start) != item)
    start++;
  for (guint i = start; i < path->len; i++)
    g_string_append_printf (text, "“%s” → ",
                            _dd_checklist_item_label (g_ptr_array_index (path, i)));
  g_string_append_printf (text, "“%s”", _dd_checklist_item_label (item));

  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* Depth-first search from `item` along `path` (the items being visited);
 * TRUE when a cycle is found, with the error naming every item on it. */
static gboolean
find_cycle (DdChecklist      *self,
            DdChecklistItem  *item,
            GHashTable       *visits,
            GPtrArray        *path,
            GError          **error)
{
  VisitState state = GPOINTER_TO_UINT (g_hash_table_lookup (visits, item->id));

  if (state == VISIT_DONE)
    return FALSE;

  if (state == VISIT_ON_PATH)
    {
      g_autofree char *cycle = describe_cycle (path, item);

      g_set_error (error, DD_CORE_ERROR, DD_CORE_ERROR_CYCLE,
                   _("These checklist items wait for each other in a cycle, so none of them could ever be signed off: %s. Remove one of the dependencies."),
                   cycle);
      return TRUE;
    }

  g_hash_table_insert (visits, item->id, GUINT_TO_POINTER (VISIT_ON_PATH));
  g_ptr_array_add (path, item);

  for (guint i = 0; i < item->depends_on->len; i++)
    {
      DdChecklistItem *dependency =
        g_hash_table_lookup (self->by_id, g_ptr_array_index (item->depends_on, i));

      if (dependency != NULL && find_cycle (self, dependency, visits, path, error))
        return TRUE;
    }

  g_ptr_array_remove_index (path, path->len - 1);
  g_hash_table_insert (visits, item->id, GUINT_TO_POINTER (VISIT_DONE));
  return FALSE;
}

/* GListModel */

static GType
dd_checklist_get_item_type (GListModel *model)
{
  return DD_TYPE_CHECKLIST_ITEM;
}

static guint
dd_checklist_get_n_items (GListModel *model)
{
  return DD_CHECKLIST (model)->items->len;
}

static gpointer
dd_checklist_get_item (GListModel *model,
                       guint       position)
{
  DdChecklist *self = DD_CHECKLIST (model);

  if (position >= self->items->len)
    return NULL;

  return g_object_ref (g_ptr_array_index (self->items, position));
}

static void
dd_checklist_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = dd_checklist_get_item_type;
  iface->get_n_items = dd_checklist_get_n_items;
  iface->get_item = dd_checklist_get_item;
}

static void
dd_checklist_dispose (GObject *object)
{
  DdChecklist *self = DD_CHECKLIST (object);

  if (self->items != NULL)
    {
      for (guint i = 0; i < self->items->len; i++)
        g_signal_handlers_disconnect_by_func (g_ptr_array_index (self->items, i),
                                              item_state_changed_cb, self);
    }
  g_clear_pointer (&self->by_id, g_hash_table_unref);
  g_clear_pointer (&self->items, g_ptr_array_unref);

  G_OBJECT_CLASS (dd_checklist_parent_class)->dispose (object);
}

static void
dd_checklist_finalize (GObject *object)
{
  DdChecklist *self = DD_CHECKLIST (object);

  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->title, g_free);

  G_OBJECT_CLASS (dd_checklist_parent_class)->finalize (object);
}

static void
dd_checklist_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  DdChecklist *self = DD_CHECKLIST (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;
    case PROP_TITLE:
      g_value_set_string (value, self->title);
      break;
    case PROP_PHASE:
      g_value_set_enum (value, self->phase);
      break;
    case PROP_N_DONE:
      g_value_set_uint (value, dd_checklist_count_done (self));
      break;
    case PROP_PROGRESS:
      g_value_set_double (value, dd_checklist_get_progress (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dd_checklist_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  DdChecklist *self = DD_CHECKLIST (object);

  switch (prop_id)
    {
    case PROP_ID:
      self->id = g_value_dup_string (value);
      break;
    case PROP_TITLE:
      self->title = g_value_dup_string (value);
      break;
    case PROP_PHASE:
      self->phase = g_value_get_enum (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dd_checklist_class_init (DdChecklistClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags construct = G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS;
  GParamFlags ro = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->dispose = dd_checklist_dispose;
  object_class->finalize = dd_checklist_finalize;
  object_class->get_property = dd_checklist_get_property;
  object_class->set_property = dd_checklist_set_property;

  properties[PROP_ID] =
    g_param_spec_string ("id", NULL, NULL, NULL, construct);
  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL, construct);
  properties[PROP_PHASE] =
    g_param_spec_enum ("phase", NULL, NULL, DD_TYPE_CHECKLIST_PHASE,
                       DD_CHECKLIST_PHASE_PRE_DROP, construct);
  properties[PROP_N_DONE] =
    g_param_spec_uint ("n-done", NULL, NULL, 0, G_MAXUINT, 0, ro);
  properties[PROP_PROGRESS] =
    g_param_spec_double ("progress", NULL, NULL, 0.0, 1.0, 1.0, ro);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
dd_checklist_init (DdChecklist *self)
{
  self->items = g_ptr_array_new_with_free_func (g_object_unref);
  self->by_id = g_hash_table_new (g_str_hash, g_str_equal);
}

DdChecklist *
dd_checklist_new (const char       *id,
                  const char       *title,
                  DdChecklistPhase  phase)
{
  return g_object_new (DD_TYPE_CHECKLIST,
                       "id", id,
                       "title", title,
                       "phase", phase,
                       NULL);
}

const char *
dd_checklist_get_id (DdChecklist *self)
{
  g_return_val_if_fail (DD_IS_CHECKLIST (self), NULL);

  return self->id;
}

const char *
dd_checklist_get_title (DdChecklist *self)
{
  g_return_val_if_fail (DD_IS_CHECKLIST (self), NULL);

  return self->title;
}

DdChecklistPhase
dd_checklist_get_phase (DdChecklist *self)
{
  g_return_val_if_fail (DD_IS_CHECKLIST (self), DD_CHECKLIST_PHASE_PRE_DROP);

  return self->phase;
}

gboolean
dd_checklist_add_item (DdChecklist      *self,
                       DdChecklistItem  *item,
                       GError          **error)
{
  double old_progress;

  g_return_val_if_fail (DD_IS_CHECKLIST (self), FALSE);
  g_return_val_if_fail (DD_IS_CHECKLIST_ITEM (item), FALSE);

  if (g_hash_table_contains (self->by_id, item->id))
    {
      g_set_error (error, DD_CORE_ERROR, DD_CORE_ERROR_INVALID_FIELD,
                   _("Checklist “%s” already has an item with the id “%s”"),
                   self->title != NULL ? self->title : self->id, item->id);
      return FALSE;
    }

  old_progress = dd_checklist_get_progress (self);
  g_ptr_array_add (self->items, g_object_ref (item));
  g_hash_table_insert (self->by_id, item->id, item);
  g_signal_connect_object (item, "notify::state",
                           G_CALLBACK (item_state_changed_cb), self, 0);

  g_list_model_items_changed (G_LIST_MODEL (self), self->items->len - 1, 0, 1);
  update_counts (self, old_progress);

  return TRUE;
}

DdChecklistItem *
dd_checklist_lookup (DdChecklist *self,
                     const char  *item_id)
{
  g_return_val_if_fail (DD_IS_CHECKLIST (self), NULL);

  if (item_id == NULL)
    return NULL;

  return g_hash_table_lookup (self->by_id, item_id);
}

gboolean
dd_checklist_validate (DdChecklist  *self,
                       GError      **error)
{
  g_autoptr(GHashTable) visits = NULL;
  g_autoptr(GPtrArray) path = NULL;

  g_return_val_if_fail (DD_IS_CHECKLIST (self), FALSE);

  for (guint i = 0; i < self->items->len; i++)
    {
      DdChecklistItem *item = g_ptr_array_index (self->items, i);

      for (guint j = 0; j < item->depends_on->len; j++)
        {
          const char *dependency = g_ptr_array_index (item->depends_on, j);

          if (!g_hash_table_contains (self->by_id, dependency))
            {
              g_set_error (error, DD_CORE_ERROR, DD_CORE_ERROR_INVALID_FIELD,
                           _("Checklist item “%s” depends on “%s”, which is not in the checklist"),
                           _dd_checklist_item_label (item), dependency);
              return FALSE;
            }
        }
    }

  visits = g_hash_table_new (g_str_hash, g_str_equal);
  path = g_ptr_array_new ();
  for (guint i = 0; i < self->items->len; i++)
    if (find_cycle (self, g_ptr_array_index (self->items, i), visits, path, error))
      return FALSE;

  return TRUE;
}

/* The item called `item_id`, or NULL with an error. */
static DdChecklistItem *
lookup_or_error (DdChecklist  *self,
                 const char   *item_id,
                 GError      **error)
{
  DdChecklistItem *item = dd_checklist_lookup (self, item_id);

  if (item == NULL)
    g_set_error (error, DD_CORE_ERROR, DD_CORE_ERROR_INVALID_FIELD,
                 _("There is no checklist item “%s”"), item_id != NULL ? item_id : "");

  return item;
}

/* TRUE when every dependency of `item` is done; otherwise FALSE with an
 * error naming the first one that is not. */
static gboolean
check_dependencies_done (DdChecklist      *self,
                         DdChecklistItem  *item,
                         GError          **error)
{
  for (guint i = 0; i < item->depends_on->len; i++)
    {
      const char *dependency_id = g_ptr_array_index (item->depends_on, i);
      DdChecklistItem *dependency = dd_checklist_lookup (self, dependency_id);

      if (dependency == NULL || dependency->state != DD_CHECKLIST_ITEM_DONE)
        {
          g_set_error (error, DD_CORE_ERROR, DD_CORE_ERROR_DEPENDENCY_OPEN,
                       _("“%s” waits for “%s” to be done first"),
                       _dd_checklist_item_label (item),
                       dependency != NULL ? _dd_checklist_item_label (dependency) : dependency_id);
          return FALSE;
        }
    }

  return TRUE;
}

gboolean
dd_checklist_sign_off (DdChecklist  *self,
                       const char   *item_id,
                       DdRole        role,
                       const char   *member,
                       gint64        now_us,
                       const char   *note,
                       GError      **error)
{
  DdChecklistItem *item;
  g_autofree char *signed_by = NULL;

  g_return_val_if_fail (DD_IS_CHECKLIST (self), FALSE);
  g_return_val_if_fail ((guint) role < DD_N_ROLES, FALSE);

  item = lookup_or_error (self, item_id, error);
  if (item == NULL)
    return FALSE;

  if (item->state == DD_CHECKLIST_ITEM_DONE)
    {
      g_set_error (error, DD_CORE_ERROR, DD_CORE_ERROR_INVALID_FIELD,
                   _("“%s” is already signed off"), _dd_checklist_item_label (item));
      return FALSE;
    }

  if (item->owner != role)
    {
      g_set_error (error, DD_CORE_ERROR, DD_CORE_ERROR_NOT_PERMITTED,
                   _("“%s” is for the %s to sign off, not the %s"),
                   _dd_checklist_item_label (item),
                   dd_role_get_display_name (item->owner),
                   dd_role_get_display_name (role));
      return FALSE;
    }

  if (item->kind == DD_CHECKLIST_ITEM_AUTOMATED && item->probe_id != NULL)
    {
      g_set_error (error, DD_CORE_ERROR, DD_CORE_ERROR_NOT_PERMITTED,
                   _("“%s” is checked by the probe “%s”: run the probe, its result signs the item off"),
                   _dd_checklist_item_label (item), item->probe_id);
      return FALSE;
    }

  if (!check_dependencies_done (self, item, error))
    return FALSE;

  if (member != NULL && *member != '\0')
    signed_by = g_strdup_printf ("%s:%s", dd_role_to_nick (role), member);
  else
    signed_by = g_strdup (dd_role_to_nick (role));

  _dd_checklist_item_apply_state (item, DD_CHECKLIST_ITEM_DONE, signed_by, now_us, note, NULL);
  return TRUE;
}

gboolean
dd_checklist_record_probe_result (DdChecklist  *self,
                                  const char   *item_id,
                                  gboolean      passed,
                                  const char   *evidence,
                                  gint64        now_us,
                                  GError      **error)
{
  DdChecklistItem *item;
  g_autofree char *signed_by = NULL;

  g_return_val_if_fail (DD_IS_CHECKLIST (self), FALSE);

  item = lookup_or_error (self, item_id, error);
  if (item == NULL)
    return FALSE;

  if (item->kind != DD_CHECKLIST_ITEM_AUTOMATED)
    {
      g_set_error (error, DD_CORE_ERROR, DD_CORE_ERROR_INVALID_FIELD,
                   _("“%s” is signed off by a person, not checked by a probe"),
                   _dd_checklist_item_label (item));
      return FALSE;
    }

  if (item->state == DD_CHECKLIST_ITEM_DONE)
    {
      g_set_error (error, DD_CORE_ERROR, DD_CORE_ERROR_INVALID_FIELD,
                   _("“%s” has already passed"), _dd_checklist_item_label (item));
      return FALSE;
    }

  if (!check_dependencies_done (self, item, error))
    return FALSE;

  signed_by = g_strdup_printf ("probe:%s", item->probe_id != NULL ? item->probe_id : item->id);
  _dd_checklist_item_apply_state (item,
                                  passed ? DD_CHECKLIST_ITEM_DONE : DD_CHECKLIST_ITEM_FAILED,
                                  signed_by, now_us, NULL, evidence);
  return TRUE;
}

gboolean
dd_checklist_is_ready (DdChecklist     *self,
                       DdChecklistItem *item)
{
  g_return_val_if_fail (DD_IS_CHECKLIST (self), FALSE);
  g_return_val_if_fail (DD_IS_CHECKLIST_ITEM (item), FALSE);

  return item->state != DD_CHECKLIST_ITEM_DONE && check_dependencies_done (self, item, NULL);
}

GPtrArray *
dd_checklist_dup_waiting_for (DdChecklist     *self,
                              DdChecklistItem *item)
{
  GPtrArray *waiting;

  g_return_val_if_fail (DD_IS_CHECKLIST (self), NULL);
  g_return_val_if_fail (DD_IS_CHECKLIST_ITEM (item), NULL);

  waiting = g_ptr_array_new ();
  for (guint i = 0; i < item->depends_on->len; i++)
    {
      DdChecklistItem *dependency = dd_checklist_lookup (self, g_ptr_array_index (item->depends_on, i));

      if (dependency != NULL && dependency->state != DD_CHECKLIST_ITEM_DONE)
        g_ptr_array_add (waiting, dependency);
    }

  return waiting;
}

guint
dd_checklist_count_done (DdChecklist *self)
{
  g_return_val_if_fail (DD_IS_CHECKLIST (self), 0);

  return self->n_done;
}

double
dd_checklist_get_progress (DdChecklist *self)
{
  g_return_val_if_fail (DD_IS_CHECKLIST (self), 0.0);

  if (self->items->len == 0)
    return 1.0;

  return (double) dd_checklist_count_done (self) / self->items->len;
}

static gboolean
item_matches_role (DdChecklistItem *item,
                   DdRole           role)
{
  return role == DD_CHECKLIST_ANY_ROLE || item->owner == role;
}

void
dd_checklist_summarize (DdChecklist        *self,
                        DdRole              role,
                        gint64              drop_start_us,
                        gint64              now_us,
                        DdChecklistSummary *out)
{
  g_return_if_fail (DD_IS_CHECKLIST (self));
  g_return_if_fail (out != NULL);

  memset (out, 0, sizeof *out);
  for (guint i = 0; i < self->items->len; i++)
    {
      DdChecklistItem *item = g_ptr_array_index (self->items, i);

      if (!item_matches_role (item, role))
        continue;

      out->total++;
      if (item->state == DD_CHECKLIST_ITEM_DONE)
        {
          out->done++;
          continue;
        }
      if (item->state == DD_CHECKLIST_ITEM_FAILED)
        out->failed++;
      if (dd_checklist_item_is_overdue (item, drop_start_us, now_us))
        out->overdue++;
      if (dd_checklist_is_ready (self, item))
        out->ready++;
      if (item->blocking)
        out->blocking_open++;
    }
}

GPtrArray *
dd_checklist_dup_items_for_role (DdChecklist *self,
                                 DdRole       role)
{
  GPtrArray *items;

  g_return_val_if_fail (DD_IS_CHECKLIST (self), NULL);

  items = g_ptr_array_new ();
  for (guint i = 0; i < self->items->len; i++)
    if (item_matches_role (g_ptr_array_index (self->items, i), role))
      g_ptr_array_add (items, g_ptr_array_index (self->items, i));

  return items;
}

GPtrArray *
dd_checklist_dup_open_blocking (DdChecklist *self)
{
  GPtrArray *items;

  g_return_val_if_fail (DD_IS_CHECKLIST (self), NULL);

  items = g_ptr_array_new ();
  for (guint i = 0; i < self->items->len; i++)
    {
      DdChecklistItem *item = g_ptr_array_index (self->items, i);

      if (item->blocking && item->state != DD_CHECKLIST_ITEM_DONE)
        g_ptr_array_add (items, item);
    }

  return items;
}

GPtrArray *
dd_checklists_dup_open_pre_drop_blocking (GListModel *checklists)
{
  GPtrArray *items;
  guint n;

  g_return_val_if_fail (G_IS_LIST_MODEL (checklists), NULL);

  items = g_ptr_array_new ();
  n = g_list_model_get_n_items (checklists);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(DdChecklist) checklist = g_list_model_get_item (checklists, i);
      g_autoptr(GPtrArray) open = NULL;

      if (checklist->phase != DD_CHECKLIST_PHASE_PRE_DROP)
        continue;
      open = dd_checklist_dup_open_blocking (checklist);
      g_ptr_array_extend (items, open, NULL, NULL);
    }

  return items;
}
