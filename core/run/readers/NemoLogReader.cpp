#include "run/readers/NemoLogReader.h"

#include "run/parsing/LogText.h"
#include "run/parsing/MetricTable.h"

#include <string>
#include <unordered_map>
#include <vector>

namespace annealer {
namespace {

constexpr std::string_view kTraining = "Training epoch";
constexpr std::string_view kIteration = ", iteration";

struct Parsed {
    std::string_view epoch;
    std::string_view iteration;
    std::string_view rest;  // the "name: value | ..." list
};

// "Training epoch 0, iteration 3/9 | lr: ... | ...": any prefix (a time, a rank label) is
// allowed; the total may be '?' for an iterable without a length.
bool trainingLine(std::string_view line, Parsed* parsed) {
    const std::size_t at = line.find(kTraining);
    if (at == std::string_view::npos) return false;
    const std::size_t epoch = skipBlanks(line, at + kTraining.size());
    const std::size_t epochEnd = skipDigits(line, epoch);
    if (epochEnd == epoch || line.substr(epochEnd, kIteration.size()) != kIteration) return false;
    const std::size_t digits = skipBlanks(line, epochEnd + kIteration.size());
    const std::size_t digitsEnd = skipDigits(line, digits);
    if (digitsEnd == digits) return false;
    std::size_t p = skipBlanks(line, digitsEnd);
    if (p < line.size() && line[p] == '/') {
        p = skipBlanks(line, p + 1);
        p = p < line.size() && line[p] == '?' ? p + 1 : skipDigits(line, p);
        p = skipBlanks(line, p);
    }
    if (p < line.size() && line[p] != '|') return false;
    parsed->epoch = line.substr(epoch, epochEnd - epoch);
    parsed->iteration = line.substr(digits, digitsEnd - digits);
    parsed->rest = p < line.size() ? line.substr(p + 1) : std::string_view();
    return true;
}

bool isValidationName(std::string_view name) {
    return name.substr(0, 3) == "val";
}

class LineParser {
public:
    void operator()(std::string_view line, std::int64_t number, MetricTable& table) {
        Parsed parsed;
        if (!trainingLine(line, &parsed)) return;
        table.beginRow(number);
        addPrintedValue(table, "epoch", parsed.epoch);
        addPrintedValue(table, "iteration", parsed.iteration);
        splitNameValues(parsed.rest, &pairs_);
        for (const NameValue& pair : pairs_) {
            if (isValidationName(pair.name)) {
                // The progress printer shows the last validation values on every line until
                // the next validation: only a new value is a new point.
                auto it = lastValidation_.find(std::string(pair.name));
                if (it != lastValidation_.end() && it->second == pair.value) continue;
                lastValidation_[std::string(pair.name)] = std::string(pair.value);
            }
            addPrintedValue(table, pair.name, pair.value);
        }
    }

private:
    std::vector<NameValue> pairs_;
    std::unordered_map<std::string, std::string> lastValidation_;
};

}  // namespace

QString NemoLogReader::formatName() const {
    return QStringLiteral("NeMo console log");
}

int NemoLogReader::confidence(const QString& path, const QByteArray& head) const {
    Q_UNUSED(path);
    if (hasNulByte(head)) return 0;
    const std::string_view text(head.constData(), static_cast<std::size_t>(head.size()));
    LineCursor lines(text);
    std::string_view line;
    Parsed parsed;
    while (lines.next(&line)) {
        if (trainingLine(line, &parsed)) return 90;
    }
    // The first training line may lie beyond the head, after the model summary.
    if (head.contains("[NeMo ") || head.contains("nemo.")) return 45;
    return 0;
}

Result<LogContents> NemoLogReader::read(const QString& path, const LogReadOptions& options) const {
    LineParser parser;
    return readConsoleLog(
        path, options, formatName(), {QStringLiteral("global_step"), QStringLiteral("iteration")},
        QStringLiteral("no NeMo training lines (such as \"Training epoch 0, iteration 3/9 | "
                       "lr: 0.0006 | global_step: 3 | reduced_train_loss: 8.595\")"),
        [&parser](std::string_view line, std::int64_t number, MetricTable& table) {
            parser(line, number, table);
        });
}

}  // namespace annealer
