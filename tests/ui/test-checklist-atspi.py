#!/usr/bin/python3
# test-checklist-atspi.py — the squad runs the demo's pre-drop checklist to
# a GO and exports the signed report, through the accessibility bus
#
# Starts `dropdeck --demo` with a throw-away profile, opens the Checklists
# page, takes the Ops lead role, keeps "My items", signs "Check stock
# allocation per hub" off with a note and expects the item checked with the
# Ops lead as signer. As the Engineer on-call it runs the preflight item: a
# real load of 200 viewers for a few seconds against a nats-server this
# script starts (build-aux/nats.sh, loopback, stopped by its PID), set
# through the preflight-* settings (a keyfile settings backend in the test's
# own config folder); the preflight window shows the verdict, and the item
# is checked with its evidence. The Creator liaison and the Mod & trust lead
# sign their last items off (switching role with the role selector, as a
# squad member does). The poll dialog then waits for the Producer; as the
# Producer it is opened, and every role answers GO in turn (each from its
# own role), so the poll says GO. Export Report… saves the PDF through the
# file dialog into the profile's home folder; the test reads it back
# (pdftotext when installed) for the sign-offs, the evidence and the GO.
# Run inside xvfb-run and dbus-run-session.
# DROPDECK_ATSPI_SCREENSHOTS=DIR saves the Drop page with the rollback
# triggers, the signed item and the poll dialog there.
#
# Usage: test-checklist-atspi.py PATH-TO-DROPDECK
#
# SPDX-License-Identifier: GPL-3.0-or-later

import importlib.util
import os
import re
import shutil
import socket
import sqlite3
import subprocess
import sys
import tempfile

import pyatspi

# The helpers of the demo scenario: finding, waiting, pressing.
_spec = importlib.util.spec_from_file_location(
    'atspi_demo', os.path.join(os.path.dirname(os.path.abspath(__file__)), 'atspi-demo.py'))
demo = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(demo)

ITEM = 'Check stock allocation per hub'
NOTE = 'All 12 hubs match the allocation sheet'
# The other roles' open blocking items in the demo, signed off by their owners.
OTHER_ITEMS = (
    ('Creator liaison', 'Walk the creator through the run of show', 'Run of show walked with the creator'),
    ('Mod & trust lead', 'Brief the moderators on the escalation path', 'Moderators briefed'),
)
# The order the poll asks the roles in.
POLL_ORDER = ('Ops lead', 'Creator liaison', 'Mod & trust lead', 'Engineer on-call', 'Producer')
REPORT = 'checklist-report.pdf'
# GTK 4.8 may repeat the row's title after the label it is given.
ITEM_RE = '^' + re.escape(ITEM)
PREFLIGHT = 'Run the synthetic load test (5,000 viewers)'
PREFLIGHT_VIEWERS = 200
NATS_SH = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', 'build-aux', 'nats.sh')


def free_port():
    with socket.socket() as s:
        s.bind(('127.0.0.1', 0))
        return s.getsockname()[1]


def start_nats(folder):
    """nats-server with WebSocket and monitoring on free loopback ports;
    returns the chat and overlay URLs."""
    port, ws_port, http_port = free_port(), free_port(), free_port()
    subprocess.run([NATS_SH, 'start', folder, str(port), str(ws_port), '--http-port', str(http_port),
                    '--watch-pid', str(os.getpid())], check=True)
    return f'ws://127.0.0.1:{ws_port}', f'http://127.0.0.1:{http_port}/varz'


def preflight_settings(config_home, chat_url, overlay_url):
    """The preflight's targets in a keyfile settings backend."""
    folder = os.path.join(config_home, 'glib-2.0', 'settings')
    os.makedirs(folder)
    with open(os.path.join(folder, 'keyfile'), 'w') as keyfile:
        keyfile.write('[io/github/dropdeck/Dropdeck]\n'
                      f"preflight-chat-url='{chat_url}'\n"
                      f"preflight-overlay-url='{overlay_url}'\n"
                      f'preflight-viewers=uint32 {PREFLIGHT_VIEWERS}\n'
                      'preflight-ramp=uint32 1\n'
                      'preflight-duration=uint32 3\n')


def run_preflight(app, frame):
    """As the Engineer on-call: runs the preflight item and waits for its verdict."""
    choose_role(frame, 'Engineer on-call')
    run = demo.wait_for('the preflight\'s run button',
                        lambda: demo.find_one(frame, role='push button',
                                              name_re=f'^Run the check of “{re.escape(PREFLIGHT)}”'))
    demo.press(run)
    demo.wait_for('the preflight window', lambda: demo.find_one(app, name='Preflight progress'))
    verdict = demo.wait_for('the preflight\'s verdict',
                            lambda: demo.find_one(app, role='label', name_re='^Preflight (passed|failed)'),
                            timeout=40)
    demo.log(f'the preflight window says: {verdict.name}')
    demo.screenshot('preflight-dialog')
    if not verdict.name.startswith('Preflight passed'):
        result = demo.find_one(app, name_re=f'^{PREFLIGHT_VIEWERS} viewers')
        raise demo.ScenarioError(f'the preflight failed: {result.name if result else "no evidence"}')
    demo.wait_for('the preflight item to be checked',
                  lambda: is_checked(demo.find_one(frame, role='check box',
                                                   name_re='^' + re.escape(PREFLIGHT))), timeout=10)
    # GTK 4.8 appends the button's own label to the name it is given.
    demo.press(demo.wait_for('the Close button',
                             lambda: demo.find_one(app, role='push button', name_re='^Close the preflight')))
    demo.wait_for('the preflight window to close',
                  lambda: demo.find_one(app, name='Preflight progress') is None)
    demo.log('the preflight item is checked by its probe')


def sign_off_with_note(app, frame, title, note, role):
    """Signs the item `title` off with `note` from its row's note button and
    expects it checked with `role` as signer."""
    title_re = '^' + re.escape(title)
    box = demo.wait_for(f'the "{title}" item', lambda: demo.find_one(frame, role='check box', name_re=title_re))
    if is_checked(box):
        raise demo.ScenarioError(f'"{title}" is signed off before the test')
    note_button = demo.wait_for('the note button',
                                lambda: demo.find_one(frame, role='push button',
                                                      name_re=f'^Sign off “{re.escape(title)}” with a note'))
    demo.press(note_button)

    dialog = demo.wait_for('the sign-off dialog',
                           lambda: demo.find_one(app, name='Sign Off With a Note'))
    entry = demo.wait_for('the note entry', lambda: demo.find_one(app, name='Sign-off note'))
    entry.queryEditableText().setTextContents(note)
    sign = demo.wait_for('the Sign Off button',
                         lambda: demo.find_one(app, role='push button', name_re='^_?Sign Off'))
    demo.press(sign)
    demo.log(f'signed off with a note ({dialog.name})')

    demo.wait_for(f'"{title}" to be checked',
                  lambda: is_checked(demo.find_one(frame, role='check box', name_re=title_re)), timeout=10)
    box = demo.find_one(frame, role='check box', name_re=title_re)
    signer = demo.wait_for(f'the {role} as signer',
                           lambda: box.clear_cache() or re.match(rf'^Signed off by .+ \({re.escape(role)}\)$',
                                                                 box.description or ''))
    demo.log(f'the item says: {signer.group(0)}')


def open_poll_dialog(app, frame):
    demo.press(demo.wait_for('the poll button',
                             lambda: demo.find_one(frame, role='push button', name_re='^Go/No-go poll')))
    return demo.wait_for('the poll dialog', lambda: demo.find_one(app, role='dialog', name='Go/No-go Poll')
                         or demo.find_one(app, role='frame', name='Go/No-go Poll'))


def close_poll_dialog(app, dialog):
    demo.press(demo.wait_for('the dialog\'s close button',
                             lambda: demo.find_one(dialog, role='push button', name='Close')))
    demo.wait_for('the poll dialog to close',
                  lambda: demo.find_one(app, role='dialog', name='Go/No-go Poll') is None
                  and demo.find_one(app, role='frame', name='Go/No-go Poll') is None)


def answer_go(app, frame, role):
    """As `role`: opens the poll dialog on its turn and answers GO."""
    choose_role(frame, role)
    dialog = open_poll_dialog(app, frame)
    demo.wait_for(f'the {role}\'s turn', lambda: demo.find_one(dialog, role='label', name=f'{role}’s turn'))
    answer = demo.wait_for('the Answer GO button',
                           lambda: (lambda b: b if b is not None and demo.is_sensitive(b) else None)(
                               demo.find_one(dialog, role='push button', name_re='^Answer GO')))
    demo.press(answer)
    demo.wait_for(f'the {role}\'s answer in the list',
                  lambda: demo.find_one(dialog, name_re=f'^{re.escape(role)}$') is not None
                  and demo.find_one(dialog, role='label', name=f'{role}’s turn') is None, timeout=10)
    demo.log(f'the {role} answered GO')
    return dialog


def export_report(app, frame, home):
    """Export Report… through the file dialog, into the dialog's folder."""
    demo.press(demo.wait_for('the Export Report button',
                             lambda: demo.find_one(frame, role='push button', name_re='^Export the signed report')))
    demo.log('windows: ' + repr([(c.getRoleName(), c.name) for c in app]))
    chooser = demo.wait_for('the export dialog',
                            lambda: demo.find_one(app, role='dialog', name='Export the Signed Report')
                            or demo.find_one(app, role='frame', name='Export the Signed Report'))
    # The dialog offers checklist-report.pdf in Documents (or the home folder).
    demo.press(demo.wait_for('the Export button',
                             lambda: demo.find_one(chooser, role='push button', name_re='^_?Export$')))
    paths = [os.path.join(home, 'Documents', REPORT), os.path.join(home, REPORT)]
    path = demo.wait_for('the report file', lambda: next((p for p in paths if os.path.exists(p)
                                                          and os.path.getsize(p) > 0), None), timeout=15)
    demo.log(f'the report is exported to {path}')
    return path


def app_home(pid):
    """The HOME the app runs with (the profile demo.run made for it)."""
    with open(f'/proc/{pid}/environ', 'rb') as environ:
        for entry in environ.read().split(b'\0'):
            if entry.startswith(b'HOME='):
                return entry[5:].decode()
    raise demo.ScenarioError('the app has no HOME')


def check_report(path):
    """The exported PDF: a PDF, with the sign-offs, the evidence and the GO."""
    with open(path, 'rb') as pdf:
        if pdf.read(5) != b'%PDF-':
            raise demo.ScenarioError(f'{path} is not a PDF')
    if shutil.which('pdftotext') is None:
        demo.log('pdftotext is not installed: the report\'s text is not checked')
        return
    text = subprocess.run(['pdftotext', '-layout', path, '-'], check=True,
                          capture_output=True, text=True).stdout
    expected = ['Signed Checklist Report', ITEM, f'Note: {NOTE}', 'Result: GO',
                'Evidence: ', 'viewers', 'Opened by']
    expected += [note for _, _, note in OTHER_ITEMS]
    expected += [f'{role} ' for role in POLL_ORDER]
    missing = [e for e in expected if e not in text]
    if missing:
        raise demo.ScenarioError(f'the report lacks {missing}:\n{text}')
    answers = len(re.findall(r'^\s*\d\s+.+\s+GO\s', text, re.MULTILINE))
    if answers != len(POLL_ORDER):
        raise demo.ScenarioError(f'the report has {answers} GO answers, not {len(POLL_ORDER)}:\n{text}')
    demo.log(f'the report holds the sign-offs, the evidence and {answers} GO answers')


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
                evidence = db.execute("SELECT state, evidence FROM checklist_items WHERE title = ?",
                                      (PREFLIGHT,)).fetchone()
                polls = db.execute("SELECT opened_by FROM go_no_go_polls").fetchall()
            finally:
                db.close()
            return row + (polls, evidence) if row else None
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

    sign_off_with_note(app, frame, ITEM, NOTE, 'Ops lead')
    demo.screenshot('checklists-signed')

    run_preflight(app, frame)
    for role, title, note in OTHER_ITEMS:
        choose_role(frame, role)
        sign_off_with_note(app, frame, title, note, role)

    # The poll: the Ops lead sees who opens it.
    choose_role(frame, 'Ops lead')
    dialog = open_poll_dialog(app, frame)
    demo.wait_for('the poll to wait for the Producer',
                  lambda: demo.find_one(dialog, role='label', name='The Producer opens the poll'))
    demo.log('the poll dialog waits for the Producer')
    close_poll_dialog(app, dialog)

    # The Producer opens it; nothing blocking is open any more.
    choose_role(frame, 'Producer')
    dialog = open_poll_dialog(app, frame)
    demo.press(demo.wait_for('the Open Poll button',
                             lambda: demo.find_one(dialog, role='push button', name_re='^Open the poll')))
    demo.wait_for('the Ops lead\'s turn', lambda: demo.find_one(dialog, role='label', name='Ops lead’s turn'))
    demo.wait_for('no blocking item open',
                  lambda: demo.find_one(dialog, role='label', name_re='^Every blocking pre-drop item is done'))
    demo.log('the Producer opened the poll with every blocking item done')
    close_poll_dialog(app, dialog)

    # Every role answers GO from its own seat.
    for role in POLL_ORDER:
        dialog = answer_go(app, frame, role)
        if role != POLL_ORDER[-1]:
            close_poll_dialog(app, dialog)
    demo.wait_for('the poll to say GO', lambda: demo.find_one(dialog, role='label', name='GO'))
    if demo.find_one(dialog, role='label', name_re='NO-GO'):
        raise demo.ScenarioError('the decided poll mentions NO-GO')
    demo.log('the poll says GO')
    demo.screenshot('poll-dialog')
    close_poll_dialog(app, dialog)

    report = export_report(app, frame, app_home(proc.pid))
    check_report(report)
    demo.quit_app()


def check_stored(env):
    stored = stored_note(env['XDG_DATA_HOME'])
    if (stored is None or stored[0] != NOTE or not stored[1].startswith('ops-lead')
            or stored[2] != [('producer',)]
            or f'{PREFLIGHT_VIEWERS} viewers ({PREFLIGHT_VIEWERS} connected)' not in (stored[3][1] or '')):
        raise demo.ScenarioError(f'the sign-off was not stored with its note: {stored}')
    demo.log(f'stored: {stored}')


def main():
    if len(sys.argv) != 2:
        print(f'usage: {sys.argv[0]} PATH-TO-DROPDECK', file=sys.stderr)
        return 2

    folder = tempfile.mkdtemp(prefix='dropdeck-atspi-preflight-')
    try:
        chat_url, overlay_url = start_nats(os.path.join(folder, 'nats'))
        config_home = os.path.join(folder, 'config')
        preflight_settings(config_home, chat_url, overlay_url)
        # Without fatal-criticals for the app in this scenario only: when the
        # preflight window closes, GTK 4.8's AT-SPI context can build a
        # reference with no object path (g_variant_is_object_path:
        # 'string != NULL'), a GTK-internal CRITICAL that once aborted the
        # app in a clean CI run. It is still printed; the scenario's own
        # checks decide. The UI unit tests keep fatal-criticals.
        return demo.run(sys.argv[1], scenario, after=check_stored,
                        extra_env={'GSETTINGS_BACKEND': 'keyfile', 'XDG_CONFIG_HOME': config_home,
                                   'G_DEBUG': 'gc-friendly'})
    finally:
        subprocess.run([NATS_SH, 'stop', os.path.join(folder, 'nats')], check=False)
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == '__main__':
    sys.exit(main())
