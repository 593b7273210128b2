/* test-nats-jetstream.c — JetStream replies and ack subjects, without a server
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "dd-nats-jetstream.h"
#include "dd-nats-kv.h"

static void
test_pub_ack (void)
{
  /* As nats-server 2.9 writes them: irregular spacing. */
  const char *plain = "{\"stream\":\"LEDGER\", \"seq\":42}";
  const char *duplicate = "{\"stream\":\"LEDGER\", \"seq\":42,\"duplicate\": true}";
  const char *domain = "{ \"stream\" : \"V\" ,\"domain\":\"venue\",\n \"seq\" : 7 }";
  const char *conflict = "{\"error\":{\"code\":400,\"err_code\":10071,\"description\":\"wrong last sequence: 3\"}}";
  const char *no_stream = "{\"error\":{\"code\":503,\"err_code\":10039,\"description\":\"jetstream not enabled\"}}";
  g_autoptr(GError) error = NULL;
  g_autofree char *stream = NULL;
  gboolean dup = TRUE;
  guint64 seq = 0;

  g_assert_true (dd_nats_js_parse_pub_ack (plain, strlen (plain), &seq, &dup, &stream, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (seq, ==, 42);
  g_assert_false (dup);
  g_assert_cmpstr (stream, ==, "LEDGER");

  g_assert_true (dd_nats_js_parse_pub_ack (duplicate, strlen (duplicate), &seq, &dup, NULL, &error));
  g_assert_true (dup);
  g_assert_true (dd_nats_js_parse_pub_ack (domain, strlen (domain), &seq, &dup, NULL, &error));
  g_assert_cmpuint (seq, ==, 7);

  g_assert_false (dd_nats_js_parse_pub_ack (conflict, strlen (conflict), &seq, &dup, NULL, &error));
  g_assert_error (error, DD_NET_ERROR, DD_NATS_ERROR_CONFLICT);
  g_clear_error (&error);
  g_assert_false (dd_nats_js_parse_pub_ack (no_stream, strlen (no_stream), &seq, &dup, NULL, &error));
  g_assert_error (error, DD_NET_ERROR, DD_NATS_ERROR_JETSTREAM);
  g_assert_nonnull (strstr (error->message, "jetstream not enabled"));
  g_clear_error (&error);

  {
    const char *bad[] = { "", "[]", "{\"stream\":\"x\"}", "{\"stream\":\"x\",\"seq\":\"1\"}",
                          "{\"stream\":\"x\",\"seq\":-1}", "{\"seq\":1", "\xff" };

    for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
      {
        g_assert_false (dd_nats_js_parse_pub_ack (bad[i], strlen (bad[i]), &seq, &dup, NULL, &error));
        g_assert_error (error, DD_NET_ERROR, DD_NET_ERROR_PROTOCOL);
        g_clear_error (&error);
      }
  }
}

static void
test_api_errors (void)
{
  const char *missing = "{\"type\":\"io.nats.jetstream.api.v1.stream_info_response\","
                        "\"error\":{\"code\":404,\"err_code\":10059,\"description\":\"stream not found\"}}";
  g_autoptr(GError) error = NULL;

  g_assert_null (dd_nats_js_parse_api_reply (missing, strlen (missing), &error));
  g_assert_error (error, DD_NET_ERROR, DD_NATS_ERROR_NOT_FOUND);
}

static void
test_ack_subjects (void)
{
  DdNatsJsMsgInfo info;

  /* 2.9: nine tokens. */
  g_assert_true (dd_nats_js_parse_ack_subject ("$JS.ACK.ORDERS.eu-pick.1.5.3.1795632197662744494.2", &info));
  g_assert_cmpstr (info.stream, ==, "ORDERS");
  g_assert_cmpuint (info.delivered, ==, 1);
  g_assert_cmpuint (info.stream_seq, ==, 5);
  g_assert_cmpuint (info.consumer_seq, ==, 3);
  g_assert_cmpuint (info.pending, ==, 2);
  dd_nats_js_msg_info_clear (&info);

  /* Newer servers: domain and account hash first, maybe a random token last. */
  g_assert_true (dd_nats_js_parse_ack_subject ("$JS.ACK.venue.ACCHASH.V.c.2.9.4.1700000000000000000.0", &info));
  g_assert_cmpstr (info.stream, ==, "V");
  g_assert_cmpuint (info.stream_seq, ==, 9);
  dd_nats_js_msg_info_clear (&info);
  g_assert_true (dd_nats_js_parse_ack_subject ("$JS.ACK._.ACCHASH.V.c.2.9.4.1700000000000000000.0.r4nd", &info));
  g_assert_cmpuint (info.consumer_seq, ==, 4);
  dd_nats_js_msg_info_clear (&info);

  g_assert_false (dd_nats_js_parse_ack_subject ("$JS.ACK.S.c.1.x.3.4.5", &info));
  g_assert_false (dd_nats_js_parse_ack_subject ("$JS.ACK.S.c.1.2.3.4", &info));
  g_assert_false (dd_nats_js_parse_ack_subject ("_INBOX.abc", &info));
  g_assert_false (dd_nats_js_parse_ack_subject (NULL, &info));
  g_assert_null (info.stream);
}

static void
test_kv_keys (void)
{
  g_assert_true (dd_nats_kv_key_is_valid ("offer.42"));
  g_assert_true (dd_nats_kv_key_is_valid ("presence/ops_lead=1"));
  g_assert_false (dd_nats_kv_key_is_valid (""));
  g_assert_false (dd_nats_kv_key_is_valid ("a b"));
  g_assert_false (dd_nats_kv_key_is_valid ("a.*"));
  g_assert_false (dd_nats_kv_key_is_valid ("a.>"));
  g_assert_false (dd_nats_kv_key_is_valid (".a"));
  g_assert_false (dd_nats_kv_key_is_valid ("a\r\nPUB"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/dropdeck/net/nats-jetstream/pub-ack", test_pub_ack);
  g_test_add_func ("/dropdeck/net/nats-jetstream/api-errors", test_api_errors);
  g_test_add_func ("/dropdeck/net/nats-jetstream/ack-subjects", test_ack_subjects);
  g_test_add_func ("/dropdeck/net/nats-jetstream/kv-keys", test_kv_keys);

  return g_test_run ();
}
