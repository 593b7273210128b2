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
  DdChatMessageInit init;

  g_return_val_if_fail (DD_IS_CHAT_MESSAGE (message), NULL);
  g_return_val_if_fail (DD_IS_CLASSIFIER (classifier), NULL);

  if (dd_chat_message_get_source (message) != DD_CHAT_SOURCE_AUDIENCE)
    return g_object_ref (message);

  dd_classifier_classify (classifier, dd_chat_message_get_text (message), -1, &result);
  if (result.moderation == dd_chat_message_get_moderation (message) &&
      result.intent == dd_chat_message_get_intent (message))
    return g_object_ref (message);

  /* Messages never change once made: the labelled one is a copy. */
  dd_chat_message_get_init (message, &init);
  init.moderation = result.moderation;
  init.moderation_score = result.moderation_score;
  init.intent = result.intent;

  return dd_chat_message_new (&init);
}
