#!/bin/bash
# 0140-archives.t - archive members are unpacked (libarchive, into
# attscan's own NNNN.ATT files) and scanned: EICAR in a zip in a tar.gz in
# a 7z is found by YARA in file mode, which cannot unpack anything, and
# the trace names it x.7z/y.tar.gz/z.zip/eicar.com; every listed format
# and lone compressed stream gives its member (attscan extract's
# manifest); a truncated archive is marked and its raw bytes still
# scanned.  Archives are made here with zip, 7z, tar, cpio, ar, gcab,
# xorriso and the compressors.
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
A=${ATTSCAN:-$root/build/attscan}
T=$(mktemp -d /tmp/attscan-arch.XXXXXX)
trap 'rm -rf "$T"' EXIT
# shellcheck source=tests/tap.sh
. "$here/tap.sh"
mkdir -p "$T/d" "$T/run" "$T/w"
yara_template "$T/rules.yar" "$T/d/yara.ini" file
printf '[general]\nscanners_dir = %s/d\nrun_dir = %s/run\n' "$T" "$T" >"$T/a.conf"
cd "$T/w" || exit 1
"$here/mkmsg" eicar-file eicar.com
EICAR_SHA=$(sha256sum eicar.com | cut -d' ' -f1)

# --- nested: 7z > tar.gz > zip > eicar.com, YARA in file mode
zip -q z.zip eicar.com && tar czf y.tar.gz z.zip && 7z a -bd -bso0 x.7z y.tar.gz
"$here/mkmsg" "$T/nested.eml" x.7z
"$A" scan -c "$T/a.conf" --report "$T/r.json" "$T/nested.eml" 2>"$T/err"
is $? 1 "EICAR in zip in tar.gz in 7z: infected"
python3 - "$T/r.json" <<'PY'; ok $? "trace: the finding's entry is x.7z/y.tar.gz/z.zip/eicar.com, members have parent, type, size, sha256"
import json, sys
r = json.load(open(sys.argv[1]))
parts = {p["file"]: p for p in r["parts"]}
m = [p for p in r["parts"] if p.get("archive_path") == "x.7z/y.tar.gz/z.zip/eicar.com"]
assert len(m) == 1 and m[0]["kind"] == "archive-member", r["parts"]
m = m[0]
assert parts[parts[parts[m["file"]] and "%04d.ATT" % m["parent"]]["file"]]["archive_path"] == "x.7z/y.tar.gz/z.zip"
assert m["size"] == 68 and m["filename"] == "eicar.com" and m["magic_type"]
hit = [f for f in r["findings"] if f["entry"] == m["file"] and f["category"] == "infected"]
assert hit and hit[0]["source"] == "yara", r["findings"]
PY

# --- every format: attscan extract lists EICAR as a member of each
fmt() {	# NAME COMMAND...: build NAME from eicar.com with COMMAND
	local name=$1
	shift
	rm -f "$name"
	"$@" >/dev/null 2>&1 || { skip "format $name" "cannot build it: $*"; return; }
	rm -rf "$T/x"
	"$here/mkmsg" "$T/f.eml" "$name" && "$A" extract -o "$T/x" "$T/f.eml" 2>"$T/err"
	python3 - "$T/x/manifest.json" "$EICAR_SHA" "$name" <<'PY'
import json, sys
m = json.load(open(sys.argv[1]))
hits = [p for p in m["parts"] if p["kind"] == "archive-member" and p["sha256"] == sys.argv[2]]
assert hits and hits[0]["archive_path"].startswith(sys.argv[3] + "/"), m["parts"]
PY
	ok $? "format $name: EICAR listed as its member"
}
fmt a.zip zip -q a.zip eicar.com
fmt a.7z 7z a -bd a.7z eicar.com
fmt a.tar tar cf a.tar eicar.com
fmt a.tar.gz tar czf a.tar.gz eicar.com
fmt a.tar.bz2 tar cjf a.tar.bz2 eicar.com
fmt a.tar.xz tar cJf a.tar.xz eicar.com
fmt a.tar.lzma tar --lzma -cf a.tar.lzma eicar.com
fmt a.tar.zst tar --zstd -cf a.tar.zst eicar.com
fmt a.tar.lz4 sh -c 'tar cf - eicar.com | lz4 -q > a.tar.lz4'
fmt a.cpio sh -c 'echo eicar.com | cpio -o -H newc > a.cpio'
fmt a.a ar q a.a eicar.com
fmt a.cab gcab -c a.cab eicar.com
fmt a.iso xorriso -as mkisofs -quiet -o a.iso eicar.com
# No writer for these is packaged in Debian 12 (main): read-only formats.
skip "format xar" "no xar writer packaged in Debian 12"
skip "format rar, rar5" "no rar writer in Debian 12 main (rar is non-free)"
skip "format lha" "no lha writer packaged in Debian 12 (lhasa only reads)"
fmt eicar.com.gz sh -c 'gzip -c eicar.com > eicar.com.gz'
fmt eicar.com.bz2 sh -c 'bzip2 -c eicar.com > eicar.com.bz2'
fmt eicar.com.xz sh -c 'xz -c eicar.com > eicar.com.xz'
fmt eicar.com.zst sh -c 'zstd -q -c eicar.com > eicar.com.zst'
python3 - "$T/x/manifest.json" <<'PY'; ok $? "a lone compressed stream: the member is named after it (eicar.com.zst/eicar.com)"
import json, sys
m = json.load(open(sys.argv[1]))
assert [p["archive_path"] for p in m["parts"] if p["kind"] == "archive-member"] == ["eicar.com.zst/eicar.com"], m
PY

# --- truncated: marked corrupt, the archive's own bytes still scanned
printf 'some text that does not compress away %s\n' $(seq 1 400) >pad.txt
zip -q -0 t.zip eicar.com pad.txt
head -c $(($(stat -c %s t.zip) - 700)) t.zip >trunc.zip
attach_scan "$T/a.conf" trunc.zip
is $? 1 "truncated zip holding EICAR: infected (its raw bytes were scanned)"
is "$(archive_findings)" "corrupt:unchecked:0002.ATT" "truncated zip: a corrupt finding on the archive, unchecked"

# --- a part that only looks like an archive: nothing found, no finding
printf 'PK\003\004 is how a zip starts, but this is text\n' >fake.txt
attach_scan "$T/a.conf" fake.txt
rc=$?
is "$rc $(archive_findings | cut -d: -f2-)" "75 unchecked:0002.ATT" "a text part starting with a zip signature: an archive finding (fail closed)"
echo "1..$n"
