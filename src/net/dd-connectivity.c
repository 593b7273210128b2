/* dd-connectivity.c — the reachability of one service, as the header bar shows it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "dd-connectivity.h"
#include "dd-net-enums.h"

struct _DdConnectivity
{
  GObject              parent_instance;
  DdServiceKind        service;
  DdConnectivityState  state;
  char                *detail;
};

G_DEFINE_FINAL_TYPE (DdConnectivity, dd_connectivity, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_SERVICE,
  PROP_STATE,
  PROP_DETAIL,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
dd_connectivity_finalize (GObject *object)
{
  DdConnectivity *self = DD_CONNECTIVITY (object);

  g_clear_pointer (&self->detail, g_free);

  G_OBJECT_CLASS (dd_connectivity_parent_class)->finalize (object);
}

static void
dd_connectivity_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  DdConnectivity *self = DD_CONNECTIVITY (object);

  switch (prop_id)
    {
    case PROP_SERVICE:
      g_value_set_enum (value, self->service);
      break;
    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;
    case PROP_DETAIL:
      g_value_set_string (value, self->detail);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dd_connectivity_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  DdConnectivity *self = DD_CONNECTIVITY (object);

  switch (prop_id)
    {
    case PROP_SERVICE:
      self->service = g_value_get_enum (value);
      break;
    case PROP_STATE:
      dd_connectivity_update (self, g_value_get_enum (value), self->detail);
      break;
    case PROP_DETAIL:
      dd_connectivity_update (self, self->state, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dd_connectivity_class_init (DdConnectivityClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = dd_connectivity_finalize;
  object_class->get_property = dd_connectivity_get_property;
  object_class->set_property = dd_connectivity_set_property;

  properties[PROP_SERVICE] =
    g_param_spec_enum ("service", NULL, NULL,
                       DD_TYPE_SERVICE_KIND, DD_SERVICE_COMMERCE,
                       G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL,
                       DD_TYPE_CONNECTIVITY_STATE, DD_CONNECTIVITY_OFFLINE,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_DETAIL] =
    g_param_spec_string ("detail", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
dd_connectivity_init (DdConnectivity *self)
{
  self->state = DD_CONNECTIVITY_OFFLINE;
}

DdConnectivity *
dd_connectivity_new (DdServiceKind service)
{
  return g_object_new (DD_TYPE_CONNECTIVITY, "service", service, NULL);
}

DdServiceKind
dd_connectivity_get_service (DdConnectivity *self)
{
  g_return_val_if_fail (DD_IS_CONNECTIVITY (self), DD_SERVICE_COMMERCE);

  return self->service;
}

DdConnectivityState
dd_connectivity_get_state (DdConnectivity *self)
{
  g_return_val_if_fail (DD_IS_CONNECTIVITY (self), DD_CONNECTIVITY_OFFLINE);

  return self->state;
}

const char *
dd_connectivity_get_detail (DdConnectivity *self)
{
  g_return_val_if_fail (DD_IS_CONNECTIVITY (self), NULL);

  return self->detail;
}

/* Sets both at once; each property notifies only when it changed. */
void
dd_connectivity_update (DdConnectivity      *self,
                        DdConnectivityState  state,
                        const char          *detail)
{
  gboolean state_changed = FALSE;
  gboolean detail_changed = FALSE;

  g_return_if_fail (DD_IS_CONNECTIVITY (self));
  g_return_if_fail (state <= DD_CONNECTIVITY_ONLINE);

  if (self->state != state)
    {
      self->state = state;
      state_changed = TRUE;
    }

  if (g_strcmp0 (self->detail, detail) != 0)
    {
      g_free (self->detail);
      self->detail = g_strdup (detail);
      detail_changed = TRUE;
    }

  if (state_changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
  if (detail_changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DETAIL]);
}

const char *
dd_service_kind_get_display_name (DdServiceKind service)
{
  switch (service)
    {
    case DD_SERVICE_COMMERCE:
      return _("Commerce");
    case DD_SERVICE_SQUAD:
      return _("Squad channel");
    case DD_SERVICE_AUDIENCE:
      return _("Audience chat");
    default:
      return _("Unknown service");
    }
}

const char *
dd_connectivity_state_get_display_name (DdConnectivityState state)
{
  switch (state)
    {
    case DD_CONNECTIVITY_OFFLINE:
      return _("Offline");
    case DD_CONNECTIVITY_DEGRADED:
      return _("Degraded");
    case DD_CONNECTIVITY_ONLINE:
      return _("Online");
    default:
      return _("Unknown");
    }
}
