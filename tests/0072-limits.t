#!/bin/bash
# 0072-limits.t - the command line and attscan.ini read limits from one
# table: for every limit a value is taken by both or refused by both, as
# its range says, with the same words ("bad value for --max-depth: R" and
# "FILE:LINE: bad value for max_depth: R"); the other numbers of
# attscan.ini and of templates are read the same way, with FILE:LINE.
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
A=${ATTSCAN:-$root/build/attscan}
T=$(mktemp -d /tmp/attscan-limits.XXXXXX)
trap 'rm -rf "$T"' EXIT
# shellcheck source=tests/tap.sh
. "$here/tap.sh"
msg=$root/test-corpus/cases/empty.eml
mkdir -p "$T/run" "$T/ok.d"
printf '[scanner]\ncommand = /bin/true {file}\nmode = file\n' >"$T/ok.d/s.ini"

# conf FILE [SECTION] LINES - a main file whose LINES start on line 4
conf() {
	printf '[general]\nscanners_dir = %s/ok.d\nrun_dir = %s/run\n%b' \
	    "$T" "$T" "$2" >"$1"
}

# cli OPTION VALUE - exit status of extract with the option; stderr in $T/cli
cli() {
	rm -rf "$T/x"
	"$A" extract -o "$T/x" "--$1" "$2" "$msg" >/dev/null 2>"$T/cli"
}

# ini KEY VALUE - exit status of check-config with [limits] KEY = VALUE
# (on line 5); stderr in $T/ini
ini() {
	conf "$T/l.conf" "[limits]\n$1 = $2\n"
	"$A" check-config -c "$T/l.conf" >/dev/null 2>"$T/ini"
}

# body FILE - the words after "bad value for NAME: "
body() {
	sed -n 's/.*bad value for [a-z_-]*: //p' "$1" | head -1
}

# Each limit with its range as the manual gives it; 1K is 1024, 1G 2^30.
limits="max_depth 1 100000
max_parts 1 10000000
max_header_bytes 1024 1099511627776
max_decoded_bytes 1 1125899906842624
max_uu_blocks 0 1000000
max_alternatives 0 10000"

while read -r key min max; do
	opt=$(echo "$key" | tr _ -)
	grep -q -- "--$opt N .*, .* to .* (default" <("$A" --help)
	ok $? "--help shows --$opt with its range"
	for v in 0 1 10 1023 1024 1K 1k 1G "$max" $((max + 1)) "$min" \
	    $((min - 1)) -1 x '' 0x10 1.5 5KB 99999999999999999999999; do
		case $v in
		1K | 1k) num=1024 ;;
		1G) num=1073741824 ;;
		'' | *[!0-9]*) num= ;;
		*) num=$v ;;
		esac
		want=refused
		if [ -n "$num" ] && [ ${#num} -le 18 ] && [ "$num" -ge "$min" ] &&
		    [ "$num" -le "$max" ]; then
			want=taken
		fi
		cli "$opt" "$v"; c=$?
		ini "$key" "$v"; i=$?
		if [ $want = taken ]; then
			[ $c = 0 ] && [ $i = 0 ]
			ok $? "$key '$v': taken by both (command line $c, ini $i)"
		else
			cb=$(body "$T/cli") ib=$(body "$T/ini")
			[ $c = 64 ] && [ $i = 78 ] && [ -n "$cb" ] &&
			    [ "$cb" = "$ib" ] &&
			    grep -q "^attscan: bad value for --$opt: " "$T/cli" &&
			    grep -q "l.conf:5: bad value for $key: " "$T/ini"
			ok $? "$key '$v': refused by both, same words ($c, $i: $cb)"
		fi
	done
done <<EOF
$limits
EOF

# The inconsistencies of issue #7, one case each.
cli max-uu-blocks 0; c=$?
ini max_uu_blocks 0; i=$?
[ $c = 0 ] && [ $i = 0 ]; ok $? "--max-uu-blocks 0 and max_uu_blocks = 0: both taken"
"$A" extract -o "$T/uu" --max-uu-blocks 0 "$root/test-corpus/cases/inline-uuencode.eml" >/dev/null
grep -q limit_uuencode "$T/uu/manifest.json"; ok $? "... 0 means each uuencoded block is a reached limit"
cli max-header-bytes 10; c=$?
ini max_header_bytes 10; i=$?
[ $c = 64 ] && [ $i = 78 ]; ok $? "--max-header-bytes 10 and max_header_bytes = 10: both refused"
is "$(body "$T/cli")" "'10' is not a size from 1K to 1024G" "... saying why, the same way"
"$A" scan -c "$T/l.conf" --max-depth 0 "$msg" >/dev/null 2>"$T/e"
is $? 75 "a bad limit on the scan command line answers tempfail"
conf "$T/g.conf" "\n[limits]\nmax_parts = 5\nmax_parts = x\n"
"$A" check-config -c "$T/g.conf" >/dev/null 2>"$T/e"
grep -q "g.conf:7: bad value for max_parts: 'x' is not a number" "$T/e"
ok $? "a key given twice: the line of the last, the value iniparser keeps"

# [general]: the same parser, FILE:LINE and words.
for c in "deadline|0|'0' is not a number of seconds from 1 to 86400" \
    "deadline|86401|'86401' is not a number of seconds from 1 to 86400" \
    "deadline|5s|'5s' is not a number of seconds from 1 to 86400" \
    "stale_grace|59|'59' is not a number of seconds from 60 to 2592000"; do
	IFS='|' read -r key v want <<<"$c"
	conf "$T/gen.conf" "$key = $v\n"
	"$A" check-config -c "$T/gen.conf" >/dev/null 2>"$T/e"; st=$?
	[ $st = 78 ] && grep -qF "gen.conf:4: bad value for $key: $want" "$T/e"
	ok $? "[general] $key = $v: $(grep gen.conf "$T/e" | head -1 | sed 's/.*gen.conf/gen.conf/')"
done
conf "$T/gen.conf" "deadline = 1K\nstale_grace = 30K\n"
"$A" check-config -c "$T/gen.conf" >/dev/null 2>&1
is $? 0 "[general] takes K as everywhere (1K = 1024 seconds)"

# Templates: timeout, max_concurrent and max_size, same parser and words.
tpl() {
	mkdir -p "$T/t.d"
	printf '[scanner]\ncommand = /bin/true {file}\n%b' "$1" >"$T/t.d/s.ini"
	conf "$T/t.conf" ""
	"$A" check-config -c "$T/t.conf" --scanners "$T/t.d" >/dev/null 2>"$T/e"
}
for c in "timeout = 0|s.ini:3: bad value for timeout: '0' is not a number of seconds from 1 to 86400" \
    "timeout = 5x|s.ini:3: bad value for timeout: '5x' is not a number of seconds" \
    "timeout = +5|s.ini:3: bad value for timeout: '+5' is not" \
    "max_concurrent = 1025|s.ini:3: bad value for max_concurrent: '1025' is not a number from 1 to 1024" \
    "max_concurrent = 0|s.ini:3: bad value for max_concurrent: '0' is not a number from 1 to 1024" \
    "max_size = 10X|s.ini:3: bad value for max_size: '10X' is not a size from 0 to 1048576G" \
    "max_size = 99999999999G|s.ini:3: bad value for max_size: '99999999999G' is not a size"; do
	tpl "${c%%|*}\n"; st=$?
	[ $st = 78 ] && grep -qF "${c#*|}" "$T/e"
	ok $? "template ${c%%|*}: $(grep s.ini "$T/e" | head -1 | sed 's/.*s.ini/s.ini/' | cut -c1-90)"
done
for c in "max_size = 100M" "max_size =" "max_size = 0" "timeout = 86400" "max_concurrent = 1"; do
	tpl "$c\n"
	is $? 0 "template $c: taken"
done

# FILE:LINE everywhere: a key-less error names the section's line, or the
# file alone when there is none; an unknown section its own line.
tpl "[extra]\nx = 1\n"
grep -q "s.ini:3: unknown section \[extra\] (templates have one section" "$T/e"
ok $? "template unknown section: $(grep s.ini "$T/e" | head -1 | sed 's/.*s.ini/s.ini/')"
mkdir -p "$T/n.d"
printf '; nothing\n[scanner]\nmode = file\n' >"$T/n.d/s.ini"
"$A" check-config -c "$T/t.conf" --scanners "$T/n.d" >/dev/null 2>"$T/e"
grep -q "n.d/s.ini:2: no command" "$T/e"; ok $? "missing command: the line of [scanner]"
printf '; nothing\n' >"$T/n.d/s.ini"
"$A" check-config -c "$T/t.conf" --scanners "$T/n.d" >/dev/null 2>"$T/e"
grep -q "n.d/s.ini: no command" "$T/e"; ok $? "no [scanner] at all: the file alone"
printf '[general]\nscanners_dir = %s/ok.d\n[limits\n' "$T" >"$T/syn.conf"
"$A" check-config -c "$T/syn.conf" >/dev/null 2>"$T/e"
grep -q "syn.conf:3: syntax error: '\[limits'" "$T/e"; ok $? "syntax error: $(head -1 "$T/e")"

echo "1..$n"
