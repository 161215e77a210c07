/*
 * fuzz_param - libFuzzer harness over field values: parameters, RFC 2231,
 * RFC 2047, charsets, and the display and JSON escapers.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util/buf.h"
#include "util/charset.h"
#include "util/json.h"
#include "mime/param.h"
#include "util/printable.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const names[] = { "filename", "name", "boundary",
	    "charset" };
	struct hvalue hv;
	struct buf b;
	uint64_t d = 0;
	size_t	 i, n;
	char	*v;

	hvalue_parse(&hv, (const char *)data, size, &d);
	buf_init(&b, 1 << 20);
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		if ((v = param_text(&hv, names[i], &n, &d)) != NULL) {
			if (!utf8_valid((const unsigned char *)v, n))
				abort();
			printable(&b, v, n, 1);
			json_str(&b, v, n);
			free(v);
		}
		if ((v = param_raw(&hv, names[i], &n, &d)) != NULL)
			free(v);
	}
	hvalue_release(&hv);
	buf_reset(&b);
	json_str(&b, (const char *)data, size);
	if (!utf8_valid(b.data, b.len))
		abort();
	buf_release(&b);
	return 0;
}
