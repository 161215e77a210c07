# tap.sh - TAP helpers for the shell tests, sourced by tests/*.t:
#   ok STATUS TEXT       "ok N - TEXT" when STATUS is 0, else "not ok N"
#   is GOT WANT TEXT     ok when GOT equals WANT, showing both
#   skip TEXT WHY        "ok N - TEXT # SKIP WHY"
#   yara_template RULES INI   the EICAR rule and a YARA template
#   need_yara WHAT RULES INI  yara_template, or without yara one skip
#                        naming WHAT and the end of the test
#   stand_in NAME COMMAND [KEY=VALUE...]   a template in $T/NAME.d and
#                        $T/NAME.conf (clean 0, infected 1, error 2)
# The test prints the plan, "1..$n", at its end.
n=0
ok() { n=$((n + 1)); if [ "$1" = 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; fi; }
is() { [ "$1" = "$2" ]; ok $? "$3 (got '$1', want '$2')"; }
skip() { n=$((n + 1)); echo "ok $n - $1 # SKIP $2"; }

# yara_template RULES INI: a YARA rule on the EICAR string in RULES and a
# directory-mode template using it in INI (yara exits 0 either way: its
# output decides; it does not unpack archives)
yara_template() {
	printf 'rule Attscan_Test_EICAR\n{\n    strings:\n        $a = "EICAR-STANDARD-ANTIVIRUS"\n        $b = "-TEST-FILE!"\n    condition:\n        $a and $b\n}\n' >"$1"
	cat >"$2" <<EOF
[scanner]
command = /usr/bin/yara -r $1 {dir}
mode = directory
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
}
