/* test-nats-codec.c — the NATS parser, header block and encoders
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <json-glib/json-glib.h>

#include "dd-nats-encoder.h"
#include "dd-nats-headers.h"
#include "dd-nats-parser.h"
#include "dd-net-error.h"

/* Every operation, rendered as one text line, to compare two cuttings. */
static gboolean
record_cb (const DdNatsOp *op,
           gpointer        user_data)
{
  GPtrArray *ops = user_data;
  static const char * const names[] = { "INFO", "MSG", "HMSG", "PING", "PONG", "OK", "ERR" };

  g_ptr_array_add (ops, g_strdup_printf ("%s|%s|%s|%" G_GUINT64_FORMAT "|%.*s|%.*s|%.*s|%d",
                                         names[op->kind],
                                         op->subject != NULL ? op->subject : "-",
                                         op->reply != NULL ? op->reply : "-",
                                         op->sid,
                                         (int) op->headers_len, op->headers != NULL ? op->headers : "",
                                         (int) op->payload_len, op->payload != NULL ? op->payload : "",
                                         (int) op->text_len, op->text != NULL ? op->text : "",
                                         op->error_kind));
  if (op->payload != NULL)
    g_assert_cmpint (op->payload[op->payload_len], ==, '\0');
  return TRUE;
}

static const char stream[] =
  "INFO {\"server_id\":\"N1\",\"max_payload\":1048576,\"headers\":true} \r\n"
  "PING\r\n"
  "PONG\r\n"
  "+OK\r\n"
  "MSG squad.cue 7 5\r\nhello\r\n"
  "MSG squad.cue 7 _INBOX.abc.1 0\r\n\r\n"
  "HMSG _INBOX.x.2 1 16 16\r\nNATS/1.0 503\r\n\r\n\r\n"
  "HMSG orders.new 12 reply.to 36 40\r\nNATS/1.0\r\nNats-Msg-Id: a-1\r\nX: y\r\n\r\nhi\r\n\r\n"
  "msg lower.case 3 3\r\na\rb\r\n"
  "-ERR 'Permissions Violation for Publish to \"policy.x\"'\r\n"
  "-ERR 'Authorization Violation'\r\n"
  "-ERR 'Unknown Protocol Operation'\r\n";

static GPtrArray *
parse_all (const char *data,
           gsize       len,
           gsize       chunk)
{
  g_autoptr(DdNatsParser) parser = dd_nats_parser_new ();
  GPtrArray *ops = g_ptr_array_new_with_free_func (g_free);

  for (gsize pos = 0; pos < len; pos += chunk)
    {
      g_autoptr(GError) error = NULL;

      g_assert_true (dd_nats_parser_feed (parser, data + pos, MIN (chunk, len - pos),
                                          record_cb, ops, &error));
      g_assert_no_error (error);
    }
  g_assert_cmpuint (dd_nats_parser_get_pending (parser), ==, 0);
  return ops;
}

static void
test_every_operation (void)
{
  g_autoptr(GPtrArray) ops = parse_all (stream, strlen (stream), strlen (stream));

  g_assert_cmpuint (ops->len, ==, 12);
  g_assert_cmpstr (ops->pdata[0], ==, "INFO|-|-|0|||{\"server_id\":\"N1\",\"max_payload\":1048576,\"headers\":true}|0");
  g_assert_cmpstr (ops->pdata[1], ==, "PING|-|-|0||||0");
  g_assert_cmpstr (ops->pdata[2], ==, "PONG|-|-|0||||0");
  g_assert_cmpstr (ops->pdata[3], ==, "OK|-|-|0||||0");
  g_assert_cmpstr (ops->pdata[4], ==, "MSG|squad.cue|-|7||hello||0");
  g_assert_cmpstr (ops->pdata[5], ==, "MSG|squad.cue|_INBOX.abc.1|7||||0");
  g_assert_cmpstr (ops->pdata[6], ==, "HMSG|_INBOX.x.2|-|1|NATS/1.0 503\r\n\r\n|||0");
  g_assert_cmpstr (ops->pdata[7], ==, "HMSG|orders.new|reply.to|12|NATS/1.0\r\nNats-Msg-Id: a-1\r\nX: y\r\n\r\n|hi\r\n||0");
  g_assert_cmpstr (ops->pdata[8], ==, "MSG|lower.case|-|3||a\rb||0");
  g_assert_cmpstr (ops->pdata[9], ==, "ERR|-|-|0|||Permissions Violation for Publish to \"policy.x\"|1");
  g_assert_cmpstr (ops->pdata[10], ==, "ERR|-|-|0|||Authorization Violation|2");
  g_assert_cmpstr (ops->pdata[11], ==, "ERR|-|-|0|||Unknown Protocol Operation|0");
}

static void
test_split_at_every_byte (void)
{
  gsize len = strlen (stream);
  g_autoptr(GPtrArray) whole = parse_all (stream, len, len);

  /* Two chunks cut at every position, then fixed chunk sizes. */
  for (gsize cut = 1; cut < len; cut++)
    {
      g_autoptr(DdNatsParser) parser = dd_nats_parser_new ();
      g_autoptr(GPtrArray) ops = g_ptr_array_new_with_free_func (g_free);

      g_assert_true (dd_nats_parser_feed (parser, stream, cut, record_cb, ops, NULL));
      g_assert_true (dd_nats_parser_feed (parser, stream + cut, len - cut, record_cb, ops, NULL));
      g_assert_cmpuint (ops->len, ==, whole->len);
      for (guint i = 0; i < ops->len; i++)
        g_assert_cmpstr (ops->pdata[i], ==, whole->pdata[i]);
    }
  for (gsize chunk = 1; chunk <= 17; chunk++)
    {
      g_autoptr(GPtrArray) ops = parse_all (stream, len, chunk);

      g_assert_cmpuint (ops->len, ==, whole->len);
      for (guint i = 0; i < ops->len; i++)
        g_assert_cmpstr (ops->pdata[i], ==, whole->pdata[i]);
    }
}

static void
assert_refused_len (const char *input,
                    gsize       len,
                    gsize       max_payload,
                const char *fragment)
{
  g_autoptr(DdNatsParser) parser = dd_nats_parser_new ();
  g_autoptr(GPtrArray) ops = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;

  if (max_payload > 0)
    dd_nats_parser_set_max_payload (parser, max_payload);
  g_assert_false (dd_nats_parser_feed (parser, input, len, record_cb, ops, &error));
  g_assert_error (error, DD_NET_ERROR, DD_NET_ERROR_PROTOCOL);
  if (strstr (error->message, fragment) == NULL)
    g_error ("“%s” lacks “%s”", error->message, fragment);
}

static void
assert_refused (const char *input,
                gsize       max_payload,
                const char *fragment)
{
  assert_refused_len (input, strlen (input), max_payload, fragment);
}

static void
test_bad_input (void)
{
  g_autofree char *long_line = g_strnfill (DD_NATS_MAX_LINE_BYTES + 10, 'x');

  assert_refused ("HELLO world\r\n", 0, "unknown operation");
  assert_refused ("\r\n", 0, "unknown operation");
  assert_refused ("PING extra\r\n", 0, "unknown operation");
  assert_refused ("MSG a\r\n", 0, "wrong number of fields");
  assert_refused ("MSG a b c d e f g h\r\n", 0, "wrong number of fields");
  assert_refused ("MSG a x 1\r\nA\r\n", 0, "subscription id");
  assert_refused ("MSG a 1 -3\r\n", 0, "bad message size");
  assert_refused ("MSG a 1 99999999999999999999999\r\n", 0, "bad message size");
  assert_refused ("HMSG a 1 10 5\r\n", 0, "bad message sizes");
  assert_refused ("MSG a 1 3\r\nabcdef\r\n", 0, "longer than its announced size");
  assert_refused ("MSG a 1 2000\r\n", 1000, "over the limit of 1000 bytes");
  assert_refused_len ("MSG a 1 2\r\nhi\r\nPI\0G\r\n", 21, 0, "NUL");
  assert_refused (long_line, 0, "longer than");
  assert_refused ("MSG a 1 r\r\r\r 2\r\nhi\r\n", 0, "stray CR");
}

static void
test_oversized_payload_refused_before_it_arrives (void)
{
  g_autoptr(DdNatsParser) parser = dd_nats_parser_new ();
  g_autoptr(GPtrArray) ops = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  const char *line = "MSG big 1 1048577\r\n";

  g_assert_false (dd_nats_parser_feed (parser, line, strlen (line), record_cb, ops, &error));
  g_assert_error (error, DD_NET_ERROR, DD_NET_ERROR_PROTOCOL);
}

static void
test_headers (void)
{
  const char block[] = "NATS/1.0 404 No Messages\r\nNats-Pending-Messages: 1\r\nNats-Pending-Bytes:0\r\n\r\n";
  g_autoptr(DdNatsHeaders) headers = NULL;
  g_autoptr(DdNatsHeaders) out = dd_nats_headers_new ();
  g_autoptr(DdNatsHeaders) again = NULL;
  g_autoptr(GString) encoded = g_string_new (NULL);
  g_autoptr(GError) error = NULL;

  headers = dd_nats_headers_parse (block, strlen (block), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (dd_nats_headers_get_status (headers), ==, 404);
  g_assert_cmpstr (dd_nats_headers_get_description (headers), ==, "No Messages");
  g_assert_cmpstr (dd_nats_headers_get (headers, "nats-pending-messages"), ==, "1");
  g_assert_cmpstr (dd_nats_headers_get (headers, "Nats-Pending-Bytes"), ==, "0");
  g_assert_null (dd_nats_headers_get (headers, "Missing"));

  g_clear_pointer (&headers, dd_nats_headers_unref);
  headers = dd_nats_headers_parse ("NATS/1.0 503\r\n\r\n", 16, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (dd_nats_headers_get_status (headers), ==, 503);

  g_assert_true (dd_nats_headers_add (out, "Nats-Msg-Id", "order-1", NULL));
  g_assert_true (dd_nats_headers_add (out, "Nats-Expected-Last-Subject-Sequence", "4", NULL));
  g_assert_false (dd_nats_headers_add (out, "Bad", "x\r\nPUB evil 1\r\n", &error));
  g_assert_error (error, DD_NET_ERROR, DD_NET_ERROR_INVALID_TEXT);
  g_clear_error (&error);
  g_assert_false (dd_nats_headers_add (out, "Bad Key", "x", &error));
  g_clear_error (&error);
  dd_nats_headers_encode (out, encoded);
  g_assert_cmpstr (encoded->str, ==, "NATS/1.0\r\nNats-Msg-Id: order-1\r\n"
                                     "Nats-Expected-Last-Subject-Sequence: 4\r\n\r\n");
  again = dd_nats_headers_parse (encoded->str, encoded->len, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (dd_nats_headers_get_n_fields (again), ==, 2);

  g_assert_null (dd_nats_headers_parse ("HTTP/1.1 200\r\n\r\n", 16, &error));
  g_assert_error (error, DD_NET_ERROR, DD_NET_ERROR_PROTOCOL);
  g_clear_error (&error);
  g_assert_null (dd_nats_headers_parse ("NATS/1.0\r\nno colon\r\n\r\n", 22, &error));
  g_assert_error (error, DD_NET_ERROR, DD_NET_ERROR_PROTOCOL);
  g_clear_error (&error);
  g_assert_null (dd_nats_headers_parse ("NATS/1.0\r\nA: b\rc\r\n\r\n", 22, &error));
  g_assert_error (error, DD_NET_ERROR, DD_NET_ERROR_PROTOCOL);
}

static void
test_encoders (void)
{
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(DdNatsHeaders) headers = dd_nats_headers_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) connect = NULL;
  DdNatsConnectOptions options = { .name = "laptop\r\nPUB x", .user = "ops", .pass = "s3cret" };
  JsonObject *object;

  dd_nats_encode_connect (out, &options);
  g_assert_true (g_str_has_prefix (out->str, "CONNECT {"));
  g_assert_true (g_str_has_suffix (out->str, "}\r\n"));
  g_assert_true (strchr (out->str, '\n') == out->str + out->len - 1);
  connect = json_from_string (out->str + 8, &error);
  g_assert_no_error (error);
  object = json_node_get_object (connect);
  g_assert_false (json_object_get_boolean_member (object, "verbose"));
  g_assert_false (json_object_get_boolean_member (object, "pedantic"));
  g_assert_true (json_object_get_boolean_member (object, "headers"));
  g_assert_true (json_object_get_boolean_member (object, "no_responders"));
  g_assert_cmpstr (json_object_get_string_member (object, "lang"), ==, "c");
  g_assert_cmpstr (json_object_get_string_member (object, "user"), ==, "ops");
  g_assert_cmpstr (json_object_get_string_member (object, "pass"), ==, "s3cret");
  g_assert_cmpstr (json_object_get_string_member (object, "name"), ==, "laptop\r\nPUB x");
  g_assert_true (json_object_has_member (object, "version"));

  g_string_truncate (out, 0);
  g_assert_true (dd_nats_encode_pub (out, "squad.cue", NULL, "hi", 2, NULL));
  g_assert_true (dd_nats_encode_pub (out, "svc.echo", "_INBOX.a.1", "", 0, NULL));
  g_assert_true (dd_nats_encode_sub (out, "squad.>", NULL, 1, NULL));
  g_assert_true (dd_nats_encode_sub (out, "work", "q", 2, NULL));
  dd_nats_encode_unsub (out, 2, 0);
  dd_nats_encode_unsub (out, 1, 5);
  dd_nats_encode_ping (out);
  dd_nats_encode_pong (out);
  g_assert_cmpstr (out->str, ==,
                   "PUB squad.cue 2\r\nhi\r\n"
                   "PUB svc.echo _INBOX.a.1 0\r\n\r\n"
                   "SUB squad.> 1\r\nSUB work q 2\r\n"
                   "UNSUB 2\r\nUNSUB 1 5\r\nPING\r\nPONG\r\n");

  g_string_truncate (out, 0);
  g_assert_true (dd_nats_headers_add (headers, "Nats-Msg-Id", "m1", NULL));
  g_assert_true (dd_nats_encode_hpub (out, "orders", NULL, headers, "abc", 3, NULL));
  g_assert_cmpstr (out->str, ==, "HPUB orders 29 32\r\nNATS/1.0\r\nNats-Msg-Id: m1\r\n\r\nabc\r\n");

  /* What the client sends, the parser reads back as the server would
   * relay it (PUB -> MSG). */
  g_string_truncate (out, 0);
  {
    const char *bad[] = { "", "a b", "a\tb", "a\r\nPUB x 1", "a\nb" };

    for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
      {
        g_assert_false (dd_nats_encode_pub (out, bad[i], NULL, "x", 1, &error));
        g_assert_error (error, DD_NET_ERROR, DD_NET_ERROR_INVALID_TEXT);
        g_clear_error (&error);
        g_assert_false (dd_nats_encode_pub (out, "ok", bad[i], "x", 1, &error));
        g_clear_error (&error);
        g_assert_false (dd_nats_encode_hpub (out, bad[i], NULL, NULL, "x", 1, &error));
        g_clear_error (&error);
        g_assert_false (dd_nats_encode_sub (out, bad[i], NULL, 1, &error));
        g_clear_error (&error);
      }
    g_assert_false (dd_nats_subject_is_valid ("a\0b", 3));
    g_assert_cmpuint (out->len, ==, 0);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/dropdeck/net/nats-codec/every-operation", test_every_operation);
  g_test_add_func ("/dropdeck/net/nats-codec/split-at-every-byte", test_split_at_every_byte);
  g_test_add_func ("/dropdeck/net/nats-codec/bad-input", test_bad_input);
  g_test_add_func ("/dropdeck/net/nats-codec/oversized-payload", test_oversized_payload_refused_before_it_arrives);
  g_test_add_func ("/dropdeck/net/nats-codec/headers", test_headers);
  g_test_add_func ("/dropdeck/net/nats-codec/encoders", test_encoders);

  return g_test_run ();
}
