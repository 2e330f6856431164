#include "VectorRegisters.h"

namespace annealer {

void clearUpperVectorRegisters() {
#if defined(__x86_64__) || defined(__i386__)
    // VZEROUPPER is an illegal instruction without AVX. Out of line: by the calling convention no
    // vector register is live across this call, so clearing their upper halves loses nothing.
    static const bool hasAvx = __builtin_cpu_supports("avx");
    if (hasAvx) __asm__ volatile("vzeroupper" ::: "memory");
#endif
}

}  // namespace annealer
