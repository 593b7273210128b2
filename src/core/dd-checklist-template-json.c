/* dd-checklist-template-json.c — checklist templates to and from JSON
 *
 * The format is described in dd-checklist-template.h.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "dd-checklist-template.h"
#include "dd-core-enums.h"
#include "dd-core-error.h"

#define FORMAT_MEMBER "dropdeck-checklist-templates"

/* What the reader needs to name a place in the file: the file's name and
 * the line of every object member, recorded while parsing. */
typedef struct
{
  const char *source_name;
  GHashTable *lines;  /* "%p/member" -> line */
} Reader;

static char *
member_key (JsonObject *object,
            const char *member)
{
  return g_strdup_printf ("%p/%s", (void *) object, member);
}

static void
object_member_cb (JsonParser *parser,
                  JsonObject *object,
                  const char *member,
                  Reader     *reader)
{
  g_hash_table_insert (reader->lines, member_key (object, member),
                       GUINT_TO_POINTER (json_parser_get_current_line (parser)));
}

/* The line of `member` in `object`; without it, the line of the object's
 * first member (where the object starts, near enough). */
static guint
line_of (Reader     *reader,
         JsonObject *object,
         const char *member)
{
  g_autofree char *key = member_key (object, member);
  g_autoptr(GList) members = NULL;
  gpointer line;

  if (g_hash_table_lookup_extended (reader->lines, key, NULL, &line))
    return GPOINTER_TO_UINT (line);

  members = json_object_get_members (object);
  for (GList *l = members; l != NULL; l = l->next)
    {
      g_autofree char *first = member_key (object, l->data);

      if (g_hash_table_lookup_extended (reader->lines, first, NULL, &line))
        return GPOINTER_TO_UINT (line);
    }
  return 0;
}

static void
set_field_error (GError     **error,
                 Reader      *reader,
                 JsonObject  *object,
                 const char  *field,
                 const char  *problem)
{
  /* Translators: "templates.json, line 12, field “owner”: problem" */
  g_set_error (error, DD_CORE_ERROR, DD_CORE_ERROR_INVALID_FIELD,
               _("%s, line %u, field “%s”: %s"),
               reader->source_name, line_of (reader, object, field), field, problem);
}

/* A string member: `*out` is NULL when absent and the member is optional. */
static gboolean
read_string (Reader      *reader,
             JsonObject  *object,
             const char  *field,
             gboolean     required,
             const char **out,
             GError     **error)
{
  JsonNode *node = json_object_get_member (object, field);

  *out = NULL;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      if (required)
        {
          set_field_error (error, reader, object, field, _("it is missing"));
          return FALSE;
        }
      return TRUE;
    }
  if (json_node_get_value_type (node) != G_TYPE_STRING
      || *json_node_get_string (node) == '\0')
    {
      set_field_error (error, reader, object, field, _("it must be a non-empty text"));
      return FALSE;
    }

  *out = json_node_get_string (node);
  return TRUE;
}

static gboolean
read_enum (Reader      *reader,
           JsonObject  *object,
           const char  *field,
           GType        enum_type,
           const char  *fallback,
           int         *out,
           GError     **error)
{
  g_autoptr(GEnumClass) klass = g_type_class_ref (enum_type);
  g_autoptr(GString) choices = g_string_new (NULL);
  g_autofree char *problem = NULL;
  GEnumValue *value;
  const char *nick;

  if (!read_string (reader, object, field, FALSE, &nick, error))
    return FALSE;

  nick = nick != NULL ? nick : fallback;
  value = nick != NULL ? g_enum_get_value_by_nick (klass, nick) : NULL;
  if (value != NULL)
    {
      *out = value->value;
      return TRUE;
    }

  for (guint i = 0; i < klass->n_values; i++)
    g_string_append_printf (choices, "%s“%s”", i > 0 ? ", " : "", klass->values[i].value_nick);
  if (nick == NULL)
    problem = g_strdup_printf (_("it is missing: give one of %s"), choices->str);
  else
    problem = g_strdup_printf (_("“%s” is not one of %s"), nick, choices->str);
  set_field_error (error, reader, object, field, problem);
  return FALSE;
}

static gboolean
read_due (Reader      *reader,
          JsonObject  *object,
          gint64      *out,
          GError     **error)
{
  static const struct { const char *field; gint64 unit; } fields[] = {
    { "due_minutes", 60 }, { "due_seconds", 1 },
  };
  gboolean seen = FALSE;

  *out = 0;
  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      JsonNode *node = json_object_get_member (object, fields[i].field);
      gint64 value;

      if (node == NULL)
        continue;
      if (seen)
        {
          set_field_error (error, reader, object, fields[i].field,
                           _("give either “due_minutes” or “due_seconds”, not both"));
          return FALSE;
        }
      if (json_node_get_value_type (node) != G_TYPE_INT64)
        {
          set_field_error (error, reader, object, fields[i].field,
                           _("it must be a whole number (negative: before the drop starts)"));
          return FALSE;
        }
      value = json_node_get_int (node);
      if (value > G_MAXINT32 || value < -G_MAXINT32)
        {
          set_field_error (error, reader, object, fields[i].field, _("it is out of range"));
          return FALSE;
        }
      *out = value * fields[i].unit;
      seen = TRUE;
    }

  return TRUE;
}

static gboolean
read_dependencies (Reader           *reader,
                   JsonObject       *object,
                   DdChecklistItem  *item,
                   GError          **error)
{
  JsonNode *node = json_object_get_member (object, "depends_on");
  JsonArray *array;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      set_field_error (error, reader, object, "depends_on", _("it must be a list of item ids"));
      return FALSE;
    }

  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);

      if (json_node_get_value_type (element) != G_TYPE_STRING)
        {
          set_field_error (error, reader, object, "depends_on", _("it must be a list of item ids"));
          return FALSE;
        }
      dd_checklist_item_add_dependency (item, json_node_get_string (element));
    }
  return TRUE;
}

static DdChecklistItem *
read_item (Reader      *reader,
           JsonObject  *object,
           GError     **error)
{
  g_autoptr(DdChecklistItem) item = NULL;
  const char *id, *title, *description, *probe;
  int owner, kind;
  gint64 due;
  JsonNode *blocking;

  if (!read_string (reader, object, "id", TRUE, &id, error)
      || !read_string (reader, object, "title", TRUE, &title, error)
      || !read_string (reader, object, "description", FALSE, &description, error)
      || !read_enum (reader, object, "owner", DD_TYPE_ROLE, NULL, &owner, error)
      || !read_enum (reader, object, "kind", DD_TYPE_CHECKLIST_ITEM_KIND, "manual", &kind, error)
      || !read_string (reader, object, "probe", FALSE, &probe, error)
      || !read_due (reader, object, &due, error))
    return NULL;

  if (kind == DD_CHECKLIST_ITEM_AUTOMATED && probe == NULL)
    {
      set_field_error (error, reader, object, "probe",
                       _("an automated item needs the probe that checks it"));
      return NULL;
    }

  blocking = json_object_get_member (object, "blocking");
  if (blocking != NULL && json_node_get_value_type (blocking) != G_TYPE_BOOLEAN)
    {
      set_field_error (error, reader, object, "blocking", _("it must be true or false"));
      return NULL;
    }

  item = dd_checklist_item_new (id, title, owner, kind);
  dd_checklist_item_set_description (item, description);
  dd_checklist_item_set_probe_id (item, probe);
  dd_checklist_item_set_due_offset (item, due);
  dd_checklist_item_set_blocking (item, blocking == NULL || json_node_get_boolean (blocking));
  if (!read_dependencies (reader, object, item, error))
    return NULL;

  return g_steal_pointer (&item);
}

/* The object at `node`, or NULL with an error naming `field` of `parent`. */
static JsonObject *
expect_object (Reader      *reader,
               JsonObject  *parent,
               const char  *field,
               JsonNode    *node,
               GError     **error)
{
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      set_field_error (error, reader, parent, field, _("each entry must be an object { … }"));
      return NULL;
    }
  return json_node_get_object (node);
}

static JsonArray *
expect_array (Reader      *reader,
              JsonObject  *object,
              const char  *field,
              GError     **error)
{
  JsonNode *node = json_object_get_member (object, field);

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    {
      set_field_error (error, reader, object, field,
                       node == NULL ? _("it is missing") : _("it must be a list [ … ]"));
      return NULL;
    }
  return json_node_get_array (node);
}

static DdChecklist *
read_template (Reader      *reader,
               JsonObject  *object,
               GError     **error)
{
  g_autoptr(DdChecklist) tmpl = NULL;
  g_autoptr(GError) invalid = NULL;
  const char *id, *title;
  JsonArray *items;
  int phase;

  if (!read_string (reader, object, "id", TRUE, &id, error)
      || !read_string (reader, object, "title", TRUE, &title, error)
      || !read_enum (reader, object, "phase", DD_TYPE_CHECKLIST_PHASE, NULL, &phase, error)
      || (items = expect_array (reader, object, "items", error)) == NULL)
    return NULL;

  tmpl = dd_checklist_new (id, title, phase);
  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *item_object = expect_object (reader, object, "items",
                                               json_array_get_element (items, i), error);
      g_autoptr(DdChecklistItem) item = NULL;

      if (item_object == NULL || (item = read_item (reader, item_object, error)) == NULL)
        return NULL;
      if (!dd_checklist_add_item (tmpl, item, &invalid))
        {
          set_field_error (error, reader, item_object, "id", invalid->message);
          return NULL;
        }
    }

  if (!dd_checklist_validate (tmpl, &invalid))
    {
      g_set_error (error, DD_CORE_ERROR, DD_CORE_ERROR_INVALID_FIELD,
                   /* Translators: "templates.json, template “pre-drop”: reason" */
                   _("%s, template “%s”: %s"), reader->source_name, id, invalid->message);
      return NULL;
    }

  return g_steal_pointer (&tmpl);
}

static GPtrArray *
read_root (Reader      *reader,
           JsonNode    *root,
           GError     **error)
{
  g_autoptr(GPtrArray) templates = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GHashTable) ids = g_hash_table_new (g_str_hash, g_str_equal);
  JsonObject *object;
  JsonNode *format;
  JsonArray *array;

  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error (error, DD_CORE_ERROR, DD_CORE_ERROR_INVALID_FIELD,
                   _("%s is not a Dropdeck checklist templates file: it does not hold a JSON object"),
                   reader->source_name);
      return NULL;
    }

  object = json_node_get_object (root);
  format = json_object_get_member (object, FORMAT_MEMBER);
  if (format == NULL || json_node_get_value_type (format) != G_TYPE_INT64)
    {
      set_field_error (error, reader, object, FORMAT_MEMBER,
                       _("this is not a Dropdeck checklist templates file"));
      return NULL;
    }
  if (json_node_get_int (format) != DD_CHECKLIST_TEMPLATES_FORMAT)
    {
      g_autofree char *problem =
        g_strdup_printf (_("version %" G_GINT64_FORMAT " is not supported (this Dropdeck reads version %d)"),
                         json_node_get_int (format), DD_CHECKLIST_TEMPLATES_FORMAT);

      set_field_error (error, reader, object, FORMAT_MEMBER, problem);
      return NULL;
    }

  if ((array = expect_array (reader, object, "templates", error)) == NULL)
    return NULL;

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *tmpl_object = expect_object (reader, object, "templates",
                                               json_array_get_element (array, i), error);
      DdChecklist *tmpl;

      if (tmpl_object == NULL || (tmpl = read_template (reader, tmpl_object, error)) == NULL)
        return NULL;
      g_ptr_array_add (templates, tmpl);
      if (!g_hash_table_add (ids, (gpointer) dd_checklist_get_id (tmpl)))
        {
          set_field_error (error, reader, tmpl_object, "id",
                           _("another template in the file has the same id"));
          return NULL;
        }
    }

  return g_steal_pointer (&templates);
}

GPtrArray *
dd_checklist_templates_from_json (const char   *data,
                                  gssize        length,
                                  const char   *source_name,
                                  GError      **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GHashTable) lines = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GError) syntax = NULL;
  Reader reader = { source_name != NULL ? source_name : _("The templates file"), lines };

  g_return_val_if_fail (data != NULL, NULL);

  g_signal_connect (parser, "object-member", G_CALLBACK (object_member_cb), &reader);
  if (!json_parser_load_from_data (parser, data, length, &syntax))
    {
      const char *problem = syntax->message;
      guint line = 0, column = 0;
      int consumed = 0;

      /* json-glib says "<data>:LINE:COLUMN: problem": say it in our words. */
      if (sscanf (problem, "<data>:%u:%u: %n", &line, &column, &consumed) == 2 && consumed > 0)
        problem += consumed;
      /* Translators: "templates.json, line 3: it is not valid JSON: problem" */
      g_set_error (error, DD_CORE_ERROR, DD_CORE_ERROR_INVALID_FIELD,
                   _("%s, line %u: it is not valid JSON: %s"),
                   reader.source_name, line, problem);
      return NULL;
    }

  return read_root (&reader, json_parser_get_root (parser), error);
}

GPtrArray *
dd_checklist_templates_load (GFile         *file,
                             GCancellable  *cancellable,
                             GError       **error)
{
  g_autofree char *contents = NULL;
  g_autofree char *name = NULL;
  gsize length;

  g_return_val_if_fail (G_IS_FILE (file), NULL);

  if (!g_file_load_contents (file, cancellable, &contents, &length, NULL, error))
    return NULL;

  name = g_file_get_parse_name (file);
  return dd_checklist_templates_from_json (contents, length, name, error);
}

static void
add_item (JsonBuilder     *builder,
          DdChecklistItem *item)
{
  const char * const *depends_on = dd_checklist_item_get_depends_on (item);
  gint64 due = dd_checklist_item_get_due_offset (item);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_string_value (builder, dd_checklist_item_get_id (item));
  json_builder_set_member_name (builder, "title");
  json_builder_add_string_value (builder, dd_checklist_item_get_title (item));
  if (dd_checklist_item_get_description (item) != NULL)
    {
      json_builder_set_member_name (builder, "description");
      json_builder_add_string_value (builder, dd_checklist_item_get_description (item));
    }
  json_builder_set_member_name (builder, "owner");
  json_builder_add_string_value (builder, dd_role_to_nick (dd_checklist_item_get_owner (item)));
  json_builder_set_member_name (builder, "kind");
  json_builder_add_string_value (builder,
                                 dd_checklist_item_get_kind (item) == DD_CHECKLIST_ITEM_AUTOMATED
                                 ? "automated" : "manual");
  if (dd_checklist_item_get_probe_id (item) != NULL)
    {
      json_builder_set_member_name (builder, "probe");
      json_builder_add_string_value (builder, dd_checklist_item_get_probe_id (item));
    }
  json_builder_set_member_name (builder, due % 60 == 0 ? "due_minutes" : "due_seconds");
  json_builder_add_int_value (builder, due % 60 == 0 ? due / 60 : due);
  json_builder_set_member_name (builder, "blocking");
  json_builder_add_boolean_value (builder, dd_checklist_item_get_blocking (item));
  json_builder_set_member_name (builder, "depends_on");
  json_builder_begin_array (builder);
  for (guint i = 0; depends_on[i] != NULL; i++)
    json_builder_add_string_value (builder, depends_on[i]);
  json_builder_end_array (builder);
  json_builder_end_object (builder);
}

char *
dd_checklist_templates_to_json (GPtrArray *templates)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(GEnumClass) phases = g_type_class_ref (DD_TYPE_CHECKLIST_PHASE);
  g_autoptr(JsonNode) root = NULL;

  g_return_val_if_fail (templates != NULL, NULL);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, FORMAT_MEMBER);
  json_builder_add_int_value (builder, DD_CHECKLIST_TEMPLATES_FORMAT);
  json_builder_set_member_name (builder, "templates");
  json_builder_begin_array (builder);
  for (guint i = 0; i < templates->len; i++)
    {
      DdChecklist *tmpl = g_ptr_array_index (templates, i);
      guint n = g_list_model_get_n_items (G_LIST_MODEL (tmpl));

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "id");
      json_builder_add_string_value (builder, dd_checklist_get_id (tmpl));
      json_builder_set_member_name (builder, "title");
      json_builder_add_string_value (builder, dd_checklist_get_title (tmpl));
      json_builder_set_member_name (builder, "phase");
      json_builder_add_string_value (builder,
                                     g_enum_get_value (phases, dd_checklist_get_phase (tmpl))->value_nick);
      json_builder_set_member_name (builder, "items");
      json_builder_begin_array (builder);
      for (guint k = 0; k < n; k++)
        {
          g_autoptr(DdChecklistItem) item = g_list_model_get_item (G_LIST_MODEL (tmpl), k);

          add_item (builder, item);
        }
      json_builder_end_array (builder);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  json_generator_set_indent (generator, 2);
  return json_generator_to_data (generator, NULL);
}

gboolean
dd_checklist_templates_save (GPtrArray     *templates,
                             GFile         *file,
                             GCancellable  *cancellable,
                             GError       **error)
{
  g_autofree char *json = NULL;

  g_return_val_if_fail (templates != NULL, FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  json = dd_checklist_templates_to_json (templates);
  return g_file_replace_contents (file, json, strlen (json), NULL, FALSE,
                                  G_FILE_CREATE_REPLACE_DESTINATION, NULL,
                                  cancellable, error);
}
