/* dd-squad-subjects.c — where a squad's traffic lives on NATS, and who may write it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "dd-squad-subjects.h"

static const char * const bucket_suffixes[DD_SQUAD_N_BUCKETS] = {
  [DD_SQUAD_BUCKET_PRESENCE] = "presence",
  [DD_SQUAD_BUCKET_OFFERS] = "offers",
  [DD_SQUAD_BUCKET_CHECKLISTS] = "checklists",
  [DD_SQUAD_BUCKET_POLICY] = "policy",
  [DD_SQUAD_BUCKET_CLAIMS] = "claims",
};

static gboolean
name_is_valid (const char *text,
               gsize       max_len,
               const char *extra)
{
  gsize len;

  if (text == NULL || (len = strlen (text)) == 0 || len > max_len || text[0] == '-')
    return FALSE;
  for (const char *p = text; *p != '\0'; p++)
    if (!g_ascii_isdigit (*p) && !g_ascii_isalpha (*p) && strchr (extra, *p) == NULL)
      return FALSE;
  return TRUE;
}

gboolean
dd_squad_name_is_valid (const char *squad)
{
  if (!name_is_valid (squad, 32, "-"))
    return FALSE;
  for (const char *p = squad; *p != '\0'; p++)
    if (g_ascii_isupper (*p))
      return FALSE;
  return TRUE;
}

gboolean
dd_squad_login_is_valid (const char *login)
{
  return name_is_valid (login, 64, "-_");
}

char *
dd_squad_stream_name (const char *squad)
{
  return g_strconcat ("SQUAD_", squad, NULL);
}

static const char *
source_token (DdChatSource source)
{
  switch (source)
    {
    case DD_CHAT_SOURCE_CUE:
      return "cue";
    case DD_CHAT_SOURCE_ALERT:
      return "alert";
    case DD_CHAT_SOURCE_SQUAD:
    case DD_CHAT_SOURCE_AUDIENCE:
    default:
      return "msg";
    }
}

char *
dd_squad_subject (const char   *squad,
                  DdChatSource  source)
{
  return g_strdup_printf ("dropdeck.%s.%s", squad, source_token (source));
}

gboolean
dd_squad_subject_parse (const char   *squad,
                        const char   *subject,
                        DdChatSource *source)
{
  static const DdChatSource sources[] = { DD_CHAT_SOURCE_SQUAD, DD_CHAT_SOURCE_CUE, DD_CHAT_SOURCE_ALERT };

  for (guint i = 0; i < G_N_ELEMENTS (sources); i++)
    {
      g_autofree char *expected = dd_squad_subject (squad, sources[i]);

      if (g_strcmp0 (subject, expected) == 0)
        {
          *source = sources[i];
          return TRUE;
        }
    }
  return FALSE;
}

char *
dd_squad_bucket_name (const char    *squad,
                      DdSquadBucket  bucket)
{
  g_return_val_if_fail (bucket < DD_SQUAD_N_BUCKETS, NULL);

  return g_strdup_printf ("dd-%s-%s", squad, bucket_suffixes[bucket]);
}

gboolean
dd_squad_bucket_for_key (const char    *key,
                         DdSquadBucket *bucket)
{
  static const struct { const char *prefix; DdSquadBucket bucket; } prefixes[] = {
    { "offer.", DD_SQUAD_BUCKET_OFFERS },
    { "checklist.", DD_SQUAD_BUCKET_CHECKLISTS },
    { "policy.", DD_SQUAD_BUCKET_POLICY },
    { "claim.", DD_SQUAD_BUCKET_CLAIMS },
  };

  for (guint i = 0; key != NULL && i < G_N_ELEMENTS (prefixes); i++)
    if (g_str_has_prefix (key, prefixes[i].prefix) && key[strlen (prefixes[i].prefix)] != '\0')
      {
        *bucket = prefixes[i].bucket;
        return TRUE;
      }
  return FALSE;
}

gboolean
dd_squad_role_may_send (DdRole       role,
                        DdChatSource source)
{
  switch (source)
    {
    case DD_CHAT_SOURCE_CUE:
      return dd_role_can (role, DD_PERMISSION_SEND_CUES);
    case DD_CHAT_SOURCE_ALERT:
      /* The roles that watch stock, chat and systems raise the alarms. */
      return dd_role_can (role, DD_PERMISSION_MOVE_STOCK) ||
             dd_role_can (role, DD_PERMISSION_MODERATE_CHAT) ||
             dd_role_can (role, DD_PERMISSION_RUN_PREFLIGHT);
    case DD_CHAT_SOURCE_SQUAD:
      return TRUE;
    case DD_CHAT_SOURCE_AUDIENCE:
    default:
      return FALSE;
    }
}

gboolean
dd_squad_role_may_write (DdRole        role,
                         DdSquadBucket bucket)
{
  switch (bucket)
    {
    case DD_SQUAD_BUCKET_OFFERS:
      return dd_role_can (role, DD_PERMISSION_CHANGE_LIFECYCLE);
    case DD_SQUAD_BUCKET_POLICY:
      return dd_role_can (role, DD_PERMISSION_EDIT_POLICY);
    case DD_SQUAD_BUCKET_PRESENCE:
    case DD_SQUAD_BUCKET_CHECKLISTS:
    case DD_SQUAD_BUCKET_CLAIMS:
      return TRUE;
    default:
      return FALSE;
    }
}

const char *
dd_squad_source_action (DdChatSource source)
{
  switch (source)
    {
    case DD_CHAT_SOURCE_CUE:
      return _("send creator cues");
    case DD_CHAT_SOURCE_ALERT:
      return _("send ops alerts");
    case DD_CHAT_SOURCE_SQUAD:
    case DD_CHAT_SOURCE_AUDIENCE:
    default:
      return _("write in the squad chat");
    }
}

const char *
dd_squad_bucket_action (DdSquadBucket bucket)
{
  switch (bucket)
    {
    case DD_SQUAD_BUCKET_OFFERS:
      return _("change offer lifecycles");
    case DD_SQUAD_BUCKET_POLICY:
      return _("change policies");
    case DD_SQUAD_BUCKET_CHECKLISTS:
      return _("change checklists");
    case DD_SQUAD_BUCKET_CLAIMS:
      return _("claim buyer questions");
    case DD_SQUAD_BUCKET_PRESENCE:
    default:
      return _("announce presence");
    }
}
