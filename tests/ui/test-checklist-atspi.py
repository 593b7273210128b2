#!/usr/bin/python3
# test-checklist-atspi.py — the Ops lead signs a checklist item off in the
# demo, through the accessibility bus
#
# Starts `dropdeck --demo` with a throw-away profile, opens the Checklists
# page, takes the Ops lead role, keeps "My items", signs "Check stock
# allocation per hub" off with a note and expects the item checked with the
# Ops lead as signer; then opens the go/no-go poll, which waits for the
# Producer, and as the Producer opens it. Run inside xvfb-run and dbus-run-session.
# DROPDECK_ATSPI_SCREENSHOTS=DIR saves the Drop page with the rollback
# triggers, the signed item and the poll dialog there.
#
# Usage: test-checklist-atspi.py PATH-TO-DROPDECK
#
# SPDX-License-Identifier: GPL-3.0-or-later

import importlib.util
import os
import re
import sqlite3
import sys

import pyatspi

# The helpers of the demo scenario: finding, waiting, pressing.
_spec = importlib.util.spec_from_file_location(
    'atspi_demo', os.path.join(os.path.dirname(os.path.abspath(__file__)), 'atspi-demo.py'))
demo = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(demo)

ITEM = 'Check stock allocation per hub'
NOTE = 'All 12 hubs match the allocation sheet'
# GTK 4.8 may repeat the row's title after the label it is given.
ITEM_RE = '^' + re.escape(ITEM)


def choose_role(frame, role):
    role_button = demo.wait_for('the role selector', lambda: demo.find_one(frame, name='Role'))
    demo.press(demo.first_with_action(role_button))
    choice = demo.wait_for(f'the "{role}" choice',
                           lambda: demo.find_one(role_button, role='push button', name=role))
    demo.press(choice)
    demo.wait_for(f'the role selector to show {role}',
                  lambda: role_button.clear_cache()
                  or demo.find_one(demo.first_with_action(role_button), name=role), timeout=5)
    demo.log(f'role changed to {role}')


def is_checked(node):
    node.clear_cache()
    return node.getState().contains(pyatspi.STATE_CHECKED)


def stored_note(data_home):
    """The note and signer stored with the item and who opened the polls,
    read from the demo's database."""
    for folder, _, files in os.walk(data_home):
        if 'dropdeck.db' in files:
            db = sqlite3.connect(os.path.join(folder, 'dropdeck.db'))
            try:
                row = db.execute("SELECT note, signed_by FROM checklist_items WHERE title = ?",
                                 (ITEM,)).fetchone()
                polls = db.execute("SELECT opened_by FROM go_no_go_polls").fetchall()
            finally:
                db.close()
            return row + (polls,) if row else None
    return None


def scenario(proc):
    app = demo.wait_for('dropdeck on the accessibility bus', lambda: demo.find_app(proc.pid))
    frame = demo.wait_for('the Dropdeck window',
                          lambda: demo.find_one(app, role='frame', name_re='Dropdeck'))
    choose_role(frame, 'Ops lead')
    demo.show_page(frame, 'Drop')
    demo.wait_for('the rollback triggers', lambda: demo.find_one(frame, name='Rollback triggers'))
    demo.screenshot('drop-triggers')
    demo.show_page(frame, 'Checklists')

    # "My items": only the Ops lead's items stay.
    everyone = len(demo.wait_for('checklist items', lambda: demo.find_all(frame, role='check box')))
    my_items = demo.wait_for('the My items switch', lambda: demo.find_one(frame, name='My items'))
    demo.press(my_items)
    mine = demo.wait_for('only the Ops lead\'s items',
                         lambda: (lambda n: n if 0 < n < everyone else None)(
                             len(demo.find_all(frame, role='check box'))))
    demo.log(f'My items: {mine} of {everyone} items')

    box = demo.wait_for(f'the "{ITEM}" item', lambda: demo.find_one(frame, role='check box', name_re=ITEM_RE))
    if is_checked(box):
        raise demo.ScenarioError(f'"{ITEM}" is signed off before the test')
    note_button = demo.wait_for('the note button',
                                lambda: demo.find_one(frame, role='push button',
                                                      name_re=f'^Sign off “{re.escape(ITEM)}” with a note'))
    demo.press(note_button)

    dialog = demo.wait_for('the sign-off dialog',
                           lambda: demo.find_one(app, name='Sign Off With a Note'))
    entry = demo.wait_for('the note entry', lambda: demo.find_one(app, name='Sign-off note'))
    entry.queryEditableText().setTextContents(NOTE)
    sign = demo.wait_for('the Sign Off button',
                         lambda: demo.find_one(app, role='push button', name_re='^_?Sign Off'))
    demo.press(sign)
    demo.log(f'signed off with a note ({dialog.name})')

    demo.wait_for(f'"{ITEM}" to be checked',
                  lambda: is_checked(demo.find_one(frame, role='check box', name_re=ITEM_RE)), timeout=10)
    box = demo.find_one(frame, role='check box', name_re=ITEM_RE)
    signer = demo.wait_for('the Ops lead as signer',
                           lambda: box.clear_cache() or re.match(r'^Signed off by .+ \(Ops lead\)$',
                                                                 box.description or ''))
    demo.log(f'the item says: {signer.group(0)}')
    demo.screenshot('checklists-signed')

    # The poll: the Ops lead sees who opens it.
    poll = demo.wait_for('the poll button', lambda: demo.find_one(frame, role='push button', name_re='^Go/No-go poll'))
    demo.press(poll)
    demo.wait_for('the poll dialog', lambda: demo.find_one(app, role='label',
                                                           name='The Producer opens the poll'))
    demo.log('the poll dialog waits for the Producer')
    demo.screenshot('poll-dialog')

    # The Producer opens the poll; the Ops lead answers first.
    dialog = demo.find_one(app, role='dialog', name='Go/No-go Poll') or \
        demo.find_one(app, role='frame', name='Go/No-go Poll')
    demo.press(demo.wait_for('the dialog\'s close button',
                             lambda: demo.find_one(dialog, role='push button', name='Close')))
    demo.wait_for('the poll dialog to close',
                  lambda: demo.find_one(app, role='label', name='The Producer opens the poll') is None)
    choose_role(frame, 'Producer')
    demo.press(demo.wait_for('the poll button',
                             lambda: demo.find_one(frame, role='push button', name_re='^Go/No-go poll')))
    demo.press(demo.wait_for('the Open Poll button',
                             lambda: demo.find_one(app, role='push button', name_re='^Open the poll')))
    demo.wait_for('the Ops lead\'s turn', lambda: demo.find_one(app, role='label', name='Ops lead’s turn'))
    demo.wait_for('the open blocking items named',
                  lambda: demo.find_one(app, role='label', name_re='can only end in NO-GO'))
    demo.log('the Producer opened the poll; the Ops lead answers first')

    demo.quit_app()


def check_stored(env):
    stored = stored_note(env['XDG_DATA_HOME'])
    if (stored is None or stored[0] != NOTE or not stored[1].startswith('ops-lead')
            or stored[2] != [('producer',)]):
        raise demo.ScenarioError(f'the sign-off was not stored with its note: {stored}')
    demo.log(f'stored: {stored}')


def main():
    if len(sys.argv) != 2:
        print(f'usage: {sys.argv[0]} PATH-TO-DROPDECK', file=sys.stderr)
        return 2

    return demo.run(sys.argv[1], scenario, after=check_stored)


if __name__ == '__main__':
    sys.exit(main())
