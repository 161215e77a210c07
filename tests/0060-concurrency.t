#!/bin/bash
# 0060-concurrency.t - the machine-wide limit on simultaneous scanner runs,
# and what a killed attscan leaves behind (nothing, after the next run).
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
A=${ATTSCAN:-$root/build/attscan}
F=$here/fake-scanner
T=$(mktemp -d /tmp/attscan-conc.XXXXXX)
trap 'rm -rf "$T"' EXIT
# shellcheck source=tests/tap.sh
. "$here/tap.sh"
dead() { ! kill -0 "$1" 2>/dev/null || [ "$(ps -o stat= -p "$1" | cut -c1)" = Z ]; }
mkdir -p "$T/sd" "$T/run" "$T/tmp" "$T/slow"
msg=$root/test-corpus/cases/empty.eml

# scanner "ARGS" MAX_CONCURRENT TIMEOUT : the stand-in scanner in file mode
scanner() {
	printf '[scanner]\ncommand = %s %s {file}\nmode = file\nmax_concurrent = %s\ntimeout = %s\n' \
	    "$F" "$1" "$2" "$3" >"$T/sd/slow.ini"
}
scanner "slow $T/slow" 2 30
printf '[general]\nscanners_dir = %s/sd\nrun_dir = %s/run\ndeadline = 60\n' "$T" "$T" >"$T/c.ini"

# --- 12 attscan processes at once, 2 slots
pids=""
for i in $(seq 12); do
	"$A" scan -c "$T/c.ini" --tmpdir "$T/tmp" "$msg" >"$T/out.$i" 2>&1 &
	pids="$pids $!"
done
fails=0
for p in $pids; do wait "$p" || fails=$((fails + 1)); done
is "$fails" 0 "12 concurrent scans all answered clean"
is "$(wc -l <"$T/slow/count")" 12 "all 12 scanner runs happened"
is "$(cat "$T/slow/max")" 2 "never more than 2 scanners running at once"
[ -f "$T/run/slow.0.slot" ] || [ -f "$T/run/slow.1.slot" ]; ok $? "slot files live in run_dir"

# --- an attscan killed with SIGKILL while holding the only slot
scanner "hang" 1 60
"$A" scan -c "$T/c.ini" --tmpdir "$T/tmp" "$msg" >/dev/null 2>&1 &
victim=$!
for _ in $(seq 100); do pgrep -P "$victim" >/dev/null && break; sleep 0.05; done
sp=$(pgrep -P "$victim" | head -1)
scratch=$(ls -d "$T/tmp"/attscan-scratch.$victim.* 2>/dev/null)
[ -n "$sp" ] && [ -n "$scratch" ]; ok $? "victim holds the slot (scanner $sp) and its scratch dir"
kill -KILL "$victim"
wait "$victim" 2>/dev/null
sleep 0.2
dead "$sp"; ok $? "the scanner died with the killed attscan (PR_SET_PDEATHSIG)"
scanner "clean" 1 5
start=$(date +%s%N)
"$A" scan -c "$T/c.ini" --tmpdir "$T/tmp" "$msg" >/dev/null 2>&1; st=$?
ms=$((($(date +%s%N) - start) / 1000000))
is "$st" 0 "the next run gets the slot"
[ "$ms" -lt 1000 ]; ok $? "... without waiting ($ms ms)"
[ ! -e "$scratch" ]; ok $? "the killed run's scratch directory is gone after the next run"

# --- a slot held for longer than the message deadline: tempfail on time
scanner "hang" 1 60
"$A" scan -c "$T/c.ini" --tmpdir "$T/tmp" "$msg" >/dev/null 2>&1 &
holder=$!
for _ in $(seq 100); do pgrep -P "$holder" >/dev/null && break; sleep 0.05; done
printf '[general]\nscanners_dir = %s/sd\nrun_dir = %s/run\ndeadline = 1\n' "$T" "$T" >"$T/c1.ini"
start=$(date +%s%N)
"$A" scan -c "$T/c1.ini" --tmpdir "$T/tmp" "$msg" >/dev/null 2>"$T/err"; st=$?
ms=$((($(date +%s%N) - start) / 1000000))
is "$st" 75 "no free slot before the deadline: tempfail"
[ "$ms" -lt 2500 ]; ok $? "waited no longer than the deadline ($ms ms)"
grep -q 'deadline' "$T/err"; ok $? "the log says why"
kill "$holder"; wait "$holder" 2>/dev/null
echo "1..$n"
