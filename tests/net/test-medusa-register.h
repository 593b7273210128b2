/* test-medusa-register.h — the parts of the Medusa unit tests, run by test-medusa-main.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>
#include <math.h>
#include <string.h>

void test_medusa_money_register   (void);
void test_medusa_catalog_register (void);
void test_medusa_client_register  (void);
void test_medusa_provider_register (void);
void test_medusa_feed_register    (void);
void test_medusa_store_api_register (void);

/* Parses a list answer; *keep holds the parsed root for the array. */
JsonArray *test_medusa_list_from (const char *json,
                                  const char *member,
                                  JsonNode  **keep);
