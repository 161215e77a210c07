#!/bin/bash
# 0098-scratch-group.t - scanners that run as another user (issue #8):
# clamd as an unprivileged user ("User nobody") cannot read attscan's
# private scratch directory (0700) when clamdscan hands it paths, so such
# a scan is an error (tempfail, never clean); with scratch_group (the
# scanner's group) the directories are 0750 and the parts 0440 of that
# group while scanners run, and the scan finds EICAR; attscan clamd
# passes file descriptors and needs neither.  Needs root (clamd drops to
# another user; attscan gives files to a group it is not in) and clamd,
# clamdscan, user nobody and group nogroup; skipped otherwise.
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
A=${ATTSCAN:-$root/build/attscan}
T=$(mktemp -d /tmp/attscan-group.XXXXXX)
trap '"$root/scripts/clamd-stop" "$T/clamd" 2>/dev/null; rm -rf "$T"' EXIT
# shellcheck source=tests/tap.sh
. "$here/tap.sh"
have() { command -v "$1" >/dev/null 2>&1; }
# Everything the unprivileged clamd opens by path must be reachable.
chmod 0755 "$T"
mkdir -m 0755 "$T/tmp" "$T/run"
"$root/scripts/gen-eicar" "$T/msg"

# config NAME COMMAND [GENERAL-LINE]: one clamd template in directory mode
config() {
	mkdir -p "$T/$1.d"
	printf '[scanner]\ncommand = %s\nmode = directory\nclean = 0\ninfected = 1\nerror = 2-255\nname_regex = %s\n' \
	    "$2" "'^.*?: (.+) FOUND\$'" >"$T/$1.d/clamd.ini"
	printf '[general]\nscanners_dir = %s\nrun_dir = %s/run\n%s\n' \
	    "$T/$1.d" "$T" "${3:-}" >"$T/$1.conf"
}
scan() {
	"$A" scan -c "$T/$1.conf" --tmpdir "$T/tmp" --report "$T/$1.json" \
	    "$T/msg/$2" 2>"$T/$1.err"
}

why=
if [ "$(id -u)" != 0 ]; then
	why="not root"
elif ! have clamd || ! have clamdscan; then
	why="clamd/clamdscan are not installed"
elif ! getent passwd nobody >/dev/null || ! getent group nogroup >/dev/null; then
	why="no user nobody or group nogroup"
elif ! "$root/scripts/clamd-start" "$T/clamd" >/dev/null 2>&1 ||
    ! "$root/scripts/clamd-stop" "$T/clamd"; then
	why="clamd did not start"
else
	# The same clamd again, as user nobody.
	echo "User nobody" >>"$T/clamd/clamd.conf"
	chown -R nobody:nogroup "$T/clamd"
	rm -f "$T/clamd/clamd.sock" "$T/clamd/clamd.pid"
	clamd --config-file="$T/clamd/clamd.conf"
	for _ in $(seq 100); do
		[ -S "$T/clamd/clamd.sock" ] && [ -s "$T/clamd/clamd.pid" ] &&
		    clamdscan --config-file="$T/clamd/clamd.conf" --ping 1 >/dev/null 2>&1 && break
		sleep 0.1
	done
	pid=$(cat "$T/clamd/clamd.pid" 2>/dev/null)
	[ -n "$pid" ] && [ "$(ps -o user= -p "$pid")" = nobody ] ||
	    why="clamd did not start as user nobody"
fi
if [ -n "$why" ]; then
	for w in private other-user group-infected group-clean group-modes fdpass \
	    mode-0700 mode-0700-why mode-0710 mode-own-group; do
		skip "$w" "$why"
	done
	echo "1..$n"
	exit 0
fi

cds="/usr/bin/clamdscan --config-file=$T/clamd/clamd.conf --no-summary {dir} {message}"
config private "$cds"
scan private eicar-zip.eml; is $? 75 "clamd as nobody, private scratch (0700): tempfail, never clean"
grep -q 'Permission denied\|Access denied\|lstat() failed' "$T/private.json"
ok $? "... the report says clamd could not read it"

config group "$cds" "scratch_group = nogroup"
scan group eicar-zip.eml; is $? 1 "scratch_group = nogroup: clamd as nobody finds EICAR in a zip"
scan group clean-text.eml; is $? 0 "... and a clean message is clean"
# shellcheck disable=SC2016 # the script expands them
printf '#!/bin/sh\nstat -c "%%a %%G %%n" "$(dirname "$1")" "$1" "$1"/* "$2"\n' >"$T/modes.sh"
chmod 0755 "$T/modes.sh"
# modes NAME WANT...: the modes and groups modes.sh saw in NAME's report
# (scratch, parts/, each file), as "MODE GROUP" words, in any order
modes() {
	python3 - "$T/$1.json" "${@:2}" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
out = r["runs"][0]["output"].split("\n")
got = [" ".join(l.split()[:2]) for l in out if l]
sys.exit(0 if sorted(got) == sorted(sys.argv[2:]) else print(got) or 1)
PY
}
config modes "$T/modes.sh {dir} {message}" "scratch_group = nogroup"
scan modes clean-text.eml
modes modes "750 nogroup" "550 nogroup" "440 nogroup" "440 nogroup"
ok $? "while scanners run: scratch 0750, parts 0550, files 0440, all group nogroup"

# scratch_mode (issue #8): the mode is the administrator's choice.
config m700 "$cds" "scratch_group = nogroup
scratch_mode = 0700"
scan m700 eicar-zip.eml; is $? 75 "scratch_group with scratch_mode = 0700: clamd as nobody cannot read: tempfail"
grep -q 'Permission denied\|Access denied\|lstat() failed' "$T/m700.json"
ok $? "... the report says clamd could not read it"
config m710 "$T/modes.sh {dir} {message}" "scratch_group = nogroup
scratch_mode = 0710"
scan m710 clean-text.eml
modes m710 "710 nogroup" "510 nogroup" "440 nogroup" "440 nogroup"
ok $? "scratch_mode = 0710: scratch 0710, parts 0510, files 0440 of the group"
# Without scratch_group, 0750 opens the parts to attscan's own group.
config mown "$T/modes.sh {dir} {message}" "scratch_mode = 0750"
scan mown clean-text.eml
g=$(id -gn)
modes mown "750 $g" "550 $g" "440 $g" "440 $g"
ok $? "scratch_mode = 0750 without scratch_group: attscan's own group, 0750/0550/0440"

config own "$A clamd --socket $T/clamd/clamd.sock {dir} {message}"
scan own eicar-zip.eml; is $? 1 "attscan clamd (file descriptors) needs no scratch_group"

echo "1..$n"
