/* dd-comms-probe.h — is the secondary squad server reachable? A real round trip
 *
 * The "comms-reachable" checklist probe: connects to one NATS server (nats,
 * tls, ws or wss URL) as the squad's clients do — the server's INFO, our
 * CONNECT with the account's login, then PING and the server's PONG — and
 * reports pass or fail with evidence for people: the URL, the PING/PONG
 * round trip in milliseconds and the server's version from its INFO, or
 * why it could not be reached.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define DD_CHECKLIST_PROBE_COMMS_REACHABLE "comms-reachable"
#define DD_COMMS_PROBE_DEFAULT_TIMEOUT_MS  5000

/* The secondary server of a squad account's "primary,secondary,..." list,
 * or NULL when it lists only one. */
char     *dd_comms_probe_dup_secondary_url (const char          *url_list);

/* Probes `url` (`user` and `password` may be NULL); gives up after
 * `timeout_ms`. */
void      dd_comms_probe_async             (const char          *url,
                                            const char          *user,
                                            const char          *password,
                                            guint                timeout_ms,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
/* TRUE when the round trip completed. `evidence` is set either way; an
 * error only when the probe was cancelled. `rtt_ms` (may be NULL): the
 * round trip, -1 on failure. */
gboolean  dd_comms_probe_finish            (GAsyncResult        *result,
                                            char               **evidence,
                                            double              *rtt_ms,
                                            GError             **error);

G_END_DECLS
