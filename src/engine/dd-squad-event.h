/* dd-squad-event.h — the payload of a squad message, cue or alert on the wire
 *
 * A flat JSON object: {"id": ..., "login": ..., "name": ..., "role": ...,
 * "text": ...}, all strings. Encoding goes through json-glib; decoding takes
 * a fast path for flat objects (replaying a million events is mostly this)
 * and falls back to json-glib for anything else. No I/O.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "dd-core.h"

G_BEGIN_DECLS

typedef struct
{
  char *id;
  char *login;
  char *name;
  char *role;
  char *text;
} DdSquadEvent;

char     *dd_squad_event_encode (const char   *id,
                                 const char   *login,
                                 const char   *name,
                                 DdRole        role,
                                 const char   *text);
/* FALSE when `json` is not a JSON object; members missing from it (or not
 * strings) stay NULL. Strings are not yet checked for UTF-8. */
gboolean  dd_squad_event_decode (const char   *json,
                                 gsize         len,
                                 DdSquadEvent *event);
void      dd_squad_event_clear  (DdSquadEvent *event);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (DdSquadEvent, dd_squad_event_clear)

G_END_DECLS
