#pragma once

#include <QString>

#include <cstdint>

namespace annealer {

// The shortest decimal text that reads back as the same double, with a plain exponent
// ("0.5", "3e-4", "1.5e+20"), for files and messages. Writes into [first, last) (32 chars
// are always enough) and returns the end.
char* writeShortest(char* first, char* last, double value);
QString shortestText(double value);
QString shortestText(std::int64_t value);

}  // namespace annealer
