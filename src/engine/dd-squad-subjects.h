/* dd-squad-subjects.h — where a squad's traffic lives on NATS, and who may write it
 *
 * One JetStream stream per squad, SQUAD_<squad>, on dropdeck.<squad>.>:
 * dropdeck.<squad>.msg (squad chat), .cue (creator cues), .alert (ops
 * alerts). Key-value buckets per squad, one for each group of writers, so
 * that nobody can reach a bucket they must not rewrite (NATS does not gate
 * the history-wiping KV headers by permission):
 *   dd-<squad>-presence    one key per member login, written by that member
 *   dd-<squad>-offers      offer lifecycle ("offer.<id>...")
 *   dd-<squad>-checklists  checklist state ("checklist.<id>...")
 *   dd-<squad>-policy      triggers and limits ("policy.<name>...")
 *   dd-<squad>-claims      who answers which buyer question ("claim.<id>")
 * The role rules here are what `dropdeckctl squad nats-config` turns into
 * the server's permissions and what the channel names when the server
 * refuses something.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "dd-core.h"

G_BEGIN_DECLS

typedef enum
{
  DD_SQUAD_BUCKET_PRESENCE,
  DD_SQUAD_BUCKET_OFFERS,
  DD_SQUAD_BUCKET_CHECKLISTS,
  DD_SQUAD_BUCKET_POLICY,
  DD_SQUAD_BUCKET_CLAIMS,
} DdSquadBucket;

#define DD_SQUAD_N_BUCKETS 5

/* Lower-case letters, digits and '-', 1 to 32 characters, not starting with '-'. */
gboolean  dd_squad_name_is_valid      (const char    *squad);
/* A member login: letters, digits, '-' and '_', 1 to 64 characters. */
gboolean  dd_squad_login_is_valid     (const char    *login);
char     *dd_squad_stream_name        (const char    *squad);
/* dropdeck.<squad>.msg|cue|alert (audience counts as msg) */
char     *dd_squad_subject            (const char    *squad,
                                       DdChatSource   source);
/* The source a stream subject carries; FALSE for anything else. */
gboolean  dd_squad_subject_parse      (const char    *squad,
                                       const char    *subject,
                                       DdChatSource  *source);
char     *dd_squad_bucket_name        (const char    *squad,
                                       DdSquadBucket  bucket);
/* Which bucket a shared-state key belongs to by its first part ("offer",
 * "checklist", "policy", "claim"); FALSE for other keys. */
gboolean  dd_squad_bucket_for_key     (const char    *key,
                                       DdSquadBucket *bucket);

gboolean  dd_squad_role_may_send      (DdRole         role,
                                       DdChatSource   source);
/* Presence is writable by everyone (each only their own key). */
gboolean  dd_squad_role_may_write     (DdRole         role,
                                       DdSquadBucket  bucket);
/* For the people: "send alerts", "change offer lifecycles", ... */
const char *dd_squad_source_action    (DdChatSource   source);
const char *dd_squad_bucket_action    (DdSquadBucket  bucket);

G_END_DECLS
