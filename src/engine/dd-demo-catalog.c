/* dd-demo-catalog.c — the seeded demo drop: offers, bundles, hubs, stock, checklists
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "dd-demo-catalog.h"

#define MINUTE_US (G_USEC_PER_SEC * (gint64) 60)

struct _DdDemoCatalog
{
  GObject    parent_instance;
  gint64     start_time;
  GPtrArray *offers;
  GPtrArray *hubs;
  GPtrArray *stock;
  GPtrArray *checklists;
  GPtrArray *price_history;
};

G_DEFINE_FINAL_TYPE (DdDemoCatalog, dd_demo_catalog, G_TYPE_OBJECT)

typedef struct
{
  const char      *id;
  const char      *title;
  const char      *sku;
  gint64           price;          /* EUR cents */
  gint64           compare_at;     /* 0: none */
  DdOfferState     state;
  int              window_start;   /* minutes after the drop start */
  int              window_end;
  guint            per_buyer_cap;
  DdLatencyBucket  bucket;
  const char      *components[3]; /* bundles: component SKUs, one each */
} DemoOffer;

static const DemoOffer demo_offers[] = {
  { "offer-aa12-wht-42", "Aero Runner 12 Sneaker, White, EU 42", "AA12-WHT-42", 11900, 14900, DD_OFFER_STATE_LIVE, -10, 60, 2, DD_LATENCY_BUCKET_TWO_HOURS, { NULL } },
  { "offer-aa12-wht-44", "Aero Runner 12 Sneaker, White, EU 44", "AA12-WHT-44", 11900, 14900, DD_OFFER_STATE_LIVE, -10, 60, 2, DD_LATENCY_BUCKET_TWO_HOURS, { NULL } },
  { "offer-aa12-blk-43", "Aero Runner 12 Sneaker, Black, EU 43", "AA12-BLK-43", 11900, 0, DD_OFFER_STATE_LIVE, -10, 60, 2, DD_LATENCY_BUCKET_TWO_HOURS, { NULL } },
  { "offer-cc07-owh-41", "Court Classic Low, Off-White, EU 41", "CC07-OWH-41", 8900, 9900, DD_OFFER_STATE_LIVE, 0, 45, 2, DD_LATENCY_BUCKET_SAME_DAY, { NULL } },
  { "offer-cc07-owh-43", "Court Classic Low, Off-White, EU 43", "CC07-OWH-43", 8900, 9900, DD_OFFER_STATE_SCHEDULED, 20, 80, 2, DD_LATENCY_BUCKET_SAME_DAY, { NULL } },
  { "offer-tf33-olv-44", "Trail Fox GTX Hiker, Olive, EU 44", "TF33-OLV-44", 15900, 17900, DD_OFFER_STATE_SCHEDULED, 30, 90, 1, DD_LATENCY_BUCKET_NEXT_DAY, { NULL } },
  { "offer-ht01-wht-s", "Heavyweight Box Tee, White, S", "HT01-WHT-S", 3500, 0, DD_OFFER_STATE_LIVE, -10, 60, 4, DD_LATENCY_BUCKET_TWO_HOURS, { NULL } },
  { "offer-ht01-wht-m", "Heavyweight Box Tee, White, M", "HT01-WHT-M", 3500, 0, DD_OFFER_STATE_LIVE, -10, 60, 4, DD_LATENCY_BUCKET_TWO_HOURS, { NULL } },
  { "offer-ht01-blk-l", "Heavyweight Box Tee, Black, L", "HT01-BLK-L", 3500, 0, DD_OFFER_STATE_LIVE, -10, 60, 4, DD_LATENCY_BUCKET_TWO_HOURS, { NULL } },
  { "offer-wh22-snd-m", "Washed Logo Hoodie, Sand, M", "WH22-SND-M", 7900, 9500, DD_OFFER_STATE_LIVE, 0, 60, 2, DD_LATENCY_BUCKET_SAME_DAY, { NULL } },
  { "offer-wh22-snd-l", "Washed Logo Hoodie, Sand, L", "WH22-SND-L", 7900, 9500, DD_OFFER_STATE_LIVE, 0, 60, 2, DD_LATENCY_BUCKET_SAME_DAY, { NULL } },
  { "offer-nc15-nvy-m", "Nylon Coach Jacket, Navy, M", "NC15-NVY-M", 12900, 0, DD_OFFER_STATE_SCHEDULED, 15, 75, 1, DD_LATENCY_BUCKET_SAME_DAY, { NULL } },
  { "offer-cp09-stn-m", "Cargo Parachute Pant, Stone, M", "CP09-STN-M", 8900, 10900, DD_OFFER_STATE_LIVE, 0, 60, 2, DD_LATENCY_BUCKET_SAME_DAY, { NULL } },
  { "offer-cp09-blk-s", "Cargo Parachute Pant, Black, S", "CP09-BLK-S", 8900, 10900, DD_OFFER_STATE_SCHEDULED, 25, 85, 2, DD_LATENCY_BUCKET_SAME_DAY, { NULL } },
  { "offer-rb03-rst-os", "Ribbed Beanie, Rust", "RB03-RST-OS", 2500, 0, DD_OFFER_STATE_DRAFT, 0, 0, 3, DD_LATENCY_BUCKET_NEXT_DAY, { NULL } },
  { "offer-cs05-wht-os", "Crew Socks 3-Pack, White", "CS05-WHT-OS", 1800, 0, DD_OFFER_STATE_LIVE, -10, 60, 5, DD_LATENCY_BUCKET_TWO_HOURS, { NULL } },
  { "offer-ct02-nat-os", "Canvas Tote Bag, Natural", "CT02-NAT-OS", 2200, 0, DD_OFFER_STATE_LIVE, -10, 60, 3, DD_LATENCY_BUCKET_TWO_HOURS, { NULL } },
  { "offer-fz11-for-l", "Fleece Half-Zip, Forest, L", "FZ11-FOR-L", 9900, 11900, DD_OFFER_STATE_DRAFT, 0, 0, 2, DD_LATENCY_BUCKET_NEXT_DAY, { NULL } },
  { "offer-rt18-red-m", "Retro Track Jacket, Red/White, M", "RT18-RED-M", 10900, 0, DD_OFFER_STATE_SCHEDULED, 40, 100, 1, DD_LATENCY_BUCKET_SAME_DAY, { NULL } },
  { "offer-ss21-brn-42", "Suede Skate Shoe, Brown, EU 42", "SS21-BRN-42", 9500, 0, DD_OFFER_STATE_LIVE, 0, 60, 2, DD_LATENCY_BUCKET_SAME_DAY, { NULL } },
  { "offer-rc04-blk-os", "Reflective Cap, Black", "RC04-BLK-OS", 2900, 0, DD_OFFER_STATE_LIVE, -10, 60, 3, DD_LATENCY_BUCKET_TWO_HOURS, { NULL } },
  { "offer-bn01-run-42", "Runner Starter Kit (Aero Runner White EU 42 + Socks)", "BN01-RUN-42", 12900, 13700, DD_OFFER_STATE_LIVE, 0, 60, 1, DD_LATENCY_BUCKET_TWO_HOURS,
    { "AA12-WHT-42", "CS05-WHT-OS", NULL } },
  { "offer-bn02-tee-mix", "Tee Triple Pack (White S, White M, Black L)", "BN02-TEE-MIX", 8900, 10500, DD_OFFER_STATE_LIVE, 0, 60, 2, DD_LATENCY_BUCKET_TWO_HOURS,
    { "HT01-WHT-S", "HT01-WHT-M", "HT01-BLK-L" } },
  { "offer-bn03-cld-m", "Cold Snap Set (Washed Hoodie Sand M + Beanie)", "BN03-CLD-M", 9500, 10400, DD_OFFER_STATE_SCHEDULED, 30, 90, 1, DD_LATENCY_BUCKET_SAME_DAY,
    { "WH22-SND-M", "RB03-RST-OS", NULL } },
  { "offer-bn04-str-m", "Street Fit (Coach Jacket Navy M + Cargo Pant Stone M)", "BN04-STR-M", 19900, 21800, DD_OFFER_STATE_SCHEDULED, 45, 105, 1, DD_LATENCY_BUCKET_SAME_DAY,
    { "NC15-NVY-M", "CP09-STN-M", NULL } },
  { "offer-bn05-wkd-os", "Weekend Carry (Tote + Cap + Socks)", "BN05-WKD-OS", 5900, 6900, DD_OFFER_STATE_DRAFT, 0, 0, 2, DD_LATENCY_BUCKET_NEXT_DAY,
    { "CT02-NAT-OS", "RC04-BLK-OS", "CS05-WHT-OS" } },
};

typedef struct
{
  const char *id;
  const char *name;
  const char *address;
  double      latitude;
  double      longitude;
  guint       capacity_per_hour;
  guint       couriers;
  guint       cutoff_after;   /* minutes after the demo opens */
} DemoHub;

static const DemoHub demo_hubs[] = {
  { "hub-mitte", "Mitte", "Rosenthaler Straße 40, 10178 Berlin", 52.5200, 13.4050, 120, 8, 6 * 60 },
  { "hub-kreuzberg", "Kreuzberg", "Oranienstraße 25, 10999 Berlin", 52.4986, 13.4030, 90, 6, 5 * 60 + 30 },
  { "hub-friedrichshain", "Friedrichshain", "Warschauer Straße 33, 10243 Berlin", 52.5156, 13.4540, 100, 7, 6 * 60 },
  { "hub-prenzlauer-berg", "Prenzlauer Berg", "Kastanienallee 12, 10435 Berlin", 52.5388, 13.4244, 80, 5, 5 * 60 },
  { "hub-neukoelln", "Neukölln", "Karl-Marx-Straße 101, 12043 Berlin", 52.4811, 13.4353, 70, 5, 5 * 60 },
  { "hub-charlottenburg", "Charlottenburg", "Kantstraße 55, 10627 Berlin", 52.5163, 13.3041, 60, 4, 4 * 60 + 30 },
  { "hub-wedding", "Wedding", "Müllerstraße 147, 13353 Berlin", 52.5450, 13.3590, 50, 3, 4 * 60 },
};

typedef struct
{
  const char          *id;
  const char          *title;        /* translatable, marked with N_() */
  DdRole               owner;
  DdChecklistItemKind  kind;
  int                  due_minutes;  /* relative to the drop start */
  const char          *depends_on[6];
  const char          *done_by;      /* seeded as signed off by this member */
} DemoItem;

/* The demo opens two minutes before the drop: the squad has signed off what
 * was due earlier, and what is left is due in the next minutes, so nothing
 * starts out overdue. */
static const DemoItem pre_drop_items[] = {
  /* The preflight is left to run in the demo (against the preflight-*
   * settings' targets): the last check before the poll. */
  { "load-test", N_("Run the synthetic load test (5,000 viewers)"), DD_ROLE_ENGINEER_ON_CALL, DD_CHECKLIST_ITEM_AUTOMATED, -1, { NULL }, NULL },
  { "offline-mode", N_("Validate offline mode on every squad laptop"), DD_ROLE_ENGINEER_ON_CALL, DD_CHECKLIST_ITEM_MANUAL, -90, { NULL }, "engineer-on-call:Priya Raman" },
  { "secondary-comms", N_("Test the secondary comms provider"), DD_ROLE_ENGINEER_ON_CALL, DD_CHECKLIST_ITEM_MANUAL, -60, { "offline-mode", NULL }, "engineer-on-call:Priya Raman" },
  { "refund-limits", N_("Pre-approve refund limits"), DD_ROLE_PRODUCER, DD_CHECKLIST_ITEM_MANUAL, -120, { NULL }, "producer:Maya Okafor" },
  { "price-review", N_("Review prices and compare-at claims"), DD_ROLE_PRODUCER, DD_CHECKLIST_ITEM_MANUAL, -40, { NULL }, "producer:Maya Okafor" },
  { "express-returns", N_("Set up the express returns path"), DD_ROLE_OPS_LEAD, DD_CHECKLIST_ITEM_MANUAL, -90, { "refund-limits", NULL }, "ops-lead:Jonas Weber" },
  { "map-tiles", N_("Cache map tiles for the venue"), DD_ROLE_OPS_LEAD, DD_CHECKLIST_ITEM_MANUAL, -60, { NULL }, "ops-lead:Jonas Weber" },
  { "stock-allocation", N_("Check stock allocation per hub"), DD_ROLE_OPS_LEAD, DD_CHECKLIST_ITEM_AUTOMATED, -1, { "map-tiles", NULL }, NULL },
  { "ad-disclosure", N_("Schedule ad-disclosure cues"), DD_ROLE_CREATOR_LIAISON, DD_CHECKLIST_ITEM_MANUAL, -30, { NULL }, "creator-liaison:Lucía Fernández" },
  { "run-of-show", N_("Walk the creator through the run of show"), DD_ROLE_CREATOR_LIAISON, DD_CHECKLIST_ITEM_MANUAL, -1, { "ad-disclosure", NULL }, NULL },
  { "mod-rules", N_("Load moderation rules and scam-link patterns"), DD_ROLE_MOD_TRUST_LEAD, DD_CHECKLIST_ITEM_MANUAL, -45, { NULL }, "mod-trust-lead:Tomasz Nowak" },
  { "mod-roster", N_("Brief the moderators on the escalation path"), DD_ROLE_MOD_TRUST_LEAD, DD_CHECKLIST_ITEM_MANUAL, -1, { "mod-rules", NULL }, NULL },
  { "go-no-go", N_("Hold the go/no-go poll"), DD_ROLE_PRODUCER, DD_CHECKLIST_ITEM_MANUAL, 0,
    { "secondary-comms", "express-returns", "stock-allocation", "run-of-show", "mod-roster", "price-review" }, NULL },
};

static const DemoItem live_items[] = {
  { "pin-first-cue", N_("Pin the opening offer cue"), DD_ROLE_CREATOR_LIAISON, DD_CHECKLIST_ITEM_MANUAL, 1, { NULL } },
  { "checkout-errors", N_("Watch the checkout error rate"), DD_ROLE_ENGINEER_ON_CALL, DD_CHECKLIST_ITEM_AUTOMATED, 5, { NULL } },
  { "scam-sweep", N_("Sweep the chat for scam links"), DD_ROLE_MOD_TRUST_LEAD, DD_CHECKLIST_ITEM_MANUAL, 10, { NULL } },
  { "hub-capacity", N_("Re-route orders away from saturated hubs"), DD_ROLE_OPS_LEAD, DD_CHECKLIST_ITEM_MANUAL, 15, { NULL } },
  { "mid-drop-pricing", N_("Approve the mid-drop price drop"), DD_ROLE_PRODUCER, DD_CHECKLIST_ITEM_MANUAL, 30, { "hub-capacity", NULL } },
};

static const DemoItem post_drop_items[] = {
  { "close-offers", N_("End the remaining offers"), DD_ROLE_PRODUCER, DD_CHECKLIST_ITEM_MANUAL, 65, { NULL } },
  { "refund-queue", N_("Clear the refund queue"), DD_ROLE_OPS_LEAD, DD_CHECKLIST_ITEM_MANUAL, 120, { "close-offers", NULL } },
  { "export-chat", N_("Export the chat archive and moderation log"), DD_ROLE_MOD_TRUST_LEAD, DD_CHECKLIST_ITEM_MANUAL, 120, { NULL } },
  { "thank-creator", N_("Send the creator the sales recap"), DD_ROLE_CREATOR_LIAISON, DD_CHECKLIST_ITEM_MANUAL, 180, { "close-offers", NULL } },
  { "incident-review", N_("Write up incidents and the load figures"), DD_ROLE_ENGINEER_ON_CALL, DD_CHECKLIST_ITEM_MANUAL, 1440, { "refund-queue", "export-chat", NULL } },
};

static void
dd_demo_catalog_finalize (GObject *object)
{
  DdDemoCatalog *self = DD_DEMO_CATALOG (object);

  g_clear_pointer (&self->offers, g_ptr_array_unref);
  g_clear_pointer (&self->hubs, g_ptr_array_unref);
  g_clear_pointer (&self->stock, g_ptr_array_unref);
  g_clear_pointer (&self->checklists, g_ptr_array_unref);
  g_clear_pointer (&self->price_history, g_ptr_array_unref);

  G_OBJECT_CLASS (dd_demo_catalog_parent_class)->finalize (object);
}

static void
dd_demo_catalog_class_init (DdDemoCatalogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = dd_demo_catalog_finalize;
}

static void
dd_demo_catalog_init (DdDemoCatalog *self)
{
  self->offers = g_ptr_array_new_with_free_func (g_object_unref);
  self->hubs = g_ptr_array_new_with_free_func (g_object_unref);
  self->stock = g_ptr_array_new_with_free_func (g_object_unref);
  self->checklists = g_ptr_array_new_with_free_func (g_object_unref);
  self->price_history = g_ptr_array_new_with_free_func ((GDestroyNotify) dd_price_record_free);
}

/* Units of SKU number `offer_index` on hand at hub number `hub_index`;
 * 0 when that hub does not carry it. Deterministic, so every seeded demo
 * is the same drop. */
static gint64
demo_on_hand (guint offer_index,
              guint hub_index)
{
  if ((offer_index + hub_index) % 4 == 3)
    return 0;

  return 8 + (gint64) ((offer_index * 7 + hub_index * 5) % 17);
}

/* A realistic regular-price history before the drop's sale prices, which
 * take effect when the demo is seeded: offers with a "was" price sold at
 * list price + 10 % until 75 days before the drop, then at the "was" price;
 * offers without one at their price for 90 days. One offer's "was" claim is
 * genuinely false, so the prior-price guard is visible: the cargo pant in
 * black ran a flash sale at 94.00 two weeks before the drop. */
#define DEMO_FALSE_WAS_OFFER "offer-cp09-blk-s"

static void
add_price_point (DdDemoCatalog   *self,
                 const DemoOffer *d,
                 gint64           minor,
                 int              days_before_start)
{
  DdMoney price = dd_money_init (minor, "EUR");

  g_ptr_array_add (self->price_history,
                   dd_price_record_new (d->id, d->sku, &price,
                                        self->start_time - days_before_start * G_TIME_SPAN_DAY));
}

static void
add_price_history (DdDemoCatalog   *self,
                   const DemoOffer *d)
{
  if (d->compare_at == 0)
    {
      add_price_point (self, d, d->price, 90);
      return;
    }

  add_price_point (self, d, (d->compare_at * 11 / 10 + 99) / 100 * 100, 120);
  add_price_point (self, d, d->compare_at, 75);
  if (strcmp (d->id, DEMO_FALSE_WAS_OFFER) == 0)
    {
      add_price_point (self, d, 9400, 14);
      add_price_point (self, d, d->compare_at, 10);
    }
}

static void
add_offers_and_stock (DdDemoCatalog *self)
{
  for (guint i = 0; i < G_N_ELEMENTS (demo_offers); i++)
    {
      const DemoOffer *d = &demo_offers[i];
      g_autoptr(DdOffer) offer = dd_offer_new (d->id, d->title, d->sku);
      DdMoney price = dd_money_init (d->price, "EUR");
      guint allocated_total = 0;

      dd_offer_set_price (offer, &price);
      if (d->compare_at > 0)
        {
          DdMoney compare_at = dd_money_init (d->compare_at, "EUR");
          dd_offer_set_compare_at_price (offer, &compare_at);
        }
      dd_offer_set_state (offer, d->state);
      if (d->window_end > d->window_start)
        dd_offer_set_window (offer,
                             self->start_time + d->window_start * MINUTE_US,
                             self->start_time + d->window_end * MINUTE_US);
      dd_offer_set_per_buyer_cap (offer, d->per_buyer_cap);
      dd_offer_set_latency_bucket (offer, d->bucket);

      for (guint c = 0; c < G_N_ELEMENTS (d->components) && d->components[c] != NULL; c++)
        {
          g_autoptr(GError) error = NULL;

          if (!dd_offer_add_component (offer, d->components[c], 1, &error))
            g_error ("Demo bundle %s: %s", d->sku, error->message);
        }

      for (guint h = 0; h < G_N_ELEMENTS (demo_hubs); h++)
        {
          /* The beanie is only at Friedrichshain and Wedding, which have no
           * sand hoodie in M: the Cold Snap Set needs a cross-hub pick. */
          gint64 on_hand = strcmp (d->id, "offer-rb03-rst-os") == 0 && strcmp (demo_hubs[h].id, "hub-wedding") != 0
                           && strcmp (demo_hubs[h].id, "hub-friedrichshain") != 0
                           ? 0 : demo_on_hand (i, h);
          /* Drafts are not allocated yet; others keep a fifth in reserve. */
          gint64 allocated = d->state == DD_OFFER_STATE_DRAFT ? 0 : on_hand - on_hand / 5;
          g_autoptr(DdStockLevel) level = NULL;
          g_autoptr(GError) error = NULL;

          if (on_hand == 0)
            continue;

          level = dd_stock_level_new (demo_hubs[h].id, d->sku);
          if (!dd_stock_level_set_on_hand (level, on_hand, &error) ||
              (allocated > 0 && !dd_stock_level_allocate (level, allocated, &error)))
            g_error ("Demo stock %s at %s: %s", d->sku, demo_hubs[h].id, error->message);

          allocated_total += (guint) allocated;
          g_ptr_array_add (self->stock, g_steal_pointer (&level));
        }

      dd_offer_set_stock_allocated (offer, allocated_total);
      g_ptr_array_add (self->offers, g_steal_pointer (&offer));
      add_price_history (self, d);
    }
}

/* Bundles promise what their components' stock allows. */
static void
derive_bundle_buckets (DdDemoCatalog *self)
{
  for (guint i = 0; i < self->offers->len; i++)
    {
      DdOffer *offer = g_ptr_array_index (self->offers, i);
      DdBundleFulfilment fulfilment;

      if (!dd_offer_is_bundle (offer))
        continue;
      dd_bundle_derive_fulfilment (offer, self->stock, self->hubs, &fulfilment);
      dd_offer_set_latency_bucket (offer, fulfilment.bucket);
    }
}

/* The demo's drop happens whenever someone opens it, so its hubs' same-day
 * cut-offs are hours after that moment rather than fixed clock times (which
 * made an evening demo pause its same-day offers at once).  A cut-off cannot
 * pass midnight, so late at night they stop at 23:59. */
static guint
demo_cutoff_minute (guint minutes_after_open)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  guint open = (guint) (g_date_time_get_hour (now) * 60 + g_date_time_get_minute (now));

  return MIN (open + minutes_after_open, 24 * 60 - 1);
}

static void
add_hubs (DdDemoCatalog *self)
{
  for (guint h = 0; h < G_N_ELEMENTS (demo_hubs); h++)
    {
      const DemoHub *d = &demo_hubs[h];
      g_autoptr(DdHub) hub = dd_hub_new (d->id, d->name);
      g_autoptr(GError) error = NULL;

      dd_hub_set_address (hub, d->address);
      if (!dd_hub_set_location (hub, d->latitude, d->longitude, &error) ||
          !dd_hub_set_capacity_per_hour (hub, d->capacity_per_hour, &error))
        g_error ("Demo hub %s: %s", d->id, error->message);
      dd_hub_set_couriers (hub, d->couriers);
      dd_hub_set_cutoff_minute (hub, demo_cutoff_minute (d->cutoff_after));
      dd_hub_set_open (hub, TRUE);

      g_ptr_array_add (self->hubs, g_steal_pointer (&hub));
    }
}

static void
add_checklist (DdDemoCatalog    *self,
               const char       *id,
               const char       *title,
               DdChecklistPhase  phase,
               const DemoItem   *items,
               guint             n_items)
{
  g_autoptr(DdChecklist) checklist = dd_checklist_new (id, title, phase);

  for (guint i = 0; i < n_items; i++)
    {
      const DemoItem *d = &items[i];
      g_autoptr(DdChecklistItem) item = dd_checklist_item_new (d->id, _(d->title), d->owner, d->kind);
      g_autoptr(GError) error = NULL;

      dd_checklist_item_set_due_offset (item, (gint64) d->due_minutes * 60);
      /* Holding the poll cannot be a condition of the poll's own GO. */
      if (g_strcmp0 (d->id, "go-no-go") == 0)
        dd_checklist_item_set_blocking (item, FALSE);
      if (g_strcmp0 (d->id, "load-test") == 0)
        dd_checklist_item_set_probe_id (item, "preflight-load");
      if (d->done_by != NULL)
        dd_checklist_item_restore_state (item, DD_CHECKLIST_ITEM_DONE, d->done_by,
                                         self->start_time + (gint64) d->due_minutes * MINUTE_US,
                                         NULL);
      for (guint k = 0; k < G_N_ELEMENTS (d->depends_on) && d->depends_on[k] != NULL; k++)
        dd_checklist_item_add_dependency (item, d->depends_on[k]);

      if (!dd_checklist_add_item (checklist, item, &error))
        g_error ("Demo checklist %s: %s", id, error->message);
    }

  g_ptr_array_add (self->checklists, g_steal_pointer (&checklist));
}

DdDemoCatalog *
dd_demo_catalog_new (gint64 drop_start_us)
{
  DdDemoCatalog *self = g_object_new (DD_TYPE_DEMO_CATALOG, NULL);

  self->start_time = drop_start_us;

  add_hubs (self);
  add_offers_and_stock (self);
  derive_bundle_buckets (self);
  add_checklist (self, "pre-drop", _("Pre-drop checklist"), DD_CHECKLIST_PHASE_PRE_DROP,
                 pre_drop_items, G_N_ELEMENTS (pre_drop_items));
  add_checklist (self, "live", _("Live checklist"), DD_CHECKLIST_PHASE_LIVE,
                 live_items, G_N_ELEMENTS (live_items));
  add_checklist (self, "post-drop", _("Post-drop checklist"), DD_CHECKLIST_PHASE_POST_DROP,
                 post_drop_items, G_N_ELEMENTS (post_drop_items));

  return self;
}

const char *
dd_demo_catalog_get_title (DdDemoCatalog *self)
{
  g_return_val_if_fail (DD_IS_DEMO_CATALOG (self), NULL);

  return _("Autumn Sneaker & Streetwear Drop");
}

gint64
dd_demo_catalog_get_start_time (DdDemoCatalog *self)
{
  g_return_val_if_fail (DD_IS_DEMO_CATALOG (self), 0);

  return self->start_time;
}

GPtrArray *
dd_demo_catalog_get_offers (DdDemoCatalog *self)
{
  g_return_val_if_fail (DD_IS_DEMO_CATALOG (self), NULL);

  return self->offers;
}

GPtrArray *
dd_demo_catalog_get_price_history (DdDemoCatalog *self)
{
  g_return_val_if_fail (DD_IS_DEMO_CATALOG (self), NULL);

  return self->price_history;
}

GPtrArray *
dd_demo_catalog_get_hubs (DdDemoCatalog *self)
{
  g_return_val_if_fail (DD_IS_DEMO_CATALOG (self), NULL);

  return self->hubs;
}

GPtrArray *
dd_demo_catalog_get_stock (DdDemoCatalog *self)
{
  g_return_val_if_fail (DD_IS_DEMO_CATALOG (self), NULL);

  return self->stock;
}

GPtrArray *
dd_demo_catalog_get_checklists (DdDemoCatalog *self)
{
  g_return_val_if_fail (DD_IS_DEMO_CATALOG (self), NULL);

  return self->checklists;
}
