# tap.sh - TAP helpers for the shell tests, sourced by tests/*.t:
#   ok STATUS TEXT       "ok N - TEXT" when STATUS is 0, else "not ok N"
#   is GOT WANT TEXT     ok when GOT equals WANT, showing both
#   skip TEXT WHY        "ok N - TEXT # SKIP WHY"
#   yara_template RULES INI [file]   the EICAR rule and a YARA template
#                        (directory mode, or file mode)
#   need_yara WHAT RULES INI  yara_template, or without yara one skip
#                        naming WHAT and the end of the test
#   stand_in NAME COMMAND [KEY=VALUE...]   a template in $T/NAME.d and
#                        $T/NAME.conf (clean 0, infected 1, error 2),
#                        with the [policy] rules off
#   policy_off CONF      prepend a [policy] that turns every rule off: the
#                        scanner tests' messages carry names and types the
#                        default policy refuses (eicar.com, a bidi name),
#                        and they test what the scanner's answer does
#   attach_scan CONF FILE[=NAME]...   a message $T/m.eml carrying the
#                        files (tests/mkmsg), scanned with CONF, report in
#                        $T/r.json; returns attscan's exit status
#   archive_findings     "NAME:CATEGORY:ENTRY ..." of $T/r.json's findings
#                        of stage archive
# The test prints the plan, "1..$n", at its end.
n=0
ok() { n=$((n + 1)); if [ "$1" = 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; fi; }
is() { [ "$1" = "$2" ]; ok $? "$3 (got '$1', want '$2')"; }
skip() { n=$((n + 1)); echo "ok $n - $1 # SKIP $2"; }

# yara_template RULES INI: a YARA rule on the EICAR string in RULES and a
# directory-mode template using it in INI (yara exits 0 either way: its
# output decides; it does not unpack archives)
yara_template() {
	local mode=${3:-directory} target='{dir}'
	[ "$mode" = file ] && target='{file}'
	printf 'rule Attscan_Test_EICAR\n{\n    strings:\n        $a = "EICAR-STANDARD-ANTIVIRUS"\n        $b = "-TEST-FILE!"\n    condition:\n        $a and $b\n}\n' >"$1"
	cat >"$2" <<EOF
[scanner]
command = /usr/bin/yara -r $1 $target
mode = $mode
clean = 0
error = 1-255
infected_regex = '^\\S+ /'
name_regex = '^(\\S+) /'
file_regex = '^\\S+ (/\\S+)\$'
EOF
}

# need_yara WHAT RULES INI: the YARA template, or (no yara) the test
# ends here with one skip naming WHAT
need_yara() {
	if ! command -v yara >/dev/null 2>&1; then
		skip "$1" "yara is not installed"
		echo "1..$n"
		exit 0
	fi
	yara_template "$2" "$3"
}

# stand_in NAME COMMAND [KEY=VALUE...]: one template in $T/NAME.d, its own
# config $T/NAME.conf (exit 0 clean, 1 infected, 2 error; names as
# "FILE: NAME FOUND")
stand_in() {
	name=$1 cmd=$2
	shift 2
	mkdir -p "$T/$name.d"
	{
		echo "[scanner]"
		echo "command = $cmd"
		echo "clean = 0"
		echo "infected = 1"
		echo "error = 2"
		echo "name_regex = '^.*: (.+) FOUND\$'"
		for kv in "$@"; do echo "${kv%%=*} = ${kv#*=}"; done
	} >"$T/$name.d/$name.ini"
	printf '[general]\nscanners_dir = %s\nrun_dir = %s/run\n' \
	    "$T/$name.d" "$T" >"$T/$name.conf"
	policy_off "$T/$name.conf"
}

# policy_off CONF: every [policy] rule off (see above), put first so that
# lines the test appends later still land in [general]
policy_off() {
	{ printf '[policy]\nbanned_extensions =\nbanned_types =\ndouble_extensions = off\ntype_mismatch = off\nbidi_control = off\nambiguous = off\n'
	  cat "$1"; } >"$1.policy" && mv "$1.policy" "$1"
}

# attach_scan CONF FILE[=NAME]...: the files attached to $T/m.eml, scanned
attach_scan() {
	local conf=$1
	shift
	"$(dirname "${BASH_SOURCE[0]}")/mkmsg" "$T/m.eml" "$@" &&
	    "$A" scan -c "$conf" --report "$T/r.json" "$T/m.eml" 2>"$T/err"
}

# archive_findings: the archive-stage findings of $T/r.json, one word each
archive_findings() {
	python3 -c 'import json, sys
r = json.load(open(sys.argv[1]))
print(" ".join("%s:%s:%s" % (f["name"], f["category"], f["entry"])
    for f in r["findings"] if f["stage"] == "archive"))' "$T/r.json"
}
