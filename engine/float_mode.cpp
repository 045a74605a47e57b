#include "float_mode.h"

#if defined(__SSE__) || defined(__x86_64__)
#include <xmmintrin.h>
#define CNNWB_HAS_MXCSR 1
#endif

namespace cnnwb {

#ifdef CNNWB_HAS_MXCSR
// MXCSR bits: FTZ (flush results) and DAZ (treat subnormal inputs as zero).
constexpr unsigned kFlushBits = 0x8000u | 0x0040u;
#endif

void flushSubnormalsToZero() {
#ifdef CNNWB_HAS_MXCSR
    _mm_setcsr(_mm_getcsr() | kFlushBits);
#endif
}

bool subnormalsFlushed() {
#ifdef CNNWB_HAS_MXCSR
    return (_mm_getcsr() & kFlushBits) == kFlushBits;
#else
    return false;
#endif
}

}  // namespace cnnwb
