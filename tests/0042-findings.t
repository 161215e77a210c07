#!/bin/bash
# 0042-findings.t - the message's category comes from findings (issue #7):
# the report lists every finding and names the one that decided, the log
# line names it too, and the answer follows the category: spam answers 1
# as infected did, an error under on_error = accept is listed but decides
# nothing, a message left unchecked answers as on_limit says, and
# attscan's own failure (a missing message) is a finding with a report.
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
A=${ATTSCAN:-$root/build/attscan}
F=$here/fake-scanner
T=$(mktemp -d /tmp/attscan-findings.XXXXXX)
trap 'rm -rf "$T"' EXIT
# shellcheck source=tests/tap.sh
. "$here/tap.sh"
msg=$root/test-corpus/cases/filenames.eml
mkdir -p "$T/tmp" "$T/run"

scan() {
	"$A" scan -d -c "$T/$1.conf" --tmpdir "$T/tmp" --report "$T/$1.json" \
	    "${@:2}" 2>"$T/$1.err"
}
# field NAME EXPR: a Python expression over the report r
field() { python3 -c "import json,sys; r=json.load(open(sys.argv[1])); print($2)" "$T/$1.json"; }

stand_in inf "$F infected {file}"
scan inf "$msg"; is $? 1 "infected: exit 1"
is "$(field inf 'r["verdict"], r["category"]')" "infected infected" "report: verdict and category"
is "$(field inf 'r["finding"]["stage"], r["finding"]["source"], r["finding"]["entry"], r["finding"]["name"]')" \
    "scanner inf 0001.ATT Fake.Virus" "report: the deciding finding"
is "$(field inf 'len(r["findings"])')" 6 "report: one finding per part that was found"
grep -q 'verdict=infected category=infected stage=scanner source=inf entry=0001.ATT name="Fake.Virus"' "$T/inf.err"
ok $? "log line names the deciding finding"

stand_in spam "$F infected {file}" class=spam
scan spam "$msg"; is $? 1 "spam class, infected outcome: exit 1 as before"
is "$(field spam 'r["verdict"], r["category"], r["finding"]["category"]')" "infected spam spam" \
    "report: verdict stays 'infected', category spam"

stand_in acc "$F exit 2 {file}" on_error=accept
scan acc "$msg"; is $? 0 "error with on_error = accept: clean"
is "$(field acc 'r["category"], r["finding"], r["why"]')" "clean None no scanner found anything" \
    "report: nothing decided"
is "$(field acc '[f["counted"] for f in r["findings"]][0], len(r["findings"])')" "False 6" \
    "report: the errors are listed without weight"

stand_in err "$F exit 2 {file}"
scan err "$msg"; is $? 75 "scanner error: tempfail"
is "$(field err 'r["verdict"], r["category"], r["finding"]["reason"]')" "tempfail tempfail exit code 2 means error" \
    "report: the failed run decided"

for lim in tempfail:75:tempfail accept:0:clean reject:1:infected; do
	IFS=: read -r rule code word <<<"$lim"
	stand_in "lim$rule" "$F clean {file}"
	printf 'on_limit = %s\n[limits]\nmax_parts = 2\n' "$rule" >>"$T/lim$rule.conf"
	scan "lim$rule" "$msg"; is $? "$code" "limit reached, on_limit = $rule: exit $code"
	is "$(field "lim$rule" 'r["verdict"], r["category"], r["finding"]["stage"]')" "$word unchecked limit" \
	    "report: unchecked, answered $word"
done

scan inf "$T/no-such.eml"; is $? 75 "missing message: tempfail"
is "$(field inf 'r["verdict"], r["finding"]["stage"], r["finding"]["source"]')" "tempfail run input" \
    "report written all the same, naming the failure"
grep -q "verdict=tempfail category=tempfail stage=run source=input .*why=\"cannot open '$T/no-such.eml'" "$T/inf.err"
ok $? "log line says why"
[ -z "$(ls -A "$T/tmp")" ]; ok $? "no scratch directory left"
echo "1..$n"
