/* dd-tile-downloader.c — raster map tiles from a URL template, cached on disk
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gtk/gtk.h>
#include <libsoup/soup.h>

#include "dd-tile-downloader.h"

#define MAX_CONNECTIONS   2          /* what the OpenStreetMap tile policy allows */
#define TIMEOUT_SECONDS   10
#define CACHE_BYTES       (100u * 1000u * 1000u)
#define FRESH_FOR         (7 * G_TIME_SPAN_DAY)

struct _DdTileDownloader
{
  ShumateDataSource  parent_instance;

  char              *url_template;
  char              *user_agent;
  SoupSession       *session;
  ShumateFileCache  *cache;
};

G_DEFINE_FINAL_TYPE (DdTileDownloader, dd_tile_downloader, SHUMATE_TYPE_DATA_SOURCE)

typedef struct
{
  int     x, y, z;
  GBytes *cached;   /* stale bytes from the cache, shown until replaced */
} TileJob;

static void
tile_job_free (TileJob *job)
{
  g_clear_pointer (&job->cached, g_bytes_unref);
  g_free (job);
}

static void
return_tile (GTask  *task,
             GBytes *bytes)
{
  TileJob *job = g_task_get_task_data (task);

  g_signal_emit_by_name (g_task_get_source_object (task), "received-data", job->x, job->y, job->z, bytes);
  g_task_return_pointer (task, g_bytes_ref (bytes), (GDestroyNotify) g_bytes_unref);
}

/* Fails the tile, unless a stale copy from the cache can stand in. */
static void
fail_tile (GTask  *task,
           GError *error)
{
  TileJob *job = g_task_get_task_data (task);

  if (job->cached != NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_error_free (error);
      g_task_return_pointer (task, g_bytes_ref (job->cached), (GDestroyNotify) g_bytes_unref);
      return;
    }
  g_task_return_error (task, error);
}

static void
stored_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!shumate_file_cache_store_tile_finish (SHUMATE_FILE_CACHE (source), result, &error))
    g_debug ("Could not cache a map tile: %s", error->message);
}

static void
fetched_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  DdTileDownloader *self = g_task_get_source_object (task);
  TileJob *job = g_task_get_task_data (task);
  SoupMessage *message = soup_session_get_async_result_message (SOUP_SESSION (source), result);
  g_autoptr(GBytes) bytes = NULL;
  GError *error = NULL;
  guint status;

  bytes = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &error);
  if (bytes == NULL)
    {
      fail_tile (task, error);
      return;
    }

  status = soup_message_get_status (message);
  if (!SOUP_STATUS_IS_SUCCESSFUL (status))
    {
      fail_tile (task, g_error_new (G_IO_ERROR, G_IO_ERROR_FAILED, "The tile server answered HTTP %u %s",
                                    status, soup_message_get_reason_phrase (message)));
      return;
    }
  if (!dd_tile_bytes_are_image (bytes))
    {
      fail_tile (task, g_error_new (G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                                    "The tile server sent %zu bytes that are no image",
                                    g_bytes_get_size (bytes)));
      return;
    }

  shumate_file_cache_store_tile_async (self->cache, job->x, job->y, job->z, bytes,
                                       soup_message_headers_get_one (soup_message_get_response_headers (message),
                                                                     "ETag"),
                                       NULL, stored_cb, NULL);
  return_tile (task, bytes);
}

static void
fetch (GTask *task)
{
  DdTileDownloader *self = g_task_get_source_object (task);
  TileJob *job = g_task_get_task_data (task);
  g_autofree char *url = dd_tile_downloader_dup_tile_url (self, job->x, job->y, job->z);
  g_autoptr(SoupMessage) message = soup_message_new (SOUP_METHOD_GET, url);

  if (message == NULL)
    {
      fail_tile (task, g_error_new (G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, "The tile URL %s is not valid", url));
      return;
    }

  soup_session_send_and_read_async (self->session, message, G_PRIORITY_DEFAULT, g_task_get_cancellable (task),
                                    fetched_cb, g_object_ref (task));
}

static void
cache_read_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  TileJob *job = g_task_get_task_data (task);
  g_autoptr(GDateTime) modified = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *etag = NULL;
  g_autoptr(GBytes) bytes = NULL;

  bytes = shumate_file_cache_get_tile_finish (SHUMATE_FILE_CACHE (source), &etag, &modified, result, NULL);

  if (bytes != NULL && dd_tile_bytes_are_image (bytes))
    {
      if (modified != NULL && g_date_time_difference (now, modified) < FRESH_FOR)
        {
          return_tile (task, bytes);
          return;
        }
      /* Stale: show it now, fetch a fresh one. */
      g_signal_emit_by_name (g_task_get_source_object (task), "received-data", job->x, job->y, job->z, bytes);
      job->cached = g_steal_pointer (&bytes);
    }

  fetch (task);
}

static void
dd_tile_downloader_get_tile_data_async (ShumateDataSource   *source,
                                        int                  x,
                                        int                  y,
                                        int                  zoom_level,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data)
{
  DdTileDownloader *self = DD_TILE_DOWNLOADER (source);
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  TileJob *job = g_new0 (TileJob, 1);

  g_task_set_source_tag (task, dd_tile_downloader_get_tile_data_async);
  job->x = x;
  job->y = y;
  job->z = zoom_level;
  g_task_set_task_data (task, job, (GDestroyNotify) tile_job_free);

  shumate_file_cache_get_tile_async (self->cache, x, y, zoom_level, cancellable, cache_read_cb,
                                     g_steal_pointer (&task));
}

static GBytes *
dd_tile_downloader_get_tile_data_finish (ShumateDataSource  *source,
                                         GAsyncResult       *result,
                                         GError            **error)
{
  g_return_val_if_fail (g_task_is_valid (result, source), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
dd_tile_downloader_finalize (GObject *object)
{
  DdTileDownloader *self = DD_TILE_DOWNLOADER (object);

  g_clear_pointer (&self->url_template, g_free);
  g_clear_pointer (&self->user_agent, g_free);
  g_clear_object (&self->session);
  g_clear_object (&self->cache);

  G_OBJECT_CLASS (dd_tile_downloader_parent_class)->finalize (object);
}

static void
dd_tile_downloader_class_init (DdTileDownloaderClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  ShumateDataSourceClass *source_class = SHUMATE_DATA_SOURCE_CLASS (klass);

  object_class->finalize = dd_tile_downloader_finalize;
  source_class->get_tile_data_async = dd_tile_downloader_get_tile_data_async;
  source_class->get_tile_data_finish = dd_tile_downloader_get_tile_data_finish;
}

static void
dd_tile_downloader_init (DdTileDownloader *self)
{
  self->user_agent = g_strdup_printf ("Dropdeck/%s (%s)", PACKAGE_VERSION, APPLICATION_ID);
  self->session = soup_session_new_with_options ("user-agent", self->user_agent,
                                                 "max-conns", MAX_CONNECTIONS,
                                                 "max-conns-per-host", MAX_CONNECTIONS,
                                                 "timeout", TIMEOUT_SECONDS,
                                                 NULL);
}

DdTileDownloader *
dd_tile_downloader_new (const char *url_template)
{
  DdTileDownloader *self;
  g_autofree char *cache_key = NULL;

  g_return_val_if_fail (url_template != NULL, NULL);

  self = g_object_new (DD_TYPE_TILE_DOWNLOADER, NULL);
  self->url_template = g_strdup (url_template);
  cache_key = g_strcanon (g_strdup (url_template),
                          "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", '_');
  self->cache = shumate_file_cache_new_full (CACHE_BYTES, cache_key, NULL);

  return self;
}

const char *
dd_tile_downloader_get_user_agent (DdTileDownloader *self)
{
  g_return_val_if_fail (DD_IS_TILE_DOWNLOADER (self), NULL);

  return self->user_agent;
}

char *
dd_tile_downloader_dup_tile_url (DdTileDownloader *self,
                                 int               x,
                                 int               y,
                                 int               zoom_level)
{
  g_autoptr(GString) url = NULL;
  char number[16];

  g_return_val_if_fail (DD_IS_TILE_DOWNLOADER (self), NULL);

  url = g_string_new (self->url_template);
  g_snprintf (number, sizeof number, "%d", zoom_level);
  g_string_replace (url, "{z}", number, 0);
  g_snprintf (number, sizeof number, "%d", x);
  g_string_replace (url, "{x}", number, 0);
  g_snprintf (number, sizeof number, "%d", y);
  g_string_replace (url, "{y}", number, 0);

  return g_string_free (g_steal_pointer (&url), FALSE);
}

gboolean
dd_tile_bytes_are_image (GBytes *bytes)
{
  g_autoptr(GdkTexture) texture = NULL;

  if (bytes == NULL || g_bytes_get_size (bytes) == 0)
    return FALSE;
  texture = gdk_texture_new_from_bytes (bytes, NULL);

  return texture != NULL;
}
