#!/bin/bash
# 0065-rundir.t - run_dir and its slot files (issue #6, item 6): made 2770
# whatever the umask, usable by another user of its group, refused when
# others may write it; a slot file that is a FIFO, a link or of another
# group is refused at once (tempfail), never waited on.
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
A=${ATTSCAN:-$root/build/attscan}
F=$here/fake-scanner
T=$(mktemp -d /tmp/attscan-rundir.XXXXXX)
trap 'rm -rf "$T"' EXIT
# shellcheck source=tests/tap.sh
. "$here/tap.sh"
mkdir -p "$T/sd" "$T/tmp"
msg=$root/test-corpus/cases/empty.eml
printf '[scanner]\ncommand = %s clean {file}\nmode = file\nmax_concurrent = 2\ntimeout = 10\n' \
    "$F" >"$T/sd/fake.ini"

# scan RUN_DIR : one scan with run_dir RUN_DIR (deadline 10 s); status in
# $st, time in $ms, log in $T/err
scan() {
	printf '[general]\nscanners_dir = %s/sd\nrun_dir = %s\ndeadline = 10\n' \
	    "$T" "$1" >"$T/c.ini"
	local start
	start=$(date +%s%N)
	"$A" scan -c "$T/c.ini" --tmpdir "$T/tmp" "$msg" >/dev/null 2>"$T/err"
	st=$?
	ms=$((($(date +%s%N) - start) / 1000000))
}

# --- a fresh run_dir, made under umask 077 as an MTA runs us
(umask 077; scan "$T/run1"; exit $st); is $? 0 "a fresh run_dir: clean"
is "$(stat -c %a "$T/run1")" 2770 "it is made mode 2770 whatever the umask"
is "$(stat -c %a "$T/run1/fake.0.slot" 2>/dev/null || stat -c %a "$T/run1/fake.1.slot")" \
    640 "slot files are 0640"

# --- another user of run_dir's group can use it (issue: tempfail forever)
if [ "$(id -u)" = 0 ] && command -v setpriv >/dev/null; then
	g=$(stat -c %g "$T/run1")
	mkdir "$T/tmp2"
	chgrp "$g" "$T" "$T/tmp2"
	chmod 0750 "$T"
	chmod 0770 "$T/tmp2"
	printf '[general]\nscanners_dir = %s/sd\nrun_dir = %s/run1\ndeadline = 10\n' \
	    "$T" "$T" >"$T/u.ini"
	rm -f "$T/run1"/*.slot
	setpriv --reuid=65534 --regid="$g" --clear-groups "$A" scan -c "$T/u.ini" \
	    --tmpdir "$T/tmp2" "$msg" >/dev/null 2>"$T/err"
	is $? 0 "another user in run_dir's group (uid 65534) scans clean"
	[ "$(stat -c %g "$T/run1/fake.0.slot" 2>/dev/null || stat -c %g "$T/run1/fake.1.slot")" = "$g" ]
	ok $? "its slot file is in run_dir's group"
	chmod 0700 "$T"
else
	skip "another user in run_dir's group scans clean" "needs root and setpriv"
	skip "its slot file is in run_dir's group" "needs root and setpriv"
fi

# --- a run_dir made by the admin with mkdir -p (0755) is accepted
mkdir -m 0755 "$T/run2"
scan "$T/run2"; is "$st" 0 "an existing 0755 run_dir: clean"

# --- a run_dir others may write: refused
mkdir "$T/run3"; chmod 1777 "$T/run3"
scan "$T/run3"; is "$st" 75 "a run_dir with mode 1777: tempfail"
grep -q "run_dir '$T/run3' is writable by others" "$T/err"; ok $? "the log says why"
[ -z "$(ls "$T/run3")" ]; ok $? "... and no slot file was made there"

# --- a run_dir that is a symbolic link: refused
ln -s "$T/run2" "$T/run4"
scan "$T/run4"; is "$st" 75 "a run_dir that is a symbolic link: tempfail"
grep -q "run_dir '$T/run4' is not a directory" "$T/err"; ok $? "the log says why"

# --- FIFOs planted as slot files: refused at once, not a hang
mkdir "$T/run5"
mkfifo "$T/run5/fake.0.slot" "$T/run5/fake.1.slot"
scan "$T/run5"; is "$st" 75 "FIFO slot files: tempfail"
[ "$ms" -lt 8000 ]; ok $? "... at once, not at the deadline ($ms ms)"
grep -q "slot file '$T/run5/fake\.[01]\.slot' is not a regular file.*fifo" "$T/err"
ok $? "the log says why"

# --- symbolic links planted as slot files: refused, target untouched
mkdir "$T/run6"
ln -s "$T/elsewhere0" "$T/run6/fake.0.slot"
ln -s "$T/elsewhere1" "$T/run6/fake.1.slot"
scan "$T/run6"; is "$st" 75 "symbolic-link slot files: tempfail"
grep -q "slot file '$T/run6/fake\.[01]\.slot' is a symbolic link" "$T/err"
ok $? "the log says why"
[ ! -e "$T/elsewhere0" ] && [ ! -e "$T/elsewhere1" ]; ok $? "no file made at the links' targets"

# --- slot files of another group: refused
if [ "$(id -u)" = 0 ]; then
	mkdir "$T/run7"
	touch "$T/run7/fake.0.slot" "$T/run7/fake.1.slot"
	chgrp 65534 "$T/run7/fake.0.slot" "$T/run7/fake.1.slot"
	scan "$T/run7"; is "$st" 75 "slot files of another group: tempfail"
	grep -q "slot file '$T/run7/fake\.[01]\.slot' is not a regular file of run_dir's group" "$T/err"
	ok $? "the log says why"
else
	skip "slot files of another group: tempfail" "needs root (chgrp)"
	skip "the log says why" "needs root (chgrp)"
fi
echo "1..$n"
