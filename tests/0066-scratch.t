#!/bin/bash
# 0066-scratch.t - removing scratch directories (issue #6, items 7 and 8):
# trees of any depth a scanner leaves go, at the end of the run and in the
# stale sweep, and what cannot go is logged; the sweep takes only scan's
# own directories, never the output of "attscan extract".
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
A=${ATTSCAN:-$root/build/attscan}
F=$here/fake-scanner
T=$(mktemp -d /tmp/attscan-scratch-t.XXXXXX)
trap '[ -n "$KEEP" ] || rm -rf "$T"' EXIT
# shellcheck source=tests/tap.sh
. "$here/tap.sh"
mkdir -p "$T/sd" "$T/run"
msg=$root/test-corpus/cases/empty.eml
printf '[general]\nscanners_dir = %s/sd\nrun_dir = %s/run\ndeadline = 30\n' "$T" "$T" >"$T/c.ini"
# scanner ARGS : the stand-in scanner in file mode
scanner() {
	printf '[scanner]\ncommand = %s %s {file}\nmode = file\ntimeout = 20\n' \
	    "$F" "$1" >"$T/sd/fake.ini"
}
# deadpid : the pid of a process that has ended
deadpid() { sh -c 'echo $$'; }
# depth DIR : how deep the deepest directory below DIR is
depth() { find "$1" -type d -printf '%d\n' 2>/dev/null | sort -n | tail -1; }

# --- a scanner leaves a tree 50 levels deep in its TMPDIR
mkdir "$T/b1"
scanner "deeptree 50"
"$A" scan -c "$T/c.ini" --tmpdir "$T/b1" "$msg" >/dev/null 2>"$T/err"
is $? 0 "a scanner that leaves a 50-deep tree in TMPDIR: clean"
is "$(ls -A "$T/b1" | wc -l)" 0 "no scratch directory is left in the base"

# --- the same kept (--keep), then swept by the next run as a dead run's
mkdir "$T/b2"
"$A" scan -c "$T/c.ini" --keep --tmpdir "$T/b2" "$msg" >/dev/null 2>"$T/err"
kept=$(ls -d "$T/b2"/* 2>/dev/null)
[ -n "$kept" ] && [ "$(depth "$kept")" -ge 50 ]; ok $? "--keep leaves the scratch directory, 50 deep"
scanner clean
"$A" scan -d -c "$T/c.ini" --tmpdir "$T/b2" "$msg" >/dev/null 2>"$T/err"
is $? 0 "the next run: clean"
[ -n "$kept" ] && [ ! -e "$kept" ]; ok $? "the stale sweep removed the 50-deep leftover"
grep -q "removed stale scratch directory '$kept'" "$T/err"; ok $? "and logged it"

# --- what the sweep cannot remove is logged, on every run
if [ "$(id -u)" = 0 ] && command -v setpriv >/dev/null; then
	mkdir -m 0770 "$T/b3"
	chgrp 65534 "$T/b3"
	chmod 0750 "$T"; chgrp 65534 "$T"
	mkdir -m 2770 "$T/run3"; chgrp 65534 "$T/run3"
	sed "s|$T/run|$T/run3|" "$T/c.ini" >"$T/c3.ini"
	d=$(deadpid)
	s="$T/b3/attscan-scratch.$d.abcdef"
	scanner clean
	mkdir -p "$s/x/y" "$s/z/z"
	: >"$s/.attscan-scratch"; : >"$s/x/y/f"; : >"$s/z/z/f"
	chown -R 65534:65534 "$s"
	chown 0:0 "$s/x/y"	# root's, 0755: nobody may not empty it
	for i in 1 2; do
		setpriv --reuid=65534 --regid=65534 --clear-groups "$A" scan -c "$T/c3.ini" \
		    --tmpdir "$T/b3" "$msg" >/dev/null 2>"$T/err.$i"
		echo $? >"$T/st.$i"
	done
	is "$(cat "$T/st.1") $(cat "$T/st.2")" "0 0" "a leftover that cannot go does not stop the scan"
	grep -q "cannot remove stale scratch directory '$s': '[fy]' stayed: Permission denied" "$T/err.1"
	ok $? "the sweep logs what stayed"
	grep -q "cannot remove stale scratch directory '$s'" "$T/err.2"
	ok $? "... on the next run again"
	[ -e "$s/x/y/f" ] && [ -e "$s/.attscan-scratch" ] && [ ! -e "$s/z" ]
	ok $? "the rest of it went; the marker stays for the next try"
	chmod 0700 "$T"
else
	for i in 1 2 3 4; do skip "a leftover that cannot go is logged ($i)" "needs root and setpriv"; done
fi

# --- extract without -o: its output is the user's, never swept
mkdir "$T/b4"
out=$("$A" extract --tmpdir "$T/b4" "$msg" 2>"$T/err")
is $? 0 "attscan extract without -o"
[ -n "$out" ] && [ -f "$out/manifest.json" ]; ok $? "it printed its output directory ($out)"
scanner clean
"$A" scan -c "$T/c.ini" --tmpdir "$T/b4" "$msg" >/dev/null 2>"$T/err"
is $? 0 "a scan on the same base: clean"
[ -n "$out" ] && [ -f "$out/manifest.json" ]; ok $? "extract's output survives the sweep (its pid is dead)"

# --- the sweep needs scan's name and the marker
d=$(deadpid)
mkdir -p "$T/b5/attscan-scratch.$d.nomark1/sub" "$T/b5/attscan-scratch.$d.nomark2"
: >"$T/b5/attscan-scratch.$d.nomark1/sub/keep"
mkdir -p "$T/b5/attscan-scratch.$d.marked/sub"
: >"$T/b5/attscan-scratch.$d.marked/.attscan-scratch"
"$A" scan -c "$T/c.ini" --tmpdir "$T/b5" "$msg" >/dev/null 2>"$T/err"
is $? 0 "a scan over leftovers: clean"
[ -f "$T/b5/attscan-scratch.$d.nomark1/sub/keep" ]; ok $? "scan's name without the marker, not empty: kept"
[ ! -e "$T/b5/attscan-scratch.$d.nomark2" ]; ok $? "scan's name without the marker, empty: removed"
[ ! -e "$T/b5/attscan-scratch.$d.marked" ]; ok $? "scan's name with the marker: removed"
echo "1..$n"
