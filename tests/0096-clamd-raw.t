#!/bin/bash
# 0096-clamd-raw.t - the shipped clamd template gives clamd the raw message
# as well as the parts (issue #8): an EICAR zip behind a wrong boundary,
# which attscan's parser keeps as one raw text part, is found as ClamAV
# alone finds it.  Against a private clamd (scripts/clamd-start).
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
A=${ATTSCAN:-$root/build/attscan}
T=$(mktemp -d /tmp/attscan-clamdraw.XXXXXX)
trap '"$root/scripts/clamd-stop" "$T/clamd"; rm -rf "$T"' EXIT
# shellcheck source=tests/tap.sh
. "$here/tap.sh"
mkdir -p "$T/tmp" "$T/run"
have() { command -v "$1" >/dev/null 2>&1; }

# The EICAR string is assembled here, as scripts/gen-eicar does.
python3 - "$T/wrong-boundary.eml" <<'PY'
import base64, io, sys, zipfile
e = (b'X5O!P%@AP[4\\PZX54(P^)7CC)7}$' + b'EICAR-STANDARD-ANTIVIRUS-' +
     b'TEST-FILE!$H+H*')
z = io.BytesIO()
with zipfile.ZipFile(z, 'w') as f:
    f.writestr('eicar.com', e)
open(sys.argv[1], 'wb').write(
    b'From: a@example.com\nTo: b@example.org\nSubject: t\n'
    b'MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary="right"\n\n'
    b'--wrong\nContent-Type: text/plain\n\nhello\n--wrong\n'
    b'Content-Type: application/zip; name="e.zip"\n'
    b'Content-Transfer-Encoding: base64\n'
    b'Content-Disposition: attachment; filename="e.zip"\n\n' +
    base64.encodebytes(z.getvalue()) + b'--wrong--\n')
PY
printf 'From: a@example.com\nSubject: clean\n\nhello\n' >"$T/clean.eml"

# shipped NAME SED: scanners.d/clamd.ini pointed at this build and clamd
shipped() {
	mkdir -p "$T/$1.d"
	sed -e "s#^command *= */usr/local/bin/attscan #command = $A #" \
	    -e "s#--socket /run/clamav/clamd.ctl#--socket $T/clamd/clamd.sock#" \
	    -e "$2" "$root/scanners.d/clamd.ini" >"$T/$1.d/clamd.ini"
	printf '[general]\nscanners_dir = %s\nrun_dir = %s/run\n' \
	    "$T/$1.d" "$T" >"$T/$1.conf"
}

if have clamd && "$root/scripts/clamd-start" "$T/clamd" >/dev/null 2>&1; then
	shipped new ''
	shipped old 's# {message}$##'
	grep -q '^command .* {dir} {message}$' "$T/new.d/clamd.ini"
	ok $? "the shipped template names {dir} and {message}"
	"$A" scan -c "$T/new.conf" --tmpdir "$T/tmp" --report "$T/new.json" \
	    "$T/wrong-boundary.eml" 2>/dev/null
	is $? 1 "wrong-boundary EICAR zip, shipped template: infected"
	python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); print(r["finding"]["name"])' \
	    "$T/new.json" | grep -q EICAR
	ok $? "... named by clamd"
	"$A" scan -c "$T/old.conf" --tmpdir "$T/tmp" "$T/wrong-boundary.eml" 2>/dev/null
	is $? 0 "... the parts alone ({dir}, the template before): delivered"
	"$A" scan -c "$T/new.conf" --tmpdir "$T/tmp" "$T/clean.eml" 2>/dev/null
	is $? 0 "clean message, shipped template: clean"
	is "$(ls -A "$T/tmp")" "" "nothing left in the scratch base"
else
	for w in template infected named before clean scratch; do
		skip "$w" "clamd is not installed or did not start"
	done
fi

echo "1..$n"
