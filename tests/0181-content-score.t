#!/bin/bash
# 0181-content-score.t - [content] scores and limits (issue 11): two +3
# rules against content_threshold = 5 make spam, one alone is clean (and
# listed without weight); a catastrophic-backtracking pattern on a 10 MB
# body is a rule_limit finding (unchecked by default, answered as
# on_limit says; rule_limit = banned refuses), never a silent no-match;
# the same pattern on a short line with the end it wants matches.  How
# long the 10 MB body takes is bench/content's business, not this test's.
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
A=${ATTSCAN:-$root/build/attscan}
F=$here/fake-scanner
T=$(mktemp -d /tmp/attscan-cscore.XXXXXX)
trap 'rm -rf "$T"' EXIT
# shellcheck source=tests/tap.sh
. "$here/tap.sh"
mkdir -p "$T/tmp"

# scan CONF MSG: report $T/MSG.json, log $T/MSG.err
scan() {
	"$A" scan -d -c "$T/$1.conf" --tmpdir "$T/tmp" --report "$T/$2.json" \
	    "$T/$2.eml" 2>"$T/$2.err"
}
field() { python3 -c "import json,sys; r=json.load(open(sys.argv[1])); print($2)" "$T/$1.json"; }
msg() {
	printf 'From: a@example.com\nTo: b@example.org\nSubject: %s\nMIME-Version: 1.0\nContent-Type: text/plain\n\n%s\n' \
	    "$2" "$3" >"$T/$1.eml"
}

stand_in s "$F clean {file}"
cat >>"$T/s.conf" <<'EOF2'
[content]
pills = body +3 '(?i)\bcheap pills\b'
urgent = subject +3 '(?i)urgent'
content_threshold = 5
EOF2
msg two 'URGENT offer' 'cheap pills here'
msg one 'offer' 'Cheap Pills here'
msg none 'offer' 'nothing to see'
scan s two; is $? 1 "two +3 rules, threshold 5: exit 1"
is "$(field two 'r["category"], r["finding"]["name"], r["finding"]["rule"]')" "spam content_score content_threshold" \
    "report: spam by the score (the header is read first)"
is "$(field two 'r["finding"]["reason"]')" "content score 6 reached content_threshold 5 (urgent +3, pills +3)" \
    "reason: the score and the rules that made it"
is "$(field two '[(f["rule"], f["counted"]) for f in r["findings"]][:2]')" "[('urgent', False), ('pills', False)]" \
    "each +3 listed, without weight"
scan s one; is $? 0 "one +3 rule, threshold 5: clean"
is "$(field one 'r["category"], len(r["findings"]), r["findings"][0]["rule"]')" "clean 1 pills" \
    "report: clean, the +3 listed"
scan s none; is $? 0 "no rule: clean"

# 10 MB of "a" then "!" on one line: (a+)+$ cannot match and backtracks
# without end.  Window by window the ends are not the line's end.
python3 -c "
import sys
sys.stdout.write('From: a@example.com\nSubject: big\nContent-Type: text/plain\n\n' + 'a' * (10 << 20) + '!\n')" >"$T/big.eml"
stand_in l "$F clean {file}"
printf '[content]\nevil = body banned %s\n' "'(a+)+\$'" >>"$T/l.conf"
scan l big; is $? 75 "(a+)+\$ on a 10 MB body: unchecked, on_limit tempfail: exit 75"
is "$(field big 'r["category"], r["finding"]["name"], r["finding"]["rule"], r["finding"]["target"], r["finding"]["entry"]')" \
    "unchecked rule_limit evil body 0001.ATT" "report: a rule_limit finding naming rule, target and part"
grep -q 'stage=content source=content entry=0001.ATT name="rule_limit" .*why="content rule .evil. on body reached the match limit in 0001.ATT' "$T/big.err"
ok $? "log line: the rule reached the match limit"
msg short 'x' 'aaaaaaaaaa'
scan l short; is $? 1 "the same pattern on a line it matches: banned"
stand_in lb "$F clean {file}"
printf '[content]\nevil = body banned %s\nrule_limit = banned\n' "'(a+)+\$'" >>"$T/lb.conf"
scan lb big; is $? 1 "rule_limit = banned: the limit refuses"
is "$(field big 'r["category"], r["finding"]["name"]')" "banned rule_limit" "report: banned rule_limit"
stand_in ld "$F clean {file}"
printf '[content]\nevil = body banned %s\ndepth_limit = 100\nmatch_limit = 100000000\n' "'(a|b)+!'" >>"$T/ld.conf"
scan ld big; is $? 75 "a group repeated over a 64 KiB window: the depth limit"
is "$(field big 'r["finding"]["reason"]')" "content rule 'evil' on body reached the depth limit in 0001.ATT (part 1)" \
    "reason: the depth limit"
[ -z "$(ls -A "$T/tmp")" ]; ok $? "no scratch directory left"
echo "1..$n"
