/*
 * digests_test - a digest is new once, then seen; the set grows past its
 * first allocation.
 */
#include <string.h>

#include "util/digests.h"
#include "util/tap.h"

int
main(void)
{
	struct digests s;
	unsigned char d[SHA256_LEN];
	int	 i, fresh = 0, again = 0;

	memset(&s, 0, sizeof(s));
	memset(d, 0, sizeof(d));
	ok(digests_seen(&s, d) == 0, "a new digest: not seen");
	ok(digests_seen(&s, d) == 1, "the same again: seen");
	for (i = 1; i <= 100; i++) {
		d[0] = (unsigned char)i;
		fresh += digests_seen(&s, d) == 0;
	}
	for (i = 1; i <= 100; i++) {
		d[0] = (unsigned char)i;
		again += digests_seen(&s, d) == 1;
	}
	ok(fresh == 100 && again == 100 && s.n == 101, "100 more: each new "
	    "once, then seen (%d, %d, %zu)", fresh, again, s.n);
	digests_release(&s);
	ok(s.d == NULL && s.n == 0, "released");
	return tap_done();
}
