#!/bin/bash
# 0097-install.t - make install with another PREFIX after a plain build
# (issue #8): the installed binary has the new paths compiled in, never
# the old ones; every file is in place with its mode (scanners.d/README,
# both man pages, the tmpfiles.d entry, run_dir and quarantine_dir 2770);
# the configuration is never overwritten; uninstall leaves configuration
# and quarantine.  Builds in its own directory (B=$T/build), so the tree's
# build/ is not touched.
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
T=$(mktemp -d /tmp/attscan-install.XXXXXX)
trap 'rm -rf "$T"' EXIT
# shellcheck source=tests/tap.sh
. "$here/tap.sh"
# Not the calling make's variables (make check, check-asan): a plain build.
unset MAKEFLAGS MFLAGS MAKELEVEL SANITIZE PREFIX DESTDIR BINDIR DATADIR \
    MANDIR SYSCONFDIR
R=$T/root
mk() { make -s -C "$root" B="$T/build" "$@"; }

mk all >"$T/build.log" 2>&1
ok $? "a plain build (default PREFIX) in $T/build"
grep -aq /usr/local/share/attscan/attscan.mgc "$T/build/attscan"
ok $? "... has /usr/local/share/attscan compiled in"
mk install DESTDIR="$R" PREFIX=/usr >"$T/install.log" 2>&1
ok $? "make install DESTDIR=... PREFIX=/usr after it"
"$R/usr/bin/attscan" --version | grep -q '^attscan '
ok $? "the installed binary runs (--version)"
grep -aq /usr/share/attscan/attscan.mgc "$R/usr/bin/attscan"
ok $? "it looks for its magic database at /usr/share/attscan/attscan.mgc"
grep -aq /usr/local/share/attscan "$R/usr/bin/attscan"
is $? 1 "... and nowhere under the old prefix"
"$R/usr/bin/attscan" extract --magic "$R/usr/share/attscan/attscan.mgc" \
    -o "$T/x" "$root/test-corpus/cases/filenames.eml" >/dev/null 2>"$T/x.err"
ok $? "the installed magic database loads (extract with it)"

# mode path: every installed file
bad=0
while read -r mode path; do
	got=$(stat -c %a "$R$path" 2>/dev/null)
	if [ "$got" != "$mode" ]; then
		echo "# $path: mode '$got', want $mode"
		bad=$((bad + 1))
	fi
done <<'EOF_LIST'
755 /usr/bin/attscan
644 /usr/share/attscan/attscan.mgc
644 /usr/share/man/man8/attscan.8
644 /usr/share/man/man5/attscan-scanners.5
644 /usr/share/man/man5/attscan.ini.5
644 /usr/lib/tmpfiles.d/attscan.conf
644 /etc/attscan/attscan.ini
644 /etc/attscan/scanners.d/README
644 /etc/attscan/scanners.d/clamd.ini
2770 /run/attscan
2770 /var/spool/attscan/quarantine
EOF_LIST
is "$bad" 0 "every file in place with its mode"
is "$(find "$root/scanners.d" -name "*.ini" | wc -l)" "$(find "$R/etc/attscan/scanners.d" -name "*.ini" | wc -l)" \
    "every template installed"
is "$(grep -v '^#' "$R/usr/lib/tmpfiles.d/attscan.conf")" "d /run/attscan 2770 root attscan -" \
    "tmpfiles.d entry for run_dir"
grep -q '^command *= /usr/bin/attscan clamd ' "$R/etc/attscan/scanners.d/clamd.ini"
ok $? "clamd.ini names the installed binary"
grep -q 'groupadd -r attscan' "$T/install.log"
ok $? "with DESTDIR: what root must do (the group) is printed"

echo '; edited' >>"$R/etc/attscan/attscan.ini"
echo '; edited' >>"$R/etc/attscan/scanners.d/clamd.ini"
mk install DESTDIR="$R" PREFIX=/usr >/dev/null 2>&1
tail -n 1 "$R/etc/attscan/attscan.ini" "$R/etc/attscan/scanners.d/clamd.ini" |
    grep -c '^; edited' | grep -qx 2
ok $? "installing again keeps the administrator's edits"

mk all >/dev/null 2>&1
grep -aq /usr/local/share/attscan/attscan.mgc "$T/build/attscan"
ok $? "a plain make after it builds for the default prefix again"

touch "$R/var/spool/attscan/quarantine/held"
mk uninstall DESTDIR="$R" PREFIX=/usr >/dev/null 2>&1
ok $? "make uninstall"
left=$(cd "$R" && find . -type f | sort | grep -v '^./etc/attscan/' | tr '\n' ' ')
is "$left" "./var/spool/attscan/quarantine/held " "uninstall leaves only the configuration and the quarantine"
[ -f "$R/etc/attscan/attscan.ini" ] && [ ! -e "$R/etc/attscan/scanners.d/README" ] &&
    [ ! -e "$R/run/attscan" ]
ok $? "... the configuration stays, README and run_dir go"

echo "1..$n"
