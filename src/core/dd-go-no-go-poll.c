/* dd-go-no-go-poll.c — the squad's go/no-go poll before a drop goes live
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "dd-core-error.h"
#include "dd-go-no-go-poll.h"

typedef struct
{
  DdPollVote vote;   /* strings owned through the fields below */
  char *member;
  char *reason;
} Vote;

struct _DdGoNoGoPoll
{
  GObject parent_instance;

  char *id;
  DdPollState state;
  DdRole opened_by;
  char *opener;
  gint64 opened_at;
  gint64 decided_at;
  GListModel *checklists;
  GArray *votes;           /* of Vote */
  DdPollAnswer outcome;
  GPtrArray *forced_by;    /* DdChecklistItem open and blocking when decided */
  char *restored_summary;  /* the summary of a poll decided before a restart */
};

G_DEFINE_FINAL_TYPE (DdGoNoGoPoll, dd_go_no_go_poll, G_TYPE_OBJECT)

/* The Producer opens the poll and answers last, after hearing the others. */
static const DdRole turn_order[DD_N_ROLES] = {
  DD_ROLE_OPS_LEAD,
  DD_ROLE_CREATOR_LIAISON,
  DD_ROLE_MOD_TRUST_LEAD,
  DD_ROLE_ENGINEER_ON_CALL,
  DD_ROLE_PRODUCER,
};

static void
vote_clear (Vote *vote)
{
  g_clear_pointer (&vote->member, g_free);
  g_clear_pointer (&vote->reason, g_free);
}

static char *
format_clock (gint64 time_us)
{
  g_autoptr(GDateTime) time = g_date_time_new_from_unix_local (time_us / G_USEC_PER_SEC);

  return time != NULL ? g_date_time_format (time, "%H:%M:%S") : g_strdup ("?");
}

static char *
format_iso (gint64 time_us)
{
  g_autoptr(GDateTime) time = g_date_time_new_from_unix_utc (time_us / G_USEC_PER_SEC);

  return time != NULL ? g_date_time_format (time, "%Y-%m-%dT%H:%M:%SZ") : g_strdup ("");
}

static gboolean
is_blank (const char *text)
{
  for (; text != NULL && *text != '\0'; text = g_utf8_next_char (text))
    if (!g_unichar_isspace (g_utf8_get_char (text)))
      return FALSE;
  return TRUE;
}

static const Vote *
find_vote (DdGoNoGoPoll *self,
           DdRole        role)
{
  for (guint i = 0; i < self->votes->len; i++)
    {
      const Vote *vote = &g_array_index (self->votes, Vote, i);

      if (vote->vote.role == role)
        return vote;
    }
  return NULL;
}

static void
dd_go_no_go_poll_finalize (GObject *object)
{
  DdGoNoGoPoll *self = DD_GO_NO_GO_POLL (object);

  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->opener, g_free);
  g_clear_object (&self->checklists);
  g_clear_pointer (&self->votes, g_array_unref);
  g_clear_pointer (&self->forced_by, g_ptr_array_unref);
  g_clear_pointer (&self->restored_summary, g_free);

  G_OBJECT_CLASS (dd_go_no_go_poll_parent_class)->finalize (object);
}

static void
dd_go_no_go_poll_class_init (DdGoNoGoPollClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = dd_go_no_go_poll_finalize;
}

static void
dd_go_no_go_poll_init (DdGoNoGoPoll *self)
{
  self->votes = g_array_new (FALSE, TRUE, sizeof (Vote));
  g_array_set_clear_func (self->votes, (GDestroyNotify) vote_clear);
}

DdGoNoGoPoll *
dd_go_no_go_poll_new (const char *id)
{
  DdGoNoGoPoll *self = g_object_new (DD_TYPE_GO_NO_GO_POLL, NULL);

  self->id = id != NULL ? g_strdup (id) : g_uuid_string_random ();
  return self;
}

const char *
dd_go_no_go_poll_get_id (DdGoNoGoPoll *self)
{
  g_return_val_if_fail (DD_IS_GO_NO_GO_POLL (self), NULL);

  return self->id;
}

DdPollState
dd_go_no_go_poll_get_state (DdGoNoGoPoll *self)
{
  g_return_val_if_fail (DD_IS_GO_NO_GO_POLL (self), DD_POLL_STATE_NOT_OPEN);

  return self->state;
}

gboolean
dd_go_no_go_poll_open (DdGoNoGoPoll  *self,
                       DdRole         role,
                       const char    *member,
                       GListModel    *checklists,
                       gint64         now_us,
                       GError       **error)
{
  g_return_val_if_fail (DD_IS_GO_NO_GO_POLL (self), FALSE);
  g_return_val_if_fail ((guint) role < DD_N_ROLES, FALSE);
  g_return_val_if_fail (G_IS_LIST_MODEL (checklists), FALSE);

  if (!dd_role_can (role, DD_PERMISSION_OPEN_POLL))
    {
      g_set_error (error, DD_CORE_ERROR, DD_CORE_ERROR_NOT_PERMITTED,
                   _("Only the %s opens the go/no-go poll, not the %s"),
                   dd_role_get_display_name (DD_ROLE_PRODUCER), dd_role_get_display_name (role));
      return FALSE;
    }

  if (self->state != DD_POLL_STATE_NOT_OPEN)
    {
      g_autofree char *when = format_clock (self->opened_at);

      g_set_error (error, DD_CORE_ERROR, DD_CORE_ERROR_NOT_PERMITTED,
                   _("This go/no-go poll was opened at %s already: start a new poll to ask again"),
                   when);
      return FALSE;
    }

  self->state = DD_POLL_STATE_OPEN;
  self->opened_by = role;
  self->opener = g_strdup (member);
  self->opened_at = now_us;
  g_set_object (&self->checklists, checklists);
  return TRUE;
}

DdRole
dd_go_no_go_poll_get_turn (DdGoNoGoPoll *self)
{
  g_return_val_if_fail (DD_IS_GO_NO_GO_POLL (self), DD_ROLE_PRODUCER);

  return turn_order[MIN (self->votes->len, DD_N_ROLES - 1)];
}

GPtrArray *
dd_go_no_go_poll_dup_open_blocking (DdGoNoGoPoll *self)
{
  GPtrArray *items;

  g_return_val_if_fail (DD_IS_GO_NO_GO_POLL (self), NULL);

  if (self->state != DD_POLL_STATE_DECIDED)
    return self->checklists != NULL
           ? dd_checklists_dup_open_pre_drop_blocking (self->checklists) : g_ptr_array_new ();

  items = g_ptr_array_new ();
  g_ptr_array_extend (items, self->forced_by, NULL, NULL);
  return items;
}

static void
append_vote (DdGoNoGoPoll *self,
             DdRole        role,
             const char   *member,
             DdPollAnswer  answer,
             const char   *reason,
             gint64        time_us)
{
  Vote vote = { { 0 } };

  vote.member = g_strdup (member);
  vote.reason = is_blank (reason) ? NULL : g_strdup (reason);
  vote.vote.role = role;
  vote.vote.member = vote.member;
  vote.vote.answer = answer;
  vote.vote.reason = vote.reason;
  vote.vote.time_us = time_us;
  g_array_append_val (self->votes, vote);
}

static void
decide (DdGoNoGoPoll *self,
        gint64        now_us)
{
  self->forced_by = dd_go_no_go_poll_dup_open_blocking (self);
  /* The items stay referenced by the report, whatever the list does. */
  g_ptr_array_set_free_func (self->forced_by, g_object_unref);
  for (guint i = 0; i < self->forced_by->len; i++)
    g_object_ref (g_ptr_array_index (self->forced_by, i));

  self->outcome = self->forced_by->len > 0 ? DD_POLL_ANSWER_NO_GO : DD_POLL_ANSWER_GO;
  for (guint i = 0; i < self->votes->len; i++)
    if (g_array_index (self->votes, Vote, i).vote.answer == DD_POLL_ANSWER_NO_GO)
      self->outcome = DD_POLL_ANSWER_NO_GO;

  self->decided_at = now_us;
  self->state = DD_POLL_STATE_DECIDED;
}

gboolean
dd_go_no_go_poll_answer (DdGoNoGoPoll  *self,
                         DdRole         role,
                         const char    *member,
                         DdPollAnswer   answer,
                         const char    *reason,
                         gint64         now_us,
                         GError       **error)
{
  const Vote *earlier;
  DdRole turn;

  g_return_val_if_fail (DD_IS_GO_NO_GO_POLL (self), FALSE);
  g_return_val_if_fail ((guint) role < DD_N_ROLES, FALSE);
  g_return_val_if_fail (answer == DD_POLL_ANSWER_GO || answer == DD_POLL_ANSWER_NO_GO, FALSE);

  if (self->state == DD_POLL_STATE_NOT_OPEN)
    {
      g_set_error (error, DD_CORE_ERROR, DD_CORE_ERROR_NOT_PERMITTED,
                   _("The go/no-go poll is not open yet: the %s opens it"),
                   dd_role_get_display_name (DD_ROLE_PRODUCER));
      return FALSE;
    }

  earlier = find_vote (self, role);
  if (earlier != NULL)
    {
      g_autofree char *when = format_clock (earlier->vote.time_us);

      g_set_error (error, DD_CORE_ERROR, DD_CORE_ERROR_NOT_PERMITTED,
                   _("The %s already answered %s at %s: each role answers once"),
                   dd_role_get_display_name (role),
                   earlier->vote.answer == DD_POLL_ANSWER_GO ? _("GO") : _("NO-GO"),
                   when);
      return FALSE;
    }

  if (self->state == DD_POLL_STATE_DECIDED)
    {
      g_set_error (error, DD_CORE_ERROR, DD_CORE_ERROR_NOT_PERMITTED,
                   _("The go/no-go poll is already decided"));
      return FALSE;
    }

  turn = dd_go_no_go_poll_get_turn (self);
  if (turn != role)
    {
      g_set_error (error, DD_CORE_ERROR, DD_CORE_ERROR_NOT_PERMITTED,
                   _("It is the %s’s turn to answer, not the %s’s"),
                   dd_role_get_display_name (turn), dd_role_get_display_name (role));
      return FALSE;
    }

  if (answer == DD_POLL_ANSWER_NO_GO && is_blank (reason))
    {
      g_set_error (error, DD_CORE_ERROR, DD_CORE_ERROR_INVALID_FIELD,
                   _("Say why the %s answers NO-GO: the squad needs the reason"),
                   dd_role_get_display_name (role));
      return FALSE;
    }

  append_vote (self, role, member, answer, reason, now_us);
  if (self->votes->len == DD_N_ROLES)
    decide (self, now_us);

  return TRUE;
}

guint
dd_go_no_go_poll_get_n_votes (DdGoNoGoPoll *self)
{
  g_return_val_if_fail (DD_IS_GO_NO_GO_POLL (self), 0);

  return self->votes->len;
}

const DdPollVote *
dd_go_no_go_poll_get_vote (DdGoNoGoPoll *self,
                           guint         index)
{
  g_return_val_if_fail (DD_IS_GO_NO_GO_POLL (self), NULL);
  g_return_val_if_fail (index < self->votes->len, NULL);

  return &g_array_index (self->votes, Vote, index).vote;
}

DdPollAnswer
dd_go_no_go_poll_get_outcome (DdGoNoGoPoll *self)
{
  g_return_val_if_fail (DD_IS_GO_NO_GO_POLL (self), DD_POLL_ANSWER_NO_GO);
  g_return_val_if_fail (self->state == DD_POLL_STATE_DECIDED, DD_POLL_ANSWER_NO_GO);

  return self->outcome;
}

gint64
dd_go_no_go_poll_get_opened_at (DdGoNoGoPoll *self)
{
  g_return_val_if_fail (DD_IS_GO_NO_GO_POLL (self), 0);

  return self->opened_at;
}

gint64
dd_go_no_go_poll_get_decided_at (DdGoNoGoPoll *self)
{
  g_return_val_if_fail (DD_IS_GO_NO_GO_POLL (self), 0);

  return self->decided_at;
}

char *
dd_go_no_go_poll_dup_summary (DdGoNoGoPoll *self)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(GPtrArray) open = NULL;

  g_return_val_if_fail (DD_IS_GO_NO_GO_POLL (self), NULL);

  if (self->state != DD_POLL_STATE_DECIDED)
    {
      if (self->state == DD_POLL_STATE_NOT_OPEN)
        return g_strdup (_("The go/no-go poll is not open"));
      return g_strdup_printf (ngettext ("%u of %u roles answered; the %s is next",
                                        "%u of %u roles answered; the %s is next",
                                        self->votes->len),
                              self->votes->len, (guint) DD_N_ROLES,
                              dd_role_get_display_name (dd_go_no_go_poll_get_turn (self)));
    }

  if (self->restored_summary != NULL)
    return g_strdup (self->restored_summary);

  g_string_append (text, self->outcome == DD_POLL_ANSWER_GO ? _("GO") : _("NO-GO"));
  open = dd_go_no_go_poll_dup_open_blocking (self);
  if (open->len > 0)
    {
      g_string_append (text, ", ");
      g_string_append_printf (text,
                              ngettext ("forced: %u blocking item is open:",
                                        "forced: %u blocking items are open:", open->len),
                              open->len);
      for (guint i = 0; i < open->len; i++)
        {
          DdChecklistItem *item = g_ptr_array_index (open, i);

          g_string_append_printf (text, i > 0 ? "; “%s” (%s)" : " “%s” (%s)",
                                  dd_checklist_item_get_title (item),
                                  dd_role_get_display_name (dd_checklist_item_get_owner (item)));
        }
    }
  for (guint i = 0; i < self->votes->len; i++)
    {
      const DdPollVote *vote = &g_array_index (self->votes, Vote, i).vote;

      if (vote->answer == DD_POLL_ANSWER_NO_GO)
        /* Translators: ". NO-GO from the Ops lead: reason" */
        g_string_append_printf (text, _(". NO-GO from the %s: %s"),
                                dd_role_get_display_name (vote->role), vote->reason);
    }

  return g_string_free (g_steal_pointer (&text), FALSE);
}

static char *
votes_to_json (DdGoNoGoPoll *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *opened = format_iso (self->opened_at);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "outcome");
  json_builder_add_string_value (builder, dd_poll_answer_to_nick (self->outcome));
  json_builder_set_member_name (builder, "opened_at");
  json_builder_add_string_value (builder, opened);
  json_builder_set_member_name (builder, "answers");
  json_builder_begin_array (builder);
  for (guint i = 0; i < self->votes->len; i++)
    {
      const DdPollVote *vote = &g_array_index (self->votes, Vote, i).vote;
      g_autofree char *time = format_iso (vote->time_us);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "role");
      json_builder_add_string_value (builder, dd_role_to_nick (vote->role));
      json_builder_set_member_name (builder, "member");
      json_builder_add_string_value (builder, vote->member);
      json_builder_set_member_name (builder, "answer");
      json_builder_add_string_value (builder, dd_poll_answer_to_nick (vote->answer));
      json_builder_set_member_name (builder, "reason");
      json_builder_add_string_value (builder, vote->reason);
      json_builder_set_member_name (builder, "time");
      json_builder_add_string_value (builder, time);
      json_builder_set_member_name (builder, "time_us");
      json_builder_add_int_value (builder, vote->time_us);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "open_blocking");
  json_builder_begin_array (builder);
  for (guint i = 0; i < self->forced_by->len; i++)
    json_builder_add_string_value (builder,
                                   dd_checklist_item_get_id (g_ptr_array_index (self->forced_by, i)));
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  return json_to_string (root, FALSE);
}

DdLedgerEntry *
dd_go_no_go_poll_to_ledger_entry (DdGoNoGoPoll *self)
{
  g_autofree char *after = NULL;
  g_autofree char *reason = NULL;
  DdLedgerFields fields = { 0 };

  g_return_val_if_fail (DD_IS_GO_NO_GO_POLL (self), NULL);
  g_return_val_if_fail (self->state == DD_POLL_STATE_DECIDED, NULL);

  after = votes_to_json (self);
  reason = dd_go_no_go_poll_dup_summary (self);
  fields.time_us = self->decided_at;
  fields.actor = self->opener != NULL ? self->opener : dd_role_to_nick (self->opened_by);
  fields.role = dd_role_to_nick (self->opened_by);
  fields.entity = "go-no-go-poll";
  fields.entity_id = self->id;
  fields.field = "outcome";
  fields.after = after;
  fields.reason = reason;

  return dd_ledger_entry_new (&fields);
}

DdGoNoGoPoll *
dd_go_no_go_poll_new_restored (const char *id,
                               DdRole      opened_by,
                               const char *opener,
                               gint64      opened_at,
                               GListModel *checklists)
{
  DdGoNoGoPoll *self;

  g_return_val_if_fail (id != NULL, NULL);
  g_return_val_if_fail ((guint) opened_by < DD_N_ROLES, NULL);

  self = dd_go_no_go_poll_new (id);
  self->state = DD_POLL_STATE_OPEN;
  self->opened_by = opened_by;
  self->opener = g_strdup (opener);
  self->opened_at = opened_at;
  if (checklists != NULL)
    self->checklists = g_object_ref (checklists);
  return self;
}

void
dd_go_no_go_poll_restore_vote (DdGoNoGoPoll *self,
                               DdRole        role,
                               const char   *member,
                               DdPollAnswer  answer,
                               const char   *reason,
                               gint64        time_us)
{
  g_return_if_fail (DD_IS_GO_NO_GO_POLL (self));
  g_return_if_fail ((guint) role < DD_N_ROLES);

  append_vote (self, role, member, answer, reason, time_us);
}

void
dd_go_no_go_poll_restore_decision (DdGoNoGoPoll *self,
                                   DdPollAnswer  outcome,
                                   gint64        decided_at,
                                   const char   *summary)
{
  g_return_if_fail (DD_IS_GO_NO_GO_POLL (self));

  self->forced_by = g_ptr_array_new_with_free_func (g_object_unref);
  self->outcome = outcome;
  self->decided_at = decided_at;
  self->restored_summary = g_strdup (summary);
  self->state = DD_POLL_STATE_DECIDED;
}

void
dd_go_no_go_poll_set_checklists (DdGoNoGoPoll *self,
                                 GListModel   *checklists)
{
  g_return_if_fail (DD_IS_GO_NO_GO_POLL (self));
  g_return_if_fail (checklists == NULL || G_IS_LIST_MODEL (checklists));

  g_set_object (&self->checklists, checklists);
}

DdRole
dd_go_no_go_poll_get_opened_by (DdGoNoGoPoll *self)
{
  g_return_val_if_fail (DD_IS_GO_NO_GO_POLL (self), DD_ROLE_PRODUCER);

  return self->opened_by;
}

const char *
dd_go_no_go_poll_get_opener (DdGoNoGoPoll *self)
{
  g_return_val_if_fail (DD_IS_GO_NO_GO_POLL (self), NULL);

  return self->opener;
}

const char *
dd_poll_answer_to_nick (DdPollAnswer answer)
{
  return answer == DD_POLL_ANSWER_GO ? "go" : "no-go";
}

gboolean
dd_poll_answer_from_nick (const char   *nick,
                          DdPollAnswer *out)
{
  if (g_strcmp0 (nick, "go") == 0)
    *out = DD_POLL_ANSWER_GO;
  else if (g_strcmp0 (nick, "no-go") == 0)
    *out = DD_POLL_ANSWER_NO_GO;
  else
    return FALSE;
  return TRUE;
}
