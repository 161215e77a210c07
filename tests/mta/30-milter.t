#!/bin/bash
# 30-milter.t - attscan milter behind a private Postfix on loopback
# (smtpd_milters = attscan's unix socket, milter_default_action =
# tempfail): the answer comes in the SMTP session.  EICAR and EICAR in a
# zip get 550 5.7.1 with the name; clean mail 250 and is delivered with
# X-Virus-Scanned/X-Virus-Status (a forged X-Virus-Status removed);
# clamd down: 451; 50 messages from 10 parallel sessions all answered
# right with at most max_messages children at once (sampled from /proc)
# and the milter's fd count the same before and after; SIGHUP with a bad
# configuration keeps the old one; quarantine = store (attscan's store,
# discard) and hold (Postfix's hold queue); SIGTERM finishes the message
# in flight and ends it (pid file removed); the milter stopped or
# killed: Postfix's default action, 451.
# shellcheck source=tests/mta/lib.sh
. "$(cd "$(dirname "$0")" && pwd)/lib.sh"
postfix_skips
"$A" --help 2>&1 | grep -q 'attscan milter' ||
    mta_skip "this attscan has no milter"

PF=$T/pf
F=attscan-test-filter
MAX=2
M=$T/milter
mkdir -p "$M"
chown "$F" "$M"
SOCK=$M/milter.sock
# shellcheck disable=SC2034  # read by attscan_conf
DEADLINE=20
C=$(attscan_conf milter "$F" "max_messages = $MAX" '[milter]' \
    "socket = unix:$SOCK" 'socket_mode = 0660' 'socket_group = postfix' \
    "user = $F" "pid_file = $M/milter.pid")
cp "$C" "$C.good"
clamd_up

# milter_up: start attscan milter (as root: it drops to $F), wait for
# its socket; MPID is its pid
milter_up() {
	"$A" milter -c "$C" -d 2>>"$T/milter.log" &
	MPID=$!
	for _ in $(seq 100); do [ -S "$SOCK" ] && return 0; sleep 0.1; done
	return 1
}
milter_up
ok $? "attscan milter listens on unix:$SOCK"
on_exit 'kill -KILL "$MPID" 2>/dev/null'
is "$(stat -c '%a %G %U' "$SOCK")" "660 postfix $F" \
    "the socket: mode 0660, group postfix, the milter user's"
is "$(tr -d '\n' <"$M/milter.pid")" "$MPID" "the pid file names it"
is "$(stat -c %U "/proc/$MPID")" "$F" "it runs as $F, not root"

on_exit '"$root/scripts/mta/postfix-stop" "$PF"'
port=$(MILTER="unix:$SOCK" "$root/scripts/mta/postfix-start" "$PF" \
    2>"$T/start.err")
ok $? "private Postfix with smtpd_milters started on 127.0.0.1:$port"

SEND=$here/smtp-send
diag() { printf "# %s\n" "$*"; }
# reply FILE: the code and text Postfix answered to its DATA
reply() { "$SEND" "$port" 1 1 "$1" | sed -n 's/^[^ ]* //p' | head -1; }
like() { # like GOT REGEX NAME
	if printf '%s\n' "$1" | grep -Eq -- "$2"; then ok 0 "$3"
	else ok 1 "$3"; diag "got: $1"; fi
}

# --- infected: refused in the session, with the name
like "$(reply "$T/msg/eicar-plain-body.eml")" \
    '^550 5\.7\.1 Virus found: .*EICAR|^550 5\.7\.1 Virus found: .*Eicar' \
    "EICAR: 550 5.7.1 Virus found: NAME at SMTP time"
like "$(reply "$T/msg/eicar-zip.eml")" '^550 5\.7\.1 Virus found: .+' \
    "EICAR in a zip: 550 5.7.1 with the name"

# --- clean: 250, delivered with attscan's headers, the forged one gone
printf 'X-Virus-Status: Clean (forged)\n' | cat - "$T/msg/clean-text.eml" \
    >"$T/forged.eml"
like "$(reply "$T/forged.eml")" '^250 ' "clean: 250"
for _ in $(seq 100); do
	[ "$(mailcount "$PF/mail")" -ge 1 ] && break
	sleep 0.1
done
f=$(find "$PF/mail/rcpt/Maildir/new" -type f | head -1)
grep -q '^X-Virus-Scanned: ' "$f" 2>/dev/null
ok $? "clean: delivered with X-Virus-Scanned"
is "$(grep -c '^X-Virus-Status: ' "$f" 2>/dev/null)" 1 \
    "clean: one X-Virus-Status, attscan's"
grep -q '^X-Virus-Status: Clean$' "$f" 2>/dev/null
ok $? "clean: X-Virus-Status: Clean, the forged line removed"

# --- 50 messages from 10 sessions: every answer right, at most MAX
# children of the milter at once, no fd left behind
fds() { find "/proc/$MPID/fd" -mindepth 1 2>/dev/null | wc -l; }
fd0=$(fds)
python3 - "$MPID" "$T/peak" "$T/peak.stop" <<'PY' &
import os, sys, time
pid, out, stop = sys.argv[1], sys.argv[2], sys.argv[3]
peak = 0
while not os.path.exists(stop):
    n = 0
    for p in os.listdir('/proc'):
        if not p.isdigit():
            continue
        try:
            st = open('/proc/%s/stat' % p).read()
        except OSError:
            continue
        if st[st.rindex(')') + 2:].split()[1] == pid:
            n += 1
    peak = max(peak, n)
    time.sleep(0.005)
open(out, 'w').write('%d\n' % peak)
PY
SAMPLER=$!
"$SEND" "$port" 10 5 "$T/msg/clean-text.eml" "$T/msg/eicar-zip.eml" \
    "$T/msg/clean-attachment.eml" "$T/msg/eicar-base64.eml" \
    "$T/msg/eicar-qp.eml" >"$T/many.out"
touch "$T/peak.stop"
wait "$SAMPLER"
right=$(awk '/clean-/ && $2 == 250 { n++ }
    /eicar-/ && $2 == 550 && / Virus found: / { n++ } END { print n + 0 }' \
    "$T/many.out")
is "$right" 50 "50 messages, 10 parallel sessions: every answer right"
[ "$right" = 50 ] || diag "$(grep -v ' 250 \| 550 ' "$T/many.out" | head -5)"
peak=$(cat "$T/peak")
[ "$peak" -ge 1 ] && [ "$peak" -le "$MAX" ]
ok $? "children at once: $peak, at most max_messages ($MAX)"
is "$(fds)" "$fd0" "the milter's open fds: $fd0 before, the same after"

# --- clamd down: 451, nothing delivered
clamd_down
like "$(reply "$T/msg/clean-text.eml")" '^451 4\.7\.1 ' "clamd down: 451 4.7.1"
clamd_up

# --- SIGHUP: a configuration with errors is refused, the old one kept
printf 'deadline = soon\n' >>"$C"
kill -HUP "$MPID"
sleep 0.5
grep -q 'reload refused' "$T/milter.log"
ok $? "SIGHUP with a bad configuration: refused, logged"
cp "$C.good" "$C"
kill -0 "$MPID" 2>/dev/null
ok $? "SIGHUP: the milter still runs"
like "$(reply "$T/msg/eicar-zip.eml")" '^550 5\.7\.1 ' \
    "after the refused reload: still 550 for EICAR"
kill -HUP "$MPID"
sleep 0.5
grep -q 'configuration reloaded' "$T/milter.log"
ok $? "SIGHUP with a good configuration: reloaded"

# --- quarantine = store (attscan's quarantine, then discard) and hold
# (Postfix's hold queue), each set by a reload
mkdir -p "$T/quarantine"
chown "$F" "$T/quarantine"
qconf() { # qconf MODE: the good config, infected = quarantine, MODE
	sed -e "/^\[general\]/a quarantine_dir = $T/quarantine" \
	    -e "s/^\[milter\]/[actions]\ninfected = quarantine\n[milter]\nquarantine = $1/" \
	    "$C.good" >"$C"
	kill -HUP "$MPID"
	sleep 0.5
}
qconf store
before=$(mailcount "$PF/mail")
like "$(reply "$T/msg/eicar-zip.eml")" '^250 ' \
    "quarantine = store: the sender sees 250 (discarded)"
ls "$T/quarantine"/*.eml >/dev/null 2>&1
ok $? "quarantine = store: the message is in attscan's quarantine"
sleep 1
is "$(mailcount "$PF/mail")" "$before" "quarantine = store: not delivered"
qconf hold
like "$(reply "$T/msg/eicar-zip.eml")" '^250 ' \
    "quarantine = hold: 250, into Postfix's hold queue"
held=$(postqueue -c "$PF/etc" -j | grep -c '"queue_name": *"hold"')
is "$held" 1 "quarantine = hold: one message in the hold queue"
postsuper -c "$PF/etc" -d ALL hold >/dev/null 2>&1
cp "$C.good" "$C"
kill -HUP "$MPID"
sleep 0.5

# --- SIGTERM while a message is scanned: it is finished (250), then the
# milter exits 0 with its pid file gone (a stand-in scanner that takes
# 2 s: no real scanner is that slow on demand)
printf '#!/bin/sh\n: >%s/slow.started\nsleep 2\nexit 0\n' "$M" >"$T/bin/slow"
chmod 755 "$T/bin/slow"
scanner_add slow "[scanner]
command = $T/bin/slow {dir}
mode = directory
clean = 0
timeout = 30"
"$SEND" "$port" 1 1 "$T/msg/clean-text.eml" >"$T/inflight.out" &
SENDER=$!
for _ in $(seq 100); do [ -e "$M/slow.started" ] && break; sleep 0.1; done
kill -TERM "$MPID"
wait "$MPID"
is "$?" 0 "SIGTERM: the milter exits 0"
wait "$SENDER"
like "$(sed -n 's/^[^ ]* //p' "$T/inflight.out" | head -1)" '^250 ' \
    "SIGTERM: the message in flight is finished first (250)"
scanner_del slow
[ ! -e "$M/milter.pid" ]
ok $? "SIGTERM: the pid file is removed"
like "$(reply "$T/msg/clean-text.eml")" '^451 4\.7\.1 ' \
    "milter stopped: Postfix answers 451 (milter_default_action)"

# --- killed: Postfix's default action, 451, nothing delivered
milter_up
ok $? "attscan milter started again"
like "$(reply "$T/msg/clean-text.eml")" '^250 ' "it answers again: 250"
{ kill -KILL "$MPID"; wait "$MPID"; } 2>/dev/null
before=$(mailcount "$PF/mail")
like "$(reply "$T/msg/eicar-zip.eml")" '^451 4\.7\.1 ' \
    "attscan milter killed: 451 (milter_default_action = tempfail)"
like "$(reply "$T/msg/clean-text.eml")" '^451 4\.7\.1 ' \
    "killed: clean mail 451 too, nothing passes unchecked"
sleep 1
is "$(mailcount "$PF/mail")" "$before" "killed: nothing delivered"
echo "1..$n"
