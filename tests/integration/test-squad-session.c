/* test-squad-session.c — two Dropdeck drops in one squad through a real
 * nats-server with the roster's permissions
 *
 * Maya (Producer) opens her drop the way the app does: her squad account
 * (servers and login in accounts.json, password in the keyring; run under
 * run-with-keyring.sh) gives DdSquadAccount's channel. Lucía (Creator
 * liaison) opens hers on a channel of her own. Both are DdDropSessions (the
 * demo drop's catalog, so the offers are the same). Jonas (Ops lead) is a
 * bare channel and `dropdeckctl` sends cues as squads' tooling would.
 * Checked: each drop sees the other's presence (name, role, laptop); a cue
 * from dropdeckctl lands in both chat walls (Cues) once and in the chat
 * archive, where the wall's search finds it; Maya's offer going
 * Paused reaches Lucía's offer; her checklist sign-off reaches Lucía's
 * checklist; a question Maya claims shows as hers on Lucía's wall, two
 * claims at once end with one holder on both; Lucía may not change offers and is told so
 * clearly, her offer back to what it was; Maya and Jonas changing one offer
 * at once: exactly one wins and Maya's drop ends on the squad's value, a
 * loss said in an alert; the server stopped by its PID and started again:
 * presence comes back, a cue after the restart arrives once, and nothing
 * before it is repeated. The ledger: Maya's offer edits (one made while the
 * server is down) and every other entry her chain holds show in Lucía's
 * squad ledger under "maya", each exactly once, also after the restart, and
 * are kept in Lucía's store; an entry forged on the stream is an alert on
 * Lucía's drop and is not kept.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "dd-credentials.h"
#include "dd-drop-session.h"
#include "dd-nats-squad-channel.h"
#include "dd-offer-editing.h"
#include "dd-squad-account.h"
#include "dd-store-cursors.h"

#include "test-nats-fixture.c"
#include "test-squad-fixture.c"

static const char roster_json[] =
  "{ \"squad\": \"berlin-drop\", \"members\": ["
  "  { \"login\": \"maya\", \"name\": \"Maya Okafor\", \"role\": \"producer\", \"password\": \"maya-pw\" },"
  "  { \"login\": \"jonas\", \"name\": \"Jonas Weber\", \"role\": \"ops-lead\", \"password\": \"jonas-pw\" },"
  "  { \"login\": \"lucia\", \"name\": \"Lucía Fernández\", \"role\": \"creator-liaison\", \"password\": \"lucia-pw\" }"
  "] }";

typedef struct
{
  DdDropSession *session;
  DdNatsSquadChannel *channel;
  GPtrArray *alerts;  /* texts */
  char *profile;
} Drop;

static void
drop_alert_cb (DdDropSession *session,
               DdChatMessage *alert,
               Drop          *drop)
{
  g_test_message ("alert: %s", dd_chat_message_get_text (alert));
  g_ptr_array_add (drop->alerts, g_strdup (dd_chat_message_get_text (alert)));
}

static Drop *
drop_open (const char         *dir,
           const char         *name,
           DdNatsSquadChannel *channel)
{
  Drop *drop = g_new0 (Drop, 1);
  GAsyncResult *result = NULL;
  g_autoptr(GError) error = NULL;

  drop->profile = g_build_filename (dir, name, NULL);
  drop->channel = channel;
  drop->alerts = g_ptr_array_new_with_free_func (g_free);
  drop->session = dd_drop_session_new_demo (drop->profile);
  dd_drop_session_set_chat_rate (drop->session, 1);
  dd_nats_squad_channel_set_presence_timing (channel, HEARTBEAT_MS, AWAY_MS, GONE_MS);
  dd_drop_session_set_squad_channel (drop->session, DD_SQUAD_CHANNEL (channel));
  g_assert_false (dd_drop_session_has_simulated_squad (drop->session));
  g_signal_connect (drop->session, "alert", G_CALLBACK (drop_alert_cb), drop);
  dd_drop_session_start_async (drop->session, NULL, store_result_cb, &result);
  g_assert_true (dd_drop_session_start_finish (drop->session, wait_for_result (&result, 30000), &error));
  g_assert_no_error (error);
  g_object_unref (result);
  return drop;
}

static void
drop_free (Drop *drop)
{
  dd_drop_session_stop (drop->session);
  g_clear_object (&drop->session);
  g_clear_object (&drop->channel);
  g_ptr_array_unref (drop->alerts);
  g_free (drop->profile);
  g_free (drop);
}

/* Maya's channel as the app makes it: from her squad account. */
static DdNatsSquadChannel *
open_from_account (const char *dir,
                   const char *urls)
{
  g_autofree char *accounts = g_build_filename (dir, "accounts.json", NULL);
  g_autoptr(DdAccount) account = dd_account_new ("squad", urls, "maya");
  g_autoptr(GError) error = NULL;
  GAsyncResult *result = NULL;
  DdNatsSquadChannel *channel;

  /* No account yet: a clear message, no channel. */
  dd_squad_account_open_async (accounts, "berlin-drop", DD_ROLE_PRODUCER, NULL, store_result_cb, &result);
  g_assert_null (dd_squad_account_open_finish (wait_for_result (&result, 10000), &error));
  g_assert_nonnull (strstr (error->message, "account set squad"));
  g_clear_object (&result);
  g_clear_error (&error);

  g_assert_true (dd_credentials_save_account (accounts, account, &error));
  dd_credentials_store_async (account, "maya-pw", NULL, store_result_cb, &result);
  g_assert_true (dd_credentials_store_finish (wait_for_result (&result, 10000), &error));
  g_assert_no_error (error);
  g_clear_object (&result);

  dd_squad_account_open_async (accounts, "berlin-drop", DD_ROLE_PRODUCER, NULL, store_result_cb, &result);
  channel = dd_squad_account_open_finish (wait_for_result (&result, 10000), &error);
  g_assert_no_error (error);
  g_object_unref (result);
  return channel;
}

static DdNatsSquadChannel *
open_direct (const char *url,
             const char *login,
             const char *password,
             DdRole      role)
{
  const char *servers[] = { url, NULL };
  g_autoptr(DdNatsClient) client = dd_nats_client_new (servers);
  g_autoptr(GError) error = NULL;
  DdNatsSquadChannel *channel;

  dd_nats_client_set_credentials (client, login, password);
  dd_nats_client_set_reconnect_delay (client, 20, 200);
  channel = dd_nats_squad_channel_new (client, "berlin-drop", login, NULL, role, "lucia-laptop", &error);
  g_assert_no_error (error);
  return channel;
}

static DdSquadMember *
member_named (Drop       *drop,
              const char *login)
{
  GListModel *members = dd_drop_session_get_squad_members (drop->session);

  for (guint i = 0; i < g_list_model_get_n_items (members); i++)
    {
      g_autoptr(DdSquadMember) member = g_list_model_get_item (members, i);

      if (g_str_equal (dd_squad_member_get_name (member), login))
        return member;
    }
  return NULL;
}

static gboolean
sees_online (Drop       *drop,
             const char *login)
{
  DdSquadMember *member = member_named (drop, login);

  return member != NULL && dd_squad_member_get_presence (member) == DD_SQUAD_PRESENCE_ONLINE;
}

/* Messages from `source` with `text` in the drop's chat wall. */
static guint
messages_in_wall (Drop         *drop,
                  DdChatSource  source,
                  const char   *text)
{
  GListModel *chat = dd_drop_session_get_chat (drop->session);
  guint n = 0;

  for (guint i = 0; i < g_list_model_get_n_items (chat); i++)
    {
      g_autoptr(DdChatMessage) message = g_list_model_get_item (chat, i);

      if (dd_chat_message_get_source (message) == source &&
          g_str_equal (dd_chat_message_get_text (message), text))
        n++;
    }
  return n;
}

static DdOffer *
offer_at (Drop  *drop,
          guint  position)
{
  g_autoptr(DdOffer) offer = g_list_model_get_item (dd_drop_session_get_offers (drop->session), position);

  return offer;  /* the model keeps it */
}

/* An item the Producer may sign now, in the drop's first checklist that
 * has one: its checklist and item ids. */
static DdChecklistItem *
item_ready_for_producer (Drop        *drop,
                         const char **checklist_id)
{
  GListModel *checklists = dd_drop_session_get_checklists (drop->session);

  for (guint i = 0; i < g_list_model_get_n_items (checklists); i++)
    {
      g_autoptr(DdChecklist) checklist = g_list_model_get_item (checklists, i);

      for (guint j = 0; j < g_list_model_get_n_items (G_LIST_MODEL (checklist)); j++)
        {
          g_autoptr(DdChecklistItem) item = g_list_model_get_item (G_LIST_MODEL (checklist), j);

          if (dd_checklist_item_get_owner (item) == DD_ROLE_PRODUCER &&
              dd_checklist_item_get_kind (item) == DD_CHECKLIST_ITEM_MANUAL &&
              dd_checklist_item_get_state (item) == DD_CHECKLIST_ITEM_OPEN &&
              dd_checklist_is_ready (checklist, item))
            {
              *checklist_id = dd_checklist_get_id (checklist);
              return item;  /* the checklist keeps it */
            }
        }
    }
  return NULL;
}

static DdChecklistItem *
item_named (Drop       *drop,
            const char *checklist_id,
            const char *item_id)
{
  GListModel *checklists = dd_drop_session_get_checklists (drop->session);

  for (guint i = 0; i < g_list_model_get_n_items (checklists); i++)
    {
      g_autoptr(DdChecklist) checklist = g_list_model_get_item (checklists, i);

      if (g_str_equal (dd_checklist_get_id (checklist), checklist_id))
        return dd_checklist_lookup (checklist, item_id);
    }
  return NULL;
}

/* Archived messages a search for `word` finds in the drop's store. */
static guint
found_in_archive (Drop       *drop,
                  const char *word)
{
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(GError) error = NULL;
  GAsyncResult *result = NULL;

  dd_store_search_chat_async (dd_drop_session_get_store (drop->session), word, 0, NULL,
                              store_result_cb, &result);
  found = dd_store_load_finish (dd_drop_session_get_store (drop->session), wait_for_result (&result, 10000),
                                &error);
  g_assert_no_error (error);
  g_object_unref (result);
  return found->len;
}

static DdChatMessage *
question_new (const char *id)
{
  DdChatMessageInit init = { 0 };

  init.id = id;
  init.source = DD_CHAT_SOURCE_AUDIENCE;
  init.channel = "#drop";
  init.author_login = "viewer";
  init.color_rgb = -1;
  init.text = "does the Aero Runner come in 46?";
  init.timestamp_us = g_get_real_time ();
  init.intent = DD_INTENT_SIZE;
  return dd_chat_message_new (&init);
}

static gboolean
alert_says (Drop       *drop,
            const char *part)
{
  for (guint i = 0; i < drop->alerts->len; i++)
    if (strstr (g_ptr_array_index (drop->alerts, i), part) != NULL)
      return TRUE;
  return FALSE;
}

#define WAIT_UNTIL(condition, ms)                                              \
  G_STMT_START {                                                               \
    gint64 deadline_ = g_get_monotonic_time () + (gint64) (ms) * 1000;         \
    while (!(condition) && g_get_monotonic_time () < deadline_)                \
      g_main_context_iteration (NULL, FALSE), g_usleep (1000);                 \
    g_assert_true (condition);                                                 \
  } G_STMT_END

static int
send_cue (const char *url,
          const char *text)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int status = ctl ("maya-pw\n", &out, &err, "squad", "send", "cue", text, "--squad", "berlin-drop",
                    "--role", "producer", "--url", url, "--user", "maya", "--password-stdin", NULL);

  if (status != 0)
    g_test_message ("dropdeckctl: %s", err);
  return status;
}

/* The ledger through the squad */

static void
edit_title (Drop       *drop,
            DdOffer    *offer,
            const char *title)
{
  g_autoptr(DdOfferEditing) editing = dd_offer_editing_new (dd_drop_session_get_store (drop->session));
  DdOfferEditContext context = { .actor = "maya", .role = DD_ROLE_PRODUCER };
  DdOfferEditOutcome outcome;
  GAsyncResult *result = NULL;
  g_autoptr(GError) error = NULL;

  dd_offer_editing_set_field_async (editing, offer, DD_OFFER_FIELD_TITLE, title, &context, NULL,
                                    store_result_cb, &result);
  g_assert_true (dd_offer_editing_finish (editing, wait_for_result (&result, 10000), &outcome, &error));
  g_assert_no_error (error);
  g_assert_cmpint (outcome, ==, DD_OFFER_EDIT_APPLIED);
  g_object_unref (result);
}

/* How often `member`'s entry with `after` (or with `hash`) is in the squad
 * ledger of `drop`. */
static guint
squad_entries (Drop       *drop,
               const char *member,
               const char *after,
               const char *hash)
{
  GPtrArray *items = dd_drop_session_get_squad_ledger (drop->session);
  guint n = 0;

  for (guint i = 0; items != NULL && i < items->len; i++)
    {
      DdSquadLedgerItem *item = g_ptr_array_index (items, i);

      if (g_strcmp0 (item->member, member) == 0 &&
          (after == NULL || g_strcmp0 (dd_ledger_entry_get_after (item->entry), after) == 0) &&
          (hash == NULL || g_strcmp0 (dd_ledger_entry_get_hash (item->entry), hash) == 0))
        n++;
    }
  return n;
}

static GPtrArray *
load_sync (DdStore *store,
           gboolean squad)
{
  GAsyncResult *result = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *entries;

  if (squad)
    dd_store_load_squad_ledger_async (store, 0, NULL, store_result_cb, &result);
  else
    dd_store_load_ledger_async (store, NULL, NULL, 0, NULL, store_result_cb, &result);
  entries = dd_store_load_finish (store, wait_for_result (&result, 10000), &error);
  g_assert_no_error (error);
  g_object_unref (result);
  return entries;
}

/* Every entry of `from`'s own ledger is in `to`'s squad ledger under
 * `member`; none is there twice (which fails at once). */
static gboolean
replicated_once (Drop       *from,
                 const char *member,
                 Drop       *to)
{
  g_autoptr(GPtrArray) own = load_sync (dd_drop_session_get_store (from->session), FALSE);
  gboolean all = TRUE;

  g_assert_cmpuint (own->len, >, 0);
  for (guint i = 0; i < own->len; i++)
    {
      guint n = squad_entries (to, member, NULL, dd_ledger_entry_get_hash (g_ptr_array_index (own, i)));

      g_assert_cmpuint (n, <=, 1);
      all = all && n == 1;
    }
  return all;
}

static void
test_two_drops (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("dropdeck-squad-session-XXXXXX", &error);
  g_autofree char *roster = g_build_filename (dir, "roster.json", NULL);
  g_autofree char *auth = g_build_filename (dir, "auth.conf", NULL);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *urls = NULL;
  const char *extra[] = { "--auth-file", auth, NULL };
  g_autoptr(NatsServer) server = NULL;
  g_autoptr(Laptop) jonas = NULL;
  Drop *maya, *lucia;
  DdOffer *paused, *refused, *contested;
  DdOfferState before, maya_wants;
  GAsyncResult *result = NULL;
  g_autoptr(GError) jonas_error = NULL;
  const char *agreed = NULL;
  gboolean maya_lost;

  g_assert_no_error (error);
  g_assert_true (g_file_set_contents (roster, roster_json, -1, NULL));
  g_assert_cmpint (ctl (NULL, &out, &err, "squad", "nats-config", "--roster", roster, "-o", auth, NULL), ==, 0);
  server = nats_server_start (extra);
  /* The account lists a primary and a secondary server (here: both ways
   * to the one server). */
  urls = g_strdup_printf ("%s,%s", server->ws_url, server->tcp_url);

  /* The Ops lead's laptop sets the squad up on the server. */
  {
    const char *servers[] = { server->ws_url, NULL };

    jonas = laptop_open (servers, "jonas", "jonas-pw", "berlin-drop", DD_ROLE_OPS_LEAD, NULL);
  }
  maya = drop_open (dir, "maya", open_from_account (dir, urls));
  lucia = drop_open (dir, "lucia", open_direct (server->tcp_url, "lucia", "lucia-pw", DD_ROLE_CREATOR_LIAISON));

  /* Presence: each sees the other, with role and laptop. */
  WAIT_UNTIL (sees_online (maya, "lucia") && sees_online (lucia, "maya"), 15000);
  g_assert_cmpint (dd_squad_member_get_role (member_named (maya, "lucia")), ==, DD_ROLE_CREATOR_LIAISON);
  g_assert_cmpstr (dd_squad_member_get_device (member_named (maya, "lucia")), ==, "lucia-laptop");
  g_assert_cmpint (dd_squad_member_get_role (member_named (lucia, "maya")), ==, DD_ROLE_PRODUCER);
  g_assert_true (sees_online (maya, "jonas"));

  /* A cue from squad tooling lands in both walls, once. */
  g_assert_cmpint (send_cue (server->ws_url, "Mention the Kestrel bundle"), ==, 0);
  WAIT_UNTIL (messages_in_wall (maya, DD_CHAT_SOURCE_CUE, "Mention the Kestrel bundle") == 1 &&
              messages_in_wall (lucia, DD_CHAT_SOURCE_CUE, "Mention the Kestrel bundle") == 1, 10000);

  /* ... and in Maya's chat archive, found by the wall's search. */
  {
    WAIT_UNTIL (found_in_archive (maya, "Kestrel") == 1, 10000);
  }

  /* Maya pauses an offer: Lucía's drop follows and says who did it. */
  paused = offer_at (maya, 0);
  dd_offer_set_state (paused, DD_OFFER_STATE_PAUSED);
  WAIT_UNTIL (dd_offer_get_state (offer_at (lucia, 0)) == DD_OFFER_STATE_PAUSED, 10000);
  WAIT_UNTIL (alert_says (lucia, "(set by maya)"), 5000);

  /* Maya edits an offer: the ledger entry her laptop sealed shows in
   * Lucía's squad ledger under her login, once, as does everything else
   * Maya's chain holds; Maya keeps no copy of her own. */
  edit_title (maya, offer_at (maya, 0), "Kestrel shell, squad edit");
  WAIT_UNTIL (squad_entries (lucia, "maya", "Kestrel shell, squad edit", NULL) == 1, 10000);
  WAIT_UNTIL (replicated_once (maya, "maya", lucia), 10000);
  g_assert_cmpuint (squad_entries (maya, "maya", NULL, NULL), ==, 0);

  /* An entry changed on the way is an alert on Lucía's drop, not kept. */
  {
    const char tampered[] =
      "{\"member\":\"jonas\",\"seq\":1,\"time_us\":1,\"entry_id\":\"forged-1\",\"actor\":\"jonas\","
      "\"role\":\"ops-lead\",\"entity\":\"offer\",\"entity_id\":\"x\",\"field\":\"price\","
      "\"before\":\"10\",\"after\":\"1\",\"reason\":null,\"chat_message_id\":null,"
      "\"prev_hash\":\"0\",\"hash\":\"0\"}";

    dd_nats_js_publish_async (jonas->client, "dropdeck.berlin-drop.ledger", NULL, -1, tampered,
                              strlen (tampered), 5000, NULL, store_result_cb, &result);
    g_assert_cmpuint (dd_nats_js_publish_finish (wait_for_result (&result, 15000), NULL, &error), >, 0);
    g_assert_no_error (error);
    g_clear_object (&result);
    WAIT_UNTIL (alert_says (lucia, "Squad ledger: Ledger entry 1 from jonas does not match its hash"), 10000);
    g_assert_cmpuint (squad_entries (lucia, "jonas", NULL, NULL), ==, 0);
  }

  /* Lucía may not change offers: the server refuses, she is told, and her
   * offer is back to what it was. */
  refused = offer_at (lucia, 1);
  before = dd_offer_get_state (refused);
  dd_offer_set_state (refused, before == DD_OFFER_STATE_ENDED ? DD_OFFER_STATE_CANCELLED : DD_OFFER_STATE_ENDED);
  WAIT_UNTIL (alert_says (lucia, "as Creator liaison you may not"), 10000);
  g_assert_cmpint (dd_offer_get_state (refused), ==, before);
  g_assert_cmpint (dd_offer_get_state (offer_at (maya, 1)), ==, before);

  /* Maya signs a checklist item off: Lucía's checklist shows it, by her. */
  {
    const char *checklist_id = NULL;
    DdChecklistItem *item = item_ready_for_producer (maya, &checklist_id);
    DdChecklistItem *theirs;

    g_assert_nonnull (item);
    dd_drop_session_sign_off_async (maya->session, checklist_id, dd_checklist_item_get_id (item),
                                    DD_ROLE_PRODUCER, "Maya", "stream key checked", NULL, store_result_cb, &result);
    g_assert_true (dd_drop_session_sign_off_finish (maya->session, wait_for_result (&result, 10000), &error));
    g_assert_no_error (error);
    g_clear_object (&result);
    theirs = item_named (lucia, checklist_id, dd_checklist_item_get_id (item));
    g_assert_nonnull (theirs);
    WAIT_UNTIL (dd_checklist_item_get_state (theirs) == DD_CHECKLIST_ITEM_DONE, 10000);
    g_assert_cmpstr (dd_checklist_item_get_signed_by (theirs), ==, dd_checklist_item_get_signed_by (item));
    g_assert_cmpint (dd_checklist_item_get_signed_at (theirs), ==, dd_checklist_item_get_signed_at (item));
    g_assert_cmpstr (dd_checklist_item_get_note (theirs), ==, "stream key checked");
    WAIT_UNTIL (alert_says (lucia, "Maya (Producer) signed off"), 5000);
  }

  /* Claims: Maya takes a buyer question, Lucía's wall shows it as hers and
   * Lucía cannot take it; then both want a second one at the same moment:
   * one gets it, and both walls end showing that one. */
  {
    g_autoptr(DdChatMessage) first = question_new ("q-sizes-1");
    g_autoptr(DdChatMessage) second = question_new ("q-voucher-2");
    DdChatDesk *maya_desk = dd_drop_session_get_chat_desk (maya->session);
    DdChatDesk *lucia_desk = dd_drop_session_get_chat_desk (lucia->session);
    const char *winner;

    g_assert_true (dd_chat_desk_toggle_claim (maya_desk, first, &error));
    g_assert_no_error (error);
    WAIT_UNTIL (g_strcmp0 (dd_chat_desk_get_claimer (lucia_desk, first), "maya") == 0, 10000);
    g_assert_false (dd_chat_desk_toggle_claim (lucia_desk, first, &error));
    g_assert_error (error, DD_CORE_ERROR, DD_CORE_ERROR_REFUSED);
    g_assert_nonnull (strstr (error->message, "maya"));
    g_clear_error (&error);

    g_assert_true (dd_chat_desk_toggle_claim (maya_desk, second, NULL));
    g_assert_true (dd_chat_desk_toggle_claim (lucia_desk, second, NULL));
    WAIT_UNTIL ((winner = dd_chat_desk_get_claimer (maya_desk, second)) != NULL &&
                g_strcmp0 (dd_chat_desk_get_claimer (lucia_desk, second), winner) == 0, 10000);
    g_test_message ("the second question went to %s", winner);
  }

  /* Maya and Jonas change one offer at the same moment, each over the
   * revision both saw: exactly one wins, and Maya's drop ends on the
   * squad's value (told in an alert when it was not hers). */
  contested = offer_at (maya, 2);
  g_assert_cmpint (dd_offer_get_state (contested), !=, DD_OFFER_STATE_ENDED);
  maya_wants = dd_offer_get_state (contested) == DD_OFFER_STATE_SOLD_OUT ? DD_OFFER_STATE_CANCELLED
                                                                          : DD_OFFER_STATE_SOLD_OUT;
  {
    g_autofree char *key = g_strconcat ("offer.", dd_offer_get_id (contested), NULL);
    guint64 revision = 0;

    dd_nats_squad_channel_get_state (jonas->channel, key, &revision);
    dd_nats_squad_channel_set_state_async (jonas->channel, key, "{\"state\":\"ended\",\"by\":\"jonas\"}",
                                           (gint64) revision, NULL, store_result_cb, &result);
    dd_offer_set_state (contested, maya_wants);
    maya_lost = dd_nats_squad_channel_set_state_finish (jonas->channel, wait_for_result (&result, 15000),
                                                        &jonas_error) > 0;
    g_clear_object (&result);
    if (maya_lost)
      {
        WAIT_UNTIL (alert_says (maya, "changed “offer.") && dd_offer_get_state (contested) == DD_OFFER_STATE_ENDED,
                    10000);
        WAIT_UNTIL (dd_offer_get_state (offer_at (lucia, 2)) == DD_OFFER_STATE_ENDED, 10000);
      }
    else
      {
        g_assert_error (jonas_error, DD_NET_ERROR, DD_NATS_ERROR_CONFLICT);
        WAIT_UNTIL (dd_offer_get_state (offer_at (lucia, 2)) == maya_wants, 10000);
        g_assert_cmpint (dd_offer_get_state (contested), ==, maya_wants);
      }
    g_test_message ("the contested offer went to %s", maya_lost ? "Jonas" : "Maya");
    WAIT_UNTIL ((agreed = dd_nats_squad_channel_get_state (jonas->channel, key, NULL)) != NULL &&
                strstr (agreed, dd_offer_state_to_nick (dd_offer_get_state (contested))) != NULL, 10000);
  }

  /* The server stops (by its PID) and starts again: both drops come back,
   * see each other, and what is sent after arrives once while nothing from
   * before comes again. */
  nats_server_stop (server);
  WAIT_UNTIL (dd_connectivity_get_state (dd_drop_session_get_connectivity (maya->session, DD_SERVICE_SQUAD)) !=
              DD_CONNECTIVITY_ONLINE, 10000);
  /* Sealed while the server is down: replicated after the reconnect. */
  edit_title (maya, offer_at (maya, 0), "Kestrel shell, edited offline");
  nats_server_start_again (server);
  WAIT_UNTIL (dd_connectivity_get_state (dd_drop_session_get_connectivity (maya->session, DD_SERVICE_SQUAD)) ==
              DD_CONNECTIVITY_ONLINE, 20000);
  send_when_ready (jonas, DD_CHAT_SOURCE_SQUAD, "Mitte restocked, back to normal");
  WAIT_UNTIL (messages_in_wall (maya, DD_CHAT_SOURCE_SQUAD, "Mitte restocked, back to normal") == 1 &&
              messages_in_wall (lucia, DD_CHAT_SOURCE_SQUAD, "Mitte restocked, back to normal") == 1, 15000);
  WAIT_UNTIL (sees_online (maya, "lucia") && sees_online (lucia, "maya"), 15000);
  /* A little longer: anything replayed twice would show now. */
  {
    gint64 settle = g_get_monotonic_time () + 1000 * 1000;

    while (g_get_monotonic_time () < settle)
      g_main_context_iteration (NULL, FALSE);
  }
  g_assert_cmpuint (messages_in_wall (maya, DD_CHAT_SOURCE_CUE, "Mention the Kestrel bundle"), ==, 1);
  g_assert_cmpuint (messages_in_wall (lucia, DD_CHAT_SOURCE_CUE, "Mention the Kestrel bundle"), ==, 1);
  g_assert_cmpuint (messages_in_wall (maya, DD_CHAT_SOURCE_SQUAD, "Mitte restocked, back to normal"), ==, 1);
  WAIT_UNTIL (found_in_archive (maya, "restocked normal") == 1, 10000);
  g_assert_cmpuint (found_in_archive (maya, "Kestrel"), ==, 1);

  /* The ledger: the offline edit arrived, and nothing came twice. */
  WAIT_UNTIL (squad_entries (lucia, "maya", "Kestrel shell, edited offline", NULL) == 1, 15000);
  WAIT_UNTIL (replicated_once (maya, "maya", lucia), 10000);
  g_assert_cmpuint (squad_entries (lucia, "maya", "Kestrel shell, squad edit", NULL), ==, 1);
  /* ... and Lucía's drop keeps them: her store holds what she shows. */
  {
    g_autoptr(GPtrArray) kept = load_sync (dd_drop_session_get_store (lucia->session), TRUE);

    g_assert_cmpuint (kept->len, ==, dd_drop_session_get_squad_ledger (lucia->session)->len);
  }
  /* Maya's laptop knows how far its chain went out: to its last entry, so
   * a restart of her drop publishes nothing again. */
  {
    g_autoptr(GPtrArray) own = load_sync (dd_drop_session_get_store (maya->session), FALSE);
    DdLedgerEntry *last = g_ptr_array_index (own, own->len - 1);
    g_autofree char *want = g_strdup_printf ("%" G_GINT64_FORMAT, dd_ledger_entry_get_seq (last));
    g_autofree char *cursor = NULL;

    dd_store_get_cursor_async (dd_drop_session_get_store (maya->session), "nats-ledger", "berlin-drop",
                               NULL, store_result_cb, &result);
    cursor = dd_store_get_cursor_finish (dd_drop_session_get_store (maya->session),
                                         wait_for_result (&result, 10000), &error);
    g_assert_no_error (error);
    g_clear_object (&result);
    g_assert_cmpstr (cursor, ==, want);
  }

  drop_free (lucia);
  drop_free (maya);
  remove_tree (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/dropdeck/integration/squad-session/two-drops", test_two_drops);

  return g_test_run ();
}
