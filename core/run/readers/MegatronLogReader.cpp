#include "run/readers/MegatronLogReader.h"

#include "run/parsing/LogText.h"
#include "run/parsing/MetricTable.h"

#include <string>
#include <vector>

namespace annealer {
namespace {

constexpr std::string_view kIteration = "iteration";
constexpr std::string_view kValidation = "validation loss at iteration";
constexpr std::string_view kNemoLine = "Training epoch";

struct Parsed {
    std::string_view iteration;
    std::string_view rest;    // the "name: value | ..." list
    std::string_view prefix;  // for validation metrics
};

// " [time] iteration      100/   10000 | ...": any prefix (a time, a rank label) is allowed.
bool trainingLine(std::string_view line, Parsed* parsed) {
    for (std::size_t at = line.find(kIteration); at != std::string_view::npos;
         at = line.find(kIteration, at + 1)) {
        const std::size_t digits = skipBlanks(line, at + kIteration.size());
        const std::size_t digitsEnd = skipDigits(line, digits);
        if (digitsEnd == digits) continue;
        std::size_t p = skipBlanks(line, digitsEnd);
        if (p >= line.size() || line[p] != '/') continue;
        p = skipBlanks(line, p + 1);
        const std::size_t totalEnd = skipDigits(line, p);
        if (totalEnd == p) continue;
        p = skipBlanks(line, totalEnd);
        if (p >= line.size() || line[p] != '|') continue;
        parsed->iteration = line.substr(digits, digitsEnd - digits);
        parsed->rest = line.substr(p + 1);
        parsed->prefix = {};
        return true;
    }
    return false;
}

// " validation loss at iteration 1000 [on validation set] | lm loss value: ... |".
bool validationLine(std::string_view line, Parsed* parsed) {
    const std::size_t at = line.find(kValidation);
    if (at == std::string_view::npos) return false;
    const std::size_t digits = skipBlanks(line, at + kValidation.size());
    const std::size_t digitsEnd = skipDigits(line, digits);
    if (digitsEnd == digits) return false;
    const std::size_t bar = line.find('|', digitsEnd);
    if (bar == std::string_view::npos) return false;
    const std::string_view between = line.substr(digitsEnd, bar - digitsEnd);
    parsed->iteration = line.substr(digits, digitsEnd - digits);
    parsed->rest = line.substr(bar + 1);
    parsed->prefix = between.find("test") != std::string_view::npos ? "test " : "validation ";
    return true;
}

class LineParser {
public:
    void operator()(std::string_view line, std::int64_t number, MetricTable& table) {
        Parsed parsed;
        const bool validation = validationLine(line, &parsed);
        if (!validation &&
            (line.find(kNemoLine) != std::string_view::npos || !trainingLine(line, &parsed))) {
            return;
        }
        table.beginRow(number);
        addPrintedValue(table, kIteration, parsed.iteration);
        splitNameValues(parsed.rest, &pairs_);
        for (const NameValue& pair : pairs_) {
            if (!validation) {
                addPrintedValue(table, pair.name, pair.value);
                continue;
            }
            // "lm loss value" is the validation "lm loss"; "lm loss PPL" keeps its name.
            std::string_view base = pair.name;
            constexpr std::string_view kValue = " value";
            if (base.size() > kValue.size() && base.substr(base.size() - kValue.size()) == kValue) {
                base.remove_suffix(kValue.size());
            }
            name_.assign(parsed.prefix);
            name_.append(base);
            addPrintedValue(table, name_, pair.value);
        }
    }

private:
    std::vector<NameValue> pairs_;
    std::string name_;
};

}  // namespace

QString MegatronLogReader::formatName() const {
    return QStringLiteral("Megatron-LM console log");
}

int MegatronLogReader::confidence(const QString& path, const QByteArray& head) const {
    Q_UNUSED(path);
    if (hasNulByte(head)) return 0;
    const std::string_view text(head.constData(), static_cast<std::size_t>(head.size()));
    LineCursor lines(text);
    std::string_view line;
    int best = 0;
    Parsed parsed;
    while (lines.next(&line)) {
        if (validationLine(line, &parsed)) return 90;
        if (line.find(kNemoLine) == std::string_view::npos && trainingLine(line, &parsed)) {
            if (parsed.rest.find("loss") != std::string_view::npos) return 90;
            best = 70;
        }
    }
    if (best > 0) return best;
    // The first iteration may lie beyond the head, after the argument dump.
    if (head.contains("Megatron") || head.contains("megatron")) return 50;
    return 0;
}

Result<LogContents> MegatronLogReader::read(const QString& path,
                                            const LogReadOptions& options) const {
    LineParser parser;
    return readConsoleLog(
        path, options, formatName(), {QStringLiteral("iteration")},
        QStringLiteral("no Megatron-LM training or validation lines (such as \" iteration 100/ "
                       "1000 | lm loss: 5.1E+00 |\")"),
        [&parser](std::string_view line, std::int64_t number, MetricTable& table) {
            parser(line, number, table);
        });
}

}  // namespace annealer
