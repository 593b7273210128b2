/* dd-demo-squad-channel.c — five simulated squad members for the demo
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "dd-demo-squad-channel.h"

#define MIN_INTERVAL_MS 4000
#define MAX_INTERVAL_MS 9000

struct _DdDemoSquadChannel
{
  GObject         parent_instance;
  GRand          *rand;
  GListStore     *members;
  DdConnectivity *connectivity;
  guint           timeout_id;
};

static void dd_demo_squad_channel_iface_init (DdSquadChannelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (DdDemoSquadChannel, dd_demo_squad_channel, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (DD_TYPE_SQUAD_CHANNEL,
                                                      dd_demo_squad_channel_iface_init))

static const struct
{
  const char *login;
  const char *name;
  DdRole      role;
  gint32      color_rgb;
} squad[] = {
  { "maya", "Maya Okafor", DD_ROLE_PRODUCER, 0x3584E4 },
  { "jonas", "Jonas Weber", DD_ROLE_OPS_LEAD, 0x2EC27E },
  { "lucia", "Lucía Fernández", DD_ROLE_CREATOR_LIAISON, 0xE66100 },
  { "tomasz", "Tomasz Nowak", DD_ROLE_MOD_TRUST_LEAD, 0x9141AC },
  { "priya", "Priya Raman", DD_ROLE_ENGINEER_ON_CALL, 0xC01C28 },
};

typedef struct
{
  DdRole        role;
  DdChatSource  source;
  const char   *text;
} SquadLine;

static const SquadLine lines[] = {
  { DD_ROLE_PRODUCER, DD_CHAT_SOURCE_SQUAD, "Tees are moving fast, keep the bundle on screen" },
  { DD_ROLE_PRODUCER, DD_CHAT_SOURCE_SQUAD, "Two minutes to the Court Classic segment" },
  { DD_ROLE_OPS_LEAD, DD_CHAT_SOURCE_SQUAD, "Mitte is at 70% pick capacity, routing overflow to Friedrichshain" },
  { DD_ROLE_OPS_LEAD, DD_CHAT_SOURCE_SQUAD, "Couriers at Kreuzberg back from the first run" },
  { DD_ROLE_CREATOR_LIAISON, DD_CHAT_SOURCE_SQUAD, "Creator asks if we can show the hoodie again" },
  { DD_ROLE_MOD_TRUST_LEAD, DD_CHAT_SOURCE_SQUAD, "Seeing a wave of giveaway links, timing them out" },
  { DD_ROLE_MOD_TRUST_LEAD, DD_CHAT_SOURCE_SQUAD, "Chat is calm, two mods on shift" },
  { DD_ROLE_ENGINEER_ON_CALL, DD_CHAT_SOURCE_SQUAD, "Checkout p95 steady at 420 ms" },
  { DD_ROLE_ENGINEER_ON_CALL, DD_CHAT_SOURCE_SQUAD, "Backup comms channel tested, all green" },
  { DD_ROLE_CREATOR_LIAISON, DD_CHAT_SOURCE_CUE, "Cue: mention the Runner Starter Kit saves 8 euros" },
  { DD_ROLE_CREATOR_LIAISON, DD_CHAT_SOURCE_CUE, "Cue: ad disclosure, this drop is a paid partnership" },
  { DD_ROLE_PRODUCER, DD_CHAT_SOURCE_CUE, "Cue: answer the sizing question, Aero Runner fits true to size" },
  { DD_ROLE_CREATOR_LIAISON, DD_CHAT_SOURCE_CUE, "Cue: shipping to Spain takes 2 to 3 days" },
  { DD_ROLE_OPS_LEAD, DD_CHAT_SOURCE_ALERT, "Neukölln courier delayed 10 minutes" },
  { DD_ROLE_ENGINEER_ON_CALL, DD_CHAT_SOURCE_ALERT, "Payment provider latency above 1 s for 30 s" },
  { DD_ROLE_MOD_TRUST_LEAD, DD_CHAT_SOURCE_ALERT, "Scam domain nike-giveaway.shop seen 12 times in 1 minute" },
};

static void schedule_next (DdDemoSquadChannel *self);

static gboolean
speak_cb (gpointer user_data)
{
  DdDemoSquadChannel *self = user_data;
  const SquadLine *line = &lines[g_rand_int_range (self->rand, 0, G_N_ELEMENTS (lines))];
  g_autoptr(DdChatMessage) message = NULL;
  DdChatMessageInit init = { 0 };

  self->timeout_id = 0;

  init.source = line->source;
  init.channel = "squad";
  init.author_login = squad[line->role].login;
  init.display_name = squad[line->role].name;
  init.color_rgb = squad[line->role].color_rgb;
  init.text = line->text;
  init.timestamp_us = g_get_real_time ();
  init.flags = DD_CHAT_FLAG_SYNTHETIC;
  init.moderation = DD_MODERATION_OK;
  init.intent = DD_INTENT_NONE;
  message = dd_chat_message_new (&init);

  dd_squad_channel_emit_message (DD_SQUAD_CHANNEL (self), message);
  schedule_next (self);

  return G_SOURCE_REMOVE;
}

static void
schedule_next (DdDemoSquadChannel *self)
{
  guint interval = (guint) g_rand_int_range (self->rand, MIN_INTERVAL_MS, MAX_INTERVAL_MS);

  self->timeout_id = g_timeout_add (interval, speak_cb, self);
  g_source_set_name_by_id (self->timeout_id, "[dropdeck] demo squad");
}

static GListModel *
get_members (DdSquadChannel *channel)
{
  return G_LIST_MODEL (DD_DEMO_SQUAD_CHANNEL (channel)->members);
}

static DdConnectivity *
get_connectivity (DdSquadChannel *channel)
{
  return DD_DEMO_SQUAD_CHANNEL (channel)->connectivity;
}

static void
set_all_online (DdDemoSquadChannel *self,
                gboolean            online)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->members));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(DdSquadMember) member = g_list_model_get_item (G_LIST_MODEL (self->members), i);
      dd_squad_member_set_presence (member, online ? DD_SQUAD_PRESENCE_ONLINE
                                                   : DD_SQUAD_PRESENCE_GONE);
    }
}

static void
start (DdSquadChannel *channel)
{
  DdDemoSquadChannel *self = DD_DEMO_SQUAD_CHANNEL (channel);

  if (self->timeout_id != 0)
    return;

  set_all_online (self, TRUE);
  schedule_next (self);
}

static void
stop (DdSquadChannel *channel)
{
  DdDemoSquadChannel *self = DD_DEMO_SQUAD_CHANNEL (channel);

  g_clear_handle_id (&self->timeout_id, g_source_remove);
  set_all_online (self, FALSE);
}

static void
dd_demo_squad_channel_iface_init (DdSquadChannelInterface *iface)
{
  iface->get_members = get_members;
  iface->get_connectivity = get_connectivity;
  iface->start = start;
  iface->stop = stop;
}

static void
dd_demo_squad_channel_dispose (GObject *object)
{
  DdDemoSquadChannel *self = DD_DEMO_SQUAD_CHANNEL (object);

  g_clear_handle_id (&self->timeout_id, g_source_remove);

  G_OBJECT_CLASS (dd_demo_squad_channel_parent_class)->dispose (object);
}

static void
dd_demo_squad_channel_finalize (GObject *object)
{
  DdDemoSquadChannel *self = DD_DEMO_SQUAD_CHANNEL (object);

  g_clear_pointer (&self->rand, g_rand_free);
  g_clear_object (&self->members);
  g_clear_object (&self->connectivity);

  G_OBJECT_CLASS (dd_demo_squad_channel_parent_class)->finalize (object);
}

static void
dd_demo_squad_channel_class_init (DdDemoSquadChannelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = dd_demo_squad_channel_dispose;
  object_class->finalize = dd_demo_squad_channel_finalize;
}

static void
dd_demo_squad_channel_init (DdDemoSquadChannel *self)
{
  self->members = g_list_store_new (DD_TYPE_SQUAD_MEMBER);
  for (guint i = 0; i < G_N_ELEMENTS (squad); i++)
    {
      g_autoptr(DdSquadMember) member = dd_squad_member_new (squad[i].name, squad[i].role);
      g_list_store_append (self->members, member);
    }

  self->connectivity = dd_connectivity_new (DD_SERVICE_SQUAD);
  dd_connectivity_update (self->connectivity, DD_CONNECTIVITY_ONLINE,
                          _("Demo drop: simulated squad"));
}

DdDemoSquadChannel *
dd_demo_squad_channel_new (guint32 seed)
{
  DdDemoSquadChannel *self = g_object_new (DD_TYPE_DEMO_SQUAD_CHANNEL, NULL);

  self->rand = g_rand_new_with_seed (seed);

  return self;
}
