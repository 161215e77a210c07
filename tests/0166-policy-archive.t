#!/bin/bash
# 0166-policy-archive.t - the policy over names and types inside archives
# (issue 10): a member named invoice.pdf.exe and a PE named photo.jpg in
# a zip are banned, the rule named, as an attachment with the same name
# would be.  Archive members are extracted by the [archives] half of issue
# 10 (branch arch); until it is merged, attscan lists no member and this
# test skips, saying so.
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
A=${ATTSCAN:-$root/build/attscan}
F=$here/fake-scanner
T=$(mktemp -d /tmp/attscan-polarch.XXXXXX)
trap 'rm -rf "$T"' EXIT
# shellcheck source=tests/tap.sh
. "$here/tap.sh"
mkdir -p "$T/tmp" "$T/run"

# zipmsg NAME MEMBER KIND: a message with NAME.zip holding MEMBER (text or pe)
zipmsg() {
	python3 - "$T/$1.eml" "$2" "$3" "$here/policy-msgs" <<'PY'
import base64, io, sys, zipfile, importlib.machinery, importlib.util, types
out, member, kind, gen = sys.argv[1:]
data = b'harmless text\n'
if kind == 'pe':
    src = open(gen).read().split('\ndef main():')[0]
    m = types.ModuleType('pm'); exec(src, m.__dict__); data = m.pe()
b = io.BytesIO()
with zipfile.ZipFile(b, 'w') as z:
    z.writestr(member, data)
enc = base64.encodebytes(b.getvalue()).decode()
open(out, 'w').write('From: a@example.com\nTo: b@example.com\nSubject: zip\nMIME-Version: 1.0\n'
    'Content-Type: multipart/mixed; boundary=b\n\n--b\nContent-Type: text/plain\n\nsee attached\n'
    '--b\nContent-Type: application/zip\nContent-Disposition: attachment; filename="docs.zip"\n'
    'Content-Transfer-Encoding: base64\n\n' + enc + '--b--\n')
PY
}
zipmsg double invoice.pdf.exe text
zipmsg photo photo.jpg pe
"$A" extract -o "$T/x" "$T/double.eml" >/dev/null 2>&1
if ! grep -q '"archive-member"' "$T/x/manifest.json" 2>/dev/null; then
	echo "1..0 # SKIP this build lists no archive members (the [archives] part of issue 10, branch arch, is not merged yet)"
	exit 0
fi
printf '[scanner]\ncommand = %s clean {file}\nclean = 0\ninfected = 1\n' "$F" >"$T/s.ini"
mkdir -p "$T/sd" && mv "$T/s.ini" "$T/sd/clean.ini"
printf '[general]\nscanners_dir = %s/sd\nrun_dir = %s/run\n' "$T" "$T" >"$T/c.conf"
for c in double:double_extensions photo:banned_types; do
	"$A" scan -d -c "$T/c.conf" --tmpdir "$T/tmp" "$T/${c%%:*}.eml" 2>"$T/err"
	is $? 1 "${c%%:*}: a member of docs.zip is banned"
	grep -q "stage=policy source=policy .*name=\"${c#*:}\"" "$T/err"; ok $? "${c%%:*}: by the ${c#*:} rule"
done
echo "1..$n"
