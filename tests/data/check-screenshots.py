#!/usr/bin/python3
"""Checks that every screenshot the metainfo names is in data/screenshots/ as a
real PNG, and that there is one for each page of the window.

Usage: check-screenshots.py METAINFO SOURCE_ROOT
Exit status: 0 complete, 1 not, 77 while data/screenshots/ does not exist yet
(the screenshots are taken of the running app under Xvfb, not drawn by hand).
"""

import os
import struct
import sys
import xml.etree.ElementTree as ET

URL_PREFIX = 'https://raw.githubusercontent.com/dropdeck/dropdeck/main/'
PAGES = ['drop', 'chat', 'offers', 'hubs', 'checklists']
MIN_WIDTH = 620  # smaller screenshots look blurry in software centres


def png_size(path):
    with open(path, 'rb') as f:
        head = f.read(24)
    if len(head) < 24 or head[:8] != b'\x89PNG\r\n\x1a\n' or head[12:16] != b'IHDR':
        return None
    return struct.unpack('>II', head[16:24])


def main(argv):
    if len(argv) != 3:
        print('usage: check-screenshots.py METAINFO SOURCE_ROOT', file=sys.stderr)
        return 2
    metainfo, root = argv[1], argv[2]
    images = [e.text.strip() for e in ET.parse(metainfo).getroot().iter('image') if e.text]
    problems = []
    names = []
    for url in images:
        if not url.startswith(URL_PREFIX + 'data/screenshots/'):
            problems.append(f'{url} is not in data/screenshots/ of the repository')
            continue
        names.append(os.path.splitext(os.path.basename(url))[0])
    if sorted(names) != sorted(PAGES):
        problems.append(f'screenshots {names}, expected one per page: {PAGES}')

    shots = os.path.join(root, 'data', 'screenshots')
    if not os.path.isdir(shots) and not problems:
        print('SKIP: data/screenshots/ does not exist yet; the metainfo names '
              + ', '.join(n + '.png' for n in names))
        return 77
    for url in images:
        rel = url[len(URL_PREFIX):]
        path = os.path.join(root, rel)
        if not os.path.isfile(path):
            problems.append(f'{rel} is named in the metainfo but does not exist')
            continue
        size = png_size(path)
        if size is None:
            problems.append(f'{rel} is not a PNG file')
        elif size[0] < MIN_WIDTH:
            problems.append(f'{rel} is {size[0]}x{size[1]}, narrower than {MIN_WIDTH} pixels')

    for p in problems:
        print(f'FAIL: {p}')
    if not problems:
        print(f'ok: {len(images)} screenshots, one per page, all PNG files in data/screenshots/')
    return 1 if problems else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
