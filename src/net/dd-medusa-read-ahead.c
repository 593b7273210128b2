/* dd-medusa-read-ahead.c — the products a batch of outbox entries updates,
 * read from Medusa in few requests before the batch is pushed
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "dd-medusa-catalog.h"
#include "dd-medusa-json.h"
#include "dd-medusa-read-ahead.h"

struct _DdMedusaReadAhead
{
  GObject parent_instance;

  DdMedusaClient *client;
  char *fields;          /* escaped */
  GHashTable *copies;    /* product id -> Copy */
  GHashTable *first_seq; /* "entity/id" -> the seq of its first entry in the batch */
  guint generation;      /* of the fill whose copies count */
  guint n_read;
  guint n_taken;
};

G_DEFINE_FINAL_TYPE (DdMedusaReadAhead, dd_medusa_read_ahead, G_TYPE_OBJECT)

/* One product as read, and the entities that used it. */
typedef struct
{
  JsonObject *product;
  gint64 read_at_us;
  GHashTable *taken;
} Copy;

/* One fill: its requests run side by side. */
typedef struct
{
  guint generation;
  guint pending;
  GHashTable *copies;
  GHashTable *first_seq;
  GError *error;
} Fill;

static void
copy_free (Copy *copy)
{
  json_object_unref (copy->product);
  g_hash_table_unref (copy->taken);
  g_free (copy);
}

static GHashTable *
copies_new (void)
{
  return g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) copy_free);
}

/* "offer/ID": the outbox orders entries per entity. */
static char *
entity_key (const DdOutboxEntry *entry)
{
  return g_strconcat (entry->entity, "/", entry->entity_id, NULL);
}

static GHashTable *
first_seq_new (void)
{
  return g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}

static void
fill_free (Fill *fill)
{
  g_clear_pointer (&fill->copies, g_hash_table_unref);
  g_clear_pointer (&fill->first_seq, g_hash_table_unref);
  g_clear_error (&fill->error);
  g_free (fill);
}

/* Keeps each product of a page, by its id. */
static gboolean
keep_products (Fill      *fill,
               JsonNode  *answer,
               GError   **error)
{
  JsonArray *products = NULL;
  gint64 count = 0;
  gint64 now = g_get_monotonic_time ();

  if (!dd_medusa_page_parse (answer, "products", &products, &count, error))
    return FALSE;
  for (guint i = 0; i < json_array_get_length (products); i++)
    {
      JsonNode *node = json_array_get_element (products, i);
      const char *id;
      Copy *copy;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        continue;
      id = json_object_get_string_member_with_default (json_node_get_object (node), "id", NULL);
      if (id == NULL)
        continue;
      copy = g_new0 (Copy, 1);
      copy->product = json_object_ref (json_node_get_object (node));
      copy->read_at_us = now;
      copy->taken = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      g_hash_table_replace (fill->copies, g_strdup (id), copy);
    }
  return TRUE;
}

/* Every answer is in: the copies count from now on, unless a later fill
 * started meanwhile. */
static void
fill_done (GTask *task)
{
  DdMedusaReadAhead *self = g_task_get_source_object (task);
  Fill *fill = g_task_get_task_data (task);

  if (fill->error != NULL)
    {
      g_task_return_error (task, g_steal_pointer (&fill->error));
      return;
    }
  if (fill->generation == self->generation)
    {
      self->n_read += g_hash_table_size (fill->copies);
      g_hash_table_unref (self->copies);
      self->copies = g_steal_pointer (&fill->copies);
      g_hash_table_unref (self->first_seq);
      self->first_seq = g_steal_pointer (&fill->first_seq);
    }
  g_task_return_boolean (task, TRUE);
}

static void
page_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Fill *fill = g_task_get_task_data (task);
  g_autoptr(JsonNode) answer = NULL;
  GError *error = NULL;

  answer = dd_medusa_client_get_finish (DD_MEDUSA_CLIENT (object), result, &error);
  if (answer != NULL)
    keep_products (fill, answer, &error);
  if (error != NULL && fill->error == NULL)
    fill->error = error;
  else
    g_clear_error (&error);

  if (--fill->pending == 0)
    fill_done (task);
}

static void
dd_medusa_read_ahead_finalize (GObject *object)
{
  DdMedusaReadAhead *self = DD_MEDUSA_READ_AHEAD (object);

  g_clear_object (&self->client);
  g_free (self->fields);
  g_clear_pointer (&self->copies, g_hash_table_unref);
  g_clear_pointer (&self->first_seq, g_hash_table_unref);

  G_OBJECT_CLASS (dd_medusa_read_ahead_parent_class)->finalize (object);
}

static void
dd_medusa_read_ahead_class_init (DdMedusaReadAheadClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = dd_medusa_read_ahead_finalize;
}

static void
dd_medusa_read_ahead_init (DdMedusaReadAhead *self)
{
  self->copies = copies_new ();
  self->first_seq = first_seq_new ();
}

DdMedusaReadAhead *
dd_medusa_read_ahead_new (DdMedusaClient *client,
                          const char     *fields)
{
  DdMedusaReadAhead *self;

  g_return_val_if_fail (DD_IS_MEDUSA_CLIENT (client), NULL);
  g_return_val_if_fail (fields != NULL, NULL);

  self = g_object_new (DD_TYPE_MEDUSA_READ_AHEAD, NULL);
  self->client = g_object_ref (client);
  self->fields = g_uri_escape_string (fields, ",*", TRUE);
  return self;
}

char *
dd_medusa_read_ahead_product_of (const DdOutboxEntry *entry)
{
  g_autoptr(JsonNode) payload = NULL;
  JsonNode *offer;

  g_return_val_if_fail (entry != NULL, NULL);

  if (g_strcmp0 (entry->entity, "offer") != 0)
    return NULL;
  if (entry->remote_id != NULL)
    return g_strdup (entry->remote_id);
  if (entry->payload == NULL)
    return NULL;
  payload = dd_medusa_json_parse (entry->payload, strlen (entry->payload), "", NULL);
  offer = payload != NULL ? json_object_get_member (json_node_get_object (payload), "offer") : NULL;
  if (offer == NULL || !JSON_NODE_HOLDS_OBJECT (offer))
    return NULL;
  return g_strdup (json_object_get_string_member_with_default (json_node_get_object (offer), "remote_id", NULL));
}

void
dd_medusa_read_ahead_fill_async (DdMedusaReadAhead   *self,
                                 GPtrArray           *entries,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GHashTable) wanted = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GString) query = g_string_new (NULL);
  GHashTableIter iter;
  const char *id;
  guint in_query = 0;
  Fill *fill;

  g_return_if_fail (DD_IS_MEDUSA_READ_AHEAD (self));
  g_return_if_fail (entries != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, dd_medusa_read_ahead_fill_async);

  /* What an earlier batch read is not used any more. */
  g_hash_table_remove_all (self->copies);
  g_hash_table_remove_all (self->first_seq);
  fill = g_new0 (Fill, 1);
  fill->generation = ++self->generation;
  fill->copies = copies_new ();
  fill->first_seq = first_seq_new ();
  g_task_set_task_data (task, fill, (GDestroyNotify) fill_free);

  for (guint i = 0; i < entries->len; i++)
    {
      const DdOutboxEntry *entry = g_ptr_array_index (entries, i);
      g_autofree char *key = entity_key (entry);
      char *product_id = NULL;

      /* Only an entity's first entry of the batch may use the copy: the
       * later ones are based on it, and must see its write. */
      if (g_hash_table_contains (fill->first_seq, key))
        continue;
      g_hash_table_insert (fill->first_seq, g_steal_pointer (&key), g_memdup2 (&entry->seq, sizeof entry->seq));
      if (entry->attempts == 0)
        product_id = dd_medusa_read_ahead_product_of (entry);
      if (product_id != NULL)
        g_hash_table_add (wanted, product_id);
    }

  /* One request per DD_MEDUSA_READ_AHEAD_IDS_PER_REQUEST products, side
   * by side; the pending count holds one extra until all are out. */
  fill->pending = 1;
  g_hash_table_iter_init (&iter, wanted);
  while (TRUE)
    {
      gboolean more = g_hash_table_iter_next (&iter, (gpointer *) &id, NULL);

      if (more)
        {
          g_autofree char *escaped = g_uri_escape_string (id, NULL, TRUE);

          g_string_append_printf (query, "&id%%5B%%5D=%s", escaped);
          in_query++;
        }
      if (in_query == DD_MEDUSA_READ_AHEAD_IDS_PER_REQUEST || (!more && in_query > 0))
        {
          g_autofree char *full = g_strdup_printf ("fields=%s&limit=%u%s", self->fields, in_query, query->str);

          fill->pending++;
          dd_medusa_client_get_async (self->client, "/admin/products", full, cancellable,
                                      page_cb, g_object_ref (task));
          g_string_truncate (query, 0);
          in_query = 0;
        }
      if (!more)
        break;
    }

  /* Drops the extra count: with nothing to read, the fill ends here. */
  if (--fill->pending == 0)
    fill_done (task);
}

gboolean
dd_medusa_read_ahead_fill_finish (DdMedusaReadAhead  *self,
                                  GAsyncResult       *result,
                                  GError            **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == dd_medusa_read_ahead_fill_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

JsonObject *
dd_medusa_read_ahead_take (DdMedusaReadAhead   *self,
                           const DdOutboxEntry *entry,
                           const char          *product_id)
{
  g_autofree char *key = NULL;
  const gint64 *first_seq;
  Copy *copy;

  g_return_val_if_fail (DD_IS_MEDUSA_READ_AHEAD (self), NULL);
  g_return_val_if_fail (entry != NULL, NULL);

  key = entity_key (entry);
  first_seq = g_hash_table_lookup (self->first_seq, key);
  if (entry->attempts > 0 || product_id == NULL || first_seq == NULL || *first_seq != entry->seq)
    return NULL;
  copy = g_hash_table_lookup (self->copies, product_id);
  if (copy == NULL ||
      g_get_monotonic_time () - copy->read_at_us > DD_MEDUSA_READ_AHEAD_MAX_AGE_S * G_USEC_PER_SEC ||
      !g_hash_table_add (copy->taken, g_strdup (key)))
    return NULL;
  self->n_taken++;
  return json_object_ref (copy->product);
}

void
dd_medusa_read_ahead_forget (DdMedusaReadAhead *self,
                             const char        *product_id)
{
  g_return_if_fail (DD_IS_MEDUSA_READ_AHEAD (self));

  if (product_id != NULL)
    g_hash_table_remove (self->copies, product_id);
}

guint
dd_medusa_read_ahead_get_n_read (DdMedusaReadAhead *self)
{
  g_return_val_if_fail (DD_IS_MEDUSA_READ_AHEAD (self), 0);

  return self->n_read;
}

guint
dd_medusa_read_ahead_get_n_taken (DdMedusaReadAhead *self)
{
  g_return_val_if_fail (DD_IS_MEDUSA_READ_AHEAD (self), 0);

  return self->n_taken;
}
