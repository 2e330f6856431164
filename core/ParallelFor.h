#pragma once

#include <cstddef>
#include <functional>

namespace annealer {

// Calls body(begin, end) on disjoint chunks covering [0, count), on up to one thread per core
// (the calling thread included). Chunks are handed out dynamically; body must be thread-safe.
void parallelFor(std::size_t count, std::size_t chunk,
                 const std::function<void(std::size_t, std::size_t)>& body);

}  // namespace annealer
