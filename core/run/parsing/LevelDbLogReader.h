#pragma once

#include "Result.h"
#include "run/LogReader.h"

#include <QFile>
#include <QString>

#include <cstddef>
#include <cstdint>
#include <string>

namespace annealer {

// The records of a file in LevelDB log framing (W&B's run-*.wandb files), read one 32 KiB block
// at a time so that memory holds one record, not the file. The file is 32 KiB blocks counted
// from its first byte (the first `headerBytes` belong to the file's own header); each block a
// sequence of fragments:
//   checksum: uint32 LE (of the type byte, then the data)
//   length:   uint16 LE
//   type:     uint8, 1 FULL, 2 FIRST, 3 MIDDLE, 4 LAST (a record split over blocks)
//   data:     `length` bytes
// A block's last 6 bytes or fewer, too few for a fragment header, are padding. A checksum holds
// when it is the CRC-32 (IEEE) that W&B writes, or the masked CRC-32C of LevelDB itself.
class LevelDbLogReader {
public:
    static constexpr std::size_t kBlockBytes = 32 * 1024;
    static constexpr std::size_t kFragmentHeaderBytes = 7;
    // A record larger than this is taken as damage, not data.
    static constexpr std::size_t kMaxRecordBytes = 256 << 20;

    LevelDbLogReader(const QString& path, const LogReadOptions& options, std::size_t headerBytes);

    // Opens the file and reads its first `headerBytes` into *header.
    Status open(std::string* header);

    // The next whole record and the file offset of its first fragment. False at the end of the
    // file, at a tear or on damage (then error() or tornAt() says which).
    bool next(std::string* record, std::int64_t* offset);

    // Set when next() stopped for damage (a checksum that does not hold, a fragment out of
    // order or running past its block), a read error or the user cancelling: names the file,
    // the byte offset and the reason.
    const QString& error() const { return error_; }
    // Where the file ends inside a record (a writer that was stopped): the offset of the
    // record's first fragment, or -1.
    std::int64_t tornAt() const { return tornAt_; }

private:
    bool loadBlock();
    bool fail(std::int64_t offset, const QString& reason);

    QFile file_;
    QString path_;
    LogReadOptions options_;
    std::size_t headerBytes_;
    std::int64_t size_ = 0;
    std::string block_;
    std::int64_t blockOffset_ = 0;  // file offset of block_[0]
    std::size_t pos_ = 0;           // next fragment in block_
    std::int64_t tornAt_ = -1;
    QString error_;
    bool done_ = false;
};

}  // namespace annealer
