#!/bin/bash
# 0160-policy-names.t - [policy] with its built-in defaults (issue 10):
# every plausible file name of a part counts (Content-Type name and
# Content-Disposition filename, RFC 2231 continuations read several ways,
# RFC 2047 words, NUL, full-width letters, trailing dots, paths), a
# bidirectional control is banned, and the true type decides whatever
# the name says (a PE named report.txt, MSI, macro documents in OOXML and
# OLE).  The scanner is a stand-in that finds nothing, so the policy alone
# decides; the generic profile answers 1 for banned and ambiguous.
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
A=${ATTSCAN:-$root/build/attscan}
F=$here/fake-scanner
T=$(mktemp -d /tmp/attscan-policy.XXXXXX)
trap 'rm -rf "$T"' EXIT
# shellcheck source=tests/tap.sh
. "$here/tap.sh"
mkdir -p "$T/tmp" "$T/run"
python3 "$here/policy-msgs" "$T/m" || { echo "1..0 # SKIP python3 cannot write the samples"; exit 0; }
stand_in clean "$F clean {file}"
# the built-in policy: the general section alone (stand_in turns it off)
printf '[general]\nscanners_dir = %s\nrun_dir = %s/run\n' "$T/clean.d" "$T" >"$T/clean.conf"

# check CASE EXIT RULE [CATEGORY]: the answer, and the deciding finding
check() {
	"$A" scan -d -c "$T/clean.conf" --tmpdir "$T/tmp" --report "$T/r.json" \
	    "$T/m/$1.eml" 2>"$T/err"
	is $? "$2" "$1: exit $2"
	[ "$3" = - ] && return
	got=$(python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); f=r["finding"]; print(f["stage"], f["source"], f["name"], f["category"])' "$T/r.json")
	is "$got" "policy policy $3 ${4:-banned}" "$1: decided by the $3 rule"
	grep -q "stage=policy source=policy .*name=\"$3\"" "$T/err"
	ok $? "$1: the log line names the rule"
}

check clean-text 0 -
check clean-pdf-name 0 -
check clean-docx 0 -
check clean-ole 0 -
check pe-report-txt 1 banned_types
check pe-noext 1 banned_types
check double-ext 1 double_extensions
check rlo 1 bidi_control
check rlo-doc 1 bidi_control
check name-vs-filename 1 banned_extensions
check filename-vs-name 1 banned_extensions
check fullwidth 1 banned_extensions
check trailing-dots 1 banned_extensions
check rfc2047-name 1 banned_extensions
check rfc2231-dup-section 1 banned_extensions
check rfc2231-out-of-order 1 banned_extensions
check nul-name 1 banned_extensions
check path-name 1 banned_extensions
check many-names 1 ambiguous ambiguous
check macro-ooxml 1 banned_types
check macro-ooxml-as-docx 1 banned_types
check macro-ole 1 banned_types
check msi 1 banned_types

# The true types the policy saw are in the findings' reasons.
for c in macro-ooxml:application/x-macro-ooxml macro-ole:application/x-macro-ole \
    msi:application/x-msi pe-report-txt:application/vnd.microsoft.portable-executable; do
	"$A" scan -c "$T/clean.conf" --tmpdir "$T/tmp" --report "$T/r.json" "$T/m/${c%%:*}.eml" 2>/dev/null
	grep -q "banned type ${c#*:}\"" "$T/r.json"; ok $? "${c%%:*}: true type ${c#*:}"
done

# A PE named report.txt with banned_types emptied: the type_mismatch rule.
cp "$T/clean.conf" "$T/mm.conf"
printf '[policy]\nbanned_types =\n' >>"$T/mm.conf"
"$A" scan -d -c "$T/mm.conf" --tmpdir "$T/tmp" "$T/m/pe-report-txt.eml" 2>"$T/err"
is $? 1 "banned_types empty: the PE named report.txt is still refused"
grep -q 'name="type_mismatch"' "$T/err"; ok $? "... by type_mismatch"

# The manifest lists every candidate name.
"$A" extract -o "$T/x" "$T/m/name-vs-filename.eml" >/dev/null
python3 -c 'import json,sys; m=json.load(open(sys.argv[1])); p=[p for p in m["parts"] if p["filenames"]][0]; sys.exit(p["filenames"] != ["a.exe", "a.txt"])' "$T/x/manifest.json"
ok $? "manifest: filenames lists the filename and the name"
"$A" extract -o "$T/y" "$T/m/rfc2231-out-of-order.eml" >/dev/null
python3 -c 'import json,sys; m=json.load(open(sys.argv[1])); p=[p for p in m["parts"] if p["filenames"]][0]; sys.exit(p["filenames"] != ["a.exe.txt", ".txta.exe"])' "$T/y/manifest.json"
ok $? "manifest: RFC 2231 sections sorted and as written"

echo "1..$n"
