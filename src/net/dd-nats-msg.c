/* dd-nats-msg.c — one message received from (or sent to) a NATS subject
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "dd-nats-msg.h"

G_DEFINE_BOXED_TYPE (DdNatsMsg, dd_nats_msg, dd_nats_msg_copy, dd_nats_msg_free)

DdNatsMsg *
dd_nats_msg_copy (const DdNatsMsg *msg)
{
  gsize subject_len, reply_len;
  DdNatsMsg *copy;
  char *p;

  g_return_val_if_fail (msg != NULL, NULL);

  subject_len = msg->subject != NULL ? strlen (msg->subject) + 1 : 0;
  reply_len = msg->reply != NULL ? strlen (msg->reply) + 1 : 0;
  copy = g_malloc (sizeof *copy + subject_len + reply_len + msg->len + 1);
  p = (char *) (copy + 1);

  *copy = *msg;
  memcpy (p, msg->data != NULL ? msg->data : "", msg->len);
  p[msg->len] = '\0';
  copy->data = p;
  p += msg->len + 1;
  if (msg->subject != NULL)
    {
      memcpy (p, msg->subject, subject_len);
      copy->subject = p;
      p += subject_len;
    }
  if (msg->reply != NULL)
    {
      memcpy (p, msg->reply, reply_len);
      copy->reply = p;
    }
  if (msg->headers != NULL)
    copy->headers = dd_nats_headers_ref (msg->headers);
  return copy;
}

void
dd_nats_msg_free (DdNatsMsg *msg)
{
  if (msg == NULL)
    return;
  g_clear_pointer (&msg->headers, dd_nats_headers_unref);
  g_free (msg);
}

guint
dd_nats_msg_get_status (const DdNatsMsg *msg)
{
  g_return_val_if_fail (msg != NULL, 0);
  return msg->headers != NULL ? dd_nats_headers_get_status (msg->headers) : 0;
}

const char *
dd_nats_msg_get_header (const DdNatsMsg *msg,
                        const char      *key)
{
  g_return_val_if_fail (msg != NULL, NULL);
  return msg->headers != NULL ? dd_nats_headers_get (msg->headers, key) : NULL;
}
