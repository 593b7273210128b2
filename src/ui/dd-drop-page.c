/* dd-drop-page.c — the Drop page: countdown, key figures, chat rate and alerts
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "dd-checklist-row.h"
#include "dd-cue-strip.h"
#include "dd-drop-page.h"
#include "dd-rate-chart.h"
#include "dd-burn-down-chart.h"
#include "dd-squad-ledger-list.h"
#include "dd-squad-member.h"
#include "dd-triggers-panel.h"

#define TICK_MS           250
#define TICKS_PER_SAMPLE  4
#define MAX_ALERTS        20

struct _DdDropPage
{
  DdPage       parent_instance;

  /* Template widgets */
  GtkLabel    *countdown_label;
  GtkLabel    *start_label;
  DdCueStrip  *cue_strip;
  GtkLabel    *orders_value;
  GtkLabel    *units_value;
  GtkLabel    *revenue_value;
  GtkLabel    *rate_value;
  GtkLabel    *flagged_value;
  DdRateChart *rate_chart;
  DdBurnDownChart *burn_down_chart;
  GtkListBox  *alerts_list;
  GtkLabel    *checklist_label;
  GtkProgressBar *checklist_progress;
  AdwActionRow *next_item_row;
  GtkWidget   *checklist_card;
  GtkImage    *next_item_image;
  GtkLabel    *next_item_overdue;
  GtkLabel    *squad_label;
  GtkListBox  *squad_list;
  DdSquadLedgerList *squad_ledger_list;
  DdTriggersPanel *triggers_panel;

  DdDropSession *bound_session;
  guint        tick_id;
  guint        tick_count;
  guint        n_alerts;
};

G_DEFINE_FINAL_TYPE (DdDropPage, dd_drop_page, DD_TYPE_PAGE)

static void
set_label_if_changed (GtkLabel   *label,
                      const char *text)
{
  if (g_strcmp0 (gtk_label_get_label (label), text) != 0)
    gtk_label_set_text (label, text);
}

static void
set_count (GtkLabel *label,
           guint64   count)
{
  g_autofree char *text = g_strdup_printf ("%'" G_GUINT64_FORMAT, count);

  set_label_if_changed (label, text);
}

/* The name of the squad member with `role`, or NULL. */
static const char *
find_member_name (DdDropSession *session,
                  DdRole         role)
{
  GListModel *members = dd_drop_session_get_squad_members (session);
  guint n = members != NULL ? g_list_model_get_n_items (members) : 0;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(DdSquadMember) member = g_list_model_get_item (members, i);

      if (dd_squad_member_get_role (member) == role)
        return dd_squad_member_get_name (member);
    }

  return NULL;
}

/* Pre-drop items done of all, and the open item due first. */
static void
update_checklist (DdDropPage *self)
{
  DdDropSession *session = dd_page_get_session (DD_PAGE (self));
  GListModel *checklists;
  DdChecklistItem *next = NULL;
  guint n, done = 0, total = 0;
  gint64 start, now, due;
  g_autofree char *count = NULL;
  g_autofree char *owner = NULL;
  g_autofree char *due_text = NULL;
  g_autofree char *subtitle = NULL;
  const char *member;
  gboolean overdue;

  if (session == NULL)
    return;

  checklists = dd_drop_session_get_checklists (session);
  n = g_list_model_get_n_items (checklists);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(DdChecklist) checklist = g_list_model_get_item (checklists, i);
      guint n_items;

      if (dd_checklist_get_phase (checklist) != DD_CHECKLIST_PHASE_PRE_DROP)
        continue;

      n_items = g_list_model_get_n_items (G_LIST_MODEL (checklist));
      for (guint j = 0; j < n_items; j++)
        {
          g_autoptr(DdChecklistItem) item = g_list_model_get_item (G_LIST_MODEL (checklist), j);

          total++;
          if (dd_checklist_item_get_state (item) == DD_CHECKLIST_ITEM_DONE)
            done++;
          else if (next == NULL
                   || dd_checklist_item_get_due_offset (item) < dd_checklist_item_get_due_offset (next))
            next = item;
        }
    }

  /* Translators: pre-drop checklist items signed off of all of them */
  count = g_strdup_printf (_("%u of %u done"), done, total);
  set_label_if_changed (self->checklist_label, count);
  gtk_progress_bar_set_fraction (self->checklist_progress, total > 0 ? (double) done / total : 1.0);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->checklist_progress),
                                  GTK_ACCESSIBLE_PROPERTY_VALUE_TEXT, count,
                                  -1);

  if (next == NULL)
    {
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->next_item_row),
                                     _("Every pre-drop item is done"));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (self->next_item_row), _("Open the checklists"));
      gtk_image_set_from_icon_name (self->next_item_image, "checkbox-checked-symbolic");
      gtk_widget_set_visible (GTK_WIDGET (self->next_item_overdue), FALSE);
      return;
    }

  start = dd_drop_session_get_start_time (session);
  now = g_get_real_time ();
  due = start + dd_checklist_item_get_due_offset (next) * G_USEC_PER_SEC;
  overdue = now > due;
  member = find_member_name (session, dd_checklist_item_get_owner (next));
  if (member != NULL)
    /* Translators: a squad member and their role, "Priya Raman (Engineer on-call)" */
    owner = g_strdup_printf (_("%s (%s)"), member, dd_role_get_display_name (dd_checklist_item_get_owner (next)));
  else
    owner = g_strdup (dd_role_get_display_name (dd_checklist_item_get_owner (next)));
  due_text = dd_checklist_row_format_due (due, now);
  /* Translators: who signs the next checklist item off and when it is due,
   * "Priya Raman (Engineer on-call) · due in 2 minutes" */
  subtitle = g_strdup_printf (_("%s · %s"), owner, due_text);

  if (g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (self->next_item_row)),
                 dd_checklist_item_get_title (next)) != 0)
    adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->next_item_row), dd_checklist_item_get_title (next));
  if (g_strcmp0 (adw_action_row_get_subtitle (ADW_ACTION_ROW (self->next_item_row)), subtitle) != 0)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (self->next_item_row), subtitle);
  gtk_image_set_from_icon_name (self->next_item_image, overdue ? "task-past-due-symbolic" : "task-due-symbolic");
  gtk_widget_set_visible (GTK_WIDGET (self->next_item_overdue), overdue);
}

static void
update_squad_summary (DdDropPage *self)
{
  DdDropSession *session = dd_page_get_session (DD_PAGE (self));
  GListModel *members = session != NULL ? dd_drop_session_get_squad_members (session) : NULL;
  guint n = members != NULL ? g_list_model_get_n_items (members) : 0;
  guint online = 0;
  g_autofree char *text = NULL;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(DdSquadMember) member = g_list_model_get_item (members, i);

      if (dd_squad_member_get_online (member))
        online++;
    }

  /* Translators: squad members online of all members */
  text = g_strdup_printf (_("%u of %u online"), online, n);
  set_label_if_changed (self->squad_label, text);
}

static void
show_presence (GtkWidget     *row,
               DdSquadMember *member)
{
  GtkWidget *dot = g_object_get_data (G_OBJECT (row), "presence-dot");
  GtkLabel *label = g_object_get_data (G_OBJECT (row), "presence-label");
  gboolean online = dd_squad_member_get_online (member);
  const char *device = dd_squad_member_get_device (member);
  g_autofree char *subtitle = NULL;

  switch (dd_squad_member_get_presence (member))
    {
    case DD_SQUAD_PRESENCE_ONLINE:
      gtk_label_set_text (label, _("Online"));
      break;
    case DD_SQUAD_PRESENCE_GONE:
      gtk_label_set_text (label, _("Offline"));
      break;
    case DD_SQUAD_PRESENCE_AWAY:
    default:
      gtk_label_set_text (label, _("Away"));
      break;
    }
  /* The role, and the laptop a member was last seen on. */
  if (device != NULL && *device != '\0')
    /* Translators: a squad member's role · the laptop they use */
    subtitle = g_strdup_printf (_("%s · %s"), dd_role_get_display_name (dd_squad_member_get_role (member)), device);
  else
    subtitle = g_strdup (dd_role_get_display_name (dd_squad_member_get_role (member)));
  if (g_strcmp0 (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), subtitle) != 0)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  if (online)
    {
      gtk_widget_add_css_class (dot, "online");
      gtk_widget_remove_css_class (GTK_WIDGET (label), "dim-label");
    }
  else
    {
      gtk_widget_remove_css_class (dot, "online");
      gtk_widget_add_css_class (GTK_WIDGET (label), "dim-label");
    }
}

static void
member_online_cb (DdSquadMember *member,
                  GParamSpec    *pspec,
                  GtkWidget     *row)
{
  GtkWidget *page = gtk_widget_get_ancestor (row, DD_TYPE_DROP_PAGE);

  show_presence (row, member);
  if (page != NULL)
    update_squad_summary (DD_DROP_PAGE (page));
}

static GtkWidget *
create_member_row_cb (gpointer item,
                      gpointer user_data)
{
  DdSquadMember *member = DD_SQUAD_MEMBER (item);
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *avatar = adw_avatar_new (32, dd_squad_member_get_name (member), TRUE);
  GtkWidget *presence = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *dot = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  GtkWidget *label = gtk_label_new (NULL);

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), dd_squad_member_get_name (member));
  gtk_accessible_update_property (GTK_ACCESSIBLE (avatar),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, dd_squad_member_get_name (member),
                                  -1);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), avatar);

  gtk_widget_set_valign (dot, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (dot, "presence-dot");
  gtk_widget_set_valign (presence, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (presence), dot);
  gtk_box_append (GTK_BOX (presence), label);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), presence);

  g_object_set_data (G_OBJECT (row), "presence-dot", dot);
  g_object_set_data (G_OBJECT (row), "presence-label", label);
  show_presence (row, member);
  g_signal_connect_object (member, "notify::presence", G_CALLBACK (member_online_cb), row, 0);
  g_signal_connect_object (member, "notify::device", G_CALLBACK (member_online_cb), row, 0);

  return row;
}

static void
next_item_activated_cb (DdDropPage   *self,
                        AdwActionRow *row)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "win.show-page", "s", "checklists");
}

static void
update_figures (DdDropPage *self)
{
  DdDropSession *session = dd_page_get_session (DD_PAGE (self));
  g_autofree char *countdown = NULL;
  g_autofree char *rate = NULL;
  g_autofree char *revenue_text = NULL;
  DdMoney revenue;

  if (session == NULL)
    return;

  countdown = dd_drop_page_format_countdown (g_get_real_time (),
                                             dd_drop_session_get_start_time (session));
  set_label_if_changed (self->countdown_label, countdown);

  set_count (self->orders_value, dd_drop_session_get_order_count (session));
  set_count (self->units_value, dd_drop_session_get_units_sold (session));
  set_count (self->flagged_value, dd_drop_session_get_messages_flagged (session));

  revenue = dd_drop_session_get_revenue (session);
  if (dd_money_is_valid (&revenue))
    revenue_text = dd_money_format (&revenue);
  set_label_if_changed (self->revenue_value, revenue_text != NULL ? revenue_text : "—");

  rate = g_strdup_printf ("%.0f", dd_drop_session_get_measured_chat_rate (session));
  set_label_if_changed (self->rate_value, rate);
}

static gboolean
tick_cb (gpointer user_data)
{
  DdDropPage *self = user_data;
  DdDropSession *session = dd_page_get_session (DD_PAGE (self));

  update_figures (self);

  if (session != NULL && ++self->tick_count % TICKS_PER_SAMPLE == 0)
    {
      dd_rate_chart_push_sample (self->rate_chart,
                                 dd_drop_session_get_measured_chat_rate (session));
      update_checklist (self);
    }

  return G_SOURCE_CONTINUE;
}

static void
update_start_label (DdDropPage *self)
{
  DdDropSession *session = dd_page_get_session (DD_PAGE (self));
  g_autoptr(GDateTime) start = NULL;
  g_autofree char *time_text = NULL;
  g_autofree char *text = NULL;

  if (session == NULL)
    {
      gtk_label_set_text (self->start_label, "");
      return;
    }

  start = g_date_time_new_from_unix_local (dd_drop_session_get_start_time (session) / G_USEC_PER_SEC);
  time_text = g_date_time_format (start, "%X");
  /* Translators: the drop's title and its local start time */
  text = g_strdup_printf (_("%s · starts at %s"),
                          dd_drop_session_get_title (session), time_text);
  gtk_label_set_text (self->start_label, text);
}

static GtkWidget *
create_alert_row (DdChatMessage *alert)
{
  g_autoptr(GDateTime) when = NULL;
  g_autofree char *time_text = NULL;
  GtkWidget *row;

  when = g_date_time_new_from_unix_local (dd_chat_message_get_timestamp (alert) / G_USEC_PER_SEC);
  time_text = g_date_time_format (when, "%H:%M:%S");

  row = adw_action_row_new ();
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), dd_chat_message_get_text (alert));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), time_text);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row),
                             gtk_image_new_from_icon_name ("dialog-warning-symbolic"));

  return row;
}

static void
alert_cb (DdDropSession *session,
          DdChatMessage *alert,
          DdDropPage    *self)
{
  gtk_list_box_prepend (self->alerts_list, create_alert_row (alert));

  if (++self->n_alerts > MAX_ALERTS)
    {
      GtkListBoxRow *last = gtk_list_box_get_row_at_index (self->alerts_list, MAX_ALERTS);

      if (last != NULL)
        gtk_list_box_remove (self->alerts_list, GTK_WIDGET (last));
      self->n_alerts = MAX_ALERTS;
    }
}

static void
clear_alerts (DdDropPage *self)
{
  GtkListBoxRow *row;

  while ((row = gtk_list_box_get_row_at_index (self->alerts_list, 0)) != NULL)
    gtk_list_box_remove (self->alerts_list, GTK_WIDGET (row));
  self->n_alerts = 0;
}

static void
dd_drop_page_session_changed (DdPage *page)
{
  DdDropPage *self = DD_DROP_PAGE (page);
  DdDropSession *session = dd_page_get_session (page);

  g_clear_handle_id (&self->tick_id, g_source_remove);
  if (self->bound_session != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->bound_session, self);
      g_signal_handlers_disconnect_by_data (dd_drop_session_get_squad_members (self->bound_session), self);
    }
  g_set_object (&self->bound_session, session);
  clear_alerts (self);
  dd_rate_chart_clear (self->rate_chart);
  dd_burn_down_chart_set_session (self->burn_down_chart, session);
  update_start_label (self);
  dd_cue_strip_set_desk (self->cue_strip, session != NULL ? dd_drop_session_get_chat_desk (session) : NULL);
  gtk_list_box_bind_model (self->squad_list,
                           session != NULL ? dd_drop_session_get_squad_members (session) : NULL,
                           create_member_row_cb, self, NULL);
  /* A real squad's members come and go while the page shows. */
  if (session != NULL)
    g_signal_connect_object (dd_drop_session_get_squad_members (session), "items-changed",
                             G_CALLBACK (update_squad_summary), self, G_CONNECT_SWAPPED);
  update_squad_summary (self);
  dd_squad_ledger_list_set_session (self->squad_ledger_list, session);
  gtk_widget_set_visible (self->checklist_card, session != NULL);
  dd_triggers_panel_set_session (self->triggers_panel, session);

  if (session == NULL)
    {
      gtk_label_set_text (self->countdown_label, _("No drop open"));
      return;
    }

  g_signal_connect_object (session, "alert", G_CALLBACK (alert_cb), self, 0);
  update_figures (self);
  update_checklist (self);
  self->tick_id = g_timeout_add (TICK_MS, tick_cb, self);
}

static void
dd_drop_page_dispose (GObject *object)
{
  DdDropPage *self = DD_DROP_PAGE (object);

  g_clear_handle_id (&self->tick_id, g_source_remove);
  if (self->bound_session != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->bound_session, self);
      g_signal_handlers_disconnect_by_data (dd_drop_session_get_squad_members (self->bound_session), self);
    }
  g_clear_object (&self->bound_session);
  gtk_widget_dispose_template (GTK_WIDGET (self), DD_TYPE_DROP_PAGE);

  G_OBJECT_CLASS (dd_drop_page_parent_class)->dispose (object);
}

static void
dd_drop_page_class_init (DdDropPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  DdPageClass *page_class = DD_PAGE_CLASS (klass);

  object_class->dispose = dd_drop_page_dispose;
  page_class->session_changed = dd_drop_page_session_changed;

  g_type_ensure (DD_TYPE_RATE_CHART);
  g_type_ensure (DD_TYPE_BURN_DOWN_CHART);
  g_type_ensure (DD_TYPE_TRIGGERS_PANEL);
  g_type_ensure (DD_TYPE_CUE_STRIP);
  g_type_ensure (DD_TYPE_SQUAD_LEDGER_LIST);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/dropdeck/Dropdeck/dd-drop-page.ui");
  gtk_widget_class_bind_template_child (widget_class, DdDropPage, countdown_label);
  gtk_widget_class_bind_template_child (widget_class, DdDropPage, start_label);
  gtk_widget_class_bind_template_child (widget_class, DdDropPage, cue_strip);
  gtk_widget_class_bind_template_child (widget_class, DdDropPage, orders_value);
  gtk_widget_class_bind_template_child (widget_class, DdDropPage, units_value);
  gtk_widget_class_bind_template_child (widget_class, DdDropPage, revenue_value);
  gtk_widget_class_bind_template_child (widget_class, DdDropPage, rate_value);
  gtk_widget_class_bind_template_child (widget_class, DdDropPage, flagged_value);
  gtk_widget_class_bind_template_child (widget_class, DdDropPage, rate_chart);
  gtk_widget_class_bind_template_child (widget_class, DdDropPage, burn_down_chart);
  gtk_widget_class_bind_template_child (widget_class, DdDropPage, alerts_list);
  gtk_widget_class_bind_template_child (widget_class, DdDropPage, checklist_label);
  gtk_widget_class_bind_template_child (widget_class, DdDropPage, checklist_progress);
  gtk_widget_class_bind_template_child (widget_class, DdDropPage, checklist_card);
  gtk_widget_class_bind_template_child (widget_class, DdDropPage, next_item_row);
  gtk_widget_class_bind_template_child (widget_class, DdDropPage, next_item_image);
  gtk_widget_class_bind_template_child (widget_class, DdDropPage, next_item_overdue);
  gtk_widget_class_bind_template_child (widget_class, DdDropPage, squad_label);
  gtk_widget_class_bind_template_child (widget_class, DdDropPage, squad_list);
  gtk_widget_class_bind_template_child (widget_class, DdDropPage, squad_ledger_list);
  gtk_widget_class_bind_template_child (widget_class, DdDropPage, triggers_panel);
  gtk_widget_class_bind_template_callback (widget_class, next_item_activated_cb);
}

static void
dd_drop_page_init (DdDropPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
dd_drop_page_new (void)
{
  return g_object_new (DD_TYPE_DROP_PAGE, NULL);
}

char *
dd_drop_page_format_countdown (gint64 now_us,
                               gint64 start_us)
{
  gint64 total;
  int hours, minutes, seconds;

  if (now_us < start_us)
    /* Round up, so that the countdown never shows 00:00 before the start. */
    total = (start_us - now_us + G_USEC_PER_SEC - 1) / G_USEC_PER_SEC;
  else
    total = (now_us - start_us) / G_USEC_PER_SEC;

  hours = (int) MIN (total / 3600, G_MAXINT);
  minutes = (int) ((total / 60) % 60);
  seconds = (int) (total % 60);

  if (now_us < start_us)
    {
      if (hours > 0)
        /* Translators: hours, minutes and seconds until the drop starts */
        return g_strdup_printf (_("Drop starts in %d:%02d:%02d"),
                                hours, minutes, seconds);
      /* Translators: minutes and seconds until the drop starts */
      return g_strdup_printf (_("Drop starts in %02d:%02d"),
                              minutes, seconds);
    }

  if (hours > 0)
    /* Translators: hours, minutes and seconds since the drop went live */
    return g_strdup_printf (_("Live for %d:%02d:%02d"),
                            hours, minutes, seconds);
  /* Translators: minutes and seconds since the drop went live */
  return g_strdup_printf (_("Live for %02d:%02d"),
                          minutes, seconds);
}

const char *
dd_drop_page_get_countdown (DdDropPage *self)
{
  g_return_val_if_fail (DD_IS_DROP_PAGE (self), NULL);

  return gtk_label_get_label (self->countdown_label);
}

const char *
dd_drop_page_get_checklist_summary (DdDropPage *self)
{
  g_return_val_if_fail (DD_IS_DROP_PAGE (self), NULL);

  return gtk_label_get_label (self->checklist_label);
}

const char *
dd_drop_page_get_next_item_title (DdDropPage *self)
{
  g_return_val_if_fail (DD_IS_DROP_PAGE (self), NULL);

  return adw_preferences_row_get_title (ADW_PREFERENCES_ROW (self->next_item_row));
}

guint
dd_drop_page_count_squad_rows (DdDropPage *self)
{
  guint n = 0;

  g_return_val_if_fail (DD_IS_DROP_PAGE (self), 0);

  while (gtk_list_box_get_row_at_index (self->squad_list, (int) n) != NULL)
    n++;

  return n;
}
