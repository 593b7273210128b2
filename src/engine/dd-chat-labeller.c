/* dd-chat-labeller.c — the chat pipeline's classify stage, backed by the on-device classifier
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "dd-chat-labeller.h"

DdChatMessage *
dd_chat_labeller_classify (DdChatMessage *message,
                           gpointer       classifier)
{
  DdClassification result;
  DdChatMessageInit init = { 0 };

  g_return_val_if_fail (DD_IS_CHAT_MESSAGE (message), NULL);
  g_return_val_if_fail (DD_IS_CLASSIFIER (classifier), NULL);

  if (dd_chat_message_get_source (message) != DD_CHAT_SOURCE_AUDIENCE)
    return g_object_ref (message);

  dd_classifier_classify (classifier, dd_chat_message_get_text (message), -1, &result);
  if (result.moderation == dd_chat_message_get_moderation (message) &&
      result.intent == dd_chat_message_get_intent (message))
    return g_object_ref (message);

  /* Messages never change once made: the labelled one is a copy. */
  init.id = dd_chat_message_get_id (message);
  init.source = dd_chat_message_get_source (message);
  init.channel = dd_chat_message_get_channel (message);
  init.author_login = dd_chat_message_get_author_login (message);
  init.display_name = dd_chat_message_get_display_name (message);
  init.color_rgb = dd_chat_message_get_color_rgb (message);
  init.text = dd_chat_message_get_text (message);
  init.timestamp_us = dd_chat_message_get_timestamp (message);
  init.flags = dd_chat_message_get_flags (message);
  init.moderation = result.moderation;
  init.moderation_score = result.moderation_score;
  init.intent = result.intent;

  return dd_chat_message_new (&init);
}
