/* dd-nats-inbox.c — reply subjects under one wildcard subscription
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "dd-nats-inbox.h"

typedef struct
{
  DdNatsInboxFunc func;
  gpointer user_data;
  GDestroyNotify destroy;
} Handler;

struct _DdNatsInbox
{
  char *prefix;      /* "_INBOX.<random>." */
  gsize prefix_len;
  char *wildcard;    /* "_INBOX.<random>.*" */
  GHashTable *handlers; /* token -> Handler */
  guint64 next_token;
};

static void
handler_free (Handler *handler)
{
  if (handler->destroy != NULL)
    handler->destroy (handler->user_data);
  g_free (handler);
}

DdNatsInbox *
dd_nats_inbox_new (void)
{
  DdNatsInbox *self = g_new0 (DdNatsInbox, 1);

  self->prefix = g_strdup_printf ("_INBOX.%08x%08x%08x%08x.", g_random_int (), g_random_int (),
                                  g_random_int (), g_random_int ());
  self->prefix_len = strlen (self->prefix);
  self->wildcard = g_strconcat (self->prefix, "*", NULL);
  self->handlers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                          (GDestroyNotify) handler_free);
  return self;
}

void
dd_nats_inbox_free (DdNatsInbox *self)
{
  if (self == NULL)
    return;
  g_hash_table_unref (self->handlers);
  g_free (self->prefix);
  g_free (self->wildcard);
  g_free (self);
}

const char *
dd_nats_inbox_get_wildcard (DdNatsInbox *self)
{
  return self->wildcard;
}

char *
dd_nats_inbox_add (DdNatsInbox     *self,
                   DdNatsInboxFunc  func,
                   gpointer         user_data,
                   GDestroyNotify   destroy)
{
  Handler *handler = g_new0 (Handler, 1);
  char *token;

  handler->func = func;
  handler->user_data = user_data;
  handler->destroy = destroy;
  token = g_strdup_printf ("%" G_GUINT64_FORMAT, ++self->next_token);
  g_hash_table_insert (self->handlers, token, handler);
  return g_strconcat (self->prefix, token, NULL);
}

void
dd_nats_inbox_remove (DdNatsInbox *self,
                      const char  *reply)
{
  if (reply != NULL && strncmp (reply, self->prefix, self->prefix_len) == 0)
    g_hash_table_remove (self->handlers, reply + self->prefix_len);
}

void
dd_nats_inbox_dispatch (DdNatsInbox     *self,
                        const DdNatsMsg *msg)
{
  const char *token;
  Handler *handler;

  if (strncmp (msg->subject, self->prefix, self->prefix_len) != 0)
    return;
  token = msg->subject + self->prefix_len;
  handler = g_hash_table_lookup (self->handlers, token);
  if (handler != NULL && !handler->func (msg, handler->user_data))
    g_hash_table_remove (self->handlers, token);
}

void
dd_nats_inbox_clear (DdNatsInbox *self)
{
  g_hash_table_remove_all (self->handlers);
}
