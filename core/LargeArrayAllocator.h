#pragma once

#include <cstddef>
#include <cstdlib>
#include <new>
#include <vector>

#ifdef __linux__
#include <sys/mman.h>
#endif

namespace annealer {

// An allocator for per-step arrays of megabytes that are filled once, front to back (the
// momentum law's areas). On Linux it asks for transparent huge pages: a fresh 16 MB array then
// costs 8 page faults instead of 4096, which on virtual machines was most of the time of
// filling it (bench_core: 1M-step momentum prediction 11 ms -> 3.5 ms). Not used for the
// loss-drop tree, whose ~70 MB of scattered writes built slower with it (60 -> 100 ms).
template <typename T>
struct LargeArrayAllocator {
    using value_type = T;
    static constexpr std::size_t kHugePage = std::size_t{2} << 20;

    LargeArrayAllocator() = default;
    template <typename U>
    LargeArrayAllocator(const LargeArrayAllocator<U>&) noexcept {}

    T* allocate(std::size_t n) {
        const std::size_t bytes = n * sizeof(T);
        if (bytes < kHugePage) {
            if (void* p = std::malloc(bytes == 0 ? 1 : bytes)) return static_cast<T*>(p);
            throw std::bad_alloc();
        }
        const std::size_t rounded = (bytes + kHugePage - 1) / kHugePage * kHugePage;
        void* p = std::aligned_alloc(kHugePage, rounded);
        if (p == nullptr) throw std::bad_alloc();
#ifdef __linux__
        madvise(p, rounded, MADV_HUGEPAGE);  // a hint; failure only costs speed
#endif
        return static_cast<T*>(p);
    }
    void deallocate(T* p, std::size_t) noexcept { std::free(p); }

    template <typename U>
    bool operator==(const LargeArrayAllocator<U>&) const noexcept { return true; }
};

template <typename T>
using LargeArray = std::vector<T, LargeArrayAllocator<T>>;

}  // namespace annealer
