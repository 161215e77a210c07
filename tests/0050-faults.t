#!/bin/bash
# 0050-faults.t - scanners that misbehave: attscan answers tempfail (75),
# never clean, leaves no process behind and finishes on time.  Stand-in
# scanners (fake-scanner) are right here: real ones do not crash on cue.
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
A=${ATTSCAN:-$root/build/attscan}
F=$here/fake-scanner
T=$(mktemp -d /tmp/attscan-faults.XXXXXX)
trap 'rm -rf "$T"' EXIT
# shellcheck source=tests/tap.sh
. "$here/tap.sh"
msg=$root/test-corpus/cases/filenames.eml

# scanner NAME MODE COMMAND... : one template in its own scanners dir
scanner() {
	name=$1 mode=$2
	shift 2
	mkdir -p "$T/$name.d" "$T/run"
	{
		echo "[scanner]"
		echo "command = $*"
		echo "mode = $mode"
		echo "clean = 0"
		echo "infected = 1"
		echo "error = 2"
		echo "timeout = 2"
		echo "name_regex = '^.*: (.+) FOUND\$'"
	} >"$T/$name.d/$name.ini"
	printf '[general]\nscanners_dir = %s\nrun_dir = %s/run\ndeadline = 30\n' \
	    "$T/$name.d" "$T" >"$T/$name.conf"
	policy_off "$T/$name.conf"
}
scan() { "$A" scan -d -c "$T/$1.conf" --tmpdir "$T/tmp" "${@:2}" "$msg" 2>"$T/err"; }
# dead: gone, or a zombie nobody reaped yet (no init reaps in some sandboxes)
dead() { ! kill -0 "$1" 2>/dev/null || [ "$(ps -o stat= -p "$1" | cut -c1)" = Z ]; }
# left PIDFILE : the pids in PIDFILE (stand-ins this test started) still
# running as such (the fake scanner, or the sleep it became); a pid reused
# since by another program does not count.  Only these pids are looked
# at, never processes by name: on a shared machine another user's
# "sleep 1000" is none of this test's business.
left() {
	local p out=
	for p in $(cat "$1"); do
		dead "$p" && continue
		case $(ps -o args= -p "$p") in
		*"sleep 1000"* | *fake-scanner*) out="$out $p" ;;
		esac
	done
	echo "$out"
}
mkdir -p "$T/tmp"

# --- the normal outcomes, as a baseline
scanner clean file "$F clean {file}"
scan clean; is $? 0 "stand-in says clean: 0"
scanner infected file "$F infected {file}"
scan infected; is $? 1 "stand-in says infected: 1"
grep -q "found 'Fake.Virus'" "$T/err"; ok $? "log line names the threat"

# --- hang: tempfail within timeout + 2 s, nothing left running
scanner hang file "$F hangpid $T/hang.pids {file}"
start=$(date +%s%N)
scan hang; st=$?
ms=$((($(date +%s%N) - start) / 1000000))
is "$st" 75 "hanging scanner: tempfail"
# Six parts, four scanners at once: two rounds of the 2 s timeout, plus
# the kill grace; generous, for a loaded machine.
[ "$ms" -lt 10000 ]; ok $? "hanging scanner: answered in $ms ms (two rounds of the 2 s timeout + grace)"
grep -q 'timed out' "$T/err"; ok $? "the log says it timed out"
sleep 0.2
[ -s "$T/hang.pids" ] && [ -z "$(left "$T/hang.pids")" ]
ok $? "no scanner process left ($(wc -l <"$T/hang.pids" 2>/dev/null) started, still running:$(left "$T/hang.pids"))"

# --- crash, unknown exit code, missing binary
scanner segv file "$F segv {file}"
scan segv; is $? 75 "SIGSEGV: tempfail"
grep -q 'signal 11' "$T/err"; ok $? "the log names the signal"
scanner odd file "$F exit 42 {file}"
scan odd; is $? 75 "unknown exit code 42: tempfail"
grep -q 'exit code 42 is in no list' "$T/err"; ok $? "the log says the code is in no list"
scanner missing file "/usr/bin/no-such-scanner {file}"
scan missing; is $? 75 "missing binary: tempfail"
grep -q 'could not execute /usr/bin/no-such-scanner: No such file' "$T/err"; ok $? "a clear message that it could not execute"
chmod -x "$T/missing.d/missing.ini"
cp "$F" "$T/noexec"; chmod -x "$T/noexec"
scanner noexec file "$T/noexec clean {file}"
scan noexec; is $? 75 "binary without execute permission: tempfail"
grep -q 'Permission denied' "$T/err"; ok $? "... told apart from the scanner's own errors"

# --- 10 MB of output: capped, no hang, result still read
scanner bigout file "$F bigout {file}"
start=$(date +%s%N)
scan bigout --report "$T/big.json"; st=$?
ms=$((($(date +%s%N) - start) / 1000000))
is "$st" 0 "10 MB of output: still classified (exit 0: clean)"
[ "$ms" -lt 10000 ]; ok $? "10 MB of output: no hang ($ms ms)"
python3 - "$T/big.json" <<'PY'; ok $? "report keeps a capped excerpt and counts all bytes"
import json, sys
r = json.load(open(sys.argv[1]))
run = r["runs"][0]
assert run["output_bytes"] == 10485760, run["output_bytes"]
assert len(run["output"]) <= 2048
PY

# --- a grandchild left behind is killed
scanner grand file "$F grandchild $T/grandpid {file}"
scan grand; is $? 0 "scanner leaving a grandchild: its own answer counts"
sleep 0.2
gp=$(cat "$T/grandpid")
dead "$gp"; ok $? "the grandchild (pid $gp) was killed"

# --- garbage output with a clean exit is clean; with infected regex, not
scanner garbage file "$F garbage {file}"
scan garbage; is $? 0 "binary junk on output, exit 0: clean"

# --- scanner error with on_error = accept: the admin chose fail-open
scanner accept file "$F exit 2 {file}"
echo "on_error = accept" >>"$T/accept.d/accept.ini"
scan accept; is $? 0 "error with on_error = accept (fail-open by choice): clean"
scanner accept2 file "$F exit 2 {file}"
echo "on_error = accept" >>"$T/accept2.conf"
scan accept2; is $? 0 "on_error = accept in [general] too"

# --- message deadline: the whole message, whatever the timeouts
scanner slowdl file "$F hangpid $T/slowdl.pids {file}"
sed -i 's/^timeout = 2/timeout = 100/' "$T/slowdl.d/slowdl.ini"
sed -i 's/^deadline = 30/deadline = 2/' "$T/slowdl.conf"
start=$(date +%s%N)
scan slowdl; st=$?
ms=$((($(date +%s%N) - start) / 1000000))
is "$st" 75 "message deadline (2 s) before the scanner timeout (100 s): tempfail"
[ "$ms" -lt 4500 ]; ok $? "deadline honoured ($ms ms)"
sleep 0.2
[ -s "$T/slowdl.pids" ] && [ -z "$(left "$T/slowdl.pids")" ]
ok $? "deadline: no scanner process left ($(wc -l <"$T/slowdl.pids" 2>/dev/null) started, still running:$(left "$T/slowdl.pids"))"

# --- no scratch directory left in any case
[ -z "$(ls -A "$T/tmp")" ]; ok $? "no scratch directory left behind"
echo "1..$n"
