#include "run/readers/HuggingFaceTrainerStateReader.h"

#include "MessageText.h"

#include "run/parsing/JsonArrayStream.h"
#include "run/parsing/JsonTape.h"
#include "run/parsing/LogText.h"
#include "run/parsing/MetricTable.h"
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
    // The log_history list is read an element at a time: memory holds one piece of the file,
    // not the whole document.
    JsonArrayStream stream(path, "log_history", options, 0.95);
    if (Status s = stream.open(); !s) return Error{s.error()};
    MetricTable table(path, QStringLiteral("key"), RepeatedSteps::Error);
    JsonTape record;
    std::int64_t line = 0;
    for (std::size_t index = 0; stream.next(&record, &line); ++index) {
        if (record.kind(0) != JsonTape::Kind::Object) {
            return Error{
                formatMessage(QStringLiteral("%1:%2: log_history[%3] is %4, not an object"), path,
                              line, index, JsonTape::kindName(record.kind(0)))};
        }
        // The summary written when training ends: its train_loss is the mean over the run.
        if (record.member(0, "train_runtime") != JsonTape::npos) continue;
        table.beginRow(line);
        table.addJsonObject(record, 0);
    }
    if (!stream.error().isEmpty()) return Error{stream.error()};

    // The rest of the document, with log_history emptied.
    JsonTape rest;
    if (Status s = stream.finish(&rest); !s) return Error{s.error()};
    if (rest.kind(0) != JsonTape::Kind::Object) {
        return Error{
            formatMessage(QStringLiteral("%1: not a Trainer state file (the file holds %2, "
                                         "not an object)"),
                          path, JsonTape::kindName(rest.kind(0)))};
    }
    const std::size_t history = rest.member(0, "log_history");
    if (history == JsonTape::npos) {
        return Error{path + QStringLiteral(": no \"log_history\" (is this a Hugging Face "
                                           "trainer_state.json?)")};
    }
    if (rest.kind(history) != JsonTape::Kind::Array) {
        return Error{formatMessage(QStringLiteral("%1:%2: \"log_history\" is %3, not a list"), path,
                                   stream.restLineOf(rest[history].offset),
                                   JsonTape::kindName(rest.kind(history)))};
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
