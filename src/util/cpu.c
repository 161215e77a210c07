/*
 * cpu - instruction set extensions (see cpu.h).
 */
#include "util/cpu.h"

#if defined(__x86_64__) && defined(__has_include)
#if __has_include(<sys/platform/x86.h>)
#include <sys/platform/x86.h>
#define HAVE_GLIBC_X86	1
#endif
#endif
#if defined(__x86_64__) && !defined(HAVE_GLIBC_X86)
#include <cpuid.h>
#endif

#if defined(__x86_64__) && !defined(HAVE_GLIBC_X86)
/* probe - leaf 1 ECX and leaf 7 EBX, once; -1 until asked */
static void
probe(unsigned *c1, unsigned *b7)
{
	static unsigned ecx1, ebx7;
	static int done;
	unsigned a, b, c, d, xlo = 0, xhi = 0;

	if (!done) {
		done = 1;
		if (__get_cpuid(1, &a, &b, &c, &d)) {
			ecx1 = c;
			/* AVX state enabled by the OS (XCR0 bits 1 and 2)? */
			if (c & bit_OSXSAVE)
				__asm__ volatile ("xgetbv" : "=a"(xlo), "=d"(xhi) :
				    "c"(0));
			if ((xlo & 6) != 6)
				ecx1 &= ~bit_AVX;
			if (__get_cpuid_max(0, NULL) >= 7) {
				__cpuid_count(7, 0, a, b, c, d);
				ebx7 = b;
			}
		}
	}
	*c1 = ecx1;
	*b7 = ebx7;
}
#endif

/* cpu_has_avx2 - AVX2 usable */
int
cpu_has_avx2(void)
{
#if defined(HAVE_GLIBC_X86)
	return CPU_FEATURE_ACTIVE(AVX2);
#elif defined(__x86_64__)
	unsigned c1, b7;

	probe(&c1, &b7);
	return (c1 & bit_AVX) && (b7 & bit_AVX2);
#else
	return 0;
#endif
}

/* cpu_has_sha - SHA extensions, with the SSSE3 and SSE4.1 they need */
int
cpu_has_sha(void)
{
#if defined(HAVE_GLIBC_X86)
	return CPU_FEATURE_ACTIVE(SHA) && CPU_FEATURE_ACTIVE(SSSE3) &&
	    CPU_FEATURE_ACTIVE(SSE4_1);
#elif defined(__x86_64__)
	unsigned c1, b7;

	probe(&c1, &b7);
	return (b7 & bit_SHA) && (c1 & bit_SSSE3) && (c1 & bit_SSE4_1);
#else
	return 0;
#endif
}
