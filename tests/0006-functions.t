#!/bin/bash
# 0006-functions.t - no function in src/ or cmd/ is longer than about 120
# lines (STYLE.md 2.1): a function that long does more than one job.  A
# function is counted from its name at the start of a line to the closing
# brace at the start of a line, as KNF writes them.
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
# shellcheck source=tests/tap.sh
. "$here/tap.sh"
cd "$root" || exit 1
MAX=120

long=$(find src cmd -name '*.c' ! -name '*_test.c' | sort | while read -r f; do
	awk -v f="$f" -v max="$MAX" '
	    /^[a-z_][a-z0-9_]*\(/ { name = $0; sub(/\(.*/, "", name); start = NR }
	    /^}/ { if (name != "" && NR - start > max)
		    printf "%s:%d %s (%d lines)\n", f, start, name, NR - start
		name = "" }' "$f"
done)
[ -z "$long" ]; ok $? "no function over $MAX lines${long:+: $(echo "$long" | tr '\n' ';')}"
n_funcs=$(find src cmd -name '*.c' ! -name '*_test.c' -exec grep -c '^[a-z_][a-z0-9_]*(' {} + |
    awk -F: '{ s += $NF } END { print s }')
[ "$n_funcs" -gt 300 ]; ok $? "counted $n_funcs functions"
echo "1..$n"
