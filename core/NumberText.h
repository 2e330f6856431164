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
// The value rounded to `significant` digits, for people (status bar, tick labels, tooltips):
// with a short exponent below 1e-3 and from 1e6 ("1.58e-4" for 0.0001580000000073, "3e-4",
// "2.5e+6"), plainly between ("0.25", "3.25", "12000").
QString roundedText(double value, int significant = 3);

}  // namespace annealer
