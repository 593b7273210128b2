/* dd-page.c — the base of the window's pages: a drop session and a role
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "dd-page.h"
#include "dd-squad-member.h"

typedef struct
{
  DdDropSession *session;
  DdRole         role;
} DdPagePrivate;

G_DEFINE_TYPE_WITH_PRIVATE (DdPage, dd_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_SESSION,
  PROP_ROLE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
dd_page_dispose (GObject *object)
{
  DdPage *self = DD_PAGE (object);
  DdPagePrivate *priv = dd_page_get_instance_private (self);

  g_clear_object (&priv->session);

  G_OBJECT_CLASS (dd_page_parent_class)->dispose (object);
}

static void
dd_page_get_property (GObject    *object,
                      guint       prop_id,
                      GValue     *value,
                      GParamSpec *pspec)
{
  DdPage *self = DD_PAGE (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      g_value_set_object (value, dd_page_get_session (self));
      break;
    case PROP_ROLE:
      g_value_set_enum (value, dd_page_get_role (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dd_page_set_property (GObject      *object,
                      guint         prop_id,
                      const GValue *value,
                      GParamSpec   *pspec)
{
  DdPage *self = DD_PAGE (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      dd_page_set_session (self, g_value_get_object (value));
      break;
    case PROP_ROLE:
      dd_page_set_role (self, g_value_get_enum (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dd_page_class_init (DdPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = dd_page_dispose;
  object_class->get_property = dd_page_get_property;
  object_class->set_property = dd_page_set_property;

  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL,
                         DD_TYPE_DROP_SESSION,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_ROLE] =
    g_param_spec_enum ("role", NULL, NULL,
                       DD_TYPE_ROLE, DD_ROLE_PRODUCER,
                       G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
dd_page_init (DdPage *self)
{
}

DdDropSession *
dd_page_get_session (DdPage *self)
{
  DdPagePrivate *priv = dd_page_get_instance_private (self);

  g_return_val_if_fail (DD_IS_PAGE (self), NULL);

  return priv->session;
}

void
dd_page_set_session (DdPage        *self,
                     DdDropSession *session)
{
  DdPagePrivate *priv = dd_page_get_instance_private (self);

  g_return_if_fail (DD_IS_PAGE (self));
  g_return_if_fail (session == NULL || DD_IS_DROP_SESSION (session));

  if (!g_set_object (&priv->session, session))
    return;

  if (DD_PAGE_GET_CLASS (self)->session_changed != NULL)
    DD_PAGE_GET_CLASS (self)->session_changed (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION]);
}

DdRole
dd_page_get_role (DdPage *self)
{
  DdPagePrivate *priv = dd_page_get_instance_private (self);

  g_return_val_if_fail (DD_IS_PAGE (self), DD_ROLE_PRODUCER);

  return priv->role;
}

void
dd_page_set_role (DdPage *self,
                  DdRole  role)
{
  DdPagePrivate *priv = dd_page_get_instance_private (self);

  g_return_if_fail (DD_IS_PAGE (self));

  if (priv->role == role)
    return;

  priv->role = role;

  if (DD_PAGE_GET_CLASS (self)->role_changed != NULL)
    DD_PAGE_GET_CLASS (self)->role_changed (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ROLE]);
}

void
dd_page_show_toast (DdPage     *self,
                    const char *message)
{
  g_return_if_fail (DD_IS_PAGE (self));
  g_return_if_fail (message != NULL);

  gtk_widget_activate_action (GTK_WIDGET (self), "win.show-toast", "s", message);
}

char *
dd_page_dup_actor (DdPage *self)
{
  DdDropSession *session;
  GListModel *members;
  DdRole role;

  g_return_val_if_fail (DD_IS_PAGE (self), NULL);

  session = dd_page_get_session (self);
  role = dd_page_get_role (self);
  members = session != NULL ? dd_drop_session_get_squad_members (session) : NULL;
  for (guint i = 0; members != NULL && i < g_list_model_get_n_items (members); i++)
    {
      g_autoptr(DdSquadMember) member = g_list_model_get_item (members, i);

      if (dd_squad_member_get_role (member) == role)
        return g_strdup (dd_squad_member_get_name (member));
    }

  return g_strdup (g_get_real_name ());
}
