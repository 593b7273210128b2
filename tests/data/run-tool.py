#!/usr/bin/python3
"""Runs one validator for the data suite and passes its exit status on.

Usage: run-tool.py TOOL [ARG...]
If TOOL is not installed, prints why and exits 77 (meson's "skipped"),
never 0: a missing validator must not look like a pass.
"""

import os
import shutil
import subprocess
import sys
import tempfile

SKIP = 77


def main(argv):
    if len(argv) < 2:
        print('usage: run-tool.py TOOL [ARG...]', file=sys.stderr)
        return 2
    tool = argv[1]
    path = shutil.which(tool)
    if path is None:
        print(f'SKIP: {tool} is not installed (build-aux/deps.sh test installs it)')
        return SKIP
    args = []
    for arg in argv[2:]:
        if arg.startswith('/') and not os.path.exists(arg):
            print(f'FAIL: {arg} does not exist')
            return 1
        # Built files come as paths relative to the build folder; the tool
        # runs in a temporary folder.
        args.append(os.path.abspath(arg) if os.path.exists(arg) else arg)
    print('running:', ' '.join([tool] + args), flush=True)
    # Validators get a throw-away HOME so they leave nothing behind.
    with tempfile.TemporaryDirectory(prefix='dropdeck-data-test-') as home:
        env = dict(os.environ, HOME=home, XDG_CACHE_HOME=os.path.join(home, 'cache'),
                   XDG_DATA_HOME=os.path.join(home, 'data'))
        return subprocess.call([path] + args, env=env, cwd=home)


if __name__ == '__main__':
    sys.exit(main(sys.argv))
