/* fuzz-nats-codec.c — libFuzzer target for the NATS codec
 *
 * One input is a chunk of what a NATS server might send. It goes through
 * the parser cut into pieces whose size the first byte picks, whole, and
 * one byte at a time: the three must hand out the same operations and stop
 * on the same error. Beyond "no crash", it checks what must always hold:
 * payloads stay within max_payload and are NUL-terminated, subjects carry
 * no separator, HMSG header blocks parse or fail cleanly, and the encoders
 * either refuse a subject or write a line that cannot be split by it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "dd-nats-encoder.h"
#include "dd-nats-headers.h"
#include "dd-nats-parser.h"

#include "fuzz-target.h"

#define CHECK(cond) G_STMT_START { if (!(cond)) abort (); } G_STMT_END
#define MAX_PAYLOAD 4096

typedef struct
{
  guint64 ops;
  guint64 digest;
} Digest;

static void
mix (Digest     *digest,
     const char *data,
     gsize       len)
{
  for (gsize i = 0; i < len; i++)
    digest->digest = (digest->digest * 1099511628211u) ^ (guchar) data[i];
  digest->digest = (digest->digest * 1099511628211u) ^ 0x100;
}

static void
check_headers (const DdNatsOp *op)
{
  g_autoptr(GError) error = NULL;
  DdNatsHeaders *headers = dd_nats_headers_parse (op->headers, op->headers_len, &error);

  CHECK ((headers == NULL) == (error != NULL));
  if (headers == NULL)
    return;
  CHECK (dd_nats_headers_get_status (headers) < 1000);
  for (guint i = 0; i < dd_nats_headers_get_n_fields (headers); i++)
    {
      const char *key, *value;

      dd_nats_headers_get_field (headers, i, &key, &value);
      CHECK (key != NULL && value != NULL && *key != '\0');
      CHECK (strpbrk (key, "\r\n") == NULL && strpbrk (value, "\r\n") == NULL);
    }
  dd_nats_headers_unref (headers);
}

static gboolean
op_cb (const DdNatsOp *op,
       gpointer        user_data)
{
  Digest *digest = user_data;
  char kind = (char) ('A' + op->kind);

  digest->ops++;
  mix (digest, &kind, 1);
  switch (op->kind)
    {
    case DD_NATS_OP_MSG:
    case DD_NATS_OP_HMSG:
      CHECK (op->subject != NULL && *op->subject != '\0');
      CHECK (strpbrk (op->subject, " \t\r\n") == NULL);
      CHECK (op->reply == NULL || (*op->reply != '\0' && strpbrk (op->reply, " \t\r\n") == NULL));
      CHECK (op->payload_len + op->headers_len <= MAX_PAYLOAD);
      CHECK (op->payload[op->payload_len] == '\0');
      mix (digest, op->subject, strlen (op->subject));
      mix (digest, op->payload, op->payload_len);
      if (op->kind == DD_NATS_OP_HMSG)
        {
          mix (digest, op->headers, op->headers_len);
          check_headers (op);
        }
      break;
    case DD_NATS_OP_INFO:
    case DD_NATS_OP_ERR:
      CHECK (op->text != NULL && strlen (op->text) == op->text_len);
      CHECK (memchr (op->text, '\n', op->text_len) == NULL);
      mix (digest, op->text, op->text_len);
      break;
    case DD_NATS_OP_PING:
    case DD_NATS_OP_PONG:
    case DD_NATS_OP_OK:
    default:
      break;
    }
  return TRUE;
}

/* Feeds `data` in pieces of `chunk` bytes; returns whether it ended in an
 * error. */
static gboolean
feed_in_chunks (const char *data,
                gsize       size,
                gsize       chunk,
                Digest     *digest)
{
  g_autoptr(DdNatsParser) parser = dd_nats_parser_new ();

  dd_nats_parser_set_max_payload (parser, MAX_PAYLOAD);
  for (gsize pos = 0; pos < size; pos += chunk)
    {
      g_autoptr(GError) error = NULL;

      if (!dd_nats_parser_feed (parser, data + pos, MIN (chunk, size - pos), op_cb, digest, &error))
        {
          CHECK (error != NULL && error->message != NULL);
          return TRUE;
        }
      CHECK (error == NULL);
    }
  return FALSE;
}

static void
fuzz_encoders (const char *data,
               gsize       size)
{
  g_autofree char *word = g_strndup (data, MIN (size, 64));
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(DdNatsHeaders) headers = dd_nats_headers_new ();
  gsize word_len = strlen (word);

  if (dd_nats_encode_pub (out, word, NULL, data, size, NULL))
    {
      CHECK (word_len > 0 && strpbrk (word, " \t\r\n") == NULL);
      g_autofree char *line = g_strdup_printf ("PUB %s %" G_GSIZE_FORMAT "\r\n", word, size);

      /* The control line is exactly this: the subject cannot split it. */
      CHECK (g_str_has_prefix (out->str, line));
    }
  else
    CHECK (out->len == 0);

  if (dd_nats_headers_add (headers, "X-Fuzz", word, NULL))
    {
      g_autoptr(GString) block = g_string_new (NULL);
      g_autoptr(DdNatsHeaders) back = NULL;

      CHECK (strpbrk (word, "\r\n") == NULL);
      dd_nats_headers_encode (headers, block);
      back = dd_nats_headers_parse (block->str, block->len, NULL);
      /* A value may lose surrounding blanks, nothing else. */
      if (back != NULL)
        CHECK (dd_nats_headers_get (back, "X-Fuzz") != NULL);
    }
  g_string_truncate (out, 0);
  if (dd_nats_encode_sub (out, word, NULL, 1, NULL))
    CHECK (strchr (out->str, '\n') == out->str + out->len - 1);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  const char *bytes = (const char *) data;
  Digest whole = { 0, 14695981039346656037u };
  Digest cut = { 0, 14695981039346656037u };
  gboolean whole_failed, cut_failed;
  gsize chunk;

  chunk = size > 0 && data[0] < 128 ? (gsize) data[0] + 1 : size;
  whole_failed = feed_in_chunks (bytes, size, MAX (size, 1), &whole);
  cut_failed = feed_in_chunks (bytes, size, MAX (chunk, 1), &cut);
  CHECK (whole_failed == cut_failed);
  CHECK (whole.ops == cut.ops && whole.digest == cut.digest);

  if (size <= 2048)
    {
      Digest bytewise = { 0, 14695981039346656037u };

      CHECK (feed_in_chunks (bytes, size, 1, &bytewise) == whole_failed);
      CHECK (bytewise.ops == whole.ops && bytewise.digest == whole.digest);
    }

  /* The raw bytes as a header block. */
  {
    DdNatsHeaders *headers = dd_nats_headers_parse (bytes, size, NULL);

    if (headers != NULL)
      dd_nats_headers_unref (headers);
  }
  fuzz_encoders (bytes, size);
  return 0;
}
