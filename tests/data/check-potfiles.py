#!/usr/bin/python3
"""Checks that po/POTFILES.in is complete and correct.

Every file under src/ that marks a string for translation (_("..."),
N_("..."), C_("...", "..."), NC_, ngettext, or translatable="yes" in a .ui
file) must be listed in po/POTFILES.in or po/POTFILES.skip, and every file
POTFILES.in lists must exist. Exit status: 0 complete, 1 not.

Usage: check-potfiles.py [SOURCE_ROOT]
       check-potfiles.py --list [SOURCE_ROOT]  (prints the src/ files to list)
       check-potfiles.py --self-test   (proves the check fails when it must)
"""

import os
import re
import sys
import tempfile

SCANNED_SUFFIXES = ('.c', '.h', '.ui', '.xml', '.in')
C_MARKERS = re.compile(
    r'(?<![A-Za-z0-9_])(?:_|N_|C_|NC_|Q_)\s*\(\s*"'
    r'|(?<![A-Za-z0-9_])g?_?d?n?gettext\s*\('
)
UI_MARKERS = re.compile(r'''translatable\s*=\s*["'](?:yes|true|1)["']''')


def read_list(path):
    """Non-empty, non-comment lines of a POTFILES-style file."""
    if not os.path.exists(path):
        return []
    entries = []
    with open(path, encoding='utf-8') as f:
        for line in f:
            line = line.strip()
            if line and not line.startswith('#'):
                entries.append(line)
    return entries


def has_translatable_strings(path):
    try:
        with open(path, encoding='utf-8', errors='replace') as f:
            text = f.read()
    except OSError:
        return False
    if path.endswith('.ui') or path.endswith('.xml'):
        return bool(UI_MARKERS.search(text))
    return bool(C_MARKERS.search(text))


def translatable_files(root):
    found = []
    src = os.path.join(root, 'src')
    for dirpath, dirnames, filenames in os.walk(src):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith('.'))
        for name in sorted(filenames):
            if not name.endswith(SCANNED_SUFFIXES):
                continue
            path = os.path.join(dirpath, name)
            if has_translatable_strings(path):
                found.append(os.path.relpath(path, root).replace(os.sep, '/'))
    return sorted(found)


def check(root, out=sys.stdout):
    listed = read_list(os.path.join(root, 'po', 'POTFILES.in'))
    skipped = read_list(os.path.join(root, 'po', 'POTFILES.skip'))
    problems = []

    if not os.path.exists(os.path.join(root, 'po', 'POTFILES.in')):
        problems.append('po/POTFILES.in does not exist')
    for entry in listed:
        if not os.path.isfile(os.path.join(root, entry)):
            problems.append(f'po/POTFILES.in lists {entry}, which does not exist')
    seen = set()
    for entry in listed:
        if entry in seen:
            problems.append(f'po/POTFILES.in lists {entry} twice')
        seen.add(entry)
    known = set(listed) | set(skipped)
    for path in translatable_files(root):
        if path not in known:
            problems.append(f'{path} marks strings for translation but is not in po/POTFILES.in')

    for p in problems:
        print(f'FAIL: {p}', file=out)
    if not problems:
        print(f'ok: po/POTFILES.in lists {len(listed)} files; every translatable file under src/ is listed',
              file=out)
    return 0 if not problems else 1


def self_test():
    """The check must pass on a complete tree and fail on each kind of gap."""
    def tree(files, potfiles):
        d = tempfile.mkdtemp(prefix='check-potfiles-')
        for rel, text in files.items():
            p = os.path.join(d, rel)
            os.makedirs(os.path.dirname(p), exist_ok=True)
            with open(p, 'w', encoding='utf-8') as f:
                f.write(text)
        os.makedirs(os.path.join(d, 'po'), exist_ok=True)
        with open(os.path.join(d, 'po', 'POTFILES.in'), 'w', encoding='utf-8') as f:
            f.write(''.join(line + '\n' for line in potfiles))
        return d

    files = {
        'src/ui/dd-a.c': 'label = _("Start drop");\n',
        'src/ui/dd-b.ui': '<property name="label" translatable="yes">Go</property>\n',
        'src/core/dd-c.c': 'const char *s = C_("role", "Producer");\n',
        'src/core/dd-plain.c': 'int x = dd_thing_(1); /* no strings */\n',
    }
    complete = ['src/core/dd-c.c', 'src/ui/dd-a.c', 'src/ui/dd-b.ui']
    cases = [
        ('complete tree', files, complete, 0),
        ('a .c file missing', files, complete[:1] + complete[2:], 1),
        ('a .ui file missing', files, complete[:2], 1),
        ('a listed file that does not exist', files, complete + ['src/ui/dd-gone.c'], 1),
        ('a file listed twice', files, complete + complete[:1], 1),
        ('spaced GNU-style call', {**files, 'src/engine/dd-d.c': 'g_print ("%s", _ ("Hi"));\n'}, complete, 1),
    ]
    failed = 0
    sink = open(os.devnull, 'w')
    for name, tree_files, potfiles, want in cases:
        got = check(tree(tree_files, potfiles), out=sink)
        status = 'ok' if got == want else 'FAIL'
        failed += got != want
        print(f'{status}: {name}: exit {got}, expected {want}')
    return 1 if failed else 0


if __name__ == '__main__':
    if len(sys.argv) > 1 and sys.argv[1] == '--self-test':
        sys.exit(self_test())
    if len(sys.argv) > 1 and sys.argv[1] == '--list':
        root = sys.argv[2] if len(sys.argv) > 2 else os.path.join(os.path.dirname(__file__), '..', '..')
        print('\n'.join(translatable_files(os.path.abspath(root))))
        sys.exit(0)
    root = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), '..', '..')
    sys.exit(check(os.path.abspath(root)))
