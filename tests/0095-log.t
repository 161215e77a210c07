#!/bin/bash
# 0095-log.t - the one key=value line per message (issue #8): queue id
# from --id or Exim's $MESSAGE_ID, the envelope keys, the Message-ID made
# printable, verdict, deciding finding, threat names, scanners that ran,
# quarantine id and ms; a failure names its cause (the scanner's ERROR
# line, "timed out after N s"); log_file takes the line instead of
# syslog; with no /dev/log and no log_file it goes to stderr; no raw
# header or filename byte reaches the log.
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
A=${ATTSCAN:-$root/build/attscan}
F=$here/fake-scanner
T=$(mktemp -d /tmp/attscan-log.XXXXXX)
trap 'rm -rf "$T"' EXIT
# shellcheck source=tests/tap.sh
. "$here/tap.sh"
mkdir -p "$T/tmp" "$T/run"

# scan NAME [ARGS...]: -d, so the line is on stderr ($T/NAME.err)
scan() {
	"$A" scan -d -c "$T/$1.conf" --tmpdir "$T/tmp" "${@:2}" 2>"$T/$1.err"
}
# line NAME: the per-message line of the last scan NAME
line() { grep ' verdict=' "$T/$1.err" | tail -n 1 | sed 's/^attscan: //'; }

# A Message-ID with a quote, a space and an escape byte, folded; a part
# whose file name holds control bytes.
printf 'From: a@example.com\nMessage-ID:\n <x"y z\033[31m@example.com>\nSubject: s\nMIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=b\n\n--b\nContent-Type: text/plain\nContent-Disposition: attachment; filename="a\033]0;\007evil\r.txt"\n\nhi\n--b--\n' >"$T/odd.eml"
printf 'From: a@example.com\nMessage-ID: <plain@example.com>\nSubject: s\n\nbody\n' >"$T/plain.eml"

stand_in inf "$F infected {file}"
scan inf --id Q1a2b3 "$T/odd.eml"; is $? 1 "infected: exit 1"
l=$(line inf)
case $l in "id=Q1a2b3 from=- to=- msgid="*) r=0 ;; *) r=1 ;; esac
ok $r "line starts with the queue id, the envelope keys and the Message-ID"
[[ $l == *'msgid="<x\"y z\x1b[31m@example.com>"'* ]]
ok $? "Message-ID unfolded, quoted, quote and escape byte made printable"
[[ $l == *"verdict=infected category=infected stage=scanner source=inf entry=0001.ATT name=\"Fake.Virus\""* ]]
ok $? "verdict, category and the deciding finding"
[[ $l == *'names="Fake.Virus" scanners=inf quarantine=- ms='*' why="inf found '\''Fake.Virus'\'' in 0001.ATT"' ]]
ok $? "threat names, scanners that ran, quarantine id, ms and why"
LC_ALL=C grep -q "$(printf '[\001-\010\013-\037\177]')" "$T/inf.err"
is $? 1 "no control byte of the header or the file name in the log"

MESSAGE_ID=1kXyZ-000abc-Q1 scan inf "$T/plain.eml"
[[ $(line inf) == "id=1kXyZ-000abc-Q1 "*"msgid=<plain@example.com> "* ]]
ok $? "without --id the queue id is Exim's \$MESSAGE_ID"
printf 'Subject: no id\n\nbody\n' >"$T/noid.eml"
scan inf "$T/noid.eml"
[[ $(line inf) == "id=- from=- to=- msgid=- "* ]]
ok $? "no queue id, no Message-ID: '-'"

# --- failures name their cause
stand_in down "$A clamd --socket $T/no-such.sock {dir}" mode=directory error=2-255
scan down "$T/plain.eml"; is $? 75 "clamd not reachable: tempfail"
[[ $(line down) == *"why=\"down failed: exit code 2 means error: cannot connect to clamd at '$T/no-such.sock': "*'"' ]]
ok $? "clamd outage: the log says why (the scanner's ERROR line)"

stand_in slow "$F hang {file}" timeout=1
"$A" scan -d -v -c "$T/slow.conf" --tmpdir "$T/tmp" "$T/plain.eml" 2>"$T/slow.err"
is $? 75 "scanner timeout: tempfail"
[[ $(line slow) == *'why="slow failed: timed out after 1 s"' ]]
ok $? "timeout: 'timed out after 1 s'"
grep -q 'scanner=slow how=timeout outcome=error' "$T/slow.err"
ok $? "-v: the run's line says how=timeout"
grep -q 'exit=0 outcome=error' "$T/slow.err"
is $? 1 "... and no 'exit=0 outcome=error'"

# --- log_file
stand_in file "$F clean {file}"
echo "log_file = $T/attscan.log" >>"$T/file.conf"
"$A" scan -c "$T/file.conf" --tmpdir "$T/tmp" --id A1 "$T/plain.eml" 2>"$T/file.err"
is $? 0 "clean with log_file: exit 0"
"$A" scan -c "$T/file.conf" --tmpdir "$T/tmp" --id A2 "$T/plain.eml" 2>>"$T/file.err"
is "$(grep -c ' attscan\[[0-9]*\]: id=A[12] .*verdict=clean' "$T/attscan.log")" 2 \
    "log_file: one timestamped line per message, appended"
is "$(cat "$T/file.err")" "" "log_file: nothing on stderr"
printf '[general]\nscanners_dir = %s\nrun_dir = %s/run\nlog_file = log\n' \
    "$T/file.d" "$T" >"$T/rel.conf"
"$A" scan -c "$T/rel.conf" --tmpdir "$T/tmp" "$T/plain.eml" 2>/dev/null
is $? 75 "log_file must be an absolute path: configuration error"
stand_in nodir "$F clean {file}"
echo "log_file = $T/no/such/dir/attscan.log" >>"$T/nodir.conf"
"$A" scan -c "$T/nodir.conf" --tmpdir "$T/tmp" --id B1 "$T/plain.eml" 2>"$T/nodir.err"
is $? 0 "log_file cannot be opened: the answer is unchanged"
grep -q "cannot open log_file '$T/no/such/dir/attscan.log'" "$T/nodir.err"
ok $? "... a warning names it"

# --- no syslog socket, no log_file: stderr, never lost silently
if [ -S /dev/log ]; then
	skip "no /dev/log: the line goes to stderr" "this host has /dev/log"
else
	printf '[general]\nscanners_dir = %s\nrun_dir = %s/run\n' \
	    "$T/file.d" "$T" >"$T/plain.conf"
	"$A" scan -c "$T/plain.conf" --tmpdir "$T/tmp" --id C1 "$T/plain.eml" 2>"$T/plain.err"
	grep -q 'id=C1 .*verdict=clean' "$T/plain.err"
	ok $? "no /dev/log and no log_file: the line goes to stderr"
fi

echo "1..$n"
