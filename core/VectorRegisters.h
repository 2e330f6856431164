#pragma once

namespace annealer {

// Marks the upper halves of the calling thread's x86 vector registers clean (VZEROUPPER), on
// CPUs with AVX; elsewhere it does nothing.
//
// Why: library code compiled for AVX-512 that returns without VZEROUPPER (Qt 6.4's QHash,
// e.g. inserting one QString into a QSet, was caught doing so in a profile) leaves the thread in
// a state where every later SSE instruction pays a transition penalty. Our numerical code is
// SSE (the default x86-64 target), and after one such call a multi-power fit ran 10x slower
// (0.45 s of CPU became 4.9 s, the same 262,492 evaluations). Threads inherit the state from
// the thread that starts them. So the hot entry points (LawEvaluator::evaluate, parallelFor's
// workers) call this first; it costs about a cycle.
void clearUpperVectorRegisters();

}  // namespace annealer
