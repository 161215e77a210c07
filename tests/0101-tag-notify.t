#!/bin/bash
# 0101-tag-notify.t - what tagging adds (issue 8): verdict_header in
# every mode (filter, reinjection; qmail-queue in 0100), forged copies
# removed; subject_tag on mail passed on with the tag action; notify, the
# administrator's notice through reinject_command (tests/fake-sendmail
# records argv and stdin), null sender, never to the message's sender;
# the new keys refused when wrong.  Verdicts from YARA.
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
A=${ATTSCAN:-$root/build/attscan}
T=$(mktemp -d /tmp/attscan-tagn.XXXXXX)
trap 'chmod -R u+rwx "$T"; rm -rf "$T"' EXIT
# shellcheck source=tests/tap.sh
. "$here/tap.sh"
mkdir -p "$T/run" "$T/tmp" "$T/y.d" "$T/fs" "$T/ns" "$T/q"
"$root/scripts/gen-eicar" "$T/msg"
CLEAN=$T/msg/clean-text.eml
EICAR=$T/msg/eicar-plain-body.eml
FS=$root/tests/fake-sendmail

need_yara "tagging and notify" "$T/rules.yar" "$T/y.d/yara.ini"
# conf NAME [LINES...]: $T/NAME.conf with YARA
conf() {
	local name=$1
	shift
	{ printf '[general]\nscanners_dir = %s/y.d\nrun_dir = %s/run\ndeadline = 60\nscratch_dir = %s/tmp\n' \
	    "$T" "$T" "$T"
	  for l in "$@"; do printf '%s\n' "$l"; done; } >"$T/$name.conf"
}
RE="reinject_command = $FS $T/fs -f {sender} -- {recipients}"
NRE="reinject_command = $FS $T/ns -f {sender} -- {recipients}"

# --- verdict_header: off by default; in filter and reinjection; forged dropped
"$A" scan -c /dev/null --scanners "$T/y.d" --tmpdir "$T/tmp" --filter - <"$CLEAN" >"$T/off.out" 2>/dev/null
grep -qi '^X-Attscan-Verdict' "$T/off.out"; is $? 1 "verdict_header is off by default"
conf vh 'verdict_header = X-Attscan-Verdict' "$RE"
printf 'X-Attscan-Verdict: clean\n  forged\nSubject: hi\n\nX-Attscan-Verdict: body\n' >"$T/forged.eml"
"$A" scan -c "$T/vh.conf" --filter - <"$T/forged.eml" >"$T/vh.out" 2>/dev/null
is $? 0 "--filter with verdict_header: 0"
{ printf 'X-Virus-Scanned: attscan 0.1.0 on %s\nX-Virus-Status: Clean\nX-Attscan-Verdict: clean\n' "$(hostname)"
  printf 'Subject: hi\n\nX-Attscan-Verdict: body\n'; } >"$T/vh.want"
cmp -s "$T/vh.want" "$T/vh.out"; ok $? "... added once, the forged one (and its continuation) dropped, the body kept"
"$A" scan -c "$T/vh.conf" --profile postfix --reinject -f s@x -- a@y <"$CLEAN" 2>/dev/null
is $? 0 "--reinject with verdict_header: 0"
sed -n 3p "$T/fs/stdin" | grep -qx 'X-Attscan-Verdict: clean'; ok $? "... the reinjected message carries it"
conf vhq 'verdict_header = X-Attscan-Verdict' "quarantine_dir = $T/q" '[actions]' 'infected = quarantine'
"$A" scan -c "$T/vhq.conf" --filter - <"$EICAR" >"$T/vhq.out" 2>/dev/null
grep -qx 'X-Attscan-Verdict: infected (Attscan_Test_EICAR)' "$T/vhq.out"
ok $? "--filter, quarantined: the notice carries the verdict header with the name"

# --- subject_tag: only with the tag action
conf st 'subject_tag = [VIRUS]' "$RE" '[actions]' 'infected = tag'
"$A" scan -c "$T/st.conf" --profile postfix --reinject -f s@x -- a@y <"$EICAR" 2>/dev/null
is $? 0 "infected = tag: passed on, 0"
grep -q '^Subject: \[VIRUS\] ' "$T/fs/stdin"; ok $? "... with the Subject prefixed"
grep -qx 'X-Virus-Status: Infected (Attscan_Test_EICAR)' "$T/fs/stdin"; ok $? "... and X-Virus-Status naming it"
"$A" scan -c "$T/st.conf" --profile postfix --reinject -f s@x -- a@y <"$CLEAN" 2>/dev/null
grep -q '\[VIRUS\]' "$T/fs/stdin"; is $? 1 "clean mail: Subject untouched"
conf sta 'subject_tag = [VIRUS]' "$RE" '[actions]' 'infected = accept'
"$A" scan -c "$T/sta.conf" --profile postfix --reinject -f s@x -- a@y <"$EICAR" 2>/dev/null
grep -q '\[VIRUS\]' "$T/fs/stdin"; is $? 1 "infected = accept: Subject untouched (tag only)"

# --- notify: the administrator, through reinject_command, null sender
conf nt 'notify = admin@example.org' "$NRE"
"$A" scan -c "$T/nt.conf" --id Q123 -f 'evil@sender.example' -- 'r@x.example' <"$EICAR" 2>/dev/null
is $? 1 "notify: the answer is unchanged (reject 1)"
printf -- '-f\n\n--\nadmin@example.org\n' | cmp -s - "$T/ns/argv"
ok $? "... notice sent with the null sender to the admin only ($(tr '\n' ' ' <"$T/ns/argv"))"
grep -q 'evil@sender' "$T/ns/argv"; is $? 1 "... never to the message's sender"
grep -qx 'Subject: attscan: infected message (Attscan_Test_EICAR): reject' "$T/ns/stdin" &&
    grep -qx 'Queue id: Q123' "$T/ns/stdin" && grep -qx 'Sender: evil@sender.example' "$T/ns/stdin" &&
    grep -qx 'To: admin@example.org' "$T/ns/stdin" && grep -qx 'Auto-Submitted: auto-generated' "$T/ns/stdin"
ok $? "... the notice names the verdict, action, queue id and envelope"
rm -f "$T/ns/calls"
"$A" scan -c "$T/nt.conf" -f s@x -- r@x <"$CLEAN" 2>/dev/null
[ -f "$T/ns/calls" ]; is $? 1 "clean mail: no notice"
mkdir -p "$T/bad.d"
printf '[scanner]\ncommand = /bin/false {dir}\nmode = directory\nclean = 0\ninfected = 99\nerror = 1-98\n' >"$T/bad.d/bad.ini"
conf ntbad 'notify = admin@example.org' "$NRE"
sed -i "s|^scanners_dir = .*|scanners_dir = $T/bad.d|" "$T/ntbad.conf"
"$A" scan -c "$T/ntbad.conf" -f s@x -- r@x <"$EICAR" 2>/dev/null
is "$? $([ -f "$T/ns/calls" ] && echo sent)" "75 " "tempfail: no notice (the MTA brings the message back)"
echo 1 >"$T/ns/exit"
"$A" scan -c "$T/nt.conf" -f s@x -- r@x <"$EICAR" 2>"$T/nt.err"
is $? 1 "a notice that fails: the answer is unchanged"
grep -q "cannot notify admin@example.org: reinject_command '$FS' failed: exit code 1" "$T/nt.err"; ok $? "... and it is logged"
rm -f "$T/ns/exit"
# shellcheck disable=SC2016 # EICAR has a '$'
printf 'From: a@b\nMessage-ID: <x\033[31m@y>\n\nX5O!P%%@AP[4\\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*\n' >"$T/esc.eml"
"$A" scan -c "$T/nt.conf" -f $'s\033@x' -- r@x <"$T/esc.eml" 2>/dev/null
grep -q $'\033' "$T/ns/stdin"; is $? 1 "no raw control byte from the message or the envelope in the notice"

# --- the new keys, refused when wrong
bad() {
	conf bad "$1"
	"$A" check-config -c "$T/bad.conf" >/dev/null 2>"$T/bad.err"
	is "$? $(grep -c "$2" "$T/bad.err")" "78 1" "check-config refuses '$1'"
}
bad 'verdict_header = X Bad' 'verdict_header must be a header field name'
bad 'verdict_header = X-Virus-Status' 'verdict_header must be'
bad 'notify = -oi' 'notify must be one address'
bad 'notify = a@b c@d' 'notify must be one address'
bad 'subject_tag = a'$'\x01' 'subject_tag must be printable'
bad 'scratch_mode = 0755' 'scratch_mode must be octal'
bad 'scratch_mode = 0770' 'scratch_mode must be octal'
bad 'scratch_mode = 750' 'scratch_mode must be octal'
bad 'scratch_mode = 0600' 'scratch_mode must be octal'
bad 'qmail_queue = qmail-queue' 'qmail_queue must be an absolute path'
bad 'max_envelope_bytes = 10' 'bad value for max_envelope_bytes'
conf good 'verdict_header = X-Scan' 'subject_tag = ***SPAM***' 'notify = root' 'scratch_mode = 0750' \
    'qmail_queue = /var/qmail/bin/qmail-queue.orig' 'max_envelope_bytes = 64K'
"$A" check-config -c "$T/good.conf" >/dev/null 2>&1
is $? 0 "check-config takes good values of every new key"
echo "1..$n"
