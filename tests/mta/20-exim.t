#!/bin/bash
# 20-exim.t - attscan called the three ways Exim calls a filter, on a
# private Exim 4.96 (exim4-daemon-heavy, unpacked) on loopback
# (scripts/mta): the malware ACL's cmdline scanner (SMTP-time: clean 250
# and delivered, infected 550, scanner down 451), the transport_filter
# (the stored message is the original plus attscan's headers, byte for
# byte), and the pipe transport with reinjection (clean delivered; a
# killed filter leaves the message deferred or frozen, never bounced).
# Cases attscan cannot run yet (issue 8's options) are skipped by name.
# shellcheck source=tests/mta/lib.sh
. "$(cd "$(dirname "$0")" && pwd)/lib.sh"
. "$root/scripts/mta/common.sh"
[ -x "$EXIM_BIN" ] || mta_skip "no Exim in $EXIM_BIN (scripts/install-deps --mta)"
for u in Debian-exim attscan-test-rcpt; do
	runs_as "$u" || mta_skip "user $u cannot execute $A"
done

EX=$T/ex
profile=0 filter=0 reinject=0
has_opt profile && profile=1
has_opt filter && filter=1
has_opt reinject && reinject=1

CA=$(attscan_conf acl Debian-exim)
CT=$(attscan_conf tf attscan-test-rcpt)
if [ "$reinject" = 1 ]; then
	# -odf: deliver before exiting; a background delivery process of the
	# reinjecting exim is killed with the filter's process family
	# (attscan's helper reaps it), and this Exim has no queue runner
	mkdir -p "$T/quarantine"
	chown Debian-exim "$T/quarantine"
	CP=$(attscan_conf pipe Debian-exim "quarantine_dir = $T/quarantine" \
	    "reinject_command = $EX/reinject -odf -G -i -f {sender} -- {recipients}" \
	    '[actions]' 'infected = quarantine')
else
	CP=$(attscan_conf pipe Debian-exim)
fi
export EXIM_ACL_CMD="$A scan -c $CA --profile exim-acl %s:^FOUND:::^FOUND:: (.+)"
export EXIM_TF_CMD="$A scan -c $CT --filter -"
if [ "$reinject" = 1 ]; then
	export EXIM_PIPE_CMD="$A scan -c $CP --profile postfix --reinject -- \$pipe_addresses"
else
	export EXIM_PIPE_CMD="$A scan -c $CP -"
fi
# tmo= below attscan's deadline (20 s): a scanner that hangs is ended by
# Exim's own timeout (451), the case README's deadline table is about.
export EXIM_ACL_TMO=12s EXIM_PIPE_TIMEOUT=30s
clamd_up
on_exit '"$root/scripts/mta/exim-stop" "$EX"'
port=$("$root/scripts/mta/exim-start" "$EX" 2>"$T/start.err")
ok $? "private Exim started on 127.0.0.1:$port"
grep -qxF "$EX/exim.conf" /etc/exim4/trusted_configs
ok $? "its config listed in /etc/exim4/trusted_configs"

exim_() { "$EXIM_BIN" -C "$EX/exim.conf" "$@"; }
# hang_scanner NAME: a template NAME whose scanner hangs (60 s timeout),
# recording its pid in $T/NAME.pid (writable by Exim's users)
hang_scanner() {
	scanner_add "$1" "[scanner]
command = $FAKE hangpid $T/$1.pid {file}
mode = file
clean = 0
infected = 1
timeout = 60"
	: >"$T/$1.pid"
	chmod 666 "$T/$1.pid"
}
# send RCPT FILE: swaks's transcript in $T/swaks.out, the last reply
# code on stdout
send() {
	swaks -s 127.0.0.1 -p "$port" -f "sender@$DOM" -t "$1@$DOM" \
	    --data "@$2" >"$T/swaks.out" 2>&1
	sed -n 's/^<[-~*]* *\([245][0-9][0-9]\)[ -].*/\1/p' "$T/swaks.out" |
	    grep -v '^221' | tail -1
}
# arrived DIR N: wait until DIR's Maildir holds N messages
arrived() {
	for _ in $(seq 100); do
		[ "$(mailcount "$EX/mail/$1")" -ge "$2" ] && return 0
		sleep 0.1
	done
	return 1
}
# msgid: the id of the message swaks last sent (from Exim's 250 reply)
msgid() { sed -n 's/.*id=\([0-9A-Za-z-]*\).*/\1/p' "$T/swaks.out" | tail -1; }
# queue_state ID: frozen, queued, or gone
queue_state() {
	exim_ -bp | awk -v id="$1" '$3 == id { print (/frozen/ ? "frozen" : "queued"); f = 1 }
	    END { if (!f) print "gone" }'
}

is "$(send plain "$T/msg/clean-text.eml")" 250 "unfiltered mail accepted"
arrived plain 1
ok $? "unfiltered mail delivered"

# --- malware ACL, cmdline scanner: the SMTP answer
if [ "$profile" = 1 ]; then
	is "$(send acl "$T/msg/clean-attachment.eml")" 250 "ACL: clean mail 250"
	arrived acl 1
	ok $? "ACL: clean mail delivered"
	for m in eicar-base64 eicar-zip; do
		is "$(send acl "$T/msg/$m.eml")" 550 "ACL: $m refused with 550"
	done
	grep -q '550.*malware (.*EICAR' "$T/swaks.out"
	ok $? "ACL: the 550 names the threat"
	clamd_down
	is "$(send acl "$T/msg/clean-text.eml")" 451 "ACL: clamd down: 451"
	clamd_up
	is "$(mailcount "$EX/mail/acl")" 1 "ACL: nothing else delivered"
	# A scanner slower than tmo=12s (attscan's deadline is 20 s): 451.
	# Exim stops reading at tmo but then waits (pclose) for the command
	# to exit, so attscan's deadline is what bounds the SMTP wait.
	hang_scanner slow
	t0=$(date +%s)
	is "$(send acl "$T/msg/clean-text.eml")" 451 "ACL: scanner slower than tmo=12s: 451 (defer)"
	took=$(($(date +%s) - t0))
	grep 'malware acl condition' "$EX/log/mainlog" | tail -1 | sed 's/^/# /'
	ok "$([ "$took" -ge 11 ] && [ "$took" -le 26 ] && echo 0 || echo 1)" \
	    "ACL: ... after tmo, within attscan's deadline of 20 s (${took} s)"
	scanner_del slow
	while read -r p; do kill -KILL "$p" 2>/dev/null; done <"$T/slow.pid"
	is "$(mailcount "$EX/mail/acl")" 1 "ACL: tmo: nothing delivered"
else
	skip "ACL cmdline: clean 250, infected 550, scanner down 451" \
	    "attscan has no --profile exim-acl yet (issue 8)"
fi

# --- transport_filter: the original plus attscan's headers, byte for byte
{
	printf 'Date: Thu, 03 Dec 2026 12:00:00 +0000\n'
	printf 'Message-ID: <tf-1@%s>\n' "$DOM"
	cat "$T/msg/clean-attachment.eml"
} >"$T/tf.eml"
if [ "$filter" = 1 ]; then
	is "$(send tf "$T/tf.eml")" 250 "transport_filter: accepted"
	arrived tf 1
	ok $? "transport_filter: delivered"
	f=$(find "$EX/mail/tf/Maildir/new" -type f | head -1)
	grep -q '^X-Virus-Scanned:' "$f"
	ok $? "transport_filter: X-Virus-Scanned added"
	# the same message unfiltered (SMTP's own changes included): equal
	# byte for byte once Exim's trace headers and attscan's are left out
	n0=$(mailcount "$EX/mail/plain")
	send plain "$T/tf.eml" >/dev/null
	arrived plain $((n0 + 1))
	g=$(find "$EX/mail/plain/Maildir/new" -type f -newer "$f" | head -1)
	python3 - "$f" "$g" <<'PY'
import re, sys
drop = re.compile(rb'(?i)^(received|return-path|envelope-to|delivery-date|x-virus-[a-z-]*):')
def strip(path):
    head, _, body = open(path, 'rb').read().partition(b'\n\n')
    out, keep = [], True
    for line in head.split(b'\n'):
        if line[:1] not in (b' ', b'\t'):
            keep = not drop.match(line)
        if keep:
            out.append(line)
    return b'\n'.join(out) + b'\n\n' + body
sys.exit(0 if strip(sys.argv[1]) == strip(sys.argv[2]) else 1)
PY
	ok $? "transport_filter: nothing else changed (byte comparison)"
	clamd_down
	is "$(send tf "$T/msg/clean-text.eml")" 250 "transport_filter, clamd down: accepted"
	id=$(msgid)
	sleep 1
	is "$(queue_state "$id")" queued "transport_filter, clamd down: deferred"
	is "$(mailcount "$EX/mail/tf")" 1 "transport_filter, clamd down: nothing stored"
	clamd_up
	exim_ -M "$id" >/dev/null 2>&1
	arrived tf 2
	ok $? "transport_filter: after repair the deferred message is delivered"
else
	skip "transport_filter: headers added, nothing else changed" \
	    "attscan has no --filter yet (issue 8)"
fi

# --- pipe transport: reinjection; a killed filter never bounces
if [ "$reinject" = 1 ]; then
	is "$(send pipe "$T/msg/clean-text.eml")" 250 "pipe: accepted"
	arrived pipe 1
	ok $? "pipe: clean mail reinjected and delivered"
	f=$(find "$EX/mail/pipe/Maildir/new" -type f | head -1)
	grep -q '^X-Virus-Scanned:' "$f"
	ok $? "pipe: delivered mail carries X-Virus-Scanned"
	before=$(mailcount "$EX/mail")
	is "$(send pipe "$T/msg/eicar-zip.eml")" 250 "pipe: EICAR zip accepted"
	id=$(msgid)
	for _ in $(seq 50); do
		[ "$(queue_state "$id")" = gone ] && break
		sleep 0.1
	done
	is "$(queue_state "$id")" gone "pipe: EICAR zip taken off the queue"
	[ "$(find "$T/quarantine" -type f | wc -l)" -gt 0 ]
	ok $? "pipe: EICAR zip quarantined"
	is "$(mailcount "$EX/mail")" "$before" "pipe: EICAR zip not delivered, not bounced"
	# infected = reject: attscan exits 69 (EX_UNAVAILABLE) with the
	# reason first on stdout; Exim's pipe transport fails the address
	# (69 is not in temp_errors) and bounces: why check-config warns
	# about reject after the queue.
	sed -i 's/^infected = quarantine$/infected = reject/' "$CP"
	nb=$(mailcount "$EX/mail/sender")
	is "$(send pipe "$T/msg/eicar-plain-body.eml")" 250 "pipe, infected = reject: accepted at SMTP"
	id=$(msgid)
	for _ in $(seq 50); do
		[ "$(queue_state "$id")" = gone ] && break
		sleep 0.1
	done
	grep "$id" "$EX/log/mainlog" | grep -q '\*\* .*returned 69'
	r=$?
	ok $r "pipe, reject: exit 69 fails the address (Exim logged ** ... returned 69)"
	[ $r = 0 ] || grep "$id" "$EX/log/mainlog" | sed 's/^/# /'
	arrived sender $((nb + 1))
	ok $? "pipe, reject: a bounce went to the sender (after the queue: why quarantine is the default)"
	grep -rq '5\.7\.1 virus .* found' "$EX/mail/sender/Maildir/new"
	ok $? "pipe, reject: the bounce gives attscan's reason line"
	sed -i 's/^infected = reject$/infected = quarantine/' "$CP"
else
	skip "pipe: clean mail reinjected and delivered" \
	    "attscan has no --reinject yet (issue 8)"
fi
before=$(mailcount "$EX/mail")
hang_scanner hang
is "$(send pipe "$T/msg/clean-text.eml")" 250 "pipe, hanging scanner: accepted"
id=$(msgid)
for _ in $(seq 100); do [ -s "$T/hang.pid" ] && break; sleep 0.1; done
# the scanner's pid; up its parents to the attscan Exim started
p=$(head -1 "$T/hang.pid") victim=""
while [ -n "$p" ] && [ "$p" -gt 1 ]; do
	[ "$(cat "/proc/$p/comm" 2>/dev/null)" = attscan ] && victim=$p
	p=$(awk '{ print $4 }' "/proc/$p/stat" 2>/dev/null)
done
[ -n "$victim" ] && kill -KILL "$victim"
ok $? "pipe: the filter (attscan, pid ${victim:-none}) killed while it scans"
[ -n "$victim" ] || tail -4 "$EX/log/mainlog" | sed "s/^/# /"
kill -KILL "$(head -1 "$T/hang.pid")" 2>/dev/null
scanner_del hang
st=gone
for _ in $(seq 50); do
	st=$(queue_state "$id")
	[ "$st" != gone ] && grep -q "$id.*\\(frozen\\|==\\)" "$EX/log/mainlog" && break
	sleep 0.1
done
case $st in frozen|queued) r=0 ;; *) r=1 ;; esac
ok $r "pipe: killed filter: the message is $st (frozen or deferred)"
is "$(mailcount "$EX/mail")" "$before" "pipe: killed filter: nothing delivered, no bounce"
grep "$id" "$EX/log/mainlog" | grep -q '\*\* '
[ $? = 1 ]
ok $? "pipe: killed filter: Exim logged no failure (bounce)"
exim_ -Mrm "$id" >/dev/null 2>&1

echo "1..$n"
