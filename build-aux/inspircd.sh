#!/usr/bin/env bash
# Starts and stops Debian's inspircd (3.x) for tests, on 127.0.0.1 only, with
# its configuration, logs and PID in a folder the caller owns.
#
# Usage: build-aux/inspircd.sh start DIR PORT WSPORT [--tls-port PORT [--wss-port PORT]]
#                                  [--watch-pid PID]
#        build-aux/inspircd.sh stop DIR
#
# With --tls-port, the server also takes IRC over TLS (m_ssl_gnutls) on that
# port, with a certificate for 127.0.0.1 made in DIR by openssl and signed
# by a test CA made there too: a client trusts DIR/tls-ca.pem, and only that.
# --wss-port adds WebSocket over TLS with the same certificate.
#
# With --watch-pid, a small watcher stops the server (by its PID) once
# process PID has ended, so a test killed outright leaves no server behind.
#
# start writes DIR/inspircd.conf, runs the server in the background, records
# its PID in DIR/inspircd.pid and returns once PORT accepts connections (or
# fails after about 10 s, printing the server's log). stop kills that PID and
# waits for it to exit. The server has the IRCv3 modules the chat wall uses
# (message-tags, server-time, msgid, echo-message, batch), a WebSocket
# listener on WSPORT, timed bans, channel history replayed on join (every new
# channel gets +H 50:1h) and an operator account "dropdeck" with the password
# "dropdeck-oper". Flood limits are generous: the tests flood.
set -euo pipefail

INSPIRCD=${INSPIRCD:-/usr/sbin/inspircd}
OPER_NAME=dropdeck
OPER_PASSWORD=dropdeck-oper

usage() {
  echo "usage: $0 start DIR PORT WSPORT [--tls-port PORT [--wss-port PORT]] [--watch-pid PID] | stop DIR" >&2
  exit 2
}

port_accepts() { # PORT
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

make_certificate() { # DIR: DIR/tls-ca.pem signs DIR/tls-server.pem (127.0.0.1)
  local dir=$1
  (
    cd "$dir"
    openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes \
      -keyout tls-ca.key -out tls-ca.pem -days 2 -subj /CN=dropdeck-test-irc-ca
    openssl req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes \
      -keyout tls-server.key -out tls-server.csr -subj /CN=127.0.0.1
    printf 'subjectAltName=IP:127.0.0.1\n' >tls-san.ext
    openssl x509 -req -in tls-server.csr -CA tls-ca.pem -CAkey tls-ca.key -CAcreateserial \
      -out tls-server.pem -days 2 -extfile tls-san.ext
  ) >"$dir/tls-openssl.log" 2>&1 || {
    echo "inspircd.sh: could not make the test certificate:" >&2
    cat "$dir/tls-openssl.log" >&2
    exit 1
  }
}

write_config() { # DIR PORT WSPORT [TLSPORT [WSSPORT]]
  local dir=$1 port=$2 wsport=$3 tlsport=${4:-} wssport=${5:-}
  : >"$dir/motd.txt"
  cat >"$dir/inspircd.conf" <<EOF
<server name="irc.dropdeck.test" description="Dropdeck test server" network="DropdeckTest">
<admin name="Dropdeck tests" nick="dropdeck" email="tests@dropdeck.invalid">
<path configdir="$dir" datadir="$dir" logdir="$dir" runtimedir="$dir">
<pid file="$dir/inspircd-self.pid">

<bind address="127.0.0.1" port="$port" type="clients">
<bind address="127.0.0.1" port="$wsport" type="clients" hook="websocket">

<connect name="main" allow="*" maxchans="100" timeout="30" pingfreq="120"
         hardsendq="64M" softsendq="16M" recvq="1M"
         threshold="1000000" commandrate="100000000" fakelag="no"
         localmax="1000" globalmax="1000" limit="5000"
         resolvehostnames="no" useident="no">

<class name="Everything" commands="*" privs="*" usermodes="*" chanmodes="*" snomasks="*">
<type name="NetAdmin" classes="Everything">
<oper name="$OPER_NAME" password="$OPER_PASSWORD" host="*@*" type="NetAdmin">

<files motd="$dir/motd.txt">
<log method="file" type="* -USERINPUT -USEROUTPUT" level="default" target="$dir/inspircd.log">

<options prefixquit="Quit: " defaultmodes="ntoH 50:1h" hostintopic="no" syntaxhints="no">
<security hidesplits="no" announceinvites="dynamic" hideserver="" userstats="Pu" customversion="">
<performance softlimit="5000" somaxconn="128" clonesonconnect="no" timeskipwarn="0">
<limits maxnick="30" maxchan="64" maxmodes="20" maxident="10" maxhost="64" maxquit="255"
        maxtopic="307" maxkick="255" maxreal="128" maxgecos="128" maxaway="200" maxline="8192">
<dns timeout="1">

<module name="cap">
<module name="ircv3">
<module name="ircv3_ctctags">
<module name="ircv3_servertime">
<module name="ircv3_msgid">
<module name="ircv3_echomessage">
<module name="ircv3_batch">
<module name="sha1">
<module name="websocket">
<websocket sendastext="yes">
<wsorigin allow="*">
<module name="timedbans">
<module name="chanhistory">
<chanhistory bots="yes" enableumode="no" maxlines="50" prefixmsg="no">
EOF
  if [ -n "$tlsport" ]; then
    cat >>"$dir/inspircd.conf" <<EOF
<module name="ssl_gnutls">
<sslprofile name="dropdeck" provider="gnutls" certfile="$dir/tls-server.pem"
            keyfile="$dir/tls-server.key" dhfile="" requestclientcert="no">
<bind address="127.0.0.1" port="$tlsport" type="clients" sslprofile="dropdeck">
EOF
  fi
  if [ -n "$wssport" ]; then
    echo "<bind address=\"127.0.0.1\" port=\"$wssport\" type=\"clients\" sslprofile=\"dropdeck\" hook=\"websocket\">" \
      >>"$dir/inspircd.conf"
  fi
}

start() { # DIR PORT WSPORT [--tls-port PORT] [--watch-pid PID]
  local dir port wsport pid watch= tlsport= wssport=
  [ $# -ge 3 ] || usage
  dir=$(cd "$1" && pwd) port=$2 wsport=$3
  shift 3
  while [ $# -gt 0 ]; do
    case $1 in
      --watch-pid) [ $# -ge 2 ] || usage; watch=$2; shift 2 ;;
      --tls-port) [ $# -ge 2 ] || usage; tlsport=$2; shift 2 ;;
      --wss-port) [ $# -ge 2 ] || usage; wssport=$2; shift 2 ;;
      *) usage ;;
    esac
  done
  [ -z "$wssport" ] || [ -n "$tlsport" ] || usage
  if [ -s "$dir/inspircd.pid" ] && kill -0 "$(cat "$dir/inspircd.pid")" 2>/dev/null; then
    echo "inspircd.sh: a server from $dir is already running (PID $(cat "$dir/inspircd.pid"))" >&2
    exit 1
  fi
  [ -z "$tlsport" ] || make_certificate "$dir"
  write_config "$dir" "$port" "$wsport" "$tlsport" "$wssport"

  "$INSPIRCD" --config="$dir/inspircd.conf" --nofork --runasroot \
    </dev/null >"$dir/inspircd.out" 2>&1 &
  pid=$!
  echo "$pid" >"$dir/inspircd.pid"

  for _ in $(seq 1 200); do
    if ! kill -0 "$pid" 2>/dev/null; then
      echo "inspircd.sh: inspircd exited during start-up:" >&2
      tail -n 20 "$dir/inspircd.out" "$dir/inspircd.log" >&2 2>/dev/null || true
      rm -f "$dir/inspircd.pid"
      exit 1
    fi
    if port_accepts "$port" && port_accepts "$wsport" && { [ -z "$tlsport" ] || port_accepts "$tlsport"; } \
       && { [ -z "$wssport" ] || port_accepts "$wssport"; }; then
      if [ -n "$watch" ]; then
        # Detached from our output, so nobody waits on it.
        (
          while kill -0 "$watch" 2>/dev/null && kill -0 "$pid" 2>/dev/null; do sleep 0.5; done
          if [ "$(cat "$dir/inspircd.pid" 2>/dev/null)" = "$pid" ]; then kill "$pid" 2>/dev/null; fi
        ) </dev/null >/dev/null 2>&1 &
      fi
      return 0
    fi
    sleep 0.05
  done
  echo "inspircd.sh: port $port did not accept connections within 10 s" >&2
  kill "$pid" 2>/dev/null || true
  tail -n 20 "$dir/inspircd.out" >&2 2>/dev/null || true
  exit 1
}

stop() { # DIR
  local dir pid
  [ $# -eq 1 ] || usage
  dir=$1
  [ -s "$dir/inspircd.pid" ] || return 0
  pid=$(cat "$dir/inspircd.pid")
  if kill "$pid" 2>/dev/null; then
    for _ in $(seq 1 100); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.05
    done
    if kill -0 "$pid" 2>/dev/null; then
      kill -KILL "$pid" 2>/dev/null || true
      sleep 0.1
    fi
  fi
  rm -f "$dir/inspircd.pid"
}

cmd=${1:-}
[ -n "$cmd" ] || usage
shift
case $cmd in
  start) start "$@" ;;
  stop) stop "$@" ;;
  *) usage ;;
esac
