/* store-test-util.h — helpers shared by the store tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "dd-store.h"

G_BEGIN_DECLS

/* An async callback that keeps the result in `*(GAsyncResult **) user_data`. */
void          store_test_result_cb     (GObject      *source,
                                        GAsyncResult *result,
                                        gpointer      user_data);
/* Iterates the thread-default context until `*slot` holds a result. */
GAsyncResult *store_test_wait          (GAsyncResult **slot);

DdStore      *store_test_open          (const char  *path,
                                        GError     **error);
gboolean      store_test_save          (DdStore     *store,
                                        void       (*save_async) (DdStore *, GPtrArray *, GCancellable *,
                                                                  GAsyncReadyCallback, gpointer),
                                        GPtrArray   *objects,
                                        GError     **error);
GPtrArray    *store_test_load          (DdStore     *store,
                                        void       (*load_async) (DdStore *, GCancellable *,
                                                                  GAsyncReadyCallback, gpointer),
                                        GError     **error);
gboolean      store_test_apply_edit    (DdStore            *store,
                                        DdOffer            *offer,
                                        const DdStoreEdit  *edit,
                                        GError            **error);
gint64        store_test_count_outbox  (DdStore  *store);
char         *store_test_check         (DdStore  *store);

/* A fresh folder under the system temp dir, and its removal. */
char         *store_test_make_tmp_dir  (void);
void          store_test_remove_tree   (const char *path);
/* SHA-256 of a file's bytes. */
char         *store_test_checksum      (const char *path);
/* Runs `sql` on the file with a plain SQLite connection; returns the first
 * column of the first row as text (or NULL). */
char         *store_test_sql           (const char *path,
                                        const char *sql);

/* A store opened on a fresh file in a fresh temp folder, for g_test_add():
 * the folder is removed at teardown. */
typedef struct
{
  char    *dir;
  char    *path;
  DdStore *store;
} StoreFixture;

void          store_fixture_setup      (StoreFixture  *fixture,
                                        gconstpointer  data);
void          store_fixture_teardown   (StoreFixture  *fixture,
                                        gconstpointer  data);

/* A valid offer priced at `minor` EUR. */
DdOffer      *store_test_offer_new     (const char *id,
                                        const char *title,
                                        gint64      minor);

G_END_DECLS
