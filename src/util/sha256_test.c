/*
 * sha256_test - FIPS 180-4 vectors, in one piece and byte by byte, for
 * whichever block function this CPU selects, plus the portable one
 * forced when SHA extensions are present (both must agree).
 */
#include <string.h>

#include "util/sha256.h"
#include "util/tap.h"

static void
hash(const char *in, size_t n, size_t step, char out[SHA256_HEXLEN + 1])
{
	struct sha256 s;
	size_t	 i, k;

	sha256_init(&s);
	for (i = 0; i < n; i += k) {
		k = step == 0 || n - i < step ? n - i : step;
		sha256_update(&s, in + i, k);
	}
	sha256_final_hex(&s, out);
}

/* update2 - two at once gives the same digests as one after the other */
static void
update2(void)
{
	static unsigned char x[200000], y[200000];
	struct sha256 a, b, c, d;
	unsigned char da[32], db[32], dc[32], dd[32];
	size_t	 i, off, step;
	int	 bad = 0;

	for (i = 0; i < sizeof(x); i++) {
		x[i] = (unsigned char)(i * 7);
		y[i] = (unsigned char)(i * 13 + 1);
	}
	for (step = 1; step < 5000; step = step * 3 + 7) {
		sha256_init(&a), sha256_init(&b);
		sha256_init(&c), sha256_init(&d);
		/* offset b by 5 bytes first: unequal partial blocks */
		sha256_update(&b, y, 5);
		sha256_update(&d, y, 5);
		/* the streams advance by different amounts */
		size_t oa = 0, ob = 0, ka, kb;

		while (oa < sizeof(x) - 10 || ob < sizeof(y) - 10) {
			ka = sizeof(x) - 10 - oa < step ? sizeof(x) - 10 - oa :
			    step;
			kb = sizeof(y) - 10 - ob < step * 2 + 3 ?
			    sizeof(y) - 10 - ob : step * 2 + 3;
			sha256_update2(&a, x + oa, &ka, &b, y + 5 + ob, &kb);
			if (ka == 0 && kb == 0) {
				/* no whole block in step: take one alone */
				if (oa < sizeof(x) - 10) {
					ka = sizeof(x) - 10 - oa < 64 ?
					    sizeof(x) - 10 - oa : 64;
					sha256_update(&a, x + oa, ka);
				} else {
					kb = sizeof(y) - 10 - ob < 64 ?
					    sizeof(y) - 10 - ob : 64;
					sha256_update(&b, y + 5 + ob, kb);
				}
			}
			oa += ka;
			ob += kb;
		}
		sha256_update(&c, x, sizeof(x) - 10);
		sha256_update(&d, y + 5, sizeof(y) - 10);
		sha256_final(&a, da), sha256_final(&b, db);
		sha256_final(&c, dc), sha256_final(&d, dd);
		if (memcmp(da, dc, 32) || memcmp(db, dd, 32))
			bad++;
	}
	/* equal offsets: the interleaved path runs */
	sha256_init(&a), sha256_init(&b), sha256_init(&c), sha256_init(&d);
	off = sizeof(x), i = sizeof(y);
	sha256_update2(&a, x, &off, &b, y, &i);
	sha256_update(&a, x + off, sizeof(x) - off);
	sha256_update(&b, y + i, sizeof(y) - i);
	sha256_update(&c, x, sizeof(x));
	sha256_update(&d, y, sizeof(y));
	sha256_final(&a, da), sha256_final(&b, db);
	sha256_final(&c, dc), sha256_final(&d, dd);
	if (memcmp(da, dc, 32) || memcmp(db, dd, 32))
		bad++;
	ok(bad == 0, "sha256_update2 equals two sha256_update (%s)",
	    sha256_impl());
}

int
main(void)
{
	static const struct {
		const char	*in;
		const char	*want;
	} t[] = {
		{ "", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855" },
		{ "abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad" },
		{ "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
		  "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1" },
		{ "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu",
		  "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1" },
	};
	static char million[1000000];
	char	 hex[SHA256_HEXLEN + 1];
	size_t	 i;
	int	 pass;

	for (pass = 0; pass < 2; pass++) {
	if (pass == 1)
		sha256_force_portable();
	printf("# block function: %s\n", sha256_impl());
	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		hash(t[i].in, strlen(t[i].in), 0, hex);
		ok(strcmp(hex, t[i].want) == 0, "vector %zu whole", i);
		hash(t[i].in, strlen(t[i].in), 1, hex);
		ok(strcmp(hex, t[i].want) == 0, "vector %zu byte by byte", i);
	}
	memset(million, 'a', sizeof(million));
	hash(million, sizeof(million), 0, hex);
	ok(strcmp(hex, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0") == 0,
	    "one million 'a'");
	hash(million, sizeof(million), 4093, hex);
	ok(strcmp(hex, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0") == 0,
	    "one million 'a' in odd slices");
	update2();
	}
	return tap_done();
}
