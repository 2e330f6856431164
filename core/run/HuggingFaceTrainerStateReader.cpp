#include "run/HuggingFaceTrainerStateReader.h"

#include "MessageText.h"

#include "run/JsonTape.h"
#include "run/LogText.h"
#include "run/MetricTable.h"
#include "run/RunAssembly.h"

#include <QDir>
#include <QFileInfo>
#include <QRegularExpression>

namespace annealer {
namespace {

// The Trainer's output folder: the file sits in it or in one of its checkpoint-N folders.
QString runName(const QString& path) {
    QDir dir = QFileInfo(path).absoluteDir();
    static const QRegularExpression checkpoint(QStringLiteral("^checkpoint-[0-9]+$"));
    if (checkpoint.match(dir.dirName()).hasMatch()) {
        QDir parent = dir;
        if (parent.cdUp() && !parent.dirName().isEmpty()) return parent.dirName();
    }
    return dir.dirName().isEmpty() ? QFileInfo(path).completeBaseName() : dir.dirName();
}

}  // namespace

QString HuggingFaceTrainerStateReader::formatName() const {
    return QStringLiteral("Hugging Face trainer_state.json");
}

int HuggingFaceTrainerStateReader::confidence(const QString& path, const QByteArray& head) const {
    const QFileInfo info(path);
    if (info.fileName() == QLatin1String("trainer_state.json")) return 95;
    if (hasNulByte(head)) return 0;
    if (info.suffix().compare(QLatin1String("json"), Qt::CaseInsensitive) == 0 &&
        head.contains("\"log_history\"")) {
        return 85;
    }
    return 0;
}

Result<LogContents> HuggingFaceTrainerStateReader::read(const QString& path,
                                                        const LogReadOptions& options) const {
    LogText text;
    JsonTape tape;
    if (Status s = loadJsonFile(path, options, &text, &tape); !s) return Error{s.error()};
    const std::string_view view = text.view();
    LineCounter lines(view);

    if (tape.kind(0) != JsonTape::Kind::Object) {
        return Error{
            formatMessage(QStringLiteral("%1: not a Trainer state file (the file holds %2, "
                                         "not an object)"),
                          path, JsonTape::kindName(tape.kind(0)))};
    }
    const std::size_t history = tape.member(0, "log_history");
    if (history == JsonTape::npos) {
        return Error{path + QStringLiteral(": no \"log_history\" (is this a Hugging Face "
                                           "trainer_state.json?)")};
    }
    if (tape.kind(history) != JsonTape::Kind::Array) {
        return Error{formatMessage(QStringLiteral("%1:%2: \"log_history\" is %3, not a list"), path,
                                   lines.lineOf(tape[history].offset),
                                   JsonTape::kindName(tape.kind(history)))};
    }

    MetricTable table(path, QStringLiteral("key"), RepeatedSteps::Error);
    std::size_t index = 0;
    for (std::size_t e = tape.firstChild(history); e < tape.childrenEnd(history);
         e = tape.next(e), ++index) {
        const std::int64_t line = lines.lineOf(tape[e].offset);
        if (tape.kind(e) != JsonTape::Kind::Object) {
            return Error{
                formatMessage(QStringLiteral("%1:%2: log_history[%3] is %4, not an object"), path,
                              line, index, JsonTape::kindName(tape.kind(e)))};
        }
        // The summary written when training ends: its train_loss is the mean over the run.
        if (tape.member(e, "train_runtime") != JsonTape::npos) continue;
        table.beginRow(line);
        table.addJsonObject(tape, e);
    }
    if (table.rowCount() == 0) {
        return Error{path + QStringLiteral(": \"log_history\" holds no training or evaluation "
                                           "records")};
    }

    LogContents contents;
    contents.source = path;
    contents.format = formatName();
    auto run =
        table.finish(runName(path), stepColumnCandidates(), options.stepColumn, &contents.notes);
    if (!run) return Error{run.error()};
    contents.runs.push_back(std::move(*run));
    return contents;
}

}  // namespace annealer
