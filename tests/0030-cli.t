#!/bin/bash
# 0030-cli.t - the command-line contract of attscan extract and explain.
# shellcheck disable=SC2317
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
A=${ATTSCAN:-$root/build/attscan}
C=$root/test-corpus/cases
T=$(mktemp -d /tmp/attscan-cli.XXXXXX)
trap 'umount "$T/small" 2>/dev/null; rm -rf "$T"' EXIT
# shellcheck source=tests/tap.sh
. "$here/tap.sh"

# --- usage, version, exit codes
"$A" --help >"$T/h" 2>&1; is $? 0 "--help exits 0"
grep -q 'attscan extract' "$T/h"; ok $? "--help shows the synopsis"
"$A" --version | grep -q '^attscan [0-9]'; ok $? "--version prints the version"
"$A" >/dev/null 2>&1; is $? 64 "no command: usage error"
"$A" frobnicate x >/dev/null 2>&1; is $? 64 "unknown command: usage error"
"$A" extract --max-parts=zero "$C/empty.eml" >/dev/null 2>"$T/e"; is $? 64 "bad option value: usage error"
[ "$(wc -l <"$T/e")" -ge 1 ] && grep -q "bad value for --max-parts" "$T/e"; ok $? "one clear line names the bad option"
"$A" extract "$T/nonexistent.eml" >/dev/null 2>"$T/e"; is $? 66 "missing message: cannot open input"
[ "$(wc -l <"$T/e")" = 1 ] && grep -q "cannot open '.*nonexistent.eml'" "$T/e"; ok $? "error is one line naming the file"

# --- -o DIR: created if absent, refused if not empty
"$A" extract -o "$T/out1" "$C/filenames.eml" >/dev/null; is $? 0 "extract -o into a new directory"
is "$(stat -c %a "$T/out1")" 700 "new output directory is mode 700"
is "$(ls "$T/out1" | tr '\n' ' ')" "0001.ATT 0002.ATT 0003.ATT 0004.ATT 0005.ATT 0006.ATT manifest.json " "only NNNN.ATT and manifest.json, whatever the names in the message"
is "$(stat -c %a "$T/out1/0005.ATT")" 600 "parts are mode 600"
python3 -c "import json,sys; json.load(open(sys.argv[1]))" "$T/out1/manifest.json"; ok $? "manifest.json is valid JSON"
grep -q '"filename":"../../etc/passwd"' "$T/out1/manifest.json"; ok $? "a path-like name is only reported, in the manifest"
"$A" extract -o "$T/out1" "$C/empty.eml" >/dev/null 2>"$T/e"; is $? 73 "non-empty output directory is refused"
grep -q 'not empty' "$T/e"; ok $? "... with a clear reason"
is "$(ls "$T/out1" | wc -l)" 7 "... and left untouched"
mkdir "$T/empty-dir"
"$A" extract -o "$T/empty-dir" "$C/empty.eml" >/dev/null; is $? 0 "an existing empty directory is accepted"

# --- without -o: fresh scratch directory under --tmpdir, printed and kept
mkdir "$T/base"
d=$("$A" extract --tmpdir "$T/base" "$C/encodings.eml"); is $? 0 "extract without -o"
case $d in "$T/base/attscan."*) ok 0 "prints the scratch directory ($d)" ;; *) ok 1 "prints the scratch directory ($d)" ;; esac
[ -f "$d/manifest.json" ] && [ -f "$d/0004.ATT" ]; ok $? "the directory holds the parts and is kept"
is "$(stat -c %a "$d")" 700 "scratch directory is mode 700"

# --- stdin, and the input is never modified
sum=$(sha256sum <"$C/rfc822-base64.eml")
"$A" extract -o "$T/stdin" - <"$C/rfc822-base64.eml" >/dev/null; is $? 0 "message on standard input"
cmp -s <(sed -n 2p "$T/stdin/manifest.json") <("$A" extract -o "$T/file" "$C/rfc822-base64.eml" >/dev/null; sed -n 2p "$T/file/manifest.json"); ok $? "same manifest from stdin and from the file"
grep -q "\"sha256\":\"${sum%% *}\"" "$T/file/manifest.json"; ok $? "message sha256 in the manifest is the input's"
is "$(sha256sum <"$C/rfc822-base64.eml")" "$sum" "the input message is not modified"

# --- other readings of ambiguous MIME, from a file and from a pipe
printf 'MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=X; boundary=Y\n\n--X\n\nshown\n--X--\n--Y\nContent-Type: application/octet-stream; name=hidden.bin\n\nHIDDEN\n--Y--\n' >"$T/amb.eml"
"$A" extract -o "$T/amb1" "$T/amb.eml" >/dev/null; is $? 0 "ambiguous message from a file"
grep -q '"kind":"alternative".*"filename":"hidden.bin"' "$T/amb1/manifest.json"; ok $? "the other reading is listed as kind alternative"
cat "$T/amb.eml" | "$A" extract -o "$T/amb2" - >/dev/null; is $? 0 "ambiguous message from a pipe"
cmp -s "$T/amb1/manifest.json" "$T/amb2/manifest.json"; ok $? "a pipe gives the same manifest (the message is spooled to read it again)"
left=0
for f in "$T/amb2"/* "$T/amb2"/.[!.]*; do
	[ -e "$f" ] || continue
	case ${f##*/} in [0-9][0-9][0-9][0-9].ATT|manifest.json) ;; *) left=$((left + 1)) ;; esac
done
is "$left" 0 "no spool file left behind"

# --- explain: readable, names shown safely, nothing written
"$A" explain "$C/filenames.eml" >"$T/x"; is $? 0 "explain exits 0"
grep -q 'invoice\\u{202e}txt.exe' "$T/x"; ok $? "explain escapes the right-to-left override in a name"
grep -q 'true type' "$T/x" && grep -q 'sha256 ' "$T/x"; ok $? "explain shows true type and sha256"
grep -q '^message: 651 bytes, 6 entries' "$T/x"; ok $? "explain ends with the message summary"

# --- signals: the scratch directory goes away (SIGTERM, SIGINT, SIGHUP)
for sig in TERM INT HUP; do
	rm -rf "$T/sig"; mkdir "$T/sig"; mkfifo "$T/fifo"
	"$A" extract --tmpdir "$T/sig" "$T/fifo" >/dev/null 2>&1 &
	pid=$!
	exec 3>"$T/fifo"
	printf 'MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=b\n\n--b\n\npart one\n--b\n\npart two, still open' >&3
	for _ in $(seq 50); do
		for f in "$T/sig"/attscan.*/0002.ATT; do [ -e "$f" ] && break 2; done
		sleep 0.02
	done
	before=$(ls "$T/sig"/attscan.* 2>/dev/null | wc -l)
	kill -"$sig" "$pid"; wait "$pid"; st=$?
	exec 3>&-
	rm -f "$T/fifo"
	[ "$before" -ge 1 ] && [ -z "$(ls -A "$T/sig")" ]; ok $? "SIG$sig: scratch directory with $before files removed"
	[ "$st" -gt 128 ]; ok $? "SIG$sig: exit status shows the signal ($st)"
done

# --- disk full: exit 74, partial output removed unless --keep
mkdir -p "$T/small"
if mount -t tmpfs -o size=64k tmpfs "$T/small" 2>/dev/null; then
	head -c 200000 /dev/urandom | base64 >"$T/big.b64"
	{ printf 'MIME-Version: 1.0\nContent-Type: application/octet-stream\nContent-Transfer-Encoding: base64\n\n'; cat "$T/big.b64"; } >"$T/big.eml"
	"$A" extract --tmpdir "$T/small" "$T/big.eml" >/dev/null 2>"$T/e"; st=$?
	is "$st" 74 "ENOSPC: write error exit code"
	grep -q 'No space left' "$T/e"; ok $? "ENOSPC: one clear line"
	[ -z "$(ls -A "$T/small")" ]; ok $? "ENOSPC: partial scratch directory removed"
	"$A" extract --keep --tmpdir "$T/small" "$T/big.eml" >/dev/null 2>&1
	[ -n "$(ls -A "$T/small")" ]; ok $? "ENOSPC with --keep: partial output kept for debugging"
	umount "$T/small"
else
	for w in "exit code" "one clear line" "removed" "kept with --keep"; do skip "ENOSPC: $w" "cannot mount a small tmpfs here (needs root)"; done
fi

# --- limits from the command line
"$A" extract -o "$T/lim" --max-parts 2 "$C/filenames.eml" >/dev/null; is $? 0 "a limit is not an error"
grep -q '"kind":"raw"' "$T/lim/manifest.json" && grep -q 'limit_parts' "$T/lim/manifest.json"; ok $? "--max-parts: rest written raw and flagged"
"$A" extract -o "$T/lim2" --max-depth 10 "$C/deep-60.eml" >/dev/null; is $? 0 "--max-depth 10 on 60 levels"
grep -q 'limit_depth' "$T/lim2/manifest.json" && grep -q 'bottom of 60' "$T/lim2"/0001.ATT; ok $? "--max-depth: the deep subtree is one raw part, content kept"

# --- many parts: the manifest grows past its in-memory buffer
python3 - "$T/many.eml" <<'PY'
import sys
with open(sys.argv[1], "w") as f:
    f.write("MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=m\n\n")
    for i in range(1500):
        f.write("--m\nContent-Type: application/octet-stream; name=part%d.bin\n"
                "Content-Transfer-Encoding: base64\n\nUEFSVCAlMDVk\n" % i)
    f.write("--m--\n")
PY
"$A" extract -o "$T/many" "$T/many.eml" >/dev/null; is $? 0 "1500 parts: extract succeeds"
python3 -c "
import json,sys; m=json.load(open(sys.argv[1]))
assert len(m['parts'])==1500 and m['parts'][-1]['file']=='1500.ATT', len(m['parts'])" "$T/many/manifest.json"
ok $? "1500 parts: manifest.json complete (spilled to disk and copied back)"
is "$(ls "$T/many" | wc -l)" 1501 "1500 parts: 1500 files and the manifest, nothing else"

# --- memory does not grow with the message (not a timing test)
if [ -x /usr/bin/time ]; then
	big=$T/large.eml
	{ printf 'MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=z\n\n--z\nContent-Type: application/octet-stream\nContent-Transfer-Encoding: base64\n\n'
	  head -c 30000000 /dev/zero | base64 -w 76; printf '\n--z--\n'; } >"$big"
	/usr/bin/time -f %M -o "$T/rss" "$A" extract -o "$T/large" "$big" >/dev/null
	rss=$(cat "$T/rss")
	/usr/bin/time -f %M -o "$T/rss0" "$A" extract -o "$T/small" "$C/filenames.eml" >/dev/null
	rss0=$(cat "$T/rss0")
	[ $((rss - rss0)) -lt 4096 ]; ok $? "30 MB attachment: peak RSS ${rss} KB, ${rss0} KB on a 651-byte message"
	if [ -n "${ATTSCAN_SANITIZE:-}" ]; then
		skip "30 MB attachment: peak RSS < 8 MB" "sanitizer build ($ATTSCAN_SANITIZE): its shadow memory is not attscan's"
	else
		[ "$rss" -lt 8192 ]; ok $? "30 MB attachment: peak RSS ${rss} KB < 8 MB"
	fi
	is "$(stat -c %s "$T/large/0001.ATT")" 30000000 "30 MB attachment decoded whole"
	rm -rf "$T/large" "$big"
else
	skip "peak RSS on a 30 MB attachment" "/usr/bin/time missing"
	skip "peak RSS < 8 MB" "/usr/bin/time missing"
	skip "30 MB attachment decoded whole" "/usr/bin/time missing"
fi
echo "1..$n"
