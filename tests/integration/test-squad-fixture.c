/* test-squad-fixture.c — "laptops" on a squad channel for the integration tests
 *
 * Included (after test-nats-fixture.c) by the tests/integration/test-squad-*.c
 * programs: a Laptop is a NATS client and a DdNatsSquadChannel on it, with
 * what the channel emitted kept for the assertions.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "dd-nats-jetstream.h"
#include "dd-nats-squad-channel.h"

#define HEARTBEAT_MS 200
#define AWAY_MS 900
#define GONE_MS 1800

typedef struct
{
  DdNatsClient *client;
  DdNatsSquadChannel *channel;
  GPtrArray *heard;       /* "source author: text" */
  GHashTable *ids;        /* message ids heard, to catch duplicates */
  guint duplicates;
  gboolean caught_up;
  char *last_state;       /* "key=value@revision" */
} Laptop;

static void
laptop_heard_cb (DdSquadChannel *channel,
                 DdChatMessage  *message,
                 Laptop         *laptop)
{
  if (!g_hash_table_add (laptop->ids, g_strdup (dd_chat_message_get_id (message))))
    laptop->duplicates++;
  g_ptr_array_add (laptop->heard, g_strdup_printf ("%s %s: %s",
                                                   dd_chat_source_to_nick (dd_chat_message_get_source (message)),
                                                   dd_chat_message_get_author_login (message),
                                                   dd_chat_message_get_text (message)));
}

static void
laptop_caught_up_cb (DdNatsSquadChannel *channel,
                     Laptop             *laptop)
{
  laptop->caught_up = TRUE;
}

static void
laptop_state_changed_cb (DdNatsSquadChannel *channel,
                         const char         *key,
                         const char         *value,
                         guint64             revision,
                         Laptop             *laptop)
{
  g_free (laptop->last_state);
  laptop->last_state = g_strdup_printf ("%s=%s@%" G_GUINT64_FORMAT, key, value != NULL ? value : "(deleted)",
                                        revision);
}

/* Connects to the first of `servers` that answers (user and password may
 * be NULL), joins `squad` and waits until the stored events are in. */
static Laptop *
laptop_open (const char * const *servers,
             const char         *user,
             const char         *password,
             const char         *squad,
             DdRole              role,
             DdStore            *store)
{
  Laptop *laptop = g_new0 (Laptop, 1);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  laptop->client = dd_nats_client_new (servers);
  dd_nats_client_set_name (laptop->client, "dropdeck-test");
  dd_nats_client_set_reconnect_delay (laptop->client, 20, 200);
  if (user != NULL)
    dd_nats_client_set_credentials (laptop->client, user, password);
  dd_nats_client_connect_async (laptop->client, NULL, store_result_cb, &result);
  g_assert_true (dd_nats_client_connect_finish (laptop->client, wait_for_result (&result, 10000), &error));
  g_assert_no_error (error);
  laptop->channel = dd_nats_squad_channel_new (laptop->client, squad, user, user, role, "laptop", &error);
  g_assert_no_error (error);
  dd_nats_squad_channel_set_presence_timing (laptop->channel, HEARTBEAT_MS, AWAY_MS, GONE_MS);
  dd_nats_squad_channel_set_store (laptop->channel, store);
  laptop->heard = g_ptr_array_new_with_free_func (g_free);
  laptop->ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_signal_connect (laptop->channel, "squad-message", G_CALLBACK (laptop_heard_cb), laptop);
  g_signal_connect (laptop->channel, "cue", G_CALLBACK (laptop_heard_cb), laptop);
  g_signal_connect (laptop->channel, "alert", G_CALLBACK (laptop_heard_cb), laptop);
  g_signal_connect (laptop->channel, "caught-up", G_CALLBACK (laptop_caught_up_cb), laptop);
  g_signal_connect (laptop->channel, "state-changed", G_CALLBACK (laptop_state_changed_cb), laptop);
  dd_squad_channel_start (DD_SQUAD_CHANNEL (laptop->channel));
  g_assert_true (wait_for_flag (&laptop->caught_up, 15000));
  return laptop;
}

G_GNUC_UNUSED static Laptop *
laptop_new (const char *url,
            const char *login,
            DdRole      role,
            DdStore    *store)
{
  const char *servers[] = { url, NULL };

  return laptop_open (servers, login, "unused", "berlin-drop", role, store);
}

static void
laptop_free (Laptop *laptop)
{
  g_clear_object (&laptop->channel);
  dd_nats_client_close (laptop->client);
  g_clear_object (&laptop->client);
  g_ptr_array_unref (laptop->heard);
  g_hash_table_unref (laptop->ids);
  g_free (laptop->last_state);
  g_free (laptop);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Laptop, laptop_free)

G_GNUC_UNUSED static DdSquadPresence
presence_of (Laptop     *laptop,
             const char *name)
{
  GListModel *members = dd_squad_channel_get_members (DD_SQUAD_CHANNEL (laptop->channel));

  for (guint i = 0; i < g_list_model_get_n_items (members); i++)
    {
      g_autoptr(DdSquadMember) member = g_list_model_get_item (members, i);

      if (g_str_equal (dd_squad_member_get_name (member), name))
        return dd_squad_member_get_presence (member);
    }
  return (DdSquadPresence) -1;
}

/* TRUE when exactly `n` events arrived within `timeout_ms`. */
static gboolean
laptop_wait_heard (Laptop *laptop,
                   guint   n,
                   guint   timeout_ms)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000;

  while (laptop->heard->len < n && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  return laptop->heard->len == n;
}

/* Exactly `n` events, and nothing more right behind (a duplicate would be). */
G_GNUC_UNUSED static void
wait_for_heard (Laptop *laptop,
                guint   n)
{
  gint64 deadline;

  laptop_wait_heard (laptop, n, 15000);
  deadline = g_get_monotonic_time () + 300 * 1000;
  while (g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE);
  g_assert_cmpuint (laptop->heard->len, ==, n);
  g_assert_cmpuint (laptop->duplicates, ==, 0);
}

static guint64
send_sync (Laptop       *laptop,
           DdChatSource  source,
           const char   *text,
           GError      **error)
{
  GAsyncResult *result = NULL;
  guint64 seq;

  dd_nats_squad_channel_send_async (laptop->channel, source, text, NULL, store_result_cb, &result);
  wait_for_result (&result, 15000);
  seq = dd_nats_squad_channel_send_finish (laptop->channel, result, error);
  g_object_unref (result);
  return seq;
}

G_GNUC_UNUSED static guint64
set_state_sync (Laptop     *laptop,
                const char *key,
                const char *value,
                gint64      expected,
                GError    **error)
{
  GAsyncResult *result = NULL;
  guint64 revision;

  dd_nats_squad_channel_set_state_async (laptop->channel, key, value, expected, NULL,
                                         store_result_cb, &result);
  wait_for_result (&result, 15000);
  revision = dd_nats_squad_channel_set_state_finish (laptop->channel, result, error);
  g_object_unref (result);
  return revision;
}

/* Right after a server restart or failover JetStream may need a moment
 * (a new stream leader): waits until the stream answers, then sends once
 * (a retry would be a second message). */
G_GNUC_UNUSED static void
send_when_ready (Laptop       *laptop,
                 DdChatSource  source,
                 const char   *text)
{
  g_autofree char *stream = g_strconcat ("SQUAD_", dd_nats_squad_channel_get_squad (laptop->channel), NULL);
  g_autoptr(GError) error = NULL;

  for (guint attempt = 0; attempt < 100; attempt++)
    {
      g_autoptr(JsonObject) info = NULL;
      GAsyncResult *result = NULL;

      if (dd_nats_client_get_state (laptop->client) == DD_NATS_STATE_CONNECTED)
        {
          dd_nats_js_stream_info_async (laptop->client, stream, NULL, store_result_cb, &result);
          info = dd_nats_js_api_finish (wait_for_result (&result, 15000), NULL);
          g_object_unref (result);
          if (info != NULL && (!json_object_has_member (info, "cluster") ||
                               json_object_has_member (json_object_get_object_member (info, "cluster"), "leader")))
            break;
        }
      g_main_context_iteration (NULL, FALSE);
      g_usleep (100000);
    }
  g_assert_cmpuint (send_sync (laptop, source, text, &error), >, 0);
  g_assert_no_error (error);
}

/* Runs $DD_DROPDECKCTL with the arguments (NULL-terminated) and `input`
 * on its standard input; its exit status. */
G_GNUC_UNUSED static int
ctl (const char  *input,
     char       **out,
     char       **err,
     ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  const char *arg;
  va_list args;

  g_ptr_array_add (argv, (char *) g_getenv ("DD_DROPDECKCTL"));
  va_start (args, err);
  while ((arg = va_arg (args, const char *)) != NULL)
    g_ptr_array_add (argv, (char *) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);
  process = g_subprocess_newv ((const char * const *) argv->pdata,
                               G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                               G_SUBPROCESS_FLAGS_STDERR_PIPE, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_communicate_utf8 (process, input, NULL, out, err, &error));
  g_assert_no_error (error);
  return g_subprocess_get_exit_status (process);
}
