#!/bin/bash
# 0130-milter.t - attscan milter without an MTA: tests/milter-client
# speaks the milter protocol to it as Postfix does, on a free loopback
# port, with the real clamscan and the offline test database.  Clean
# mail: accept, attscan's two header fields added, a forged one deleted;
# EICAR and EICAR in a zip: 550 5.7.1 with the name; [actions] discard
# and quarantine (store: discard, the message in the quarantine; hold:
# the MTA's hold queue); a message over max_size and an envelope over
# max_envelope: 451; a scratch_dir it cannot write: 451 at MAIL FROM; an
# abort and a connection cut mid-body leave no fd and no spool file
# behind; with max_messages 1 a message that waits past its deadline:
# 451; a bad [milter] refused by check-config and at start; SIGHUP
# with a bad file keeps the old one; SIGTERM: exit 0, pid file removed.
# (Postfix end to end: tests/mta/30-milter.t.)
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
A=${ATTSCAN:-$root/build/attscan}
T=$(mktemp -d /tmp/attscan-milter.XXXXXX)
MPID=
trap '[ -n "$MPID" ] && kill -KILL "$MPID" 2>/dev/null; rm -rf "$T"' EXIT
# shellcheck source=tests/tap.sh
. "$here/tap.sh"

if ! command -v clamscan >/dev/null 2>&1; then
	echo "1..0 # SKIP clamscan not installed (scripts/install-deps)"
	exit 0
fi
"$A" --help 2>&1 | grep -q 'attscan milter' || {
	echo "1..0 # SKIP this attscan has no milter"
	exit 0
}
CLIENT=$here/milter-client
chmod 755 "$T"
mkdir -p "$T/sd" "$T/run" "$T/tmp" "$T/q" "$T/m" "$T/bin"
cp "$A" "$T/bin/"
[ -e "$(dirname "$A")/attscan.mgc" ] && cp "$(dirname "$A")/attscan.mgc" "$T/bin/"
A=$T/bin/attscan
"$root/scripts/gen-eicar" "$T/msg"
"$root/scripts/clamav-testdb" "$T/db"
chmod -R a+rX "$T/bin" "$T/db" "$T/msg" "$T/sd"
# As root the milter must be given a user: nobody, owning what it writes.
user_line=
if [ "$(id -u)" = 0 ]; then
	chown nobody:"$(id -gn nobody)" "$T/run" "$T/tmp" "$T/q" "$T/m"
	user_line="user = nobody"
fi
printf '[scanner]\ncommand = /usr/bin/clamscan --no-summary --stdout -d %s {file}\nmode = file\nclean = 0\ninfected = 1\nerror = 2\nname_regex = %s\n' \
    "$T/db" "'^.*?: (.+) FOUND\$'" >"$T/sd/clamscan.ini"
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
# conf [GENERAL-LINE...] -- [MILTER-LINE...]: write $T/c.ini
conf() {
	{
		printf '[general]\nscanners_dir = %s\nrun_dir = %s/run\n' "${SD:-$T/sd}" "$T"
		printf 'scratch_dir = %s/tmp\ndeadline = %s\nmax_messages = %s\n' \
		    "$T" "${DEADLINE:-60}" "${MAX:-2}"
		printf 'quarantine_dir = %s/q\n' "$T"
		while [ $# -gt 0 ] && [ "$1" != -- ]; do printf '%s\n' "$1"; shift; done
		[ $# -gt 0 ] && shift
		printf '[milter]\nsocket = inet:%s@127.0.0.1\n' "$PORT"
		printf 'pid_file = %s/m/milter.pid\n%s\n' "$T" "$user_line"
		for l in "$@"; do printf '%s\n' "$l"; done
	} >"$T/c.ini"
	chmod 644 "$T/c.ini"
}
start() {
	"$A" milter -c "$T/c.ini" -d 2>>"$T/log" &
	MPID=$!
	for _ in $(seq 100); do
		python3 -c 'import socket,sys; socket.create_connection(("127.0.0.1",int(sys.argv[1])),1).close()' \
		    "$PORT" 2>/dev/null && return 0
		kill -0 "$MPID" 2>/dev/null || return 1
		sleep 0.1
	done
	return 1
}
hup() { kill -HUP "$MPID"; sleep 0.5; }
like() { # like GOT REGEX NAME
	if printf '%s\n' "$1" | grep -Eq -- "$2"; then ok 0 "$3"
	else ok 1 "$3"; echo "# got: $1"; fi
}
msg() { "$CLIENT" "$PORT" msg "$@" | sed 's/^[^ ]* //'; }
fds() { find "/proc/$MPID/fd" -mindepth 1 2>/dev/null | wc -l; }

conf
start
ok $? "attscan milter listens on inet:$PORT@127.0.0.1"
is "$(tr -d '\n' <"$T/m/milter.pid")" "$MPID" "its pid file"

printf 'X-Virus-Status: Clean\n' | cat - "$T/msg/clean-text.eml" >"$T/forged.eml"
r=$(msg "$T/forged.eml")
like "$r" '^accept \| delheader X-Virus-Status \| addheader X-Virus-Scanned: attscan .* \| addheader X-Virus-Status: Clean$' \
    "clean: accept, the forged X-Virus-Status deleted, both fields added"
like "$(msg "$T/msg/eicar-plain-body.eml")" \
    '^550 5\.7\.1 Virus found: [A-Za-z0-9._-]*EICAR' \
    "EICAR: 550 5.7.1 Virus found: NAME"
like "$(msg "$T/msg/eicar-zip.eml")" '^550 5\.7\.1 Virus found: .+' \
    "EICAR in a zip: 550 5.7.1 with the name"
r=$("$CLIENT" "$PORT" msg "$T/msg/clean-text.eml" -- \
    msg "$T/msg/eicar-zip.eml" -- msg "$T/msg/clean-attachment.eml" |
    sed 's/^[^ ]* \([^ ]*\).*/\1/' | tr '\n' ' ')
is "$r" "accept 550 accept " "three messages on one connection"

# --- discard and quarantine, set by a reload
conf '[actions]' 'infected = discard'
hup
is "$(msg "$T/msg/eicar-zip.eml")" discard "[actions] infected = discard: discard"
conf '[actions]' 'infected = quarantine'
hup
n0=$(find "$T/q" -name '*.eml' | wc -l)
is "$(msg "$T/msg/eicar-zip.eml")" discard \
    "quarantine, store: discard"
is "$(find "$T/q" -name '*.eml' | wc -l)" $((n0 + 1)) \
    "quarantine, store: the message is in the quarantine"
conf '[actions]' 'infected = quarantine' -- 'quarantine = hold'
hup
like "$(msg "$T/msg/eicar-zip.eml")" \
    '^accept \| addheader X-Virus-Scanned: .* \| addheader X-Virus-Status: Infected .* \| hold attscan: infected \(.+\)$' \
    "quarantine, hold: accepted into the hold queue, with the reason"

# --- limits and failures: 451
conf -- 'max_size = 1K'
hup
{ cat "$T/msg/clean-text.eml"; head -c 3000 /dev/zero | tr '\0' 'x'; echo; } >"$T/big.eml"
like "$(msg "$T/big.eml")" '^451 4\.7\.1 ' \
    "a message over max_size: 451 4.7.1"
grep -q 'message larger than 1024 bytes' "$T/log"
ok $? "over max_size: the log says why"
conf -- 'max_envelope = 1K'
hup
set --
for i in $(seq 60); do set -- "$@" "recipient-number-$i@example.org"; done
like "$(msg "$T/msg/clean-text.eml" "$@")" '^451 4\.7\.1 ' \
    "an envelope over max_envelope: 451 4.7.1"
if [ "$(id -u)" = 0 ]; then
	chown root "$T/tmp"
	chmod 700 "$T/tmp"
else
	chmod 500 "$T/tmp"
fi
conf
hup
like "$(msg "$T/msg/clean-text.eml")" '^451 4\.7\.1 ' \
    "scratch_dir not writable: 451 4.7.1 (at MAIL FROM)"
[ "$(id -u)" = 0 ] && chown nobody "$T/tmp"
chmod 755 "$T/tmp"
like "$(msg "$T/msg/clean-text.eml")" '^accept' "writable again: accept"

# --- abort and cut mid-body: nothing left behind
fd0=$(fds)
"$CLIENT" "$PORT" abort "$T/msg/eicar-zip.eml" -- msg "$T/msg/clean-text.eml" \
    -- cut "$T/msg/clean-attachment.eml" -- cut "$T/msg/eicar-zip.eml" \
    >"$T/cut.out"
like "$(sed 's/^[^ ]* //' "$T/cut.out")" '^accept' \
    "after an abort the connection goes on: accept"
sleep 0.5
is "$(fds)" "$fd0" "abort and cut connections: no fd left open"
is "$(find /proc/"$MPID"/fd -lname '*attscan-spool*' | wc -l)" 0 \
    "no spool file left open"
is "$(find "$T/tmp" -mindepth 1 | wc -l)" 0 "nothing left in scratch_dir"

# --- max_messages = 1 (by a reload), each scan 8 s (a stand-in:
# slowness on demand), deadline 10 s.  A is scanned; once its scanner
# runs, B and C come: one waits for A and is scanned, the other waits
# for both, 16 s less its lateness, past its deadline: 451
mkdir -p "$T/sd2"
printf '#!/bin/sh\n: >%s/m/started\nsleep 8\nexit 0\n' "$T" >"$T/bin/slow"
chmod 755 "$T/bin/slow" "$T/sd2"
printf '[scanner]\ncommand = %s {dir}\nmode = directory\nclean = 0\n' \
    "$T/bin/slow" >"$T/sd2/slow.ini"
chmod 644 "$T/sd2/slow.ini"
SD=$T/sd2 DEADLINE=10 MAX=1 conf
hup
"$CLIENT" "$PORT" msg "$T/msg/clean-text.eml" >"$T/wait.1" &
pids=$!
for _ in $(seq 100); do [ -e "$T/m/started" ] && break; sleep 0.1; done
for i in 2 3; do
	"$CLIENT" "$PORT" msg "$T/msg/clean-text.eml" >"$T/wait.$i" &
	pids="$pids $!"
done
# shellcheck disable=SC2086
wait $pids
r=$(cat "$T/wait.1" "$T/wait.2" "$T/wait.3" | awk '{ print $2 }' | sort |
    tr '\n' ' ')
is "$r" "451 accept accept " \
    "max_messages 1: A scanned, then B or C, the other 451 past its deadline"
grep -q 'no free place among max_messages within the deadline' "$T/log"
ok $? "the log says why: no free place within the deadline"
conf
hup

# --- configuration errors
conf -- 'socket_mode = 0999'
"$A" check-config -c "$T/c.ini" >/dev/null 2>"$T/cc.err"
is "$?" 78 "check-config: a bad [milter] is an error (78)"
grep -q 'c.ini:[0-9]*: socket_mode' "$T/cc.err"
ok $? "check-config names file:line"
hup
grep -q 'reload refused' "$T/log"
ok $? "SIGHUP with a bad [milter]: refused, logged"
like "$(msg "$T/msg/eicar-zip.eml")" '^550 5\.7\.1 ' \
    "the old configuration is kept: 550"
conf
kill -TERM "$MPID"
wait "$MPID"
is "$?" 0 "SIGTERM: exit 0"
MPID=
[ ! -e "$T/m/milter.pid" ]
ok $? "SIGTERM: the pid file is removed"
conf -- 'socket = inet:8891@'
"$A" milter -c "$T/c.ini" 2>"$T/bad.err"
is "$?" 78 "inet:8891@, no address: refused at start (78)"
grep -q 'every interface' "$T/bad.err"
ok $? "and says why"
echo "1..$n"
