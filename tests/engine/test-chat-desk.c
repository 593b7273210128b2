/* test-chat-desk.c — moderators' actions, claims, cues, the log and what the classifier learns
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "dd-chat-desk.h"
#include "dd-chat-local-claims.h"
#include "dd-demo-chat-provider.h"
#include "dd-net-error.h"
#include "dd-test-util.h"

#define SQUAD "test-squad"

typedef struct
{
  char               *dir;
  DdStore            *store;
  DdDemoChatProvider *provider;
  DdChatPipeline     *pipeline;
  DdClassifier       *classifier;
  DdChatDesk         *desk;
  GPtrArray          *messages;
  guint               changes;
  gboolean            done;
  gboolean            ok;
  GError             *error;
} Fixture;

static void
messages_ready_cb (DdChatPipeline *pipeline,
                   GPtrArray      *batch,
                   Fixture        *fixture)
{
  dd_chat_desk_add_messages (fixture->desk, batch);
  for (guint i = 0; i < batch->len; i++)
    g_ptr_array_add (fixture->messages, g_object_ref (g_ptr_array_index (batch, i)));
}

static void
moderation_event_cb (DdChatPipeline *pipeline,
                     DdChatModEvent *event,
                     Fixture        *fixture)
{
  dd_chat_desk_apply_event (fixture->desk, event);
}

static void
changed_cb (DdChatDesk *desk,
            const char *message_id,
            const char *login,
            Fixture    *fixture)
{
  fixture->changes++;
}

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  fixture->dir = dd_test_make_tmpdir ();
  path = g_build_filename (fixture->dir, "dropdeck.db", NULL);
  fixture->store = dd_store_open_sync (path, NULL, &error);
  g_assert_no_error (error);
  fixture->provider = dd_demo_chat_provider_new (11, 500.0);
  fixture->pipeline = dd_chat_pipeline_new (DD_CHAT_PROVIDER (fixture->provider), fixture->store);
  fixture->classifier = dd_classifier_new ();
  fixture->desk = dd_chat_desk_new ();
  fixture->messages = g_ptr_array_new_with_free_func (g_object_unref);
  dd_chat_desk_set_actor (fixture->desk, "Ana", DD_ROLE_MOD_TRUST_LEAD);
  g_signal_connect (fixture->pipeline, "messages-ready", G_CALLBACK (messages_ready_cb), fixture);
  g_signal_connect (fixture->pipeline, "moderation-event", G_CALLBACK (moderation_event_cb), fixture);
  g_signal_connect (fixture->desk, "changed", G_CALLBACK (changed_cb), fixture);
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  dd_chat_pipeline_stop (fixture->pipeline);
  g_clear_object (&fixture->desk);
  g_clear_object (&fixture->pipeline);
  g_clear_object (&fixture->provider);
  g_clear_object (&fixture->classifier);
  dd_store_close (fixture->store);
  g_clear_object (&fixture->store);
  g_ptr_array_unref (fixture->messages);
  g_clear_error (&fixture->error);
  dd_test_remove_tree (fixture->dir);
  g_free (fixture->dir);
}

static void
moderated_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  Fixture *fixture = user_data;

  g_clear_error (&fixture->error);
  fixture->ok = dd_chat_desk_moderate_finish (DD_CHAT_DESK (source), result, &fixture->error);
  fixture->done = TRUE;
}

static gboolean
moderate (Fixture         *fixture,
          DdChatModAction  action,
          DdChatMessage   *target,
          guint            duration_s)
{
  fixture->done = FALSE;
  dd_chat_desk_moderate_async (fixture->desk, action, target, duration_s, NULL, moderated_cb, fixture);
  g_assert_true (dd_test_wait_for (&fixture->done, 5000));
  return fixture->ok;
}

static void
start (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;

  dd_chat_desk_attach (fixture->desk, fixture->pipeline, fixture->classifier, fixture->store, SQUAD);
  g_assert_true (dd_chat_pipeline_start (fixture->pipeline, &error));
  g_assert_no_error (error);
  while (fixture->messages->len < 40)
    dd_test_run_for (20);
}

static DdChatMessage *
audience_message (Fixture *fixture,
                  guint    from)
{
  for (guint i = from; i < fixture->messages->len; i++)
    {
      DdChatMessage *message = g_ptr_array_index (fixture->messages, i);

      if (dd_chat_message_get_source (message) == DD_CHAT_SOURCE_AUDIENCE)
        return message;
    }
  g_assert_not_reached ();
}

static void
weights_loaded_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  Fixture *fixture = user_data;
  GBytes **out = g_object_get_data (G_OBJECT (source), "out");

  *out = dd_store_load_classifier_weights_finish (DD_STORE (source), result, &fixture->error);
  fixture->done = TRUE;
}

/* Saves are queued on the store's one connection, so a load that follows
 * sees them. */
static GBytes *
load_weights (Fixture *fixture)
{
  GBytes *weights = NULL;

  fixture->done = FALSE;
  g_object_set_data (G_OBJECT (fixture->store), "out", &weights);
  dd_store_load_classifier_weights_async (fixture->store, SQUAD, NULL, weights_loaded_cb, fixture);
  g_assert_true (dd_test_wait_for (&fixture->done, 5000));
  g_assert_no_error (fixture->error);
  return weights;
}

static gboolean
learned_flag (DdClassifier  *classifier,
              DdChatMessage *message)
{
  DdClassification c;

  dd_classifier_classify (classifier, dd_chat_message_get_text (message), -1, &c);
  return dd_classification_has_reason (&c, DD_CLASSIFIER_REASON_LEARNED_FLAG);
}

static void
test_not_connected (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(DdChatMessage) message = dd_chat_message_new (&(DdChatMessageInit) {
    .channel = "#drop", .author_login = "lena", .text = "hola", .color_rgb = -1 });
  DdChatModLogEntry *entry;

  /* Nothing attached: refused with a sentence, and the log says so. */
  g_assert_false (moderate (fixture, DD_CHAT_MOD_DELETE_MESSAGE, message, 0));
  g_assert_error (fixture->error, DD_NET_ERROR, DD_NET_ERROR_NOT_CONNECTED);
  g_assert_false (dd_chat_desk_is_removed (fixture->desk, message));
  g_assert_cmpuint (g_list_model_get_n_items (dd_chat_desk_get_log (fixture->desk)), ==, 0);

  /* Attached but stopped: the pipeline refuses; the failure is logged. */
  dd_chat_desk_attach (fixture->desk, fixture->pipeline, fixture->classifier, fixture->store, SQUAD);
  g_assert_false (moderate (fixture, DD_CHAT_MOD_BAN, message, 0));
  g_assert_error (fixture->error, DD_NET_ERROR, DD_NET_ERROR_NOT_CONNECTED);
  g_assert_cmpuint (g_list_model_get_n_items (dd_chat_desk_get_log (fixture->desk)), ==, 1);
  entry = g_list_model_get_item (dd_chat_desk_get_log (fixture->desk), 0);
  g_assert_nonnull (dd_chat_mod_log_entry_get_error_message (entry));
  g_assert_cmpint (dd_chat_mod_log_entry_get_learned (entry), ==, -1);
  g_object_unref (entry);
}

static void
test_delete_learns_and_undoes (Fixture       *fixture,
                               gconstpointer  data)
{
  g_autoptr(DdChatModLogEntry) entry = NULL;
  g_autoptr(GBytes) saved = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *summary = NULL;
  DdChatMessage *target;

  start (fixture);
  target = audience_message (fixture, 5);
  g_assert_false (learned_flag (fixture->classifier, target));

  g_assert_true (moderate (fixture, DD_CHAT_MOD_DELETE_MESSAGE, target, 0));
  g_assert_no_error (fixture->error);
  g_assert_true (dd_chat_desk_is_removed (fixture->desk, target));
  g_assert_cmpuint (fixture->changes, >, 0);

  entry = g_list_model_get_item (dd_chat_desk_get_log (fixture->desk), 0);
  g_assert_cmpint (dd_chat_mod_log_entry_get_action (entry), ==, DD_CHAT_DESK_DELETE);
  g_assert_null (dd_chat_mod_log_entry_get_error_message (entry));
  g_assert_cmpint (dd_chat_mod_log_entry_get_learned (entry), >, DD_MODERATION_OK);
  summary = dd_chat_mod_log_entry_dup_summary (entry);
  g_assert_nonnull (g_strstr_len (summary, -1, "Ana"));
  g_assert_nonnull (g_strstr_len (summary, -1, dd_chat_message_get_author_login (target)));

  /* The lesson is in the classifier and in the store: a new classifier
   * attached to the same squad knows it too. */
  g_assert_true (learned_flag (fixture->classifier, target));
  saved = load_weights (fixture);
  g_assert_nonnull (saved);
  {
    g_autoptr(DdClassifier) fresh = dd_classifier_new ();
    g_autoptr(DdChatDesk) other = dd_chat_desk_new ();

    dd_chat_desk_attach (other, NULL, fresh, fixture->store, SQUAD);
    for (guint i = 0; i < 100 && !learned_flag (fresh, target); i++)
      dd_test_run_for (20);
    g_assert_true (learned_flag (fresh, target));
    dd_chat_desk_detach (other);
  }

  g_assert_true (dd_chat_desk_undo_learning (fixture->desk, entry, &error));
  g_assert_no_error (error);
  g_assert_true (dd_chat_mod_log_entry_get_learning_undone (entry));
  g_assert_false (learned_flag (fixture->classifier, target));
  /* Twice is refused, and changes nothing. */
  g_assert_false (dd_chat_desk_undo_learning (fixture->desk, entry, &error));
  g_assert_error (error, DD_CORE_ERROR, DD_CORE_ERROR_REFUSED);
}

static void
test_ban_removes_earlier_messages (Fixture       *fixture,
                                   gconstpointer  data)
{
  DdChatMessage *target;
  const char *login;
  g_autoptr(DdChatMessage) later = NULL;

  start (fixture);
  target = audience_message (fixture, 3);
  login = dd_chat_message_get_author_login (target);

  g_assert_true (moderate (fixture, DD_CHAT_MOD_TIMEOUT, target, 600));
  g_assert_true (dd_chat_desk_is_removed (fixture->desk, target));

  /* Everything the chatter said before is gone from the wall; someone else's
   * message is not; what they say after the timeout ends would show. */
  for (guint i = 0; i < fixture->messages->len; i++)
    {
      DdChatMessage *message = g_ptr_array_index (fixture->messages, i);

      if (dd_chat_message_get_source (message) != DD_CHAT_SOURCE_AUDIENCE)
        continue;
      if (g_strcmp0 (dd_chat_message_get_author_login (message), login) != 0)
        g_assert_false (dd_chat_desk_is_removed (fixture->desk, message));
    }
  later = dd_chat_message_new (&(DdChatMessageInit) {
    .channel = "#drop", .author_login = login, .text = "back again", .color_rgb = -1,
    .timestamp_us = g_get_real_time () + (gint64) 3600 * G_USEC_PER_SEC });
  g_assert_false (dd_chat_desk_is_removed (fixture->desk, later));
}

static void
test_events_from_elsewhere (Fixture       *fixture,
                            gconstpointer  data)
{
  gint64 now = g_get_real_time ();
  g_autoptr(DdChatMessage) a = dd_chat_message_new (&(DdChatMessageInit) {
    .id = "m1", .channel = "#drop", .author_login = "Scammer", .text = "free giftcard", .color_rgb = -1,
    .timestamp_us = now - G_USEC_PER_SEC });
  g_autoptr(DdChatMessage) b = dd_chat_message_new (&(DdChatMessageInit) {
    .id = "m2", .channel = "#drop", .author_login = "lena", .text = "size M?", .color_rgb = -1,
    .timestamp_us = now - G_USEC_PER_SEC });
  g_autoptr(DdChatMessage) cue = dd_chat_message_new (&(DdChatMessageInit) {
    .source = DD_CHAT_SOURCE_CUE, .channel = "#drop", .author_login = "ana", .text = "smile", .color_rgb = -1,
    .timestamp_us = now - G_USEC_PER_SEC });
  DdChatModEvent *event;

  /* Another moderator's ban reaches us as an event; logins fold case. */
  event = dd_chat_mod_event_new (DD_CHAT_MOD_EVENT_BAN, "#drop", "scammer", NULL, 0, now);
  dd_chat_desk_apply_event (fixture->desk, event);
  dd_chat_mod_event_unref (event);
  g_assert_true (dd_chat_desk_is_removed (fixture->desk, a));
  g_assert_false (dd_chat_desk_is_removed (fixture->desk, b));

  event = dd_chat_mod_event_new (DD_CHAT_MOD_EVENT_DELETE_MESSAGE, "#drop", "lena", "m2", 0, now);
  dd_chat_desk_apply_event (fixture->desk, event);
  dd_chat_mod_event_unref (event);
  g_assert_true (dd_chat_desk_is_removed (fixture->desk, b));

  /* A clear removes the audience, never the squad's cues. */
  event = dd_chat_mod_event_new (DD_CHAT_MOD_EVENT_CLEAR_ALL, "#drop", NULL, NULL, 0, now);
  dd_chat_desk_apply_event (fixture->desk, event);
  dd_chat_mod_event_unref (event);
  g_assert_false (dd_chat_desk_is_removed (fixture->desk, cue));
  g_assert_cmpuint (fixture->changes, ==, 3);
}

static void
test_claims (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(DdChatMessage) question = dd_chat_message_new (&(DdChatMessageInit) {
    .channel = "#drop", .author_login = "lena", .text = "is the blue tee in M?", .color_rgb = -1,
    .intent = DD_INTENT_SIZE, .timestamp_us = 1 });
  g_autoptr(GError) error = NULL;

  g_assert_null (dd_chat_desk_get_claimer (fixture->desk, question));
  g_assert_true (dd_chat_desk_toggle_claim (fixture->desk, question, &error));
  g_assert_cmpstr (dd_chat_desk_get_claimer (fixture->desk, question), ==, "Ana");

  /* Someone else on this laptop cannot take it over, and is told who has it. */
  dd_chat_desk_set_actor (fixture->desk, "Bo", DD_ROLE_PRODUCER);
  g_assert_false (dd_chat_desk_toggle_claim (fixture->desk, question, &error));
  g_assert_error (error, DD_CORE_ERROR, DD_CORE_ERROR_REFUSED);
  g_assert_nonnull (g_strstr_len (error->message, -1, "Ana"));
  g_assert_cmpstr (dd_chat_desk_get_claimer (fixture->desk, question), ==, "Ana");

  /* Ana lets go. */
  dd_chat_desk_set_actor (fixture->desk, "Ana", DD_ROLE_MOD_TRUST_LEAD);
  g_assert_true (dd_chat_desk_toggle_claim (fixture->desk, question, NULL));
  g_assert_null (dd_chat_desk_get_claimer (fixture->desk, question));
}

/* Two laptops' desks on one squad's claims: each sees the other's claim,
 * and the one that was second is told who was first, in its log too. */
static void
test_squad_claims (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(DdChatLocalClaims) squad = dd_chat_local_claims_new ();
  g_autoptr(DdChatDesk) other = dd_chat_desk_new ();
  g_autoptr(DdChatMessage) question = dd_chat_message_new (&(DdChatMessageInit) {
    .channel = "#drop", .author_login = "lena", .text = "is the blue tee in M?", .color_rgb = -1,
    .intent = DD_INTENT_SIZE, .timestamp_us = 1 });
  g_autoptr(DdChatModLogEntry) entry = NULL;
  g_autoptr(GError) error = NULL;
  guint logged;

  dd_chat_desk_set_actor (other, "Bo", DD_ROLE_PRODUCER);
  dd_chat_desk_set_claims (fixture->desk, DD_CHAT_CLAIMS (squad));
  g_assert_true (dd_chat_desk_get_claims (fixture->desk) == DD_CHAT_CLAIMS (squad));

  /* Bo's laptop is not on the squad channel yet when Ana claims. */
  g_assert_true (dd_chat_desk_toggle_claim (fixture->desk, question, &error));
  dd_test_run_for (50);
  g_assert_null (dd_chat_desk_get_claimer (other, question));

  /* Bo claims what looked free; the squad says Ana was first. */
  dd_chat_desk_set_claims (other, DD_CHAT_CLAIMS (squad));
  logged = g_list_model_get_n_items (dd_chat_desk_get_log (other));
  g_assert_true (dd_chat_desk_toggle_claim (other, question, &error));
  g_assert_cmpstr (dd_chat_desk_get_claimer (other, question), ==, "Bo");
  dd_test_run_for (50);
  g_assert_cmpstr (dd_chat_desk_get_claimer (other, question), ==, "Ana");
  g_assert_cmpstr (dd_chat_desk_get_claimer (fixture->desk, question), ==, "Ana");
  g_assert_cmpuint (g_list_model_get_n_items (dd_chat_desk_get_log (other)), ==, logged + 2);
  entry = g_list_model_get_item (dd_chat_desk_get_log (other), 0);
  g_assert_nonnull (g_strstr_len (dd_chat_mod_log_entry_get_error_message (entry), -1, "Ana"));

  /* Now Bo's desk knows, and refuses at once. */
  g_assert_false (dd_chat_desk_toggle_claim (other, question, &error));
  g_assert_error (error, DD_CORE_ERROR, DD_CORE_ERROR_REFUSED);
  g_clear_error (&error);

  /* Ana lets go: Bo's laptop sees the question free, and can take it. */
  g_assert_true (dd_chat_desk_toggle_claim (fixture->desk, question, NULL));
  dd_test_run_for (50);
  g_assert_null (dd_chat_desk_get_claimer (other, question));
  g_assert_true (dd_chat_desk_toggle_claim (other, question, NULL));
  dd_test_run_for (50);
  g_assert_cmpstr (dd_chat_desk_get_claimer (fixture->desk, question), ==, "Bo");

  dd_chat_desk_set_claims (other, NULL);
  g_assert_null (dd_chat_desk_get_claims (other));
}

static DdChatMessage *
question_at (gint64      timestamp_us,
             DdIntent    intent,
             const char *text)
{
  return dd_chat_message_new (&(DdChatMessageInit) {
    .channel = "#drop", .author_login = "viewer", .text = text, .color_rgb = -1,
    .intent = intent, .timestamp_us = timestamp_us });
}

static void
test_waiting (Fixture       *fixture,
              gconstpointer  data)
{
  gint64 now = (gint64) 1000 * G_USEC_PER_SEC;
  g_autoptr(GPtrArray) batch = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) waiting = NULL;

  g_ptr_array_add (batch, question_at (now - (gint64) 300 * G_USEC_PER_SEC, DD_INTENT_SIZE, "oldest"));
  g_ptr_array_add (batch, question_at (now - (gint64) 200 * G_USEC_PER_SEC, DD_INTENT_PURCHASE, "a purchase is no question"));
  g_ptr_array_add (batch, question_at (now - (gint64) 150 * G_USEC_PER_SEC, DD_INTENT_PRICE, "claimed"));
  g_ptr_array_add (batch, question_at (now - (gint64) 120 * G_USEC_PER_SEC, DD_INTENT_NONE, "chatter"));
  g_ptr_array_add (batch, question_at (now - 90 * G_USEC_PER_SEC, DD_INTENT_SHIPPING, "second"));
  g_ptr_array_add (batch, question_at (now - 10 * G_USEC_PER_SEC, DD_INTENT_SIZE, "too fresh"));
  dd_chat_desk_add_messages (fixture->desk, batch);
  g_assert_true (dd_chat_desk_toggle_claim (fixture->desk, g_ptr_array_index (batch, 2), NULL));

  waiting = dd_chat_desk_dup_waiting (fixture->desk, now, 60 * G_USEC_PER_SEC, 10);
  g_assert_cmpuint (waiting->len, ==, 2);
  g_assert_cmpstr (dd_chat_message_get_text (g_ptr_array_index (waiting, 0)), ==, "oldest");
  g_assert_cmpstr (dd_chat_message_get_text (g_ptr_array_index (waiting, 1)), ==, "second");
  g_clear_pointer (&waiting, g_ptr_array_unref);

  waiting = dd_chat_desk_dup_waiting (fixture->desk, now, 60 * G_USEC_PER_SEC, 1);
  g_assert_cmpuint (waiting->len, ==, 1);
}

static void
cue_pinned_cb (DdChatDesk    *desk,
               DdChatMessage *cue,
               gboolean      *pinned)
{
  *pinned = TRUE;
}

static void
test_pin_cue (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(DdChatMessage) question = question_at (1, DD_INTENT_SIZE, "do the cargo pants come in half sizes?");
  gboolean pinned = FALSE;
  DdChatMessage *cue;

  g_signal_connect (fixture->desk, "cue-pinned", G_CALLBACK (cue_pinned_cb), &pinned);
  cue = dd_chat_desk_pin_cue (fixture->desk, question);
  g_assert_true (pinned);
  g_assert_true (dd_chat_desk_get_cue (fixture->desk) == cue);
  g_assert_cmpint (dd_chat_message_get_source (cue), ==, DD_CHAT_SOURCE_CUE);
  g_assert_nonnull (g_strstr_len (dd_chat_message_get_text (cue), -1, "half sizes"));
  g_assert_nonnull (g_strstr_len (dd_chat_message_get_text (cue), -1, "viewer"));

  dd_chat_desk_set_cue (fixture->desk, NULL);
  g_assert_null (dd_chat_desk_get_cue (fixture->desk));
}

static void
test_not_spam (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(DdChatMessage) flagged = dd_chat_message_new (&(DdChatMessageInit) {
    .channel = "#drop", .author_login = "lena", .text = "follow the host on her other channel", .color_rgb = -1,
    .moderation = DD_MODERATION_SPAM, .timestamp_us = 1 });
  g_autoptr(DdChatModLogEntry) entry = NULL;

  dd_chat_desk_attach (fixture->desk, NULL, fixture->classifier, NULL, SQUAD);
  dd_chat_desk_mark_ok (fixture->desk, flagged);
  g_assert_true (dd_chat_desk_is_marked_ok (fixture->desk, flagged));
  entry = g_list_model_get_item (dd_chat_desk_get_log (fixture->desk), 0);
  g_assert_cmpint (dd_chat_mod_log_entry_get_action (entry), ==, DD_CHAT_DESK_NOT_SPAM);
  g_assert_cmpint (dd_chat_mod_log_entry_get_learned (entry), ==, DD_MODERATION_OK);

  /* Taking it back makes the message flagged again. */
  g_assert_true (dd_chat_desk_undo_learning (fixture->desk, entry, NULL));
  g_assert_false (dd_chat_desk_is_marked_ok (fixture->desk, flagged));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/dropdeck/engine/chat-desk/not-connected", Fixture, NULL,
              fixture_setup, test_not_connected, fixture_teardown);
  g_test_add ("/dropdeck/engine/chat-desk/delete-learns-and-undoes", Fixture, NULL,
              fixture_setup, test_delete_learns_and_undoes, fixture_teardown);
  g_test_add ("/dropdeck/engine/chat-desk/ban-removes-earlier-messages", Fixture, NULL,
              fixture_setup, test_ban_removes_earlier_messages, fixture_teardown);
  g_test_add ("/dropdeck/engine/chat-desk/events-from-elsewhere", Fixture, NULL,
              fixture_setup, test_events_from_elsewhere, fixture_teardown);
  g_test_add ("/dropdeck/engine/chat-desk/claims", Fixture, NULL,
              fixture_setup, test_claims, fixture_teardown);
  g_test_add ("/dropdeck/engine/chat-desk/squad-claims", Fixture, NULL,
              fixture_setup, test_squad_claims, fixture_teardown);
  g_test_add ("/dropdeck/engine/chat-desk/waiting", Fixture, NULL,
              fixture_setup, test_waiting, fixture_teardown);
  g_test_add ("/dropdeck/engine/chat-desk/pin-cue", Fixture, NULL,
              fixture_setup, test_pin_cue, fixture_teardown);
  g_test_add ("/dropdeck/engine/chat-desk/not-spam", Fixture, NULL,
              fixture_setup, test_not_spam, fixture_teardown);

  return g_test_run ();
}
