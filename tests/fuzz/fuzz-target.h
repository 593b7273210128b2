/* fuzz-target.h — the libFuzzer entry point, shared with the standalone
 * driver that runs a corpus without libFuzzer
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);
