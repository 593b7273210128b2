/* dd-irc-framer.h — splits an IRC byte stream into clean lines
 *
 * Bytes arrive in chunks cut anywhere; the framer hands out whole lines
 * (without CR LF) that are valid UTF-8, hold no NUL, CR or LF, and are at
 * most DD_IRC_MAX_LINE_BYTES long. What it has to repair or skip, it
 * counts. No I/O: the client feeds it whatever the socket read.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  guint64 lines;              /* lines handed out */
  guint64 empty_lines;        /* skipped */
  guint64 oversized_lines;    /* skipped: longer than DD_IRC_MAX_LINE_BYTES */
  guint64 nul_lines;          /* handed out with their NUL bytes removed */
  guint64 stray_cr_lines;     /* handed out with a lone CR turned into a space */
  guint64 invalid_utf8_lines; /* handed out repaired (U+FFFD) */
} DdIrcFramerStats;

/* `line` is not NUL-terminated and is valid only during the call. */
typedef void (*DdIrcLineFunc) (const char *line,
                               gsize       len,
                               gpointer    user_data);

typedef struct _DdIrcFramer DdIrcFramer;

DdIrcFramer            *dd_irc_framer_new         (void);
void                    dd_irc_framer_free        (DdIrcFramer   *self);
/* Calls `func` once per complete line in `data`, in order; keeps an
 * incomplete last line for the next call. */
void                    dd_irc_framer_feed        (DdIrcFramer   *self,
                                                   const char    *data,
                                                   gsize          len,
                                                   DdIrcLineFunc  func,
                                                   gpointer       user_data);
/* Drops a partly received line (after a reconnect); keeps the counters. */
void                    dd_irc_framer_reset       (DdIrcFramer   *self);
/* Bytes of an incomplete line held back. */
gsize                   dd_irc_framer_get_pending (DdIrcFramer   *self);
const DdIrcFramerStats *dd_irc_framer_get_stats   (DdIrcFramer   *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DdIrcFramer, dd_irc_framer_free)

G_END_DECLS
