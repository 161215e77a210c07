/*
 * doctype - the true types libmagic's first 64 KiB cannot tell.
 *
 * attscan types a part from its head (ftype.h).  Three types the policy
 * needs are decided further in, so doctype_refine() looks at the whole
 * extracted file when the head's type leaves them open:
 *
 *	application/x-msi	an OLE compound file whose root entry has
 *				the class id of an installer package (MSI,
 *				MSP patch or MST transform); the magic
 *				database says application/x-ole-storage
 *	application/x-macro-ole	an OLE compound file with a _VBA_PROJECT
 *				stream (Word, Excel, PowerPoint 97-2003
 *				with macros)
 *	application/x-macro-ooxml  a zip whose central directory lists a
 *				member named DIR/vbaProject.bin (docm, xlsm,
 *				pptm, or a docx renamed)
 *
 * An OLE file is read entry by entry (every 128-byte directory slot, at
 * most DOCTYPE_OLE_MAX bytes); a zip's central directory at most
 * DOCTYPE_ZIP_ENTRIES entries.  A file that cannot be read keeps its
 * head's type.  The result is static or the type given: never freed.
 */
#ifndef ATTSCAN_DOCTYPE_H
#define ATTSCAN_DOCTYPE_H

#define DOCTYPE_OLE_MAX		(256ULL * 1024 * 1024)
#define DOCTYPE_ZIP_ENTRIES	65535

const char	*doctype_refine(const char *magic, int dfd, const char *file);

#endif
