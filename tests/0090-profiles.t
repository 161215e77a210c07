#!/bin/bash
# 0090-profiles.t - the answer path (issue 8): the envelope (-f, --,
# $SENDER), [actions], the MTA profiles, reinjection through a stand-in
# sendmail, header tagging, --filter and the quarantine.  Verdicts come
# from YARA (the cheapest real scanner), faults from tests/fake-scanner.
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
A=${ATTSCAN:-$root/build/attscan}
T=$(mktemp -d /tmp/attscan-prof.XXXXXX)
trap 'chmod -R u+rwx "$T"; rm -rf "$T"' EXIT
# shellcheck source=tests/tap.sh
. "$here/tap.sh"
mkdir -p "$T/run" "$T/tmp" "$T/y.d" "$T/bad.d"
"$root/scripts/gen-eicar" "$T/msg"
CLEAN=$T/msg/clean-text.eml
EICAR=$T/msg/eicar-plain-body.eml

need_yara "profiles" "$T/rules.yar" "$T/y.d/yara.ini"
cat >"$T/bad.d/bad.ini" <<EOF
[scanner]
command = /bin/false {dir}
mode = directory
clean = 0
infected = 99
error = 1-98
EOF
# conf NAME DIR [LINES...] : $T/NAME.conf using scanners DIR, more lines
conf() {
	local name=$1 dir=$2
	shift 2
	{ printf '[general]\nscanners_dir = %s\nrun_dir = %s/run\ndeadline = 60\nscratch_dir = %s/tmp\n' \
	    "$T/$dir" "$T" "$T"
	  for l in "$@"; do printf '%s\n' "$l"; done; } >"$T/$name.conf"
}
conf y y.d
conf bad bad.d

# --- 1. the envelope: -f SENDER -- RCPT..., $SENDER, MESSAGE|- as before
"$A" scan -c "$T/y.conf" "$CLEAN" 2>/dev/null
is $? 0 "MESSAGE still works: clean 0"
"$A" scan -c "$T/y.conf" - <"$EICAR" 2>/dev/null
is $? 1 "- still works: infected 1"
"$A" scan -c "$T/y.conf" --report "$T/r1.json" -f 'a@b.example' -- r1@x.example r2@x.example <"$CLEAN" 2>/dev/null
is $? 0 "-f SENDER -- RCPT...: the message from stdin, clean 0"
python3 - "$T/r1.json" <<'PY'; ok $? "report: the envelope object"
import json, sys
r = json.load(open(sys.argv[1]))
assert r["envelope"] == {"sender": "a@b.example", "recipients": ["r1@x.example", "r2@x.example"]}, r["envelope"]
PY
"$A" scan -c "$T/y.conf" --report "$T/r2.json" -f '' -- r@x.example <"$EICAR" 2>/dev/null
is $? 1 "-f '' --: infected 1"
SENDER=env@s.example "$A" scan -c "$T/y.conf" --report "$T/r3.json" -- r@x.example <"$CLEAN" 2>/dev/null
python3 - "$T/r2.json" "$T/r3.json" <<'PY'; ok $? "report: the null sender is \"\", \$SENDER without -f"
import json, sys
assert json.load(open(sys.argv[1]))["envelope"]["sender"] == ""
assert json.load(open(sys.argv[2]))["envelope"]["sender"] == "env@s.example"
PY
"$A" scan -c "$T/y.conf" --report "$T/r4.json" "$CLEAN" 2>/dev/null
python3 - "$T/r4.json" <<'PY'; ok $? "report: a file with no envelope: sender null, no recipients"
import json, sys
assert json.load(open(sys.argv[1]))["envelope"] == {"sender": None, "recipients": []}
PY
"$A" scan -c "$T/y.conf" -f a@b -- <"$CLEAN" 2>/dev/null
is $? 75 "-- with no recipient: tempfail (usage)"
"$A" scan -c "$T/y.conf" -f -- -- r@x.example <"$CLEAN" 2>/dev/null
is $? 0 "-f -- --: '--' as the sender's value is not the separator"

# --- 2. [actions]: defaults keep 0/1/75; on_error/on_limit are aliases
"$A" scan -c "$T/bad.conf" "$CLEAN" 2>/dev/null
is $? 75 "default actions: a scanner error is tempfail 75"
conf acc y.d '[actions]' 'infected = accept'
"$A" scan -c "$T/acc.conf" "$EICAR" 2>/dev/null
is $? 0 "[actions] infected = accept: 0"
conf onerr bad.d '[actions]' 'tempfail = accept'
"$A" scan -c "$T/onerr.conf" "$CLEAN" 2>/dev/null
is $? 0 "[actions] tempfail = accept works as on_error = accept"
conf both y.d 'on_error = accept' '[actions]' 'tempfail = tempfail'
"$A" check-config -c "$T/both.conf" >/dev/null 2>"$T/both.err"
is $? 78 "on_error and [actions] tempfail both set: configuration error"
grep -q "both.conf:8: .*on_error" "$T/both.err"
ok $? "the error names FILE:LINE ($(head -1 "$T/both.err"))"
conf both2 y.d 'on_limit = accept' '[actions]' 'unchecked = reject'
"$A" check-config -c "$T/both2.conf" >/dev/null 2>&1
is $? 78 "on_limit and [actions] unchecked both set: configuration error"
conf tfq y.d "quarantine_dir = $T/q" '[actions]' 'tempfail = quarantine'
"$A" check-config -c "$T/tfq.conf" >/dev/null 2>&1
is $? 78 "[actions] tempfail = quarantine refused (tempfail or accept only)"
conf noq y.d '[actions]' 'infected = quarantine'
"$A" check-config -c "$T/noq.conf" >/dev/null 2>&1
is $? 78 "quarantine without quarantine_dir refused"
conf badw y.d '[actions]' 'infected = bounce'
"$A" check-config -c "$T/badw.conf" >/dev/null 2>&1
is $? 78 "an unknown action refused"
"$A" scan -c "$T/badw.conf" "$CLEAN" 2>/dev/null
is $? 75 "scan with a bad [actions]: tempfail"
out=$("$A" check-config -c "$T/y.conf" 2>/dev/null | grep '^actions:')
is "$out" "actions: infected=reject banned=reject spam=reject ambiguous=reject unchecked=tempfail tempfail=tempfail" "check-config prints the default actions"
mkdir -p "$T/q"
conf qd y.d "quarantine_dir = $T/q"
out=$("$A" check-config -c "$T/qd.conf" 2>/dev/null | grep '^actions:')
case $out in *unchecked=quarantine*) r=0 ;; *) r=1 ;; esac
ok $r "with quarantine_dir, unchecked defaults to quarantine ($out)"

# --- 3. profiles
# prof NAME FILE WANT_CODE WANT_STDOUT LABEL [more args]
prof() {
	local name=$1 f=$2 want=$3 wout=$4 label=$5 got out
	shift 5
	out=$("$A" scan -c "$T/y.conf" --profile "$name" "$@" "$f" 2>/dev/null)
	got=$?
	[ "$got" = "$want" ] && [ "$out" = "$wout" ]
	ok $? "$label (exit $got, stdout '$out')"
}
prof generic "$CLEAN" 0 "" "generic: clean 0"
prof generic "$EICAR" 1 "" "generic: infected 1"
prof postfix "$EICAR" 69 "5.7.1 virus Attscan_Test_EICAR found" "postfix: reject is 69 with an RFC 3463 line"
prof exim-acl "$EICAR" 0 "FOUND: Attscan_Test_EICAR" "exim-acl: infected exits 0 with FOUND: NAME"
prof exim-acl "$CLEAN" 0 "" "exim-acl: clean exits 0, prints nothing"
prof qmail "$EICAR" 100 "5.7.1 virus Attscan_Test_EICAR found" "qmail: reject 100 with the reason"
"$A" scan -c "$T/bad.conf" --profile qmail "$CLEAN" >/dev/null 2>&1
is $? 111 "qmail: tempfail 111"
"$A" scan -c "$T/bad.conf" --profile exim-acl "$CLEAN" >/dev/null 2>&1
is $? 75 "exim-acl: tempfail is the only non-zero exit (75)"
conf qdisc y.d '[actions]' 'infected = discard'
"$A" scan -c "$T/qdisc.conf" --profile qmail "$EICAR" >/dev/null 2>&1
is $? 99 "qmail: discard 99"
"$A" scan -c "$T/qdisc.conf" --profile postfix "$EICAR" >/dev/null 2>&1
is $? 0 "postfix: discard 0"
mkdir -p "$T/exim/1a2b3c-000001-AB"
cp "$EICAR" "$T/exim/1a2b3c-000001-AB/1a2b3c-000001-AB.eml"
: >"$T/exim/1a2b3c-000001-AB/1a2b3c-000001-AB_scanner_output"
prof exim-acl "$T/exim/1a2b3c-000001-AB" 0 "FOUND: Attscan_Test_EICAR" "exim-acl: %s is a directory holding <msgid>.eml"
# Exim's av_scanner as README documents it: the trigger and name regexes.
out=$("$A" scan -c "$T/y.conf" --profile exim-acl "$T/exim/1a2b3c-000001-AB" 2>&1)
name=$(printf '%s\n' "$out" | sed -n 's/^FOUND: \(.*\)$/\1/p')
is "$name" "Attscan_Test_EICAR" "exim-acl: ^FOUND: (.+)\$ captures the name from stdout+stderr"
cp "$CLEAN" "$T/exim/1a2b3c-000001-AB/second.eml"
"$A" scan -c "$T/y.conf" --profile exim-acl "$T/exim/1a2b3c-000001-AB" >/dev/null 2>&1
is $? 75 "exim-acl: a directory with two .eml: tempfail"
conf pf y.d 'profile = qmail'
"$A" scan -c "$T/pf.conf" "$EICAR" >/dev/null 2>&1
is $? 100 "profile = qmail in [general]"
"$A" scan -c "$T/pf.conf" --profile generic "$EICAR" >/dev/null 2>&1
is $? 1 "--profile wins over [general] profile"
"$A" scan -c "$T/y.conf" --profile sendmail "$CLEAN" >/dev/null 2>&1
is $? 75 "an unknown --profile: tempfail"
"$A" check-config -c "$T/y.conf" --profile postfix >/dev/null 2>"$T/pw.err"
is $? 0 "check-config --profile postfix: no error"
grep -q "backscatter" "$T/pw.err"
ok $? "check-config warns that reject after the queue bounces (postfix)"
conf fref y.d '[actions]' 'infected = reject'
"$A" check-config -c "$T/fref.conf" --profile procmail >/dev/null 2>&1
is $? 78 "check-config refuses [actions] reject for a filter profile"

# --- 4, 5. reinjection through a stand-in sendmail; header tagging
FS=$root/tests/fake-sendmail
mkdir -p "$T/fs"
conf re y.d "reinject_command = $FS $T/fs -G -i -f {sender} -- {recipients}"
"$A" scan -c "$T/re.conf" --profile postfix --reinject -f 's@x.example' -- a@y.example b@y.example <"$CLEAN" 2>/dev/null
is $? 0 "postfix --reinject: clean mail reinjected, 0"
printf -- '-G\n-i\n-f\ns@x.example\n--\na@y.example\nb@y.example\n' >"$T/want.argv"
cmp -s "$T/fs/argv" "$T/want.argv"
ok $? "reinject argv: {sender} one word, {recipients} one word each ($(tr '\n' ' ' <"$T/fs/argv"))"
head -2 "$T/fs/stdin" >"$T/h2"
grep -q "^X-Virus-Scanned: attscan .* on " "$T/h2" && grep -qx "X-Virus-Status: Clean" "$T/h2"
ok $? "the reinjected message starts with X-Virus-Scanned and X-Virus-Status"
tail -n +3 "$T/fs/stdin" | cmp -s - "$CLEAN"
ok $? "after the two lines, the message byte for byte"
"$A" scan -c "$T/re.conf" --profile postfix --reinject -f '' -- a@y.example <"$CLEAN" 2>/dev/null
sed -n 4p "$T/fs/argv" >"$T/null.s"
is "$(wc -c <"$T/null.s") $(cat "$T/null.s")" "1 " "the null sender is an empty argument"
rm -f "$T/fs/calls"
"$A" scan -c "$T/re.conf" --profile postfix --reinject -f s@x -- a@y.example <"$EICAR" >"$T/out" 2>/dev/null
is "$? $(cat "$T/out")$([ -f "$T/fs/calls" ] && echo " called")" "69 5.7.1 virus Attscan_Test_EICAR found" "infected is not reinjected"
echo 75 >"$T/fs/exit"
echo "queue file write error" >"$T/fs/say"
"$A" scan -c "$T/re.conf" --profile postfix --reinject -f s@x -- a@y.example <"$CLEAN" >/dev/null 2>"$T/re.err"
is $? 75 "a failed reinjection is tempfail"
grep -q "reinject_command '$FS' failed: exit code 75: queue file write error" "$T/re.err"
ok $? "the cause names the command, its exit code and first line ($(head -1 "$T/re.err"))"
rm -f "$T/fs/exit" "$T/fs/say"
conf renx y.d "reinject_command = $T/no-such-sendmail -f {sender} -- {recipients}"
"$A" scan -c "$T/renx.conf" --reinject -f s@x -- a@y.example <"$CLEAN" >/dev/null 2>&1
is $? 75 "a reinject_command that cannot run: tempfail"
"$A" scan -c "$T/re.conf" --profile postfix -f s@x -- a@y.example <"$CLEAN" 2>/dev/null
is $? 0 "without --reinject nothing is reinjected (exit 0)"
# forged headers from outside are removed, continuation lines included
printf 'X-Virus-Status: Clean\nFrom: a@b\nx-virus-scanned: forged\n  continued\n\tmore\nSubject: hi\nX-Virus-Status-Other: kept\n\nX-Virus-Status: in the body stays\n' >"$T/forged.eml"
"$A" scan -c "$T/re.conf" --reinject -f s@x -- a@y.example <"$T/forged.eml" 2>/dev/null
tail -n +3 "$T/fs/stdin" >"$T/forged.out"
printf 'From: a@b\nSubject: hi\nX-Virus-Status-Other: kept\n\nX-Virus-Status: in the body stays\n' | cmp -s - "$T/forged.out"
ok $? "forged X-Virus-* fields removed from the top-level header only, continuations too"
printf 'From: a@b\r\nSubject: crlf\r\n\r\nbody\r\n' >"$T/crlf.eml"
"$A" scan -c "$T/re.conf" --reinject -f s@x -- a@y.example <"$T/crlf.eml" 2>/dev/null
[ "$(head -2 "$T/fs/stdin" | grep -c $'\r$')" = 2 ] && tail -n +3 "$T/fs/stdin" | cmp -s - "$T/crlf.eml"
ok $? "a CRLF message gets CRLF header lines"

# --- 6. --filter: the message to stdout, tagged; nothing else
"$A" scan -c "$T/y.conf" --filter - <"$CLEAN" >"$T/f.out" 2>"$T/f.err"
is $? 0 "--filter: clean 0"
{ head -2 "$T/f.out" | grep -c '^X-Virus-'; tail -n +3 "$T/f.out" | cmp - "$CLEAN" && echo same; } >"$T/f.chk" 2>&1
is "$(tr '\n' ' ' <"$T/f.chk")" "2 same " "--filter: the same bytes plus exactly the two header lines"
is "$(wc -c <"$T/f.err")" 0 "--filter: nothing on stderr"
big=$T/big.eml
{ printf 'From: a@b\nSubject: big\n\n'; head -c 3000000 /dev/urandom | base64; } >"$big"
"$A" scan -c "$T/y.conf" --filter - <"$big" >"$T/fb.out" 2>/dev/null
tail -n +3 "$T/fb.out" | cmp -s - "$big"
ok $? "--filter: a 4 MB message comes out byte for byte"
printf 'From sender@x Thu Dec  3 10:00:00 2026\nFrom: a@b\nSubject: mbox\n\nhello\n' >"$T/mbox.eml"
"$A" scan -c "$T/y.conf" --profile procmail - <"$T/mbox.eml" >"$T/fm.out" 2>/dev/null
[ "$(head -1 "$T/fm.out")" = "From sender@x Thu Dec  3 10:00:00 2026" ] && sed -n 2p "$T/fm.out" | grep -q '^X-Virus-Scanned:'
ok $? "procmail: an mbox From_ line stays first, the headers after it"
"$A" scan -c "$T/bad.conf" --filter - <"$CLEAN" >"$T/ft.out" 2>"$T/ft.err"
is "$? $(wc -c <"$T/ft.out") $(wc -c <"$T/ft.err")" "75 0 0" "--filter tempfail: 75, nothing on stdout or stderr"
"$A" scan -c "$T/y.conf" --filter - <"$EICAR" >"$T/fi.out" 2>"$T/fi.err"
is "$? $(wc -c <"$T/fi.out") $(wc -c <"$T/fi.err")" "75 0 0" "--filter, infected, default reject and no quarantine: 75 (a filter cannot reject)"
"$A" scan -c "$T/fref.conf" --filter - <"$CLEAN" >"$T/fr.out" 2>"$T/fr.err"
is "$? $(wc -c <"$T/fr.out") $(wc -c <"$T/fr.err")" "75 0 0" "--filter with [actions] infected = reject in the file: 75, silent"
conf cfgbad y.d 'deadline = forever'
"$A" scan -c "$T/cfgbad.conf" --filter - <"$CLEAN" >"$T/fc.out" 2>"$T/fc.err"
is "$? $(wc -c <"$T/fc.out") $(wc -c <"$T/fc.err")" "75 0 0" "--filter with a bad configuration: 75, nothing on stdout or stderr"
conf ftag y.d '[actions]' 'infected = tag'
"$A" scan -c "$T/ftag.conf" --profile maildrop - <"$EICAR" >"$T/fg.out" 2>/dev/null
is "$? $(sed -n 2p "$T/fg.out")" "0 X-Virus-Status: Infected (Attscan_Test_EICAR)" "maildrop, infected = tag: delivered with X-Virus-Status: Infected (NAME)"
# a message-mode scanner that changes the copy it was given: what would
# go on is not what was checked, so nothing goes on
mkdir -p "$T/mod.d"
printf '#!/bin/sh\necho appended >>"$1"\nexit 0\n' >"$T/modify"
chmod +x "$T/modify"
printf '[scanner]\ncommand = %s {message}\nmode = message\nclean = 0\nerror = 1-255\n' "$T/modify" >"$T/mod.d/mod.ini"
conf mod mod.d
"$A" scan -c "$T/mod.conf" --filter - <"$CLEAN" >"$T/fmod.out" 2>/dev/null
is "$? $(wc -c <"$T/fmod.out")" "75 0" "--filter: a copy changed by a scanner is not written (75)"

# --- 7. the quarantine and attscan quarantine
Q=$T/quar
mkdir -p "$Q" "$T/fs2"
conf q y.d "quarantine_dir = $Q" "reinject_command = $FS $T/fs2 -f {sender} -- {recipients}" '[actions]' 'infected = quarantine'
"$A" scan -c "$T/q.conf" --profile postfix --reinject --id QID1 --report "$T/qr.json" -f 's@x.example' -- a@y.example b@y.example <"$EICAR" >"$T/q.out" 2>/dev/null
is "$? $(wc -c <"$T/q.out")$([ -f "$T/fs2/calls" ] && echo " reinjected")" "0 0" "postfix, infected = quarantine: stored, exit 0, not reinjected"
id=$(cd "$Q" && ls -- *.json 2>/dev/null | sed 's/\.json$//')
is "$(echo "$id" | wc -w)" 1 "one message in the quarantine ($id)"
cmp -s "$Q/$id.eml" "$EICAR"
ok $? "the stored message is the original, byte for byte"
python3 - "$Q/$id.json" "$id" <<'PY'; ok $? "the sidecar: id, category, names, envelope, queue id, date, finding"
import json, sys
j = json.load(open(sys.argv[1]))
assert j["id"] == sys.argv[2] and j["category"] == "infected" and j["action"] == "quarantine"
assert j["names"] == ["Attscan_Test_EICAR"], j["names"]
assert j["envelope"] == {"sender": "s@x.example", "recipients": ["a@y.example", "b@y.example"]}
assert j["queue_id"] == "QID1" and j["date"].endswith("Z") and j["finding"]["source"] == "yara"
PY
python3 - "$T/qr.json" "$id" <<'PY'; ok $? "report: action and quarantine_id"
import json, sys
r = json.load(open(sys.argv[1]))
assert r["action"] == "quarantine" and r["quarantine_id"] == sys.argv[2] and r["exit_code"] == 0, r
PY
tmps=$(find "$Q" -name '.tmp-*' | wc -l)
is "$tmps" 0 "no temporary file left in the quarantine"
"$A" quarantine -c "$T/q.conf" list >"$T/ql" 2>/dev/null
grep -q "^$id  .*  infected  Attscan_Test_EICAR\$" "$T/ql"
ok $? "quarantine list: id, date, category, name ($(cat "$T/ql"))"
"$A" quarantine -c "$T/q.conf" show "$id" | cmp -s - "$Q/$id.json"
ok $? "quarantine show ID: the sidecar"
"$A" quarantine -c "$T/q.conf" show ../etc >/dev/null 2>&1
is $? 74 "quarantine show: an id with a path is refused"
"$A" quarantine -c "$T/q.conf" show 20990101-000000-000000000000 >/dev/null 2>&1
is $? 66 "quarantine show: no such id (66)"
echo 75 >"$T/fs2/exit"
"$A" quarantine -c "$T/q.conf" release "$id" >/dev/null 2>&1
is "$? $([ -f "$Q/$id.eml" ] && echo kept)" "75 kept" "release with a failing reinject_command: 75, the message stays"
rm -f "$T/fs2/exit"
"$A" quarantine -c "$T/q.conf" release "$id" >/dev/null 2>&1
is "$? $(ls "$Q" | wc -l)" "0 0" "release: reinjected, then removed"
printf -- '-f\ns@x.example\n--\na@y.example\nb@y.example\n' | cmp -s - "$T/fs2/argv" && cmp -s "$T/fs2/stdin" "$EICAR"
ok $? "release used the original envelope and message"
"$A" scan -c "$T/q.conf" -f '' -- a@y.example <"$EICAR" >/dev/null 2>&1
is $? 1 "generic, quarantine: stored, then 1"
id=$(cd "$Q" && ls -- *.json | sed 's/\.json$//')
"$A" quarantine -c "$T/q.conf" delete "$id" >/dev/null 2>&1
is "$? $(ls "$Q" | wc -l)" "0 0" "quarantine delete ID"
"$A" scan -c "$T/q.conf" --profile exim-acl "$EICAR" >"$T/qe.out" 2>/dev/null
is "$? $(cat "$T/qe.out") $(ls "$Q" | wc -l)" "0 FOUND: Attscan_Test_EICAR 3" "exim-acl, quarantine: stored and FOUND (rejected at SMTP time)"
rm -f "$Q"/*
"$A" scan -c "$T/q.conf" --filter -f s@x -- a@y.example <"$EICAR" >"$T/qf.out" 2>/dev/null
id=$(cd "$Q" && ls -- *.json | sed 's/\.json$//')
grep -q "quarantined it as $id\.\$" "$T/qf.out" && grep -q "^Subject: attscan test" "$T/qf.out" && ! grep -q "EICAR-STANDARD" "$T/qf.out" && grep -qx "Content-Type: text/plain; charset=us-ascii" "$T/qf.out"
ok $? "--filter, quarantine: the headers and a text/plain notice 'quarantined as ID', no virus"
chmod 500 "$Q"
if [ -w "$Q" ]; then
	skip "a quarantine that cannot be written: tempfail" "running as root"
else
	"$A" scan -c "$T/q.conf" --profile postfix -f s@x -- a@y.example <"$EICAR" >/dev/null 2>"$T/qw.err"
	is $? 75 "a quarantine that cannot be written: tempfail, never a silent drop"
fi
chmod 700 "$Q"
: >"$T/notadir"
conf qnd y.d "quarantine_dir = $T/notadir" '[actions]' 'infected = quarantine'
"$A" scan -c "$T/qnd.conf" --profile postfix -f s@x -- a@y.example <"$EICAR" >/dev/null 2>"$T/qnd.err"
is $? 75 "a quarantine that cannot be stored into (not a directory): tempfail"
grep -q "cannot quarantine the message: cannot create" "$T/qnd.err"
ok $? "the cause is logged ($(head -1 "$T/qnd.err"))"
conf qu y.d "quarantine_dir = $Q" '[limits]' 'max_parts = 1'
rm -f "$Q"/*
"$A" scan -c "$T/qu.conf" "$T/msg/clean-attachment.eml" >/dev/null 2>&1
is "$? $(ls "$Q" | wc -l)" "1 3" "unchecked (a limit) with quarantine_dir: quarantined by default (generic: 1)"

echo "1..$n"
