/*
 * A stand-in bcryptprimitives.dll for running Lookout's Windows binaries
 * under Wine 8 (Debian 12), in make test-windows only: it is not shipped.
 *
 * Go 1.24+ takes its random bytes from ProcessPrng in bcryptprimitives.dll
 * (Windows 10 and later); Wine 8 has no such DLL, so a Go program dies at
 * start with "bcryptprimitives.dll not found". ProcessPrng here forwards to
 * advapi32's SystemFunction036 (RtlGenRandom), which Wine has.
 *
 *   x86_64-w64-mingw32-gcc -shared -O2 -o bcryptprimitives.dll \
 *       bcryptprimitives.c bcryptprimitives.def -ladvapi32
 */
#include <windows.h>

BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);

/* ProcessPrng fills data with len random bytes; it never fails on Windows. */
BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T len)
{
	while (len > 0) {
		ULONG n = len > 0x40000000 ? 0x40000000 : (ULONG)len;
		if (!SystemFunction036(data, n))
			return FALSE;
		data += n;
		len -= n;
	}
	return TRUE;
}
