#!/bin/bash
# 0005-layers.t - includes point only downward between the layers:
#   src/util   knows nothing of mail: includes only util/
#   src/mime   the parser: util/ and mime/
#   src        the pipeline's stages: util/, mime/ and its own
#   cmd, fuzz  the programs: anything in src
# and every local include names its layer ("util/buf.h"), so that the
# include line itself says which way it points.
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
# shellcheck source=tests/tap.sh
. "$here/tap.sh"
cd "$root" || exit 1

# check FILES... ALLOWED-REGEX WHAT
check() {
	what=$1 allowed=$2
	shift 2
	bad=$(grep -H '^#include "' "$@" /dev/null |
	    grep -vE "#include \"($allowed)[a-z0-9_]+\\.h\"")
	[ -z "$bad" ]; ok $? "$what${bad:+: $(echo "$bad" | head -3 | tr '\n' ' ')}"
}
check "src/util includes only src/util" 'util/' src/util/*.[ch]
check "src/mime includes only src/util and src/mime" 'util/|mime/' src/mime/*.[ch]
check "the stages include util, mime and stages, never cmd" 'util/|mime/|' src/*.[ch]
check "cmd and fuzz include only src" 'util/|mime/|' cmd/*/*.c fuzz/*.c
n_files=$(find src -name '*.[ch]' | wc -l)
[ "$n_files" -gt 50 ]; ok $? "looked at $n_files files under src"
echo "1..$n"
