#!/bin/bash
# 0045-stdin-offset.t - "attscan scan -" with stdin a regular file whose
# offset is not 0 (an MTA may hand over its spool file past an envelope):
# the message starts where stdin stands, and the second reading of
# ambiguous MIME must read the same bytes as the first (issue #6, item 2).
# The EICAR string is in the alternative reading only: the raw body of a
# part whose "base64" is garbage.
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
A=${ATTSCAN:-$root/build/attscan}
T=$(mktemp -d /tmp/attscan-offset.XXXXXX)
trap 'rm -rf "$T"' EXIT
# shellcheck source=tests/tap.sh
. "$here/tap.sh"
have() { command -v "$1" >/dev/null 2>&1; }

# The EICAR string is assembled here, as scripts/gen-eicar does, so that
# no file of this project holds it.  prefixed.eml is 100 junk bytes, then
# the same message.
python3 - "$T" <<'PY'
import sys
d = sys.argv[1]
eicar = (b'X5O!P%@AP[4\\PZX54(P^)7CC)7}$' + b'EICAR-STANDARD-ANTIVIRUS-' +
         b'TEST-FILE!$H+H*')
m = (b'From: sender@example.com\nTo: rcpt@example.org\nSubject: offset\n'
     b'MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary="x"\n\n'
     b'--x\nContent-Type: text/plain\n\nhello\n'
     b'--x\nContent-Type: application/octet-stream; name="a.bin"\n'
     b'Content-Transfer-Encoding: base64\n\n' + eicar + b'\n--x--\n')
open(d + '/alt.eml', 'wb').write(m)
open(d + '/prefixed.eml', 'wb').write(b'J' * 99 + b'\n' + m)
PY

# at100 COMMAND... : run COMMAND with stdin prefixed.eml at offset 100
at100() {
	python3 -c 'import os; os.lseek(0, 100, os.SEEK_SET)' &&
	    "$@"
} <"$T/prefixed.eml"

at100 python3 -c 'import os; print(os.lseek(0, 0, os.SEEK_CUR))' >"$T/pos"
is "$(cat "$T/pos")" 100 "stdin really stands at offset 100 when attscan starts"

# --- extract: no scanner needed, the manifests must be the same
"$A" extract -o "$T/by-path" "$T/alt.eml" >/dev/null 2>&1
at100 "$A" extract -o "$T/by-stdin" - >/dev/null 2>&1
is $? 0 "extract - from offset 100"
grep -q '"kind":"alternative"' "$T/by-path/manifest.json"
ok $? "the message has an alternative reading"
cmp -s "$T/by-path/manifest.json" "$T/by-stdin/manifest.json"
ok $? "same manifest (sizes, sha256 of the message and every entry) by path and from stdin at offset 100"
if ! cmp -s "$T/by-path/0003.ATT" "$T/by-stdin/0003.ATT"; then
	echo "# alternative by path:   $(od -c "$T/by-path/0003.ATT" | head -2 | tr '\n' ' ')"
	echo "# alternative from stdin: $(od -c "$T/by-stdin/0003.ATT" | head -2 | tr '\n' ' ')"
fi

# --- scan with YARA, as 0040-scan.t runs it: 1 every way
if have yara; then
	mkdir -p "$T/yara.d" "$T/run"
	printf '[general]\nscanners_dir = %s\nrun_dir = %s/run\ndeadline = 60\n' \
	    "$T/yara.d" "$T" >"$T/yara.conf"
	yara_template "$T/rules.yar" "$T/yara.d/yara.ini"
	"$A" scan -c "$T/yara.conf" "$T/alt.eml" 2>/dev/null
	is $? 1 "scan by path: infected"
	"$A" scan -c "$T/yara.conf" - 2>/dev/null <"$T/alt.eml"
	is $? 1 "scan -, stdin the file at offset 0: infected"
	cat "$T/alt.eml" | "$A" scan -c "$T/yara.conf" - 2>/dev/null
	is $? 1 "scan -, stdin a pipe: infected"
	at100 "$A" scan -c "$T/yara.conf" - 2>/dev/null
	is $? 1 "scan -, stdin the file at offset 100: infected"
else
	for w in path offset-0 pipe offset-100; do
		skip "scan $w" "yara is not installed (scripts/install-deps installs it)"
	done
fi

echo "1..$n"
