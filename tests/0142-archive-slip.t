#!/bin/bash
# 0142-archive-slip.t - member names never become paths: a zip with
# ../../slip-dotdot and /tmp/slip-abs, and a tar with those, a symbolic
# link to /tmp then a member written "through" it, a hard link to
# /etc/passwd, a character device and a FIFO, are unpacked under
# strace -f; every file, directory, link or node created (openat with
# O_CREAT, mkdir, symlink, link, rename, mknod that succeeded) is inside
# attscan's scratch directory, or is the report this test asked for or a
# slot file of run_dir.
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
A=${ATTSCAN:-$root/build/attscan}
T=$(mktemp -d /tmp/attscan-slip.XXXXXX)
trap 'rm -rf "$T"' EXIT
# shellcheck source=tests/tap.sh
. "$here/tap.sh"
if ! command -v strace >/dev/null || ! strace -f -o /dev/null true 2>/dev/null; then
	echo "1..0 # SKIP strace missing or not allowed (ptrace) here"
	exit 0
fi
mkdir -p "$T/d" "$T/run" "$T/w" "$T/tmp"
yara_template "$T/rules.yar" "$T/d/yara.ini" file
printf '[general]\nscanners_dir = %s/d\nrun_dir = %s/run\n' "$T" "$T" >"$T/a.conf"
cd "$T/w" || exit 1
"$here/mkbomb" slipzip slip.zip
"$here/mkbomb" sliptar slip.tar
"$here/mkmsg" "$T/slip.eml" slip.zip slip.tar
# LeakSanitizer cannot run under ptrace: no leak check for this one run.
ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0 \
    strace -f -y -qq -o "$T/strace" \
    -e trace=openat,open,creat,mkdirat,mkdir,symlinkat,symlink,linkat,link,renameat2,renameat,rename,mknodat,mknod \
    "$A" scan -c "$T/a.conf" --tmpdir "$T/tmp" --report "$T/r.json" "$T/slip.eml" 2>"$T/err"
is $? 0 "the slip archives scan clean"
python3 - "$T/strace" "$T" <<'PY'; ok $? "every successful create is in the scratch directory"
import re, sys
log, top = sys.argv[1], sys.argv[2]
creates, bad = 0, []
for line in open(log):
    m = re.match(r'\d+\s+(\w+)\((.*)\)\s+=\s+(-?\d+)(<([^>]*)>)?', line)
    if not m or int(m.group(3)) < 0:
        continue
    call, args = m.group(1), m.group(2)
    if call in ('openat', 'open') and 'O_CREAT' not in args:
        continue
    if call in ('openat', 'open', 'creat'):
        path = m.group(5)
    else:
        # dirfd<path>, "name": the first path argument
        a = re.match(r'(?:(?:AT_FDCWD|\d+)<([^>]*)>, )?"([^"]*)"', args)
        path = a.group(2) if a.group(2).startswith('/') else (a.group(1) or '?') + '/' + a.group(2)
        if call in ('linkat', 'link', 'symlinkat', 'symlink', 'renameat2', 'renameat', 'rename'):
            path = call + ' ' + args     # no link or rename is expected at all
    creates += 1
    # the report asked for, and attscan's own slot files in run_dir
    if path == top + '/r.json' or re.match(re.escape(top) + r'/run/\w+\.\d+\.slot$', path or '') or re.match(re.escape(top) + r'/tmp/attscan-scratch\.\d+\.\w+(/|$)', path or ''):
        continue
    bad.append(path)
assert creates >= 10, creates
assert not bad, bad
print('# %d creates, all in scratch' % creates)
PY
python3 - "$T/r.json" <<'PY'; ok $? "members listed under their names, written as NNNN.ATT; the hard link an empty member, its target never read; symlink, device and FIFO skipped"
import json, sys
r = json.load(open(sys.argv[1]))
m = {p["archive_path"]: p for p in r["parts"] if p["kind"] == "archive-member"}
assert set(m) == {"slip.tar//tmp/slip-abs", "slip.tar/../../slip-dotdot", "slip.tar/ok.txt",
                  "slip.tar/slip-link/slip-through", "slip.tar/slip-hard",
                  "slip.zip//tmp/slip-abs", "slip.zip/../../slip-dotdot",
                  "slip.zip/ok.txt"}, sorted(m)
assert m["slip.tar/slip-hard"]["size"] == 0
assert all(p["file"].endswith(".ATT") for p in r["parts"])
PY
ls /tmp/slip-abs "$T/slip-dotdot" "$T/tmp/slip-dotdot" /tmp/slip-through >/dev/null 2>&1
ok $((!$?)) "no slip-* file exists outside"
echo "1..$n"
