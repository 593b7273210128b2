#!/usr/bin/python3
"""Writes twitch-sample.txt: Twitch-tagged IRC lines shaped like a busy
live-shopping channel (English and Spanish, badges, emotes counted in
characters, replies, bits, first messages, moderation and state commands).
Deterministic: the same file every run. Usage: make-sample.py [N] > FILE"""

import random
import sys

rng = random.Random(20261125)
N = int(sys.argv[1]) if len(sys.argv) > 1 else 400

NAMES = ['lucia_compra', 'MarioBuys', 'sneakerqueen', 'jose_maría', 'dropfan88',
         'AnaLópez', 'kai_shop', 'ñandú_store', 'tyler', 'BeatrizG', 'n00bseller',
         'carla_m', 'pedro_ventas', 'zoe', 'OliviaTrend', 'ricardo_ñ']
TEXTS = [
    '¿Hay talla M en azul? Kappa',
    'SOLD 3 blue M please',
    'cuánto cuesta el envío a Valencia? PogChamp',
    'is the white one still available?',
    'me encanta 😍 lo quiero en rojo Kappa Kappa',
    'price for the bundle?',
    'SOLD AA12 white small',
    'llega antes del viernes? 🚚',
    'LUL this host is great',
    'qué tallas quedan? S, M o L?',
    'I want two of the green hoodies',
    '¡Ya compré! gracias equipo 🎉 PogChamp',
    'can you show the back again',
    'la chaqueta viene en XL? ñ é á ó ú ü',
    'free shipping on orders over 50?',
    'Kappa',
    'envío gratis a Canarias?',
    'this is a fake link bit.ly/free-iphone DM me',
    'size guide please 🙏',
    'quiero el pack de 3, cómo pago?',
]
EMOTES = {'Kappa': '25', 'PogChamp': '305954156', 'LUL': '425618'}
BADGES = ['', 'subscriber/12', 'moderator/1', 'vip/1', 'broadcaster/1',
          'subscriber/3,premium/1', 'moderator/1,subscriber/24', 'premium/1', 'founder/0']
COLORS = ['', '#FF0000', '#1E90FF', '#00FF7F', '#DAA520', '#8A2BE2', '#b22222']


def esc(value):
    return (value.replace('\\', '\\\\').replace(';', '\\:')
            .replace(' ', '\\s').replace('\r', '\\r').replace('\n', '\\n'))


def emote_tag(text):
    chars = list(text)  # Python counts code points, as Twitch does
    found = {}
    words = text.split(' ')
    pos = 0
    for w in words:
        if w in EMOTES:
            found.setdefault(EMOTES[w], []).append('%d-%d' % (pos, pos + len(w) - 1))
        pos += len(w) + 1
    assert pos - 1 == len(chars)
    return '/'.join('%s:%s' % (k, ','.join(v)) for k, v in found.items())


def uid():
    return '%08x-%04x-%04x-%04x-%012x' % tuple(rng.getrandbits(b) for b in (32, 16, 16, 16, 48))


ts = 1764092400000
lines = []
for i in range(N):
    ts += rng.randint(1, 40)
    r = rng.random()
    login = rng.choice(NAMES)
    ascii_login = login.encode('ascii', 'ignore').decode().lower() or 'user'
    if r < 0.90:
        text = rng.choice(TEXTS)
        if rng.random() < 0.2:
            text = text + ' ' + rng.choice(TEXTS)
        badges = rng.choice(BADGES)
        tags = [
            ('badge-info', 'subscriber/%d' % rng.randint(1, 40) if 'subscriber' in badges else ''),
            ('badges', badges),
            ('client-nonce', '%032x' % rng.getrandbits(128)),
            ('color', rng.choice(COLORS)),
            ('display-name', login),
            ('emotes', emote_tag(text)),
            ('first-msg', '1' if rng.random() < 0.05 else '0'),
            ('flags', ''),
            ('id', uid()),
            ('mod', '1' if 'moderator' in badges else '0'),
            ('returning-chatter', '1' if rng.random() < 0.1 else '0'),
            ('room-id', '71092938'),
            ('subscriber', '1' if 'subscriber' in badges else '0'),
            ('tmi-sent-ts', str(ts)),
            ('turbo', '0'),
            ('user-id', str(rng.randint(10000, 999999999))),
            ('user-type', 'mod' if 'moderator' in badges else ''),
        ]
        if rng.random() < 0.05:
            tags.insert(1, ('bits', str(rng.choice([1, 100, 500]))))
        if 'vip' in badges:
            tags.append(('vip', '1'))
        if rng.random() < 0.1:
            parent = rng.choice(NAMES)
            tags += [
                ('reply-parent-display-name', parent),
                ('reply-parent-msg-body', rng.choice(TEXTS)),
                ('reply-parent-msg-id', uid()),
                ('reply-parent-user-id', str(rng.randint(10000, 999999999))),
                ('reply-parent-user-login', parent.lower()),
                ('reply-thread-parent-msg-id', uid()),
                ('reply-thread-parent-user-login', parent.lower()),
            ]
            text = '@%s %s' % (parent, text)
            tags = [t for t in tags if t[0] != 'emotes'] + [('emotes', emote_tag(text))]
        if rng.random() < 0.03:
            text = '\x01ACTION %s\x01' % text
        tagstr = ';'.join('%s=%s' % (k, esc(v)) for k, v in tags)
        lines.append('@%s :%s!%s@%s.tmi.twitch.tv PRIVMSG #dropdeck_live :%s'
                     % (tagstr, ascii_login, ascii_login, ascii_login, text))
    elif r < 0.93:
        lines.append('@ban-duration=600;room-id=71092938;target-user-id=%d;tmi-sent-ts=%d '
                     ':tmi.twitch.tv CLEARCHAT #dropdeck_live :%s'
                     % (rng.randint(10000, 999999), ts, ascii_login))
    elif r < 0.95:
        lines.append('@login=%s;room-id=;target-msg-id=%s;tmi-sent-ts=%d '
                     ':tmi.twitch.tv CLEARMSG #dropdeck_live :%s'
                     % (ascii_login, uid(), ts, rng.choice(TEXTS)))
    elif r < 0.97:
        lines.append('@badge-info=subscriber/5;badges=subscriber/3;color=#0000FF;display-name=%s;'
                     'emotes=;id=%s;login=%s;mod=0;msg-id=resub;msg-param-cumulative-months=5;'
                     'room-id=71092938;subscriber=1;system-msg=%s\\ssubscribed\\sfor\\s5\\smonths!;'
                     'tmi-sent-ts=%d;user-id=%d;user-type= :tmi.twitch.tv USERNOTICE #dropdeck_live :%s'
                     % (login, uid(), ascii_login, ascii_login, ts, rng.randint(10000, 999999),
                        rng.choice(TEXTS)))
    elif r < 0.98:
        lines.append('@emote-only=0;followers-only=10;r9k=0;room-id=71092938;slow=3;subs-only=0 '
                     ':tmi.twitch.tv ROOMSTATE #dropdeck_live')
    elif r < 0.99:
        lines.append('@msg-id=slow_on :tmi.twitch.tv NOTICE #dropdeck_live '
                     ':This room is now in slow mode. You may send messages every 3 seconds.')
    else:
        lines.append('PING :tmi.twitch.tv')

sys.stdout.write(''.join(l + '\r\n' for l in lines))
