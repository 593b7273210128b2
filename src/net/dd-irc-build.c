/* dd-irc-build.c — outgoing IRC lines, checked before they are written
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "dd-irc-build.h"
#include "dd-irc-message.h"
#include "dd-net-error.h"

typedef enum
{
  FIELD_TEXT,   /* free text: sent as the trailing parameter */
  FIELD_WORD,   /* a middle parameter: no space, no leading ':' */
  FIELD_TARGET, /* a channel or a nick: a word without commas either */
} FieldKind;

typedef struct
{
  const char *label;  /* untranslated (N_), named in errors */
  const char *value;
  gssize      len;    /* -1: NUL-terminated */
  FieldKind   kind;
} Field;

#define WORD(label, value) { label, value, -1, FIELD_WORD }
#define TARGET(label, value) { label, value, -1, FIELD_TARGET }
#define TEXT(label, value, len) { label, value, len, FIELD_TEXT }

typedef enum
{
  PROBLEM_MISSING,
  PROBLEM_EMPTY,
  PROBLEM_LINE_BREAK,
  PROBLEM_NUL,
  PROBLEM_NOT_UTF8,
  PROBLEM_SPACE,
  PROBLEM_COLON,
  PROBLEM_COMMA,
  PROBLEM_NOT_WORD,
} Problem;

/* Sets an error naming the field (`label`, untranslated) and its problem;
 * returns FALSE. */
static gboolean
refuse (GError     **error,
        Problem      problem,
        const char  *label)
{
  const char *field = _(label);

  switch (problem)
    {
    case PROBLEM_MISSING:
      g_set_error (error, DD_NET_ERROR, DD_NET_ERROR_INVALID_TEXT,
                   _("Cannot send: the %s is missing"), field);
      break;
    case PROBLEM_EMPTY:
      g_set_error (error, DD_NET_ERROR, DD_NET_ERROR_INVALID_TEXT,
                   _("Cannot send: the %s is empty"), field);
      break;
    case PROBLEM_LINE_BREAK:
      g_set_error (error, DD_NET_ERROR, DD_NET_ERROR_INVALID_TEXT,
                   _("Cannot send: the %s contains a line break (CR or LF)"), field);
      break;
    case PROBLEM_NUL:
      g_set_error (error, DD_NET_ERROR, DD_NET_ERROR_INVALID_TEXT,
                   _("Cannot send: the %s contains a NUL character"), field);
      break;
    case PROBLEM_NOT_UTF8:
      g_set_error (error, DD_NET_ERROR, DD_NET_ERROR_INVALID_TEXT,
                   _("Cannot send: the %s is not valid UTF-8"), field);
      break;
    case PROBLEM_SPACE:
      g_set_error (error, DD_NET_ERROR, DD_NET_ERROR_INVALID_TEXT,
                   _("Cannot send: the %s contains a space"), field);
      break;
    case PROBLEM_COLON:
      g_set_error (error, DD_NET_ERROR, DD_NET_ERROR_INVALID_TEXT,
                   _("Cannot send: the %s starts with “:”"), field);
      break;
    case PROBLEM_COMMA:
      g_set_error (error, DD_NET_ERROR, DD_NET_ERROR_INVALID_TEXT,
                   _("Cannot send: the %s contains a comma"), field);
      break;
    case PROBLEM_NOT_WORD:
    default:
      g_set_error (error, DD_NET_ERROR, DD_NET_ERROR_INVALID_TEXT,
                   _("Cannot send: the %s is not a word or a number"), field);
      break;
    }
  return FALSE;
}

static gboolean
check_field (const Field  *field,
             gsize        *len_out,
             GError      **error)
{
  gsize len;

  if (field->value == NULL)
    return refuse (error, PROBLEM_MISSING, field->label);

  len = field->len < 0 ? strlen (field->value) : (gsize) field->len;

  if (memchr (field->value, '\r', len) != NULL ||
      memchr (field->value, '\n', len) != NULL)
    return refuse (error, PROBLEM_LINE_BREAK, field->label);
  if (memchr (field->value, '\0', len) != NULL)
    return refuse (error, PROBLEM_NUL, field->label);
  if (!g_utf8_validate_len (field->value, len, NULL))
    return refuse (error, PROBLEM_NOT_UTF8, field->label);

  if (field->kind != FIELD_TEXT)
    {
      if (len == 0)
        return refuse (error, PROBLEM_EMPTY, field->label);
      if (memchr (field->value, ' ', len) != NULL)
        return refuse (error, PROBLEM_SPACE, field->label);
      if (field->value[0] == ':')
        return refuse (error, PROBLEM_COLON, field->label);
    }
  if (field->kind == FIELD_TARGET && memchr (field->value, ',', len) != NULL)
    return refuse (error, PROBLEM_COMMA, field->label);

  *len_out = len;
  return TRUE;
}

static gboolean
tag_key_is_valid (const char *key)
{
  const char *p = key;

  if (*p == '+')
    p++;
  if (*p == '\0')
    return FALSE;
  for (; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && *p != '-' && *p != '.' && *p != '/')
      return FALSE;
  return TRUE;
}

static gboolean
append_tags (GString            *line,
             const DdIrcOutTag  *tags,
             gsize               n_tags,
             GError            **error)
{
  if (n_tags == 0)
    return TRUE;

  g_string_append_c (line, '@');
  for (gsize i = 0; i < n_tags; i++)
    {
      if (tags[i].key == NULL || !tag_key_is_valid (tags[i].key))
        {
          g_set_error (error, DD_NET_ERROR, DD_NET_ERROR_INVALID_TEXT,
                       _("Cannot send: “%s” is not a valid message tag name"),
                       tags[i].key != NULL ? tags[i].key : "");
          return FALSE;
        }
      if (i > 0)
        g_string_append_c (line, ';');
      g_string_append (line, tags[i].key);
      if (tags[i].value != NULL)
        {
          if (!g_utf8_validate (tags[i].value, -1, NULL))
            return refuse (error, PROBLEM_NOT_UTF8, N_("tag value"));
          g_string_append_c (line, '=');
          dd_irc_tag_escape (line, tags[i].value, -1);
        }
    }
  g_string_append_c (line, ' ');

  if (line->len > DD_IRC_MAX_CLIENT_TAG_BYTES)
    {
      g_set_error (error, DD_NET_ERROR, DD_NET_ERROR_INVALID_TEXT,
                   _("Cannot send: the message tags take %u bytes; at most %u are allowed"),
                   (guint) line->len, (guint) DD_IRC_MAX_CLIENT_TAG_BYTES);
      return FALSE;
    }
  return TRUE;
}

/* The one place lines are put together: tags, command, the middle fields,
 * then an optional free-text field as the trailing parameter. */
static char *
build (const DdIrcOutTag  *tags,
       gsize               n_tags,
       const char         *command,
       const Field        *fields,
       gsize               n_fields,
       GError            **error)
{
  g_autoptr(GString) line = g_string_sized_new (128);
  gsize body_start;

  if (!append_tags (line, tags, n_tags, error))
    return NULL;

  body_start = line->len;
  g_string_append (line, command);

  for (gsize i = 0; i < n_fields; i++)
    {
      gsize len;

      if (!check_field (&fields[i], &len, error))
        return NULL;

      if (fields[i].kind == FIELD_TEXT)
        {
          g_warn_if_fail (i == n_fields - 1);
          g_string_append_len (line, " :", 2);
        }
      else
        {
          g_string_append_c (line, ' ');
        }
      g_string_append_len (line, fields[i].value, len);
    }

  if (line->len - body_start > DD_IRC_MAX_BODY_BYTES)
    {
      g_set_error (error, DD_NET_ERROR, DD_NET_ERROR_INVALID_TEXT,
                   _("Cannot send: the line would be %u bytes long; IRC allows %u"),
                   (guint) (line->len - body_start), (guint) DD_IRC_MAX_BODY_BYTES);
      return NULL;
    }

  g_string_append_len (line, "\r\n", 2);
  return g_string_free (g_steal_pointer (&line), FALSE);
}

char *
dd_irc_build_line (const DdIrcOutTag  *tags,
                   gsize               n_tags,
                   const char         *command,
                   const char * const *middle,
                   const char         *trailing,
                   GError            **error)
{
  g_autofree Field *fields = NULL;
  gsize n_middle = middle != NULL ? g_strv_length ((char **) middle) : 0;
  gsize n = 0;

  g_return_val_if_fail (command != NULL, NULL);
  g_return_val_if_fail (n_tags == 0 || tags != NULL, NULL);
  g_return_val_if_fail (n_middle + (trailing != NULL) <= DD_IRC_MAX_PARAMS, NULL);

  if (*command == '\0' || strspn (command, "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                           "abcdefghijklmnopqrstuvwxyz0123456789") != strlen (command))
    {
      refuse (error, PROBLEM_NOT_WORD, N_("command"));
      return NULL;
    }

  fields = g_new0 (Field, n_middle + 1);
  for (gsize i = 0; i < n_middle; i++)
    fields[n++] = (Field) WORD (N_("parameter"), middle[i]);
  if (trailing != NULL)
    fields[n++] = (Field) TEXT (N_("parameter"), trailing, -1);

  return build (tags, n_tags, command, fields, n, error);
}

char *
dd_irc_build_privmsg (const char  *channel,
                      const char  *text,
                      gssize       text_len,
                      GError     **error)
{
  return dd_irc_build_tagged_privmsg (NULL, 0, channel, text, text_len, error);
}

char *
dd_irc_build_tagged_privmsg (const DdIrcOutTag  *tags,
                             gsize               n_tags,
                             const char         *channel,
                             const char         *text,
                             gssize              text_len,
                             GError            **error)
{
  const Field fields[] = {
    TARGET (N_("channel"), channel),
    TEXT (N_("message text"), text, text_len),
  };

  if (text != NULL && (text_len == 0 || (text_len < 0 && *text == '\0')))
    {
      refuse (error, PROBLEM_EMPTY, N_("message text"));
      return NULL;
    }

  return build (tags, n_tags, "PRIVMSG", fields, G_N_ELEMENTS (fields), error);
}

char *
dd_irc_build_reply (const char  *channel,
                    const char  *parent_msg_id,
                    const char  *text,
                    gssize       text_len,
                    GError     **error)
{
  const Field id = WORD (N_("message id"), parent_msg_id);
  const DdIrcOutTag tags[] = {
    { "+draft/reply", parent_msg_id },
    { "reply-parent-msg-id", parent_msg_id },
  };
  gsize len;

  if (!check_field (&id, &len, error))
    return NULL;

  return dd_irc_build_tagged_privmsg (tags, G_N_ELEMENTS (tags), channel,
                                      text, text_len, error);
}

char *
dd_irc_build_join (const char  *channel,
                   GError     **error)
{
  const Field fields[] = { TARGET (N_("channel"), channel) };

  return build (NULL, 0, "JOIN", fields, G_N_ELEMENTS (fields), error);
}

char *
dd_irc_build_part (const char  *channel,
                   const char  *reason,
                   GError     **error)
{
  const Field fields[] = {
    TARGET (N_("channel"), channel),
    TEXT (N_("reason"), reason, -1),
  };

  return build (NULL, 0, "PART", fields, reason != NULL ? 2 : 1, error);
}

char *
dd_irc_build_pong (const char  *token,
                   GError     **error)
{
  const Field fields[] = { TEXT (N_("token"), token, -1) };

  return build (NULL, 0, "PONG", fields, G_N_ELEMENTS (fields), error);
}

char *
dd_irc_build_cap_req (const char * const  *caps,
                      GError             **error)
{
  g_autoptr(GString) list = g_string_new (NULL);
  Field fields[] = {
    WORD (N_("capability"), "REQ"),
    TEXT (N_("capability"), NULL, -1),
  };

  g_return_val_if_fail (caps != NULL, NULL);

  for (gsize i = 0; caps[i] != NULL; i++)
    {
      const Field cap = WORD (N_("capability"), caps[i]);
      gsize len;

      if (!check_field (&cap, &len, error))
        return NULL;
      if (i > 0)
        g_string_append_c (list, ' ');
      g_string_append_len (list, caps[i], len);
    }
  if (list->len == 0)
    {
      refuse (error, PROBLEM_EMPTY, N_("capability"));
      return NULL;
    }

  fields[1].value = list->str;
  return build (NULL, 0, "CAP", fields, G_N_ELEMENTS (fields), error);
}

char *
dd_irc_build_nick (const char  *nick,
                   GError     **error)
{
  const Field fields[] = { TARGET (N_("nick"), nick) };

  return build (NULL, 0, "NICK", fields, G_N_ELEMENTS (fields), error);
}

char *
dd_irc_build_pass (const char  *password,
                   GError     **error)
{
  const Field fields[] = { TEXT (N_("password"), password, -1) };

  return build (NULL, 0, "PASS", fields, G_N_ELEMENTS (fields), error);
}

char *
dd_irc_build_kick (const char  *channel,
                   const char  *nick,
                   const char  *reason,
                   GError     **error)
{
  const Field fields[] = {
    TARGET (N_("channel"), channel),
    TARGET (N_("nick"), nick),
    TEXT (N_("reason"), reason, -1),
  };

  return build (NULL, 0, "KICK", fields, reason != NULL ? 3 : 2, error);
}

static char *
build_ban_mode (const char  *channel,
                const char  *mode,
                const char  *mask,
                GError     **error)
{
  const Field fields[] = {
    TARGET (N_("channel"), channel),
    WORD (N_("mode"), mode),
    WORD (N_("ban mask"), mask),
  };

  return build (NULL, 0, "MODE", fields, G_N_ELEMENTS (fields), error);
}

char *
dd_irc_build_ban (const char  *channel,
                  const char  *mask,
                  GError     **error)
{
  return build_ban_mode (channel, "+b", mask, error);
}

char *
dd_irc_build_unban (const char  *channel,
                    const char  *mask,
                    GError     **error)
{
  return build_ban_mode (channel, "-b", mask, error);
}

char *
dd_irc_build_timed_ban (const char  *channel,
                        guint        seconds,
                        const char  *mask,
                        GError     **error)
{
  char duration[16];
  const Field fields[] = {
    TARGET (N_("channel"), channel),
    WORD (N_("ban duration"), duration),
    WORD (N_("ban mask"), mask),
  };

  g_snprintf (duration, sizeof duration, "%u", seconds);
  return build (NULL, 0, "TBAN", fields, G_N_ELEMENTS (fields), error);
}
