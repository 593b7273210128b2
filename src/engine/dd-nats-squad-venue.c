/* dd-nats-squad-venue.c — venue mode: the cloud's squad stream sources the venue's
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "dd-nats-jetstream.h"
#include "dd-nats-squad-venue.h"
#include "dd-squad-subjects.h"

static void
created_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(JsonObject) info = NULL;
  GError *error = NULL;

  info = dd_nats_js_api_finish (result, &error);
  if (info == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

void
dd_nats_squad_source_venue_async (DdNatsClient        *client,
                                  const char          *squad,
                                  const char          *venue_domain,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(JsonObject) config = NULL;
  g_autofree char *stream = NULL;
  g_autofree char *api = NULL;
  JsonArray *sources;
  JsonObject *source, *external;

  g_return_if_fail (DD_IS_NATS_CLIENT (client));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, dd_nats_squad_source_venue_async);
  if (!dd_squad_name_is_valid (squad) || !dd_squad_name_is_valid (venue_domain))
    {
      g_task_return_new_error (task, DD_CORE_ERROR, DD_CORE_ERROR_INVALID_FIELD,
                               _("The squad and the venue's JetStream domain need names of lower-case "
                                 "letters, digits and -"));
      return;
    }

  stream = dd_squad_stream_name (squad);
  api = g_strdup_printf ("$JS.%s.API", venue_domain);
  external = json_object_new ();
  json_object_set_string_member (external, "api", api);
  source = json_object_new ();
  json_object_set_string_member (source, "name", stream);
  json_object_set_object_member (source, "external", external);
  sources = json_array_new ();
  json_array_add_object_element (sources, source);
  config = json_object_new ();
  json_object_set_string_member (config, "name", stream);
  json_object_set_array_member (config, "sources", sources);
  json_object_set_string_member (config, "storage", "file");
  json_object_set_int_member (config, "num_replicas", 1);
  dd_nats_js_stream_create_async (client, config, cancellable, created_cb, g_steal_pointer (&task));
}

gboolean
dd_nats_squad_source_venue_finish (GAsyncResult  *result,
                                   GError       **error)
{
  g_return_val_if_fail (G_IS_TASK (result), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
