#include "run/readers/WordLanguageModelLogReader.h"

#include "run/LogLimits.h"
#include "run/parsing/LogText.h"
#include "run/parsing/MetricTable.h"

#include <charconv>
#include <string>
#include <vector>

namespace annealer {
namespace {

// The parts of a line between '|', trimmed, empty ones left out.
std::vector<std::string_view> parts(std::string_view line) {
    std::vector<std::string_view> out;
    std::size_t start = 0;
    while (start <= line.size()) {
        std::size_t bar = line.find('|', start);
        if (bar == std::string_view::npos) bar = line.size();
        const std::string_view part = trimmedView(line.substr(start, bar - start));
        if (!part.empty()) out.push_back(part);
        start = bar + 1;
    }
    return out;
}

// "name words   value": the name (its words joined by '_') and the last word.
bool nameAndValue(std::string_view part, std::string* name, std::string_view* value) {
    const std::size_t space = part.find_last_of(" \t");
    if (space == std::string_view::npos) return false;
    *value = part.substr(space + 1);
    name->clear();
    for (char c : trimmedView(part.substr(0, space))) {
        if (c == ' ' || c == '\t') {
            if (!name->empty() && name->back() != '_') name->push_back('_');
        } else {
            name->push_back(c);
        }
    }
    return !name->empty();
}

bool wholeNumber(std::string_view s, std::int64_t* value) {
    s = trimmedView(s);
    const auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), *value);
    return ec == std::errc() && ptr == s.data() + s.size() && *value >= 0;
}

// "200/ 2983 batches"
bool batchCount(std::string_view part, std::int64_t* batch, std::int64_t* total) {
    const std::size_t slash = part.find('/');
    if (slash == std::string_view::npos) return false;
    std::string_view rest = trimmedView(part.substr(slash + 1));
    const std::size_t space = rest.find(' ');
    if (space == std::string_view::npos || trimmedView(rest.substr(space)) != "batches")
        return false;
    return wholeNumber(part.substr(0, slash), batch) && wholeNumber(rest.substr(0, space), total);
}

bool isBatchLine(std::string_view line) {
    const auto p = parts(line);
    std::int64_t batch = 0, total = 0;
    return p.size() >= 3 && p[0].substr(0, 6) == "epoch " && batchCount(p[1], &batch, &total);
}

class LineParser {
public:
    void operator()(std::string_view line, std::int64_t number, MetricTable& table) {
        const auto p = parts(line);
        if (p.size() < 2) return;
        std::int64_t epoch = 0, batch = 0, total = 0;
        if (p[0].substr(0, 6) == "epoch " && wholeNumber(p[0].substr(6), &epoch) &&
            batchCount(p[1], &batch, &total) && epoch >= 1) {
            total_ = total;
            epoch_ = epoch;
            if (!addStep(table, number, epoch - 1, batch)) return;
            addPairs(table, p, 2);
        } else if (p[0].substr(0, 13) == "end of epoch " &&
                   wholeNumber(p[0].substr(13), &epoch) && epoch >= 1 && total_ > 0) {
            epoch_ = epoch;
            if (!addStep(table, number, epoch, 0)) return;
            addPairs(table, p, 1);
        } else if (p[0] == "End of training" && epoch_ > 0 && total_ > 0) {
            if (!addStep(table, number, epoch_, 0)) return;
            addPairs(table, p, 1);
        }
    }

private:
    // Step (epochs * total + batch), where it is a step; the row begins.
    bool addStep(MetricTable& table, std::int64_t number, std::int64_t epochs, std::int64_t batch) {
        const auto done = checkedMul(epochs, total_);
        const auto step = done ? checkedAdd(*done, batch) : std::nullopt;
        if (!step || !isLogStep(*step)) return false;
        table.beginRow(number);
        const std::string text = std::to_string(*step);
        table.addNumber("step", static_cast<double>(*step), text);
        return true;
    }

    void addPairs(MetricTable& table, const std::vector<std::string_view>& p, std::size_t from) {
        std::string_view value;
        for (std::size_t i = from; i < p.size(); ++i) {
            if (!nameAndValue(p[i], &name_, &value)) continue;
            if (name_.back() == ':') continue;  // "time: 123.45s"
            addPrintedValue(table, name_, value);
        }
    }

    std::int64_t total_ = 0;
    std::int64_t epoch_ = 0;
    std::string name_;
};

}  // namespace

QString WordLanguageModelLogReader::formatName() const {
    return QStringLiteral("PyTorch word-language-model log");
}

int WordLanguageModelLogReader::confidence(const QString& path, const QByteArray& head) const {
    Q_UNUSED(path);
    if (hasNulByte(head)) return 0;
    const std::string_view text(head.constData(), static_cast<std::size_t>(head.size()));
    LineCursor lines(text);
    std::string_view line;
    while (lines.next(&line)) {
        if (isBatchLine(line)) return 86;
    }
    return 0;
}

Result<LogContents> WordLanguageModelLogReader::read(const QString& path,
                                                     const LogReadOptions& options) const {
    LineParser parser;
    return readConsoleLog(
        path, options, formatName(), {QStringLiteral("step")},
        QStringLiteral("no training lines (such as \"| epoch   1 |   200/ 2983 batches | lr "
                       "20.00 | ms/batch 45.12 | loss  7.63 | ppl  2060.17\")"),
        [&parser](std::string_view line, std::int64_t number, MetricTable& table) {
            parser(line, number, table);
        });
}

}  // namespace annealer
