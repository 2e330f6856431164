#include "run/readers/FairseqJsonLogReader.h"

#include "run/parsing/JsonTape.h"
#include "run/parsing/LogText.h"
#include "run/parsing/MetricTable.h"

#include <string>

namespace annealer {
namespace {

constexpr std::string_view kStepKey = "num_updates";

bool isTagChar(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           c == '_' || c == '-';
}

// The word before `end` in `line` (a tag), or empty.
std::string_view tagBefore(std::string_view line, std::size_t end) {
    std::size_t start = end;
    while (start > 0 && isTagChar(line[start - 1])) --start;
    return line.substr(start, end - start);
}

}  // namespace

bool FairseqJsonLogReader::findRecord(std::string_view line, Record* record) {
    const std::size_t brace = line.find('{');
    if (brace == std::string_view::npos) return false;
    const std::string_view before = line.substr(0, brace);
    // "[time][tag][INFO] - {": the tag is the bracketed word before "[INFO]".
    const std::size_t info = before.rfind("][INFO]");
    if (info != std::string_view::npos && trimmedView(before.substr(info + 7)) == "-") {
        record->tag = tagBefore(before, info);
    } else {
        // "time | INFO | tag | {"
        const std::string_view head = trimmedView(before);
        if (head.empty() || head.back() != '|' || before.find("| INFO |") == std::string_view::npos)
            return false;
        record->tag = tagBefore(head, trimmedView(head.substr(0, head.size() - 1)).size());
    }
    if (record->tag.empty()) return false;
    record->json = trimmedView(line.substr(brace));
    return true;
}

QString FairseqJsonLogReader::formatName() const {
    return QStringLiteral("fairseq JSON log");
}

int FairseqJsonLogReader::confidence(const QString& path, const QByteArray& head) const {
    Q_UNUSED(path);
    if (hasNulByte(head)) return 0;
    const std::string_view text(head.constData(), static_cast<std::size_t>(head.size()));
    LineCursor lines(text);
    std::string_view line;
    Record record;
    while (lines.next(&line)) {
        if (findRecord(line, &record) && record.tag == "train_inner") return 88;
    }
    return 0;
}

Result<LogContents> FairseqJsonLogReader::read(const QString& path,
                                               const LogReadOptions& options) const {
    JsonTape tape;
    JsonTape::ParseError error;
    std::string name;
    return readConsoleLog(
        path, options, formatName(), {QString::fromLatin1(kStepKey.data(), kStepKey.size())},
        QStringLiteral("no fairseq records (such as \"[...][train_inner][INFO] - {\"loss\": "
                       "\"9.12\", \"num_updates\": \"100\", ...}\")"),
        [&](std::string_view line, std::int64_t number, MetricTable& table) {
            Record record;
            // train records are the epoch's averages of the train_inner values, some under
            // the same names ("train_wall"): passed over.
            if (!findRecord(line, &record) || record.tag == "train") return;
            if (!tape.parse(record.json, &error) || tape.kind(0) != JsonTape::Kind::Object) return;
            // valid records prefix their keys with the subset ("valid_loss") and have their own
            // "<subset>_num_updates", which is the step.
            const std::string prefix =
                record.tag == "train_inner" ? std::string() : std::string(record.tag) + "_";
            if (tape.member(0, prefix + std::string(kStepKey)) == JsonTape::npos) return;
            table.beginRow(number);
            for (std::size_t k = tape.firstChild(0); k < tape.childrenEnd(0); k = tape.next(k + 1)) {
                name = tape.stringValue(k);
                if (name == prefix + std::string(kStepKey)) name = kStepKey;
                // "epoch" and "update" come in every kind of record; the training one counts.
                if (!prefix.empty() && (name == "epoch" || name == "update")) continue;
                table.addJsonValue(tape, k + 1, name);
            }
        });
}

}  // namespace annealer
