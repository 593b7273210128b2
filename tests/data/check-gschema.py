#!/usr/bin/python3
"""Checks the GSettings schema compiled into the build folder, the one the UI
tests and `dropdeck` run from the build folder use (GSETTINGS_SCHEMA_DIR).

Usage: check-gschema.py SCHEMA_DIR
Exit status: 0 when every key has its documented default and range, 1 when
not, 77 when gsettings is not installed.
"""

import os
import shutil
import subprocess
import sys

SCHEMA = 'io.github.dropdeck.Dropdeck'
DEFAULTS = {
    'role': "'producer'",
    'window-width': '1180',
    'window-height': '760',
    'window-maximized': 'false',
    'color-scheme': "'follow'",
    'chat-window-size': 'uint32 5000',
    'chat-question-wait': 'uint32 60',
    'demo-chat-rate': '40.0',
    'price-drop-threshold': 'uint32 30',
    'map-tile-url': "'https://tile.openstreetmap.org/{z}/{x}/{y}.png'",
    'map-tile-attribution': "'© OpenStreetMap contributors'",
    # Empty: the demo simulates the squad.
    'squad-name': "''",
    # Empty: that kind of preflight load does not run.
    'preflight-chat-url': "''",
    'preflight-overlay-url': "''",
    'preflight-checkout-url': "''",
    'preflight-viewers': 'uint32 5000',
}
RANGES = {
    # The nicks dd_role_to_nick () uses.
    'role': "enum\n'producer'\n'ops-lead'\n'creator-liaison'\n'mod-trust-lead'\n'engineer-on-call'",
    'color-scheme': "enum\n'follow'\n'light'\n'dark'",
    'chat-window-size': 'range u 500 100000',
    'chat-question-wait': 'range u 10 1800',
    'demo-chat-rate': 'range d 1.0 5000.0',
    'price-drop-threshold': 'range u 1 100',
    'preflight-viewers': 'range u 1 100000',
}
REFUSED = [('role', "'director'"), ('chat-window-size', '100'), ('demo-chat-rate', '6000.0'),
           ('price-drop-threshold', '0'), ('chat-question-wait', '5'),
           ('preflight-viewers', '0')]
ACCEPTED = [('role', "'mod-trust-lead'"), ('demo-chat-rate', '5000.0'), ('squad-name', "'berlin-drop'")]


def main(argv):
    if len(argv) != 2:
        print('usage: check-gschema.py SCHEMA_DIR', file=sys.stderr)
        return 2
    gsettings = shutil.which('gsettings')
    if gsettings is None:
        print('SKIP: gsettings is not installed (Debian package libglib2.0-bin)')
        return 77
    schema_dir = argv[1]
    if not os.path.isfile(os.path.join(schema_dir, 'gschemas.compiled')):
        print(f'FAIL: {schema_dir}/gschemas.compiled does not exist')
        return 1
    env = dict(os.environ, GSETTINGS_BACKEND='memory')

    def run(*args):
        p = subprocess.run([gsettings, '--schemadir', schema_dir] + list(args),
                           env=env, capture_output=True, text=True)
        return p.returncode, p.stdout.strip()

    problems = []
    rc, out = run('list-keys', SCHEMA)
    keys = sorted(out.split()) if rc == 0 else []
    if sorted(DEFAULTS) != keys:
        problems.append(f'keys are {keys}, expected {sorted(DEFAULTS)}')
    for key, want in DEFAULTS.items():
        rc, got = run('get', SCHEMA, key)
        if rc != 0 or got != want:
            problems.append(f'{key}: default {got!r}, expected {want!r}')
    for key, want in RANGES.items():
        rc, got = run('range', SCHEMA, key)
        if rc != 0 or got != want:
            problems.append(f'{key}: range {got!r}, expected {want!r}')
    for key, value in REFUSED:
        rc, _ = run('set', SCHEMA, key, value)
        if rc == 0:
            problems.append(f'{key}: accepted {value}, which is outside its choices or range')
    for key, value in ACCEPTED:
        rc, _ = run('set', SCHEMA, key, value)
        if rc != 0:
            problems.append(f'{key}: refused {value}, which is a valid value')

    for p in problems:
        print(f'FAIL: {p}')
    if not problems:
        print(f'ok: {SCHEMA} in {schema_dir}: {len(DEFAULTS)} keys with their defaults and ranges')
    return 1 if problems else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
