#!/bin/bash
# 0040-scan.t - attscan scan with real scanners: ClamAV (clamscan, and
# clamdscan against a clamd on loopback started here), YARA and bogofilter,
# in every scan mode.  EICAR messages must answer 1, clean ones 0.  The
# ClamAV database is the offline test one (scripts/clamav-testdb).
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
A=${ATTSCAN:-$root/build/attscan}
T=$(mktemp -d /tmp/attscan-scan.XXXXXX)
trap '"$root/scripts/clamd-stop" "$T/clamd"; "$root/scripts/clamd-stop" "$T/clamd2"; rm -rf "$T"' EXIT
# shellcheck source=tests/tap.sh
. "$here/tap.sh"
mkdir -p "$T/run" "$T/tmp"
"$root/scripts/gen-eicar" "$T/msg"
"$root/scripts/clamav-testdb" "$T/db"
DB=$T/db

# config NAME : a configuration using scanners dir $T/NAME.d
config() {
	mkdir -p "$T/$1.d"
	printf '[general]\nscanners_dir = %s\nrun_dir = %s/run\ndeadline = 60\n' \
	    "$T/$1.d" "$T" >"$T/$1.conf"
	policy_off "$T/$1.conf"
}
# expect CONFNAME LABEL : every eicar-* answers 1, every clean-* answers 0
expect() {
	local bad=0 f want got
	for f in "$T"/msg/*.eml; do
		case $(basename "$f") in eicar-*) want=1 ;; *) want=0 ;; esac
		"$A" scan -c "$T/$1.conf" --tmpdir "$T/tmp" "$f" 2>>"$T/$1.err"
		got=$?
		if [ "$got" != "$want" ]; then
			bad=$((bad + 1))
			echo "# $2: $(basename "$f") answered $got, want $want"
		fi
	done
	ok "$bad" "$2: all $(ls "$T"/msg | wc -l) messages answered right"
}
have() { command -v "$1" >/dev/null 2>&1; }

# --- ClamAV clamscan, file mode (one run per part)
if have clamscan; then
	config cs-file
	cat >"$T/cs-file.d/clamscan.ini" <<EOF
[scanner]
command = /usr/bin/clamscan --no-summary --stdout -d $DB {file}
mode = file
clean = 0
infected = 1
error = 2
name_regex = '^.*?: (.+) FOUND\$'
EOF
	expect cs-file "clamscan, file mode"
	"$A" scan -c "$T/cs-file.conf" --report "$T/r.json" "$T/msg/eicar-base64.eml" 2>/dev/null
	python3 - "$T/r.json" <<'PY'; ok $? "report: argv, exit code, outcome and threat name of each run"
import json, sys
r = json.load(open(sys.argv[1]))
assert r["verdict"] == "infected" and r["exit_code"] == 1
hit = [x for x in r["runs"] if x["outcome"] == "infected"]
assert len(hit) == 1 and hit[0]["exit"] == 1, hit
assert hit[0]["name"] == "Attscan.Test.EICAR.UNOFFICIAL", hit[0]["name"]
assert hit[0]["argv"][0] == "/usr/bin/clamscan" and hit[0]["target"] == "0002.ATT"
# the scanner's output exactly as it wrote it, newline included
assert hit[0]["output"].endswith("0002.ATT: Attscan.Test.EICAR.UNOFFICIAL FOUND\n"), hit[0]["output"]
assert all(x["outcome"] == "clean" for x in r["runs"] if x is not hit[0])
assert [p["file"] for p in r["parts"]] == ["0001.ATT", "0002.ATT"]
PY

	# --- which parts a file-mode scanner gets: types, skip_types (the
	# EICAR attachment is text/plain to libmagic); without --report, as
	# an MTA runs it, libmagic is loaded only for such a filter
	sel() {	# NAME "KEY LINES" WANT
		config "sel-$1"
		{ printf '[scanner]\ncommand = /usr/bin/clamscan --no-summary --stdout -d %s {file}\nmode = file\n' "$DB"
		  printf '%b' "$2"; } >"$T/sel-$1.d/clamscan.ini"
		"$A" scan -c "$T/sel-$1.conf" "$T/msg/eicar-base64.eml" 2>/dev/null
		is $? "$3" "types filter: $1"
	}
	sel image-only 'types = image/*\n' 0
	sel text-too 'types = image/*, text/*\n' 1
	sel skip-text 'skip_types = text/plain\n' 0
	sel empty-types 'types =\n' 1
	# over max_size: not checked, so unchecked (tempfail by default)
	# unless the template accepts that (issue 10)
	sel too-big 'max_size = 10\n' 75
	sel too-big-accepted 'max_size = 10\noversize = accept\n' 0

	# --- clamscan, directory mode (one run, per-file attribution)
	config cs-dir
	cat >"$T/cs-dir.d/clamscan.ini" <<EOF
[scanner]
command = /usr/bin/clamscan --no-summary --stdout -r -d $DB {dir}
mode = directory
clean = 0
infected = 1
error = 2
name_regex = '^.*?: (.+) FOUND\$'
file_regex = '^(.+?): .+ FOUND\$'
EOF
	expect cs-dir "clamscan, directory mode"
	"$A" scan -c "$T/cs-dir.conf" --report "$T/r2.json" "$T/msg/eicar-nested-rfc822.eml" 2>/dev/null
	python3 - "$T/r2.json" <<'PY'; ok $? "directory mode: one run, the infected file attributed"
import json, sys
r = json.load(open(sys.argv[1]))
assert len(r["runs"]) == 1 and r["runs"][0]["target"] == "{dir}"
assert r["runs"][0]["hits"] == [{"file": "0003.ATT", "name": "Attscan.Test.EICAR.UNOFFICIAL"}], r["runs"][0]["hits"]
PY

	# --- clamscan, message mode (ClamAV reads the MIME itself)
	config cs-msg
	cat >"$T/cs-msg.d/clamscan.ini" <<EOF
[scanner]
command = /usr/bin/clamscan --no-summary --stdout -d $DB {message}
mode = message
clean = 0
infected = 1
error = 2
name_regex = '^.*?: (.+) FOUND\$'
EOF
	expect cs-msg "clamscan, message mode"
else
	for w in "clamscan file mode" "report" "clamscan directory mode" "attribution" "clamscan message mode"; do
		skip "$w" "clamscan is not installed (scripts/install-deps installs it)"
	done
fi

# --- clamd on 127.0.0.1 (free port), through clamdscan
if have clamd && have clamdscan && "$root/scripts/clamd-start" "$T/clamd" >"$T/port"; then
	config cd-dir
	cat >"$T/cd-dir.d/clamdscan.ini" <<EOF
[scanner]
command = /usr/bin/clamdscan --config-file=$T/clamd/clamd.conf --no-summary --fdpass --multiscan {dir}
mode = directory
clean = 0
infected = 1
error = 2
name_regex = '^.*?: (.+) FOUND\$'
file_regex = '^(.+?): .+ FOUND\$'
EOF
	expect cd-dir "clamdscan to clamd (unix socket), directory mode"
	# TCP, streaming the content (what a remote clamd farm needs)
	sed -e "s#^LocalSocket .*#LocalSocket $T/none.sock#" "$T/clamd/clamd.conf" >"$T/clamd-tcp.conf"
	config cd-tcp
	cat >"$T/cd-tcp.d/clamdscan.ini" <<EOF
[scanner]
command = /usr/bin/clamdscan --config-file=$T/clamd-tcp.conf --no-summary --stream {file}
mode = file
clean = 0
infected = 1
error = 2
name_regex = '^.*?: (.+) FOUND\$'
EOF
	expect cd-tcp "clamdscan --stream over TCP to 127.0.0.1:$(cat "$T/port"), file mode"
	# attscan's own client: FILDES on the unix socket, INSTREAM with
	# --stream, and over TCP; every mode
	own() {	# own NAME MODE "OPTIONS" PLACEHOLDER
		config "own-$1"
		printf '[scanner]\ncommand = %s clamd %s %s\nmode = %s\nname_regex = %s\nfile_regex = %s\n' \
		    "$A" "$3" "$4" "$2" "'^.*?: (.+) FOUND\$'" "'^(.+?): .+ FOUND\$'" \
		    >"$T/own-$1.d/clamd.ini"
		expect "own-$1" "attscan clamd $3, $2 mode"
	}
	own unix directory "--socket $T/clamd/clamd.sock" '{dir}'
	own unix-file file "--socket $T/clamd/clamd.sock" '{file}'
	own unix-msg message "--socket $T/clamd/clamd.sock" '{message}'
	own stream directory "--socket $T/clamd/clamd.sock --stream" '{dir}'
	own tcp directory "--tcp 127.0.0.1:$(cat "$T/port")" '{dir}'
	"$A" scan -c "$T/own-unix.conf" --report "$T/r3.json" "$T/msg/eicar-nested-rfc822.eml" 2>/dev/null
	python3 - "$T/r3.json" <<'PY'; ok $? "attscan clamd: one run, clamdscan's output format, the infected file attributed"
import json, sys
r = json.load(open(sys.argv[1]))
assert len(r["runs"]) == 1 and r["runs"][0]["exit"] == 1, r["runs"]
out = r["runs"][0]["output"].splitlines()
assert all(l.endswith(": OK") or l.endswith(" FOUND") for l in out), out
assert r["runs"][0]["hits"] == [{"file": "0003.ATT", "name": "Attscan.Test.EICAR.UNOFFICIAL"}], r["runs"][0]["hits"]
PY
	# clamd down: clamdscan and attscan clamd exit 2: tempfail, never clean
	"$root/scripts/clamd-stop" "$T/clamd"
	"$A" scan -c "$T/cd-dir.conf" "$T/msg/clean-text.eml" 2>/dev/null
	is $? 75 "clamd not reachable (clamdscan): tempfail"
	"$A" scan -c "$T/own-unix.conf" --report "$T/r4.json" "$T/msg/clean-text.eml" 2>/dev/null
	is $? 75 "clamd not reachable (attscan clamd): tempfail"
	grep -q "cannot connect to clamd at '[^']*clamd.sock'" "$T/r4.json"; ok $? "... and the report says why"
	"$A" scan -c "$T/own-tcp.conf" "$T/msg/clean-text.eml" 2>/dev/null
	is $? 75 "clamd not reachable over TCP (attscan clamd): tempfail"
else
	for w in "clamd unix" "clamd tcp" "own unix" "own file" "own message" "own stream" "own tcp" "own report" "clamd down" "own down" "own down why" "own tcp down"; do
		skip "$w" "clamd/clamdscan are not installed or clamd did not start"
	done
fi

# --- YARA, directory mode (yara exits 0 either way: decided by output)
if have yara; then
	config yara
	yara_template "$T/rules.yar" "$T/yara.d/yara.ini"
	# yara does not unpack archives: the zip message is a YARA hit only
	# through attscan's unpacking.
	mv "$T/msg/eicar-zip.eml" "$T/zip.eml"
	expect yara "yara, directory mode"
	"$A" scan -c "$T/yara.conf" "$T/zip.eml" 2>/dev/null
	is $? 1 "yara finds EICAR in a deflated zip: attscan unpacked it (archives = both)"
	echo "archives = top" >>"$T/yara.d/yara.ini"
	"$A" scan -c "$T/yara.conf" "$T/zip.eml" 2>/dev/null
	is $? 0 "yara does not see inside a deflated zip (it unpacks nothing) with archives = top"
	sed -i '/^archives = top$/d' "$T/yara.d/yara.ini"
	mv "$T/zip.eml" "$T/msg/eicar-zip.eml"
else
	skip "yara" "yara is not installed"
	skip "yara zip" "yara is not installed"
fi

# --- bogofilter, whole message on stdin, with a tiny trained wordlist
if have bogofilter; then
	mkdir -p "$T/bogo" "$T/spam"
	for _ in 1 2 3 4 5 6; do
		printf 'From: x@spam.example\nSubject: cheap pills viagra casino\n\nBuy cheap pills now, viagra casino jackpot winner lottery prize money.\n' | bogofilter -d "$T/bogo" -s
		printf 'From: alice@example.org\nSubject: meeting notes\n\nThe project meeting notes and the quarterly report are attached.\n' | bogofilter -d "$T/bogo" -n
	done
	printf 'From: x@spam.example\nSubject: casino viagra\n\nCheap pills casino jackpot lottery prize money winner viagra.\n' >"$T/spam/spam.eml"
	printf 'From: alice@example.org\nSubject: notes\n\nThe meeting notes and the quarterly report from the project.\n' >"$T/spam/ham.eml"
	config bogo
	cat >"$T/bogo.d/bogofilter.ini" <<EOF
[scanner]
command = /usr/bin/bogofilter -d $T/bogo
mode = message
stdin = message
class = spam
infected = 0
clean = 1-2
error = 3
EOF
	"$A" scan -c "$T/bogo.conf" "$T/spam/spam.eml" 2>/dev/null; is $? 1 "bogofilter, message on stdin: spam answers 1"
	"$A" scan -c "$T/bogo.conf" "$T/spam/ham.eml" 2>/dev/null; is $? 0 "bogofilter: ham answers 0"
	chmod 000 "$T/bogo"
	rm -rf "$T/bogo"
	"$A" scan -c "$T/bogo.conf" "$T/spam/ham.eml" 2>/dev/null; is $? 75 "bogofilter without its wordlist (exit 3): tempfail"
else
	for w in spam ham error; do skip "bogofilter $w" "bogofilter is not installed"; done
fi

# --- several scanners at once: every one runs unless stop_on_infected
if have clamscan && have yara; then
	config both
	cp "$T/cs-file.d/clamscan.ini" "$T/yara.d/yara.ini" "$T/both.d/"
	"$A" scan -c "$T/both.conf" --report "$T/r3.json" "$T/msg/eicar-base64.eml" 2>/dev/null
	python3 -c "
import json,sys; r=json.load(open(sys.argv[1]))
s=sorted({x['scanner'] for x in r['runs'] if x['outcome']=='infected'})
assert s==['clamscan','yara'], s" "$T/r3.json"
	ok $? "two scanners: both ran and both found it"
	# stop_on_infected: a hanging second scanner is stopped at once
	config stop
	cp "$T/cs-file.d/clamscan.ini" "$T/stop.d/"
	printf '[scanner]\ncommand = %s hang {file}\nmode = file\ntimeout = 30\n' \
	    "$here/fake-scanner" >"$T/stop.d/zzhang.ini"
	echo "stop_on_infected = yes" >>"$T/stop.conf"
	start=$(date +%s%N)
	"$A" scan -c "$T/stop.conf" --report "$T/r4.json" "$T/msg/eicar-plain-body.eml" 2>/dev/null
	st=$? ms=$((($(date +%s%N) - start) / 1000000))
	is "$st" 1 "stop_on_infected: infected"
	python3 -c "
import json,sys; r=json.load(open(sys.argv[1]))
assert r['verdict']=='infected'
h=[x for x in r['runs'] if x['scanner']=='zzhang']
assert h and all(x['outcome']=='skipped' and 'stop_on_infected' in x['reason'] for x in h), h" "$T/r4.json"
	ok $? "stop_on_infected: the hanging scanner is stopped and reported skipped ($ms ms)"
else
	skip "two scanners" "clamscan or yara missing"
	skip "stop_on_infected" "clamscan or yara missing"
	skip "stop_on_infected skipped" "clamscan or yara missing"
fi

# --- selftest: the map of a template against the real scanner
if have clamscan; then
	"$A" selftest -c "$T/cs-file.conf" >"$T/st" 2>&1; st=$?
	is "$st" 0 "selftest of the clamscan template passes"
	is "$(grep -c '^ok ' "$T/st")" 4 "selftest: clean, EICAR, EICAR in zip, corrupt archive"
	sed -i 's/^infected = 1/infected = 2/; s/^error = 2/error = 1/' "$T/cs-file.d/clamscan.ini"
	"$A" selftest -c "$T/cs-file.conf" >"$T/st2" 2>&1; st=$?
	is "$st" 1 "selftest catches a wrong exit-code map"
	grep -q 'FAIL clamscan.*EICAR test file.*want infected.*got error.*exit 1' "$T/st2"; ok $? "... and shows expected, actual and the exit code"
else
	for w in pass four wrong shows; do skip "selftest $w" "clamscan missing"; done
fi
# --- the templates shipped in scanners.d/, against the real scanners: only
# their paths are pointed at this test's database, clamd, rules and wordlist
shipped() {	# shipped NAME SED-EXPRESSION
	config "ship-$1"
	sed -e "$2" -e 's/^enabled *=.*/enabled = yes/' "$root/scanners.d/$1.ini" \
	    >"$T/ship-$1.d/$1.ini"
	"$A" selftest -c "$T/ship-$1.conf" >"$T/ship.out" 2>&1; st=$?
	is "$st" 0 "shipped $1.ini passes selftest ($(grep -c '^ok ' "$T/ship.out") of 4)"
	[ "$st" = 0 ] || sed 's/^/# /' "$T/ship.out" | head -20
}
if have clamscan; then
	shipped clamscan "s#/usr/bin/clamscan #/usr/bin/clamscan --database=$DB #"
	expect ship-clamscan "shipped clamscan.ini"
fi
if have clamd && have clamdscan && "$root/scripts/clamd-start" "$T/clamd2" >/dev/null; then
	shipped clamdscan "s#--config-file=/etc/clamav/clamd.conf#--config-file=$T/clamd2/clamd.conf#"
	expect ship-clamdscan "shipped clamdscan.ini"
	sed -e "s#^LocalSocket .*#LocalSocket $T/none.sock#" "$T/clamd2/clamd.conf" >"$T/remote.conf"
	shipped clamdscan-tcp "s#--config-file=/etc/attscan/clamd-remote.conf#--config-file=$T/remote.conf#"
	shipped clamd "s#/usr/local/bin/attscan #$A #; s#--socket /run/clamav/clamd.ctl#--socket $T/clamd2/clamd.sock#"
	expect ship-clamd "shipped clamd.ini"
	shipped clamd-tcp "s#/usr/local/bin/attscan #$A #; s#--tcp clamav.example.net:3310#--tcp 127.0.0.1:$(cat "$T/clamd2/port")#"
	"$root/scripts/clamd-stop" "$T/clamd2"
fi
if have yara; then
	shipped yara "s#/etc/attscan/rules.yar#$T/rules.yar#"
fi
if have bogofilter; then
	mkdir -p "$T/bogo2"
	for _ in 1 2 3; do
		printf 'Subject: casino viagra\n\ncheap pills casino jackpot\n' | bogofilter -d "$T/bogo2" -s
		printf 'Subject: notes\n\nmeeting notes attached\n' | bogofilter -d "$T/bogo2" -n
	done
	shipped bogofilter "s#/var/lib/attscan/bogofilter#$T/bogo2#"
fi

[ -z "$(ls -A "$T/tmp")" ]; ok $? "no scratch directory left behind"
echo "1..$n"
