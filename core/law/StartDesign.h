#pragma once

#include <vector>

namespace annealer {

// One nonlinear parameter's range in a design of starting points.
struct DesignAxis {
    int index = 0;        // the parameter's index in the law's vector
    double low = 0.0;
    double high = 0.0;
    bool logScale = false;  // spread evenly in log(value)
};

// `count` parameter vectors of `size` entries that fill the axes' box evenly (a Halton
// sequence, bases 2, 3, 5, 7, ...; deterministic). Entries not on an axis stay 0.
std::vector<std::vector<double>> spaceFillingDesign(int count, int size,
                                                    const std::vector<DesignAxis>& axes);

}  // namespace annealer
