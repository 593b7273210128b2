#!/usr/bin/python3
# atspi-demo.py — drives `dropdeck --demo` through the accessibility bus
#
# Starts the built app with a throw-away profile, switches to every page with
# the view switcher, checks what a person would see there, changes the role
# and checks that "Go Live" is no longer offered, then quits through the app
# and expects exit status 0. Run inside xvfb-run and dbus-run-session.
#
# Usage: atspi-demo.py PATH-TO-DROPDECK
# DROPDECK_ATSPI_SCREENSHOTS=DIR also saves a screenshot of each page there
# (the whole screen) and the window's size as WxH in DIR/window-size;
# DROPDECK_ATSPI_WARMUP=SECONDS lets the demo run that long before the first
# one, so the chart and the counters have data.
#
# SPDX-License-Identifier: GPL-3.0-or-later

import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

import pyatspi

TIMEOUT = 30.0
NODE_LIMIT = 6000


class ScenarioError(Exception):
    pass


_STARTED = time.monotonic()


def log(message):
    """Prints a step with the seconds since the scenario started, so a slow
    step shows in the test log."""
    print(f'# [{time.monotonic() - _STARTED:6.1f} s] {message}', flush=True)


def wait_for(what, predicate, timeout=TIMEOUT, interval=0.2):
    deadline = time.monotonic() + timeout
    while True:
        try:
            result = predicate()
        except Exception:  # an object went away while we looked at it
            result = None
        if result:
            return result
        if time.monotonic() > deadline:
            raise ScenarioError(f'timed out waiting for {what}')
        time.sleep(interval)


def walk(root, limit=NODE_LIMIT):
    """Yields the accessibles below root, breadth first."""
    queue = [root]
    seen = 0
    while queue and seen < limit:
        node = queue.pop(0)
        seen += 1
        yield node
        try:
            count = node.childCount
        except Exception:
            continue
        for i in range(count):
            try:
                child = node.getChildAtIndex(i)
            except Exception:
                child = None
            if child is not None:
                queue.append(child)


def matches(root, role=None, name=None, name_re=None):
    for node in walk(root):
        try:
            if role is not None and node.getRoleName() != role:
                continue
            if name is not None and node.name != name:
                continue
            if name_re is not None and not re.search(name_re, node.name or ''):
                continue
        except Exception:
            continue
        yield node


def find_all(root, **kwargs):
    return list(matches(root, **kwargs))


def find_one(root, **kwargs):
    return next(matches(root, **kwargs), None)


def first_with_action(root):
    for node in walk(root, limit=50):
        try:
            if node.queryAction().nActions > 0:
                return node
        except NotImplementedError:
            continue
    raise ScenarioError(f'nothing to press in "{root.name}"')


def is_sensitive(node):
    node.clear_cache()
    return node.getState().contains(pyatspi.STATE_SENSITIVE)


def press(node):
    action = node.queryAction()
    for i in range(action.nActions):
        if action.getName(i) in ('click', 'press', 'activate'):
            action.doAction(i)
            return
    action.doAction(0)


def window_size():
    """The size of the app's toplevel X window as 'WxH', or None."""
    if not shutil.which('xwininfo'):
        return None
    tree = subprocess.run(['xwininfo', '-root', '-children'], capture_output=True,
                          text=True, check=False).stdout
    # GTK names its toplevel after the window title, which ends in Dropdeck;
    # small helper windows (input methods, popovers) may share the name.
    sizes = [(int(w) * int(h), f'{w}x{h}')
             for w, h in re.findall(r'^\s+0x[0-9a-f]+ "[^"]*Dropdeck[^"]*": \(.*\)\s+(\d+)x(\d+)\+',
                                   tree, re.MULTILINE)]
    return max(sizes)[1] if sizes else None


def screenshot(name):
    folder = os.environ.get('DROPDECK_ATSPI_SCREENSHOTS')
    if folder and shutil.which('import'):
        time.sleep(0.5)
        subprocess.run(['import', '-window', 'root', os.path.join(folder, f'{name}.png')],
                       check=False)
        size = window_size()
        if size:
            with open(os.path.join(folder, 'window-size'), 'w') as f:
                f.write(size + '\n')


def find_window(app, name):
    """The app's toplevel window titled `name`, or None. Dialogs are
    toplevels of their own, children of the application; GTK 4.8 gives
    some of them the role "filler" (a GtkFileChooserDialog) rather than
    "dialog"."""
    app.clear_cache()
    for window in app:
        try:
            if window is not None and window.name == name:
                return window
        except Exception:  # it closed while we looked
            continue
    return None


def find_app(pid):
    desktop = pyatspi.Registry.getDesktop(0)
    for app in desktop:
        try:
            if app is not None and app.get_process_id() == pid:
                return app
        except Exception:
            continue
    return None


def show_page(frame, title):
    # The header bar holds a wide and a narrow switcher and the bottom bar a
    # third; only the one on screen is realized and reacts, and GTK 4.8
    # reports no showing or selected state: press each, then check the
    # page's content. Just after start-up a tab may not offer its action
    # yet: look again until one could be pressed.
    def press_tabs():
        pressed = False
        for tab in find_all(frame, role='page tab', name=title):
            try:
                press(tab)
                pressed = True
            except NotImplementedError:
                continue
        return pressed
    wait_for(f'the "{title}" page tab', lambda: frame.clear_cache() or press_tabs())
    time.sleep(0.3)
    log(f'switched to {title}')


def chat_texts(frame):
    # Rows are recycled: drop the client-side cache to read the new texts.
    frame.clear_cache()
    chat = find_one(frame, name='Audience chat')
    if chat is None:
        return set()
    texts = set()
    for node in find_all(chat, role='label'):
        # While the wall follows, rows come and go between two calls.
        try:
            if node.name:
                texts.add(node.name)
        except Exception:
            continue
    return texts


def scenario(proc):
    app = wait_for('dropdeck on the accessibility bus', lambda: find_app(proc.pid))
    frame = wait_for('the Dropdeck window',
                     lambda: find_one(app, role='frame', name_re='Dropdeck'))
    log('found the window')

    # Drop: the countdown to the start, or how long it has been live.
    show_page(frame, 'Drop')
    countdown = wait_for('the countdown',
                         lambda: find_one(frame, role='label',
                                          name_re=r'^(Drop starts in|Live for) [0-9:]+$'))
    log(f'countdown: {countdown.name}')
    # ... with the pre-drop checklist and the squad beside the figures.
    pre_drop = wait_for('the pre-drop checklist summary',
                        lambda: find_one(frame, role='label', name_re=r'^\d+ of \d+ done$'))
    squad = wait_for('the squad presence',
                     lambda: find_one(frame, role='label', name_re=r'^\d+ of [1-9]\d* online$'))
    log(f'pre-drop checklist: {pre_drop.name}; squad: {squad.name}')
    warmup = float(os.environ.get('DROPDECK_ATSPI_WARMUP', '0') or 0)
    if warmup > 0:
        log(f'letting the demo run for {warmup:g} s')
        time.sleep(warmup)
    screenshot('drop')

    # Chat: rows arrive while we watch.
    show_page(frame, 'Chat')
    first = wait_for('chat messages', lambda: chat_texts(frame) or None)
    wait_for('new chat messages', lambda: chat_texts(frame) - first, timeout=15)
    log(f'chat shows {len(chat_texts(frame))} labels and new ones arrive')
    screenshot('chat')

    # Offers: the summary counts the table's rows; the table shows them.
    show_page(frame, 'Offers')
    summary = wait_for('the offers summary',
                       lambda: find_one(frame, role='label', name_re=r'^\d+ offers?, \d+ live$'))
    n_offers = int(summary.name.split()[0])
    if n_offers < 20:
        raise ScenarioError(f'only {n_offers} offers in the demo, expected at least 20')
    prices = wait_for('offer prices in the table',
                      lambda: find_all(frame, role='label', name_re=r'^€\s?\d'))
    log(f'offers: {summary.name}, {len(prices)} price cells shown')
    go_live = wait_for('the Go Live button', lambda: find_one(frame, role='push button', name='Go Live'))
    if not is_sensitive(go_live):
        raise ScenarioError('"Go Live" is not offered to the Producer')
    screenshot('offers')

    # Hubs: the Berlin demo hubs, one of them in Kreuzberg.
    show_page(frame, 'Hubs')
    hub = wait_for('the Kreuzberg hub', lambda: find_one(frame, name_re='Kreuzberg'))
    log(f'hub: {hub.name}')
    screenshot('hubs')

    # Checklists: items with check boxes and the progress.
    show_page(frame, 'Checklists')
    progress = wait_for('the checklist progress',
                        lambda: find_one(frame, name='Checklist progress'))
    items = wait_for('checklist items', lambda: find_all(frame, role='check box'))
    if len(items) < 3:
        raise ScenarioError(f'only {len(items)} checklist items shown')
    log(f'checklists: {len(items)} items ({progress.name})')
    screenshot('checklists')

    # The role: Mod & trust lead may not put offers live.
    role_button = wait_for('the role selector', lambda: find_one(frame, name='Role'))
    # GtkMenuButton: the toggle inside it carries the action.
    press(first_with_action(role_button))
    choice = wait_for('the "Mod & trust lead" choice',
                      lambda: find_one(role_button, role='push button', name='Mod & trust lead'))
    press(choice)
    wait_for('the role selector to show Mod & trust lead',
             lambda: role_button.clear_cache()
             or find_one(first_with_action(role_button), name='Mod & trust lead'), timeout=5)
    log('role changed to Mod & trust lead')

    show_page(frame, 'Offers')
    go_live = wait_for('the Go Live button', lambda: find_one(frame, role='push button', name='Go Live'))
    wait_for('"Go Live" to become insensitive', lambda: not is_sensitive(go_live), timeout=5)
    log('"Go Live" is insensitive for Mod & trust lead')

    quit_app()


def quit_app():
    """Quits through the app's own quit action over D-Bus (Main Menu ->
    app.quit has no AT-SPI action in GTK 4.8 menus)."""
    app_id = os.environ.get('DROPDECK_APP_ID', 'io.github.dropdeck.Dropdeck')
    object_path = '/' + app_id.replace('.', '/')
    subprocess.run(['gdbus', 'call', '--session', '--dest', app_id,
                    '--object-path', object_path,
                    '--method', 'org.gtk.Actions.Activate', 'quit', '[]', '{}'],
                   check=True, stdout=subprocess.DEVNULL)


def run(dropdeck, scenario, after=None, args=(), extra_env=None):
    """Runs `dropdeck --demo [args]` with a throw-away profile, plays
    `scenario` (which ends by quitting the app), expects exit status 0, then
    calls `after` with the environment the app ran with. Returns the exit
    status for the test: 0 passed, 1 failed."""
    tmp = tempfile.mkdtemp(prefix='dropdeck-atspi-')
    env = dict(os.environ)
    for var, sub in (('HOME', 'home'), ('XDG_CONFIG_HOME', 'config'),
                     ('XDG_DATA_HOME', 'data'), ('XDG_CACHE_HOME', 'cache'),
                     ('XDG_STATE_HOME', 'state')):
        path = os.path.join(tmp, sub)
        os.makedirs(path)
        env[var] = path
    env.setdefault('GSK_RENDERER', 'cairo')
    env.pop('GTK_A11Y', None)
    env.update(extra_env or {})

    proc = subprocess.Popen([dropdeck, '--demo', *args], env=env)
    try:
        scenario(proc)
        status = proc.wait(timeout=20)
        if status != 0:
            raise ScenarioError(f'dropdeck exited with status {status}')
        log('dropdeck quit with status 0')
        if after is not None:
            after(env)
        return 0
    except ScenarioError as error:
        print(f'FAIL: {error}', file=sys.stderr)
        return 1
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        shutil.rmtree(tmp, ignore_errors=True)


def main():
    if len(sys.argv) != 2:
        print(f'usage: {sys.argv[0]} PATH-TO-DROPDECK', file=sys.stderr)
        return 2

    return run(sys.argv[1], scenario)


if __name__ == '__main__':
    sys.exit(main())
