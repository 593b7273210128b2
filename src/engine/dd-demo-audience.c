/* dd-demo-audience.c — a seeded generator of realistic audience chat for the demo
 *
 * Everything below was written for Dropdeck: greetings and hype, questions
 * about size, price, availability and shipping, purchase claims, spam, scam
 * links with look-alike domains and mild abuse toward the host, in English
 * and Spanish. Moderation and intent are deliberately not labelled here.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "dd-demo-audience.h"

#define N_VIEWERS 2400

typedef struct
{
  char        *login;
  char        *display_name;
  char        *user_id;
  char        *badges;      /* Twitch form, NULL: none */
  gint32       color_rgb;
  DdChatFlags  flags;
  gboolean     has_spoken;
  gint64       silent_until_us; /* timed out or banned until then */
} Viewer;

/* A recent message someone may answer. */
typedef struct
{
  char *id;
  char *login;
  char *text;
} Said;

#define N_RECENT 8

struct _DdDemoAudience
{
  GRand  *rand;
  char   *channel;
  Viewer *viewers;
  Said    recent[N_RECENT];
  guint   recent_pos;
};

typedef struct
{
  const char *name;
  const char *code;
  gboolean    shoe;
} Product;

static const Product products[] = {
  { "Aero Runner", "AA12", TRUE },
  { "Aero Runners", "AA12", TRUE },
  { "Court Classic", "CC07", TRUE },
  { "Trail Fox", "TF33", TRUE },
  { "skate shoe", "SS21", TRUE },
  { "box tee", "HT01", FALSE },
  { "hoodie", "WH22", FALSE },
  { "coach jacket", "NC15", FALSE },
  { "cargo pants", "CP09", FALSE },
  { "track jacket", "RT18", FALSE },
};

static const char *colours[] = { "white", "black", "sand", "navy", "olive", "stone", "off-white" };
static const char *colour_codes[] = { "WHT", "BLK", "SND", "NVY", "OLV", "STN", "OWH" };
static const char *apparel_sizes[] = { "S", "M", "L", "XL", "small", "medium", "large" };
static const char *shoe_sizes[] = { "41", "42", "43", "44", "45", "40" };
static const char *cities[] = { "Valencia", "Madrid", "Sevilla", "Hamburg", "München", "Köln", "Wien", "Lyon", "Bilbao", "Leipzig" };

/* {p} product, {k} product code, {c} colour, {C} colour code, {z} size,
 * {n} quantity, {city} a city. */
static const char *hype[] = {
  "hiii from Madrid 👋", "first time catching a drop live!!", "LET'S GOOO 🔥🔥🔥", "hola a todos!!",
  "those {p} in {c} are insane", "ok the {c} colourway is the one", "need need NEED", "w drop honestly",
  "buenas desde Valencia 🙌", "qué pasada las {p}", "host is killing it today", "this set looks so clean",
  "been waiting all week for this", "my wallet is crying rn 😭", "🔥🔥", "vamos!!!", "hi chat",
  "love the vibe today", "the lighting on the {p} tho", "saludos desde Sevilla", "just got here what did I miss",
  "obsessed with the {c} {p}", "queremos más drops así", "10/10 fit", "ayy the {p} are back",
};

static const char *questions[] = {
  "is there a discount code?", "when does the next offer go live?", "can you show the back of the {p}?",
  "what material is the {p}?", "is the {p} waterproof?", "¿las {p} son unisex?", "can we see it on camera again?",
  "how long is the drop on for?", "¿hay devoluciones gratis?", "will there be a restock later?",
  "do the {p} crease a lot?", "can you zoom in on the stitching?",
};

static const char *size_q[] = {
  "does the {z} run small?", "does the M run small?", "is the {p} true to size?", "I'm a 43 usually, which size for the {p}?",
  "¿qué talla me pido si uso una {z}?", "¿las {p} tallan grande?", "how oversized is the {p} in {z}?",
  "between {z} and the next size, which one?", "¿la talla {z} es normal o pequeña?", "do the {p} come in half sizes?",
};

static const char *price_q[] = {
  "how much are the {p}?", "price on the {c} {p}?", "¿cuánto cuestan las {p}?", "is the bundle cheaper than buying separately?",
  "was {n}0 euro before right?", "is that price with VAT?", "¿precio del pack?", "how much for two {p}?",
  "any student discount?", "¿cuánto es en total con envío?",
};

static const char *availability_q[] = {
  "is the {c} {p} still available in {z}?", "any {p} left in {z}??", "sold out already?? 😩", "¿quedan {p} en talla {z}?",
  "will the {c} come back?", "is {k} in {z} gone?", "¿hay stock de la {c}?", "do you still have {k}-{C}-{z}?",
  "only {n} left?? for real?", "restock on the {p}?",
};

static const char *shipping_q[] = {
  "¿cuánto cuesta el envío a Valencia?", "do you ship to {city}?", "how fast is delivery in Berlin?",
  "¿hacéis envíos a {city}?", "can I pick it up from a hub?", "same day delivery to Kreuzberg?",
  "how long to ship to {city}?", "¿el envío es gratis?", "is there express shipping?",
  "will it arrive before Friday?", "do you ship outside the EU?",
};

static const char *purchase[] = {
  "SOLD {k} {c} {z} x{n}", "SOLD {k} {c} {z}", "sold {k} {z} x{n}", "just bought the {c} {p}!!",
  "got mine 🙌 {k} {z}", "comprado! {k} talla {z}", "me llevo dos {p} {c}", "copped the {p} in {z}",
  "SOLD {k}-{C}-{z} x{n}", "in the cart, checking out now", "pillado!! {k} {z} 🔥", "bought the bundle",
};

static const char *spam[] = {
  "🔥🔥🔥🔥🔥🔥🔥🔥🔥🔥🔥🔥🔥🔥🔥🔥", "follow me for daily sneaker news!!", "sígueme y te sigo 💯💯",
  "check my profile for giveaways", "LOL LOL LOL LOL LOL LOL LOL LOL", "👟👟👟👟👟👟👟👟👟👟👟👟",
  "f4f anyone? follow me", "subscribe to my channel for fits", "WWWWWWWWWWWWWWWWWWWWWW",
  "promo my stream pls", "😂😂😂😂😂😂😂😂😂😂😂😂😂😂",
};

static const char *scam[] = {
  "claim your free pair at hxxps://nike-giveaway.shop", "FREE {p} giveaway → hxxps://dropdeck-rewards.co",
  "first 100 get the {p} free: hxxps://adidas-0fficial.store", "gana unas {p} gratis en hxxps://sorteo-zapatillas.win",
  "DM me for 50% off codes, real 100%", "verify your order here hxxps://paypa1-checkout.net",
  "cheap resale {p} at hxxps://kicks-outlet-berlin.top", "your account won a voucher: hxxps://amaz0n-gift.shop",
};

static const char *abuse[] = {
  "this host is so boring lol", "stop talking and show the shoes", "worst drop ever, total scam",
  "the host has no idea what they're doing", "qué pesado el presentador", "nobody asked about your weekend",
  "overpriced garbage", "ugh talk faster", "este directo es un rollo",
};

typedef struct
{
  const char **templates;
  guint        n_templates;
  guint        weight;
} Category;

static const Category categories[] = {
  { hype, G_N_ELEMENTS (hype), 30 },
  { questions, G_N_ELEMENTS (questions), 7 },
  { size_q, G_N_ELEMENTS (size_q), 9 },
  { price_q, G_N_ELEMENTS (price_q), 8 },
  { availability_q, G_N_ELEMENTS (availability_q), 8 },
  { shipping_q, G_N_ELEMENTS (shipping_q), 7 },
  { purchase, G_N_ELEMENTS (purchase), 12 },
  { spam, G_N_ELEMENTS (spam), 10 },
  { scam, G_N_ELEMENTS (scam), 5 },
  { abuse, G_N_ELEMENTS (abuse), 4 },
};

static const char *name_heads[] = {
  "sneakerhead", "kicks", "lena", "mateo", "drip", "berlin", "hype", "sofia", "lucas", "kai", "nora",
  "javi", "marta", "pablo", "emma", "finn", "yara", "diego", "lotte", "ines", "sole", "retro", "night",
  "lucia", "jonas", "carmen", "alex", "noah", "valen", "mila", "hugo", "paula", "streetwear",
};

static const char *name_tails[] = {
  "", "_99", "23", "_bln", "x", "_mad", "07", "fan", "_es", "_de", "2000", "_kicks", "_vlc", "1", "_fits",
};

/* Answers to someone else's message, sent as a reply. */
static const char *replies[] = {
  "same question here", "it runs true to size, got mine last drop", "+1", "lol fr",
  "they said the restock is next week", "mismo problema 😅", "check the pinned message",
  "I asked that too!", "pretty sure it's the 43", "jaja sí", "nah the sand one is better",
};

static const gint32 name_colours[] = {
  0xFF4500, 0x1E90FF, 0x2E8B57, 0xDAA520, 0x9ACD32, 0xFF69B4, 0x8A2BE2, 0x00CED1, 0xD2691E, 0xB22222, 0x5F9EA0,
};

static const char *
pick (GRand       *rand,
      const char **strings,
      guint        n)
{
  return strings[g_rand_int_range (rand, 0, (gint32) n)];
}

#define PICK(rand, array) pick ((rand), (array), G_N_ELEMENTS (array))

static void
init_viewers (DdDemoAudience *self)
{
  g_autoptr(GHashTable) taken = g_hash_table_new (g_str_hash, g_str_equal);

  self->viewers = g_new0 (Viewer, N_VIEWERS);

  for (guint i = 0; i < N_VIEWERS; i++)
    {
      Viewer *v = &self->viewers[i];
      const char *head = PICK (self->rand, name_heads);
      const char *tail = PICK (self->rand, name_tails);
      guint32 roll = (guint32) g_rand_int_range (self->rand, 0, 1000);

      v->login = g_strconcat (head, tail, NULL);
      if (g_hash_table_contains (taken, v->login))
        {
          char *numbered = g_strdup_printf ("%s%u", v->login, i);
          g_free (v->login);
          v->login = numbered;
        }
      g_hash_table_add (taken, v->login);

      /* Display names keep the login but capitalize it now and then. */
      v->display_name = g_strdup (v->login);
      if (roll % 3 == 0)
        v->display_name[0] = g_ascii_toupper (v->display_name[0]);
      v->color_rgb = roll % 7 == 0 ? -1 : name_colours[roll % G_N_ELEMENTS (name_colours)];
      v->flags = DD_CHAT_FLAG_SYNTHETIC;
      if (roll < 200)
        v->flags |= DD_CHAT_FLAG_SUBSCRIBER;
      if (roll >= 990)
        v->flags |= DD_CHAT_FLAG_MODERATOR;
      else if (roll >= 970)
        v->flags |= DD_CHAT_FLAG_VIP;

      /* Twitch's own forms: a numeric id and role/version badges. */
      v->user_id = g_strdup_printf ("%u", 40000000u + i * 7919u);
      if (v->flags & DD_CHAT_FLAG_MODERATOR)
        v->badges = g_strdup (v->flags & DD_CHAT_FLAG_SUBSCRIBER ? "moderator/1,subscriber/12"
                                                                 : "moderator/1");
      else if (v->flags & DD_CHAT_FLAG_VIP)
        v->badges = g_strdup ("vip/1");
      else if (v->flags & DD_CHAT_FLAG_SUBSCRIBER)
        v->badges = g_strdup_printf ("subscriber/%u", 1 + roll % 24);
    }
}

DdDemoAudience *
dd_demo_audience_new (guint32     seed,
                      const char *channel)
{
  DdDemoAudience *self = g_new0 (DdDemoAudience, 1);

  self->rand = g_rand_new_with_seed (seed);
  self->channel = g_strdup (channel != NULL ? channel : "#demo-drop");
  init_viewers (self);

  return self;
}

void
dd_demo_audience_free (DdDemoAudience *self)
{
  if (self == NULL)
    return;

  for (guint i = 0; i < N_VIEWERS; i++)
    {
      g_free (self->viewers[i].login);
      g_free (self->viewers[i].display_name);
      g_free (self->viewers[i].user_id);
      g_free (self->viewers[i].badges);
    }
  for (guint i = 0; i < N_RECENT; i++)
    {
      g_free (self->recent[i].id);
      g_free (self->recent[i].login);
      g_free (self->recent[i].text);
    }
  g_free (self->viewers);
  g_free (self->channel);
  g_rand_free (self->rand);
  g_free (self);
}

/* When nearly everyone is silenced: the first who is not, else `fallback`
 * (a moderator who silenced the whole audience still gets a message). */
static Viewer *
first_allowed_viewer (DdDemoAudience *self,
                      gint64          timestamp_us,
                      Viewer         *fallback)
{
  for (guint i = 0; i < N_VIEWERS; i++)
    if (self->viewers[i].silent_until_us <= timestamp_us)
      return &self->viewers[i];
  return fallback;
}

static const Category *
pick_category (GRand *rand)
{
  guint total = 0;
  guint roll;

  for (guint i = 0; i < G_N_ELEMENTS (categories); i++)
    total += categories[i].weight;

  roll = (guint) g_rand_int_range (rand, 0, (gint32) total);
  for (guint i = 0; i < G_N_ELEMENTS (categories); i++)
    {
      if (roll < categories[i].weight)
        return &categories[i];
      roll -= categories[i].weight;
    }

  return &categories[0];
}

static char *
expand (DdDemoAudience *self,
        const char     *template)
{
  const Product *product = &products[g_rand_int_range (self->rand, 0, G_N_ELEMENTS (products))];
  guint colour = (guint) g_rand_int_range (self->rand, 0, G_N_ELEMENTS (colours));
  const char *size = product->shoe ? PICK (self->rand, shoe_sizes) : PICK (self->rand, apparel_sizes);
  GString *out = g_string_sized_new (strlen (template) + 32);

  for (const char *p = template; *p != '\0'; p++)
    {
      if (*p != '{')
        {
          g_string_append_c (out, *p);
          continue;
        }

      if (g_str_has_prefix (p, "{city}"))
        {
          g_string_append (out, PICK (self->rand, cities));
          p += strlen ("{city}") - 1;
          continue;
        }

      switch (p[1])
        {
        case 'p':
          g_string_append (out, product->name);
          break;
        case 'k':
          g_string_append (out, product->code);
          break;
        case 'c':
          g_string_append (out, colours[colour]);
          break;
        case 'C':
          g_string_append (out, colour_codes[colour]);
          break;
        case 'z':
          g_string_append (out, size);
          break;
        case 'n':
          g_string_append_printf (out, "%d", g_rand_int_range (self->rand, 1, 4));
          break;
        default:
          g_string_append_c (out, *p);
          continue;
        }
      p += 2; /* the letter and the closing brace */
    }

  return g_string_free (out, FALSE);
}

DdChatMessage *
dd_demo_audience_next (DdDemoAudience *self,
                       gint64          timestamp_us)
{
  const Category *category;
  Viewer *viewer;
  g_autofree char *text = NULL;
  DdChatMessageInit init = { 0 };
  DdChatMessage *message;
  Said *answered = NULL;
  Said *slot;

  g_return_val_if_fail (self != NULL, NULL);

  /* A few regulars talk a lot; most viewers say something once or twice.
   * Someone a moderator silenced gives way to someone else. */
  for (guint tries = 0;; tries++)
    {
      if (g_rand_int_range (self->rand, 0, 4) == 0)
        viewer = &self->viewers[g_rand_int_range (self->rand, 0, 60)];
      else
        viewer = &self->viewers[g_rand_int_range (self->rand, 0, N_VIEWERS)];
      if (viewer->silent_until_us <= timestamp_us)
        break;
      if (tries == 64)
        {
          viewer = first_allowed_viewer (self, timestamp_us, viewer);
          break;
        }
    }

  category = pick_category (self->rand);
  text = expand (self, pick (self->rand, category->templates, category->n_templates));

  /* One message in fifteen answers one of the last few, in place of its
   * own text. */
  if (g_rand_int_range (self->rand, 0, 15) == 0)
    {
      answered = &self->recent[g_rand_int_range (self->rand, 0, N_RECENT)];
      if (answered->id == NULL || g_strcmp0 (answered->login, viewer->login) == 0)
        answered = NULL;
      else
        {
          g_free (text);
          text = g_strdup (PICK (self->rand, replies));
        }
    }

  init.source = DD_CHAT_SOURCE_AUDIENCE;
  init.channel = self->channel;
  init.author_login = viewer->login;
  init.display_name = viewer->display_name;
  init.color_rgb = viewer->color_rgb;
  init.text = text;
  init.timestamp_us = timestamp_us;
  init.flags = viewer->flags | (viewer->has_spoken ? 0 : DD_CHAT_FLAG_FIRST_MSG);
  init.moderation = DD_MODERATION_OK;
  init.moderation_score = 0.0f;
  init.intent = DD_INTENT_NONE;
  init.author_user_id = viewer->user_id;
  init.badges = viewer->badges;
  if (answered != NULL)
    {
      init.reply_parent_id = answered->id;
      init.reply_parent_login = answered->login;
      init.reply_parent_text = answered->text;
    }
  /* Now and then a cheer, as on Twitch. */
  if (category->templates == hype && g_rand_int_range (self->rand, 0, 20) == 0)
    init.bits = 100 * (guint) g_rand_int_range (self->rand, 1, 6);

  viewer->has_spoken = TRUE;
  message = dd_chat_message_new (&init);

  slot = &self->recent[self->recent_pos];
  self->recent_pos = (self->recent_pos + 1) % N_RECENT;
  g_free (slot->id);
  g_free (slot->login);
  g_free (slot->text);
  slot->id = g_strdup (dd_chat_message_get_id (message));
  slot->login = g_strdup (viewer->login);
  slot->text = g_strdup (dd_chat_message_get_text (message));

  return message;
}

void
dd_demo_audience_silence (DdDemoAudience *self,
                          const char     *login,
                          gint64          until_us)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (login != NULL);

  for (guint i = 0; i < N_VIEWERS; i++)
    if (g_str_equal (self->viewers[i].login, login))
      self->viewers[i].silent_until_us = until_us;
}
