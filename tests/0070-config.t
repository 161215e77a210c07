#!/bin/bash
# 0070-config.t - bad configuration is found by check-config with file,
# line and reason, and at scan time answers tempfail, never clean.
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
A=${ATTSCAN:-$root/build/attscan}
T=$(mktemp -d /tmp/attscan-conf.XXXXXX)
trap 'rm -rf "$T"' EXIT
# shellcheck source=tests/tap.sh
. "$here/tap.sh"
msg=$root/test-corpus/cases/empty.eml
mkdir -p "$T/run"

# bad NAME "TEMPLATE LINES" "EXPECTED MESSAGE REGEX"
bad() {
	mkdir -p "$T/$1.d"
	printf '%b' "$2" >"$T/$1.d/s.ini"
	printf '[general]\nscanners_dir = %s/%s.d\nrun_dir = %s/run\n' "$T" "$1" "$T" >"$T/$1.conf"
	"$A" check-config -c "$T/$1.conf" >/dev/null 2>"$T/err"; st=$?
	is "$st" 78 "$1: check-config fails"
	grep -Eq "$3" "$T/err"; ok $? "$1: says '$(head -1 "$T/err" | cut -c1-100)'"
	"$A" scan -c "$T/$1.conf" "$msg" >/dev/null 2>"$T/err2"; st=$?
	is "$st" 75 "$1: scan answers tempfail"
}
good='[scanner]\ncommand = /bin/true {file}\nmode = file\n'
bad unknown-key "$good""timout = 5\n" 's\.ini:4: unknown key .timout.'
bad bad-regex "$good""name_regex = '(unclosed'\n" 's\.ini:4: bad regex for name_regex'
bad two-groups "$good""name_regex = '(a)(b)'\n" 's\.ini:4: name_regex must have exactly 1 capture group'
bad relative "[scanner]\ncommand = clamscan {file}\n" 's\.ini:2: command must start with an absolute path'
bad placeholder "[scanner]\ncommand = /bin/true\nmode = file\n" 's\.ini:2: mode file needs \{file\}'
bad dir-placeholder "[scanner]\ncommand = /bin/true {file}\nmode = directory\n" 'mode directory needs \{dir\}'
bad unknown-ph "[scanner]\ncommand = /bin/true {file} {path}\n" 'unknown placeholder'
bad codes "$good""error = 2-1\n" 's\.ini:4: bad exit code list'
bad overlap "$good""clean = 0-1\ninfected = 1\n" 'exit code 1 is in both clean and infected'
bad mode "[scanner]\ncommand = /bin/true {file}\nmode = folder\n" 's\.ini:3: mode must be file, directory or message'
bad quote "[scanner]\ncommand = /bin/true \"{file}\n" 'unterminated quote'
bad section "$good""[extra]\nx = 1\n" 'unknown section \[extra\]'

# the main file itself
mkdir -p "$T/ok.d"
printf "$good" >"$T/ok.d/s.ini"
printf '[general]\nscanners_dir = %s/ok.d\nrun_dir = %s/run\ndedline = 5\n' "$T" "$T" >"$T/main.conf"
"$A" check-config -c "$T/main.conf" >/dev/null 2>"$T/err"
grep -q 'main.conf:4: unknown key .dedline. in \[general\]' "$T/err"; ok $? "main file: unknown key with file and line"
printf '[general]\nscanners_dir = relative\n' >"$T/rel.conf"
"$A" check-config -c "$T/rel.conf" >/dev/null 2>"$T/err"
grep -q 'rel.conf:2: scanners_dir must be an absolute path' "$T/err"; ok $? "main file: relative path"
"$A" check-config -c "$T/nope.conf" >/dev/null 2>"$T/err"; st=$?
is "$st" 78 "unreadable main file: check-config fails"
grep -q "cannot open '.*nope.conf'" "$T/err"; ok $? "... naming the file"
"$A" scan -c "$T/nope.conf" "$msg" >/dev/null 2>&1
is $? 75 "unreadable main file at scan time: tempfail"
printf '[general\nx\n' >"$T/syntax.conf"
"$A" check-config -c "$T/syntax.conf" >/dev/null 2>"$T/err"
grep -Eq 'syntax error.*syntax.conf.*\(1\)|syntax.conf.*1' "$T/err"; ok $? "syntax error with its line: $(head -1 "$T/err" | cut -c1-80)"

# A configuration that cannot be read is an error naming it, never the
# built-in defaults (issue #6, item 3).  --scanners gives an enabled
# template that answers clean, as one in the default scanners_dir would.
okd=$T/ok.d
printf '[general]\nscanners_dir = %s\nrun_dir = %s/run\n' "$okd" "$T" >"$T/base.conf"
"$A" scan -c "$T/base.conf" "$msg" >/dev/null 2>&1
is $? 0 "the template used below answers clean"
mkdir -p "$T/conf-dir"
"$A" check-config -c "$T/conf-dir" --scanners "$okd" >/dev/null 2>"$T/err"
is $? 78 "-c DIRECTORY: check-config fails"
grep -q "cannot read '$T/conf-dir': Is a directory" "$T/err"
ok $? "... naming the directory: $(head -1 "$T/err")"
"$A" scan -c "$T/conf-dir" --scanners "$okd" "$msg" >/dev/null 2>"$T/err"
is $? 75 "-c DIRECTORY at scan time: tempfail, not the defaults' clean"
grep -q "cannot read '$T/conf-dir'" "$T/err"; ok $? "... and the log names the directory"
"$A" explain -c "$T/conf-dir" --scanners "$okd" "$msg" >/dev/null 2>&1
is $? 78 "-c DIRECTORY: explain fails"
"$A" selftest -c "$T/conf-dir" --scanners "$okd" >/dev/null 2>&1
is $? 78 "-c DIRECTORY: selftest fails"
# /proc/self/mem opens as a regular file, and reading it at offset 0 fails
# with EIO, even for root: a read error after a successful open.
if [ -r /proc/self/mem ]; then
	"$A" check-config -c /proc/self/mem --scanners "$okd" >/dev/null 2>"$T/err"
	is $? 78 "a main file that fails to read: check-config fails"
	grep -q "cannot read '/proc/self/mem'" "$T/err"; ok $? "... naming the file: $(head -1 "$T/err")"
	"$A" scan -c /proc/self/mem --scanners "$okd" "$msg" >/dev/null 2>&1
	is $? 75 "a main file that fails to read, at scan time: tempfail"
	mkdir -p "$T/eio.d"
	cp "$okd/s.ini" "$T/eio.d/"
	ln -s /proc/self/mem "$T/eio.d/eio.ini"
	"$A" check-config -c "$T/base.conf" --scanners "$T/eio.d" >/dev/null 2>"$T/err"
	is $? 78 "a template that fails to read: check-config fails"
	grep -q "cannot read '$T/eio.d/eio.ini'" "$T/err"; ok $? "... naming the template: $(head -1 "$T/err")"
	"$A" scan -c "$T/base.conf" --scanners "$T/eio.d" "$msg" >/dev/null 2>&1
	is $? 75 "a template that fails to read, at scan time: tempfail"
else
	for w in check name scan tcheck tname tscan; do
		skip "read error $w" "no /proc/self/mem"
	done
fi
mkdir -p "$T/tdir.d/dir.ini"
cp "$okd/s.ini" "$T/tdir.d/"
"$A" check-config -c "$T/base.conf" --scanners "$T/tdir.d" >/dev/null 2>"$T/err"
is $? 78 "a template that is a directory: check-config fails"
grep -q "cannot read '$T/tdir.d/dir.ini': Is a directory" "$T/err"
ok $? "... naming it: $(head -1 "$T/err")"
"$A" scan -c "$T/base.conf" --scanners "$T/tdir.d" "$msg" >/dev/null 2>&1
is $? 75 "a template that is a directory, at scan time: tempfail"
# Mode 000: root reads it anyway, unless it runs without the capabilities
# that bypass file modes (setpriv drops them from the bounding set).
nocap=
if [ "$(id -u)" = 0 ]; then
	nocap="setpriv --bounding-set -dac_override,-dac_read_search"
	$nocap true 2>/dev/null || nocap=no
fi
if [ "$nocap" != no ]; then
	chmod 000 "$okd/s.ini"
	$nocap "$A" scan -c "$T/base.conf" "$msg" >/dev/null 2>"$T/err"
	is $? 75 "unreadable template: tempfail"
	grep -q "cannot open '$okd/s.ini'" "$T/err"; ok $? "... naming it: $(head -1 "$T/err")"
	chmod 644 "$okd/s.ini"
	cp "$T/base.conf" "$T/m000.conf"
	chmod 000 "$T/m000.conf"
	$nocap "$A" check-config -c "$T/m000.conf" >/dev/null 2>"$T/err"
	is $? 78 "unreadable main file: check-config fails"
	grep -q "cannot open '$T/m000.conf'" "$T/err"; ok $? "... naming it: $(head -1 "$T/err")"
else
	for w in scan name main main-name; do
		skip "unreadable $w" "root reads any file and setpriv cannot drop the capability"
	done
fi

# several errors: all of them listed
mkdir -p "$T/many.d"
printf '[scanner]\ncommand = rel {file}\ntimout = 1\n' >"$T/many.d/a.ini"
printf '[scanner]\ncommand = /bin/true {file}\nname_regex = (\n' >"$T/many.d/b.ini"
printf '[general]\nscanners_dir = %s/many.d\nrun_dir = %s/run\n' "$T" "$T" >"$T/many.conf"
"$A" check-config -c "$T/many.conf" >"$T/out" 2>"$T/err"
is "$(grep -c 'ini:' "$T/err")" 3 "every error is listed, not just the first"

# no enabled scanner: nothing would be checked, so tempfail
mkdir -p "$T/off.d"
printf '[scanner]\ncommand = /bin/true {file}\nenabled = no\n' >"$T/off.d/s.ini"
printf '[general]\nscanners_dir = %s/off.d\nrun_dir = %s/run\n' "$T" "$T" >"$T/off.conf"
"$A" scan -c "$T/off.conf" "$msg" >/dev/null 2>"$T/err"
is $? 75 "no enabled scanner: tempfail, never clean"
grep -q 'no enabled scanner' "$T/err"; ok $? "... and says so"

# a good configuration, and the templates shipped in scanners.d
"$A" check-config -c "$T/main.conf" >/dev/null 2>&1 || true
printf '[general]\nscanners_dir = %s/ok.d\nrun_dir = %s/run\n' "$T" "$T" >"$T/good.conf"
"$A" check-config -c "$T/good.conf" >"$T/out" 2>&1
is $? 0 "a good configuration passes"
if [ -d "$root/scanners.d" ] && ls "$root"/scanners.d/*.ini >/dev/null 2>&1; then
	printf '[general]\nscanners_dir = %s/scanners.d\nrun_dir = %s/run\n' "$root" "$T" >"$T/shipped.conf"
	"$A" check-config -c "$T/shipped.conf" >"$T/out" 2>&1
	is $? 0 "every template shipped in scanners.d/ passes check-config ($(grep -c 'abled ' "$T/out") templates)"
fi

# a template that says plainly "enabled = no" is not read at scan time (a
# disabled scanner cannot change a verdict), but check-config checks it;
# anything less plain than no/false/0/off is read, and an error tempfails
mkdir -p "$T/dis.d"
printf '[scanner]\ncommand = /bin/true {file}\nmode = file\n' >"$T/dis.d/good.ini"
printf '[scanner]\nenabled = no ; not yet\ncommand = relative {file}\ntimout = 3\n' >"$T/dis.d/broken.ini"
printf '[general]\nscanners_dir = %s/dis.d\nrun_dir = %s/run\n' "$T" "$T" >"$T/dis.conf"
"$A" scan -c "$T/dis.conf" "$msg" >/dev/null 2>"$T/err"
is $? 0 "a broken template with enabled = no does not hold up mail"
"$A" check-config -c "$T/dis.conf" >/dev/null 2>"$T/err"
is $? 78 "... but check-config reports it"
grep -q 'broken.ini:4: unknown key .timout.' "$T/err"; ok $? "... with file and line"
printf '[scanner]\nenabled = "nope"\ncommand = relative {file}\n' >"$T/dis.d/broken.ini"
"$A" scan -c "$T/dis.conf" "$msg" >/dev/null 2>"$T/err"
is $? 75 "enabled = nope is not plainly off: read, and its errors tempfail"
printf '[scanner]\nEnabled = Off\nenabled = yes\ncommand = relative {file}\n' >"$T/dis.d/broken.ini"
"$A" scan -c "$T/dis.conf" "$msg" >/dev/null 2>"$T/err"
is $? 75 "the last enabled = wins, as in iniparser"

# explain with a configuration: which scanner sees which part, and why not
mkdir -p "$T/ex.d"
printf '[scanner]\ncommand = /bin/true {file}\nmode = file\ntypes = application/zip\n' >"$T/ex.d/zips.ini"
printf '[scanner]\ncommand = /bin/true {file}\nmode = file\nmax_size = 50\n' >"$T/ex.d/small.ini"
printf '[scanner]\ncommand = /bin/true {dir}\nmode = directory\n' >"$T/ex.d/whole.ini"
printf '[scanner]\ncommand = /bin/true {file}\nmode = file\nenabled = no\n' >"$T/ex.d/off.ini"
printf '[general]\nscanners_dir = %s/ex.d\nrun_dir = %s/run\n' "$T" "$T" >"$T/ex.conf"
"$A" explain -c "$T/ex.conf" "$root/test-corpus/demo/statement.eml" >"$T/out" 2>&1
is $? 0 "explain -c exits 0"
grep -A3 'statement.zip' "$T/out" | grep -q 'scanned by zips' && ! grep -A3 'statement.zip' "$T/out" | grep -q '^ *scanned by.*small'
ok $? "explain: the zip (177 bytes) goes to the zip scanner, not to the one with max_size 50"
grep -A2 'part #2' "$T/out" | grep -q 'not scanned by.* zips (type)'; ok $? "explain: a text part is not for the zip scanner, and says why"
grep -q 'not scanned by small (too big)' "$T/out"; ok $? "explain: too big for max_size, and says so"
grep -q '^directory mode: whole' "$T/out"; ok $? "explain: directory-mode scanners are listed once"
! grep -q 'off' "$T/out"; ok $? "explain: a disabled scanner is not listed"
echo "1..$n"
