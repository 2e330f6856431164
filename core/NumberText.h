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
// Tick labels. A count with the suffix of its thousands, each value its own ("0", "250",
// "5k", "12.5k", "1.5M", "2B", "1T"), to 4 significant digits.
QString compactNumber(double value);
// A value always with a short exponent, to `significant` digits ("1e-4", "3e-4", "1.5e-4",
// "2e+1"; "0" for zero): a log axis's labels, each of them read the same way.
QString exponentText(double value, int significant = 3);

}  // namespace annealer
