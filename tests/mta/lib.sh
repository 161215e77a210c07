# shellcheck shell=bash
# lib.sh - what the end-to-end tests share (sourced by tests/mta/*.t):
# a private test directory (0755: the MTAs' users must reach it) removed
# on exit, a private clamd with the offline test database, attscan
# configurations for each user an MTA runs it as, the test messages, and
# the reasons to skip.
#   mta_skip REASON        print the TAP plan "1..0 # SKIP REASON", exit
#   on_exit CMD            run CMD on exit (last registered first)
#   clamd_up / clamd_down  start / stop the private clamd ($T/clamd)
#   attscan_conf NAME USER [INI...]
#                          write $T/NAME.ini (scanners $T/scanners.d, run
#                          and scratch directories of USER), more lines
#                          appended; prints its path
#   scanner_add NAME INI   put a template into $T/scanners.d (scanner_del)
#   has_opt OPT            attscan's usage names --OPT
#   runs_as USER           USER can execute attscan
#   $A, $FAKE              the copies of attscan and tests/fake-scanner
#   mailcount DIR          number of messages in the Maildirs under DIR
#   postfix_skips          skip unless a private Postfix can run here
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
A=${ATTSCAN:-$root/build/attscan}
# shellcheck disable=SC2034  # used by the tests
DOM=attscan.test
# shellcheck source=tests/tap.sh
. "$root/tests/tap.sh"
T=$(mktemp -d /tmp/attscan-mta.XXXXXX)
chmod 755 "$T"
exit_cmds=""
on_exit() { exit_cmds="$1; $exit_cmds"; }
# MTA_KEEP=1 keeps $T (logs, Maildirs, queues) to look at
trap 'eval "$exit_cmds"; [ -n "${MTA_KEEP:-}" ] || rm -rf "$T"' EXIT

mta_skip() { echo "1..0 # SKIP $1"; exit 0; }

[ "$(id -u)" = 0 ] || mta_skip "not root (make check-mta runs as root)"
[ -x "$A" ] || mta_skip "no attscan at $A"
command -v swaks >/dev/null || mta_skip "no swaks (scripts/install-deps --mta)"
command -v clamd >/dev/null || mta_skip "no clamd"
for u in attscan-test-filter attscan-test-rcpt Debian-exim; do
	id "$u" >/dev/null 2>&1 ||
	    mta_skip "no user $u (scripts/install-deps --mta)"
done

# The MTAs' users run attscan, its magic file and the fault scanner from
# a copy in $T: the tree may sit where they cannot reach (a 0700 home)
mkdir -p "$T/bin"
cp "$A" "$T/bin/attscan"
[ -e "$(dirname "$A")/attscan.mgc" ] && cp "$(dirname "$A")/attscan.mgc" "$T/bin/"
cp "$root/tests/fake-scanner" "$T/bin/"
chmod -R a+rX "$T/bin"
A=$T/bin/attscan
# shellcheck disable=SC2034  # used by the tests
FAKE=$T/bin/fake-scanner

runs_as() { su -s /bin/sh "$1" -c "test -x '$A'" 2>/dev/null; }
has_opt() { "$A" --help 2>&1 | grep -q -- "--$1\\b"; }

clamd_up() { "$root/scripts/clamd-start" "$T/clamd" >/dev/null; }
clamd_down() { "$root/scripts/clamd-stop" "$T/clamd"; }
on_exit '"$root/scripts/clamd-stop" "$T/clamd"'

# the shipped clamd template, pointed at this attscan and this clamd
mkdir -p "$T/scanners.d"
chmod 755 "$T/scanners.d"
sed -e "s|/usr/local/bin/attscan |$A |" \
    -e "s|--socket [^ ]*|--socket $T/clamd/clamd.sock|" \
    "$root/scanners.d/clamd.ini" >"$T/scanners.d/clamd.ini"
scanner_add() { printf '%s\n' "$2" >"$T/scanners.d/$1.ini"; }
scanner_del() { rm -f "$T/scanners.d/$1.ini"; }

attscan_conf() {
	local name=$1 user=$2 mgc
	shift 2
	mkdir -p "$T/run-$name" "$T/scratch-$name"
	chown "$user:$(id -gn "$user")" "$T/run-$name" "$T/scratch-$name"
	mgc=$(dirname "$A")/attscan.mgc
	{
		printf '[general]\nscanners_dir = %s\nrun_dir = %s\n' \
		    "$T/scanners.d" "$T/run-$name"
		printf 'scratch_dir = %s\ndeadline = %s\n' \
		    "$T/scratch-$name" "${DEADLINE:-20}"
		[ -e "$mgc" ] && printf 'magic_file = %s\n' "$mgc"
		for l in "$@"; do printf '%s\n' "$l"; done
	} >"$T/$name.ini"
	chmod 644 "$T/$name.ini"
	echo "$T/$name.ini"
}

postfix_skips() {
	command -v postfix >/dev/null ||
	    mta_skip "Postfix is not installed (scripts/install-deps --mta)"
	[ -e /etc/postfix/main.cf ] || mta_skip "no /etc/postfix/main.cf"
	if ss -ltnH 'sport = :25' 2>/dev/null | grep -q .; then
		mta_skip "another MTA owns the machine: something listens on port 25"
	fi
	postfix status >/dev/null 2>&1 &&
	    mta_skip "another MTA owns the machine: the default Postfix is running"
	runs_as attscan-test-filter ||
	    mta_skip "user attscan-test-filter cannot execute $A"
}

mailcount() { find "$1" -path '*/Maildir/new/*' -type f | wc -l; }

# Test messages: scripts/gen-eicar's, and an EICAR zip behind a boundary
# other than the declared one (MIME sees one text part; ClamAV, reading
# the raw message, finds it)
mkdir -p "$T/msg"
"$root/scripts/gen-eicar" "$T/msg"
python3 - "$T/msg/eicar-zip-wrong-boundary.eml" <<'PY'
import base64, io, sys, zipfile
e = (b'X5O!P%@AP[4\\PZX54(P^)7CC)7}$' + b'EICAR-STANDARD-ANTIVIRUS-' +
     b'TEST-FILE!$H+H*')
z = io.BytesIO()
with zipfile.ZipFile(z, 'w', zipfile.ZIP_DEFLATED) as f:
    f.writestr('eicar.com', e)
m = (b'From: sender@attscan.test\nTo: rcpt@attscan.test\n'
     b'Subject: wrong boundary\nMIME-Version: 1.0\n'
     b'Content-Type: multipart/mixed; boundary="declared"\n\n'
     b'--actual\nContent-Type: text/plain\n\nsee attached\n'
     b'--actual\nContent-Type: application/zip; name="e.zip"\n'
     b'Content-Transfer-Encoding: base64\n\n' +
     base64.encodebytes(z.getvalue()) + b'--actual--\n')
open(sys.argv[1], 'wb').write(m)
d = sys.argv[1].rsplit('/', 1)[0] + '/'
h = b'From: sender@attscan.test\nTo: rcpt@attscan.test\nSubject: malformed\n'
mp = b'MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary="zz"\n\n'
z = io.BytesIO()
with zipfile.ZipFile(z, 'w', zipfile.ZIP_DEFLATED) as f:
    f.writestr('report.txt', b'quarterly figures, nothing else\n' * 40)
for name, body in {
    # the rig's malformed cases: all clean, all to be delivered
    'malformed-unterminated': h + mp + b'--zz\nContent-Type: text/plain\n\n'
        b'hello\n--zz\nContent-Transfer-Encoding: base64\n\nSGVsbG8gd29ybG\n',
    'malformed-header': h + b'A header line without a colon\nX-8bit: \xe9t\xe9\n'
        b'X-Long: ' + b'x' * 1500 + b'\n\nbody\n',
    'malformed-no-boundary': h + b'MIME-Version: 1.0\n'
        b'Content-Type: multipart/mixed\n\nno boundary at all\n',
    'malformed-bad-cte': h + b'Content-Transfer-Encoding: x-unknown\n\nbody\n',
    'clean-zip': h + mp + b'--zz\nContent-Type: text/plain\n\nsee zip\n--zz\n'
        b'Content-Type: application/zip; name="r.zip"\n'
        b'Content-Transfer-Encoding: base64\n\n' +
        base64.encodebytes(z.getvalue()) + b'--zz--\n',
}.items():
    open(d + name + '.eml', 'wb').write(body)
PY
chmod -R a+rX "$T/msg"
