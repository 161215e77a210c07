#!/bin/bash
# 0182-content-config.t - check-config compiles every [content] pattern
# (issue 11) and names FILE:LINE for a broken pattern, an unknown target,
# an unknown category, a value iniparser cut at ';', a bad threshold or
# rule_limit; scan refuses such a file (tempfail), and a good one passes.
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
A=${ATTSCAN:-$root/build/attscan}
F=$here/fake-scanner
T=$(mktemp -d /tmp/attscan-cconf.XXXXXX)
trap 'rm -rf "$T"' EXIT
# shellcheck source=tests/tap.sh
. "$here/tap.sh"
mkdir -p "$T/tmp"

stand_in bad "$F clean {file}"
# the lines of [content] start at line 4 of bad.conf (stand_in writes 3)
cat >>"$T/bad.conf" <<'EOF2'
[content]
good = subject banned '(?i)it\x27s urgent\x3b act now'
broken = body banned '(unclosed'
where = bodyx banned 'x'
what = body evil 'x'
cut = body banned 'a;b'
content_threshold = -1
rule_limit = clean
EOF2
"$A" check-config -c "$T/bad.conf" >"$T/out" 2>"$T/err"
rc=$?
[ "$rc" -ne 0 ]; ok $? "check-config fails (exit $rc)"
grep -q "^attscan: $T/bad.conf:6: rule broken: bad pattern at offset 9: missing closing parenthesis" "$T/err"
ok $? "broken pattern: FILE:LINE and PCRE2's words"
grep -q "^attscan: $T/bad.conf:7: rule where: unknown target 'bodyx'" "$T/err"
ok $? "unknown target: FILE:LINE"
grep -q "^attscan: $T/bad.conf:8: rule what: unknown category 'evil'" "$T/err"
ok $? "unknown category: FILE:LINE"
grep -q "^attscan: $T/bad.conf:9: rule cut: want TARGET CATEGORY|+N 'PATTERN'.*x3b" "$T/err"
ok $? "a ';' cut the value: FILE:LINE and how to write it"
grep -q "^attscan: $T/bad.conf:10: bad value for content_threshold: '-1'" "$T/err"
ok $? "bad content_threshold: FILE:LINE, the words of the limits table"
grep -q "^attscan: $T/bad.conf:11: rule_limit: unknown category 'clean'" "$T/err"
ok $? "rule_limit cannot be clean"
is "$(grep -c "bad.conf:5:" "$T/err")" 0 "a quote and ';' written \\x27 \\x3b: no error"
is "$(grep -c ' errors, ' "$T/out")" 1 "one summary line"
grep -q "6 errors" "$T/out"; ok $? "six errors counted"

printf 'From: a@b\nSubject: x\n\nhello\n' >"$T/m.eml"
"$A" scan -d -c "$T/bad.conf" --tmpdir "$T/tmp" "$T/m.eml" 2>/dev/null
is $? 75 "scan with a broken rule: tempfail"

stand_in good "$F clean {file}"
printf '[content]\ngood = subject banned %s\n' "'(?i)it\\x27s urgent\\x3b act now'" >>"$T/good.conf"
"$A" check-config -c "$T/good.conf" >"$T/gout" 2>&1; is $? 0 "good rules: check-config passes"
grep -q "^content: 1 rules (1 header, 0 body, 0 filename), content_threshold 0, rule_limit unchecked$" "$T/gout"
ok $? "check-config lists the rules and their settings"
printf 'From: a@b\nSubject: It'"'"'s URGENT; act now\n\nhello\n' >"$T/u.eml"
"$A" scan -d -c "$T/good.conf" --tmpdir "$T/tmp" "$T/u.eml" 2>/dev/null
is $? 1 "\\x27 and \\x3b match a quote and a ';'"
echo "1..$n"
