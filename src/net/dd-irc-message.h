/* dd-irc-message.h — the IRCv3 line codec: one line in, offsets out
 *
 * A parsed message holds offsets into the caller's line buffer, not copies:
 * parsing allocates nothing, and the message is valid as long as the line
 * is. Tag values are kept escaped; dd_irc_tag_unescape() decodes them.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Longest line accepted, in bytes, without its CR LF. */
#define DD_IRC_MAX_LINE_BYTES 8192
/* Longest tag section ('@', the tags and the space after them). */
#define DD_IRC_MAX_TAG_SECTION_BYTES 8191
/* Tags kept per message; further ones are dropped (tags_dropped is set). */
#define DD_IRC_MAX_TAGS 64
#define DD_IRC_MAX_PARAMS 15

/* `len` bytes from `offset` in the line. A zero span is an absent part. */
typedef struct
{
  guint16 offset;
  guint16 len;
} DdIrcSpan;

typedef struct
{
  DdIrcSpan key;    /* with any '+' (client-only) and vendor prefix */
  DdIrcSpan value;  /* escaped; empty when the tag has no value */
} DdIrcTag;

typedef struct
{
  const char *line;        /* the caller's buffer; not owned */
  gsize       line_len;

  DdIrcTag    tags[DD_IRC_MAX_TAGS];
  guint       n_tags;
  gboolean    tags_dropped; /* more than DD_IRC_MAX_TAGS tags were sent */

  DdIrcSpan   source;      /* the whole prefix, without ':' */
  DdIrcSpan   nick;        /* or the server name */
  DdIrcSpan   user;
  DdIrcSpan   host;

  DdIrcSpan   command;     /* letters or a three-digit numeric */
  DdIrcSpan   params[DD_IRC_MAX_PARAMS];
  guint       n_params;
  gboolean    has_trailing; /* the last parameter came after " :" */
} DdIrcMessage;

gboolean    dd_irc_message_parse          (DdIrcMessage       *msg,
                                           const char         *line,
                                           gsize               line_len,
                                           GError            **error);

/* Pointer to the first byte of `span` in the message's line. */
static inline const char *
dd_irc_message_span_ptr (const DdIrcMessage *msg,
                         DdIrcSpan           span)
{
  return msg->line + span.offset;
}

gboolean    dd_irc_message_span_equal     (const DdIrcMessage *msg,
                                           DdIrcSpan           span,
                                           const char         *str);
gboolean    dd_irc_message_is_command     (const DdIrcMessage *msg,
                                           const char         *command);
/* The last tag named `key` (later duplicates win), or NULL. */
const DdIrcTag *dd_irc_message_find_tag   (const DdIrcMessage *msg,
                                           const char         *key);
/* A newly allocated copy of a span, or of a tag's unescaped value. */
char       *dd_irc_message_dup_span       (const DdIrcMessage *msg,
                                           DdIrcSpan           span);
char       *dd_irc_message_dup_tag_value  (const DdIrcMessage *msg,
                                           const DdIrcTag     *tag);

/* Unescapes an IRCv3 tag value into `out` (room for `len` bytes, the
 * value never grows), returning the bytes written: \: ; \s space, \\ \,
 * \r CR, \n LF; any other escaped character stands for itself and a lone
 * trailing backslash is dropped. */
gsize       dd_irc_tag_unescape           (const char         *value,
                                           gsize               len,
                                           char               *out);
/* Appends the escaped form of `value` (`len` bytes, -1: NUL-terminated). */
void        dd_irc_tag_escape             (GString            *out,
                                           const char         *value,
                                           gssize              len);

G_END_DECLS
