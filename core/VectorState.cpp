#include "VectorState.h"

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#include <immintrin.h>
#endif

namespace annealer {

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))

namespace {
// Compiled for AVX, called only where the CPU has it.
__attribute__((target("avx"))) void zeroUpper() {
    _mm256_zeroupper();
}
}  // namespace

void clearUpperVectorState() {
    static const bool hasAvx = __builtin_cpu_supports("avx");
    if (hasAvx) zeroUpper();
}

#else

void clearUpperVectorState() {}

#endif

}  // namespace annealer
