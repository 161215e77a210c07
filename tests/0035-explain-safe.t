#!/bin/bash
# 0035-explain-safe.t - attscan explain shows every string taken from the
# message escaped: an ESC (or any other control) in a header field never
# reaches the administrator's terminal raw (explain.h; issue #6, item 10).
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
A=${ATTSCAN:-$root/build/attscan}
T=$(mktemp -d /tmp/attscan-explain.XXXXXX)
trap 'rm -rf "$T"' EXIT
# shellcheck source=tests/tap.sh
. "$here/tap.sh"

# One message with an ESC sequence in every header field explain prints:
# a container's name, a type, a declared type that is not a type, an
# encoding, a disposition, names (quoted, RFC 2047, RFC 2231, uuencode),
# a charset, a part of an attached message and an alternative reading.
python3 - "$T/esc.eml" <<'PY'
import sys
E = b'\x1b'
m = (b'From: a@example.com\nMIME-Version: 1.0\n'
     b'Content-Type: multipart/mixed; boundary="b"; name="cont' + E + b'[31mainer"\n\n'
     b'--b\n'
     b'Content-Type: appli' + E + b'[2Jcation/x-' + E + b'evil; name="n' + E +
     b']0;title\x07.txt"; charset="utf' + E + b'8"\n'
     b'Content-Disposition: attach' + E + b'[31mment; filename="f' + E +
     b'[1mile\x01\x7f.txt"\n'
     b'Content-Transfer-Encoding: base' + E + b'[0m64\n\n'
     b'hello\n'
     b'--b\n'
     b'Content-Type: bogus' + E + b'[41m\n'
     b'Content-Disposition: in' + E + b'[5mline; filename="=?utf-8?q?q=1B[7m.txt?="\n\n'
     b'declared type is not a type\n'
     b'--b\n'
     b'Content-Type: application/octet-stream\n'
     b'Content-Disposition: attachment' + E + b'[8m; filename*=utf-8\'\'r%1B%5B33m.bin\n\n'
     b'x\n'
     b'--b\n'
     b'Content-Type: text/plain\n\n'
     b'begin 644 uu' + E + b'[32m.txt\n#86)C\n`\nend\n'
     b'--b\n'
     b'Content-Type: application/octet-stream; name="alt' + E + b'[35m.bin"\n'
     b'Content-Disposition: at' + E + b'[36mtachment\n'
     b'Content-Transfer-Encoding: base64\n\n'
     b'!!!! not base64 at all !!!!\n'
     b'--b\n'
     b'Content-Type: message/rfc822\n\n'
     b'Content-Type: multipart/mixed; boundary="c"; name="inner' + E + b'[34m"\n\n'
     b'--c\n'
     b'Content-Type: text/plain; name="in' + E + b'[33mner.txt"\n'
     b'Content-Disposition: inline' + E + b'x; filename="i' + E + b'.txt"\n\nhi\n'
     b'--c--\n'
     b'--b--\n')
open(sys.argv[1], 'wb').write(m)
PY

"$A" explain "$T/esc.eml" >"$T/out" 2>"$T/err"
is $? 0 "explain exits 0"
# What the test expects to see, escaped: each field at least once.
for want in 'cont\x1b[31mainer' 'appli\x1b[2' 'base\x1b[0m64' \
    'disposition attach\x1b[31mment' 'f\x1b[1mile\x01\x7f.txt' \
    'bogus\x1b[41m' 'q\x1b[7m.txt' 'r\x1b[33m.bin' 'uu\x1b[32m.txt' \
    'alt\x1b[35m.bin' 'inner\x1b[34m' 'i\x1b.txt'; do
	grep -qF -- "$want" "$T/out"
	ok $? "shown escaped: $want"
done
for want in 'disposition in\x1b[5mline' 'disposition attachment\x1b[8m' \
    'disposition at\x1b[36mtachment' 'disposition inline\x1bx'; do
	grep -qF -- "$want" "$T/out"
	ok $? "disposition shown escaped: $want"
done
# Nothing raw: no C0 control but the newline, no DEL, no C1 control
# (U+0080..U+009F in UTF-8, or a lone byte 0x80..0x9F).
python3 - "$T/out" "$T/err" <<'PY'
import re, sys
bad = 0
for f in sys.argv[1:]:
    b = open(f, 'rb').read()
    for m in re.finditer(rb'[\x00-\x09\x0b-\x1f\x7f]|\xc2[\x80-\x9f]', b):
        line = b[:m.start()].count(b'\n') + 1
        print('# %s line %d: raw byte %r' % (f, line, m.group()))
        bad = 1
    try:
        b.decode('utf-8')
    except UnicodeDecodeError as e:
        print('# %s: not UTF-8: %s' % (f, e))
        bad = 1
sys.exit(bad)
PY
ok $? "no raw control byte in explain's output or its log"
if grep -q 'alternative' "$T/out" && grep -q 'uuencode' "$T/out" &&
    grep -q '^ *6\.1 part' "$T/out"; then
	ok 0 "the message has an alternative, a uuencode block and an attached message's part"
else
	ok 1 "the message has an alternative, a uuencode block and an attached message's part"
	sed 's/^/# /' "$T/out"
fi

echo "1..$n"
