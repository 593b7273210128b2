/* test-readable-color.c — name colours legible on light and dark backgrounds
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "dd-readable-color.h"

#define LIGHT 0xffffff
#define DARK  0x242424

static void
test_ratio (void)
{
  g_assert_cmpfloat_with_epsilon (dd_color_contrast_ratio (0x000000, 0xffffff), 21.0, 0.01);
  g_assert_cmpfloat_with_epsilon (dd_color_contrast_ratio (0xffffff, 0x000000), 21.0, 0.01);
  g_assert_cmpfloat_with_epsilon (dd_color_contrast_ratio (0x777777, 0x777777), 1.0, 0.001);
  /* The WCAG example: #767676 on white is just above 4.5. */
  g_assert_cmpfloat (dd_color_contrast_ratio (0x767676, 0xffffff), >=, 4.5);
}

static void
test_readable (void)
{
  const guint32 colours[] = { 0x0000ff, 0xffff00, 0x00ff7f, 0x1e90ff, 0x8a2be2, 0x000000, 0xffffff, 0xff0000 };

  for (guint i = 0; i < G_N_ELEMENTS (colours); i++)
    {
      guint32 on_light = dd_color_readable (colours[i], LIGHT, 4.5);
      guint32 on_dark = dd_color_readable (colours[i], DARK, 4.5);

      g_assert_cmpfloat (dd_color_contrast_ratio (on_light, LIGHT), >=, 4.5);
      g_assert_cmpfloat (dd_color_contrast_ratio (on_dark, DARK), >=, 4.5);
    }

  /* Already legible: unchanged. */
  g_assert_cmphex (dd_color_readable (0x0000ff, LIGHT, 4.5), ==, 0x0000ff);
  g_assert_cmphex (dd_color_readable (0xffff00, DARK, 4.5), ==, 0xffff00);
  /* Yellow on white darkens but stays yellowish: red and green above blue. */
  {
    guint32 c = dd_color_readable (0xffff00, LIGHT, 4.5);
    g_assert_cmpuint ((c >> 16) & 0xff, >, c & 0xff);
    g_assert_cmpuint ((c >> 8) & 0xff, >, c & 0xff);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/readable-color/ratio", test_ratio);
  g_test_add_func ("/readable-color/readable", test_readable);

  return g_test_run ();
}
