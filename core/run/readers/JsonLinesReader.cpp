#include "run/readers/JsonLinesReader.h"

#include "MessageText.h"

#include "run/parsing/JsonTape.h"
#include "run/parsing/LogLineReader.h"
#include "run/parsing/LogText.h"
#include "run/parsing/MetricTable.h"
#include "run/RunAssembly.h"

#include <QFileInfo>

namespace annealer {
namespace {

bool hasJsonLinesSuffix(const QString& path) {
    const QString suffix = QFileInfo(path).suffix().toLower();
    return suffix == QLatin1String("jsonl") || suffix == QLatin1String("ndjson");
}

}  // namespace

QString JsonLinesReader::formatName() const {
    return QStringLiteral("JSON Lines");
}

int JsonLinesReader::confidence(const QString& path, const QByteArray& head) const {
    const bool linesSuffix = hasJsonLinesSuffix(path);
    // The name alone is enough to report what is wrong with a .jsonl file.
    const int byName = linesSuffix ? 10 : 0;
    if (hasNulByte(head)) return byName;
    std::string_view text(head.constData(), static_cast<std::size_t>(head.size()));
    if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
    LineCursor lines(text);
    std::string_view line;
    while (lines.next(&line) && isBlank(line)) {
    }
    line = trimmedView(line);
    if (line.empty() || line.front() != '{') return byName;
    JsonTape tape;
    JsonTape::ParseError error;
    if (!tape.parse(line, &error) || tape.kind(0) != JsonTape::Kind::Object) {
        // A first line cut off by the end of the head is not evidence against the format.
        const bool cut = lines.offset() >= text.size() && head.size() >= 64 * 1024;
        return cut && linesSuffix ? 60 : byName;
    }
    MetricTable table(path, QStringLiteral("key"), RepeatedSteps::Error);
    table.beginRow(1);
    table.addJsonObject(tape, 0);
    const bool hasStep = table.finish({}, stepColumnCandidates(), {}, nullptr).ok();
    if (hasStep) return 80;
    return linesSuffix ? 50 : 20;
}

Result<LogContents> JsonLinesReader::read(const QString& path,
                                          const LogReadOptions& options) const {
    LogLineReader lines(path, options, 0.95);
    if (Status s = lines.open(); !s) return Error{s.error()};
    MetricTable table(path, QStringLiteral("key"), RepeatedSteps::Error);
    JsonTape tape;
    JsonTape::ParseError error;
    std::string_view line;
    while (lines.next(&line)) {
        if (isBlank(line)) continue;
        if (!tape.parse(line, &error)) {
            return Error{
                formatMessage(QStringLiteral("%1:%2: not a JSON object (%3, at column %4)"), path,
                              lines.number(), error.reason, error.offset + 1)};
        }
        if (tape.kind(0) != JsonTape::Kind::Object) {
            return Error{formatMessage(QStringLiteral("%1:%2: not a JSON object (%3)"), path,
                                       lines.number(), JsonTape::kindName(tape.kind(0)))};
        }
        table.beginRow(lines.number());
        table.addJsonObject(tape, 0);
    }
    if (!lines.error().isEmpty()) return Error{lines.error()};
    if (table.rowCount() == 0) return Error{path + QStringLiteral(": the file is empty")};

    LogContents contents;
    contents.source = path;
    contents.format = formatName();
    auto run = table.finish(QFileInfo(path).completeBaseName(), stepColumnCandidates(),
                            options.stepColumn, &contents.notes);
    if (!run) return Error{run.error()};
    contents.runs.push_back(std::move(*run));
    return contents;
}

}  // namespace annealer
