#!/bin/bash
# 0102-quarantine-kill.t - crash safety of the quarantine and of the
# reinjection (issue 8).  attscan is SIGKILLed while it quarantines a
# 48 MB infected message: the test waits until a ".tmp-" file appears in
# quarantine_dir (the store has begun) and then kills it, each round a
# little later, so that the kill lands in the message file, the envelope,
# the sidecar or after them.  After every round: whatever "attscan
# quarantine list" shows is complete (byte for byte the message), and
# a killed attscan exited non-zero (the MTA keeps the message).  Then
# what the kills left (".tmp-" files, a message without its sidecar) is
# swept once older than stale_grace, and only then.  Last, attscan is
# SIGKILLed while reinject_command (a stand-in that blocks) runs: the
# exit is non-zero and the stand-in is ended with it.  Verdicts from YARA.
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
A=${ATTSCAN:-$root/build/attscan}
T=$(mktemp -d /tmp/attscan-qkill.XXXXXX)
trap 'chmod -R u+rwx "$T"; rm -rf "$T"' EXIT
# shellcheck source=tests/tap.sh
. "$here/tap.sh"
Q=$T/q
mkdir -p "$T/run" "$T/tmp" "$T/y.d" "$Q" "$T/rs"

need_yara "quarantine and reinjection under SIGKILL" "$T/rules.yar" "$T/y.d/yara.ini"
printf '[general]\nscanners_dir = %s/y.d\nrun_dir = %s/run\nscratch_dir = %s/tmp\nquarantine_dir = %s\nstale_grace = 60\n[actions]\ninfected = quarantine\n' \
    "$T" "$T" "$T" "$Q" >"$T/q.conf"
# 48 MB of text, EICAR at the end.
# shellcheck disable=SC2016 # EICAR has a '$'
{ printf 'From: a@b.example\nSubject: big\n\n'
  head -c 36000000 /dev/zero | base64
  printf 'X5O!P%%@AP[4\\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*\n'; } >"$T/big.eml"

# tmps: how many .tmp- files (no fork: the wait below spins on it)
shopt -s nullglob dotglob
tmps() { local f=("$Q"/.tmp-*); echo "${#f[@]}"; }
rounds=10 killed=0 finished=0 bad=0
for i in $(seq 0 $((rounds - 1))); do
	before=$(tmps)
	"$A" scan -c "$T/q.conf" -f s@x -- r@y <"$T/big.eml" 2>/dev/null &
	pid=$!
	# Wait for the store to begin (a new .tmp- file), then i * 40 ms more.
	while f=("$Q"/.tmp-*); [ "${#f[@]}" -le "$before" ] &&
	    kill -0 "$pid" 2>/dev/null; do
		:
	done
	sleep "$(printf '%d.%03d' $((i * 40 / 1000)) $((i * 40 % 1000)))"
	kill -9 "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	rc=$?
	case $rc in
	137) killed=$((killed + 1)) ;;
	1) finished=$((finished + 1)) ;;	# generic: quarantined is 1
	*) bad=$((bad + 1)); echo "# round $i: exit $rc" ;;
	esac
	# Everything listed is whole.
	"$A" quarantine -c "$T/q.conf" list 2>/dev/null | awk '{print $1}' >"$T/ids"
	while read -r id; do
		if ! cmp -s "$Q/$id.eml" "$T/big.eml" || ! [ -s "$Q/$id.env" ]; then
			bad=$((bad + 1))
			echo "# round $i: $id listed but not whole"
		fi
	done <"$T/ids"
done
is "$bad" 0 "$rounds SIGKILLs while quarantining: never a partial message listed, every exit 1 (stored) or killed"
ok "$([ "$killed" -gt 0 ] && echo 0 || echo 1)" "... $killed rounds were killed mid-store (exit 137: the MTA keeps the message), $finished finished"
# A round killed after its store completed (sidecar renamed, attscan not yet
# exited) is listed too: the MTA retries it, a duplicate is allowed.
listed=$(wc -l <"$T/ids")
ok "$([ "$listed" -ge "$finished" ] && [ "$listed" -le $((finished + killed)) ] && echo 0 || echo 1)" "... every finished round is listed, and at most the killed ones besides ($listed listed)"
leftovers=$(find "$Q" -type f \( -name '.tmp-*' -o -name '*.eml' -o -name '*.env' \) | while read -r f; do
	b=$(basename "$f"); id=${b%.*}
	case $b in .tmp-*) echo "$f" ;; *) [ -e "$Q/$id.json" ] || echo "$f" ;; esac
done | wc -l)
echo "# the kills left $leftovers temporary or orphaned files"
ok "$([ "$leftovers" -gt 0 ] && echo 0 || echo 1)" "... the kills left files behind to sweep ($leftovers)"
t0=$(tmps)
"$A" quarantine -c "$T/q.conf" list >/dev/null 2>&1
is "$(tmps)" "$t0" "list does not sweep fresh files (a store may be running)"
before=$(find "$Q" -type f | wc -l)
ok "$([ "$before" -ge "$((listed * 3 + leftovers))" ] && echo 0 || echo 1)" "... all $before files still there"
find "$Q" -type f -exec touch -d '2 hours ago' {} +
"$A" quarantine -c "$T/q.conf" list >/dev/null 2>&1
is "$(find "$Q" -name '.tmp-*' | wc -l)" 0 "older than stale_grace: every .tmp- file swept"
orph=0
for f in "$Q"/*.eml "$Q"/*.env; do
	case $(basename "$f") in .tmp-*) continue ;; esac
	b=$(basename "$f"); [ -e "$Q/${b%.*}.json" ] || orph=$((orph + 1))
done
is "$orph" 0 "... and every message or envelope without its sidecar"
is "$(find "$Q" -name '*.json' | wc -l)" "$listed" "... the whole messages stay"
for id in $("$A" quarantine -c "$T/q.conf" list 2>/dev/null | awk '{print $1}'); do
	cmp -s "$Q/$id.eml" "$T/big.eml" || bad=$((bad + 1))
done
is "$bad" 0 "... byte for byte"
# A scan sweeps too, before it stores.
touch -d '2 hours ago' "$Q/.tmp-20260101-000000-000000000000.eml"
"$A" scan -c "$T/q.conf" -f s@x -- r@y <"$T/big.eml" 2>/dev/null
is "$? $(find "$Q" -name '.tmp-*' | wc -l)" "1 0" "a scan that quarantines sweeps stale .tmp- files first"

# --- SIGKILL while reinjecting: non-zero, and the stand-in ends with it
cat >"$T/slow-sendmail" <<EOF
#!/bin/sh
echo \$\$ >"$T/rs/pid"
cat >"$T/rs/stdin"
sleep 30
echo done >"$T/rs/done"
EOF
chmod 0755 "$T/slow-sendmail"
printf '[general]\nscanners_dir = %s/y.d\nrun_dir = %s/run\nscratch_dir = %s/tmp\nreinject_command = %s/slow-sendmail -f {sender} -- {recipients}\n' \
    "$T" "$T" "$T" "$T" >"$T/r.conf"
printf 'From: a@b\nSubject: hi\n\nclean\n' >"$T/clean.eml"
"$A" scan -c "$T/r.conf" --profile postfix --reinject -f s@x -- r@y <"$T/clean.eml" 2>/dev/null &
pid=$!
for _ in $(seq 500); do [ -s "$T/rs/pid" ] && break; sleep 0.01; done
kill -9 "$pid"
wait "$pid"
is $? 137 "SIGKILL while reinject_command runs: attscan exits non-zero (killed): the MTA keeps the message"
spid=$(cat "$T/rs/pid")
for _ in $(seq 500); do kill -0 "$spid" 2>/dev/null || break; sleep 0.01; done
kill -0 "$spid" 2>/dev/null; is $? 1 "... and the stand-in sendmail was ended with it"
[ -e "$T/rs/done" ]; is $? 1 "... so it never completed a reinjection"
echo "1..$n"
