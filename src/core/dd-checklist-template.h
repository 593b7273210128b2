/* dd-checklist-template.h — checklist templates: the playbook a squad starts from
 *
 * A template is a DdChecklist whose items are definitions: owner, kind,
 * probe, due time, blocking flag and dependencies, with nothing signed.
 * A drop's checklists are instantiated from templates; templates load from
 * and export to a JSON file:
 *
 *   {
 *     "dropdeck-checklist-templates": 1,
 *     "templates": [
 *       {
 *         "id": "pre-drop",
 *         "title": "Pre-drop checklist",
 *         "phase": "pre-drop",                 // "pre-drop", "live" or "post-drop"
 *         "items": [
 *           {
 *             "id": "preflight-load",          // unique in the template
 *             "title": "Run synthetic load ...",
 *             "description": "...",            // optional
 *             "owner": "engineer-on-call",     // required: a role nick (dd-role.h)
 *             "kind": "automated",             // "manual" (default) or "automated"
 *             "probe": "preflight-load",       // automated items: the probe to run
 *             "due_minutes": -120,             // relative to the drop start (or "due_seconds")
 *             "blocking": true,                // default true: must be done for GO
 *             "depends_on": ["offline-mode"]   // ids in the same template
 *           }
 *         ]
 *       }
 *     ]
 *   }
 *
 * Bad files are refused whole with DD_CORE_ERROR_INVALID_FIELD, the message
 * naming the file, the line and the field.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "dd-checklist.h"

G_BEGIN_DECLS

/* The version written to and accepted from template files. */
#define DD_CHECKLIST_TEMPLATES_FORMAT 1

/* The default templates, a GPtrArray of DdChecklist: pre-drop (the
 * playbook), live and post-drop. */
GPtrArray   *dd_checklist_template_new_defaults  (void);
/* Validates `tmpl` (owners, dependencies, cycles) and returns a new
 * checklist of open items from it. */
DdChecklist *dd_checklist_template_instantiate   (DdChecklist  *tmpl,
                                                  GError      **error);
/* A template from a checklist in use: its definitions, without sign-offs. */
DdChecklist *dd_checklist_template_from_checklist (DdChecklist *checklist);

/* Parses a templates file; `source_name` names it in error messages.
 * Returns a GPtrArray of validated DdChecklist templates. */
GPtrArray   *dd_checklist_templates_from_json    (const char   *data,
                                                  gssize        length,
                                                  const char   *source_name,
                                                  GError      **error);
GPtrArray   *dd_checklist_templates_load         (GFile         *file,
                                                  GCancellable  *cancellable,
                                                  GError       **error);
/* The templates (GPtrArray of DdChecklist) as a pretty-printed file. */
char        *dd_checklist_templates_to_json      (GPtrArray *templates);
/* Writes the file in one replace: an existing file stays whole on error. */
gboolean     dd_checklist_templates_save         (GPtrArray     *templates,
                                                  GFile         *file,
                                                  GCancellable  *cancellable,
                                                  GError       **error);

G_END_DECLS
