/* dd-checklist-item.c — one role-owned checklist item: manual or automated
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "dd-checklist-private.h"
#include "dd-core-enums.h"

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
  ITEM_PROP_BLOCKING,
  ITEM_PROP_PROBE_ID,
  ITEM_PROP_EVIDENCE,
  N_ITEM_PROPS
};

static GParamSpec *item_properties[N_ITEM_PROPS];

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

void
_dd_checklist_item_apply_state (DdChecklistItem      *self,
                                DdChecklistItemState  state,
                                const char           *signed_by,
                                gint64                signed_at,
                                const char           *note,
                                const char           *evidence)
{
  g_object_freeze_notify (G_OBJECT (self));
  item_set_string (self, &self->signed_by, signed_by, ITEM_PROP_SIGNED_BY);
  item_set_string (self, &self->note, note, ITEM_PROP_NOTE);
  item_set_string (self, &self->evidence, evidence, ITEM_PROP_EVIDENCE);
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
  g_clear_pointer (&self->probe_id, g_free);
  g_clear_pointer (&self->evidence, g_free);

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
    case ITEM_PROP_BLOCKING:
      g_value_set_boolean (value, self->blocking);
      break;
    case ITEM_PROP_PROBE_ID:
      g_value_set_string (value, self->probe_id);
      break;
    case ITEM_PROP_EVIDENCE:
      g_value_set_string (value, self->evidence);
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
    case ITEM_PROP_BLOCKING:
      dd_checklist_item_set_blocking (self, g_value_get_boolean (value));
      break;
    case ITEM_PROP_PROBE_ID:
      dd_checklist_item_set_probe_id (self, g_value_get_string (value));
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
  item_properties[ITEM_PROP_BLOCKING] =
    g_param_spec_boolean ("blocking", NULL, NULL, TRUE, rw);
  item_properties[ITEM_PROP_PROBE_ID] =
    g_param_spec_string ("probe-id", NULL, NULL, NULL, rw);
  item_properties[ITEM_PROP_EVIDENCE] =
    g_param_spec_string ("evidence", NULL, NULL, NULL, ro);

  g_object_class_install_properties (object_class, N_ITEM_PROPS, item_properties);
}

static void
dd_checklist_item_init (DdChecklistItem *self)
{
  self->depends_on = g_ptr_array_new_null_terminated (0, g_free, TRUE);
  self->blocking = TRUE;
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
  if (g_strcmp0 (nick, "probe") == 0 && member != NULL)
    /* Translators: who checked an automated item, "Probe “preflight-load”" */
    return g_strdup_printf (_("Probe “%s”"), member + 1);
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

  _dd_checklist_item_apply_state (self, state, signed_by, signed_at, note, self->evidence);
}

void
dd_checklist_item_restore_evidence (DdChecklistItem *self,
                                    const char      *evidence)
{
  g_return_if_fail (DD_IS_CHECKLIST_ITEM (self));

  item_set_string (self, &self->evidence, evidence, ITEM_PROP_EVIDENCE);
}

gboolean
dd_checklist_item_get_blocking (DdChecklistItem *self)
{
  g_return_val_if_fail (DD_IS_CHECKLIST_ITEM (self), TRUE);

  return self->blocking;
}

void
dd_checklist_item_set_blocking (DdChecklistItem *self,
                                gboolean         blocking)
{
  g_return_if_fail (DD_IS_CHECKLIST_ITEM (self));

  blocking = !!blocking;
  if (self->blocking == blocking)
    return;

  self->blocking = blocking;
  g_object_notify_by_pspec (G_OBJECT (self), item_properties[ITEM_PROP_BLOCKING]);
}

const char *
dd_checklist_item_get_probe_id (DdChecklistItem *self)
{
  g_return_val_if_fail (DD_IS_CHECKLIST_ITEM (self), NULL);

  return self->probe_id;
}

void
dd_checklist_item_set_probe_id (DdChecklistItem *self,
                                const char      *probe_id)
{
  g_return_if_fail (DD_IS_CHECKLIST_ITEM (self));

  item_set_string (self, &self->probe_id, probe_id, ITEM_PROP_PROBE_ID);
}

const char *
dd_checklist_item_get_evidence (DdChecklistItem *self)
{
  g_return_val_if_fail (DD_IS_CHECKLIST_ITEM (self), NULL);

  return self->evidence;
}

gint64
dd_checklist_item_get_due_time (DdChecklistItem *self,
                                gint64           drop_start_us)
{
  g_return_val_if_fail (DD_IS_CHECKLIST_ITEM (self), drop_start_us);

  return drop_start_us + self->due_offset * G_USEC_PER_SEC;
}

gboolean
dd_checklist_item_is_overdue (DdChecklistItem *self,
                              gint64           drop_start_us,
                              gint64           now_us)
{
  g_return_val_if_fail (DD_IS_CHECKLIST_ITEM (self), FALSE);

  return self->state != DD_CHECKLIST_ITEM_DONE
         && now_us > dd_checklist_item_get_due_time (self, drop_start_us);
}

DdChecklistItem *
dd_checklist_item_copy_definition (DdChecklistItem *self)
{
  DdChecklistItem *copy;

  g_return_val_if_fail (DD_IS_CHECKLIST_ITEM (self), NULL);

  copy = dd_checklist_item_new (self->id, self->title, self->owner, self->kind);
  dd_checklist_item_set_description (copy, self->description);
  dd_checklist_item_set_due_offset (copy, self->due_offset);
  dd_checklist_item_set_blocking (copy, self->blocking);
  dd_checklist_item_set_probe_id (copy, self->probe_id);
  for (guint i = 0; i < self->depends_on->len; i++)
    dd_checklist_item_add_dependency (copy, g_ptr_array_index (self->depends_on, i));

  return copy;
}

const char *
_dd_checklist_item_label (DdChecklistItem *self)
{
  return self->title != NULL ? self->title : self->id;
}
