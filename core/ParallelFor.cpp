#include "ParallelFor.h"

#include "VectorRegisters.h"

#include <algorithm>
#include <atomic>
#include <thread>
#include <vector>

namespace annealer {

void parallelFor(std::size_t count, std::size_t chunk,
                 const std::function<void(std::size_t, std::size_t)>& body) {
    chunk = std::max<std::size_t>(1, chunk);
    const std::size_t chunks = (count + chunk - 1) / chunk;
    const std::size_t threads =
        std::min<std::size_t>(chunks, std::max(1u, std::thread::hardware_concurrency()));
    std::atomic<std::size_t> next{0};
    const auto worker = [&] {
        clearUpperVectorRegisters();  // threads inherit the state: see VectorRegisters.h
        for (std::size_t c = next++; c < chunks; c = next++)
            body(c * chunk, std::min(count, (c + 1) * chunk));
    };
    std::vector<std::thread> pool;
    for (std::size_t i = 1; i < threads; ++i) pool.emplace_back(worker);
    worker();
    for (std::thread& thread : pool) thread.join();
}

}  // namespace annealer
