/* dd-preflight-sockets.c — many plain WebSocket client connections on one
 * epoll set, for the preflight's simulated viewers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/socket.h>

#include <glib/gi18n-lib.h>
#include <glib-unix.h>

#include "dd-core.h"
#include "dd-preflight-sockets.h"

#define READ_SIZE (64 * 1024)
#define MAX_EVENTS 256
#define WS_GUID "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"
#define MAX_HANDSHAKE 8192

typedef enum
{
  SOCKET_IDLE,
  SOCKET_CONNECTING,   /* TCP */
  SOCKET_UPGRADING,    /* request sent, reading the 101 */
  SOCKET_OPEN,
} SocketState;

typedef struct
{
  int fd;
  guint8 state;
  guint8 want_write : 1;
  GByteArray *in;      /* a frame or the upgrade answer still arriving */
  GByteArray *out;     /* what the kernel did not take yet */
  char key[25];        /* Sec-WebSocket-Key */
} Socket;

struct _DdPreflightSockets
{
  int epoll_fd;
  GSource *source;
  GSocketAddress *address;
  char *request_head;  /* the upgrade request up to the key */
  char *request_tail;
  Socket *sockets;
  guint n_sockets;
  DdPreflightSocketFunc func;
  gpointer user_data;
  char *read_buffer;
  GByteArray *payload; /* the frames' payloads of one read */
  guint32 mask_state;
};

static void
socket_reset (DdPreflightSockets *self,
              guint               id)
{
  Socket *socket = &self->sockets[id];

  if (socket->fd >= 0)
    {
      epoll_ctl (self->epoll_fd, EPOLL_CTL_DEL, socket->fd, NULL);
      close (socket->fd);
    }
  socket->fd = -1;
  socket->state = SOCKET_IDLE;
  socket->want_write = FALSE;
  g_clear_pointer (&socket->in, g_byte_array_unref);
  g_clear_pointer (&socket->out, g_byte_array_unref);
}

static void
socket_failed (DdPreflightSockets *self,
               guint               id,
               const char         *why)
{
  socket_reset (self, id);
  self->func (id, DD_PREFLIGHT_SOCKET_CLOSED, NULL, 0, why, self->user_data);
}

static void
set_want_write (DdPreflightSockets *self,
                guint               id,
                gboolean            want)
{
  Socket *socket = &self->sockets[id];
  struct epoll_event event = { .events = EPOLLIN | (want ? EPOLLOUT : 0), .data.u32 = id };

  if (socket->want_write == want)
    return;
  socket->want_write = want;
  epoll_ctl (self->epoll_fd, EPOLL_CTL_MOD, socket->fd, &event);
}

/* Writes what is queued, then `data`; queues what the kernel refuses. */
static gboolean
socket_write (DdPreflightSockets *self,
              guint               id,
              const guint8       *data,
              gsize               len)
{
  Socket *socket = &self->sockets[id];

  if (socket->out != NULL && socket->out->len > 0)
    {
      g_byte_array_append (socket->out, data, len);
      return TRUE;
    }
  while (len > 0)
    {
      ssize_t written = send (socket->fd, data, len, MSG_NOSIGNAL);

      if (written < 0 && errno == EINTR)
        continue;
      if (written < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
        break;
      if (written < 0)
        {
          socket_failed (self, id, g_strerror (errno));
          return FALSE;
        }
      data += written;
      len -= written;
    }
  if (len > 0)
    {
      if (socket->out == NULL)
        socket->out = g_byte_array_new ();
      g_byte_array_append (socket->out, data, len);
      set_want_write (self, id, TRUE);
    }
  return TRUE;
}

static void
flush_queue (DdPreflightSockets *self,
             guint               id)
{
  Socket *socket = &self->sockets[id];

  while (socket->out != NULL && socket->out->len > 0)
    {
      ssize_t written = send (socket->fd, socket->out->data, socket->out->len, MSG_NOSIGNAL);

      if (written < 0 && errno == EINTR)
        continue;
      if (written < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
        return;
      if (written < 0)
        {
          socket_failed (self, id, g_strerror (errno));
          return;
        }
      g_byte_array_remove_range (socket->out, 0, written);
    }
  g_clear_pointer (&socket->out, g_byte_array_unref);
  set_want_write (self, id, FALSE);
}

static void
send_frame (DdPreflightSockets *self,
            guint               id,
            guint8              opcode,
            const char         *data,
            gsize               len)
{
  guint8 stack[512];
  g_autofree guint8 *heap = NULL;
  guint8 *frame = len + 14 <= sizeof stack ? stack : (heap = g_malloc (len + 14));
  gsize head = 2;
  guint8 mask[4];

  frame[0] = 0x80 | opcode;
  if (len < 126)
    frame[1] = 0x80 | len;
  else if (len < 65536)
    {
      frame[1] = 0x80 | 126;
      frame[2] = len >> 8;
      frame[3] = len & 0xff;
      head = 4;
    }
  else
    {
      frame[1] = 0x80 | 127;
      for (int i = 0; i < 8; i++)
        frame[2 + i] = ((guint64) len >> (56 - 8 * i)) & 0xff;
      head = 10;
    }
  /* The mask only has to be unpredictable to the network path; a cheap
   * generator is enough. */
  self->mask_state = self->mask_state * 1664525u + 1013904223u;
  memcpy (mask, &self->mask_state, 4);
  memcpy (frame + head, mask, 4);
  for (gsize i = 0; i < len; i++)
    frame[head + 4 + i] = data[i] ^ mask[i & 3];
  socket_write (self, id, frame, head + 4 + len);
}

static void
send_upgrade (DdPreflightSockets *self,
              guint               id)
{
  Socket *socket = &self->sockets[id];
  guint8 nonce[16];
  g_autofree char *key = NULL;
  g_autofree char *request = NULL;

  for (guint i = 0; i < sizeof nonce; i++)
    nonce[i] = g_random_int_range (0, 256);
  key = g_base64_encode (nonce, sizeof nonce);
  g_strlcpy (socket->key, key, sizeof socket->key);
  request = g_strconcat (self->request_head, key, self->request_tail, NULL);
  socket->state = SOCKET_UPGRADING;
  socket_write (self, id, (const guint8 *) request, strlen (request));
}

/* The upgrade answer: 101 with the accept key of our key. */
static gboolean
check_upgrade (Socket      *socket,
               const char  *answer,
               char       **why)
{
  g_autofree char *expected_input = g_strconcat (socket->key, WS_GUID, NULL);
  g_autoptr(GChecksum) sha1 = g_checksum_new (G_CHECKSUM_SHA1);
  guint8 digest[20];
  gsize digest_len = sizeof digest;
  g_autofree char *accept = NULL;
  g_autofree char *encoded = NULL;
  g_autofree char *lower = g_ascii_strdown (answer, -1);
  g_autofree char *line = NULL;

  if (!g_str_has_prefix (answer, "HTTP/1.1 101"))
    {
      const char *end = strstr (answer, "\r\n");

      line = g_strndup (answer, end != NULL ? (gsize) (end - answer) : strlen (answer));
      /* Translators: the chat server refused the WebSocket upgrade, "… (HTTP/1.1 404 Not Found)" */
      *why = g_strdup_printf (_("The chat server did not accept the WebSocket (%s)"), line);
      return FALSE;
    }
  g_checksum_update (sha1, (const guint8 *) expected_input, -1);
  g_checksum_get_digest (sha1, digest, &digest_len);
  encoded = g_base64_encode (digest, digest_len);
  accept = g_ascii_strdown (encoded, -1);
  if (strstr (lower, accept) == NULL)
    {
      *why = g_strdup (_("The chat server answered the WebSocket upgrade with the wrong accept key (garbage)"));
      return FALSE;
    }
  return TRUE;
}

/* Takes the complete frames at the start of `data` into self->payload;
 * returns the bytes used, or -1 after closing the socket. */
static gssize
take_frames (DdPreflightSockets *self,
             guint               id,
             const guint8       *data,
             gsize               len)
{
  gsize used = 0;

  while (len - used >= 2)
    {
      const guint8 *frame = data + used;
      guint8 opcode = frame[0] & 0x0f;
      guint64 size = frame[1] & 0x7f;
      gsize head = 2;

      if (frame[1] & 0x80)
        {
          socket_failed (self, id, _("The chat server sent a masked frame (garbage)"));
          return -1;
        }
      if (size == 126)
        {
          if (len - used < 4)
            break;
          size = ((guint64) frame[2] << 8) | frame[3];
          head = 4;
        }
      else if (size == 127)
        {
          if (len - used < 10)
            break;
          size = 0;
          for (int i = 0; i < 8; i++)
            size = (size << 8) | frame[2 + i];
          head = 10;
        }
      if (size > G_MAXINT32)
        {
          socket_failed (self, id, _("The chat server sent a frame larger than 2 GB (garbage)"));
          return -1;
        }
      if (len - used < head + size)
        break;
      switch (opcode)
        {
        case 0x0: case 0x1: case 0x2:
          g_byte_array_append (self->payload, frame + head, size);
          break;
        case 0x8:
          {
            guint code = size >= 2 ? ((guint) frame[head] << 8) | frame[head + 1] : 1005;
            g_autofree char *why = g_strdup_printf (_("The chat server closed the connection (code %u)"), code);

            socket_failed (self, id, why);
            return -1;
          }
        case 0x9:
          send_frame (self, id, 0xA, (const char *) frame + head, size);
          break;
        default:
          break;
        }
      used += head + size;
    }
  return used;
}

static void
handle_bytes (DdPreflightSockets *self,
              guint               id,
              const guint8       *data,
              gsize               len)
{
  Socket *socket = &self->sockets[id];
  g_autoptr(GByteArray) joined = NULL;
  gssize used;

  if (socket->in != NULL)
    {
      joined = g_steal_pointer (&socket->in);
      g_byte_array_append (joined, data, len);
      data = joined->data;
      len = joined->len;
    }

  if (socket->state == SOCKET_UPGRADING)
    {
      const char *end = g_strstr_len ((const char *) data, len, "\r\n\r\n");
      g_autofree char *answer = NULL;
      g_autofree char *why = NULL;

      if (end == NULL)
        {
          if (len > MAX_HANDSHAKE)
            socket_failed (self, id, _("The chat server’s WebSocket answer never ended (garbage)"));
          else
            socket->in = g_byte_array_append (g_byte_array_new (), data, len);
          return;
        }
      answer = g_strndup ((const char *) data, end - (const char *) data);
      if (!check_upgrade (socket, answer, &why))
        {
          socket_failed (self, id, why);
          return;
        }
      socket->state = SOCKET_OPEN;
      used = end + 4 - (const char *) data;
      data += used;
      len -= used;
      self->func (id, DD_PREFLIGHT_SOCKET_OPEN, NULL, 0, NULL, self->user_data);
      if (socket->state != SOCKET_OPEN)
        return;
    }

  g_byte_array_set_size (self->payload, 0);
  used = take_frames (self, id, data, len);
  if (used < 0)
    return;
  if ((gsize) used < len)
    socket->in = g_byte_array_append (g_byte_array_new (), data + used, len - used);
  if (self->payload->len > 0)
    self->func (id, DD_PREFLIGHT_SOCKET_DATA, (const char *) self->payload->data, self->payload->len, NULL,
                self->user_data);
}

static void
socket_ready (DdPreflightSockets *self,
              guint               id,
              guint32             events)
{
  Socket *socket = &self->sockets[id];

  if (socket->state == SOCKET_CONNECTING)
    {
      int error = 0;
      socklen_t error_len = sizeof error;

      getsockopt (socket->fd, SOL_SOCKET, SO_ERROR, &error, &error_len);
      if (error != 0)
        {
          socket_failed (self, id, g_strerror (error));
          return;
        }
      set_want_write (self, id, FALSE);
      send_upgrade (self, id);
      return;
    }
  if ((events & EPOLLOUT) != 0)
    flush_queue (self, id);
  if (socket->state == SOCKET_IDLE)
    return;
  if ((events & (EPOLLIN | EPOLLHUP | EPOLLERR)) != 0)
    {
      for (;;)
        {
          ssize_t got = recv (socket->fd, self->read_buffer, READ_SIZE, 0);

          if (got < 0 && errno == EINTR)
            continue;
          if (got < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
            return;
          if (got <= 0)
            {
              socket_failed (self, id, got == 0 ? _("The chat server ended the connection")
                                                : g_strerror (errno));
              return;
            }
          handle_bytes (self, id, (const guint8 *) self->read_buffer, got);
          if (socket->state == SOCKET_IDLE || got < READ_SIZE)
            return;
        }
    }
}

static gboolean
epoll_ready_cb (int          fd,
                GIOCondition condition,
                gpointer     user_data)
{
  DdPreflightSockets *self = user_data;
  struct epoll_event events[MAX_EVENTS];
  int n = epoll_wait (self->epoll_fd, events, MAX_EVENTS, 0);

  for (int i = 0; i < n; i++)
    if (self->sockets[events[i].data.u32].fd >= 0)
      socket_ready (self, events[i].data.u32, events[i].events);
  return G_SOURCE_CONTINUE;
}

DdPreflightSockets *
dd_preflight_sockets_new (const char             *url,
                          const char             *header,
                          guint                   n_sockets,
                          DdPreflightSocketFunc   func,
                          gpointer                user_data,
                          GError                **error)
{
  g_autoptr(GUri) uri = g_uri_parse (url, G_URI_FLAGS_NONE, error);
  g_autoptr(GResolver) resolver = NULL;
  g_autolist(GInetAddress) addresses = NULL;
  DdPreflightSockets *self;
  const char *path;
  int port;

  if (uri == NULL)
    return NULL;
  if (g_ascii_strcasecmp (g_uri_get_scheme (uri), "ws") != 0 || g_uri_get_host (uri) == NULL)
    {
      g_set_error (error, DD_CORE_ERROR, DD_CORE_ERROR_INVALID_FIELD,
                   _("The preflight’s chat viewers speak plain WebSocket only (ws://HOST:PORT), not “%s”"), url);
      return NULL;
    }
  resolver = g_resolver_get_default ();
  addresses = g_resolver_lookup_by_name (resolver, g_uri_get_host (uri), NULL, error);
  if (addresses == NULL)
    return NULL;
  port = g_uri_get_port (uri) > 0 ? g_uri_get_port (uri) : 80;
  path = *g_uri_get_path (uri) != '\0' ? g_uri_get_path (uri) : "/";

  self = g_new0 (DdPreflightSockets, 1);
  self->epoll_fd = epoll_create1 (EPOLL_CLOEXEC);
  self->address = g_inet_socket_address_new (addresses->data, port);
  self->request_head = g_strdup_printf ("GET %s HTTP/1.1\r\nHost: %s:%d\r\nUpgrade: websocket\r\n"
                                        "Connection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
                                        "User-Agent: Dropdeck-Preflight\r\n%s%sSec-WebSocket-Key: ",
                                        path, g_uri_get_host (uri), port,
                                        header != NULL ? header : "", header != NULL ? "\r\n" : "");
  self->request_tail = g_strdup ("\r\n\r\n");
  self->sockets = g_new0 (Socket, n_sockets);
  for (guint i = 0; i < n_sockets; i++)
    self->sockets[i].fd = -1;
  self->n_sockets = n_sockets;
  self->func = func;
  self->user_data = user_data;
  self->read_buffer = g_malloc (READ_SIZE);
  self->payload = g_byte_array_new ();
  self->mask_state = g_random_int ();
  self->source = g_unix_fd_source_new (self->epoll_fd, G_IO_IN);
  g_source_set_callback (self->source, G_SOURCE_FUNC (epoll_ready_cb), self, NULL);
  g_source_attach (self->source, g_main_context_get_thread_default ());
  return self;
}

void
dd_preflight_sockets_connect (DdPreflightSockets *self,
                              guint               id)
{
  Socket *entry = &self->sockets[id];
  struct sockaddr_storage native;
  struct epoll_event event = { .events = EPOLLIN | EPOLLOUT, .data.u32 = id };
  int one = 1;
  g_autoptr(GError) error = NULL;

  g_return_if_fail (id < self->n_sockets);

  socket_reset (self, id);
  if (!g_socket_address_to_native (self->address, &native, sizeof native, &error))
    {
      self->func (id, DD_PREFLIGHT_SOCKET_CLOSED, NULL, 0, error->message, self->user_data);
      return;
    }
  entry->fd = socket (native.ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (entry->fd < 0)
    {
      socket_failed (self, id, g_strerror (errno));
      return;
    }
  setsockopt (entry->fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  if (connect (entry->fd, (struct sockaddr *) &native, g_socket_address_get_native_size (self->address)) < 0
      && errno != EINPROGRESS)
    {
      socket_failed (self, id, g_strerror (errno));
      return;
    }
  entry->state = SOCKET_CONNECTING;
  entry->want_write = TRUE;
  epoll_ctl (self->epoll_fd, EPOLL_CTL_ADD, entry->fd, &event);
}

void
dd_preflight_sockets_send (DdPreflightSockets *self,
                           guint               id,
                           const char         *data,
                           gsize               len)
{
  g_return_if_fail (id < self->n_sockets);

  if (self->sockets[id].state == SOCKET_OPEN)
    send_frame (self, id, 0x2, data, len);
}

void
dd_preflight_sockets_close (DdPreflightSockets *self,
                            guint               id)
{
  static const char going_away[] = { 0x03, (char) 0xe9 };  /* 1001 */

  g_return_if_fail (id < self->n_sockets);

  if (self->sockets[id].state == SOCKET_OPEN && self->sockets[id].out == NULL)
    send_frame (self, id, 0x8, going_away, sizeof going_away);
  if (self->sockets[id].fd >= 0)
    socket_reset (self, id);
}

void
dd_preflight_sockets_free (DdPreflightSockets *self)
{
  for (guint i = 0; i < self->n_sockets; i++)
    socket_reset (self, i);
  g_source_destroy (self->source);
  g_clear_pointer (&self->source, g_source_unref);
  close (self->epoll_fd);
  g_clear_object (&self->address);
  g_free (self->request_head);
  g_free (self->request_tail);
  g_free (self->sockets);
  g_free (self->read_buffer);
  g_byte_array_unref (self->payload);
  g_free (self);
}
