#!/bin/bash
# 0120-cgp-helper.t - attscan cgp-helper, the CommuniGate Pro External
# Filter, driven as CommuniGate drives it: from its base directory, with
# 23 FILE requests in flight at once (clean mail, EICAR in several
# encodings and in a zip, found by the real clamscan with the offline
# test database; one message a stand-in scanner holds for 10 s; a missing
# file; a directory; a malformed line; a 1 MB line), then QUIT.  Every
# reply is checked by its sequence number, the slow one must not delay
# the others, stderr must stay empty, and the queue files must be
# byte-identical afterwards.  Then stdin closed with requests in flight,
# and a configuration with errors.
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
A=${ATTSCAN:-$root/build/attscan}
T=$(mktemp -d /tmp/attscan-cgp.XXXXXX)
trap 'rm -rf "$T"' EXIT
# shellcheck source=tests/tap.sh
. "$here/tap.sh"

if ! command -v clamscan >/dev/null 2>&1; then
	echo "1..0 # SKIP clamscan not installed (scripts/install-deps)"
	exit 0
fi
mkdir -p "$T/base/Queue/01-09" "$T/base/Submitted" "$T/base/Queue/adir" \
    "$T/sd" "$T/run" "$T/tmp"
"$root/scripts/gen-eicar" "$T/msg"
"$root/scripts/clamav-testdb" "$T/db"
printf '[scanner]\ncommand = /usr/bin/clamscan --no-summary --stdout -d %s {file}\nmode = file\nclean = 0\ninfected = 1\nerror = 2\nname_regex = %s\n' \
    "$T/db" "'^.*?: (.+) FOUND\$'" >"$T/sd/clamscan.ini"
# A stand-in (slowness on demand is not something a real scanner offers):
# a part holding SLOWSCAN takes 10 s.  It also counts the helper's
# children (the scans running) when it starts: up the chain, its parent is
# spawn's reaper, then the scan, then the helper.
cat >"$T/slow.sh" <<SH
#!/bin/sh
p=\$(awk '{print \$4}' /proc/\$PPID/stat)
p=\$(awk '{print \$4}' /proc/\$p/stat)
ps -o pid= --ppid "\$p" | wc -l >>"$T/conc"
grep -q SLOWSCAN "\$1" && sleep 10
exit 0
SH
chmod +x "$T/slow.sh"
printf '[scanner]\ncommand = %s {file}\nmode = file\nclean = 0\n' \
    "$T/slow.sh" >"$T/sd/slow.ini"
printf '[general]\nscanners_dir = %s/sd\nrun_dir = %s/run\nscratch_dir = %s/tmp\ndeadline = 60\nmax_messages = 6\n' \
    "$T" "$T" "$T" >"$T/c.ini"

# queue FILE MESSAGE: a CommuniGate queue file, envelope + message
queue() {
	{
		printf 'S <sender@example.com> SMTP [192.0.2.1]\n'
		printf 'A <user@example.com> [192.0.2.1]\n'
		printf 'O L\n'
		printf 'P I 03-12-2026 17:00:00 0000 ____ ____ <sender@example.com>\n'
		printf 'R W 03-12-2026 17:00:00 0000 ____ _FY_ <rcpt@example.org>\n'
		printf 'R W 03-12-2026 17:00:00 0000 ____ _FY_ <other@example.org>\n'
		printf '\n'
		cat "$2"
	} >"$T/base/$1"
}
printf 'From: a@example.com\nSubject: slow\n\nSLOWSCAN please\n' >"$T/slow.eml"
i=0
for m in clean-text clean-attachment eicar-base64 eicar-zip eicar-qp \
    eicar-plain-body eicar-nested-rfc822 clean-text clean-attachment \
    clean-text clean-attachment eicar-zip clean-text clean-text; do
	i=$((i + 1))
	queue "Queue/$i.msg" "$T/msg/$m.eml"
done
queue "Queue/01-09/15.msg" "$T/msg/clean-text.eml"
queue "Submitted/16.msg" "$T/msg/eicar-uuencode-in-text.eml"
queue "Queue/slow.msg" "$T/slow.eml"
(cd "$T/base" && sha256sum Queue/*.msg Queue/01-09/*.msg Submitted/*.msg) >"$T/sums"

python3 - "$A" "$T" >"$T/driver.out" 2>&1 <<'PY'
import os, subprocess, sys, time, select
a, t = sys.argv[1], sys.argv[2]
want = {}
lines = [b"1 INTF 6", b"* CommuniGate Pro 6.4 says hello"]
want[b"1"] = b"1 INTF 3"
kinds = ["clean-text", "clean-attachment", "eicar-base64", "eicar-zip",
         "eicar-qp", "eicar-plain-body", "eicar-nested-rfc822", "clean-text",
         "clean-attachment", "clean-text", "clean-attachment", "eicar-zip",
         "clean-text", "clean-text", "clean-text", "eicar-uuencode-in-text"]
files = ["Queue/%d.msg" % (i + 1) for i in range(14)]
files += ["Queue/01-09/15.msg", "Submitted/16.msg"]
lines.append(b"5 FILE Queue/slow.msg")
want[b"5"] = b"5 OK"
seq = 10
for f, k in zip(files, kinds):
    seq += 1
    s = str(seq).encode()
    lines.append(s + b" FILE " + f.encode())
    want[s] = s + (b" OK" if k.startswith("clean") else
                   b" ERROR message rejected: infected ")
lines += [b"40 FILE Queue/missing.msg", b"41 FILE Queue/adir",
          b"malformed line without a number", b"42 NOSUCHCOMMAND x",
          b"43 FILE " + b"x" * (1 << 20), b"44 FILE Queue/1.msg",
          b"45 FILE Queue/3.msg\r"]
want[b"40"] = b"40 FAILURE"
want[b"41"] = b"41 FAILURE"
want[b"42"] = b"42 OK"
want[b"43"] = b"43 ERROR request line longer than 4096 bytes"
want[b"44"] = b"44 OK"
want[b"45"] = b"45 ERROR message rejected: infected "
lines.append(b"99 QUIT")
want[b"99"] = b"99 OK"
nfile = sum(1 for l in lines if b" FILE " in l)
print("# %d FILE requests in flight" % nfile)
p = subprocess.Popen([a, "cgp-helper", "-c", t + "/c.ini"], cwd=t + "/base",
                     stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                     stderr=subprocess.PIPE)
t0 = time.time()
p.stdin.write(b"\n".join(lines) + b"\n")
p.stdin.flush()
got, when, buf = {}, {}, b""
while True:
    r, _, _ = select.select([p.stdout], [], [], 120)
    if not r:
        print("# timeout")
        break
    d = os.read(p.stdout.fileno(), 65536)
    if not d:
        break
    buf += d
    while b"\n" in buf:
        l, buf = buf.split(b"\n", 1)
        s = l.split(b" ", 1)[0]
        if s in got:
            print("# twice: %r" % l)
        got[s] = l
        when[s] = time.time() - t0
        if len(l) + 1 > 4096:
            print("# too long: %r" % l[:80])
p.stdin.close()
err = p.stderr.read()
rc = p.wait()
bad = 0
for s, w in want.items():
    g = got.get(s)
    if g is None or not g.startswith(w) or (w.endswith(b"OK") and g != w) \
            or (w.endswith(b"3") and g != w):
        bad += 1
        print("# seq %s: got %r, want %r" % (s.decode(), g, w))
extra = [s for s in got if s not in want]
print("replies-wrong %d" % bad)
print("extra %d" % len(extra))
names = [got[s] for s in got if b"ERROR message rejected" in got[s]]
print("named %d" % sum(1 for g in names if b"(Attscan.Test.EICAR" in g))
print("nerror %d" % len(names))
others = [when[s] for s in want if s not in (b"5", b"99") and s in when]
print("# slow reply at %.1f s, the others by %.1f s" % (when.get(b"5", -1),
      max(others)))
print("slow-last %d" % (0 if when.get(b"5", 0) > max(others) + 1 else 1))
print("quit-last %d" % (0 if when.get(b"99", 0) >= max(when.values()) else 1))
print("stderr %d" % len(err))
print("rc %d" % rc)
PY
grep '^#' "$T/driver.out"
v() { sed -n "s/^$1 //p" "$T/driver.out"; }
is "$(v replies-wrong)" 0 "every reply right by sequence number (INTF, 18 queue files, missing, directory, unknown command, 1 MB line, CRLF, QUIT)"
is "$(v extra)" 0 "no reply to the malformed line or to anything not asked"
is "$(v nerror)" 8 "8 EICAR messages rejected (base64, zip twice, qp, plain body, nested rfc822, uuencode; one asked with CRLF)"
is "$(v named)" 8 "each ERROR names the threat"
peak=$(sort -n "$T/conc" | tail -1)
[ "$peak" -ge 2 ] && [ "$peak" -le 6 ]; ok $? "several scans at once, never more than max_messages = 6 (peak seen $peak)"
is "$(v slow-last)" 0 "the slow message held back no other reply"
is "$(v quit-last)" 0 "QUIT answered after everything in flight"
is "$(v stderr)" 0 "nothing on stderr"
is "$(v rc)" 0 "exit 0 after QUIT"
(cd "$T/base" && sha256sum -c --quiet "$T/sums" >/dev/null 2>&1); ok $? "queue files byte-identical afterwards (sha256)"
left=$(find "$T/tmp" -mindepth 1 | wc -l)
is "$left" 0 "no scratch directory left"

# --- stdin closed with requests in flight, the last line without its
# newline: they are answered, then exit
start=$(date +%s)
out=$(cd "$T/base" && printf '1 FILE Queue/slow.msg\n2 FILE Queue/3.msg' |
    "$A" cgp-helper -c "$T/c.ini" 2>"$T/err2")
rc=$?
took=$(($(date +%s) - start))
echo "$out" | grep -qx '1 OK'; ok $? "stdin closed: the slow request still answered"
echo "$out" | grep -q '^2 ERROR message rejected: infected'; ok $? "stdin closed: the other (its line without a newline) answered"
is "$rc" 0 "then exit 0 ($took s)"
[ ! -s "$T/err2" ]; ok $? "nothing on stderr"

# --- a configuration with errors: FAILURE, never a crash or OK
printf '[general]\ndeadline = soon\n' >"$T/bad.ini"
out=$(cd "$T/base" && printf '1 INTF 6\n2 FILE Queue/1.msg\n3 QUIT\n' |
    "$A" cgp-helper -c "$T/bad.ini" 2>&1)
is "$(echo "$out" | tr '\n' '|')" "1 INTF 3|2 FAILURE|3 OK|" "a bad configuration: FAILURE (kept queued), nothing on stderr"
echo "1..$n"
