#include "run/readers/KeyValueLogReader.h"

#include "MessageText.h"
#include "run/parsing/LogText.h"
#include "run/parsing/MetricTable.h"

#include <QStringList>

#include <algorithm>
#include <array>
#include <cctype>
#include <string>

namespace annealer {
namespace {

// Step-like keys in the order a step is chosen among them (any case); epoch last.
const QStringList& stepKeys() {
    static const QStringList keys = {
        QStringLiteral("global_step"), QStringLiteral("num_updates"), QStringLiteral("step"),
        QStringLiteral("iteration"),   QStringLiteral("iter"),        QStringLiteral("it"),
        QStringLiteral("s"),           QStringLiteral("steps"),       QStringLiteral("epoch"),
    };
    return keys;
}

bool isStepKey(std::string_view key) {
    const QString k = QString::fromUtf8(key.data(), static_cast<qsizetype>(key.size()));
    return stepKeys().contains(k, Qt::CaseInsensitive);
}

bool isKeyChar(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_' || c == '/' || c == '.' ||
           c == '-';
}

bool startsLikeNumber(std::string_view v) {
    if (v.empty()) return false;
    const char c = v.front();
    if (std::isdigit(static_cast<unsigned char>(c)) != 0 || c == '-' || c == '+' || c == '.')
        return true;
    // nan, inf (printed values the table reads as not finite)
    return c == 'n' || c == 'N' || c == 'i' || c == 'I';
}

// "1,104" or "12,345,678.5": digits grouped by three with commas.
bool hasThousandsSeparators(std::string_view v) {
    const std::size_t comma = v.find(',');
    if (comma == std::string_view::npos || comma == 0 || comma > 3) return false;
    std::size_t at = comma;
    while (at < v.size() && v[at] == ',') {
        for (std::size_t k = 1; k <= 3; ++k) {
            if (at + k >= v.size() || std::isdigit(static_cast<unsigned char>(v[at + k])) == 0)
                return false;
        }
        at += 4;
    }
    return at >= v.size() || v[at] == '.';
}

// The end of a value from `at`: a blank, a closing bracket, '|', ';', or a comma that is no
// thousands separator (one followed by a digit).
std::size_t valueEnd(std::string_view line, std::size_t at) {
    std::size_t p = at;
    while (p < line.size()) {
        const char c = line[p];
        if (c == ' ' || c == '\t' || c == ']' || c == ')' || c == '}' || c == '|' || c == ';')
            break;
        if (c == ',' && (p + 1 >= line.size() ||
                         std::isdigit(static_cast<unsigned char>(line[p + 1])) == 0))
            break;
        ++p;
    }
    return p;
}

// Per thread, so that cleaned values (commas dropped) outlive the call that made them.
std::string& cleaned(std::size_t slot) {
    thread_local std::array<std::string, 64> buffers;
    return buffers[slot % buffers.size()];
}

std::string_view cleanValue(std::string_view v, std::size_t slot) {
    // "125/1750": the count before the total.
    const std::size_t slash = v.find('/');
    if (slash != std::string_view::npos && slash > 0 &&
        skipDigits(v, 0) == slash && skipDigits(v, slash + 1) == v.size() && slash + 1 < v.size()) {
        return v.substr(0, slash);
    }
    while (!v.empty() && (v.back() == ',' || v.back() == ':')) v.remove_suffix(1);
    if (!hasThousandsSeparators(v)) return v;
    std::string& out = cleaned(slot);
    out.clear();
    for (char c : v)
        if (c != ',') out.push_back(c);
    return out;
}

// "key=value", "key: value", "key:value" anywhere in `text`.
void scanSeparated(std::string_view text, std::vector<KeyValueLogReader::Pair>* out) {
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char sep = text[i];
        if (sep != '=' && sep != ':') continue;
        // "key=value", and "key = value" for '='.
        std::size_t keyEnd = i;
        if (sep == '=') {
            while (keyEnd > 0 && (text[keyEnd - 1] == ' ' || text[keyEnd - 1] == '\t')) --keyEnd;
        }
        std::size_t start = keyEnd;
        while (start > 0 && isKeyChar(text[start - 1])) --start;
        if (start == keyEnd) continue;
        const std::string_view key = text.substr(start, keyEnd - start);
        if (std::isdigit(static_cast<unsigned char>(key.front())) != 0) continue;  // "12:30"
        const std::size_t from = skipBlanks(text, i + 1);
        if (sep == ':' && from > i + 2) continue;  // "key:    value" with a gap is a heading
        const std::size_t end = valueEnd(text, from);
        const std::string_view value = text.substr(from, end - from);
        if (!startsLikeNumber(value)) continue;
        out->push_back({key, cleanValue(value, out->size())});
        i = end > 0 ? end - 1 : end;
    }
}

}  // namespace

void KeyValueLogReader::scanPairs(std::string_view line, std::vector<Pair>* out) {
    out->clear();
    if (std::count(line.begin(), line.end(), '|') < 2) {
        scanSeparated(line, out);
        return;
    }
    // "| epoch 001 | loss 9.12 | 200/2983 batches | lr 0.0005 |"
    std::size_t at = 0;
    while (at <= line.size()) {
        std::size_t bar = line.find('|', at);
        if (bar == std::string_view::npos) bar = line.size();
        const std::string_view part = trimmedView(line.substr(at, bar - at));
        at = bar + 1;
        if (part.empty()) continue;
        if (part.find('=') != std::string_view::npos || part.find(':') != std::string_view::npos) {
            scanSeparated(part, out);
            continue;
        }
        const std::size_t lastBlank = part.find_last_of(" \t");
        if (lastBlank == std::string_view::npos) continue;
        const std::string_view head = trimmedView(part.substr(0, lastBlank));
        const std::string_view tail = part.substr(lastBlank + 1);
        if (startsLikeNumber(tail) && !head.empty() && isKeyChar(head.front())) {
            out->push_back({head, cleanValue(tail, out->size())});
        } else if (startsLikeNumber(head) && head.find_first_of(" \t") == std::string_view::npos &&
                   !tail.empty()) {
            out->push_back({tail, cleanValue(head, out->size())});  // "200/2983 batches"
        }
    }
}

namespace {

// Whether a line starts a row: it holds a step-like key with a whole number.
bool hasStep(const std::vector<KeyValueLogReader::Pair>& pairs) {
    for (const auto& pair : pairs) {
        std::int64_t step = 0;
        if (isStepKey(pair.key) && parseStep(pair.value, &step) == StepParse::Ok) return true;
    }
    return false;
}

class LineParser {
public:
    void operator()(std::string_view line, std::int64_t number, MetricTable& table) {
        KeyValueLogReader::scanPairs(line, &pairs_);
        if (pairs_.empty()) return;
        if (hasStep(pairs_)) {
            table.beginRow(number);
            inRow_ = true;
        } else if (!(inRow_ && !line.empty() && (line.front() == ' ' || line.front() == '\t'))) {
            // Not a continuation of a step's lines (indented): junk between records.
            inRow_ = false;
            return;
        }
        // fairseq's "| valid on 'valid' subset | loss 8.3 |", "[valid]" records: the same keys as
        // training lines, so the line's word says which they are.
        const bool validation = mentionsValidation(line);
        for (const auto& pair : pairs_) {
            if (!validation || isStepKey(pair.key)) {
                addPrintedValue(table, pair.key, pair.value);
                continue;
            }
            name_.assign("valid_");
            name_.append(pair.key);
            addPrintedValue(table, name_, pair.value);
        }
    }

private:
    // "valid" as a word outside the keys (keys such as "val_loss" say it themselves).
    bool mentionsValidation(std::string_view line) const {
        for (const auto& pair : pairs_) {
            if (pair.key.find("val") != std::string_view::npos) return false;
        }
        for (std::size_t at = line.find("valid"); at != std::string_view::npos;
             at = line.find("valid", at + 1)) {
            if (at == 0 || !isKeyChar(line[at - 1])) return true;
        }
        return false;
    }

    std::vector<KeyValueLogReader::Pair> pairs_;
    std::string name_;
    bool inRow_ = false;
};

}  // namespace

QString KeyValueLogReader::formatName() const {
    return QStringLiteral("key-value console log");
}

int KeyValueLogReader::confidence(const QString& path, const QByteArray& head) const {
    Q_UNUSED(path);
    if (hasNulByte(head)) return 0;
    const std::string_view text(head.constData(), static_cast<std::size_t>(head.size()));
    LineCursor lines(text);
    std::string_view line;
    std::vector<Pair> pairs;
    int rows = 0;
    while (lines.next(&line)) {
        scanPairs(line, &pairs);
        if (pairs.size() >= 2 && hasStep(pairs)) ++rows;
    }
    // Below every reader that knows its format (50 and up) and a table with a step column in
    // its header (60), above the delimited reader's guesses at text without one (40 and less).
    return rows >= 3 ? 45 : rows >= 1 ? 12 : 0;
}

Result<LogContents> KeyValueLogReader::read(const QString& path,
                                            const LogReadOptions& options) const {
    LineParser parser;
    auto contents = readConsoleLog(
        path, options, formatName(), stepKeys(),
        QStringLiteral("no lines of key-value pairs with a step (such as \"step=100 loss=3.2\", "
                       "\"s:100 trl:3.2\" or \"| num_updates 100 | loss 3.2 |\")"),
        [&parser](std::string_view line, std::int64_t number, MetricTable& table) {
            parser(line, number, table);
        });
    if (!contents) return contents;
    for (LogRun& run : contents->runs) {
        QStringList keys;
        for (const MetricSeries& m : run.metrics) keys << m.name;
        contents->notes << formatMessage(
            QStringLiteral("read as key-value lines (no known format matched): the lines with a "
                           "step-like key (%1, the first present is the step) and the pairs on "
                           "them and on indented lines after them; metrics: %2"),
            stepKeys().join(QStringLiteral(", ")), keys.join(QStringLiteral(", ")));
    }
    return contents;
}

}  // namespace annealer
