#!/usr/bin/env python3
"""0020-corpus.t - extraction of test-corpus/ against expected manifests.

test-corpus/cases/NAME.eml has its expected result in NAME.expect; files in
test-corpus/oracle-wrong/*.expect name a message of ../shared/corpus/real in
their first line ("# message: PATH") where the Python oracle is wrong (see
ORACLE-DIFFS.md) and pin attscan's answer for it.  An .expect file is the
manifest in a compact form, one line per entry, written by `--update` and
then checked by hand:

  message size=N defects=a,b
  INDEX KIND PATH TYPE name="..." enc=X size=N sha256=H magic=T defects=a,b

Usage: 0020-corpus.t [--update [NAME ...]]
"""
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
CORPUS = os.path.join(ROOT, 'test-corpus')
SHARED = os.path.join(ROOT, '..', 'shared', 'corpus', 'real')
ATTSCAN = os.environ.get('ATTSCAN', os.path.join(ROOT, 'build', 'attscan'))


def render(man, tmp):
    lines = ['message size=%d defects=%s' % (
        man['message']['size'], ','.join(man['message']['defects']) or '-')]
    for p in man['parts']:
        data = open(os.path.join(tmp, p['file']), 'rb').read()
        if hashlib.sha256(data).hexdigest() != p['sha256'] or len(data) != p['size']:
            lines.append('FILE %s DOES NOT MATCH ITS MANIFEST ENTRY' % p['file'])
        lines.append('%d %s %s %s name=%s enc=%s size=%d sha256=%s magic=%s defects=%s' % (
            p['index'], p['kind'], p['path'] or '-', p['content_type'],
            json.dumps(p['filename'], ensure_ascii=False), p['encoding'] or '-',
            p['size'], p['sha256'], p['magic_type'], ','.join(p['defects']) or '-'))
    return '\n'.join(lines) + '\n'


def extract(msg):
    tmp = tempfile.mkdtemp(prefix='attscan-corpus.')
    out = os.path.join(tmp, 'o')
    try:
        r = subprocess.run([ATTSCAN, 'extract', '-o', out, msg],
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        if r.returncode != 0:
            return 'exit %d: %s\n' % (r.returncode, r.stderr.decode(errors='replace'))
        names = sorted(os.listdir(out))
        man = json.load(open(os.path.join(out, 'manifest.json'), encoding='utf-8'))
        want = sorted([p['file'] for p in man['parts']] + ['manifest.json'])
        text = render(man, out)
        if names != want:
            text += 'UNEXPECTED FILES %s\n' % names
        return text
    finally:
        shutil.rmtree(tmp)


def cases():
    for f in sorted(os.listdir(os.path.join(CORPUS, 'cases'))):
        if f.endswith('.eml'):
            base = os.path.join(CORPUS, 'cases', f[:-4])
            yield f[:-4], base + '.eml', base + '.expect'
    ow = os.path.join(CORPUS, 'oracle-wrong')
    for f in sorted(os.listdir(ow)) if os.path.isdir(ow) else []:
        if f.endswith('.expect'):
            exp = os.path.join(ow, f)
            first = open(exp, encoding='utf-8').readline()
            rel = first.split('# message:', 1)[1].strip()
            yield 'oracle-wrong/' + rel, os.path.join(SHARED, rel), exp


def main():
    update = '--update' in sys.argv
    only = [a for a in sys.argv[1:] if not a.startswith('--')]
    todo = list(cases())
    print('1..%d' % len(todo))
    failed = 0
    for n, (name, msg, exp) in enumerate(todo, 1):
        if only and not any(o in name for o in only):
            print('ok %d - %s # SKIP not selected' % (n, name))
            continue
        if not os.path.exists(msg):
            print('ok %d - %s # SKIP %s is absent (no ../shared on a fresh clone)' % (n, name, msg))
            continue
        got = extract(msg)
        header = ''
        if exp.startswith(os.path.join(CORPUS, 'oracle-wrong')):
            header = open(exp, encoding='utf-8').readline()
        if update:
            with open(exp, 'w', encoding='utf-8') as f:
                f.write(header + got)
            print('ok %d - %s # updated' % (n, name))
            continue
        want = open(exp, encoding='utf-8').read() if os.path.exists(exp) else ''
        want = want[len(header):] if header and want.startswith(header) else want
        if got == want:
            print('ok %d - %s' % (n, name))
        else:
            failed += 1
            print('not ok %d - %s' % (n, name))
            for line in want.splitlines():
                if line not in got.splitlines():
                    print('#   want: ' + line)
            for line in got.splitlines():
                if line not in want.splitlines():
                    print('#   got:  ' + line)
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
