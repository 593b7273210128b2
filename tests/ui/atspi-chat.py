#!/usr/bin/python3
# atspi-chat.py — a moderator works the chat wall of `dropdeck --demo` through the accessibility bus
#
# Picks a message with the keyboard (J), pins it as the creator cue and sees
# the cue strip, deletes it with D and sees it marked removed, opens the
# moderation log and reads both actions there, switches to the Flagged filter,
# searches the whole drop's archive, and opens the offer a buyer's message
# names, linked to that message. Quits through the app and expects
# exit status 0. Run inside xvfb-run and dbus-run-session.
#
# Usage: atspi-chat.py PATH-TO-DROPDECK
#
# SPDX-License-Identifier: GPL-3.0-or-later

import importlib.util
import os
import sys
import time

import pyatspi

_spec = importlib.util.spec_from_file_location(
    'atspi_demo', os.path.join(os.path.dirname(os.path.abspath(__file__)), 'atspi-demo.py'))
demo = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(demo)

log, wait_for, find_one, find_all = demo.log, demo.wait_for, demo.find_one, demo.find_all
press, is_sensitive, ScenarioError = demo.press, demo.is_sensitive, demo.ScenarioError


def key(name):
    """Types one key (a keysym name such as 'j') into the focused widget."""
    keysym = {'j': 0x6a, 'k': 0x6b, 'd': 0x64, 'Escape': 0xff1b}[name]
    pyatspi.Registry.generateKeyboardEvent(keysym, None, pyatspi.KEY_SYM)
    time.sleep(0.2)


def focus_wall(chat):
    """Clicks into the wall so that its keys reach it. GTK 4.8 takes no
    focus requests over AT-SPI; a click works while the window sits at 0,0
    (there is no window manager)."""
    # GTK 4.8 reports no screen positions; the window is 1180x760 at 0,0 and
    # the wall fills its lower part.
    x, y = 600, 620
    pyatspi.Registry.generateMouseEvent(x, y, 'b1c')
    time.sleep(0.4)


def editable_named(root, name):
    """The editable text of the entry labelled `name` (the search entry's
    text lives in a child without a name of its own)."""
    for node in find_all(root, name=name):
        for inner in demo.walk(node, limit=20):
            try:
                return inner.queryEditableText()
            except NotImplementedError:
                continue
    return None


def button(frame, name):
    # GTK 4.8 names a button with a mnemonic "_Label Label": match the end.
    return wait_for(f'the "{name}" button',
                    lambda: frame.clear_cache() or find_one(frame, role='push button',
                                                            name_re=rf'(^|\s){name}$'))


def scenario(proc):
    app = wait_for('dropdeck on the accessibility bus', lambda: demo.find_app(proc.pid))
    frame = wait_for('the Dropdeck window', lambda: find_one(app, role='frame', name_re='Dropdeck'))
    # The drop has opened once the Drop page counts down; before that the
    # page tabs are there but take no action.
    wait_for('the drop to open', lambda: find_one(frame, role='label',
                                                    name_re=r'^(Drop starts in|Live for) [0-9:]+$'))
    demo.show_page(frame, 'Chat')
    chat = wait_for('the chat wall', lambda: find_one(frame, name='Audience chat'))
    wait_for('chat messages', lambda: demo.chat_texts(frame) or None)

    # J picks the newest message: the action bar offers what a moderator can do.
    focus_wall(chat)
    key('j')
    pin = button(frame, 'Pin as cue')
    wait_for('"Pin as cue" to be offered', lambda: is_sensitive(pin), timeout=10)
    log('J picked a message; the action bar is up')

    press(pin)
    cue = wait_for('the creator cue', lambda: frame.clear_cache()
                   or find_one(frame, role='label', name_re=r'^@\S+ asks: '))
    log(f'cue strip: {cue.name}')

    # D deletes the picked message; the demo service confirms it.
    key('d')
    wait_for('a message marked removed', lambda: frame.clear_cache()
             or find_one(chat, role='label', name='Removed by a moderator'), timeout=15)
    log('D deleted the message; the wall marks it removed')

    # The moderation log names both actions.
    press(button(frame, 'Moderation log'))
    wait_for('the delete in the moderation log', lambda: frame.clear_cache()
             or find_one(frame, role='label', name_re=r' deleted a message from @'))
    wait_for('the pin in the moderation log', lambda: find_one(frame, role='label',
                                                               name_re=r' pinned a message from @'))
    log('the moderation log shows the pin and the delete')

    key('Escape')
    # Flagged: the filter keeps its own count and shows only flagged messages.
    flagged = wait_for('the Flagged filter', lambda: frame.clear_cache()
                       or find_one(frame, name_re=r'^Flagged'))
    press(flagged)
    wait_for('flagged messages', lambda: frame.clear_cache()
             or find_all(chat, role='label', name_re=r'^(Spam|Scam|Abuse)$'), timeout=20)
    log('the Flagged filter shows flagged messages')

    # Search reads the archive of the whole drop.
    press(wait_for('the search button', lambda: find_one(frame, name='Search chat')))
    entry = wait_for('the search entry', lambda: frame.clear_cache() or editable_named(frame, 'Search chat'))
    entry.setTextContents('size')
    status = wait_for('search results', lambda: frame.clear_cache()
                      or find_one(frame, role='label', name_re=r'match(es)? in the whole drop|newest \d+ matches'),
                      timeout=15)
    log(f'search: {status.name}')

    # A buyer's message about an offer opens that offer, linked to it.
    entry.setTextContents('AA12')
    wait_for('messages about AA12', lambda: frame.clear_cache()
             or find_one(frame, role='label', name_re=r'match(es)? in the whole drop|newest \d+ matches'), timeout=15)
    wait_for('a listed match', lambda: chat.childCount > 0 or None, timeout=10)
    chat.querySelection().selectChild(0)
    press(button(frame, 'Open offer'))
    linked = wait_for('the offer editor linked to the message', lambda: frame.clear_cache()
                      or find_one(frame, role='label', name_re=r'^Changes are linked to the chat message'), timeout=10)
    log(f'opened the offer: {linked.name}')

    demo.quit_app()


def main():
    if len(sys.argv) != 2:
        print(f'usage: {sys.argv[0]} PATH-TO-DROPDECK', file=sys.stderr)
        return 2
    return demo.run(sys.argv[1], scenario)


if __name__ == '__main__':
    sys.exit(main())
