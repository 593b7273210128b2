/* dd-squad-member.c — one member of the squad as the presence list shows them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "dd-squad-member.h"

struct _DdSquadMember
{
  GObject   parent_instance;
  char     *name;
  DdRole    role;
  gboolean  online;
  DdSquadPresence presence;
  char     *device;
};

G_DEFINE_FINAL_TYPE (DdSquadMember, dd_squad_member, G_TYPE_OBJECT)

G_DEFINE_ENUM_TYPE (DdSquadPresence, dd_squad_presence,
                    G_DEFINE_ENUM_VALUE (DD_SQUAD_PRESENCE_GONE, "gone"),
                    G_DEFINE_ENUM_VALUE (DD_SQUAD_PRESENCE_AWAY, "away"),
                    G_DEFINE_ENUM_VALUE (DD_SQUAD_PRESENCE_ONLINE, "online"))

enum {
  PROP_0,
  PROP_NAME,
  PROP_ROLE,
  PROP_ONLINE,
  PROP_PRESENCE,
  PROP_DEVICE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
dd_squad_member_finalize (GObject *object)
{
  DdSquadMember *self = DD_SQUAD_MEMBER (object);

  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->device, g_free);

  G_OBJECT_CLASS (dd_squad_member_parent_class)->finalize (object);
}

static void
dd_squad_member_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  DdSquadMember *self = DD_SQUAD_MEMBER (object);

  switch (prop_id)
    {
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    case PROP_ROLE:
      g_value_set_enum (value, self->role);
      break;
    case PROP_ONLINE:
      g_value_set_boolean (value, self->online);
      break;
    case PROP_PRESENCE:
      g_value_set_enum (value, self->presence);
      break;
    case PROP_DEVICE:
      g_value_set_string (value, self->device);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dd_squad_member_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  DdSquadMember *self = DD_SQUAD_MEMBER (object);

  switch (prop_id)
    {
    case PROP_NAME:
      self->name = g_value_dup_string (value);
      break;
    case PROP_ROLE:
      self->role = g_value_get_enum (value);
      break;
    case PROP_ONLINE:
      dd_squad_member_set_online (self, g_value_get_boolean (value));
      break;
    case PROP_PRESENCE:
      dd_squad_member_set_presence (self, g_value_get_enum (value));
      break;
    case PROP_DEVICE:
      dd_squad_member_set_device (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dd_squad_member_class_init (DdSquadMemberClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = dd_squad_member_finalize;
  object_class->get_property = dd_squad_member_get_property;
  object_class->set_property = dd_squad_member_set_property;

  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ROLE] =
    g_param_spec_enum ("role", NULL, NULL,
                       DD_TYPE_ROLE, DD_ROLE_PRODUCER,
                       G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ONLINE] =
    g_param_spec_boolean ("online", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_PRESENCE] =
    g_param_spec_enum ("presence", NULL, NULL,
                       DD_TYPE_SQUAD_PRESENCE, DD_SQUAD_PRESENCE_GONE,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_DEVICE] =
    g_param_spec_string ("device", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
dd_squad_member_init (DdSquadMember *self)
{
}

DdSquadMember *
dd_squad_member_new (const char *name,
                     DdRole      role)
{
  g_return_val_if_fail (name != NULL, NULL);

  return g_object_new (DD_TYPE_SQUAD_MEMBER, "name", name, "role", role, NULL);
}

const char *
dd_squad_member_get_name (DdSquadMember *self)
{
  g_return_val_if_fail (DD_IS_SQUAD_MEMBER (self), NULL);

  return self->name;
}

DdRole
dd_squad_member_get_role (DdSquadMember *self)
{
  g_return_val_if_fail (DD_IS_SQUAD_MEMBER (self), DD_ROLE_PRODUCER);

  return self->role;
}

gboolean
dd_squad_member_get_online (DdSquadMember *self)
{
  g_return_val_if_fail (DD_IS_SQUAD_MEMBER (self), FALSE);

  return self->online;
}

void
dd_squad_member_set_online (DdSquadMember *self,
                            gboolean       online)
{
  g_return_if_fail (DD_IS_SQUAD_MEMBER (self));

  online = !!online;
  if (self->online == online)
    return;

  self->online = online;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ONLINE]);
}

const char *
dd_squad_presence_to_nick (DdSquadPresence presence)
{
  switch (presence)
    {
    case DD_SQUAD_PRESENCE_ONLINE:
      return "online";
    case DD_SQUAD_PRESENCE_AWAY:
      return "away";
    case DD_SQUAD_PRESENCE_GONE:
    default:
      return "gone";
    }
}

DdSquadPresence
dd_squad_member_get_presence (DdSquadMember *self)
{
  g_return_val_if_fail (DD_IS_SQUAD_MEMBER (self), DD_SQUAD_PRESENCE_GONE);

  return self->presence;
}

void
dd_squad_member_set_presence (DdSquadMember   *self,
                              DdSquadPresence  presence)
{
  g_return_if_fail (DD_IS_SQUAD_MEMBER (self));

  /* Both notifications leave after both fields changed: a handler of
   * notify::presence that reads :online (the Drop page's "N of M online")
   * must not see the old value. */
  g_object_freeze_notify (G_OBJECT (self));
  if (self->presence != presence)
    {
      self->presence = presence;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PRESENCE]);
    }
  dd_squad_member_set_online (self, presence == DD_SQUAD_PRESENCE_ONLINE);
  g_object_thaw_notify (G_OBJECT (self));
}

const char *
dd_squad_member_get_device (DdSquadMember *self)
{
  g_return_val_if_fail (DD_IS_SQUAD_MEMBER (self), NULL);

  return self->device;
}

void
dd_squad_member_set_device (DdSquadMember *self,
                            const char    *device)
{
  g_return_if_fail (DD_IS_SQUAD_MEMBER (self));

  if (g_strcmp0 (self->device, device) == 0)
    return;
  g_free (self->device);
  self->device = g_strdup (device);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DEVICE]);
}
