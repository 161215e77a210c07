/*
 * cpu - which instruction set extensions the code may use.
 *
 * glibc probes the CPU when a program starts and exposes the result
 * (<sys/platform/x86.h>, glibc 2.33+): asking it costs nothing, whereas
 * every cpuid instruction traps to the hypervisor in a virtual machine
 * (~5 us each here, and libgcc's __builtin_cpu_supports runs a dozen).
 * Elsewhere a few cpuid calls answer, once.
 */
#ifndef ATTSCAN_CPU_H
#define ATTSCAN_CPU_H

int	cpu_has_avx2(void);
int	cpu_has_sha(void);

#endif
