#!/bin/bash
# 0143-archive-encrypted.t - password-protected archives are detected
# without a password: a ZipCrypto zip, an AES zip, a 7z with encrypted
# data and one with encrypted headers each give an "encrypted" finding on
# the archive (unchecked: tempfail with the default on_limit, quarantine
# when [actions] says so); a zip with one encrypted member among plain ones
# still has the plain members scanned.  (rar: no writer in Debian main.)
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
A=${ATTSCAN:-$root/build/attscan}
T=$(mktemp -d /tmp/attscan-enc.XXXXXX)
trap 'rm -rf "$T"' EXIT
# shellcheck source=tests/tap.sh
. "$here/tap.sh"
mkdir -p "$T/d" "$T/run" "$T/w" "$T/q"
yara_template "$T/rules.yar" "$T/d/yara.ini" file
printf '[general]\nscanners_dir = %s/d\nrun_dir = %s/run\n' "$T" "$T" >"$T/a.conf"
cd "$T/w" || exit 1
"$here/mkmsg" eicar-file eicar.com
echo "nothing to see" >plain.txt

# enc NAME TEXT COMMAND...: NAME built by COMMAND gives "encrypted"
enc() {
	local name=$1 text=$2
	shift 2
	"$@" >/dev/null 2>&1 || { ok 1 "build $name: $*"; return; }
	attach_scan "$T/a.conf" "$name"
	is $? 75 "$text: unchecked, tempfail"
	is "$(archive_findings)" "encrypted:unchecked:0002.ATT" "$text: an encrypted finding on the archive"
	python3 -c 'import json, sys
assert not [p for p in json.load(open(sys.argv[1]))["parts"] if p["kind"] == "archive-member"]' "$T/r.json"
	ok $? "$text: nothing read out of it"
}
enc zc.zip "ZipCrypto zip" zip -q -P secret zc.zip eicar.com
enc aes.zip "AES-256 zip" 7z a -tzip -mem=AES256 -psecret aes.zip eicar.com
enc p.7z "7z, encrypted data" 7z a -psecret p.7z eicar.com
enc ph.7z "7z, encrypted headers" 7z a -psecret -mhe=on ph.7z eicar.com

# One encrypted member among plain ones: the plain ones are still read.
zip -q mixed.zip plain.txt && zip -q -P secret mixed.zip eicar.com
attach_scan "$T/a.conf" mixed.zip
is $? 75 "zip with one encrypted member: unchecked"
python3 - "$T/r.json" <<'PY'; ok $? "zip with one encrypted member: the plain member is listed and scanned"
import json, sys
r = json.load(open(sys.argv[1]))
m = [p for p in r["parts"] if p["kind"] == "archive-member"]
assert [p["archive_path"] for p in m] == ["mixed.zip/plain.txt"], m
assert any(x["target"] == m[0]["file"] and x["outcome"] == "clean" for x in r["runs"])
assert [f["name"] for f in r["findings"]] == ["encrypted"], r["findings"]
PY

# [actions] unchecked = quarantine: the encrypted message is quarantined.
printf '[general]\nscanners_dir = %s/d\nrun_dir = %s/run\nquarantine_dir = %s/q\n[actions]\nunchecked = quarantine\n' \
    "$T" "$T" "$T" >"$T/q.conf"
attach_scan "$T/q.conf" zc.zip
rc=$?
[ "$rc" = 1 ] && [ -n "$(find "$T/q" -type f)" ]
ok $? "unchecked = quarantine: answered 1 (generic profile) and stored (got $rc)"
echo "1..$n"
