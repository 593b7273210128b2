/* dd-ctl.h — the subcommands of dropdeckctl
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Exit statuses shared by the subcommands. */
typedef enum
{
  DD_CTL_EXIT_OK       = 0,
  DD_CTL_EXIT_FAILED   = 1,
  DD_CTL_EXIT_CORRUPT  = 2,
  DD_CTL_EXIT_TOO_NEW  = 3,
  DD_CTL_EXIT_LOCKED   = 4,
} DdCtlExit;

/* Each takes the arguments from the subcommand's name on. */
int        dd_ctl_account_main       (int    argc,
                                      char **argv);
int        dd_ctl_chat_main          (int    argc,
                                      char **argv);
int        dd_ctl_checklist_main     (int    argc,
                                      char **argv);
int        dd_ctl_classify_main      (int    argc,
                                      char **argv);
int        dd_ctl_db_main            (int    argc,
                                      char **argv);
int        dd_ctl_demo_main          (int    argc,
                                      char **argv);
int        dd_ctl_ledger_main        (int    argc,
                                      char **argv);
int        dd_ctl_sync_main          (int    argc,
                                      char **argv);
int        dd_ctl_squad_main         (int    argc,
                                      char **argv);
int        dd_ctl_poll_main          (int    argc,
                                      char **argv);

int        dd_ctl_preflight_main     (int    argc,
                                      char **argv);

/* A database with the drop's checklists loaded and a DdChecklistDesk on
 * them (dd-ctl-checklist.c). */
typedef struct _DdCtlChecklists DdCtlChecklists;
DdCtlChecklists *dd_ctl_checklists_open     (const char       *path,
                                             GError          **error);
/* The DdChecklistDesk. */
gpointer         dd_ctl_checklists_get_desk (DdCtlChecklists  *checklists);
void             dd_ctl_checklists_free     (DdCtlChecklists  *checklists);

/* Prints "dropdeckctl: <message>" to stderr and returns the exit status
 * that matches the error (store errors map to DdCtlExit). */
DdCtlExit  dd_ctl_report_error       (const GError *error);
/* The first line of standard input, without its line ending; NULL when
 * empty. The buffer is wiped before it is freed; free the result with
 * dd_credentials_free_secret(). */
char      *dd_ctl_read_secret_line   (void);
/* Where Dropdeck keeps its data: g_get_user_data_dir()/dropdeck/<name>. */
char      *dd_ctl_default_data_path  (const char *name);

G_END_DECLS
