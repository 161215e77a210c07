#!/bin/bash
# 0141-archive-bombs.t - archive bombs are stopped while they stream: a
# nested zip bomb (zips of 16 zips, 5 levels, 10 TiB), a single member of
# ratio about 1000, David Fifield's overlapping zip (250 entries on one
# 10 MiB kernel; 100 on one of 512 KiB, for the archive's ratio), an xz
# stream declaring a 1.5 GiB dictionary, a 7z whose coder does (seen in its
# header) and one whose compressed header's coder does (left to
# RLIMIT_AS): each is unchecked (tempfail with the default on_limit) with
# a finding naming the limit, and the bytes the scanners were given stay
# under max_archive_bytes (measured by a directory-mode stand-in that runs
# du on the parts; time and memory are bench/unpack's business).
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
A=${ATTSCAN:-$root/build/attscan}
T=$(mktemp -d /tmp/attscan-bomb.XXXXXX)
trap 'rm -rf "$T"' EXIT
# shellcheck source=tests/tap.sh
. "$here/tap.sh"
mkdir -p "$T/d" "$T/run" "$T/w"
# The stand-in: the bytes in the parts directory, whatever they hold.
printf '#!/bin/sh\ndu -sb --apparent-size "$1" | cut -f1 >"%s/du"\n' "$T" >"$T/du.sh"
chmod +x "$T/du.sh"
printf '[scanner]\ncommand = %s/du.sh {dir}\nmode = directory\nclean = 0\n' "$T" >"$T/d/du.ini"
LIMIT=$((8 << 20))
printf '[general]\nscanners_dir = %s/d\nrun_dir = %s/run\n[archives]\nmax_archive_bytes = 8M\n' \
    "$T" "$T" >"$T/a.conf"
cd "$T/w" || exit 1

# bomb KIND NAME RULE TEXT: the archive gives rule RULE, bytes under LIMIT
bomb() {
	local kind=$1 name=$2 rule=$3
	"$here/mkbomb" "$kind" "$name" "$T/w" || { ok 1 "build $kind"; return; }
	rm -f "$T/du"
	attach_scan "$T/a.conf" "$name"
	is $? 75 "$4: unchecked, answered tempfail (on_limit)"
	is "$(archive_findings | cut -d: -f1-2)" "$rule:unchecked" "$4: finding names $rule"
	[ -s "$T/du" ] && [ "$(cat "$T/du")" -le $((LIMIT + 65536)) ]
	ok $? "$4: parts directory $(cat "$T/du" 2>/dev/null) bytes, under max_archive_bytes + the message's own"
}
bomb nested n.zip max_member_ratio "nested zip bomb (10 TiB)"
bomb flat f.zip max_member_ratio "one member of ratio 1000"
bomb overlap o.zip max_member_ratio "overlapping-entries zip (250 entries, 2.6 GB)"
bomb overlapsmall o.zip max_archive_ratio "overlapping zip of small members (50 MB)"
bomb xzdict d.xz max_archive_memory "xz declaring a 1.5 GiB dictionary"
if [ -n "${ATTSCAN_SANITIZE:-}" ]; then
	# ASan reserves its address space up front: RLIMIT_AS cannot bite.
	for w in answer finding bytes; do
		skip "7z header declaring a 1.5 GiB dictionary: $w" "sanitizer build ($ATTSCAN_SANITIZE)"
	done
else
	bomb 7zhdr h.7z max_archive_memory "7z header declaring a 1.5 GiB dictionary (RLIMIT_AS)"
fi
bomb 7zdict d.7z max_archive_memory "7z declaring a 1.5 GiB dictionary (its header)"

# The byte budget itself: members of ordinary ratio, more than it allows.
head -c $((6 << 20)) /dev/urandom >r1.bin
cp r1.bin r2.bin && printf x >>r2.bin
zip -q -0 big.zip r1.bin r2.bin
rm -f "$T/du"
attach_scan "$T/a.conf" big.zip
is $? 75 "12 MiB of members with an 8 MiB budget: unchecked"
is "$(archive_findings | cut -d: -f1-2)" "max_archive_bytes:unchecked" "byte budget: max_archive_bytes finding"
python3 - "$T/r.json" "$LIMIT" <<'PY'; ok $? "byte budget: members written up to the budget and no further"
import json, sys
r = json.load(open(sys.argv[1]))
sizes = sum(p["size"] for p in r["parts"] if p["kind"] == "archive-member")
assert sizes == int(sys.argv[2]), sizes
PY

# Ratios count only past 1 MiB, and ordinary text is far below them.
seq 1 200000 >text.txt
zip -q text.zip text.txt
attach_scan "$T/a.conf" text.zip
is $? 0 "a zip of 1.2 MB of text (ratio about 4): clean"
echo "1..$n"
