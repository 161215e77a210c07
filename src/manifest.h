/*
 * manifest - manifest.json, the machine-readable account of an extraction.
 *
 *	{"message":{"size":N,"sha256":"...","defects":[...]},
 *	 "parts":[{"index":1,"file":"0001.ATT","kind":"part","path":"1.2",
 *	   "content_type":"...","declared_type":"..."|null,
 *	   "disposition":"..."|null,"filename":"..."|null,
 *	   "encoding":"base64"|null,"size":N,"sha256":"...",
 *	   "magic_type":"...","defects":[...]}, ...]}
 *
 * manifest_entry() takes records in index order (it is an extract_ops
 * entry callback); manifest_write() writes the file once the message is
 * done.  Part records are kept in memory and spill to a hidden file in the
 * output directory past MANIFEST_MEM, so memory stays bounded.
 */
#ifndef ATTSCAN_MANIFEST_H
#define ATTSCAN_MANIFEST_H

#include <stdint.h>

struct buf;
struct scratch;
struct xrec;

#define MANIFEST_MEM	(256 * 1024)

struct manifest;

struct manifest	*manifest_new(struct scratch *);
void		 manifest_entry(void *, const struct xrec *);
void		 manifest_part_json(struct buf *, const struct xrec *);
int		 manifest_write(struct manifest *, uint64_t, const char *,
		    uint64_t, char **);
void		 manifest_free(struct manifest *);

#endif
