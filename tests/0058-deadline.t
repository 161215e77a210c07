#!/bin/bash
# 0058-deadline.t - the message deadline is the bound: whatever hangs (a
# sender that never ends the message, a scanner that never exits), attscan
# answers tempfail (75) by the deadline, its scratch directory removed.
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
A=${ATTSCAN:-$root/build/attscan}
F=$here/fake-scanner
T=$(mktemp -d /tmp/attscan-deadline.XXXXXX)
writer=
trap '[ -n "$writer" ] && kill "$writer" 2>/dev/null; rm -rf "$T"' EXIT
# shellcheck source=tests/tap.sh
. "$here/tap.sh"
msg=$root/test-corpus/cases/filenames.eml
mkdir -p "$T/tmp" "$T/run" "$T/sd"

# conf DEADLINE MODE: one stand-in template, the given message deadline
conf() {
	printf '[scanner]\ncommand = %s %s {file}\nmode = file\nclean = 0\ninfected = 1\ntimeout = 100\n' \
	    "$F" "$2" >"$T/sd/s.ini"
	printf '[general]\nscanners_dir = %s/sd\nrun_dir = %s/run\ndeadline = %s\n' \
	    "$T" "$T" "$1" >"$T/c.ini"
	policy_off "$T/c.ini"
}
ms() { echo $((($(date +%s%N) - $1) / 1000000)); }

# --- a message that never ends (stdin held open, nothing written)
conf 2 clean
mkfifo "$T/fifo"
sleep 60 >"$T/fifo" &
writer=$!
start=$(date +%s%N)
"$A" scan -d -c "$T/c.ini" --tmpdir "$T/tmp" - <"$T/fifo" 2>"$T/err"; st=$?
t=$(ms "$start")
kill "$writer" 2>/dev/null; wait "$writer" 2>/dev/null; writer=
is "$st" 75 "stdin that never ends: tempfail"
# The watchdog once fired 10 s after the deadline; 2 s plus start-up now.
[ "$t" -lt 4000 ]; ok $? "answered at the 2 s deadline, not 10 s later ($t ms)"
grep -q 'deadline' "$T/err"; ok $? "the log says the deadline passed"
[ -z "$(ls -A "$T/tmp")" ]; ok $? "scratch directory removed by the watchdog"

# --- a scanner that hangs past the deadline (its own timeout is 100 s)
conf 2 hang
start=$(date +%s%N)
"$A" scan -d -c "$T/c.ini" --tmpdir "$T/tmp" "$msg" 2>"$T/err"; st=$?
t=$(ms "$start")
is "$st" 75 "scanner hanging past the deadline: tempfail"
# Stopped before the deadline, with its grace inside it: the scan itself
# answers (the log names the deadline), not the watchdog.
[ "$t" -lt 2900 ]; ok $? "answered by the 2 s deadline ($t ms; was deadline + 1 s grace)"
grep -q 'stopped at the message deadline' "$T/err"; ok $? "the log line names the deadline"
[ -z "$(ls -A "$T/tmp")" ]; ok $? "no scratch directory left"

# --- one that ignores SIGTERM: KILLed, still within the deadline
conf 2 stubborn
start=$(date +%s%N)
"$A" scan -d -c "$T/c.ini" --tmpdir "$T/tmp" "$msg" 2>"$T/err"; st=$?
t=$(ms "$start")
is "$st" 75 "scanner ignoring SIGTERM past the deadline: tempfail"
[ "$t" -lt 2900 ]; ok $? "answered by the 2 s deadline ($t ms; was deadline + 1 s grace)"
[ -z "$(ls -A "$T/tmp")" ]; ok $? "no scratch directory left"
echo "1..$n"
