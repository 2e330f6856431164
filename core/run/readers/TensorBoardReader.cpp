#include "run/readers/TensorBoardReader.h"

#include "MessageText.h"

#include "run/parsing/LogText.h"
#include "run/parsing/ProtobufWire.h"
#include "run/readers/Crc32c.h"
#include "run/readers/KerasTensorBoardRuns.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QStringList>

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <functional>
#include <limits>
#include <map>
#include <numeric>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

namespace annealer {
namespace {

// Records, CRCs and tensor contents are little-endian; they are loaded with memcpy.
static_assert(std::endian::native == std::endian::little);

const QLatin1String kEventFilePrefix("events.out.tfevents.");

constexpr std::size_t kChunkBytes = 4 << 20;         // read size and progress granularity
constexpr std::size_t kHeaderBytes = 12;             // uint64 length | uint32 masked CRC of it
constexpr std::size_t kFooterBytes = 4;              // uint32 masked CRC of the data
constexpr std::uint64_t kLargestDecoded = 64 << 20;  // larger records are checked and skipped

bool isEventFileName(const QString& name) {
    return name.startsWith(kEventFilePrefix);
}

// TensorProto.dtype values of the float types a scalar summary may hold.
enum DataType : std::uint64_t { kFloat = 1, kDouble = 2, kBfloat16 = 14, kHalf = 19 };

double halfToDouble(std::uint32_t bits) {
    const bool negative = (bits & 0x8000U) != 0;
    const int exponent = static_cast<int>((bits >> 10) & 0x1FU);
    const std::uint32_t mantissa = bits & 0x3FFU;
    double value = 0;
    if (exponent == 0) {
        value = std::ldexp(static_cast<double>(mantissa), -24);  // zero or subnormal
    } else if (exponent == 31) {
        value = mantissa != 0 ? std::numeric_limits<double>::quiet_NaN()
                              : std::numeric_limits<double>::infinity();
    } else {
        value = std::ldexp(static_cast<double>(mantissa | 0x400U), exponent - 25);
    }
    return negative ? -value : value;
}

double bfloat16ToDouble(std::uint32_t bits) {
    // bfloat16 is the upper half of a float32.
    const std::uint32_t wide = (bits & 0xFFFFU) << 16;
    float f;
    std::memcpy(&f, &wide, 4);
    return f;
}

double floatFromBits(std::uint32_t bits) {
    float f;
    std::memcpy(&f, &bits, 4);
    return f;
}

double doubleFromBits(std::uint64_t bits) {
    double d;
    std::memcpy(&d, &bits, 8);
    return d;
}

// TensorShapeProto: dim = 2 (Dim: size = 1), unknown_rank = 3. A tensor is taken as a scalar
// when every dimension is 1 (rank 0 has none): exactly one element.
bool decodeShape(std::string_view bytes, const char** error, bool* oneElement) {
    ProtobufWire wire(bytes, error);
    *oneElement = true;
    while (!wire.atEnd()) {
        std::uint32_t field = 0, type = 0;
        if (!wire.key(&field, &type)) return false;
        if (field == 2 && type == 2) {
            std::string_view dimBytes;
            if (!wire.bytes(&dimBytes)) return false;
            ProtobufWire dim(dimBytes, error);
            std::uint64_t size = 0;  // an absent size is 0
            while (!dim.atEnd()) {
                std::uint32_t dimField = 0, dimType = 0;
                if (!dim.key(&dimField, &dimType)) return false;
                if (dimField == 1 && dimType == 0) {
                    if (!dim.varint(&size)) return false;
                } else if (!dim.skip(dimType)) {
                    return false;
                }
            }
            if (size != 1) *oneElement = false;
        } else if (field == 3 && type == 0) {
            std::uint64_t unknownRank = 0;
            if (!wire.varint(&unknownRank)) return false;
            if (unknownRank != 0) *oneElement = false;
        } else if (!wire.skip(type)) {
            return false;
        }
    }
    return true;
}

// The value of a one-element float tensor, or nothing for any other tensor (strings, histograms,
// images, integers). TensorProto: dtype = 1, tensor_shape = 2, tensor_content = 4 (raw
// little-endian), float_val = 5, double_val = 6, half_val = 13 (the 16 bits of a half or bfloat16
// in an int32); the repeated fields may be packed or not.
bool decodeTensor(std::string_view bytes, const char** error, std::optional<double>* value) {
    ProtobufWire wire(bytes, error);
    std::uint64_t dtype = 0;
    bool oneElement = true;
    std::string_view content;
    std::size_t count = 0;        // values in the *_val field of the tensor's type
    double first[3] = {0, 0, 0};  // the first float_val, double_val, half_val
    std::size_t counts[3] = {0, 0, 0};
    auto note = [&](int which, double v) {
        if (counts[which]++ == 0) first[which] = v;
    };
    while (!wire.atEnd()) {
        std::uint32_t field = 0, type = 0;
        if (!wire.key(&field, &type)) return false;
        if (field == 1 && type == 0) {
            if (!wire.varint(&dtype)) return false;
        } else if (field == 2 && type == 2) {
            std::string_view shape;
            if (!wire.bytes(&shape) || !decodeShape(shape, error, &oneElement)) return false;
        } else if (field == 4 && type == 2) {
            if (!wire.bytes(&content)) return false;
        } else if (field == 5 && (type == 5 || type == 2)) {
            if (type == 5) {
                std::uint32_t bits = 0;
                if (!wire.fixed32(&bits)) return false;
                note(0, floatFromBits(bits));
            } else {
                std::string_view packed;
                if (!wire.bytes(&packed)) return false;
                if (packed.size() % 4 != 0) return wire.fail("a packed float_val of odd length");
                for (std::size_t i = 0; i < packed.size(); i += 4) {
                    note(0, floatFromBits(loadU32(
                                reinterpret_cast<const unsigned char*>(packed.data()) + i)));
                }
            }
        } else if (field == 6 && (type == 1 || type == 2)) {
            if (type == 1) {
                std::uint64_t bits = 0;
                if (!wire.fixed64(&bits)) return false;
                note(1, doubleFromBits(bits));
            } else {
                std::string_view packed;
                if (!wire.bytes(&packed)) return false;
                if (packed.size() % 8 != 0) return wire.fail("a packed double_val of odd length");
                for (std::size_t i = 0; i < packed.size(); i += 8) {
                    note(1, doubleFromBits(loadU64(
                                reinterpret_cast<const unsigned char*>(packed.data()) + i)));
                }
            }
        } else if (field == 13 && (type == 0 || type == 2)) {
            // The conversion waits for dtype, which may come later; keep the raw bits.
            if (type == 0) {
                std::uint64_t bits = 0;
                if (!wire.varint(&bits)) return false;
                note(2, static_cast<double>(bits & 0xFFFFU));
            } else {
                std::string_view packed;
                if (!wire.bytes(&packed)) return false;
                ProtobufWire values(packed, error);
                while (!values.atEnd()) {
                    std::uint64_t bits = 0;
                    if (!values.varint(&bits)) return false;
                    note(2, static_cast<double>(bits & 0xFFFFU));
                }
            }
        } else if (!wire.skip(type)) {
            return false;
        }
    }
    value->reset();
    if (!oneElement) return true;
    std::size_t elementBytes = 0;
    int which = 0;
    switch (dtype) {
        case kFloat:
            elementBytes = 4;
            which = 0;
            break;
        case kDouble:
            elementBytes = 8;
            which = 1;
            break;
        case kHalf:
        case kBfloat16:
            elementBytes = 2;
            which = 2;
            break;
        default:
            return true;  // not a float tensor
    }
    const auto* raw = reinterpret_cast<const unsigned char*>(content.data());
    if (!content.empty()) {
        if (content.size() != elementBytes) return true;
        if (dtype == kFloat) {
            *value = floatFromBits(loadU32(raw));
        } else if (dtype == kDouble) {
            *value = doubleFromBits(loadU64(raw));
        } else {
            const std::uint32_t bits =
                static_cast<std::uint32_t>(raw[0]) | (static_cast<std::uint32_t>(raw[1]) << 8);
            *value = dtype == kHalf ? halfToDouble(bits) : bfloat16ToDouble(bits);
        }
        return true;
    }
    count = counts[which];
    // An empty tensor would mean 0 to TensorFlow; no scalar writer leaves the value out, so such a
    // tensor is taken as not a scalar rather than as a made-up zero.
    if (count != 1) return true;
    if (which == 2) {
        const auto bits = static_cast<std::uint32_t>(first[2]);
        *value = dtype == kHalf ? halfToDouble(bits) : bfloat16ToDouble(bits);
    } else {
        *value = first[which];
    }
    return true;
}

// SummaryMetadata: plugin_data = 1 (PluginData: plugin_name = 1).
bool decodePluginName(std::string_view bytes, const char** error, std::string_view* plugin) {
    ProtobufWire wire(bytes, error);
    while (!wire.atEnd()) {
        std::uint32_t field = 0, type = 0;
        if (!wire.key(&field, &type)) return false;
        if (field == 1 && type == 2) {
            std::string_view pluginData;
            if (!wire.bytes(&pluginData)) return false;
            ProtobufWire data(pluginData, error);
            while (!data.atEnd()) {
                if (!data.key(&field, &type)) return false;
                if (field == 1 && type == 2) {
                    if (!data.bytes(plugin)) return false;
                } else if (!data.skip(type)) {
                    return false;
                }
            }
        } else if (!wire.skip(type)) {
            return false;
        }
    }
    return true;
}

// One Summary.Value as far as this reader cares.
struct ValueScan {
    std::string_view tag;
    std::optional<double> value;
    bool fromTensor = false;
    std::optional<std::string_view> plugin;  // set when the value carries metadata
};

// Summary.Value: tag = 1, simple_value = 2 (float), node_name = 7 (the tag of very old
// writers), tensor = 8, metadata = 9; image, histo and audio (4-6) are skipped.
bool decodeValue(std::string_view bytes, const char** error, ValueScan* scan) {
    ProtobufWire wire(bytes, error);
    std::string_view nodeName;
    while (!wire.atEnd()) {
        std::uint32_t field = 0, type = 0;
        if (!wire.key(&field, &type)) return false;
        if (field == 1 && type == 2) {
            if (!wire.bytes(&scan->tag)) return false;
        } else if (field == 7 && type == 2) {
            if (!wire.bytes(&nodeName)) return false;
        } else if (field == 2 && type == 5) {
            std::uint32_t bits = 0;
            if (!wire.fixed32(&bits)) return false;
            // The value is a oneof: the last of simple_value and tensor given is the value.
            scan->value = floatFromBits(bits);
            scan->fromTensor = false;
        } else if (field == 8 && type == 2) {
            std::string_view tensor;
            if (!wire.bytes(&tensor) || !decodeTensor(tensor, error, &scan->value)) return false;
            scan->fromTensor = true;
        } else if (field == 9 && type == 2) {
            std::string_view metadata;
            std::string_view plugin;
            if (!wire.bytes(&metadata) || !decodePluginName(metadata, error, &plugin)) return false;
            scan->plugin = plugin;
        } else if (!wire.skip(type)) {
            return false;
        }
    }
    if (scan->tag.empty()) scan->tag = nodeName;
    return true;
}

// ---------------------------------------------------------------------------------------------
// The scalars of one run, gathered over its files in order (file by file, record by record), so
// that "the later one wins" is simply "the last one seen wins".

struct StringHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};

struct NonFinite {
    std::int64_t step;
    std::size_t file;
    std::int64_t offset;
};

struct TagData {
    QString name;
    std::vector<std::int64_t> steps;
    std::vector<double> values;
    bool increasing = true;            // steps strictly increasing so far: no merge needed
    bool otherPlugin = false;          // declared as data of another plugin (histograms, ...)
    std::vector<NonFinite> nonFinite;  // where the NaN and inf values came from, in order
};

class RunAccumulator {
public:
    explicit RunAccumulator(QString name) : name_(std::move(name)) {}

    std::size_t addFile(const QString& path) {
        files_.push_back(path);
        return files_.size() - 1;
    }

    void add(const ValueScan& scan, std::int64_t step, std::size_t file, std::int64_t offset) {
        if (scan.tag.empty()) return;
        TagData* tag = find(scan.tag, scan.plugin.has_value() || scan.value.has_value());
        if (tag == nullptr) return;
        if (scan.plugin) {
            // TensorBoard shows a tensor under the plugin its metadata names; the metadata comes
            // with the first value of a tag in each file.
            tag->otherPlugin = !scan.plugin->empty() && *scan.plugin != "scalars";
        }
        if (!scan.value || (scan.fromTensor && tag->otherPlugin)) return;
        const double value = *scan.value;
        if (!std::isfinite(value)) tag->nonFinite.push_back(NonFinite{step, file, offset});
        if (!tag->steps.empty() && step <= tag->steps.back()) tag->increasing = false;
        tag->steps.push_back(step);
        tag->values.push_back(value);
    }

    // The run as a log holds it: one series per tag, steps strictly increasing, the last value
    // seen at each step; tags with a NaN or inf that survives the merge are left out, with where.
    LogRun finish() {
        LogRun run;
        run.name = name_;
        for (TagData& tag : tags_) {
            if (tag.steps.empty()) continue;
            if (!tag.increasing) mergeSteps(tag);
            const auto bad = std::find_if(tag.values.begin(), tag.values.end(),
                                          [](double v) { return !std::isfinite(v); });
            if (bad != tag.values.end()) {
                run.leftOut.push_back(LeftOutMetric{tag.name, nonFiniteProblem(tag, bad)});
                continue;
            }
            run.metrics.push_back(
                MetricSeries{std::move(tag.name), std::move(tag.steps), std::move(tag.values)});
        }
        return run;
    }

private:
    TagData* find(std::string_view tag, bool create) {
        auto it = index_.find(tag);
        if (it == index_.end()) {
            if (!create) return nullptr;
            it = index_.emplace(std::string(tag), tags_.size()).first;
            TagData data;
            data.name = QString::fromUtf8(tag.data(), static_cast<qsizetype>(tag.size()));
            tags_.push_back(std::move(data));
        }
        return &tags_[it->second];
    }

    // Sorts by step (stable, so order of arrival is kept among equal steps) and keeps the last
    // value of each step.
    static void mergeSteps(TagData& tag) {
        std::vector<std::size_t> order(tag.steps.size());
        std::iota(order.begin(), order.end(), std::size_t{0});
        std::stable_sort(order.begin(), order.end(), [&tag](std::size_t a, std::size_t b) {
            return tag.steps[a] < tag.steps[b];
        });
        std::vector<std::int64_t> steps;
        std::vector<double> values;
        for (std::size_t i = 0; i < order.size(); ++i) {
            const std::size_t k = order[i];
            if (i + 1 < order.size() && tag.steps[order[i + 1]] == tag.steps[k]) continue;
            steps.push_back(tag.steps[k]);
            values.push_back(tag.values[k]);
        }
        tag.steps = std::move(steps);
        tag.values = std::move(values);
    }

    QString nonFiniteProblem(const TagData& tag, std::vector<double>::const_iterator bad) const {
        const std::int64_t step = tag.steps[static_cast<std::size_t>(bad - tag.values.begin())];
        // The value kept at a step is the last one seen there, so its record is the last
        // non-finite record with that step.
        const auto where = std::find_if(tag.nonFinite.rbegin(), tag.nonFinite.rend(),
                                        [step](const NonFinite& n) { return n.step == step; });
        const QString value = QString::number(*bad);
        if (where == tag.nonFinite.rend()) {
            return formatMessage(
                QStringLiteral("%1: tag '%2' at step %3 is %4, not a finite number"), name_,
                tag.name, step, value);
        }
        return formatMessage(
            QStringLiteral("%1: record at byte %2: tag '%3' at step %4 is %5, not a finite number"),
            files_[static_cast<qsizetype>(where->file)], where->offset, tag.name, step, value);
    }

    QString name_;
    QStringList files_;
    std::vector<TagData> tags_;  // in order of first appearance
    std::unordered_map<std::string, std::size_t, StringHash, std::equal_to<>> index_;
};

// ---------------------------------------------------------------------------------------------
// Reading: files are streamed through one buffer, progress is counted over all files of a read.

class Progress {
public:
    Progress(const LogReadOptions& options, std::int64_t total)
        : callback_(options.progress), total_(total) {}

    // False when the user cancelled.
    bool advance(std::int64_t bytes) {
        done_ += bytes;
        if (!callback_ || done_ - reported_ < static_cast<std::int64_t>(kChunkBytes)) return true;
        return report();
    }

    bool finish() { return !callback_ || report(); }

private:
    bool report() {
        reported_ = done_;
        const double fraction =
            total_ > 0 ? std::min(1.0, static_cast<double>(done_) / static_cast<double>(total_))
                       : 1.0;
        return callback_(fraction);
    }

    std::function<bool(double)> callback_;
    std::int64_t total_;
    std::int64_t done_ = 0;
    std::int64_t reported_ = 0;
};

struct FileOutcome {
    std::int64_t records = 0;
    std::int64_t bytes = 0;
    std::optional<std::int64_t> tornAt;  // the file ends inside the record starting here
    bool cancelled = false;
};

class EventFileScanner {
public:
    EventFileScanner(const QString& path, Progress& progress, std::vector<unsigned char>& buffer)
        : path_(path), progress_(progress), buf_(buffer) {
        if (buf_.size() < kChunkBytes) buf_.resize(kChunkBytes);
    }

    Result<FileOutcome> scan(RunAccumulator& run, std::size_t fileIndex, QStringList& notes) {
        file_.setFileName(path_);
        if (!file_.open(QIODevice::ReadOnly)) {
            return Error{
                formatMessage(QStringLiteral("%1: cannot open: %2"), path_, file_.errorString())};
        }
        size_ = file_.size();
        FileOutcome outcome;
        outcome.bytes = size_;
        for (;;) {
            const std::int64_t at = offset_ + static_cast<std::int64_t>(begin_);
            bool ok = false;
            if (Status s = fill(kHeaderBytes, &ok); !s) return Error{s.error()};
            if (cancelled_) return cancelled(outcome);
            if (!ok) {
                if (end_ > begin_) outcome.tornAt = at;
                break;
            }
            const unsigned char* header = buf_.data() + begin_;
            const std::uint64_t length = loadU64(header);
            if (maskedCrc32c(header, 8) != loadU32(header + 8)) {
                return Error{formatMessage(
                    QStringLiteral("%1: record at byte %2: length CRC mismatch (file corrupted?)"),
                    path_, at)};
            }
            // A length beyond the end of the file is a record still being written, or cut off;
            // it is never allocated. The size is looked at again in case the file has grown.
            if (!fitsInFile(at, length)) {
                size_ = file_.size();
                if (!fitsInFile(at, length)) {
                    outcome.tornAt = at;
                    break;
                }
            }
            if (length > kLargestDecoded) {
                if (Status s = skipLargeRecord(at, length, &ok); !s) return Error{s.error()};
                if (cancelled_) return cancelled(outcome);
                if (!ok) {
                    outcome.tornAt = at;
                    break;
                }
                notes << formatMessage(
                    QStringLiteral("%1: record at byte %2 holds %3 MB, more than "
                                   "scalar summaries need; skipped"),
                    path_, at, static_cast<std::int64_t>(length >> 20));
                ++outcome.records;
                continue;
            }
            const std::size_t total = kHeaderBytes + length + kFooterBytes;
            if (Status s = fill(total, &ok); !s) return Error{s.error()};
            if (cancelled_) return cancelled(outcome);
            if (!ok) {
                outcome.tornAt = at;
                break;
            }
            const unsigned char* data = buf_.data() + begin_ + kHeaderBytes;
            if (maskedCrc32c(data, length) != loadU32(data + length)) {
                return Error{formatMessage(
                    QStringLiteral("%1: record at byte %2: data CRC mismatch (file corrupted?)"),
                    path_, at)};
            }
            if (Status s =
                    decodeEvent(std::string_view(reinterpret_cast<const char*>(data), length), run,
                                fileIndex, at);
                !s) {
                return Error{s.error()};
            }
            begin_ += total;
            ++outcome.records;
        }
        if (outcome.tornAt) {
            notes << formatMessage(QStringLiteral("%1: ends in a partial record at byte %2 (the "
                                                  "writer was still running or was killed); read "
                                                  "up to it"),
                                   path_, *outcome.tornAt);
        }
        return outcome;
    }

private:
    bool fitsInFile(std::int64_t at, std::uint64_t length) const {
        const std::int64_t room =
            size_ - at - static_cast<std::int64_t>(kHeaderBytes + kFooterBytes);
        return room >= 0 && length <= static_cast<std::uint64_t>(room);
    }

    Result<FileOutcome> cancelled(FileOutcome outcome) const {
        outcome.cancelled = true;
        return outcome;
    }

    // Makes `need` bytes available from begin_ on, reading more as needed; *ok is false when the
    // file ends first.
    Status fill(std::size_t need, bool* ok) {
        if (end_ - begin_ >= need) {
            *ok = true;
            return {};
        }
        if (begin_ > 0) {
            std::memmove(buf_.data(), buf_.data() + begin_, end_ - begin_);
            offset_ += static_cast<std::int64_t>(begin_);
            end_ -= begin_;
            begin_ = 0;
        }
        if (need > buf_.size()) buf_.resize(need);
        while (end_ < need && !eof_) {
            const qint64 n = file_.read(reinterpret_cast<char*>(buf_.data() + end_),
                                        static_cast<qint64>(buf_.size() - end_));
            if (n < 0) {
                return Error{formatMessage(QStringLiteral("%1: cannot read: %2"), path_,
                                           file_.errorString())};
            }
            if (n == 0) eof_ = true;
            end_ += static_cast<std::size_t>(n);
            if (!progress_.advance(n)) {
                cancelled_ = true;
                break;
            }
        }
        *ok = end_ >= need;
        return {};
    }

    // A record too large to hold scalars is checked in pieces rather than held whole.
    Status skipLargeRecord(std::int64_t at, std::uint64_t length, bool* ok) {
        begin_ += kHeaderBytes;
        std::uint64_t left = length;
        std::uint32_t crc = 0;
        while (left > 0) {
            if (Status s = fill(1, ok); !s || !*ok || cancelled_) return s;
            const std::size_t take =
                static_cast<std::size_t>(std::min<std::uint64_t>(left, end_ - begin_));
            crc = crc32c(buf_.data() + begin_, take, crc);
            begin_ += take;
            left -= take;
        }
        if (Status s = fill(kFooterBytes, ok); !s || !*ok || cancelled_) return s;
        if (maskCrc32c(crc) != loadU32(buf_.data() + begin_)) {
            return Error{formatMessage(
                QStringLiteral("%1: record at byte %2: data CRC mismatch (file corrupted?)"), path_,
                at)};
        }
        begin_ += kFooterBytes;
        return {};
    }

    // Event: wall_time = 1, step = 2 (int64), file_version = 3, summary = 5 (Summary: value = 1,
    // repeated). The step may come after the summary, so it is found first.
    Status decodeEvent(std::string_view data, RunAccumulator& run, std::size_t fileIndex,
                       std::int64_t at) {
        const char* error = nullptr;
        std::int64_t step = 0;
        bool hasSummary = false;
        {
            ProtobufWire wire(data, &error);
            while (!wire.atEnd() && error == nullptr) {
                std::uint32_t field = 0, type = 0;
                if (!wire.key(&field, &type)) break;
                if (field == 2 && type == 0) {
                    std::uint64_t raw = 0;
                    if (!wire.varint(&raw)) break;
                    // An int64 field: the varint is its two's complement.
                    const auto value = static_cast<std::int64_t>(raw);
                    if (const StepParse parsed = stepFromInteger(value, &step);
                        parsed != StepParse::Ok) {
                        return Error{formatMessage(QStringLiteral("%1: record at byte %2: %3"),
                                                   path_, at,
                                                   stepProblem(parsed, QString::number(value)))};
                    }
                } else {
                    hasSummary = hasSummary || (field == 5 && type == 2);
                    wire.skip(type);
                }
            }
        }
        if (hasSummary && error == nullptr) {
            ProtobufWire wire(data, &error);
            while (!wire.atEnd() && error == nullptr) {
                std::uint32_t field = 0, type = 0;
                if (!wire.key(&field, &type)) break;
                if (field != 5 || type != 2) {
                    wire.skip(type);
                    continue;
                }
                std::string_view summary;
                if (!wire.bytes(&summary)) break;
                ProtobufWire values(summary, &error);
                while (!values.atEnd() && error == nullptr) {
                    if (!values.key(&field, &type)) break;
                    if (field != 1 || type != 2) {
                        values.skip(type);
                        continue;
                    }
                    std::string_view valueBytes;
                    ValueScan scan;
                    if (!values.bytes(&valueBytes) || !decodeValue(valueBytes, &error, &scan)) {
                        break;
                    }
                    run.add(scan, step, fileIndex, at);
                }
            }
        }
        if (error != nullptr) {
            return Error{formatMessage(
                QStringLiteral("%1: record at byte %2: not a valid Event message (%3)"), path_, at,
                QString::fromLatin1(error))};
        }
        return {};
    }

    QString path_;
    Progress& progress_;
    std::vector<unsigned char>& buf_;
    QFile file_;
    std::int64_t size_ = 0;
    std::int64_t offset_ = 0;  // the file offset of buf_[0]
    std::size_t begin_ = 0;    // unread bytes are buf_[begin_, end_)
    std::size_t end_ = 0;
    bool eof_ = false;
    bool cancelled_ = false;
};

// The time in an event file's name (events.out.tfevents.<seconds>.<host>...), which orders the
// files of a run: restarts write files with later times. Names without one sort first.
std::int64_t fileTimestamp(const QString& name) {
    const QString rest = name.mid(kEventFilePrefix.size());
    bool ok = false;
    const std::int64_t t = rest.section(QLatin1Char('.'), 0, 0).toLongLong(&ok);
    return ok ? t : std::numeric_limits<std::int64_t>::min();
}

void sortEventFiles(QStringList& paths) {
    std::sort(paths.begin(), paths.end(), [](const QString& a, const QString& b) {
        const QString nameA = QFileInfo(a).fileName();
        const QString nameB = QFileInfo(b).fileName();
        const std::int64_t ta = fileTimestamp(nameA);
        const std::int64_t tb = fileTimestamp(nameB);
        if (ta != tb) return ta < tb;
        return nameA < nameB;
    });
}

// Event files in `dir` and its subfolders down to `maxDepth` levels, grouped by the folder that
// holds them (relative path, "" for `dir` itself). Stops early once `stopAfter` are found.
std::map<QString, QStringList> findEventFiles(const QString& dir, int maxDepth, int stopAfter) {
    std::map<QString, QStringList> byFolder;
    const QDir root(dir);
    std::vector<std::pair<QString, int>> pending{{QString(), 0}};
    int found = 0;
    while (!pending.empty() && found < stopAfter) {
        const auto [relative, depth] = pending.back();
        pending.pop_back();
        const QDir folder(relative.isEmpty() ? dir : root.filePath(relative));
        const QFileInfoList entries =
            folder.entryInfoList(QDir::Files | QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name);
        for (const QFileInfo& entry : entries) {
            if (entry.isDir()) {
                if (depth < maxDepth && !entry.isSymLink()) {
                    pending.emplace_back(relative.isEmpty()
                                             ? entry.fileName()
                                             : relative + QLatin1Char('/') + entry.fileName(),
                                         depth + 1);
                }
            } else if (isEventFileName(entry.fileName())) {
                byFolder[relative] << entry.filePath();
                ++found;
            }
        }
    }
    return byFolder;
}

constexpr int kConfidenceDepth = 3;  // logdir/experiment/run/train
constexpr int kReadDepth = 32;       // deep enough for any layout, finite for symlink-free loops

Result<LogContents> readEventFiles(const QString& source, const QString& format,
                                   std::vector<std::pair<QString, QStringList>> runFiles,
                                   const LogReadOptions& options, bool singleFile) {
    std::int64_t totalBytes = 0;
    for (auto& [name, files] : runFiles) {
        sortEventFiles(files);
        for (const QString& file : files) totalBytes += QFileInfo(file).size();
    }
    Progress progress(options, totalBytes);
    std::vector<unsigned char> buffer;
    LogContents contents;
    contents.source = source;
    contents.format = format;
    std::int64_t records = 0;
    int fileCount = 0;
    for (auto& [name, files] : runFiles) {
        RunAccumulator run(name);
        for (const QString& path : files) {
            ++fileCount;
            EventFileScanner scanner(path, progress, buffer);
            auto outcome = scanner.scan(run, run.addFile(path), contents.notes);
            if (!outcome) return Error{outcome.error()};
            if (outcome->cancelled) return Error{source + QStringLiteral(": cancelled")};
            records += outcome->records;
            if (singleFile && outcome->bytes == 0) {
                return Error{path + QStringLiteral(": the file is empty")};
            }
            if (singleFile && outcome->records == 0 && outcome->tornAt) {
                return Error{formatMessage(
                    QStringLiteral("%1: not even one whole record in its %2 bytes (not an event "
                                   "file, or its writer has only just started)"),
                    path, outcome->bytes)};
            }
        }
        LogRun logRun = run.finish();
        if (logRun.metrics.empty() && logRun.leftOut.empty()) {
            if (!singleFile) {
                contents.notes << formatMessage(
                    QStringLiteral("%1: run '%2' holds no scalar values; left out"), source, name);
            }
            continue;
        }
        contents.runs.push_back(std::move(logRun));
    }
    if (!progress.finish()) return Error{source + QStringLiteral(": cancelled")};
    if (contents.runs.empty()) {
        return Error{formatMessage(
            QStringLiteral("%1: holds no scalar values (%2 event records in %3 file(s), none with "
                           "a scalar summary)"),
            source, records, fileCount)};
    }
    return contents;
}

}  // namespace

QString TensorBoardReader::formatName() const {
    return QStringLiteral("TensorBoard event files");
}

int TensorBoardReader::confidence(const QString& path, const QByteArray& head) const {
    const QFileInfo info(path);
    if (info.isDir()) return findEventFiles(path, kConfidenceDepth, 1).empty() ? 0 : 90;
    if (isEventFileName(info.fileName())) return 95;
    // Any other name: a first record header whose length CRC holds.
    if (head.size() >= static_cast<qsizetype>(kHeaderBytes)) {
        const auto* p = reinterpret_cast<const unsigned char*>(head.constData());
        if (maskedCrc32c(p, 8) == loadU32(p + 8)) return 95;
    }
    return 0;
}

Result<LogContents> TensorBoardReader::read(const QString& path,
                                            const LogReadOptions& options) const {
    const QFileInfo info(path);
    if (!info.isDir()) {
        if (!info.exists()) return Error{path + QStringLiteral(": no such file")};
        return readEventFiles(path, QStringLiteral("TensorBoard event file"),
                              {{info.absoluteDir().dirName(), QStringList{path}}}, options, true);
    }
    const auto byFolder = findEventFiles(path, kReadDepth, std::numeric_limits<int>::max());
    if (byFolder.empty()) {
        return Error{QStringLiteral("%1: no TensorBoard event files (events.out.tfevents.*) in "
                                    "this folder or its subfolders")
                         .arg(path)};
    }
    // Files directly in the folder are the run named after it; it comes first, then the
    // subfolders in name order (std::map sorts "" first).
    std::vector<std::pair<QString, QStringList>> runs;
    for (const auto& [relative, files] : byFolder) {
        runs.emplace_back(relative.isEmpty() ? QDir(info.absoluteFilePath()).dirName() : relative,
                          files);
    }
    auto contents = readEventFiles(path, QStringLiteral("TensorBoard run folder"),
                                   std::move(runs), options, false);
    if (contents) mergeKerasRunFolders(*contents, QDir(info.absoluteFilePath()).dirName());
    return contents;
}

bool isTensorBoardEventFile(const QString& path) {
    return isEventFileName(QFileInfo(path).fileName());
}

Result<LogContents> readTensorBoardEventFiles(const QStringList& files,
                                              const LogReadOptions& options) {
    if (files.size() == 1) return TensorBoardReader().read(files.front(), options);
    const QString folder = QFileInfo(files.front()).absolutePath();
    return readEventFiles(folder, QStringLiteral("TensorBoard event files"),
                          {{QDir(folder).dirName(), files}}, options, false);
}

}  // namespace annealer
