#include "run/parsing/LevelDbLogReader.h"

#include "MessageText.h"
#include "run/parsing/LogText.h"
#include "run/parsing/ProtobufWire.h"
#include "run/readers/Crc32c.h"

#include <algorithm>

namespace annealer {
namespace {

enum FragmentType : unsigned char { kFull = 1, kFirst = 2, kMiddle = 3, kLast = 4 };

bool checksumHolds(std::uint32_t stored, unsigned char type, const char* data,
                   std::size_t length) {
    if (crc32Ieee(data, length, crc32Ieee(&type, 1)) == stored) return true;
    return maskCrc32c(crc32c(data, length, crc32c(&type, 1))) == stored;
}

}  // namespace

LevelDbLogReader::LevelDbLogReader(const QString& path, const LogReadOptions& options,
                                   std::size_t headerBytes)
    : file_(path), path_(path), options_(options), headerBytes_(headerBytes) {}

Status LevelDbLogReader::open(std::string* header) {
    if (!file_.open(QIODevice::ReadOnly)) {
        return Error{path_ + QStringLiteral(": cannot open: ") + file_.errorString()};
    }
    size_ = file_.size();
    if (!loadBlock()) {
        return Error{error_.isEmpty() ? path_ + QStringLiteral(": the file is empty") : error_};
    }
    const std::size_t have = std::min(headerBytes_, block_.size());
    header->assign(block_, 0, have);
    pos_ = have;
    return {};
}

bool LevelDbLogReader::loadBlock() {
    if (options_.progress && size_ > 0 &&
        !options_.progress(static_cast<double>(blockOffset_) / static_cast<double>(size_))) {
        error_ = cancelledError(path_).message;
        return false;
    }
    block_.resize(kBlockBytes);
    const qint64 got = file_.read(block_.data(), static_cast<qint64>(kBlockBytes));
    if (got < 0) {
        error_ = path_ + QStringLiteral(": cannot read: ") + file_.errorString();
        return false;
    }
    block_.resize(static_cast<std::size_t>(got));
    pos_ = 0;
    return got > 0;
}

bool LevelDbLogReader::fail(std::int64_t offset, const QString& reason) {
    error_ = formatMessage(QStringLiteral("%1: byte %2: %3"), path_, offset, reason);
    done_ = true;
    return false;
}

bool LevelDbLogReader::next(std::string* record, std::int64_t* offset) {
    record->clear();
    bool inRecord = false;
    std::int64_t start = 0;
    while (!done_) {
        if (block_.size() - pos_ < kFragmentHeaderBytes) {
            // Padding at the end of a block, or the end of the file.
            const bool lastBlock = block_.size() < kBlockBytes;
            if (lastBlock) {
                if (inRecord || block_.size() > pos_) {
                    // A record begun, or a fragment header cut off: the writer stopped here.
                    if (inRecord || std::any_of(block_.begin() + static_cast<std::ptrdiff_t>(pos_),
                                                block_.end(), [](char c) { return c != 0; })) {
                        tornAt_ = inRecord ? start : blockOffset_ + static_cast<std::int64_t>(pos_);
                    }
                }
                done_ = true;
                return false;
            }
            blockOffset_ += static_cast<std::int64_t>(block_.size());
            if (!loadBlock()) {
                if (!error_.isEmpty()) {
                    done_ = true;
                    return false;
                }
                if (inRecord) tornAt_ = start;
                done_ = true;
                return false;
            }
            continue;
        }
        const auto* h = reinterpret_cast<const unsigned char*>(block_.data() + pos_);
        const std::int64_t at = blockOffset_ + static_cast<std::int64_t>(pos_);
        const std::uint32_t checksum = loadU32(h);
        const std::size_t length = static_cast<std::size_t>(h[4]) |
                                   (static_cast<std::size_t>(h[5]) << 8);
        const unsigned char type = h[6];
        if (type == 0 && length == 0 && checksum == 0) {
            // Zeros to the end of the block (a writer that preallocates, or padding).
            pos_ = block_.size();
            if (block_.size() < kBlockBytes && inRecord) tornAt_ = start;
            if (block_.size() < kBlockBytes) {
                done_ = true;
                return false;
            }
            continue;
        }
        const std::size_t dataAt = pos_ + kFragmentHeaderBytes;
        if (length > block_.size() - dataAt) {
            if (block_.size() < kBlockBytes) {
                // The file ends inside this fragment: torn.
                tornAt_ = inRecord ? start : at;
                done_ = true;
                return false;
            }
            return fail(at, formatMessage(QStringLiteral("a fragment of %1 bytes runs past the end "
                                                         "of its 32 KiB block (damaged file)"),
                                          length));
        }
        const char* data = block_.data() + dataAt;
        if (!checksumHolds(checksum, type, data, length)) {
            return fail(at, QStringLiteral("the checksum of a record does not hold (damaged file)"));
        }
        pos_ = dataAt + length;
        switch (type) {
            case kFull:
                if (inRecord) {
                    return fail(at, QStringLiteral("a whole record where the rest of a split "
                                                   "record should be (damaged file)"));
                }
                record->assign(data, length);
                *offset = at;
                return true;
            case kFirst:
                if (inRecord) {
                    return fail(at, QStringLiteral("a record begins before the one before it "
                                                   "ends (damaged file)"));
                }
                inRecord = true;
                start = at;
                record->assign(data, length);
                break;
            case kMiddle:
            case kLast:
                if (!inRecord) {
                    return fail(at, QStringLiteral("the rest of a split record without its "
                                                   "beginning (damaged file)"));
                }
                if (record->size() + length > kMaxRecordBytes) {
                    return fail(start, QStringLiteral("a record larger than 256 MB (damaged "
                                                      "file)"));
                }
                record->append(data, length);
                if (type == kLast) {
                    *offset = start;
                    return true;
                }
                break;
            default:
                return fail(at, formatMessage(QStringLiteral("fragment type %1 is none of FULL, "
                                                             "FIRST, MIDDLE, LAST (damaged file)"),
                                              int(type)));
        }
    }
    return false;
}

}  // namespace annealer
