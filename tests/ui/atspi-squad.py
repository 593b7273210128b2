#!/usr/bin/python3
# atspi-squad.py — the app in a real squad: presence and a cue from dropdeckctl
#
# Starts Debian's nats-server on 127.0.0.1 (build-aux/nats.sh, its own
# folder, stopped by PID) and gnome-keyring-daemon on this session's bus
# (stopped by PID). Saves Maya's squad account the way a squad does it
# (`dropdeckctl account set squad --url PRIMARY,SECONDARY --user maya`, the
# password on standard input into the keyring) and runs `dropdeck --demo
# --squad berlin-drop`. Jonas joins with `dropdeckctl squad tail`; the Drop
# page must show him online as Ops lead. Lena sends a cue with `dropdeckctl
# squad send cue`; the cue strip must show it. Run inside
# build-aux/with-session.sh (Xvfb and a private D-Bus session).
#
# Usage: atspi-squad.py SOURCE-ROOT PATH-TO-DROPDECK PATH-TO-DROPDECKCTL
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

log, wait_for, find_one, ScenarioError = demo.log, demo.wait_for, demo.find_one, demo.ScenarioError
SQUAD = 'berlin-drop'
CUE = 'Say the code DROP10 now'


def free_port():
    with socket.socket() as s:
        s.bind(('127.0.0.1', 0))
        return s.getsockname()[1]


def start_keyring(folder):
    """gnome-keyring-daemon on this session's bus, unlocked with an empty
    password (the line must end with a newline); returns the process."""
    unlock = os.path.join(folder, 'unlock')
    with open(unlock, 'w') as f:
        f.write('\n')
    with open(unlock) as stdin, open(os.path.join(folder, 'keyring.log'), 'w') as out:
        daemon = subprocess.Popen(['gnome-keyring-daemon', '--foreground', '--unlock',
                                   '--components=secrets'], stdin=stdin, stdout=out, stderr=out)

    def has_owner():
        result = subprocess.run(['gdbus', 'call', '--session', '--dest', 'org.freedesktop.DBus',
                                 '--object-path', '/org/freedesktop/DBus',
                                 '--method', 'org.freedesktop.DBus.NameHasOwner',
                                 'org.freedesktop.secrets'], capture_output=True, text=True)
        return 'true' in result.stdout
    wait_for('the Secret Service', has_owner, timeout=15)
    return daemon


class Squad:
    def __init__(self, ctl, ws_url, config):
        self.ctl = ctl
        self.ws_url = ws_url
        self.env = dict(os.environ, XDG_CONFIG_HOME=config)

    def run(self, *args, password='squad-pw'):
        result = subprocess.run([self.ctl, *args], input=password + '\n', env=self.env,
                                capture_output=True, text=True, timeout=60)
        if result.returncode != 0:
            raise ScenarioError(f'dropdeckctl {" ".join(args)} failed: {result.stderr.strip()}')
        return result.stdout


def scenario_for(squad):
    def scenario(proc):
        app = wait_for('dropdeck on the accessibility bus', lambda: demo.find_app(proc.pid))
        frame = wait_for('the Dropdeck window',
                         lambda: find_one(app, role='frame', name_re='Dropdeck'))
        demo.show_page(frame, 'Drop')

        # Jonas's laptop joins (a tail that runs a while announces him).
        tail = subprocess.Popen([squad.ctl, 'squad', 'tail', '--squad', SQUAD, '--role', 'ops-lead',
                                 '--url', squad.ws_url, '--user', 'jonas', '--password-stdin',
                                 '--seconds', '40'],
                                stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, env=squad.env, text=True)
        tail.stdin.write('squad-pw\n')
        tail.stdin.close()
        try:
            jonas = wait_for('Jonas in the squad list',
                             lambda: frame.clear_cache() or find_one(frame, name='jonas', role='list item')
                             or find_one(frame, name_re=r'^jonas'), timeout=30)
            log(f'squad list: {jonas.name}')
            wait_for('Jonas shown as Ops lead',
                     lambda: frame.clear_cache() or find_one(frame, name_re=r'^Ops lead'), timeout=10)
            wait_for('someone online in the summary',
                     lambda: frame.clear_cache()
                     or find_one(frame, role='label', name_re=r'^[1-9]\d* of [1-9]\d* online$'), timeout=15)
            demo.screenshot('squad-drop')

            # Lena's cue reaches the cue strip.
            squad.run('squad', 'send', 'cue', CUE, '--squad', SQUAD, '--role', 'creator-liaison',
                      '--url', squad.ws_url, '--user', 'lena', '--password-stdin')
            demo.show_page(frame, 'Chat')
            strip = wait_for('the cue in the cue strip',
                             lambda: frame.clear_cache() or find_one(frame, name=CUE), timeout=20)
            log(f'cue strip: {strip.name}')
            demo.screenshot('squad-cue')
        finally:
            if tail.poll() is None:
                tail.kill()
            tail.wait()
        demo.quit_app()
    return scenario


def main():
    if len(sys.argv) != 4:
        print(f'usage: {sys.argv[0]} SOURCE-ROOT PATH-TO-DROPDECK PATH-TO-DROPDECKCTL', file=sys.stderr)
        return 2
    root, dropdeck, ctl = sys.argv[1:]
    nats = os.path.join(root, 'build-aux', 'nats.sh')
    folder = tempfile.mkdtemp(prefix='dropdeck-atspi-squad-')
    config = os.path.join(folder, 'config')
    os.makedirs(config)
    port, ws_port = free_port(), free_port()
    keyring = None
    subprocess.run([nats, 'start', os.path.join(folder, 'nats'), str(port), str(ws_port),
                    '--watch-pid', str(os.getpid())], check=True)
    try:
        keyring = start_keyring(folder)
        squad = Squad(ctl, f'ws://127.0.0.1:{ws_port}', config)
        # Primary over WebSocket, secondary over TCP (the same server here).
        squad.run('account', 'set', 'squad', '--url', f'{squad.ws_url},nats://127.0.0.1:{port}',
                  '--user', 'maya')
        return demo.run(dropdeck, scenario_for(squad), args=('--squad', SQUAD),
                        extra_env={'XDG_CONFIG_HOME': config})
    except ScenarioError as error:
        print(f'FAIL: {error}', file=sys.stderr)
        return 1
    finally:
        subprocess.run([nats, 'stop', os.path.join(folder, 'nats')], check=False)
        if keyring is not None:
            keyring.terminate()
            keyring.wait()
        subprocess.run(['rm', '-rf', folder], check=False)


if __name__ == '__main__':
    sys.exit(main())
