#include "run/readers/WandbRunFileReader.h"

#include "MessageText.h"
#include "run/RunAssembly.h"
#include "run/parsing/JsonTape.h"
#include "run/parsing/LevelDbLogReader.h"
#include "run/parsing/LogText.h"
#include "run/parsing/MetricTable.h"
#include "run/parsing/ProtobufWire.h"

#include <QFileInfo>

#include <string>
#include <string_view>

namespace annealer {
namespace {

constexpr std::size_t kHeaderBytes = 7;  // ":W&B", uint16 magic, uint8 version
constexpr std::string_view kIdent = ":W&B";
constexpr std::uint32_t kMagic = 0xBEE1;

// Record fields.
constexpr std::uint32_t kRecordHistory = 2;
constexpr std::uint32_t kRecordRun = 17;
// HistoryRecord, HistoryItem, HistoryStep and RunRecord fields.
constexpr std::uint32_t kHistoryItem = 1;
constexpr std::uint32_t kHistoryStep = 2;
constexpr std::uint32_t kStepNum = 1;
constexpr std::uint32_t kItemKey = 1;
constexpr std::uint32_t kItemNestedKey = 2;
constexpr std::uint32_t kItemValueJson = 16;
constexpr std::uint32_t kRunId = 1;
constexpr std::uint32_t kRunDisplayName = 8;

constexpr std::uint32_t kVarint = 0;
constexpr std::uint32_t kLengthDelimited = 2;

// The run's id and name, from a RunRecord.
bool decodeRun(std::string_view bytes, const char** error, QString* id, QString* name) {
    ProtobufWire wire(bytes, error);
    while (!wire.atEnd()) {
        std::uint32_t field = 0, type = 0;
        if (!wire.key(&field, &type)) return false;
        if ((field == kRunId || field == kRunDisplayName) && type == kLengthDelimited) {
            std::string_view text;
            if (!wire.bytes(&text)) return false;
            const QString value = QString::fromUtf8(text.data(), qsizetype(text.size()));
            (field == kRunId ? *id : *name) = value;
        } else if (!wire.skip(type)) {
            return false;
        }
    }
    return true;
}

// One HistoryItem into the table's current row.
bool decodeItem(std::string_view bytes, const char** error, MetricTable& table, JsonTape& tape,
                std::string& name) {
    ProtobufWire wire(bytes, error);
    std::string_view key;
    std::string nested;
    std::string_view json;
    while (!wire.atEnd()) {
        std::uint32_t field = 0, type = 0;
        if (!wire.key(&field, &type)) return false;
        if (type != kLengthDelimited ||
            (field != kItemKey && field != kItemNestedKey && field != kItemValueJson)) {
            if (!wire.skip(type)) return false;
            continue;
        }
        std::string_view text;
        if (!wire.bytes(&text)) return false;
        if (field == kItemKey) {
            key = text;
        } else if (field == kItemNestedKey) {
            if (!nested.empty()) nested.push_back('/');
            nested.append(text);
        } else {
            json = text;
        }
    }
    name.assign(nested.empty() ? std::string(key) : nested);
    if (name.empty()) return true;
    JsonTape::ParseError parseError;
    if (!tape.parse(json, &parseError)) {
        table.addText(name, json);  // not JSON: kept out, with the text as the reason
        return true;
    }
    // A media object (image, table, histogram: {"_type": "table-file", ...}) is one value that
    // is no number, not a set of metrics.
    const std::size_t type = tape.kind(0) == JsonTape::Kind::Object ? tape.member(0, "_type")
                                                                     : JsonTape::npos;
    if (type != JsonTape::npos && tape.kind(type) == JsonTape::Kind::String) {
        table.addText(name, "W&B " + tape.stringValue(type) + " object");
        return true;
    }
    table.addJsonValue(tape, 0, name);
    return true;
}

// A HistoryRecord as one row of the table.
bool decodeHistory(std::string_view bytes, std::int64_t offset, const char** error,
                   MetricTable& table, JsonTape& tape, std::string& name) {
    table.beginRow(offset);
    bool stepLogged = false;
    std::int64_t stepNum = -1;
    ProtobufWire wire(bytes, error);
    while (!wire.atEnd()) {
        std::uint32_t field = 0, type = 0;
        if (!wire.key(&field, &type)) return false;
        if (field == kHistoryItem && type == kLengthDelimited) {
            std::string_view item;
            if (!wire.bytes(&item)) return false;
            if (!decodeItem(item, error, table, tape, name)) return false;
            if (name == "_step") stepLogged = true;
        } else if (field == kHistoryStep && type == kLengthDelimited) {
            std::string_view step;
            if (!wire.bytes(&step)) return false;
            ProtobufWire stepWire(step, error);
            while (!stepWire.atEnd()) {
                std::uint32_t f = 0, t = 0;
                if (!stepWire.key(&f, &t)) return false;
                std::uint64_t num = 0;
                if (f == kStepNum && t == kVarint) {
                    if (!stepWire.varint(&num)) return false;
                    stepNum = static_cast<std::int64_t>(num);  // int64: two's complement
                } else if (!stepWire.skip(t)) {
                    return false;
                }
            }
        } else if (!wire.skip(type)) {
            return false;
        }
    }
    if (!stepLogged && stepNum >= 0) {
        const std::string text = std::to_string(stepNum);
        table.addNumber("_step", static_cast<double>(stepNum), text);
    }
    return true;
}

}  // namespace

QString WandbRunFileReader::formatName() const {
    return QStringLiteral("W&B run file (.wandb)");
}

int WandbRunFileReader::confidence(const QString& path, const QByteArray& head) const {
    if (head.startsWith(QByteArray(kIdent.data(), qsizetype(kIdent.size())))) return 98;
    // By name, so that an empty or damaged run file is reported as one.
    return QFileInfo(path).suffix() == QLatin1String("wandb") ? 60 : 0;
}

Result<LogContents> WandbRunFileReader::read(const QString& path,
                                             const LogReadOptions& options) const {
    LevelDbLogReader frames(path, options, kHeaderBytes);
    std::string header;
    if (Status s = frames.open(&header); !s) return Error{s.error()};
    if (header.size() < kHeaderBytes || std::string_view(header).substr(0, 4) != kIdent) {
        return Error{path + QStringLiteral(": not a W&B run file (it does not begin with "
                                           "\":W&B\")")};
    }
    const auto* h = reinterpret_cast<const unsigned char*>(header.data());
    const std::uint32_t magic = std::uint32_t(h[4]) | (std::uint32_t(h[5]) << 8);
    if (magic != kMagic) {
        return Error{formatMessage(QStringLiteral("%1: byte 4: header magic 0x%2 is not W&B's "
                                                  "0xBEE1 (not a W&B run file, or damaged)"),
                                   path, QString::number(magic, 16).toUpper())};
    }

    MetricTable table(path, QStringLiteral("key"), RepeatedSteps::LaterWins);
    table.numberRowsByByteOffset();
    JsonTape tape;
    std::string name;
    std::string record;
    std::int64_t offset = 0;
    std::int64_t records = 0;
    QString runId, runName;
    while (frames.next(&record, &offset)) {
        ++records;
        const char* error = nullptr;
        ProtobufWire wire(record, &error);
        while (!wire.atEnd()) {
            std::uint32_t field = 0, type = 0;
            if (!wire.key(&field, &type)) break;
            if ((field == kRecordHistory || field == kRecordRun) && type == kLengthDelimited) {
                std::string_view bytes;
                if (!wire.bytes(&bytes)) break;
                const bool ok = field == kRecordHistory
                                    ? decodeHistory(bytes, offset, &error, table, tape, name)
                                    : decodeRun(bytes, &error, &runId, &runName);
                if (!ok) break;
            } else if (!wire.skip(type)) {
                break;
            }
        }
        if (error != nullptr) {
            return Error{formatMessage(QStringLiteral("%1: byte %2: record %3 is not a W&B "
                                                      "record: %4"),
                                       path, offset, records, QString::fromLatin1(error))};
        }
    }
    if (!frames.error().isEmpty()) return Error{frames.error()};

    LogContents contents;
    contents.source = path;
    contents.format = formatName();
    if (frames.tornAt() >= 0) {
        contents.notes << formatMessage(
            QStringLiteral("%1: byte %2: the file ends inside a record (the run was still "
                           "writing, or was stopped); the %3 records before it are read"),
            path, frames.tornAt(), records);
    }
    if (table.rowCount() == 0) {
        return Error{formatMessage(QStringLiteral("%1: holds no history records (%2 records of "
                                                  "other kinds: config, system metrics, "
                                                  "console output)"),
                                   path, records)};
    }
    QString label = runName.isEmpty() ? runId : runName;
    if (label.isEmpty()) label = QFileInfo(path).completeBaseName();
    auto run = table.finish(label, stepColumnCandidates(), options.stepColumn, &contents.notes);
    if (!run) return Error{run.error()};
    contents.runs.push_back(std::move(*run));
    if (options.progress && !options.progress(1.0)) return cancelledError(path);
    return contents;
}

}  // namespace annealer
