/* dd-sync-run.c — one whole sync with the commerce engine, with its progress
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include <string.h>

#include "dd-sync-run.h"

struct _DdSyncRun
{
  GObject parent_instance;

  DdStore *store;
  DdCommerceProvider *provider;
  double fraction;
  char *step;
  gulong pull_progress_id;
  guint runs;
  DdSyncPullSummary pull;
  DdSyncFeedSummary feed;
  DdSyncFlushSummary push;
};

G_DEFINE_FINAL_TYPE (DdSyncRun, dd_sync_run, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_FRACTION,
  PROP_STEP,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
set_progress (DdSyncRun  *self,
              double      fraction,
              const char *step)
{
  if (fraction != self->fraction)
    {
      self->fraction = fraction;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FRACTION]);
    }
  if (g_strcmp0 (step, self->step) != 0)
    {
      g_free (self->step);
      self->step = g_strdup (step);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STEP]);
    }
}

/* Progress within a stage that spans [from, to] of the bar; the bar never
 * moves back (a pull learns its totals as its lists start). */
static void
set_stage_progress (DdSyncRun  *self,
                    double      from,
                    double      to,
                    guint64     done,
                    guint64     total,
                    const char *step)
{
  double fraction = from + (to - from) * (total > 0 ? (double) MIN (done, total) / total : 0.0);

  set_progress (self, MAX (fraction, self->fraction), step);
}

static void
pull_progress_cb (DdCommerceProvider *provider,
                  guint64             done,
                  guint64             total,
                  DdSyncRun          *self)
{
  /* Translators: a sync step with the items of the catalog read so far */
  g_autofree char *step = g_strdup_printf (_("Reading the catalog… %" G_GUINT64_FORMAT " of %" G_GUINT64_FORMAT),
                                           done, total);

  set_stage_progress (self, 0.05, 0.6, done, total, step);
}

static void
flush_progress_cb (DdSyncFlusher *flusher,
                   guint          done,
                   guint          total,
                   DdSyncRun     *self)
{
  /* Translators: a sync step with the changes sent so far */
  g_autofree char *step = g_strdup_printf (_("Sending your changes… %u of %u"), done, total);

  set_stage_progress (self, 0.8, 1.0, done, total, step);
}

static void
stop_pull_progress (DdSyncRun *self)
{
  g_clear_signal_handler (&self->pull_progress_id, self->provider);
}

/* Fails the run with `error`, prefixed with the step. */
static void
fail (GTask      *task,
      const char *step,
      GError     *error)
{
  g_prefix_error (&error, "%s: ", step);
  g_task_return_error (task, error);
  g_object_unref (task);
}

static void
flushed_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  GTask *task = user_data;
  DdSyncRun *self = g_task_get_source_object (task);
  GError *error = NULL;

  if (!dd_sync_flusher_flush_finish (DD_SYNC_FLUSHER (object), result, &self->push, &error))
    {
      fail (task, _("Sending your changes"), error);
      return;
    }
  set_progress (self, 1.0, _("Up to date"));
  g_task_return_boolean (task, TRUE);
  g_object_unref (task);
}

static void
fed_cb (GObject      *object,
        GAsyncResult *result,
        gpointer      user_data)
{
  GTask *task = user_data;
  DdSyncRun *self = g_task_get_source_object (task);
  g_autoptr(DdSyncFlusher) flusher = NULL;
  GError *error = NULL;

  if (!dd_sync_feed_finish (result, &self->feed, &error))
    {
      fail (task, _("Reading orders and promotions"), error);
      return;
    }
  set_progress (self, 0.8, _("Sending your changes…"));
  flusher = dd_sync_flusher_new (self->store, self->provider);
  g_signal_connect_object (flusher, "progress", G_CALLBACK (flush_progress_cb), self, 0);
  dd_sync_flusher_flush_async (flusher, g_task_get_cancellable (task), flushed_cb, task);
}

static void
pulled_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  GTask *task = user_data;
  DdSyncRun *self = g_task_get_source_object (task);
  GError *error = NULL;

  stop_pull_progress (self);
  if (!dd_sync_pull_finish (result, &self->pull, &error))
    {
      fail (task, _("Reading the catalog"), error);
      return;
    }
  set_progress (self, 0.6, _("Reading orders and promotions…"));
  dd_sync_feed_async (self->store, self->provider, self->runs == 1 ? 0 : 10 * 60 * G_USEC_PER_SEC,
                      g_task_get_cancellable (task), fed_cb, task);
}

static void
dd_sync_run_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  DdSyncRun *self = DD_SYNC_RUN (object);

  switch (prop_id)
    {
    case PROP_FRACTION:
      g_value_set_double (value, self->fraction);
      break;
    case PROP_STEP:
      g_value_set_string (value, self->step);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dd_sync_run_dispose (GObject *object)
{
  DdSyncRun *self = DD_SYNC_RUN (object);

  if (self->provider != NULL)
    stop_pull_progress (self);
  g_clear_object (&self->store);
  g_clear_object (&self->provider);
  g_clear_pointer (&self->step, g_free);

  G_OBJECT_CLASS (dd_sync_run_parent_class)->dispose (object);
}

static void
dd_sync_run_class_init (DdSyncRunClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = dd_sync_run_get_property;
  object_class->dispose = dd_sync_run_dispose;

  properties[PROP_FRACTION] =
    g_param_spec_double ("fraction", NULL, NULL, 0, 1, 0,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_STEP] =
    g_param_spec_string ("step", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
dd_sync_run_init (DdSyncRun *self)
{
}

DdSyncRun *
dd_sync_run_new (DdStore            *store,
                 DdCommerceProvider *provider)
{
  DdSyncRun *self;

  g_return_val_if_fail (DD_IS_STORE (store), NULL);
  g_return_val_if_fail (DD_IS_COMMERCE_PROVIDER (provider), NULL);

  self = g_object_new (DD_TYPE_SYNC_RUN, NULL);
  self->store = g_object_ref (store);
  self->provider = g_object_ref (provider);
  return self;
}

void
dd_sync_run_start_async (DdSyncRun           *self,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (DD_IS_SYNC_RUN (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, dd_sync_run_start_async);
  self->runs++;
  memset (&self->pull, 0, sizeof self->pull);
  memset (&self->feed, 0, sizeof self->feed);
  memset (&self->push, 0, sizeof self->push);
  self->fraction = 0;
  set_progress (self, 0.05, _("Reading the catalog…"));
  stop_pull_progress (self);
  self->pull_progress_id = g_signal_connect (self->provider, "pull-progress", G_CALLBACK (pull_progress_cb), self);
  /* The first run reads hubs and stock in full. */
  dd_sync_pull_async (self->store, self->provider, self->runs == 1 ? 0 : 10 * 60 * G_USEC_PER_SEC,
                      cancellable, pulled_cb, task);
}

gboolean
dd_sync_run_start_finish (DdSyncRun     *self,
                          GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

double
dd_sync_run_get_fraction (DdSyncRun *self)
{
  g_return_val_if_fail (DD_IS_SYNC_RUN (self), 0);

  return self->fraction;
}

const char *
dd_sync_run_get_step (DdSyncRun *self)
{
  g_return_val_if_fail (DD_IS_SYNC_RUN (self), NULL);

  return self->step;
}

void
dd_sync_run_get_summary (DdSyncRun          *self,
                         DdSyncPullSummary  *pull,
                         DdSyncFeedSummary  *feed,
                         DdSyncFlushSummary *push)
{
  g_return_if_fail (DD_IS_SYNC_RUN (self));

  if (pull != NULL)
    *pull = self->pull;
  if (feed != NULL)
    *feed = self->feed;
  if (push != NULL)
    *push = self->push;
}
