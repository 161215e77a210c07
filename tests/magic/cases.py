"""cases - the samples of tests/test-magic: what attscan's own magic
database (share/magic/attscan) must say about each format.

Three tables, in the order the driver checks them:

  python_samples()  samples built here, byte by byte (python3 stdlib only):
                    a list of (name, data, expected, buffer_expected, mode,
                    note)
  TOOL_SAMPLES      samples made by real tools, when they are installed
  CC_SAMPLES        real ELF files from the C compiler

expected is the MIME type `file -m attscan.mgc --mime-type -b` must print;
buffer_expected the one magic_buffer() on the first 64 KiB must give ("-":
the same); mode says how file(1) reads the sample ("path" or "stdin");
note explains an expected difference from the stock database (the driver
shows differences as TAP comments, never as failures).
"""

import bz2
import gzip
import io
import lzma
import random
import struct
import tarfile
import wave
import zipfile
import zlib


def pad(b, n):
    """b padded with NUL bytes to n bytes"""
    return b + bytes(max(0, n - len(b)))


def python_samples():
    """[(name, data, expected, buffer_expected, mode, note)] in order"""
    samples = []

    def out(name, data, expected, note='', mode='path', buf='-'):
        samples.append((name, data, expected, buf, mode, note))

    # ---- executables ----
    def mz(lfanew=0, cblp=0x90, cp=3, cparhdr=4):
        h = bytearray(0x40)
        h[0:2] = b'MZ'
        struct.pack_into('<HHHH', h, 2, cblp, cp, 0, cparhdr)
        struct.pack_into('<I', h, 0x3c, lfanew)
        return bytes(h)
    def pe(machine, optmagic, chars, subsys):
        optsize = 0xe0 if optmagic == 0x10b else 0xf0
        coff = struct.pack('<4sHHIIIHH', b'PE\0\0', machine, 1, 0, 0, 0, optsize, chars)
        opt = bytearray(optsize)
        struct.pack_into('<H', opt, 0, optmagic)
        struct.pack_into('<H', opt, 68, subsys)
        return pad(pad(mz(0x80), 0x80) + coff + bytes(opt), 1024)
    PE = 'application/vnd.microsoft.portable-executable'
    out('pe32-gui.exe', pe(0x14c, 0x10b, 0x0102, 2), PE)
    out('pe32-console.exe', pe(0x14c, 0x10b, 0x0102, 3), PE)
    out('pe32-dll.dll', pe(0x14c, 0x10b, 0x2102, 2), PE)
    out('pe64.exe', pe(0x8664, 0x20b, 0x0022, 2), PE)
    out('pe64-arm64.exe', pe(0xaa64, 0x20b, 0x0022, 2), PE)
    out('pe64-efi.efi', pe(0x8664, 0x20b, 0x0022, 10), PE)
    out('dos.exe', pad(mz(0), 512), 'application/x-dosexec')
    ne = bytearray(pad(mz(0x80), 0x80) + bytes(0x40))
    ne[0x80:0x82] = b'NE'; ne[0x82] = 5; ne[0x83] = 10; ne[0xb6] = 2
    out('ne.exe', pad(bytes(ne), 1024), 'application/x-dosexec',
        'stock types this minimal NE header as an icon library')
    lx = bytearray(pad(mz(0x80), 0x80) + bytes(0xb0))
    lx[0x80:0x84] = b'LX\0\0'
    out('lx.exe', pad(bytes(lx), 1024), 'application/x-lx-executable')
    out('mz-text.txt', b'MZ is the abbreviation used in this note.\n', 'text/plain')

    def elf(etype, cls=2, data=1, mach=62):
        f = '<' if data == 1 else '>'
        ident = b'\x7fELF' + bytes([cls, data, 1, 0]) + bytes(8)
        if cls == 2:
            hdr = ident + struct.pack(f + 'HHIQQQIHHHHHH', etype, mach, 1, 0x401000, 64, 0, 0, 64, 56, 1, 64, 0, 0)
            ph = struct.pack(f + 'IIQQQQQQ', 1, 5, 0, 0x400000, 0x400000, 512, 512, 0x1000)
        else:
            hdr = ident + struct.pack(f + 'HHIIIIIHHHHHH', etype, mach, 1, 0x8048000, 52, 0, 0, 52, 32, 1, 40, 0, 0)
            ph = struct.pack(f + 'IIIIIIII', 1, 0, 0x8048000, 0x8048000, 512, 512, 5, 0x1000)
        return pad(hdr + ph, 512)
    out('elf64-exec', elf(2), 'application/x-executable')
    out('elf64-dyn', elf(3), 'application/x-sharedlib')
    out('elf64-rel.o', elf(1), 'application/x-object')
    out('elf64-core', elf(4), 'application/x-coredump')
    out('elf32-exec', elf(2, 1, 1, 3), 'application/x-executable')
    out('elf64-be-exec', elf(2, 2, 2, 21), 'application/x-executable')
    out('elf32-be-dyn', elf(3, 1, 2, 8), 'application/x-sharedlib')

    MACHO = 'application/x-mach-binary'
    out('macho32', pad(struct.pack('<IiiIIII', 0xfeedface, 7, 3, 2, 0, 0, 0), 256), MACHO)
    out('macho64', pad(struct.pack('<IiiIIII', 0xfeedfacf, 0x01000007, 3, 2, 0, 0, 0), 256), MACHO)
    out('macho32-be', pad(struct.pack('>IiiIIII', 0xfeedface, 18, 0, 2, 0, 0, 0), 256), MACHO)
    out('macho-fat', pad(struct.pack('>II', 0xcafebabe, 2) + struct.pack('>iiIII', 0x01000007, 3, 4096, 100, 12)
                         + struct.pack('>iiIII', 0x0100000c, 0, 8192, 100, 14), 256), MACHO)
    out('java.class', pad(struct.pack('>IHHH', 0xcafebabe, 0, 52, 10), 64), 'application/x-java-applet')
    out('java-preview.class', pad(struct.pack('>IHHH', 0xcafebabe, 0xffff, 61, 10), 64), 'application/x-java-applet')
    out('classes.dex', pad(b'dex\n035\0', 112), 'application/vnd.android.dex',
        'stock has no MIME type for Dalvik dex')

    # scripts
    SH, PY = 'text/x-shellscript', 'text/x-script.python'
    for name, line, mime, note in [
            ('sh', '/bin/sh', SH, ''), ('bash', '/bin/bash', SH, ''),
            ('env-bash', '/usr/bin/env bash', SH, ''), ('space-sh', ' /bin/sh -e', SH, ''),
            ('dash', '/bin/dash', SH, 'stock does not know dash'), ('zsh', '/bin/zsh', SH, ''),
            ('ksh', '/bin/ksh', SH, ''), ('csh', '/bin/csh', SH, ''),
            ('python', '/usr/bin/python3', PY, ''), ('env-python', '/usr/bin/env python3', PY, ''),
            ('python-abs', '/opt/py/bin/python3.11', PY, 'stock only knows some python paths'),
            ('env-S-python', '/usr/bin/env -S python3 -u', PY, 'stock does not parse env -S'),
            ('perl', '/usr/bin/perl -w', 'text/x-perl', ''), ('env-perl', '/usr/bin/env perl', 'text/x-perl', ''),
            ('ruby', '/usr/bin/env ruby', 'text/x-ruby', ''), ('node', '/usr/bin/env node', 'application/javascript', ''),
            ('php', '/usr/bin/php', 'text/x-php', ''), ('tcl', '/usr/bin/tclsh', 'text/x-tcl', ''),
            ('awk', '/usr/bin/awk -f', 'text/x-awk', ''), ('gawk', '/usr/bin/gawk -f', 'text/x-gawk', ''),
            ('lua', '/usr/bin/env lua', 'text/x-lua', ''),
            ('script-unknown', '/usr/bin/frobnicate', 'text/plain', '')]:
        out('script-' + name, ('#!%s\necho hello\n' % line).encode(), mime, note)
    out('script-crlf', b'#!/bin/sh\r\necho hello\r\n', SH)

    lnk = bytes.fromhex('4c0000000114020000000000c000000000000046') + struct.pack('<II', 0x9b, 0x20)
    out('shortcut.lnk', pad(lnk, 128), 'application/x-ms-shortcut')
    out('help.chm', pad(b'ITSF' + struct.pack('<III', 3, 0x60, 1), 0x60), 'application/vnd.ms-htmlhelp')
    out('module.wasm', b'\0asm\1\0\0\0', 'application/wasm')
    out('flash.swf', b'CWS\x0a' + struct.pack('<I', 200) + zlib.compress(bytes(20)), 'application/x-shockwave-flash')

    # ---- archives ----
    def zf(entries, comment=b''):
        bio = io.BytesIO()
        with zipfile.ZipFile(bio, 'w') as z:
            for e in entries:
                name, data = e[0], e[1]
                zi = zipfile.ZipInfo(name, (2024, 1, 1, 0, 0, 0))
                zi.compress_type = e[2] if len(e) > 2 else zipfile.ZIP_DEFLATED
                if len(e) > 3:
                    zi.extra = e[3]
                z.writestr(zi, data)
            z.comment = comment
        return bio.getvalue()
    X = b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<x/>'
    CT, RELS = '[Content_Types].xml', '_rels/.rels'
    OOX = 'application/vnd.openxmlformats-officedocument.'
    DOCX, XLSX, PPTX = OOX + 'wordprocessingml.document', OOX + 'spreadsheetml.sheet', OOX + 'presentationml.presentation'
    ZIP = 'application/zip'
    out('archive.zip', zf([('hello.txt', b'hello world\n' * 20)]), ZIP)
    out('stored.zip', zf([('hello.txt', b'hello world\n', zipfile.ZIP_STORED)]), ZIP)
    out('empty.zip', zf([]), ZIP)
    out('spanned.zip', b'PK\x07\x08' + zf([('a.txt', b'a\n')]), ZIP)
    out('word.docx', zf([(CT, X), (RELS, X), ('word/document.xml', X), ('word/styles.xml', X), ('docProps/core.xml', X)]), DOCX)
    out('excel.xlsx', zf([(CT, X), (RELS, X), ('xl/workbook.xml', X), ('xl/styles.xml', X)]), XLSX)
    out('powerpoint.pptx', zf([(CT, X), (RELS, X), ('ppt/presentation.xml', X), ('ppt/slides/slide1.xml', X)]), PPTX)
    out('libreoffice.docx', zf([(RELS, X), ('docProps/app.xml', X), ('docProps/core.xml', X),
                                ('word/_rels/document.xml.rels', X), ('word/document.xml', X), (CT, X)]), DOCX)
    out('openpyxl.xlsx', zf([('docProps/app.xml', X), ('docProps/core.xml', X), ('xl/theme/theme1.xml', X),
                             ('xl/worksheets/sheet1.xml', X), (RELS, X), (CT, X)]), XLSX)
    out('ooxml-unknown.zip', zf([(CT, X), (RELS, X), ('foo/bar.xml', X)]), ZIP)
    out('word-first.docx', zf([('word/document.xml', X), ('word/styles.xml', X), (CT, X)]), DOCX)
    ODF = 'application/vnd.oasis.opendocument.'
    for ext, kind in [('odt', 'text'), ('ods', 'spreadsheet'), ('odp', 'presentation'), ('odg', 'graphics'),
                      ('odc', 'chart'), ('odf', 'formula'), ('odb', 'database'), ('odi', 'image'),
                      ('ott', 'text-template'), ('odm', 'text-master'), ('oth', 'text-web'),
                      ('ots', 'spreadsheet-template'), ('otp', 'presentation-template'), ('otg', 'graphics-template')]:
        out('opendocument.' + ext, zf([('mimetype', (ODF + kind).encode(), zipfile.ZIP_STORED),
                                       ('content.xml', X), ('META-INF/manifest.xml', X)]), ODF + kind)
    out('book.epub', zf([('mimetype', b'application/epub+zip', zipfile.ZIP_STORED), ('META-INF/container.xml', X)]),
        'application/epub+zip')
    out('writer.sxw', zf([('mimetype', b'application/vnd.sun.xml.writer', zipfile.ZIP_STORED), ('content.xml', X)]),
        'application/vnd.sun.xml.writer')
    out('calc.sxc', zf([('mimetype', b'application/vnd.sun.xml.calc', zipfile.ZIP_STORED), ('content.xml', X)]),
        'application/vnd.sun.xml.calc')
    MF = b'Manifest-Version: 1.0\r\nCreated-By: test\r\n\r\n'
    out('tool.jar', zf([('META-INF/', b'', zipfile.ZIP_STORED, b'\xfe\xca\0\0'), ('META-INF/MANIFEST.MF', MF),
                        ('a/B.class', b'\xca\xfe\xba\xbe')]), 'application/java-archive')
    out('maven.jar', zf([('META-INF/', b'', zipfile.ZIP_STORED), ('META-INF/MANIFEST.MF', MF),
                         ('a/B.class', b'\xca\xfe\xba\xbe')]), 'application/java-archive',
        'stock needs the 0xcafe extra field the jar tool writes')
    out('app.apk', zf([('AndroidManifest.xml', b'\3\0\x08\0'), ('classes.dex', b'dex\n035\0')]),
        'application/vnd.android.package-archive')
    out('signed.apk', zf([('META-INF/MANIFEST.MF', MF), ('META-INF/CERT.RSA', b'x'), ('AndroidManifest.xml', b'\3\0\x08\0'),
                          ('classes.dex', b'dex\n035\0')]), 'application/vnd.android.package-archive')

    out('archive-v4.rar', pad(b'Rar!\x1a\x07\x00' + bytes.fromhex('cf907300000d00000000000000'), 64), 'application/x-rar')
    out('archive-v5.rar', pad(b'Rar!\x1a\x07\x01\x00' + bytes.fromhex('3392b5e50a010506000501018080 00'), 64), 'application/x-rar')
    out('archive-old.rar', pad(b'RE~^' + bytes(10), 32), 'application/x-rar')
    out('archive.7z', pad(b"7z\xbc\xaf\x27\x1c\x00\x04" + bytes(24), 64), 'application/x-7z-compressed')
    out('py.gz', gzip.compress(b'hello\n' * 100), 'application/gzip')
    out('py.bz2', bz2.compress(b'hello\n' * 100), 'application/x-bzip2')
    out('py-empty.bz2', bz2.compress(b''), 'application/x-bzip2')
    out('py.xz', lzma.compress(b'hello\n' * 100), 'application/x-xz')
    out('py.lzma', lzma.compress(b'hello\n' * 100, format=lzma.FORMAT_ALONE), 'application/x-lzma')
    out('frame.zst', bytes.fromhex('28b52ffd2406350000') + b'hello\n' + bytes(4), 'application/zstd')
    out('frame.lz4', bytes.fromhex('04224d186440a7') + bytes(8), 'application/x-lz4')
    out('legacy.lz4', bytes.fromhex('02214c18') + bytes(8), 'application/x-lz4')
    out('header.lz', pad(b'LZIP\x01\x0c', 64), 'application/x-lzip')
    out('header.Z', bytes.fromhex('1f9d90') + b'hello', 'application/x-compress')
    for fmt, name in [(tarfile.USTAR_FORMAT, 'ustar'), (tarfile.GNU_FORMAT, 'gnu'), (tarfile.PAX_FORMAT, 'pax')]:
        bio = io.BytesIO()
        with tarfile.open(fileobj=bio, mode='w', format=fmt) as t:
            ti = tarfile.TarInfo('hello.txt'); ti.size = 6; ti.mtime = 1700000000
            t.addfile(ti, io.BytesIO(b'hello\n'))
        out('py-%s.tar' % name, bio.getvalue(), 'application/x-tar')
    def newc(magic):
        name, data = b'hello.txt\0', b'hello\n'
        h = magic + b''.join(b'%08X' % v for v in [1, 0o100644, 0, 0, 1, 0, len(data), 0, 0, 0, 0, len(name), 0])
        return pad(h + name + bytes((4 - (len(h) + len(name)) % 4) % 4) + data + b'\0\0', 512)
    CPIO = 'application/x-cpio'
    out('newc.cpio', newc(b'070701'), CPIO)
    out('crc.cpio', newc(b'070702'), CPIO)
    out('odc.cpio', pad(b'070707' + b'000000' + b'%06o' % 1 + b'%06o' % 0o100644 + b'000000' * 3 + b'%06o' % 1
                        + b'000000' + b'%011o' % 0 + b'%06o' % 6 + b'%011o' % 6 + b'hello\0hello\n', 512), CPIO)
    out('bin-le.cpio', pad(struct.pack('<13H', 0o70707, 0, 1, 0o100644, 0, 0, 1, 0, 0, 0, 6, 0, 6) + b'hello\0hello\n', 512), CPIO)
    out('bin-be.cpio', pad(struct.pack('>13H', 0o70707, 0, 1, 0o100644, 0, 0, 1, 0, 0, 0, 6, 0, 6) + b'hello\0hello\n', 512), CPIO)
    cab = b'MSCF' + struct.pack('<IIIII BB HHHHH', 0, 120, 0, 44, 0, 3, 1, 1, 1, 0, 0x1234, 0)
    cab += struct.pack('<IHH', 80, 1, 0) + struct.pack('<IIHHHH', 6, 0, 0, 0x5821, 0, 0x20) + b'a.txt\0'
    out('archive.cab', pad(cab, 120), 'application/vnd.ms-cab-compressed')
    bh = bytes([0x1e, 11, 1, 2, 0x10, 0, 2, 0]) + struct.pack('<I', 0x5821) + bytes(18)
    bh = bh[:0x1e] + b'test.arj\0\0'
    out('archive.arj', pad(struct.pack('<HH', 0xea60, len(bh)) + bh + bytes(6), 128), 'application/x-arj')
    def lha(method):
        return pad(b'\x24\x8b' + method + struct.pack('<II', 10, 20) + b'\0\0\0\0\x20\x01' + b'\x05hello', 128)
    out('lh5.lzh', lha(b'-lh5-'), 'application/x-lzh-compressed')
    out('lh0.lzh', lha(b'-lh0-'), 'application/x-lzh-compressed')
    out('archive.ace', pad(bytes(7) + b'**ACE**\x14\x14\x02', 128), 'application/x-ace-compressed')
    out('archive.zoo', pad(b'ZOO 2.10 Archive.\x1a\0\0' + struct.pack('<II', 0xfdc4a7dc, 34), 128), 'application/x-zoo')
    out('py.a', b'!<arch>\nfoo.o/          0           0     0     644     4         `\nabcd', 'application/x-archive')
    out('py.deb', b'!<arch>\ndebian-binary   1342943816  0     0     100644  4         `\n2.0\n',
        'application/vnd.debian.binary-package')
    out('package.rpm', pad(bytes.fromhex('edabeedb03000000000101') + b'hello-1.0-1', 96), 'application/x-rpm')
    out('image.iso', pad(bytes(32768) + b'\x01CD001\x01\0' + b'LINUX'.ljust(32) + b'CDROM'.ljust(32), 34816),
        'application/x-iso9660-image')
    out('archive.xar', pad(b'xar!\x00\x1c\x00\x01' + bytes(20), 64), 'application/x-xar')
    SQ = 'application/vnd.squashfs'
    # inodes, mtime, block size, fragments, compression, block log, flags, ids, major, minor
    out('le.squashfs', pad(b'hsqs' + struct.pack('<IIIIHHHHHH', 1, 0, 131072, 1, 1, 17, 0, 1, 4, 0), 96), SQ,
        'stock has no MIME type for squashfs')
    out('be.squashfs', pad(b'sqsh' + struct.pack('>IIIIHHHHHH', 1, 0, 131072, 1, 1, 17, 0, 1, 3, 1), 96), SQ,
        'stock has no MIME type for squashfs')
    out('image.wim', pad(b'MSWIM\0\0\0\xd0\0\0\0\0\x0d\x01\0', 512), 'application/x-ms-wim')
    out('disk.vhd', pad(b'conectix\0\0\0\2\0\1\0\0', 512), 'application/x-virtualbox-vhd')
    out('disk.vhdx', pad(b'vhdxfile', 1024), 'application/x-vhdx-disk', 'stock has no MIME type for VHDX')

    # ---- documents ----
    out('doc.pdf', b'%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n', 'application/pdf')
    out('junk-prefix.pdf', b'\x00\x01garbage\x00\xff%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n', 'application/pdf',
        'stock only finds %PDF- after a text prefix')
    out('text-prefix.pdf', b'garbage here\n%PDF-1.7\n1 0 obj\n', 'application/pdf')
    out('doc.rtf', b'{\\rtf1\\ansi\\deff0 {\\fonttbl {\\f0 Times;}} hello}\n', 'text/rtf')
    out('bare-rt.rtf', b'{\\rtx1 hello}\n', 'text/rtf', 'stock needs {\\rtf; Word accepts {\\rt')

    def ole(names, clsid=bytes(16)):
        E, F, N = 0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFFFF
        hdr = bytes.fromhex('d0cf11e0a1b11ae1') + bytes(16) + struct.pack('<HHHHH', 0x3e, 3, 0xfffe, 9, 6) + bytes(6)
        hdr += struct.pack('<IIIIIIIII', 0, 1, 1, 0, 4096, E, 0, E, 0) + struct.pack('<I', 0) + struct.pack('<I', F) * 108
        fat = struct.pack('<II', 0xFFFFFFFD, E) + struct.pack('<I', F) * 126
        def de(name, typ, right=N, child=N, cls=bytes(16)):
            nm = (name + '\0').encode('utf-16-le') if name else b''
            return (nm.ljust(64, b'\0') + struct.pack('<HBB', len(nm), typ, 1) + struct.pack('<III', N, right, child)
                    + cls + bytes(20) + struct.pack('<III', E, 0, 0))
        ents = [de('Root Entry', 5, child=1 if names else N, cls=clsid)]
        for i, nm in enumerate(names):
            ents.append(de(nm, 2, right=(i + 2) if i + 1 < len(names) else N))
        while len(ents) % 4:
            ents.append(de('', 0))
        return hdr + fat + b''.join(ents)
    out('ole-word.doc', ole(['WordDocument']), 'application/msword')
    out('ole-excel.xls', ole(['Workbook']), 'application/vnd.ms-excel')
    out('ole-outlook.msg', ole(['__properties_version1.0', '__nameid_version1.0']), 'application/vnd.ms-outlook')
    out('ole-generic', ole(['Foo']), 'application/x-ole-storage')
    out('doc.ps', b'%!PS-Adobe-3.0\n%%Title: x\nshowpage\n', 'application/postscript')
    out('doc.eps', b'%!PS-Adobe-3.0 EPSF-3.0\n%%BoundingBox: 0 0 1 1\n', 'application/postscript')
    out('ctrl-d.ps', b'\x04%!PS-Adobe-3.0\nshowpage\n', 'application/postscript')
    out('binary.eps', struct.pack('<IIIIIII', 0xc6d3d0c5, 32, 10, 0, 0, 0, 0) + b'\xff\xff' + b'%!PS-Adobe-3.0 EPSF-3.0\n',
        'image/x-eps')

    HTML = 'text/html'
    NOTAG = 'stock has no rule for this first tag'
    for name, data, note in [
            ('doctype', b'<!DOCTYPE html>\n<html><head><title>x</title></head><body>hi</body></html>\n', ''),
            ('html', b'<html>\n<body>hi</body></html>\n', ''),
            ('upper-ws', b'  \n\n<HTML><BODY>hi</BODY></HTML>\n', ''),
            ('bom', b'\xef\xbb\xbf<!doctype HTML>\n<html></html>\n', ''),
            ('head', b'<head><title>x</title></head>\n', ''),
            ('body', b'<body>hello</body>\n', NOTAG),
            ('script', b'<script>alert(1)</script>\n', ''),
            ('iframe', b'<iframe src="http://example.org/"></iframe>\n', NOTAG),
            ('meta', b'<meta http-equiv="refresh" content="0;url=http://example.org/">\n', NOTAG),
            ('title', b'<title>hello</title>\nworld\n', ''),
            ('div', b'<div style="display:none">x</div>\n', NOTAG),
            ('p', b'<p class="logo">\n  <a href="x">y</a>\n</p>\n', ''),
            ('comment', b'<!-- saved from url -->\n<html><body>x</body></html>\n', ''),
            ('tab-form', b'\t<form action="http://example.org/login" method="post"></form>\n', NOTAG)]:
        out('html-%s.html' % name, data, HTML, note)
    out('html-utf16.html', '\ufeff<html><body>x</body></html>\n'.encode('utf-16-le'), HTML)
    out('pom.xml', b'<project xmlns="http://maven.apache.org/POM/4.0.0">\n</project>\n', 'text/plain')
    out('html-mention.txt', b'Please find the page below.\n<html> is where it starts.\n', 'text/plain',
        'stock finds <html anywhere in the first 4 KiB; these rules want it first')
    out('doc.xml', b'<?xml version="1.0" encoding="UTF-8"?>\n<root><a/></root>\n', 'text/xml')
    out('xhtml.xhtml', b'<?xml version="1.0"?>\n<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" "x">\n'
        b'<html xmlns="http://www.w3.org/1999/xhtml"><body/></html>\n', 'text/xml')
    out('utf16.xml', '\ufeff<?xml version="1.0" encoding="UTF-16"?>\n<a/>\n'.encode('utf-16-le'), 'text/xml')
    SVG = b'<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"></svg>\n'
    out('decl.svg', b'<?xml version="1.0" encoding="UTF-8"?>\n' + SVG, 'image/svg+xml')
    out('bare.svg', SVG, 'image/svg+xml')
    out('doctype.svg', b'<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "x">\n' + SVG, 'image/svg+xml')

    MAIL = 'message/rfc822'
    NOMIME = 'stock has no MIME type for a mail starting with this header'
    for name, data, note in [
            ('received', b'Received: from x by y; Mon, 1 Jan 2024 00:00:00 +0000\nFrom: a@b\nTo: c@d\nSubject: hi\n\nbody\n', ''),
            ('return-path', b'Return-Path: <a@b>\nFrom: a@b\nSubject: hi\n\nbody\n', ''),
            ('from', b'From: a@b\nTo: c@d\nSubject: hi\n\nbody\n', ''),
            ('delivered-to', b'Delivered-To: a@b\nReceived: x\n\nbody\n', ''),
            ('date', b'Date: Mon, 1 Jan 2024 00:00:00 +0000\nFrom: a@b\n\nbody\n', ''),
            ('mime-version', b'MIME-Version: 1.0\nContent-Type: text/plain\n\nbody\n', NOMIME),
            ('message-id', b'Message-ID: <1@b>\nFrom: a@b\n\nbody\n', NOMIME),
            ('dkim', b'DKIM-Signature: v=1; a=rsa-sha256; d=example.org;\nFrom: a@b\n\nbody\n', NOMIME),
            ('subject', b'Subject: hello\nFrom: a@b\n\nbody\n', NOMIME),
            ('content-type', b'Content-Type: multipart/mixed; boundary="b"\n\n--b\n\nx\n--b--\n', NOMIME),
            ('x-mozilla', b'X-Mozilla-Status: 0001\nX-Mozilla-Status2: 00000000\nFrom: a@b\n\nbody\n', NOMIME)]:
        out('mail-%s.eml' % name, data, MAIL, note)
    out('mailbox.mbox', b'From MAILER-DAEMON Fri Jul  8 12:08:34 2011\nReturn-Path: <x@y>\nFrom: x@y\n\nbody\n',
        'application/mbox', 'stock has no MIME type for mbox')
    out('mozilla.mbox', b'From - Fri Jun 17 09:13:31 2022\nX-Account-Key: account1\nFrom: x@y\n\nbody\n',
        'application/mbox', 'stock has no MIME type for mbox')
    out('nodate.mbox', b'From x@example.org\nReturn-Path: <x@example.org>\nFrom: x@y\n\nbody\n',
        'application/mbox', 'stock has no MIME type for mbox')
    out('letter.txt', b'From the desk of the director:\nplease read this.\n', 'text/plain')
    out('yaml.txt', b'name: attscan\nversion: 1\n', 'text/plain')
    out('article.news', b'Path: a!b\nFrom: a@b\nNewsgroups: x\n\nbody\n', 'message/news')
    out('winmail.dat', pad(bytes.fromhex('789f3e22') + b'\x01\x00\x01\x06\x90\x08\x00', 64), 'application/vnd.ms-tnef')
    for name, block, mime in [('msg', 'MESSAGE', 'application/pgp-encrypted'), ('sig', 'SIGNATURE', 'application/pgp-signature'),
                              ('pub', 'PUBLIC KEY BLOCK', 'application/pgp-keys'), ('priv', 'PRIVATE KEY BLOCK', 'application/pgp-keys')]:
        out('pgp-armor-%s.asc' % name, ('-----BEGIN PGP %s-----\n\nhQEMA1234\n-----END PGP %s-----\n' % (block, block)).encode(), mime)
    out('pgp-armor-clearsigned.asc', b'-----BEGIN PGP SIGNED MESSAGE-----\nHash: SHA256\n\nhello\n'
        b'-----BEGIN PGP SIGNATURE-----\n\niQEz\n-----END PGP SIGNATURE-----\n', 'text/PGP')
    # binary OpenPGP packets
    key = bytes([4]) + struct.pack('>I', 1700000000) + bytes([22, 9]) + b'\x2b\x06\x01\x04\x01\xda\x47\x0f\x01' + bytes(34)
    KEYNOTE = 'stock types only a complete certificate (key, user ID, signature)'
    out('pgp-pub.gpg', bytes([0x98, len(key)]) + key, 'application/pgp-keys', KEYNOTE)
    out('pgp-pub2.gpg', bytes([0x99]) + struct.pack('>H', len(key)) + key, 'application/pgp-keys', KEYNOTE)
    out('pgp-sec.gpg', bytes([0x94, len(key) + 2]) + key + b'\0\0', 'application/pgp-keys', KEYNOTE)
    pkesk = bytes([3]) + bytes.fromhex('de3ede2d88c1bcd1') + bytes([18]) + bytes(40)
    out('pgp-enc.gpg', bytes([0x84, len(pkesk)]) + pkesk, 'application/pgp-encrypted', 'stock has no rule for binary OpenPGP messages')
    skesk = bytes([4, 9, 3, 2]) + bytes(8) + bytes([0x60])
    out('pgp-sym.gpg', bytes([0x8c, len(skesk)]) + skesk, 'application/pgp-encrypted', 'stock has no MIME type for it')
    sig = bytes([4, 0x00, 22, 8]) + bytes(40)
    out('pgp-detached.sig', bytes([0x88, len(sig)]) + sig, 'application/pgp-signature', 'stock has no rule for binary signatures')
    out('card.vcf', b'BEGIN:VCARD\r\nVERSION:3.0\r\nFN:A B\r\nEND:VCARD\r\n', 'text/vcard')
    out('invite.ics', b'BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\nEND:VCALENDAR\r\n', 'text/calendar')
    out('link.url', b'[InternetShortcut]\r\nURL=http://example.org/\r\n', 'application/x-mswinurl')
    out('export.reg', b'Windows Registry Editor Version 5.00\r\n\r\n[HKEY_LOCAL_MACHINE\\x]\r\n', 'text/x-ms-regedit')
    out('file.hqx', b'(This file must be converted with BinHex 4.0)\n:$f*TEQKPH#jdCA0d,R0TG!"6594%8dP8)3#3"!!!!!!!!!\n',
        'application/mac-binhex40')
    out('file.uue', b'begin 644 hello.txt\n&:&5L;&\\*\n`\nend\n', 'text/x-uuencode', 'stock has no MIME type for uuencode')
    out('notes.one', pad(bytes.fromhex('e4525c7b8cd8a74daeb15378d02996d3'), 1024), 'application/onenote',
        'stock has no rule for OneNote')
    out('db.mdb', pad(b'\0\1\0\0Standard Jet DB\0', 256), 'application/x-msaccess')
    out('db.accdb', pad(b'\0\1\0\0Standard ACE DB\0', 256), 'application/x-msaccess')
    out('db.sqlite', pad(b'SQLite format 3\0' + struct.pack('>H', 4096), 100), 'application/vnd.sqlite3')
    out('data.json', b'{"a": [1, 2, {"b": null}]}\n', 'application/json')
    out('data.csv', b'a,b,c\n1,2,3\n4,5,6\n', 'text/csv')

    # ---- images ----
    def chunk(t, d):
        return struct.pack('>I', len(d)) + t + d + struct.pack('>I', zlib.crc32(t + d))
    out('image.png', b'\x89PNG\r\n\x1a\n' + chunk(b'IHDR', struct.pack('>IIBBBBB', 1, 1, 8, 0, 0, 0, 0))
        + chunk(b'IDAT', zlib.compress(b'\0\0')) + chunk(b'IEND', b''), 'image/png')
    out('jfif.jpg', bytes.fromhex('ffd8ffe000104a46494600010100000100010000ffdb004300') + bytes(64) + b'\xff\xd9', 'image/jpeg')
    out('exif.jpg', bytes.fromhex('ffd8ffe1001845786966000049492a0008000000000000000000ffd9'), 'image/jpeg')
    out('image87.gif', b'GIF87a\x01\x00\x01\x00\x80\x00\x00' + bytes(20) + b';', 'image/gif')
    out('image89.gif', b'GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff!\xf9\x04\x01\x00\x00\x00\x00'
        b',\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;', 'image/gif')
    out('image.bmp', b'BM' + struct.pack('<IHHI', 58, 0, 0, 54) + struct.pack('<IiiHHIIiiII', 40, 1, 1, 1, 24, 0, 4, 2835, 2835, 0, 0)
        + bytes(4), 'image/bmp')
    out('os2.bmp', b'BM' + struct.pack('<IHHI', 30, 0, 0, 26) + struct.pack('<IHHHH', 12, 1, 1, 1, 24) + bytes(4), 'image/bmp')
    out('bm-text.txt', b'BMW and Audi are car makers.\n', 'text/plain')
    out('le.tif', pad(b'II*\0\x08\0\0\0' + struct.pack('<H', 1) + struct.pack('<HHII', 256, 3, 1, 1), 64), 'image/tiff')
    out('be.tif', pad(b'MM\0*\0\0\0\x08' + struct.pack('>H', 1) + struct.pack('>HHII', 256, 3, 1, 1 << 16), 64), 'image/tiff')
    out('big.tif', pad(b'II+\0\x08\0\0\0' + bytes(8), 64), 'image/tiff')
    out('icon.ico', struct.pack('<HHH', 0, 1, 1) + struct.pack('<BBBBHHII', 16, 16, 0, 0, 1, 32, 40, 22) + bytes(40),
        'image/vnd.microsoft.icon')
    out('cursor.cur', struct.pack('<HHH', 0, 2, 1) + struct.pack('<BBBBHHII', 16, 16, 0, 0, 1, 1, 40, 22) + bytes(40),
        'image/x-win-bitmap')
    out('image.webp', b'RIFF' + struct.pack('<I', 30) + b'WEBPVP8 ' + struct.pack('<I', 18) + bytes(18), 'image/webp')
    def ftyp(brand, compat, nxt=b'meta'):
        d = brand + b'\0\0\0\0' + b''.join(compat)
        return pad(struct.pack('>I', 8 + len(d)) + b'ftyp' + d + struct.pack('>I', 8) + nxt, 64)
    out('image.heic', ftyp(b'heic', [b'mif1', b'heic']), 'image/heic')
    out('image.heif', ftyp(b'mif1', [b'mif1', b'heic']), 'image/heif')
    out('image.avif', ftyp(b'avif', [b'avif', b'mif1', b'miaf']), 'image/avif')
    out('image.psd', pad(b'8BPS\0\x01' + bytes(6) + struct.pack('>HIIHH', 3, 1, 1, 8, 3), 64), 'image/vnd.adobe.photoshop')
    out('image.jp2', pad(bytes.fromhex('0000000c6a5020200d0a870a00000014667479706a703220'), 64), 'image/jp2')

    # ---- audio / video ----
    bio = io.BytesIO()
    with wave.open(bio, 'wb') as wv:
        wv.setnchannels(1); wv.setsampwidth(2); wv.setframerate(8000); wv.writeframes(bytes(200))
    out('sound.wav', bio.getvalue(), 'audio/x-wav')
    out('sound-rf64.wav', pad(b'RF64\xff\xff\xff\xffWAVEds64', 64), 'audio/x-wav')
    out('movie.avi', pad(b'RIFF' + struct.pack('<I', 200) + b'AVI LIST' + struct.pack('<I', 100) + b'hdrlavih'
                         + struct.pack('<I', 56), 208), 'video/x-msvideo')
    frame = bytes.fromhex('fffb9064') + bytes(413)
    out('id3.mp3', b'ID3\x03\x00\x00\x00\x00\x00\x0a' + bytes(10) + frame * 2, 'audio/mpeg')
    out('frames.mp3', frame * 3, 'audio/mpeg')
    out('mpeg2.mp3', (bytes.fromhex('fff39864') + bytes(200)) * 3, 'audio/mpeg')
    out('layer2.mp2', (bytes.fromhex('fffd9004') + bytes(400)) * 3, 'audio/mpeg')
    out('adts.aac', (bytes.fromhex('fff15080') + bytes(100)) * 2, 'audio/x-hx-aac-adts')
    out('utf16le.txt', '\ufeffHello there, just text.\n'.encode('utf-16-le'), 'text/plain')
    out('id3-text.txt', b'ID3 tags are metadata.\n', 'text/plain')
    def ogg(payload):
        return pad(b'OggS\0\x02' + bytes(8) + struct.pack('<IIIB', 1, 0, 0, 1) + bytes([len(payload)]) + payload, 128)
    out('vorbis.ogg', ogg(b'\x01vorbis\0\0\0\0\x01\x44\xac\0\0' + bytes(16)), 'audio/ogg')
    out('opus.opus', ogg(b'OpusHead\x01\x01\x38\x01\x80\xbb\0\0\0\0\0'), 'audio/ogg')
    out('flac.oga', ogg(b'\x7fFLAC\x01\x00\x00\x01fLaC\0\0\0\x22' + bytes(34)), 'audio/ogg')
    out('speex.spx', ogg(b'Speex   1.2rc1' + bytes(60)), 'audio/ogg')
    out('theora.ogv', ogg(b'\x80theora\x03\x02\x01' + bytes(30)), 'video/ogg')
    out('unknown.ogg', ogg(b'XXXXXXXX'), 'application/ogg', 'stock has no MIME type for Ogg with an unknown codec')
    out('sound.flac', pad(b'fLaC\x80\0\0\x22' + struct.pack('>HH', 4096, 4096) + bytes(6) + bytes.fromhex('0ac44000000000'), 64),
        'audio/flac')
    out('movie.mp4', ftyp(b'isom', [b'isom', b'iso2', b'avc1', b'mp41'], b'free'), 'video/mp4')
    out('movie-mp42.mp4', ftyp(b'mp42', [b'mp42', b'isom'], b'free'), 'video/mp4')
    out('sound.m4a', ftyp(b'M4A ', [b'M4A ', b'mp42', b'isom'], b'free'), 'audio/x-m4a')
    out('movie.m4v', ftyp(b'M4V ', [b'M4V ', b'mp42', b'isom'], b'free'), 'video/x-m4v')
    out('movie.3gp', ftyp(b'3gp4', [b'3gp4', b'isom'], b'free'), 'video/3gpp')
    out('movie.3g2', ftyp(b'3g2a', [b'3g2a', b'isom'], b'free'), 'video/3gpp2')
    out('movie.mov', ftyp(b'qt  ', [b'qt  '], b'wide'), 'video/quicktime')
    out('moov.mov', pad(struct.pack('>I', 100) + b'moov' + struct.pack('>I', 92) + b'mvhd', 128), 'video/quicktime')
    out('mdat.mov', pad(struct.pack('>I', 16) + b'mdat' + bytes(8), 64), 'video/quicktime')
    out('movie.mkv', pad(bytes.fromhex('1a45dfa3a34286810142f7810142f2810442f381084282886d6174726f736b614287810442858102'), 64),
        'video/x-matroska')
    out('movie.webm', pad(bytes.fromhex('1a45dfa39f4286810142f7810142f2810442f381084282847765626d4287810442858102'), 64), 'video/webm')
    out('song.mid', b'MThd\0\0\0\x06\0\x01\0\x01\x01\xe0MTrk\0\0\0\x04\0\xff\x2f\0', 'audio/midi')
    out('sound.aiff', b'FORM' + struct.pack('>I', 30) + b'AIFFCOMM' + struct.pack('>I', 18) + bytes(18), 'audio/x-aiff')
    out('sound.au', b'.snd' + struct.pack('>IIIII', 24, 0, 1, 8000, 1), 'audio/basic')
    out('speech.amr', b'#!AMR\n' + bytes(20), 'audio/amr')
    out('movie.mpg', pad(bytes.fromhex('000001ba440004000401') + bytes(10), 64), 'video/mpeg')
    out('video.m1v', pad(bytes.fromhex('000001b3'), 64), 'video/mpeg')
    out('stream.ts', (b'\x47\x40\x00\x10' + bytes(184)) * 4, 'video/MP2T')
    out('g-text.txt', (b'G' * 60 + b'\n') * 12, 'text/plain')
    out('cws-text.txt', b'CWS 2.0 release notes\nNothing to see.\n', 'text/plain')
    out('movie.wmv', pad(bytes.fromhex('3026b2758e66cf11a6d900aa0062ce6c'), 128), 'video/x-ms-asf')
    out('movie.flv', b'FLV\x01\x05\0\0\0\x09\0\0\0\0', 'video/x-flv')

    # ---- fonts ----
    def sfnt(tag):
        return pad(tag + struct.pack('>HHHH', 1, 16, 0, 0) + b'head' + bytes(12), 64)
    out('font.ttf', sfnt(b'\0\1\0\0'), 'font/sfnt')
    out('font.otf', sfnt(b'OTTO'), 'application/vnd.ms-opentype')
    out('fonts.ttc', pad(b'ttcf\0\1\0\0\0\0\0\1\0\0\0\x10', 64), 'font/ttf')
    out('font.woff', pad(b'wOFF\0\1\0\0' + struct.pack('>IHH', 100, 1, 0), 64), 'font/woff')
    out('font.woff2', pad(b'wOF2\0\1\0\0' + struct.pack('>IHH', 100, 1, 0), 64), 'font/woff2')

    # ---- libmagic's own fall-backs ----
    out('empty', b'', 'application/x-empty', '', 'stdin')
    out('ascii.txt', b'Hello, this is some plain text.\nSecond line.\n', 'text/plain')
    out('utf8.txt', 'H\u00e9llo w\u00f6rld \u2603\n'.encode(), 'text/plain')
    rnd = random.Random(42)
    out('random.bin', bytes(rnd.getrandbits(8) for _ in range(4096)), 'application/octet-stream')

    return samples


# Samples made by real tools, in a directory holding hello.txt,
# dir/sub/again.txt and debian-binary: (name, expected, alternatives,
# note).  An alternative is (tools, steps); the first one whose tools are
# all installed makes the sample.  A step is (argv, stdin bytes or None,
# stdout into the sample or not), "{out}" in argv standing for the
# sample's path, or ("write", path, text) to write a file first.
def _one(tools, *steps):
    return [(tools, list(steps))]


def _cmd(*argv, stdin=None, to_out=False):
    return (list(argv), stdin, to_out)


def _cpio(fmt):
    return _one(['cpio'], _cmd('cpio', '--quiet', '-o', '-H', fmt,
                               stdin=b'hello.txt\n', to_out=True))


_CONTROL = ('Package: t\nVersion: 1\nArchitecture: all\n'
            'Maintainer: t <t@t>\nDescription: t\n')
TOOL_SAMPLES = [
    ('tool.gz', 'application/gzip',
     _one(['gzip'], _cmd('gzip', '-9', '-c', 'hello.txt', to_out=True)), ''),
    ('tool.bz2', 'application/x-bzip2',
     _one(['bzip2'], _cmd('bzip2', '-c', 'hello.txt', to_out=True)), ''),
    ('tool.xz', 'application/x-xz',
     _one(['xz'], _cmd('xz', '-c', 'hello.txt', to_out=True)), ''),
    ('tool.lzma', 'application/x-lzma',
     _one(['xz'], _cmd('xz', '--format=lzma', '-c', 'hello.txt',
                       to_out=True)), ''),
    ('tool.zst', 'application/zstd',
     _one(['zstd'], _cmd('zstd', '-q', '-c', 'hello.txt', to_out=True)), ''),
    ('tool.lz4', 'application/x-lz4',
     _one(['lz4'], _cmd('lz4', '-q', '-c', 'hello.txt', to_out=True)), ''),
    ('tool.lz', 'application/x-lzip',
     _one(['lzip'], _cmd('lzip', '-c', 'hello.txt', to_out=True)), ''),
    ('tool.Z', 'application/x-compress',
     _one(['compress'], _cmd('compress', '-c', 'hello.txt', to_out=True)),
     ''),
    ('tool-ustar.tar', 'application/x-tar',
     _one(['tar'], _cmd('tar', '--format=ustar', '-cf', '{out}',
                        'hello.txt', 'dir')), ''),
    ('tool-gnu.tar', 'application/x-tar',
     _one(['tar'], _cmd('tar', '--format=gnu', '-cf', '{out}', 'hello.txt',
                        'dir')), ''),
    ('tool-pax.tar', 'application/x-tar',
     _one(['tar'], _cmd('tar', '--format=pax', '-cf', '{out}', 'hello.txt',
                        'dir')), ''),
    ('tool-v7.tar', 'application/x-tar',
     _one(['tar'], _cmd('tar', '--format=v7', '-cf', '{out}', 'hello.txt')),
     ''),
    ('tool-newc.cpio', 'application/x-cpio', _cpio('newc'), ''),
    ('tool-crc.cpio', 'application/x-cpio', _cpio('crc'), ''),
    ('tool-odc.cpio', 'application/x-cpio', _cpio('odc'), ''),
    ('tool-bin.cpio', 'application/x-cpio', _cpio('bin'), ''),
    ('tool.zip', 'application/zip',
     _one(['zip'], _cmd('zip', '-q', '-r', '{out}', 'hello.txt', 'dir')), ''),
    ('tool-stored.zip', 'application/zip',
     _one(['zip'], _cmd('zip', '-q', '-0', '{out}', 'hello.txt')), ''),
    ('tool.a', 'application/x-archive',
     _one(['ar'], _cmd('ar', 'rc', '{out}', 'hello.txt')), ''),
    ('tool-ar.deb', 'application/vnd.debian.binary-package',
     _one(['ar'], _cmd('ar', 'rc', '{out}', 'debian-binary', 'hello.txt')),
     ''),
    ('tool.deb', 'application/vnd.debian.binary-package',
     _one(['dpkg-deb'], ('write', 'pkg/DEBIAN/control', _CONTROL),
          _cmd('dpkg-deb', '--root-owner-group', '-b', 'pkg', '{out}')), ''),
    ('tool.7z', 'application/x-7z-compressed',
     _one(['7z'], _cmd('7z', 'a', '-bd', '{out}', 'hello.txt')), ''),
    ('tool.iso', 'application/x-iso9660-image',
     _one(['genisoimage'], _cmd('genisoimage', '-quiet', '-o', '{out}',
                                'dir')) +
     _one(['xorriso'], _cmd('xorriso', '-as', 'mkisofs', '-quiet', '-o',
                            '{out}', 'dir')), ''),
    ('tool.squashfs', 'application/vnd.squashfs',
     _one(['mksquashfs'], _cmd('mksquashfs', 'dir', '{out}', '-quiet',
                               '-no-progress', '-noappend')),
     'stock has no MIME type for squashfs'),
    ('tool.cab', 'application/vnd.ms-cab-compressed',
     _one(['gcab'], _cmd('gcab', '-c', '{out}', 'hello.txt')), ''),
]

# Real ELF files from the C compiler: (name, expected, buffer_expected,
# compiler flags, source, what the skip says when the compiler fails).
# A PIE executable: file(1) reads the dynamic section (DF_1_PIE) itself
# and says x-pie-executable; through magic_buffer() libmagic never knows,
# and says x-sharedlib (stock too).
_MAIN = 'int main(void) { return 0; }\n'
_FUNC = 'int f(void) { return 1; }\n'
CC_SAMPLES = [
    ('cc-pie', 'application/x-pie-executable', 'application/x-sharedlib',
     ['-fPIE', '-pie'], _MAIN, '-pie failed'),
    ('cc-nopie', 'application/x-executable', '-', ['-no-pie'], _MAIN,
     '-no-pie failed'),
    ('cc-lib.so', 'application/x-sharedlib', '-', ['-shared', '-fPIC'], _FUNC,
     '-shared failed'),
    ('cc-obj.o', 'application/x-object', '-', ['-c'], _FUNC, '-c failed'),
]
