#!/usr/bin/python3
# atspi-offers.py — edits a price, goes live and sees the ledger entries, through the accessibility bus
#
# Starts `dropdeck --demo` with a throw-away profile, opens the Offers page,
# selects a live offer, types a new price into the editor and presses Enter,
# waits for the price change in the offer's ledger history, pauses the offer,
# puts it live again through the "Go Live?" confirmation (which must show
# the guards), sees the state change in the history, undoes it and sees the
# undo as a new entry. Then selects a bundle that needs a cross-hub pick and
# holds it for a post-drop follow-up, and sees the go-live confirmation of
# an offer with a false "was" price refuse it. Quits through the app and expects
# exit status 0. Run inside xvfb-run and dbus-run-session.
#
# Usage: atspi-offers.py PATH-TO-DROPDECK
# DROPDECK_ATSPI_SCREENSHOTS=DIR saves offers-editor.png, offers-go-live.png,
# offers-bundle.png and offers-false-was.png.
#
# SPDX-License-Identifier: GPL-3.0-or-later

import importlib.util
import os
import sys
import time

import pyatspi

# The helpers of the demo scenario (finding, waiting, pressing).
_spec = importlib.util.spec_from_file_location(
    'atspi_demo', os.path.join(os.path.dirname(os.path.abspath(__file__)), 'atspi-demo.py'))
demo = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(demo)

OFFER = 'Heavyweight Box Tee, White, S'
log = demo.log
wait_for = demo.wait_for
find_one = demo.find_one


def fresh(frame, **kwargs):
    frame.clear_cache()
    return find_one(frame, **kwargs)


def history_row(frame, text):
    return wait_for(f'the ledger entry "{text}"',
                    lambda: fresh(frame, role='list item', name=text), timeout=15)


def has_action(node):
    try:
        return node.queryAction().nActions > 0
    except NotImplementedError:
        return False


def text_of(node):
    text = node.queryText()
    return text.getText(0, text.characterCount)


def click(node):
    """A left click near the start of `node` (GTK 4.8 has no grabFocus)."""
    extents = node.queryComponent().getExtents(pyatspi.DESKTOP_COORDS)
    pyatspi.Registry.generateMouseEvent(extents.x + 5, extents.y + extents.height // 2, 'b1c')
    time.sleep(0.2)


def press_return():
    pyatspi.Registry.generateKeyboardEvent(0xff0d, None, pyatspi.KEY_SYM)


def scenario(proc):
    app = wait_for('dropdeck on the accessibility bus', lambda: demo.find_app(proc.pid))
    frame = wait_for('the Dropdeck window', lambda: find_one(app, role='frame', name_re='Dropdeck'))
    demo.show_page(frame, 'Offers')

    # Select the offer: a click on its title cell (the window sits at 0,0).
    cell = wait_for('the offer in the table', lambda: find_one(frame, role='label', name=OFFER))
    click(cell)
    editor = wait_for('the offer editor', lambda: find_one(frame, name='Offer editor'))
    wait_for('the editor to show the offer',
             lambda: fresh(editor, role='label', name_re=r'^Live · '))
    log(f'selected "{OFFER}"')

    # A new price, typed and applied with Enter.
    price = wait_for('the price field', lambda: fresh(editor, role='text', name_re=r'^Price'))
    click(price)
    price.queryEditableText().setTextContents('33.00')
    time.sleep(0.3)
    press_return()
    history_row(editor, 'price: 35.00 EUR → 33.00 EUR')
    wait_for('the offer to show as pending', lambda: fresh(editor, role='label', name='Live · Pending'))
    log('the price change is in the ledger and pending sync')
    demo.screenshot('offers-editor')

    # Pause, then go live again through the confirmation.
    pause = wait_for('the Pause action', lambda: fresh(editor, role='push button', name='Pause'))
    demo.press(pause)
    history_row(editor, 'state: live → paused')
    log('paused')

    go_live = wait_for('the Go Live button', lambda: fresh(frame, role='push button', name='Go Live'))
    wait_for('"Go Live" to become sensitive', lambda: demo.is_sensitive(go_live), timeout=5)
    demo.press(go_live)
    dialog = wait_for('the go-live confirmation',
                      lambda: find_one(app, name_re=r'^Go Live\?'))
    wait_for('the price buyers will see', lambda: fresh(dialog, role='label', name='€33.00'))
    wait_for('the passed guard',
             lambda: fresh(dialog, name='Stock is allocated, the price is valid and the window is open'))
    time.sleep(0.5)
    confirm = wait_for('the enabled Go Live response',
                       lambda: next((b for b in demo.find_all(dialog, role='push button', name_re=r'Go Live')
                                     if demo.is_sensitive(b)), None))
    demo.screenshot('offers-go-live')
    demo.press(confirm)
    history_row(editor, 'state: paused → live')
    log('live again after the confirmation; the ledger shows it')

    # Undo (the toolbar's button; the toast offers the same): a new ledger entry.
    undo = wait_for('the Undo button', lambda: fresh(frame, role='push button', name='Undo last change'))
    wait_for('"Undo" to become sensitive', lambda: demo.is_sensitive(undo), timeout=5)
    demo.press(undo)
    history_row(editor, 'state: live → paused')
    wait_for('the undo entry', lambda: fresh(editor, role='list item', name_re=r'^state: live → paused')
             and len(demo.find_all(editor, role='list item', name='state: live → paused')) == 2)
    log('undone; the undo is a second ledger entry')

    # A bundle whose components are split between hubs: the promise says so,
    # and the post-drop gate takes it (a ledger entry).
    click(wait_for('the Cold Snap Set', lambda: find_one(frame, role='label', name_re=r'^Cold Snap Set')))
    components = wait_for('the bundle\'s components',
                          lambda: fresh(editor, role='text', name_re=r'^Bundle components'))
    wait_for('the components in their field', lambda: 'WH22-SND-M × 1, RB03-RST-OS × 1' in text_of(components))
    wait_for('the cross-hub flag', lambda: fresh(editor, role='label', name_re=r'cross-hub pick'))
    # GTK 4.8 gives the switch the role "switch" or "toggle button".
    gate = wait_for('the post-drop gate',
                    lambda: next((n for n in demo.find_all(editor, name_re=r'(?i)post-drop follow-up')
                                  if n.getRoleName() in ('switch', 'toggle button', 'check box')), None))
    demo.press(gate)
    history_row(editor, 'latency_bucket: same-day → post-drop')
    log('the cross-hub bundle is held for a post-drop follow-up; the ledger shows it')
    demo.screenshot('offers-bundle')

    # A "was" price that is genuinely false: the confirmation refuses it,
    # naming the lowest price of the 30 days before the reduction.
    click(wait_for('the black cargo pant', lambda: find_one(frame, role='label', name='Cargo Parachute Pant, Black, S')))
    wait_for('the editor to show it', lambda: fresh(editor, role='label', name='Cargo Parachute Pant, Black, S'))
    go_live = wait_for('the Go Live button', lambda: fresh(frame, role='push button', name='Go Live'))
    wait_for('"Go Live" to become sensitive', lambda: demo.is_sensitive(go_live), timeout=5)
    demo.press(go_live)
    dialog = wait_for('the go-live confirmation', lambda: find_one(app, name_re=r'^Go Live\?'))
    wait_for('the refused "was" price',
             lambda: fresh(dialog, name_re=r'^Compare-at price €109\.00 is above .*€94\.00'))
    log('the false "was" price is refused with the lowest price and its date')
    demo.screenshot('offers-false-was')
    cancel = wait_for('the Cancel response', lambda: fresh(dialog, role='push button', name_re=r'Cancel'))
    demo.press(cancel)

    demo.quit_app()


if __name__ == '__main__':
    if len(sys.argv) != 2:
        print(f'usage: {sys.argv[0]} PATH-TO-DROPDECK', file=sys.stderr)
        sys.exit(2)
    sys.exit(demo.run(sys.argv[1], scenario))
