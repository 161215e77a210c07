#!/bin/bash
# 0144-archive-views.t - the template keys archives = both|top|members and
# file_names = att|type: which entries a scanner sees (archives, their
# members, both) and under which names (NNNN.ATT, or the true type's
# extension); a directory-mode scanner gets a view directory of hard links
# per combination, and a scanner that removes a link in its view is still
# caught changing what it was given.
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
A=${ATTSCAN:-$root/build/attscan}
T=$(mktemp -d /tmp/attscan-views.XXXXXX)
trap 'rm -rf "$T"' EXIT
# shellcheck source=tests/tap.sh
. "$here/tap.sh"
mkdir -p "$T/run" "$T/w"
cd "$T/w" || exit 1
"$here/mkmsg" eicar-file eicar.com
zip -q z.zip eicar.com && tar czf y.tar.gz z.zip && 7z a -bd -bso0 x.7z y.tar.gz
"$here/mkmsg" "$T/m.eml" x.7z

# conf NAME MODE KEYS...: a YARA template with extra keys
conf() {
	local name=$1 mode=$2
	shift 2
	mkdir -p "$T/$name.d"
	yara_template "$T/rules.yar" "$T/$name.d/yara.ini" "$mode"
	for kv in "$@"; do echo "$kv" >>"$T/$name.d/yara.ini"; done
	printf '[general]\nscanners_dir = %s/%s.d\nrun_dir = %s/run\n' "$T" "$name" "$T" >"$T/$name.conf"
	policy_off "$T/$name.conf"	# eicar.com is a banned name: the views decide here
}
# targets REPORT: "TARGET:OUTCOME" of each run, and the argv's last word
runs() {
	python3 -c '
import json, sys
r = json.load(open(sys.argv[1]))
print(" ".join("%s:%s:%s" % (x["target"], x["outcome"], x["argv"][-1].split("/")[-1] if x["argv"] else "-") for x in r["runs"]))' "$1"
}

conf top file "archives = top"
"$A" scan -c "$T/top.conf" --report "$T/r.json" "$T/m.eml" 2>/dev/null
rc=$?
is "$rc $(runs "$T/r.json")" "0 0001.ATT:clean:0001.ATT 0002.ATT:clean:0002.ATT 0003.ATT:skipped:- 0004.ATT:skipped:- 0005.ATT:skipped:-" \
    "archives = top: the message's own parts only (YARA cannot see into the 7z)"
python3 - "$T/r.json" <<'PY'; ok $? "archives = top: the members are skipped with the reason archives"
import json, sys
r = json.load(open(sys.argv[1]))
assert all("archives" in x["reason"] for x in r["runs"][2:]), r["runs"]
PY

conf mem file "archives = members"
"$A" scan -c "$T/mem.conf" --report "$T/r.json" "$T/m.eml" 2>/dev/null
rc=$?
is "$rc $(runs "$T/r.json")" "1 0001.ATT:clean:0001.ATT 0002.ATT:skipped:- 0003.ATT:skipped:- 0004.ATT:skipped:- 0005.ATT:infected:0005.ATT" \
    "archives = members: what is not an archive unpacked whole"

conf both file
"$A" scan -c "$T/both.conf" --report "$T/r.json" "$T/m.eml" 2>/dev/null
is "$? $(runs "$T/r.json" | wc -w)" "1 5" "archives = both (the default): every entry"

conf ftype file "file_names = type"
"$A" scan -c "$T/ftype.conf" --report "$T/r.json" "$T/m.eml" 2>/dev/null
is "$? $(runs "$T/r.json")" "1 0001.ATT:clean:0001.txt 0002.ATT:clean:0002.7z 0003.ATT:clean:0003.gz 0004.ATT:infected:0004.zip 0005.ATT:infected:0005.txt" \
    "file_names = type, file mode: each part under its type's extension"

conf dmt directory "archives = members" "file_names = type"
"$A" scan -c "$T/dmt.conf" --report "$T/r.json" "$T/m.eml" 2>/dev/null
rc=$?
python3 - "$T/r.json" <<'PY'; ok $? "directory mode, members + type: {dir} is views/members-type, YARA names 0005.txt there"
import json, sys
r = json.load(open(sys.argv[1]))
x = r["runs"][0]
assert x["argv"][-1].endswith("/views/members-type"), x["argv"]
assert x["outcome"] == "infected" and [h["file"] for h in x["hits"]] == ["0005.txt"], x
PY
is "$rc" 1 "directory mode, members + type: infected"

conf dtop directory "archives = top"
"$A" scan -c "$T/dtop.conf" --report "$T/r.json" "$T/m.eml" 2>/dev/null
is "$? $(runs "$T/r.json" | cut -d: -f3)" "0 top-att" "directory mode, top: a view of the two parts, nothing found"

# A scanner that removes a link from its view: caught, as in parts/.
mkdir -p "$T/rm.d"
printf '#!/bin/sh\nrm -f "$1"/0001.ATT 2>/dev/null; chmod u+w "$1"; rm -f "$1"/0001.ATT\n' >"$T/rm.sh"
chmod +x "$T/rm.sh"
printf '[scanner]\ncommand = %s/rm.sh {dir}\nmode = directory\nclean = 0\narchives = top\n' "$T" >"$T/rm.d/rm.ini"
printf '[general]\nscanners_dir = %s/rm.d\nrun_dir = %s/run\n' "$T" "$T" >"$T/rm.conf"
policy_off "$T/rm.conf"
"$A" scan -c "$T/rm.conf" --report "$T/r.json" "$T/m.eml" 2>/dev/null
rc=$?
python3 - "$T/r.json" <<'PY'; ok $? "a link removed from a view: the part is seen changed, infected (got $rc)"
import json, sys
r = json.load(open(sys.argv[1]))
assert r["verdict"] == "infected" and r["findings"][0]["stage"] in ("changed", "recheck"), r["findings"]
PY

# check-config refuses what the keys cannot hold
conf bad file "archives = inner" "file_names = ext"
"$A" check-config -c "$T/bad.conf" >"$T/out" 2>&1
rc=$?
grep -q "archives must be both, top or members, not 'inner'" "$T/out" &&
    grep -q "file_names must be att or type, not 'ext'" "$T/out"
ok $? "check-config: bad archives and file_names named with their line (exit $rc)"
[ "$rc" != 0 ]; ok $? "check-config: fails on them"

# The shipped ClamAV templates say archives = top.
bad=0
for f in clamd clamd-tcp clamdscan clamdscan-tcp clamscan; do
	grep -qE '^archives *= *top' "$root/scanners.d/$f.ini" || bad=$((bad + 1))
done
ok "$bad" "the shipped ClamAV templates say archives = top"
echo "1..$n"
