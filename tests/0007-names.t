#!/bin/bash
# 0007-names.t - every name a module exports carries the module's prefix
# (STYLE.md 2.2: module_verb()), so that a reader knows from a call where
# it lives.  Looks at the objects of the build (nm): for src/X.c, each
# defined global must be X or start with X_, or with one of the prefixes
# listed for X below, for modules that hold a small family of names.
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
# shellcheck source=tests/tap.sh
. "$here/tap.sh"
B=$root/${BUILD_DIR:-build}

# prefixes MODULE: what else the module may export
prefixes() {
	case $1 in
	charset) echo "utf8_" ;;		# UTF-8 helpers beside iconv
	decode) echo "b64_ qp_" ;;		# the two transfer decoders
	inifile) echo "ini_" ;;
	log) echo "fatal fatalx panic" ;;	# OpenSMTPD's names
	mime_*) echo "mime_" ;;			# the parser's private files
	param) echo "hvalue_" ;;		# a header value and its params
	scanconf) echo "scanner_" ;;		# a template is a scanner
	slots) echo "slot_" ;;
	xmem) echo "x" ;;			# xmalloc, xstrdup, ... as Postfix
	esac
}

if ! command -v nm >/dev/null || [ ! -d "$B" ]; then
	echo "1..0 # SKIP no build in $B or no nm"
	exit 0
fi
objs=$(find "$B" -name '*.o' ! -path '*/test/*' ! -path '*/cmd/*' \
    ! -name 'magic-compile*' | sort)
count=0
for o in $objs; do
	m=$(basename "$o" .o)
	extra=$(prefixes "$m")
	bad=""
	for s in $(nm -g --defined-only "$o" | awk '{print $3}'); do
		# the module's own, or the compiler's (__odr_asan.* under ASan)
		case $s in "$m"|"$m"_*|__*) continue ;; esac
		fine=no
		for p in $extra; do
			case $s in "$p"*) fine=yes ;; esac
		done
		[ "$fine" = yes ] || bad="$bad $s"
	done
	count=$((count + 1))
	[ -z "$bad" ]; ok $? "$m exports only its own names${bad:+:$bad}"
done
[ "$count" -gt 30 ]; ok $? "looked at $count modules"
echo "1..$n"
