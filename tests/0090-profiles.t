#!/bin/bash
# 0090-profiles.t - the answer path (issue 8): the envelope (-f, --,
# $SENDER), [actions], the MTA profiles, reinjection through a stand-in
# sendmail, header tagging, --filter and the quarantine.  Verdicts come
# from YARA (the cheapest real scanner), faults from tests/fake-scanner.
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
A=${ATTSCAN:-$root/build/attscan}
T=$(mktemp -d /tmp/attscan-prof.XXXXXX)
trap 'rm -rf "$T"' EXIT
# shellcheck source=tests/tap.sh
. "$here/tap.sh"
mkdir -p "$T/run" "$T/tmp" "$T/y.d" "$T/bad.d"
"$root/scripts/gen-eicar" "$T/msg"
CLEAN=$T/msg/clean-text.eml
EICAR=$T/msg/eicar-plain-body.eml

if ! command -v yara >/dev/null 2>&1; then
	skip "profiles" "yara is not installed"
	echo "1..$n"
	exit 0
fi
printf 'rule Attscan_Test_EICAR\n{\n    strings:\n        $a = "EICAR-STANDARD-ANTIVIRUS"\n        $b = "-TEST-FILE!"\n    condition:\n        $a and $b\n}\n' >"$T/rules.yar"
cat >"$T/y.d/yara.ini" <<EOF
[scanner]
command = /usr/bin/yara -r $T/rules.yar {dir}
mode = directory
clean = 0
error = 1-255
infected_regex = '^\\S+ /'
name_regex = '^(\\S+) /'
file_regex = '^\\S+ (/\\S+)\$'
EOF
cat >"$T/bad.d/bad.ini" <<EOF
[scanner]
command = /bin/false {dir}
mode = directory
clean = 0
infected = 1
error = 2-255
EOF
# conf NAME DIR [LINES...] : $T/NAME.conf using scanners DIR, more lines
conf() {
	local name=$1 dir=$2
	shift 2
	{ printf '[general]\nscanners_dir = %s\nrun_dir = %s/run\ndeadline = 60\nscratch_dir = %s/tmp\n' \
	    "$T/$dir" "$T" "$T"
	  for l in "$@"; do printf '%s\n' "$l"; done; } >"$T/$name.conf"
}
conf y y.d
conf bad bad.d

# --- 1. the envelope: -f SENDER -- RCPT..., $SENDER, MESSAGE|- as before
"$A" scan -c "$T/y.conf" "$CLEAN" 2>/dev/null
is $? 0 "MESSAGE still works: clean 0"
"$A" scan -c "$T/y.conf" - <"$EICAR" 2>/dev/null
is $? 1 "- still works: infected 1"
"$A" scan -c "$T/y.conf" --report "$T/r1.json" -f 'a@b.example' -- r1@x.example r2@x.example <"$CLEAN" 2>/dev/null
is $? 0 "-f SENDER -- RCPT...: the message from stdin, clean 0"
python3 - "$T/r1.json" <<'PY'; ok $? "report: the envelope object"
import json, sys
r = json.load(open(sys.argv[1]))
assert r["envelope"] == {"sender": "a@b.example", "recipients": ["r1@x.example", "r2@x.example"]}, r["envelope"]
PY
"$A" scan -c "$T/y.conf" --report "$T/r2.json" -f '' -- r@x.example <"$EICAR" 2>/dev/null
is $? 1 "-f '' --: infected 1"
SENDER=env@s.example "$A" scan -c "$T/y.conf" --report "$T/r3.json" -- r@x.example <"$CLEAN" 2>/dev/null
python3 - "$T/r2.json" "$T/r3.json" <<'PY'; ok $? "report: the null sender is \"\", \$SENDER without -f"
import json, sys
assert json.load(open(sys.argv[1]))["envelope"]["sender"] == ""
assert json.load(open(sys.argv[2]))["envelope"]["sender"] == "env@s.example"
PY
"$A" scan -c "$T/y.conf" --report "$T/r4.json" "$CLEAN" 2>/dev/null
python3 - "$T/r4.json" <<'PY'; ok $? "report: a file with no envelope: sender null, no recipients"
import json, sys
assert json.load(open(sys.argv[1]))["envelope"] == {"sender": None, "recipients": []}
PY
"$A" scan -c "$T/y.conf" -f a@b -- <"$CLEAN" 2>/dev/null
is $? 75 "-- with no recipient: tempfail (usage)"
"$A" scan -c "$T/y.conf" -f -- -- r@x.example <"$CLEAN" 2>/dev/null
is $? 0 "-f -- --: '--' as the sender's value is not the separator"

echo "1..$n"
