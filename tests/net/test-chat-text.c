/* test-chat-text.c — outgoing chat text never breaks a protocol line
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "dd-chat-provider.h"
#include "dd-net-error.h"

static void
assert_refused (const char *text,
                gssize      length)
{
  g_autoptr(GError) error = NULL;

  g_assert_false (dd_chat_text_check_outgoing (text, length, &error));
  g_assert_error (error, DD_NET_ERROR, DD_NET_ERROR_INVALID_TEXT);
  g_assert_nonnull (error->message);
  g_assert_cmpstr (error->message, !=, "");
}

static void
test_refuses_line_breaks (void)
{
  assert_refused ("hello\r\nPRIVMSG #other :injected", -1);
  assert_refused ("hello\nworld", -1);
  assert_refused ("carriage\rreturn", -1);
  assert_refused ("\n", -1);
}

static void
test_refuses_nul (void)
{
  static const char with_nul[] = "pay here\0PRIVMSG #x :hi";

  assert_refused (with_nul, sizeof with_nul - 1);
}

static void
test_refuses_empty_and_invalid (void)
{
  assert_refused ("", -1);
  assert_refused (NULL, -1);
  assert_refused ("caf\xc3", -1);
}

static void
test_accepts_plain_text (void)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (dd_chat_text_check_outgoing ("¿Cuánto cuesta el envío a Valencia? 🔥", -1, &error));
  g_assert_no_error (error);
  g_assert_true (dd_chat_text_check_outgoing ("Pinned: Runner Starter Kit saves €8", -1, &error));
  g_assert_no_error (error);
  /* A length shorter than the string checks only that prefix. */
  g_assert_true (dd_chat_text_check_outgoing ("ok\nnot sent", 2, &error));
  g_assert_no_error (error);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/dropdeck/net/chat-text/refuses-line-breaks", test_refuses_line_breaks);
  g_test_add_func ("/dropdeck/net/chat-text/refuses-nul", test_refuses_nul);
  g_test_add_func ("/dropdeck/net/chat-text/refuses-empty-and-invalid", test_refuses_empty_and_invalid);
  g_test_add_func ("/dropdeck/net/chat-text/accepts-plain-text", test_accepts_plain_text);

  return g_test_run ();
}
