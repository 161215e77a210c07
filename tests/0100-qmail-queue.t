#!/bin/bash
# 0100-qmail-queue.t - attscan in place of qmail-queue (issue 8): the
# message on fd 0, the envelope on fd 1 (qmail-queue(8): Fsender\0
# Trcpt\0...\0); clean mail, tagged, and the same envelope go to the real
# qmail-queue, whose exit code is the answer; 31 refuses for good, 71 for
# now, 91 is a bad envelope.  qmail is not packaged in Debian 12: the
# real qmail-queue is a stand-in script that records what it received
# on fds 0 and 1 and exits with a code the test chooses.  Verdicts come
# from YARA (a real scanner), faults from tests/fake-scanner.
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
A=${ATTSCAN:-$root/build/attscan}
T=$(mktemp -d /tmp/attscan-qmq.XXXXXX)
trap 'chmod -R u+rwx "$T"; rm -rf "$T"' EXIT
# shellcheck source=tests/tap.sh
. "$here/tap.sh"
mkdir -p "$T/run" "$T/tmp" "$T/y.d" "$T/bad.d" "$T/hang.d" "$T/q" "$T/out"
"$root/scripts/gen-eicar" "$T/msg"
CLEAN=$T/msg/clean-text.eml
EICAR=$T/msg/eicar-plain-body.eml

need_yara "qmail-queue" "$T/rules.yar" "$T/y.d/yara.ini"
printf '[scanner]\ncommand = /bin/false {dir}\nmode = directory\nclean = 0\ninfected = 99\nerror = 1-98\n' >"$T/bad.d/bad.ini"
printf '[scanner]\ncommand = %s hang {dir}\nmode = directory\nclean = 0\ninfected = 1\nerror = 2\n' \
    "$here/fake-scanner" >"$T/hang.d/hang.ini"
# The stand-in for the real qmail-queue: records fd 0 and fd 1.
cat >"$T/qq" <<EOF
#!/bin/sh
cat >"$T/out/msg"
cat 0<&1 >"$T/out/env"
echo ran >>"$T/out/calls"
exit "\$(cat "$T/out/code" 2>/dev/null || echo 0)"
EOF
chmod 0755 "$T/qq"
# conf NAME DIR [LINES...]: $T/NAME.conf using scanners DIR
conf() {
	local name=$1 dir=$2
	shift 2
	{ printf '[general]\nscanners_dir = %s\nrun_dir = %s/run\ndeadline = 60\nscratch_dir = %s/tmp\nqmail_queue = %s/qq\n' \
	    "$T/$dir" "$T" "$T" "$T"
	  for l in "$@"; do printf '%s\n' "$l"; done; } >"$T/$name.conf"
}
conf y y.d
conf bad bad.d
conf hang hang.d 'deadline = 2'
printf 'Fa@b.example\0Tr1@x.example\0Tr2@x.example\0\0' >"$T/env"
# qq CONF MESSAGE [ENVELOPE]: attscan qmail-queue, the code in $rc
qq() {
	rm -f "$T/out/msg" "$T/out/env" "$T/out/calls"
	"$A" qmail-queue -d -c "$T/$1.conf" <"$2" 1<"${3:-$T/env}" 2>"$T/err"
	rc=$?
}
ran() { [ -f "$T/out/calls" ] && echo yes || echo no; }

# --- clean: the real qmail-queue gets the tagged message, same envelope
qq y "$CLEAN"
is $rc 0 "clean: 0 (the stand-in's code)"
is "$(ran)" yes "... the real qmail-queue ran"
cmp -s "$T/env" "$T/out/env"; ok $? "... and got the envelope byte for byte"
{ printf 'X-Virus-Scanned: attscan 0.1.0 on %s\n' "$(hostname)"
  printf 'X-Virus-Status: Clean\n'; cat "$CLEAN"; } >"$T/want"
cmp -s "$T/want" "$T/out/msg"; ok $? "... and the message byte for byte, with the two header lines on top"
grep -q 'from=<a@b.example> to=r1@x.example,r2@x.example' "$T/err"
ok $? "the log line carries the envelope from fd 1"

# --- the answers
qq y "$EICAR"
is $rc 31 "EICAR: 31 (permanent refusal)"
is "$(ran)" no "... the real qmail-queue did not run"
qq bad "$CLEAN"
is $rc 71 "scanner broken: 71 (temporary refusal)"
is "$(ran)" no "... the real qmail-queue did not run"
qq hang "$CLEAN"
is $rc 71 "scanner hangs past the deadline: 71"
printf 'Fa@b\0Xr@x\0\0' >"$T/env-bad"
qq y "$CLEAN" "$T/env-bad"
is $rc 91 "malformed envelope (a field not T): 91, envelope format error"
is "$(ran)" no "... the real qmail-queue did not run"
grep -q 'envelope field 2 starts with 0x58, not T' "$T/err"; ok $? "... and the log says why"
printf 'Fa@b\0Tr@x\0' >"$T/env-short"
qq y "$CLEAN" "$T/env-short"
is $rc 91 "envelope without its final NUL: 91"
: >"$T/env-empty"
mkdir -p "$T/ns"
conf nt y.d 'notify = admin@example.org' "reinject_command = $here/fake-sendmail $T/ns -f {sender} -- {recipients}"
qq nt "$EICAR" "$T/env-empty"
is $rc 91 "no envelope at all: 91, even for EICAR"
[ -e "$T/ns/calls" ]; is $? 1 "... and no notice (nothing was decided)"
qq nt "$EICAR"
is "$rc $(cat "$T/ns/calls" 2>/dev/null)" "31 x" "EICAR with notify: 31, one notice"
conf small y.d 'max_envelope_bytes = 1K'
{ printf 'Fa@b\0'; for i in $(seq 200); do printf 'Tr%d@x.example\0' "$i"; done; printf '\0'; } >"$T/env-big"
qq small "$CLEAN" "$T/env-big"
is $rc 91 "envelope over max_envelope_bytes: 91"
qq y "$CLEAN" "$T/env-big"
is $rc 0 "... the same envelope under the default limit: 0"
cmp -s "$T/env-big" "$T/out/env"; ok $? "... passed on byte for byte"

# --- the real qmail-queue's own code passes through; failures are 71
echo 53 >"$T/out/code"
qq y "$CLEAN"
is $rc 53 "the real qmail-queue exits 53 (write error): 53 passed through"
rm -f "$T/out/code"
conf missing y.d "qmail_queue = $T/nonexistent"
sed -i "/^qmail_queue = .*qq\$/d" "$T/missing.conf"
qq missing "$CLEAN"
is $rc 71 "qmail_queue missing: 71"
grep -q "cannot run qmail_queue '$T/nonexistent'" "$T/err"; ok $? "... the log names it"
conf self y.d
sed -i "s|^qmail_queue = .*|qmail_queue = $A|" "$T/self.conf"
qq self "$CLEAN"
is $rc 71 "qmail_queue is attscan itself: 71, no loop"
printf '#!/bin/sh\nkill -9 $$\n' >"$T/qq-killed"
chmod 0755 "$T/qq-killed"
conf killed y.d
sed -i "s|^qmail_queue = .*|qmail_queue = $T/qq-killed|" "$T/killed.conf"
qq killed "$CLEAN"
is $rc 71 "the real qmail-queue killed by a signal: 71"

# --- called as qmail-queue (what qmail runs, with no argument)
ln -s "$A" "$T/qmail-queue"
rm -f "$T/out/calls"
"$T/qmail-queue" -c "$T/y.conf" <"$CLEAN" 1<"$T/env" 2>/dev/null
is $? 0 "a link named qmail-queue acts as attscan qmail-queue"
is "$(ran)" yes "... and the real qmail-queue ran"
"$A" qmail-queue -c "$T/y.conf" extra-operand <"$CLEAN" 1<"$T/env" 2>/dev/null
is $? 71 "an operand: usage error, 71"
"$A" scan -c "$T/y.conf" --profile qmail-queue "$CLEAN" 2>/dev/null
is $? 75 "scan --profile qmail-queue: refused (tempfail 75)"

# --- quarantine, tag with subject_tag and verdict_header
conf quar y.d "quarantine_dir = $T/q" '[actions]' 'infected = quarantine'
qq quar "$EICAR"
is $rc 0 "infected = quarantine: 0 (held, not bounced)"
is "$(ran)" no "... the real qmail-queue did not run"
id=$("$A" quarantine -c "$T/quar.conf" list 2>/dev/null | awk '{print $1}')
"$A" quarantine -c "$T/quar.conf" show "$id" 2>/dev/null | grep -q 'r2@x.example'
ok $? "... stored with the envelope from fd 1 (quarantine show $id)"
conf tag y.d 'verdict_header = X-Attscan-Verdict' 'subject_tag = [VIRUS]' '[actions]' 'infected = tag'
qq tag "$EICAR"
is $rc 0 "infected = tag: 0, passed on"
grep -q '^Subject: \[VIRUS\] ' "$T/out/msg"; ok $? "... Subject tagged"
grep -q '^X-Attscan-Verdict: infected (Attscan_Test_EICAR)$' "$T/out/msg"; ok $? "... verdict_header added"
echo "1..$n"
