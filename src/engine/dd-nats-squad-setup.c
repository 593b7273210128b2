/* dd-nats-squad-setup.c — making sure a squad's stream and buckets exist
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "dd-nats-kv.h"
#include "dd-nats-squad-setup.h"
#include "dd-squad-subjects.h"

#define STREAM_DUPLICATE_WINDOW_NS G_GINT64_CONSTANT (120000000000)
#define STATE_HISTORY 10

typedef struct
{
  DdNatsClient *client;
  char *squad;
  guint replicas;
  guint64 presence_max_age_ms;
  guint left;
  GError *error;  /* the first step's */
} Setup;

typedef struct
{
  GTask *task;
  int bucket;  /* -1: the stream */
  guint replicas;
} Step;

static void create (Step *step);

static void
setup_free (Setup *setup)
{
  g_clear_object (&setup->client);
  g_free (setup->squad);
  g_clear_error (&setup->error);
  g_free (setup);
}

/* Ends a step (taking `error`); the last one returns the task. */
static void
step_done (Step   *step,
           GError *error)
{
  GTask *task = step->task;
  Setup *setup = g_task_get_task_data (task);

  g_free (step);
  if (error != NULL && setup->error == NULL)
    setup->error = error;
  else
    g_clear_error (&error);
  if (--setup->left == 0)
    {
      if (setup->error != NULL)
        g_task_return_error (task, g_steal_pointer (&setup->error));
      else
        g_task_return_boolean (task, TRUE);
    }
  g_object_unref (task);
}

static void
created_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  Step *step = user_data;
  g_autoptr(JsonObject) info = NULL;
  GError *error = NULL;

  info = dd_nats_js_api_finish (result, &error);
  if (g_error_matches (error, DD_NET_ERROR, DD_NATS_ERROR_NOT_CLUSTERED) && step->replicas > 1)
    {
      /* A single server keeps one copy; a cluster short of servers (or
       * still forming) fails the setup, which is tried again. */
      g_debug ("squad setup: %s; one copy instead", error->message);
      g_clear_error (&error);
      step->replicas = 1;
      create (step);
      return;
    }
  if (g_error_matches (error, DD_NET_ERROR, DD_NET_ERROR_TIMEOUT))
    {
      /* A permission violation names no request: it ends in the timeout. */
      g_clear_error (&error);
      g_set_error (&error, DD_NET_ERROR, DD_NATS_ERROR_PERMISSION_DENIED,
                   _("it has to be created by a Producer or Ops lead connecting first"));
    }
  step_done (step, error);
}

static void
create (Step *step)
{
  Setup *setup = g_task_get_task_data (step->task);
  GCancellable *cancellable = g_task_get_cancellable (step->task);
  g_autoptr(JsonObject) config = NULL;
  g_autofree char *stream = NULL;
  g_autofree char *wildcard = NULL;
  JsonArray *subjects;

  if (step->bucket >= 0)
    {
      g_autofree char *bucket = dd_squad_bucket_name (setup->squad, step->bucket);
      gboolean presence = step->bucket == DD_SQUAD_BUCKET_PRESENCE;

      dd_nats_kv_create_replicated_bucket_async (setup->client, bucket, presence ? 1 : STATE_HISTORY,
                                                 presence ? setup->presence_max_age_ms : 0,
                                                 step->replicas, cancellable, created_cb, step);
      return;
    }
  stream = dd_squad_stream_name (setup->squad);
  wildcard = g_strdup_printf ("dropdeck.%s.>", setup->squad);
  subjects = json_array_new ();
  json_array_add_string_element (subjects, wildcard);
  config = json_object_new ();
  json_object_set_string_member (config, "name", stream);
  json_object_set_array_member (config, "subjects", subjects);
  json_object_set_string_member (config, "storage", "file");
  json_object_set_string_member (config, "retention", "limits");
  json_object_set_int_member (config, "duplicate_window", STREAM_DUPLICATE_WINDOW_NS);
  json_object_set_int_member (config, "num_replicas", step->replicas);
  dd_nats_js_stream_create_async (setup->client, config, cancellable, created_cb, step);
}

static void
info_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  Step *step = user_data;
  g_autoptr(JsonObject) info = NULL;
  GError *error = NULL;

  info = dd_nats_js_api_finish (result, &error);
  if (g_error_matches (error, DD_NET_ERROR, DD_NATS_ERROR_NOT_FOUND))
    {
      g_clear_error (&error);
      create (step);
      return;
    }
  step_done (step, error);
}

void
dd_nats_squad_setup_async (DdNatsClient        *client,
                           const char          *squad,
                           guint                replicas,
                           guint64              presence_max_age_ms,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  Setup *setup;

  g_return_if_fail (DD_IS_NATS_CLIENT (client));
  g_return_if_fail (dd_squad_name_is_valid (squad));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, dd_nats_squad_setup_async);
  setup = g_new0 (Setup, 1);
  setup->client = g_object_ref (client);
  setup->squad = g_strdup (squad);
  setup->replicas = MAX (replicas, 1);
  setup->presence_max_age_ms = presence_max_age_ms;
  setup->left = 1 + DD_SQUAD_N_BUCKETS;
  g_task_set_task_data (task, setup, (GDestroyNotify) setup_free);

  for (int i = -1; i < DD_SQUAD_N_BUCKETS; i++)
    {
      Step *step = g_new0 (Step, 1);
      g_autofree char *bucket = i >= 0 ? dd_squad_bucket_name (squad, i) : NULL;
      g_autofree char *stream = i >= 0 ? g_strconcat ("KV_", bucket, NULL) : dd_squad_stream_name (squad);

      step->task = g_object_ref (task);
      step->bucket = i;
      step->replicas = setup->replicas;
      dd_nats_js_stream_info_async (client, stream, cancellable, info_cb, step);
    }
}

gboolean
dd_nats_squad_setup_finish (GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (G_IS_TASK (result), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
