/* dd-hub.c — a fulfilment micro-hub
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>

#include <glib/gi18n-lib.h>

#include "dd-core-error.h"
#include "dd-hub.h"

#define MINUTES_PER_DAY (24 * 60)
#define DEFAULT_CAPACITY_PER_HOUR 60
#define DEFAULT_CUTOFF_MINUTE (14 * 60)

struct _DdHub
{
  GObject parent_instance;

  char *id;
  char *name;
  char *address;
  double latitude;
  double longitude;
  guint capacity_per_hour;
  guint couriers;
  guint cutoff_minute;
  gboolean open;
};

G_DEFINE_FINAL_TYPE (DdHub, dd_hub, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_NAME,
  PROP_ADDRESS,
  PROP_LATITUDE,
  PROP_LONGITUDE,
  PROP_CAPACITY_PER_HOUR,
  PROP_COURIERS,
  PROP_CUTOFF_MINUTE,
  PROP_OPEN,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
set_string_field (DdHub       *self,
                  char       **field,
                  const char  *value,
                  guint        prop_id)
{
  if (g_strcmp0 (*field, value) == 0)
    return;

  g_free (*field);
  *field = g_strdup (value);
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop_id]);
}

static void
dd_hub_finalize (GObject *object)
{
  DdHub *self = DD_HUB (object);

  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->address, g_free);

  G_OBJECT_CLASS (dd_hub_parent_class)->finalize (object);
}

static void
dd_hub_get_property (GObject    *object,
                     guint       prop_id,
                     GValue     *value,
                     GParamSpec *pspec)
{
  DdHub *self = DD_HUB (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    case PROP_ADDRESS:
      g_value_set_string (value, self->address);
      break;
    case PROP_LATITUDE:
      g_value_set_double (value, self->latitude);
      break;
    case PROP_LONGITUDE:
      g_value_set_double (value, self->longitude);
      break;
    case PROP_CAPACITY_PER_HOUR:
      g_value_set_uint (value, self->capacity_per_hour);
      break;
    case PROP_COURIERS:
      g_value_set_uint (value, self->couriers);
      break;
    case PROP_CUTOFF_MINUTE:
      g_value_set_uint (value, self->cutoff_minute);
      break;
    case PROP_OPEN:
      g_value_set_boolean (value, self->open);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dd_hub_set_property (GObject      *object,
                     guint         prop_id,
                     const GValue *value,
                     GParamSpec   *pspec)
{
  DdHub *self = DD_HUB (object);

  switch (prop_id)
    {
    case PROP_ID:
      self->id = g_value_dup_string (value);
      break;
    case PROP_NAME:
      dd_hub_set_name (self, g_value_get_string (value));
      break;
    case PROP_ADDRESS:
      dd_hub_set_address (self, g_value_get_string (value));
      break;
    case PROP_COURIERS:
      dd_hub_set_couriers (self, g_value_get_uint (value));
      break;
    case PROP_CUTOFF_MINUTE:
      dd_hub_set_cutoff_minute (self, g_value_get_uint (value));
      break;
    case PROP_OPEN:
      dd_hub_set_open (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dd_hub_class_init (DdHubClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags rw = G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;
  GParamFlags ro = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->finalize = dd_hub_finalize;
  object_class->get_property = dd_hub_get_property;
  object_class->set_property = dd_hub_set_property;

  properties[PROP_ID] =
    g_param_spec_string ("id", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL, rw);
  properties[PROP_ADDRESS] =
    g_param_spec_string ("address", NULL, NULL, NULL, rw);
  /* Position and capacity are validated: change them with the setters. */
  properties[PROP_LATITUDE] =
    g_param_spec_double ("latitude", NULL, NULL, -90.0, 90.0, 0.0, ro);
  properties[PROP_LONGITUDE] =
    g_param_spec_double ("longitude", NULL, NULL, -180.0, 180.0, 0.0, ro);
  properties[PROP_CAPACITY_PER_HOUR] =
    g_param_spec_uint ("capacity-per-hour", NULL, NULL, 1, G_MAXUINT,
                       DEFAULT_CAPACITY_PER_HOUR, ro);
  properties[PROP_COURIERS] =
    g_param_spec_uint ("couriers", NULL, NULL, 0, G_MAXUINT, 0, rw);
  properties[PROP_CUTOFF_MINUTE] =
    g_param_spec_uint ("cutoff-minute", NULL, NULL, 0, MINUTES_PER_DAY - 1,
                       DEFAULT_CUTOFF_MINUTE, rw);
  properties[PROP_OPEN] =
    g_param_spec_boolean ("open", NULL, NULL, TRUE, rw);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
dd_hub_init (DdHub *self)
{
  self->capacity_per_hour = DEFAULT_CAPACITY_PER_HOUR;
  self->cutoff_minute = DEFAULT_CUTOFF_MINUTE;
  self->open = TRUE;
}

DdHub *
dd_hub_new (const char *id,
            const char *name)
{
  return g_object_new (DD_TYPE_HUB,
                       "id", id,
                       "name", name,
                       NULL);
}

const char *
dd_hub_get_id (DdHub *self)
{
  g_return_val_if_fail (DD_IS_HUB (self), NULL);

  return self->id;
}

const char *
dd_hub_get_name (DdHub *self)
{
  g_return_val_if_fail (DD_IS_HUB (self), NULL);

  return self->name;
}

void
dd_hub_set_name (DdHub      *self,
                 const char *name)
{
  g_return_if_fail (DD_IS_HUB (self));

  set_string_field (self, &self->name, name, PROP_NAME);
}

const char *
dd_hub_get_address (DdHub *self)
{
  g_return_val_if_fail (DD_IS_HUB (self), NULL);

  return self->address;
}

void
dd_hub_set_address (DdHub      *self,
                    const char *address)
{
  g_return_if_fail (DD_IS_HUB (self));

  set_string_field (self, &self->address, address, PROP_ADDRESS);
}

double
dd_hub_get_latitude (DdHub *self)
{
  g_return_val_if_fail (DD_IS_HUB (self), 0.0);

  return self->latitude;
}

double
dd_hub_get_longitude (DdHub *self)
{
  g_return_val_if_fail (DD_IS_HUB (self), 0.0);

  return self->longitude;
}

gboolean
dd_hub_set_location (DdHub   *self,
                     double   latitude,
                     double   longitude,
                     GError **error)
{
  GError *local_error = NULL;

  g_return_val_if_fail (DD_IS_HUB (self), FALSE);

  if (!dd_coordinates_validate (latitude, longitude, &local_error))
    {
      g_prefix_error (&local_error, _("Hub “%s”: "),
                      self->name != NULL ? self->name : self->id);
      g_propagate_error (error, local_error);
      return FALSE;
    }

  g_object_freeze_notify (G_OBJECT (self));
  if (self->latitude != latitude)
    {
      self->latitude = latitude;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LATITUDE]);
    }
  if (self->longitude != longitude)
    {
      self->longitude = longitude;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LONGITUDE]);
    }
  g_object_thaw_notify (G_OBJECT (self));

  return TRUE;
}

guint
dd_hub_get_capacity_per_hour (DdHub *self)
{
  g_return_val_if_fail (DD_IS_HUB (self), 0);

  return self->capacity_per_hour;
}

gboolean
dd_hub_set_capacity_per_hour (DdHub   *self,
                              guint    capacity,
                              GError **error)
{
  g_return_val_if_fail (DD_IS_HUB (self), FALSE);

  if (capacity == 0)
    {
      g_set_error (error, DD_CORE_ERROR, DD_CORE_ERROR_INVALID_FIELD,
                   _("Hub “%s”: capacity must be above zero orders per hour"),
                   self->name != NULL ? self->name : self->id);
      return FALSE;
    }

  if (self->capacity_per_hour != capacity)
    {
      self->capacity_per_hour = capacity;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAPACITY_PER_HOUR]);
    }

  return TRUE;
}

guint
dd_hub_get_couriers (DdHub *self)
{
  g_return_val_if_fail (DD_IS_HUB (self), 0);

  return self->couriers;
}

void
dd_hub_set_couriers (DdHub *self,
                     guint  couriers)
{
  g_return_if_fail (DD_IS_HUB (self));

  if (self->couriers == couriers)
    return;

  self->couriers = couriers;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COURIERS]);
}

guint
dd_hub_get_cutoff_minute (DdHub *self)
{
  g_return_val_if_fail (DD_IS_HUB (self), 0);

  return self->cutoff_minute;
}

void
dd_hub_set_cutoff_minute (DdHub *self,
                          guint  minute)
{
  g_return_if_fail (DD_IS_HUB (self));
  g_return_if_fail (minute < MINUTES_PER_DAY);

  if (self->cutoff_minute == minute)
    return;

  self->cutoff_minute = minute;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CUTOFF_MINUTE]);
}

gboolean
dd_hub_get_open (DdHub *self)
{
  g_return_val_if_fail (DD_IS_HUB (self), FALSE);

  return self->open;
}

void
dd_hub_set_open (DdHub    *self,
                 gboolean  open)
{
  g_return_if_fail (DD_IS_HUB (self));

  open = !!open;
  if (self->open == open)
    return;

  self->open = open;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_OPEN]);
}

gboolean
dd_coordinates_validate (double   latitude,
                         double   longitude,
                         GError **error)
{
  if (!isfinite (latitude) || latitude < -90.0 || latitude > 90.0)
    {
      g_set_error (error, DD_CORE_ERROR, DD_CORE_ERROR_INVALID_FIELD,
                   _("Latitude %g is outside −90 to 90"), latitude);
      return FALSE;
    }

  if (!isfinite (longitude) || longitude < -180.0 || longitude > 180.0)
    {
      g_set_error (error, DD_CORE_ERROR, DD_CORE_ERROR_INVALID_FIELD,
                   _("Longitude %g is outside −180 to 180"), longitude);
      return FALSE;
    }

  return TRUE;
}
