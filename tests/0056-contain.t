#!/bin/bash
# 0056-contain.t - nothing a scanner starts outlives its run: a setsid
# grandchild, a double-forked daemon, a timed-out scanner's family, and
# everything when attscan itself is killed (SIGKILL, as Postfix's time
# limit does, or SIGTERM) mid-scan.  Only the pids the stand-in scanner
# recorded in this test's directory are looked at.
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
A=${ATTSCAN:-$root/build/attscan}
F=$here/fake-scanner
T=$(mktemp -d /tmp/attscan-contain.XXXXXX)
# Whatever happens, leave none of the recorded processes running.
cleanup() {
	for f in "$T/pids"/*; do
		[ -f "$f" ] || continue
		p=$(cat "$f" 2>/dev/null)
		[ -n "$p" ] && kill -KILL "$p" 2>/dev/null
	done
	rm -rf "$T"
}
trap cleanup EXIT
# shellcheck source=tests/tap.sh
. "$here/tap.sh"
msg=$root/test-corpus/cases/filenames.eml
mkdir -p "$T/tmp" "$T/run" "$T/pids"

# scanner NAME MODE ARG TIMEOUT: one template (mode message: one run)
scanner() {
	mkdir -p "$T/$1.d"
	{
		echo "[scanner]"
		echo "command = $F $2 $3 {message}"
		echo "mode = message"
		echo "clean = 0"
		echo "infected = 1"
		echo "timeout = $4"
	} >"$T/$1.d/$1.ini"
	printf '[general]\nscanners_dir = %s\nrun_dir = %s/run\ndeadline = 60\n' \
	    "$T/$1.d" "$T" >"$T/$1.conf"
	policy_off "$T/$1.conf"
}
scan() { "$A" scan -d -c "$T/$1.conf" --tmpdir "$T/tmp" "$msg" 2>"$T/err.$1"; }
# dead PID: gone, or a zombie nobody reaped yet
dead() { ! kill -0 "$1" 2>/dev/null || [ "$(ps -o stat= -p "$1" | cut -c1)" = Z ]; }
# all_dead PIDFILE...: every recorded pid is dead now
all_dead() {
	for f in "$@"; do
		[ -s "$f" ] || return 1
		dead "$(cat "$f")" || return 1
	done
}
# wait_dead PIDFILE...: every recorded pid dies within 5 s
wait_dead() {
	for _ in $(seq 100); do
		all_dead "$@" && return 0
		sleep 0.05
	done
	return 1
}
# wait_files FILE...: each exists and is not empty, within 5 s
wait_files() {
	for _ in $(seq 100); do
		ok=1
		for f in "$@"; do [ -s "$f" ] || ok=0; done
		[ $ok = 1 ] && return 0
		sleep 0.05
	done
	return 1
}
# show PIDFILE...: for a failure, what is left
show() {
	for f in "$@"; do
		[ -s "$f" ] && ps -o pid=,ppid=,stat=,args= -p "$(cat "$f")" | sed 's/^/# left: /'
	done
}

# --- a setsid grandchild after a normal run
scanner setsid setsid-child "$T/pids/setsid" 10
scan setsid; is $? 0 "scanner leaving a setsid grandchild: its answer (clean) counts"
all_dead "$T/pids/setsid"; ok $? "the setsid grandchild is dead when attscan has answered"
show "$T/pids/setsid"

# --- a double-forked daemon
scanner daemon daemon "$T/pids/daemon" 10
scan daemon; is $? 0 "scanner leaving a double-forked daemon: clean"
all_dead "$T/pids/daemon"; ok $? "the daemon is dead when attscan has answered"
show "$T/pids/daemon"

# --- a timed-out scanner with a child and a setsid grandchild
mkdir -p "$T/pids/timeout"
scanner timeout hang-family "$T/pids/timeout" 1
scan timeout; is $? 75 "scanner family that hangs: tempfail"
grep -q 'timed out' "$T/err.timeout"; ok $? "... because it timed out"
fam="$T/pids/timeout/scanner $T/pids/timeout/child $T/pids/timeout/setsid"
all_dead $fam; ok $? "scanner, its child and its setsid grandchild are dead when attscan has answered"
show $fam

# --- attscan killed mid-scan: SIGKILL, then SIGTERM
for sig in KILL TERM; do
	d=$T/pids/$sig
	mkdir -p "$d"
	scanner "$sig" hang-family "$d" 60
	"$A" scan -c "$T/$sig.conf" --tmpdir "$T/tmp" "$msg" >/dev/null 2>&1 &
	victim=$!
	wait_files "$d/scanner" "$d/child" "$d/setsid"
	ok $? "SIG$sig: the scanner family is running"
	# attscan's own children (the helper, or the scanner on old builds)
	pgrep -P "$victim" >"$d/attscan-child"
	kill -"$sig" "$victim"
	wait "$victim" 2>/dev/null; st=$?
	if [ $sig = KILL ]; then
		is "$st" 137 "SIG$sig: attscan was killed"
	else
		is "$st" 75 "SIG$sig: attscan answers tempfail"
	fi
	fam="$d/scanner $d/child $d/setsid"
	wait_dead $fam; ok $? "SIG$sig: scanner, child and setsid grandchild die within 5 s"
	show $fam
	for p in $(cat "$d/attscan-child"); do
		echo "$p" >"$d/helper.$p"
	done
	wait_dead "$d"/helper.*; ok $? "SIG$sig: attscan's own child died too"
done

[ -z "$(ls -A "$T/tmp")" ]; ok $? "no scratch directory left behind"
# --- the helper itself killed (here by its scanner): never clean, no wait
scanner killparent killparent "" 20
start=$(date +%s%N)
scan killparent; st=$?
ms=$((($(date +%s%N) - start) / 1000000))
is "$st" 75 "helper killed under its scanner: tempfail, never clean"
[ "$ms" -lt 10000 ]; ok $? "... answered at once, not at the deadline ($ms ms)"
echo "1..$n"
