# tap.sh - TAP helpers for the shell tests, sourced by tests/*.t:
#   ok STATUS TEXT       "ok N - TEXT" when STATUS is 0, else "not ok N"
#   is GOT WANT TEXT     ok when GOT equals WANT, showing both
#   skip TEXT WHY        "ok N - TEXT # SKIP WHY"
#   yara_template RULES INI   the EICAR rule and a YARA template
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
