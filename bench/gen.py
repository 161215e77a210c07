#!/usr/bin/env python3
"""Generate the attscan extraction benchmark corpus.

Usage: bench/gen.py OUTDIR
       bench/gen.py --cache DIR

With --cache, DIR is reused when this very generator wrote it (its sha256 is
kept in DIR/.gen-sha256), and otherwise generated again (into DIR.tmp.PID,
then renamed), so the benchmark scripts share one corpus.

Writes (python3 stdlib only, fixed seeds, byte-identical on every run):

  typical/0001.eml .. 1000.eml   50-200 KB each: multipart/mixed [
                                 multipart/alternative [text/plain QP,
                                 text/html QP], 1-4 base64 attachments ]
  large/large.eml                short QP text part + 100 MiB base64 attachment
  manyparts/manyparts-N.eml      N leaf parts (N = 1000, 2000, 4000): base64
                                 binary parts of 16-256 bytes, every 4th part
                                 a QP text part
  nested/nested-N.eml            multipart/mixed nested N deep (N = 250, 500,
                                 1000, 5000): each level holds one 64-byte
                                 base64 attachment and then the next level;
                                 the innermost level holds a 64-byte and a
                                 4 KiB attachment (N + 1 leaves)
  truth.json                     {"<set>/<name>.eml": [sha256 hex of each
                                 leaf part's decoded bytes, document order]}

All messages use CRLF line ends and 76-character base64 lines.  The truth is
computed from the bytes handed to the encoders, never by parsing the output.
The CRLF before a boundary delimiter line belongs to the delimiter (RFC 2046),
so each part's decoded content is exactly the bytes that were encoded.
"""

import base64
import binascii
import datetime
import hashlib
import json
import os
import random
import sys

CRLF = b"\r\n"

TYPICAL_COUNT = 1000
TYPICAL_MIN = 51200        # bytes; the generator asserts every message is
TYPICAL_MAX = 200000       # within [50 KiB, 200 kB]
LARGE_SIZE = 104857600     # 100 MiB attachment
MANYPARTS_SIZES = (1000, 2000, 4000)
NESTED_DEPTHS = (250, 500, 1000, 5000)

WORDS = (
    "the of and to in is for that on with as it be this are by from at or "
    "have an will we can not all your more about which their has one was "
    "please find attached invoice report meeting agenda quarter budget "
    "review update project schedule contract draft version final scanned "
    "document signature approval thanks regards team customer order "
    "delivery payment reminder account statement summary notes minutes "
    "follow question answer proposal offer price shipping tracking number "
    "monday tuesday wednesday thursday friday week month year today "
    "tomorrow office remote call conference room building floor access"
).split()
# non-ASCII words so that quoted-printable has to escape some bytes
WORDS_UTF8 = ["café", "naïve", "Grüße", "€100", "déjà", "Zürich",
              "São", "Ångström", "½", "façade"]

FIRST = ["Alice", "Bob", "Carol", "Dave", "Erin", "Frank", "Grace", "Heidi",
         "Ivan", "Judy", "Mallory", "Niaj", "Olivia", "Peggy", "Rupert",
         "Sybil", "Trent", "Victor", "Walter", "Zoë"]
LAST = ["Smith", "Jones", "Müller", "Garcia", "Nguyen", "Rossi", "Kowalski",
        "Novak", "Dubois", "Tanaka", "Larsen", "O'Brien"]
DOMAINS = ["example.com", "example.org", "example.net", "mail.example.com",
           "corp.example.org"]
SUBJECTS = ["Invoice {n}", "Re: Quarterly report", "Fwd: Contract draft v{n}",
            "Meeting minutes {n}", "Scanned documents", "Photos from the trip",
            "Order confirmation #{n}", "Re: Re: Project schedule",
            "Your statement for period {n}", "Signed agreement"]

# (extension, content type, magic prefix, name stems)
ATTACH_KINDS = [
    ("pdf", "application/pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n",
     ["Invoice_{n}", "Report_Q{q}_{y}", "Contract_signed", "Statement_{n}",
      "scan_{n}"]),
    ("zip", "application/zip", b"PK\x03\x04\x14\x00\x00\x00\x08\x00",
     ["archive_{n}", "documents", "project-files-{y}", "logs_{n}"]),
    ("docx",
     "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
     b"PK\x03\x04\x14\x00\x06\x00\x08\x00",
     ["Minutes_{n}", "Proposal draft v{q}", "CV_{n}", "Agenda_{y}"]),
    ("jpg", "image/jpeg", b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01",
     ["IMG_{n}", "photo_{n}", "DSC{n}", "screenshot_{y}"]),
]


def sha(data):
    return hashlib.sha256(data).hexdigest()


def b64_body(data):
    """base64, 76-character lines, CRLF after every line."""
    return base64.encodebytes(data).replace(b"\n", CRLF)


_QP_SAFE = (set(range(33, 127)) - {ord("=")}) | {ord(" "), ord("\t")}
_QP_TOK = [bytes([c]) if c in _QP_SAFE else b"=%02X" % c for c in range(256)]


def qp_line(line):
    """Encode one line (no CR/LF in it); soft line breaks keep every
    encoded line within 76 characters."""
    toks = [_QP_TOK[c] for c in line]
    if toks and toks[-1] in (b" ", b"\t"):
        toks[-1] = b"=%02X" % line[-1]      # trailing whitespace
    out = []
    cur = []
    curlen = 0
    for t in toks:
        if curlen + len(t) > 75:            # room for the soft break "="
            out.append(b"".join(cur) + b"=")
            cur = []
            curlen = 0
        cur.append(t)
        curlen += len(t)
    out.append(b"".join(cur))
    return CRLF.join(out)


def qp_body(text):
    """quoted-printable of CRLF text: CRLF in the text becomes a hard line
    break (CRLF) in the encoding, everything else is escaped as needed."""
    lines = text.split(CRLF)
    assert all(b"\r" not in l and b"\n" not in l for l in lines)
    enc = CRLF.join(qp_line(l) for l in lines)
    # self-checks: decodes back to exactly the input, 76-character limit
    assert binascii.a2b_qp(enc) == text
    assert all(len(l) <= 76 for l in enc.split(CRLF))
    return enc


def text_lines(rng, nlines):
    lines = []
    for _ in range(nlines):
        if rng.random() < 0.12:
            lines.append("")
            continue
        words = []
        for _ in range(rng.randint(3, 22)):
            if rng.random() < 0.04:
                words.append(rng.choice(WORDS_UTF8))
            else:
                words.append(rng.choice(WORDS))
        line = " ".join(words)
        r = rng.random()
        if r < 0.05:
            line += " = " + str(rng.randint(1, 99999))
        elif r < 0.08:
            line += "  "                   # trailing whitespace
        elif r < 0.10:
            line = "From " + line          # mbox-sensitive line start
        lines.append(line[0].upper() + line[1:] if line else line)
    return lines


def plain_text(rng, nlines, sender):
    lines = ["Hello,", ""] + text_lines(rng, nlines) + \
            ["", "Best regards,", sender, "-- ", "Sent from the benchmark"]
    return ("\r\n".join(lines) + "\r\n").encode("utf-8")


def html_text(rng, nparas):
    paras = []
    for _ in range(nparas):
        body = " ".join(text_lines(rng, rng.randint(1, 6)))
        body = body.replace("&", "&amp;").replace("<", "&lt;")
        paras.append('<p style="margin:0 0 12px 0;font-family:Arial,'
                     'sans-serif;font-size:11pt;color:#222222">' + body +
                     "</p>")
    html = ("<!DOCTYPE html>\r\n<html><head><meta http-equiv=\"Content-Type\""
            " content=\"text/html; charset=utf-8\"></head>\r\n<body>\r\n" +
            "\r\n".join(paras) + "\r\n</body></html>\r\n")
    return html.encode("utf-8")


def addr(rng):
    first = rng.choice(FIRST)
    last = rng.choice(LAST)
    local = (first + "." + last).lower().replace("'", "")
    local = local.encode("ascii", "replace").decode().replace("?", "o")
    return first + " " + last, local + "@" + rng.choice(DOMAINS)


def rfc2047(s):
    try:
        s.encode("ascii")
        return '"' + s + '"' if "'" in s or "." in s else s
    except UnicodeEncodeError:
        return "=?UTF-8?B?" + base64.b64encode(s.encode()).decode() + "?="


def date_for(rng, base_day):
    tz = datetime.timezone(datetime.timedelta(hours=rng.choice([-5, 0, 1, 2])))
    t = datetime.datetime(2023, 1, 1, tzinfo=tz) + datetime.timedelta(
        days=base_day, seconds=rng.randint(0, 86399))
    return t


def fmt_date(t):
    # RFC 5322 date, locale independent
    days = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
    months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep",
              "Oct", "Nov", "Dec"]
    off = int(t.utcoffset().total_seconds() // 60)
    sign = "+" if off >= 0 else "-"
    off = abs(off)
    return "%s, %d %s %d %02d:%02d:%02d %s%02d%02d" % (
        days[t.weekday()], t.day, months[t.month - 1], t.year, t.hour,
        t.minute, t.second, sign, off // 60, off % 60)


def hexid(rng, n):
    return "%0*x" % (n, rng.getrandbits(4 * n))


def top_headers(rng, n, subject, content_type):
    from_name, from_addr = addr(rng)
    to_name, to_addr = addr(rng)
    t = date_for(rng, n % 365)
    hops = []
    for h in range(rng.randint(2, 3)):
        ht = t + datetime.timedelta(seconds=2 * (3 - h))
        hops.append(
            "Received: from mail-%s.%s (mail-%s.%s [198.51.100.%d])\r\n"
            "\tby mx%d.example.org (Postfix) with ESMTPS id %s\r\n"
            "\tfor <%s>; %s" % (
                hexid(rng, 6), rng.choice(DOMAINS), hexid(rng, 6),
                rng.choice(DOMAINS), rng.randint(1, 254), h + 1,
                hexid(rng, 10).upper(), to_addr, fmt_date(ht)))
    hdr = hops + [
        "From: %s <%s>" % (rfc2047(from_name), from_addr),
        "To: %s <%s>" % (rfc2047(to_name), to_addr),
        "Subject: %s" % subject,
        "Date: %s" % fmt_date(t),
        "Message-ID: <%s.%s@%s>" % (hexid(rng, 16), hexid(rng, 8),
                                    from_addr.split("@")[1]),
        "MIME-Version: 1.0",
        "Content-Type: " + content_type,
    ]
    return ("\r\n".join(hdr) + "\r\n\r\n").encode("utf-8"), from_name


def part_header(lines):
    return ("\r\n".join(lines) + "\r\n\r\n").encode("utf-8")


def multipart(boundary, parts, preamble=b"", epilogue=b""):
    """Body of a multipart entity.  parts are complete entities (headers +
    body); the CRLF before each delimiter belongs to the delimiter."""
    b = boundary.encode()
    out = [preamble]
    for i, p in enumerate(parts):
        out.append((CRLF if (i or preamble) else b"") + b"--" + b + CRLF)
        out.append(p)
    out.append(CRLF + b"--" + b + b"--" + CRLF)
    out.append(epilogue)
    return b"".join(out)


def qp_part(text, ctype="text/plain; charset=utf-8"):
    return part_header(["Content-Type: " + ctype,
                        "Content-Transfer-Encoding: quoted-printable"]) + \
        qp_body(text)


def b64_part(data, ctype, name):
    if name is None:
        hdr = ["Content-Type: " + ctype,
               "Content-Transfer-Encoding: base64"]
    else:
        hdr = ['Content-Type: %s; name="%s"' % (ctype, name),
               'Content-Disposition: attachment; filename="%s"' % name,
               "Content-Transfer-Encoding: base64"]
    # strip the final CRLF: it is part of the following delimiter
    return part_header(hdr) + b64_body(data)[:-2]


def strip_crlf(body):
    assert body.endswith(CRLF)
    return body[:-2]


def gen_typical(rng, n):
    truth = []
    subject = rng.choice(SUBJECTS).format(n=rng.randint(1000, 99999))
    outer = "----=_Part_%d_%s.%d" % (n, hexid(rng, 8), 1600000000 + n)
    alt = "----=_Alt_%d_%s" % (n, hexid(rng, 12))
    head, sender = top_headers(
        rng, n, subject, 'multipart/mixed;\r\n\tboundary="%s"' % outer)

    plain = plain_text(rng, rng.randint(8, 60), sender)
    html = html_text(rng, rng.randint(4, 30))
    # QP of text ending in CRLF ends in CRLF; that CRLF is a hard line break
    # of the content, the delimiter brings its own CRLF.
    alt_body = multipart(alt, [qp_part(plain),
                               qp_part(html, "text/html; charset=utf-8")])
    alt_entity = part_header(
        ['Content-Type: multipart/alternative;\r\n\tboundary="%s"' % alt]) + \
        alt_body[:-2]
    truth += [sha(plain), sha(html)]

    target = rng.randint(TYPICAL_MIN + 1000, TYPICAL_MAX - 2000)
    natt = rng.randint(1, 4)
    overhead = len(head) + len(alt_entity) + 300 * natt + 200
    raw_total = max(natt * 64, int((target - overhead) * 57 / 78))
    cuts = sorted(rng.randint(1, raw_total - 1) for _ in range(natt - 1))
    sizes = [b - a for a, b in zip([0] + cuts, cuts + [raw_total])]
    sizes = [max(s, 32) for s in sizes]

    parts = [alt_entity]
    used = set()
    for size in sizes:
        ext, ctype, magic, stems = rng.choice(ATTACH_KINDS)
        while True:
            name = rng.choice(stems).format(
                n=rng.randint(1, 99999), q=rng.randint(1, 4),
                y=rng.randint(2015, 2023)) + "." + ext
            if name not in used:
                used.add(name)
                break
        data = magic + rng.randbytes(max(0, size - len(magic)))
        parts.append(b64_part(data, ctype, name))
        truth.append(sha(data))
    body = multipart(outer, parts,
                     preamble=b"This is a multi-part message in MIME format.")
    msg = head + body
    assert TYPICAL_MIN <= len(msg) <= TYPICAL_MAX, (n, len(msg))
    return msg, truth


def gen_large(rng):
    boundary = "=_large_%s" % hexid(rng, 24)
    head, sender = top_headers(
        rng, 7, "Backup image", 'multipart/mixed; boundary="%s"' % boundary)
    text = plain_text(rng, 5, sender)
    data = rng.randbytes(LARGE_SIZE)
    parts = [qp_part(text),
             b64_part(data, "application/octet-stream", "backup.img")]
    return head + multipart(boundary, parts), [sha(text), sha(data)]


def gen_manyparts(rng, count):
    boundary = "=_many_%s" % hexid(rng, 24)
    head, sender = top_headers(
        rng, 11, "%d parts" % count,
        'multipart/mixed; boundary="%s"' % boundary)
    parts = []
    truth = []
    for i in range(1, count + 1):
        if i % 4 == 0:
            text = ("\r\n".join(text_lines(rng, rng.randint(1, 4))) +
                    "\r\n").encode("utf-8")
            parts.append(qp_part(text))
            truth.append(sha(text))
        else:
            data = rng.randbytes(rng.randint(16, 256))
            parts.append(b64_part(data, "application/octet-stream",
                                  "part%05d.bin" % i))
            truth.append(sha(data))
    return head + multipart(boundary, parts), truth


def gen_nested(rng, depth):
    tag = hexid(rng, 16)
    bnd = ["=_nest_%05d_%s" % (i, tag) for i in range(1, depth + 1)]
    head, _ = top_headers(
        rng, 13, "nested %d" % depth,
        'multipart/mixed; boundary="%s"' % bnd[0])
    out = [head]
    truth = []
    for i in range(depth):
        b = bnd[i].encode()
        data = rng.randbytes(64)
        truth.append(sha(data))
        out.append(b"--" + b + CRLF)
        out.append(b64_part(data, "application/octet-stream",
                            "level%05d.bin" % (i + 1)))
        out.append(CRLF + b"--" + b + CRLF)
        if i + 1 < depth:
            out.append(part_header(
                ['Content-Type: multipart/mixed; boundary="%s"' % bnd[i + 1]]))
        else:
            data = rng.randbytes(4096)
            truth.append(sha(data))
            out.append(b64_part(data, "application/octet-stream",
                                "bottom.bin"))
    for i in reversed(range(depth)):
        out.append(CRLF + b"--" + bnd[i].encode() + b"--")
    out.append(CRLF)
    return b"".join(out), truth


def write(outdir, rel, data, truth, table):
    path = os.path.join(outdir, rel)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(data)
    table[rel] = truth


def cached(outdir):
    """--cache: reuse outdir if this generator made it, else make it."""
    import hashlib
    import shutil
    import time
    with open(os.path.abspath(__file__), "rb") as f:
        sha = hashlib.sha256(f.read()).hexdigest()
    mark = os.path.join(outdir, ".gen-sha256")
    try:
        with open(mark) as f:
            if (f.read().strip() == sha and
                    os.path.exists(os.path.join(outdir, "truth.json"))):
                print("corpus: %s (cached, generator sha256 %s)" %
                      (outdir, sha[:12]))
                return 0
    except OSError:
        pass
    if os.path.exists(outdir) and os.listdir(outdir) and \
            not os.path.exists(mark):
        sys.stderr.write("bench-gen.py: %s exists and is not a bench corpus;"
                         " remove it\n" % outdir)
        return 1
    print("corpus: generating into %s ..." % outdir, flush=True)
    t0 = time.time()
    tmp = "%s.tmp.%d" % (outdir, os.getpid())
    shutil.rmtree(tmp, ignore_errors=True)
    try:
        generate(tmp)
        with open(os.path.join(tmp, ".gen-sha256"), "w") as f:
            f.write(sha + "\n")
        shutil.rmtree(outdir, ignore_errors=True)
        os.rename(tmp, outdir)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print("corpus: generated in %.0f s (generator sha256 %s)" %
          (time.time() - t0, sha[:12]))
    return 0


def main():
    if len(sys.argv) == 3 and sys.argv[1] == "--cache":
        return cached(os.path.abspath(sys.argv[2]))
    if len(sys.argv) != 2 or sys.argv[1].startswith("-"):
        sys.stderr.write("usage: bench-gen.py OUTDIR | --cache DIR\n")
        return 2
    generate(sys.argv[1])
    return 0


def generate(outdir):
    os.makedirs(outdir, exist_ok=True)
    table = {}

    for n in range(1, TYPICAL_COUNT + 1):
        msg, truth = gen_typical(random.Random(100000 + n), n)
        write(outdir, "typical/%04d.eml" % n, msg, truth, table)

    msg, truth = gen_large(random.Random(200001))
    write(outdir, "large/large.eml", msg, truth, table)
    del msg

    for count in MANYPARTS_SIZES:
        msg, truth = gen_manyparts(random.Random(300000 + count), count)
        assert len(truth) == count
        write(outdir, "manyparts/manyparts-%d.eml" % count, msg, truth, table)

    for depth in NESTED_DEPTHS:
        msg, truth = gen_nested(random.Random(400000 + depth), depth)
        assert len(truth) == depth + 1
        write(outdir, "nested/nested-%d.eml" % depth, msg, truth, table)

    with open(os.path.join(outdir, "truth.json"), "w") as f:
        json.dump(table, f, indent=1, sort_keys=True)
        f.write("\n")


if __name__ == "__main__":
    sys.exit(main())
