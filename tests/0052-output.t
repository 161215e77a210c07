#!/bin/bash
# 0052-output.t - a scanner's output is matched whole, line by line, however
# long it is (issue #6, item 1): a verdict past the first 64 KiB counts; a
# line too long to match, or output not read to its end, is never clean when
# the template's regexes decide.  Stand-in scanners (fake-scanner), and the
# shipped drweb-ctl template run against a stand-in printing its lines.
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
A=${ATTSCAN:-$root/build/attscan}
F=$here/fake-scanner
T=$(mktemp -d /tmp/attscan-output.XXXXXX)
trap 'rm -rf "$T"' EXIT
# shellcheck source=tests/tap.sh
. "$here/tap.sh"
msg=$root/test-corpus/cases/filenames.eml
mkdir -p "$T/tmp" "$T/run"

# scanner NAME MODE COMMAND : a template whose regexes decide (exit 0 is
# "scan done"), in its own scanners dir; more keys may be appended
scanner() {
	mkdir -p "$T/$1.d"
	{
		echo "[scanner]"
		echo "command = $3"
		echo "mode = $2"
		echo "clean = 0"
		echo "infected ="
		echo "error = 1-255"
		echo "timeout = 20"
		echo "infected_regex = ': .+ FOUND\$'"
		echo "clean_regex = ': OK\$'"
		echo "name_regex = '^.*?: (.+) FOUND\$'"
	} >"$T/$1.d/$1.ini"
	printf '[general]\nscanners_dir = %s\nrun_dir = %s/run\ndeadline = 60\n' \
	    "$T/$1.d" "$T" >"$T/$1.conf"
	policy_off "$T/$1.conf"
}
scan() { "$A" scan -d -c "$T/$1.conf" --tmpdir "$T/tmp" "${@:2}" 2>"$T/err"; }
# json FILE EXPR : python expression over the report r must hold
json() {
	python3 - "$1" "$2" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
sys.exit(0 if eval(sys.argv[2]) else 1)
PY
}

# --- the verdict on the last line, past 64 KiB of harmless lines
scanner chatty directory "$F chatty 100000 {dir}"
scan chatty --report "$T/chatty.json" "$msg"; is $? 1 "infected line after 100 KB of output: infected"
grep -q "found 'Fake.Virus'" "$T/err"; ok $? "... the log names the threat"
json "$T/chatty.json" 'r["runs"][0]["output_bytes"] > 100000 and len(r["runs"][0]["output"]) <= 2048'
ok $? "... the report counts every byte and keeps 2 KiB"
scanner chatty2 directory "$F chatty 60000 {dir}"
scan chatty2 "$msg"; is $? 1 "infected line after 60 KB of output: infected (as always)"

# --- a line longer than the limit: error when regexes decide
scanner long directory "$F longline 100000 {dir}"
scan long "$msg"; is $? 75 "a 100 KB line, then 'all: OK': tempfail, not clean"
grep -q 'output line longer than 65536 bytes' "$T/err"; ok $? "... the log says why"
scanner long2 directory "$F longline 60000 {dir}"
scan long2 "$msg"; is $? 0 "a 60 KB line, then 'all: OK': clean"
scanner long3 directory "$F longline 100000 {dir}"
sed -i '/_regex/d; s/^infected =$/infected = 1/; s/^error = .*/error = 2-255/' "$T/long3.d/long3.ini"
scan long3 "$msg"; is $? 0 "the same with a template deciding by exit code only: its exit code counts"

# --- a detached grandchild holding the output: the helper ends it, so the
# output ends too and is read to its end (once it was cut: see the unit
# test for output that cannot be read to its end, an error for any template)
scanner detach directory "$F detached $T/detached.pid {dir}"
scan detach "$msg"; st=$?
gp=$(cat "$T/detached.pid" 2>/dev/null)
alive=no
[ -n "$gp" ] && kill -0 "$gp" 2>/dev/null &&
    [ "$(ps -o stat= -p "$gp" | cut -c1)" != Z ] && alive=yes
[ -n "$gp" ] && kill "$gp" 2>/dev/null
is "$st" 0 "'all: OK' with a grandchild holding the output: read to its end, clean"
is "$alive" no "... the grandchild (pid ${gp:-none}) was ended with the scanner"

# --- the shipped drweb-ctl template: 1,500 parts, the marked one last
python3 - "$T/many.eml" "$T/many-clean.eml" <<'PY'
import sys
def write(path, last):
    out = ['From: a@example.com\nTo: b@example.org\nSubject: many\n'
           'MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary="b"\n\n']
    for i in range(1, 1501):
        body = last if i == 1500 else 'harmless part %d\n' % i
        out.append('--b\nContent-Type: text/plain\nContent-Disposition: '
                   'attachment; filename="p%d.txt"\n\n%s\n' % (i, body))
    out.append('--b--\n')
    open(path, 'w').write(''.join(out))
write(sys.argv[1], 'FAKE-SCANNER-VIRUS\n')
write(sys.argv[2], 'harmless part 1500\n')
PY
mkdir -p "$T/drweb.d"
sed -e "s|^command .*|command = $F drweb {dir}|" -e 's/^enabled .*/enabled = yes/' \
    "$root/scanners.d/drweb-ctl.ini" >"$T/drweb.d/drweb-ctl.ini"
printf '[general]\nscanners_dir = %s\nrun_dir = %s/run\ndeadline = 60\n' \
    "$T/drweb.d" "$T" >"$T/drweb.conf"
policy_off "$T/drweb.conf"
scan drweb --report "$T/drweb.json" "$T/many.eml"; is $? 1 "drweb-ctl, 1,500 parts, the last infected: infected"
json "$T/drweb.json" 'len(r["parts"]) == 1500 and r["runs"][0]["output_bytes"] > 65536'
ok $? "... with more than 64 KiB of output"
json "$T/drweb.json" '[h["file"] for h in r["runs"][0]["hits"]] == ["1500.ATT"] and r["runs"][0]["hits"][0]["name"] == "Fake.Virus"'
ok $? "... and the hit is 1500.ATT, Fake.Virus"
scan drweb "$T/many-clean.eml"; is $? 0 "drweb-ctl, the same 1,500 parts, none infected: clean"

[ -z "$(ls -A "$T/tmp")" ]; ok $? "no scratch directory left behind"
echo "1..$n"
