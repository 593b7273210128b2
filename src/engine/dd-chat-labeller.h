/* dd-chat-labeller.h — the chat pipeline's classify stage, backed by the on-device classifier
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "dd-chat-pipeline.h"
#include "dd-classifier.h"

G_BEGIN_DECLS

/* A DdChatClassifyFunc: returns `message` labelled with the moderation and
 * buyer intent `classifier` (a DdClassifier) finds in its text. Audience
 * messages only: squad messages, cues and alerts pass unchanged. Runs on the
 * pipeline thread; the text never leaves the machine. */
DdChatMessage *dd_chat_labeller_classify (DdChatMessage *message,
                                          gpointer       classifier);

G_END_DECLS
