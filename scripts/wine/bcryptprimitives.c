/* A stand-in for Windows' bcryptprimitives.dll, which Debian's wine 8 lacks and
 * Rust's standard library needs (ProcessPrng, for random numbers) on Windows 10 and
 * later. Only scripts/wine-check.sh uses it, beside the program under wine; real
 * Windows has its own, and the stand-in never ships. RtlGenRandom (advapi32's
 * SystemFunction036) is what wine does have. */
#include <windows.h>

BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);

BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T length)
{
    while (length > 0) {
        ULONG chunk = length > 0x10000000 ? 0x10000000 : (ULONG)length;
        if (!SystemFunction036(data, chunk))
            return FALSE;
        data += chunk;
        length -= chunk;
    }
    return TRUE;
}
