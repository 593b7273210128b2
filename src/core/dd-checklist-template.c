/* dd-checklist-template.c — the default templates and instantiation
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "dd-checklist-template.h"
#include "dd-core-error.h"

typedef struct
{
  const char          *id;
  const char          *title;        /* marked with N_(), translated on use */
  DdRole               owner;
  DdChecklistItemKind  kind;
  const char          *probe_id;
  int                  due_minutes;  /* relative to the drop start */
  gboolean             blocking;
  const char          *depends_on[4];
} TemplateItem;

#define MANUAL DD_CHECKLIST_ITEM_MANUAL, NULL
#define PROBE(id) DD_CHECKLIST_ITEM_AUTOMATED, id

/* The playbook: what has to be true before the squad goes live. */
static const TemplateItem pre_drop[] = {
  { "preflight-load", N_("Run synthetic load for chat and checkout at 5,000 concurrent viewers"),
    DD_ROLE_ENGINEER_ON_CALL, PROBE ("preflight-load"), -120, TRUE, { NULL } },
  { "offline-mode", N_("Validate offline mode: go offline, edit an offer, reconnect, see it synced"),
    DD_ROLE_ENGINEER_ON_CALL, MANUAL, -90, TRUE, { NULL } },
  { "refund-limits", N_("Pre-approve refunds (refund limits per role)"),
    DD_ROLE_PRODUCER, MANUAL, -120, TRUE, { NULL } },
  { "express-returns", N_("Set the express returns path"),
    DD_ROLE_OPS_LEAD, MANUAL, -90, TRUE, { "refund-limits", NULL } },
  { "secondary-comms", N_("Bind a secondary comms provider"),
    DD_ROLE_ENGINEER_ON_CALL, MANUAL, -60, TRUE, { NULL } },
  { "secondary-comms-reachable", N_("Check the secondary comms provider is reachable"),
    DD_ROLE_ENGINEER_ON_CALL, PROBE ("comms-reachable"), -45, TRUE, { "secondary-comms", NULL } },
  { "map-tiles", N_("Cache map tiles for the venue"),
    DD_ROLE_OPS_LEAD, MANUAL, -60, TRUE, { NULL } },
  { "stock-allocation", N_("Check stock allocation per hub"),
    DD_ROLE_OPS_LEAD, PROBE ("stock-allocation"), -30, TRUE, { NULL } },
  { "ad-disclosure", N_("Schedule the ad-disclosure cues"),
    DD_ROLE_CREATOR_LIAISON, MANUAL, -30, TRUE, { NULL } },
  { "mod-rules", N_("Load moderation rules and scam-link patterns"),
    DD_ROLE_MOD_TRUST_LEAD, MANUAL, -45, TRUE, { NULL } },
};

static const TemplateItem live[] = {
  { "pin-first-cue", N_("Pin the opening offer cue"),
    DD_ROLE_CREATOR_LIAISON, MANUAL, 1, FALSE, { NULL } },
  { "checkout-errors", N_("Watch the checkout error rate"),
    DD_ROLE_ENGINEER_ON_CALL, PROBE ("checkout-errors"), 5, FALSE, { NULL } },
  { "scam-sweep", N_("Sweep the chat for scam links"),
    DD_ROLE_MOD_TRUST_LEAD, MANUAL, 10, FALSE, { NULL } },
  { "hub-capacity", N_("Re-route orders away from saturated hubs"),
    DD_ROLE_OPS_LEAD, MANUAL, 15, FALSE, { NULL } },
};

static const TemplateItem post_drop[] = {
  { "close-offers", N_("End the remaining offers"),
    DD_ROLE_PRODUCER, MANUAL, 65, TRUE, { NULL } },
  { "refund-queue", N_("Clear the refund queue"),
    DD_ROLE_OPS_LEAD, MANUAL, 120, TRUE, { "close-offers", NULL } },
  { "export-chat", N_("Export the chat archive and moderation log"),
    DD_ROLE_MOD_TRUST_LEAD, MANUAL, 120, TRUE, { NULL } },
  { "incident-review", N_("Write up incidents and the load figures"),
    DD_ROLE_ENGINEER_ON_CALL, MANUAL, 1440, TRUE, { "refund-queue", "export-chat", NULL } },
};

#undef MANUAL
#undef PROBE

static DdChecklist *
build_template (const char         *id,
                const char         *title,
                DdChecklistPhase    phase,
                const TemplateItem *items,
                guint               n_items)
{
  g_autoptr(DdChecklist) tmpl = dd_checklist_new (id, title, phase);

  for (guint i = 0; i < n_items; i++)
    {
      const TemplateItem *d = &items[i];
      g_autoptr(DdChecklistItem) item = dd_checklist_item_new (d->id, _(d->title), d->owner, d->kind);
      g_autoptr(GError) error = NULL;

      dd_checklist_item_set_probe_id (item, d->probe_id);
      dd_checklist_item_set_due_offset (item, (gint64) d->due_minutes * 60);
      dd_checklist_item_set_blocking (item, d->blocking);
      for (guint k = 0; k < G_N_ELEMENTS (d->depends_on) && d->depends_on[k] != NULL; k++)
        dd_checklist_item_add_dependency (item, d->depends_on[k]);

      if (!dd_checklist_add_item (tmpl, item, &error))
        g_error ("Default checklist template %s: %s", id, error->message);
    }

  return g_steal_pointer (&tmpl);
}

GPtrArray *
dd_checklist_template_new_defaults (void)
{
  GPtrArray *templates = g_ptr_array_new_with_free_func (g_object_unref);

  g_ptr_array_add (templates, build_template ("pre-drop", _("Pre-drop checklist"),
                                              DD_CHECKLIST_PHASE_PRE_DROP,
                                              pre_drop, G_N_ELEMENTS (pre_drop)));
  g_ptr_array_add (templates, build_template ("live", _("Live checklist"),
                                              DD_CHECKLIST_PHASE_LIVE,
                                              live, G_N_ELEMENTS (live)));
  g_ptr_array_add (templates, build_template ("post-drop", _("Post-drop checklist"),
                                              DD_CHECKLIST_PHASE_POST_DROP,
                                              post_drop, G_N_ELEMENTS (post_drop)));
  return templates;
}

DdChecklist *
dd_checklist_template_from_checklist (DdChecklist *checklist)
{
  g_autoptr(DdChecklist) tmpl = NULL;
  guint n;

  g_return_val_if_fail (DD_IS_CHECKLIST (checklist), NULL);

  tmpl = dd_checklist_new (dd_checklist_get_id (checklist),
                           dd_checklist_get_title (checklist),
                           dd_checklist_get_phase (checklist));
  n = g_list_model_get_n_items (G_LIST_MODEL (checklist));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(DdChecklistItem) item = g_list_model_get_item (G_LIST_MODEL (checklist), i);
      g_autoptr(DdChecklistItem) copy = dd_checklist_item_copy_definition (item);

      /* The ids were unique in `checklist`, so this cannot fail. */
      dd_checklist_add_item (tmpl, copy, NULL);
    }

  return g_steal_pointer (&tmpl);
}

DdChecklist *
dd_checklist_template_instantiate (DdChecklist  *tmpl,
                                   GError      **error)
{
  g_return_val_if_fail (DD_IS_CHECKLIST (tmpl), NULL);

  if (!dd_checklist_validate (tmpl, error))
    return NULL;

  return dd_checklist_template_from_checklist (tmpl);
}
