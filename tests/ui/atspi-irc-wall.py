#!/usr/bin/python3
# atspi-irc-wall.py — the chat wall on a real IRC server: a flood in, a ban out
#
# Starts Debian's inspircd on 127.0.0.1 (build-aux/inspircd.sh, its own
# folder, stopped by PID), runs `dropdeck --demo --chat irc://...` as a
# server operator, and connects a second, plain IRC client (a socket in this
# script) as a viewer that floods the channel. The wall must show the flood;
# the moderator finds the viewer's scam message with the search, picks it
# and bans the viewer with the Ban button; the server must tell the
# viewer about the ban (MODE +b), and the wall must mark the message removed.
# Run inside build-aux/with-session.sh (Xvfb and a private D-Bus session).
#
# Usage: atspi-irc-wall.py SOURCE-ROOT PATH-TO-DROPDECK
#
# SPDX-License-Identifier: GPL-3.0-or-later

import importlib.util
import os
import socket
import subprocess
import sys
import tempfile
import time

_spec = importlib.util.spec_from_file_location(
    'atspi_demo', os.path.join(os.path.dirname(os.path.abspath(__file__)), 'atspi-demo.py'))
demo = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(demo)
_spec = importlib.util.spec_from_file_location(
    'atspi_chat', os.path.join(os.path.dirname(os.path.abspath(__file__)), 'atspi-chat.py'))
chat = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(chat)

log, wait_for, find_one, ScenarioError = demo.log, demo.wait_for, demo.find_one, demo.ScenarioError
CHANNEL = '#drop'
FLOOD = 300
MARKER = 'zqxmarker'


def free_port():
    with socket.socket() as s:
        s.bind(('127.0.0.1', 0))
        return s.getsockname()[1]


class Viewer:
    """A plain IRC client: the flooding viewer, and our witness of the ban."""

    def __init__(self, port, nick):
        self.sock = socket.create_connection(('127.0.0.1', port), timeout=10)
        self.buffer = b''
        self.lines = []
        self.send(f'NICK {nick}')
        self.send(f'USER {nick} 0 * :{nick}')
        self.expect(lambda line: ' 001 ' in line, 'the welcome')

    def send(self, line):
        self.sock.sendall(line.encode() + b'\r\n')

    def read_lines(self, timeout):
        self.sock.settimeout(timeout)
        try:
            data = self.sock.recv(65536)
        except socket.timeout:
            return []
        if not data:
            raise ScenarioError('the IRC server closed the viewer connection')
        self.buffer += data
        *complete, self.buffer = self.buffer.split(b'\r\n')
        lines = [line.decode(errors='replace') for line in complete]
        for line in lines:
            if line.startswith('PING'):
                self.send('PONG' + line[4:])
        self.lines += lines
        return lines

    def expect(self, predicate, what, timeout=15):
        deadline = time.monotonic() + timeout
        for line in self.lines:
            if predicate(line):
                return line
        while time.monotonic() < deadline:
            for line in self.read_lines(0.5):
                if predicate(line):
                    return line
        raise ScenarioError(f'the viewer never saw {what}')


def scenario_for(port):
    def scenario(proc):
        app = wait_for('dropdeck on the accessibility bus', lambda: demo.find_app(proc.pid))
        frame = wait_for('the Dropdeck window', lambda: find_one(app, role='frame', name_re='Dropdeck'))
        # The drop has opened once the Drop page counts down; before that the
        # page tabs are there but take no action.
        wait_for('the drop to open', lambda: find_one(frame, role='label',
                                                        name_re=r'^(Drop starts in|Live for) [0-9:]+$'))
        demo.show_page(frame, 'Chat')

        # The viewer joins once Dropdeck holds the channel as its operator
        # (had the viewer come first, it would own the channel and Dropdeck
        # could not ban it).
        viewer = Viewer(port, 'scambot')

        def dropdeck_holds_channel():
            viewer.send(f'NAMES {CHANNEL}')
            viewer.expect(lambda line: ' 366 ' in line, 'the end of the names')
            names = ' '.join(line for line in viewer.lines if ' 353 ' in line)
            viewer.lines.clear()
            return '@dropdeck' in names or None
        wait_for('Dropdeck holding the channel', dropdeck_holds_channel, timeout=20, interval=0.5)
        viewer.send(f'JOIN {CHANNEL}')
        viewer.expect(lambda line: ' 366 ' in line, 'the end of the channel\'s names')
        viewer.lines.clear()

        for i in range(FLOOD):
            viewer.send(f'PRIVMSG {CHANNEL} :flood line {i} is the blue one in M?')
        viewer.send(f'PRIVMSG {CHANNEL} :{MARKER} you won a voucher hxxps://amaz0n-gift.shop')
        wait_for('the flood on the wall', lambda: any('flood line' in text for text in demo.chat_texts(frame)))
        log(f'{FLOOD} messages flooded in from the real server')

        # Find the scam with the search, pick it, ban its author.
        demo.press(wait_for('the search button', lambda: find_one(frame, name='Search chat')))
        entry = wait_for('the search entry', lambda: frame.clear_cache() or chat.editable_named(frame, 'Search chat'))
        entry.setTextContents(MARKER)
        wait_for('the one match', lambda: frame.clear_cache()
                 or find_one(frame, role='label', name_re=r'^1 match in the whole drop'), timeout=20)
        # The search shows that one message: pick it through the list's
        # AT-SPI selection.
        wall = find_one(frame, name='Audience chat')
        wait_for('the match in the list', lambda: wall.childCount == 1 or None, timeout=10)
        wall.querySelection().selectChild(0)
        ban = chat.button(frame, 'Ban')
        wait_for('"Ban" to be offered', lambda: demo.is_sensitive(ban), timeout=10)
        demo.press(ban)

        try:
            line = viewer.expect(lambda line: ' MODE ' + CHANNEL + ' +b' in line and 'scambot' in line,
                                 'the ban', timeout=20)
        except ScenarioError:
            # Say what the window shows (a toast with the reason, the pick),
            # so that a failure explains itself.
            wall_texts = demo.chat_texts(frame)
            shown = []
            for node in demo.find_all(frame, role='label'):
                try:
                    name = node.name or ''
                    if name not in wall_texts and any(word in name.lower() for word in
                                                      ('ban', 'scambot', 'operator', 'not ', 'fail',
                                                       'error', 'connect', 'match', 'refuse')):
                        shown.append(name[:160])
                except Exception:
                    continue
            for name in shown[:40]:
                log(f'label: {name}')
            log(f'the viewer\'s last lines: {viewer.lines[-5:]}')
            raise
        log(f'the server banned the viewer: {line}')
        wait_for('the message marked removed', lambda: frame.clear_cache()
                 or find_one(find_one(frame, name='Audience chat'), role='label', name='Removed by a moderator'),
                 timeout=15)
        log('the wall marks the banned viewer\'s message removed')
        demo.quit_app()
    return scenario


def main():
    if len(sys.argv) != 3:
        print(f'usage: {sys.argv[0]} SOURCE-ROOT PATH-TO-DROPDECK', file=sys.stderr)
        return 2
    script = os.path.join(sys.argv[1], 'build-aux', 'inspircd.sh')
    folder = tempfile.mkdtemp(prefix='dropdeck-irc-wall-')
    port, ws_port = free_port(), free_port()
    subprocess.run([script, 'start', folder, str(port), str(ws_port), '--watch-pid', str(os.getpid())],
                   check=True)
    try:
        return demo.run(sys.argv[2], scenario_for(port),
                        args=('--chat', f'irc://127.0.0.1:{port}', '--chat-channel', CHANNEL,
                              '--chat-nick', 'dropdeck', '--chat-oper', 'dropdeck'),
                        extra_env={'DROPDECK_CHAT_OPER_PASSWORD': 'dropdeck-oper'})
    finally:
        subprocess.run([script, 'stop', folder], check=False)
        subprocess.run(['rm', '-rf', folder], check=False)


if __name__ == '__main__':
    sys.exit(main())
