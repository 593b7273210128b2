/* dd-checklist.c — role-owned checklist items and the checklists that hold them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "dd-checklist.h"
#include "dd-core-enums.h"
#include "dd-core-error.h"

/* DdChecklistItem */

struct _DdChecklistItem
{
  GObject parent_instance;

  char *id;
  char *title;
  char *description;
  DdRole owner;
  DdChecklistItemKind kind;
  DdChecklistItemState state;
  gint64 due_offset;
  GPtrArray *depends_on; /* of char *, NULL-terminated */
  char *signed_by;
  gint64 signed_at;
  char *note;
};

G_DEFINE_FINAL_TYPE (DdChecklistItem, dd_checklist_item, G_TYPE_OBJECT)

enum {
  ITEM_PROP_0,
  ITEM_PROP_ID,
  ITEM_PROP_TITLE,
  ITEM_PROP_DESCRIPTION,
  ITEM_PROP_OWNER,
  ITEM_PROP_KIND,
  ITEM_PROP_STATE,
  ITEM_PROP_DUE_OFFSET,
  ITEM_PROP_SIGNED_BY,
  ITEM_PROP_SIGNED_AT,
  ITEM_PROP_NOTE,
  N_ITEM_PROPS
};

static GParamSpec *item_properties[N_ITEM_PROPS];

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

/* Item helpers */

static void
item_set_string (DdChecklistItem  *self,
                 char            **field,
                 const char       *value,
                 guint             prop_id)
{
  if (g_strcmp0 (*field, value) == 0)
    return;

  g_free (*field);
  *field = g_strdup (value);
  g_object_notify_by_pspec (G_OBJECT (self), item_properties[prop_id]);
}

static void
item_apply_state (DdChecklistItem      *self,
                  DdChecklistItemState  state,
                  const char           *signed_by,
                  gint64                signed_at,
                  const char           *note)
{
  g_object_freeze_notify (G_OBJECT (self));
  item_set_string (self, &self->signed_by, signed_by, ITEM_PROP_SIGNED_BY);
  item_set_string (self, &self->note, note, ITEM_PROP_NOTE);
  if (self->signed_at != signed_at)
    {
      self->signed_at = signed_at;
      g_object_notify_by_pspec (G_OBJECT (self), item_properties[ITEM_PROP_SIGNED_AT]);
    }
  if (self->state != state)
    {
      self->state = state;
      g_object_notify_by_pspec (G_OBJECT (self), item_properties[ITEM_PROP_STATE]);
    }
  g_object_thaw_notify (G_OBJECT (self));
}

static void
dd_checklist_item_finalize (GObject *object)
{
  DdChecklistItem *self = DD_CHECKLIST_ITEM (object);

  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->title, g_free);
  g_clear_pointer (&self->description, g_free);
  g_clear_pointer (&self->depends_on, g_ptr_array_unref);
  g_clear_pointer (&self->signed_by, g_free);
  g_clear_pointer (&self->note, g_free);

  G_OBJECT_CLASS (dd_checklist_item_parent_class)->finalize (object);
}

static void
dd_checklist_item_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  DdChecklistItem *self = DD_CHECKLIST_ITEM (object);

  switch (prop_id)
    {
    case ITEM_PROP_ID:
      g_value_set_string (value, self->id);
      break;
    case ITEM_PROP_TITLE:
      g_value_set_string (value, self->title);
      break;
    case ITEM_PROP_DESCRIPTION:
      g_value_set_string (value, self->description);
      break;
    case ITEM_PROP_OWNER:
      g_value_set_enum (value, self->owner);
      break;
    case ITEM_PROP_KIND:
      g_value_set_enum (value, self->kind);
      break;
    case ITEM_PROP_STATE:
      g_value_set_enum (value, self->state);
      break;
    case ITEM_PROP_DUE_OFFSET:
      g_value_set_int64 (value, self->due_offset);
      break;
    case ITEM_PROP_SIGNED_BY:
      g_value_set_string (value, self->signed_by);
      break;
    case ITEM_PROP_SIGNED_AT:
      g_value_set_int64 (value, self->signed_at);
      break;
    case ITEM_PROP_NOTE:
      g_value_set_string (value, self->note);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dd_checklist_item_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  DdChecklistItem *self = DD_CHECKLIST_ITEM (object);

  switch (prop_id)
    {
    case ITEM_PROP_ID:
      self->id = g_value_dup_string (value);
      break;
    case ITEM_PROP_TITLE:
      self->title = g_value_dup_string (value);
      break;
    case ITEM_PROP_DESCRIPTION:
      dd_checklist_item_set_description (self, g_value_get_string (value));
      break;
    case ITEM_PROP_OWNER:
      self->owner = g_value_get_enum (value);
      break;
    case ITEM_PROP_KIND:
      self->kind = g_value_get_enum (value);
      break;
    case ITEM_PROP_DUE_OFFSET:
      dd_checklist_item_set_due_offset (self, g_value_get_int64 (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dd_checklist_item_class_init (DdChecklistItemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags construct = G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS;
  GParamFlags rw = G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;
  GParamFlags ro = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->finalize = dd_checklist_item_finalize;
  object_class->get_property = dd_checklist_item_get_property;
  object_class->set_property = dd_checklist_item_set_property;

  item_properties[ITEM_PROP_ID] =
    g_param_spec_string ("id", NULL, NULL, NULL, construct);
  item_properties[ITEM_PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL, construct);
  item_properties[ITEM_PROP_DESCRIPTION] =
    g_param_spec_string ("description", NULL, NULL, NULL, rw);
  item_properties[ITEM_PROP_OWNER] =
    g_param_spec_enum ("owner", NULL, NULL, DD_TYPE_ROLE, DD_ROLE_PRODUCER, construct);
  item_properties[ITEM_PROP_KIND] =
    g_param_spec_enum ("kind", NULL, NULL, DD_TYPE_CHECKLIST_ITEM_KIND,
                       DD_CHECKLIST_ITEM_MANUAL, construct);
  item_properties[ITEM_PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL, DD_TYPE_CHECKLIST_ITEM_STATE,
                       DD_CHECKLIST_ITEM_OPEN, ro);
  item_properties[ITEM_PROP_DUE_OFFSET] =
    g_param_spec_int64 ("due-offset", NULL, NULL, G_MININT64, G_MAXINT64, 0, rw);
  item_properties[ITEM_PROP_SIGNED_BY] =
    g_param_spec_string ("signed-by", NULL, NULL, NULL, ro);
  item_properties[ITEM_PROP_SIGNED_AT] =
    g_param_spec_int64 ("signed-at", NULL, NULL, G_MININT64, G_MAXINT64, 0, ro);
  item_properties[ITEM_PROP_NOTE] =
    g_param_spec_string ("note", NULL, NULL, NULL, ro);

  g_object_class_install_properties (object_class, N_ITEM_PROPS, item_properties);
}

static void
dd_checklist_item_init (DdChecklistItem *self)
{
  self->depends_on = g_ptr_array_new_null_terminated (0, g_free, TRUE);
}

DdChecklistItem *
dd_checklist_item_new (const char          *id,
                       const char          *title,
                       DdRole               owner,
                       DdChecklistItemKind  kind)
{
  g_return_val_if_fail (id != NULL, NULL);

  return g_object_new (DD_TYPE_CHECKLIST_ITEM,
                       "id", id,
                       "title", title,
                       "owner", owner,
                       "kind", kind,
                       NULL);
}

const char *
dd_checklist_item_get_id (DdChecklistItem *self)
{
  g_return_val_if_fail (DD_IS_CHECKLIST_ITEM (self), NULL);

  return self->id;
}

const char *
dd_checklist_item_get_title (DdChecklistItem *self)
{
  g_return_val_if_fail (DD_IS_CHECKLIST_ITEM (self), NULL);

  return self->title;
}

const char *
dd_checklist_item_get_description (DdChecklistItem *self)
{
  g_return_val_if_fail (DD_IS_CHECKLIST_ITEM (self), NULL);

  return self->description;
}

void
dd_checklist_item_set_description (DdChecklistItem *self,
                                   const char      *description)
{
  g_return_if_fail (DD_IS_CHECKLIST_ITEM (self));

  item_set_string (self, &self->description, description, ITEM_PROP_DESCRIPTION);
}

DdRole
dd_checklist_item_get_owner (DdChecklistItem *self)
{
  g_return_val_if_fail (DD_IS_CHECKLIST_ITEM (self), DD_ROLE_PRODUCER);

  return self->owner;
}

DdChecklistItemKind
dd_checklist_item_get_kind (DdChecklistItem *self)
{
  g_return_val_if_fail (DD_IS_CHECKLIST_ITEM (self), DD_CHECKLIST_ITEM_MANUAL);

  return self->kind;
}

DdChecklistItemState
dd_checklist_item_get_state (DdChecklistItem *self)
{
  g_return_val_if_fail (DD_IS_CHECKLIST_ITEM (self), DD_CHECKLIST_ITEM_OPEN);

  return self->state;
}

gint64
dd_checklist_item_get_due_offset (DdChecklistItem *self)
{
  g_return_val_if_fail (DD_IS_CHECKLIST_ITEM (self), 0);

  return self->due_offset;
}

void
dd_checklist_item_set_due_offset (DdChecklistItem *self,
                                  gint64           seconds)
{
  g_return_if_fail (DD_IS_CHECKLIST_ITEM (self));

  if (self->due_offset == seconds)
    return;

  self->due_offset = seconds;
  g_object_notify_by_pspec (G_OBJECT (self), item_properties[ITEM_PROP_DUE_OFFSET]);
}

const char * const *
dd_checklist_item_get_depends_on (DdChecklistItem *self)
{
  static const char * const none[] = { NULL };

  g_return_val_if_fail (DD_IS_CHECKLIST_ITEM (self), NULL);

  /* An empty array may have no storage yet. */
  if (self->depends_on->pdata == NULL)
    return none;

  return (const char * const *) self->depends_on->pdata;
}

void
dd_checklist_item_add_dependency (DdChecklistItem *self,
                                  const char      *item_id)
{
  g_return_if_fail (DD_IS_CHECKLIST_ITEM (self));
  g_return_if_fail (item_id != NULL);

  for (guint i = 0; i < self->depends_on->len; i++)
    if (strcmp (g_ptr_array_index (self->depends_on, i), item_id) == 0)
      return;

  g_ptr_array_add (self->depends_on, g_strdup (item_id));
}

const char *
dd_checklist_item_get_signed_by (DdChecklistItem *self)
{
  g_return_val_if_fail (DD_IS_CHECKLIST_ITEM (self), NULL);

  return self->signed_by;
}

gint64
dd_checklist_item_get_signed_at (DdChecklistItem *self)
{
  g_return_val_if_fail (DD_IS_CHECKLIST_ITEM (self), 0);

  return self->signed_at;
}

const char *
dd_checklist_item_get_note (DdChecklistItem *self)
{
  g_return_val_if_fail (DD_IS_CHECKLIST_ITEM (self), NULL);

  return self->note;
}

char *
dd_checklist_item_dup_signer_label (DdChecklistItem *self)
{
  g_autofree char *nick = NULL;
  const char *member;
  DdRole role;

  g_return_val_if_fail (DD_IS_CHECKLIST_ITEM (self), NULL);

  if (self->signed_by == NULL || *self->signed_by == '\0')
    return NULL;

  /* "role-nick:member" or "role-nick", as dd_checklist_sign_off() writes it. */
  member = strchr (self->signed_by, ':');
  nick = member != NULL ? g_strndup (self->signed_by, member - self->signed_by)
                        : g_strdup (self->signed_by);
  if (!dd_role_from_nick (nick, &role))
    return g_strdup (self->signed_by);

  if (member == NULL || member[1] == '\0')
    return g_strdup (dd_role_get_display_name (role));

  /* Translators: a checklist signer, "Ben (Ops lead)" */
  return g_strdup_printf (_("%s (%s)"), member + 1, dd_role_get_display_name (role));
}

void
dd_checklist_item_restore_state (DdChecklistItem      *self,
                                 DdChecklistItemState  state,
                                 const char           *signed_by,
                                 gint64                signed_at,
                                 const char           *note)
{
  g_return_if_fail (DD_IS_CHECKLIST_ITEM (self));
  g_return_if_fail (state <= DD_CHECKLIST_ITEM_FAILED);

  item_apply_state (self, state, signed_by, signed_at, note);
}

/* Checklist helpers */

static const char *
item_label (DdChecklistItem *item)
{
  return item->title != NULL ? item->title : item->id;
}

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

/* Depth-first search from `item`; TRUE when a cycle is found, with the
 * error naming an item on it. */
static gboolean
find_cycle (DdChecklist      *self,
            DdChecklistItem  *item,
            GHashTable       *visits,
            GError          **error)
{
  VisitState state = GPOINTER_TO_UINT (g_hash_table_lookup (visits, item->id));

  if (state == VISIT_DONE)
    return FALSE;

  if (state == VISIT_ON_PATH)
    {
      g_set_error (error, DD_CORE_ERROR, DD_CORE_ERROR_CYCLE,
                   _("Checklist item “%s” depends on itself through a cycle"),
                   item_label (item));
      return TRUE;
    }

  g_hash_table_insert (visits, item->id, GUINT_TO_POINTER (VISIT_ON_PATH));

  for (guint i = 0; i < item->depends_on->len; i++)
    {
      DdChecklistItem *dependency =
        g_hash_table_lookup (self->by_id, g_ptr_array_index (item->depends_on, i));

      if (dependency != NULL && find_cycle (self, dependency, visits, error))
        return TRUE;
    }

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
                           item_label (item), dependency);
              return FALSE;
            }
        }
    }

  visits = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; i < self->items->len; i++)
    if (find_cycle (self, g_ptr_array_index (self->items, i), visits, error))
      return FALSE;

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

  item = dd_checklist_lookup (self, item_id);
  if (item == NULL)
    {
      g_set_error (error, DD_CORE_ERROR, DD_CORE_ERROR_INVALID_FIELD,
                   _("There is no checklist item “%s”"), item_id != NULL ? item_id : "");
      return FALSE;
    }

  if (item->state == DD_CHECKLIST_ITEM_DONE)
    {
      g_set_error (error, DD_CORE_ERROR, DD_CORE_ERROR_INVALID_FIELD,
                   _("“%s” is already signed off"), item_label (item));
      return FALSE;
    }

  if (item->owner != role)
    {
      g_set_error (error, DD_CORE_ERROR, DD_CORE_ERROR_NOT_PERMITTED,
                   _("“%s” is for the %s to sign off, not the %s"),
                   item_label (item),
                   dd_role_get_display_name (item->owner),
                   dd_role_get_display_name (role));
      return FALSE;
    }

  for (guint i = 0; i < item->depends_on->len; i++)
    {
      const char *dependency_id = g_ptr_array_index (item->depends_on, i);
      DdChecklistItem *dependency = dd_checklist_lookup (self, dependency_id);

      if (dependency == NULL || dependency->state != DD_CHECKLIST_ITEM_DONE)
        {
          g_set_error (error, DD_CORE_ERROR, DD_CORE_ERROR_DEPENDENCY_OPEN,
                       _("“%s” waits for “%s” to be done first"),
                       item_label (item),
                       dependency != NULL ? item_label (dependency) : dependency_id);
          return FALSE;
        }
    }

  if (member != NULL && *member != '\0')
    signed_by = g_strdup_printf ("%s:%s", dd_role_to_nick (role), member);
  else
    signed_by = g_strdup (dd_role_to_nick (role));

  item_apply_state (item, DD_CHECKLIST_ITEM_DONE, signed_by, now_us, note);
  return TRUE;
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
