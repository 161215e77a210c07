#!/bin/bash
# 0054-parts-changed.t - a scanner that deletes or changes a part has found
# something, whatever it answers (issue #6, item 4): engines set to clean or
# delete remove the file and exit 0.  While scanners run, parts are 0400 in
# a 0500 directory; after each run every file it saw is looked at again.
# Tests run as root, which ignores modes, so the stand-ins (fake-scanner)
# change files as a scanner running as attscan's own user could: chmod
# first.  Detection is what is tested.
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
A=${ATTSCAN:-$root/build/attscan}
F=$here/fake-scanner
T=$(mktemp -d /tmp/attscan-changed.XXXXXX)
trap 'rm -rf "$T"' EXIT
# shellcheck source=tests/tap.sh
. "$here/tap.sh"
msg=$root/test-corpus/cases/filenames.eml
mkdir -p "$T/tmp" "$T/run"

# scanner NAME MODE COMMAND : exit 0 clean, 1 infected, in its own dir
scanner() {
	mkdir -p "$T/$1.d"
	printf '[scanner]\ncommand = %s\nmode = %s\nclean = 0\ninfected = 1\nerror = 2-255\ntimeout = 20\n' \
	    "$3" "$2" >"$T/$1.d/$1.ini"
	printf '[general]\nscanners_dir = %s\nrun_dir = %s/run\ndeadline = 60\n' \
	    "$T/$1.d" "$T" >"$T/$1.conf"
	policy_off "$T/$1.conf"
}
scan() { "$A" scan -d -c "$T/$1.conf" --tmpdir "$T/tmp" "${@:2}" "$msg" 2>"$T/err"; }
# json FILE EXPR : python expression over the report r must hold
json() {
	python3 - "$1" "$2" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
sys.exit(0 if eval(sys.argv[2]) else 1)
PY
}

# --- the normal case: nothing touched
scanner clean file "$F clean {file}"
scan clean; is $? 0 "a scanner that leaves the parts alone: clean"

# --- file mode: removed, appended to, replaced, rewritten in place
scanner del file "$F delete {file}"
scan del --report "$T/del.json"; is $? 1 "a scanner that deletes its part and exits 0: infected"
grep -q "removed or changed by del" "$T/err"; ok $? "... the log says: removed or changed by del"
grep -q "0001.ATT was removed" "$T/err"; ok $? "... and which file"
json "$T/del.json" 'r["runs"][0]["outcome"] == "infected" and r["runs"][0]["name"] == "removed or changed by del" and "0001.ATT was removed" in r["runs"][0]["reason"]'
ok $? "... and so does the report"
scanner app file "$F append {file}"
scan app; is $? 1 "a scanner that appends to its part: infected"
grep -q "changed size" "$T/err"; ok $? "... the size changed"
scanner rep file "$F replace {file}"
scan rep; is $? 1 "a scanner that replaces its part by a copy (same size): infected"
grep -q "is another file (inode" "$T/err"; ok $? "... the inode changed"
scanner snk file "$F sneak {file}"
scan snk; is $? 1 "same bytes rewritten in place, mtime put back: infected"
grep -q "was changed (ctime)" "$T/err"; ok $? "... the ctime tells"

# --- directory mode: one part of several removed
scanner dir directory "$F delete {dir}/0004.ATT"
scan dir; is $? 1 "a directory-mode scanner that deletes one part: infected"
grep -q "0004.ATT was removed" "$T/err"; ok $? "... that part is named"

# --- message mode: the raw copy removed
scanner msg message "$F delete {message}"
scan msg; is $? 1 "a message-mode scanner that deletes the message copy: infected"
grep -q "removed or changed by msg (the message copy was removed)" "$T/err"; ok $? "... the log says so"

# --- a scanner that changes what it was not given: the check after all runs
scanner other message "$F delete-part {message}"
scan other; is $? 1 "a message-mode scanner that deletes a part it was not given: infected"
grep -q "removed or changed by a scanner: 0002.ATT was removed" "$T/err"; ok $? "... found by the check after every run"

# --- a scanner's own finding keeps its name
scanner both file "$F infected {file}"
echo "name_regex = '^.*: (.+) FOUND\$'" >>"$T/both.d/both.ini"
scan both; is $? 1 "a scanner that says infected: infected"
grep -q "found 'Fake.Virus'" "$T/err"; ok $? "... under its own name"

# --- the modes while a scanner runs
scanner modes file "$F modes $T/modes {file}"
scan modes; is $? 0 "a scanner that only looks: clean"
is "$(sort -u "$T/modes")" "400 500" "parts are 0400 in a 0500 directory while scanners run"

[ -z "$(ls -A "$T/tmp")" ]; ok $? "no scratch directory left behind"
echo "1..$n"
