/* dd-preflight-sockets.h — many plain WebSocket client connections on one
 * epoll set, for the preflight's simulated viewers
 *
 * A GSource per socket makes every main-loop iteration walk every socket:
 * with libsoup's WebSocket, 5,000 viewers stalled the loop for seconds. Here
 * one epoll descriptor is the only thing the GMainContext polls; a
 * connection is a file descriptor and a state, with buffers only while a
 * frame is split or the kernel refuses a write. Only ws:// (no TLS): the
 * load runs against the venue's or a test server.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct _DdPreflightSockets DdPreflightSockets;

typedef enum
{
  DD_PREFLIGHT_SOCKET_OPEN,    /* the upgrade succeeded */
  DD_PREFLIGHT_SOCKET_DATA,    /* the payload of data frames, as a byte stream */
  DD_PREFLIGHT_SOCKET_CLOSED,  /* `why` says what happened; the id may connect again */
} DdPreflightSocketEvent;

typedef void (*DdPreflightSocketFunc) (guint                   id,
                                       DdPreflightSocketEvent  event,
                                       const char             *data,
                                       gsize                   len,
                                       const char             *why,
                                       gpointer                user_data);

/* `url`: ws://HOST:PORT/PATH; HOST is resolved once, here. `header`: one
 * more request header line without its line end ("Name: value"), or NULL.
 * Attaches to the thread-default GMainContext. */
DdPreflightSockets *dd_preflight_sockets_new     (const char            *url,
                                                  const char            *header,
                                                  guint                  n_sockets,
                                                  DdPreflightSocketFunc  func,
                                                  gpointer               user_data,
                                                  GError               **error);
void                dd_preflight_sockets_connect (DdPreflightSockets    *sockets,
                                                  guint                  id);
/* One masked binary frame. */
void                dd_preflight_sockets_send    (DdPreflightSockets    *sockets,
                                                  guint                  id,
                                                  const char            *data,
                                                  gsize                  len);
/* Sends a close frame and closes; no event follows. */
void                dd_preflight_sockets_close   (DdPreflightSockets    *sockets,
                                                  guint                  id);
void                dd_preflight_sockets_free    (DdPreflightSockets    *sockets);

G_END_DECLS
