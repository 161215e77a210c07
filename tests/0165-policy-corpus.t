#!/bin/bash
# 0165-policy-corpus.t - what the default [policy] blocks in ordinary mail
# (issue 10): every message of test-corpus/ordinary.list (the ordinary
# mail of ../shared/corpus/real) is scanned with the built-in policy and a
# scanner that finds nothing; a message a policy rule decides must be
# explained in test-corpus/ORACLE-DIFFS.md (section "Policy", lines
# "- policy `PATH`: why").  The count is printed.  Skips, saying why,
# where ../shared is absent.
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
A=${ATTSCAN:-$root/build/attscan}
C=${CORPUS:-$root/../shared/corpus/real}
[ -d "$C" ] || C=/work/shared/corpus/real
if [ ! -d "$C" ]; then
	echo "1..0 # SKIP no ../shared/corpus/real: the ordinary-mail measurement needs it"
	exit 0
fi
T=$(mktemp -d /tmp/attscan-polcorpus.XXXXXX)
trap 'rm -rf "$T"' EXIT
mkdir -p "$T/d" "$T/tmp" "$T/run"
printf '[scanner]\ncommand = /bin/true {dir}\nmode = directory\nclean = 0\n' >"$T/d/none.ini"
printf '[general]\nscanners_dir = %s/d\nrun_dir = %s/run\n' "$T" "$T" >"$T/c.conf"
python3 - "$A" "$T" "$C" "$root/test-corpus/ordinary.list" "$root/test-corpus/ORACLE-DIFFS.md" <<'PY'
import json, os, re, subprocess, sys
attscan, tmp, corpus, listfile, diffs = sys.argv[1:]
paths = [l.strip() for l in open(listfile) if l.strip() and not l.startswith('#')]
explained = {}
for line in open(diffs, encoding='utf-8'):
    m = re.match(r'- policy `([^`]+)`', line)
    if m:
        explained[m.group(1)] = True
n = 0
blocked, unexplained, missing = [], [], []
for p in paths:
    f = os.path.join(corpus, p)
    if not os.path.exists(f):
        missing.append(p)
        continue
    rep = os.path.join(tmp, 'r.json')
    subprocess.call([attscan, 'scan', '-c', os.path.join(tmp, 'c.conf'), '--tmpdir',
                     os.path.join(tmp, 'tmp'), '--report', rep, f],
                    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    r = json.load(open(rep))
    d = r.get('finding') or {}
    if d.get('stage') == 'policy':
        blocked.append((p, d['name'], d['category']))
        if p not in explained:
            unexplained.append('%s (%s: %s)' % (p, d['name'], d['reason']))
t = 0
def ok(c, what):
    global t
    t += 1
    print('%sok %d - %s' % ('' if c else 'not ', t, what))
print('# ordinary messages: %d, blocked by the default policy: %d (%s)' % (
    len(paths) - len(missing), len(blocked),
    ', '.join('%s %s' % (k, sum(1 for b in blocked if b[1] == k))
              for k in sorted(set(b[1] for b in blocked)))))
for b in blocked:
    print('#   %s: %s (%s)' % b)
ok(not missing, 'every message of ordinary.list is in the corpus%s' % (
    ' (missing: %s)' % ', '.join(missing[:5]) if missing else ''))
ok(not unexplained, 'every ordinary message the default policy blocks is explained in ORACLE-DIFFS.md')
for u in unexplained:
    print('#   not explained: %s' % u)
stale = [p for p in explained if p not in [b[0] for b in blocked]]
ok(not stale, 'every explained message is still blocked%s' % (
    ' (no longer: %s)' % ', '.join(stale) if stale else ''))
print('1..%d' % t)
PY
