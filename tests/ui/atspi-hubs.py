#!/usr/bin/python3
# atspi-hubs.py — accepts a suggested stock move on the Hubs page and sees the stock change
#
# Starts `dropdeck --demo` with a throw-away profile, takes the Ops lead
# role, opens the Hubs page and asks for suggested moves until the planner
# has one (the demo's orders need a few seconds), reads the move ("Move 4 ×
# … from Mitte to Kreuzberg") and the SKU's units on hand at both hubs,
# presses Accept and waits for the row to say "Moved" with the units gone
# from one hub and arrived at the other; then opens an offer and sees its
# delivery promise per hub area in the editor. Quits through the app and expects
# exit status 0. Run inside xvfb-run and dbus-run-session.
#
# Usage: atspi-hubs.py PATH-TO-DROPDECK
# DROPDECK_ATSPI_SCREENSHOTS=DIR saves hubs-moves.png.
#
# SPDX-License-Identifier: GPL-3.0-or-later

import importlib.util
import os
import re
import sys
import time

import pyatspi

# The helpers of the demo scenario (finding, waiting, pressing).
_spec = importlib.util.spec_from_file_location(
    'atspi_demo', os.path.join(os.path.dirname(os.path.abspath(__file__)), 'atspi-demo.py'))
demo = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(demo)

log = demo.log
wait_for = demo.wait_for
find_one = demo.find_one

MOVE_RE = re.compile(r'Accept: Move (\d+) × (.+) from (.+) to (.+)$')
OFFER = 'Heavyweight Box Tee, White, S'
PROMISE_RE = r' in \d+ of 7 hub areas( · .+ in \d+)*$'
# A few orders may ship from either hub while the move is made.
SLACK = 2


def take_role(frame, role):
    role_button = wait_for('the role selector', lambda: find_one(frame, name='Role'))
    demo.press(demo.first_with_action(role_button))
    choice = wait_for(f'the "{role}" choice',
                      lambda: find_one(role_button, role='push button', name=role))
    demo.press(choice)
    wait_for(f'the role selector to show {role}',
             lambda: role_button.clear_cache()
             or find_one(demo.first_with_action(role_button), name=role), timeout=5)
    log(f'role changed to {role}')


def click(node):
    """A left click near the start of `node` (the window sits at 0,0)."""
    extents = node.queryComponent().getExtents(pyatspi.DESKTOP_COORDS)
    pyatspi.Registry.generateMouseEvent(extents.x + 5, extents.y + extents.height // 2, 'b1c')
    time.sleep(0.2)


def row_of(node):
    while node is not None and node.getRoleName() not in ('list item', 'row'):
        node = node.parent
    if node is None:
        raise demo.ScenarioError('the Accept button is in no row')
    return node


def stock_on_hand(row, source, target):
    row.clear_cache()
    pattern = rf'^{re.escape(source)} (\d+) · {re.escape(target)} (\d+) on hand$'
    label = find_one(row, role='label', name_re=pattern)
    if label is None:
        return None
    match = re.match(pattern, label.name)
    return int(match.group(1)), int(match.group(2))


def scenario(proc):
    app = wait_for('dropdeck on the accessibility bus', lambda: demo.find_app(proc.pid))
    frame = wait_for('the Dropdeck window', lambda: find_one(app, role='frame', name_re='Dropdeck'))
    take_role(frame, 'Ops lead')
    demo.show_page(frame, 'Hubs')

    suggest = wait_for('the Suggest Moves button',
                       lambda: find_one(frame, role='push button', name_re=r'^Suggest Moves'))

    def suggested():
        demo.press(suggest)
        time.sleep(1.0)
        frame.clear_cache()
        return find_one(frame, role='push button', name_re=MOVE_RE.pattern)
    accept = wait_for('a suggested move', suggested, timeout=60, interval=1.0)
    quantity, title, source, target = MOVE_RE.search(accept.name).groups()
    quantity = int(quantity)
    row = row_of(accept)
    before = wait_for('the units on hand at both hubs', lambda: stock_on_hand(row, source, target))
    log(f'suggested: move {quantity} × {title} from {source} ({before[0]}) to {target} ({before[1]})')

    demo.press(accept)
    wait_for('the row to say "Moved"',
             lambda: row.clear_cache() or find_one(row, role='label', name='Moved'), timeout=15)

    def moved():
        after = stock_on_hand(row, source, target)
        if after is None:
            return None
        if before[0] - quantity - SLACK <= after[0] <= before[0] - quantity and \
           before[1] + quantity - SLACK <= after[1] <= before[1] + quantity and after[1] > before[1] - SLACK:
            return after
        return None
    after = wait_for(f'{quantity} units to leave {source} and reach {target}', moved, timeout=10)
    log(f'moved: {source} {before[0]} → {after[0]}, {target} {before[1]} → {after[1]}')
    demo.screenshot('hubs-moves')

    # The offer editor shows the delivery promise the hubs can keep now.
    demo.show_page(frame, 'Offers')
    cell = wait_for('the offer in the table', lambda: find_one(frame, role='label', name=OFFER))
    click(cell)
    editor = wait_for('the offer editor', lambda: find_one(frame, name='Offer editor'))
    promise = wait_for('the delivery promise per hub area',
                       lambda: editor.clear_cache() or find_one(editor, role='label', name_re=PROMISE_RE))
    log(f'the editor shows the promise: {promise.name}')
    demo.screenshot('offers-promise')

    demo.quit_app()


if __name__ == '__main__':
    if len(sys.argv) != 2:
        print(f'usage: {sys.argv[0]} PATH-TO-DROPDECK', file=sys.stderr)
        sys.exit(2)
    sys.exit(demo.run(sys.argv[1], scenario))
