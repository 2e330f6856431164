#pragma once

#include "Result.h"
#include "run/LogReader.h"

#include <QByteArray>
#include <QFile>
#include <QString>
#include <QStringDecoder>

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace annealer {

// Byte order marks: UTF-16 (either byte order) at the start of `bytes`.
bool hasUtf16Bom(const QByteArray& bytes);
// UTF-16 text with a byte order mark as UTF-8; an empty optional if it is not valid UTF-16.
std::optional<QByteArray> utf16ToUtf8(const QByteArray& bytes);
std::string_view withoutUtf8Bom(std::string_view text);

// Where the UTF-8 sequence cut off by the end of `text` starts (text.size() if none is), so that
// it is checked once the rest of it has been read.
std::size_t completeUtf8Prefix(std::string_view text);

// A file's text, a few MB at a time, as UTF-8: a UTF-8 byte order mark is dropped and UTF-16
// with a byte order mark converted as it is read. Reading in pieces keeps memory flat however
// large the file is; the log readers build on it.
class TextSource {
public:
    static constexpr qint64 kChunkBytes = 4 << 20;
    static constexpr qint64 kTailBytes = 64 << 10;

    explicit TextSource(const QString& path) : path_(path), file_(path) {}

    Status open();
    // Opens the file and reports progress 0; the error names the file, or says that the user
    // cancelled.
    Status open(const LogReadOptions& options);
    // Reports how much of the file has been read, mapped onto [0, share]; false once the user
    // has cancelled.
    bool reportProgress(const LogReadOptions& options, double share) const;

    const QString& path() const { return path_; }
    // The file's size when opened (0 for files of unknown size), and how much has been read.
    qint64 size() const { return size_; }
    qint64 bytesRead() const { return read_; }
    // The bytes of a UTF-8 byte order mark dropped from the start (0 or 3): text offsets plus
    // this are file offsets, for UTF-8 files.
    qint64 droppedBytes() const { return dropped_; }

    // Appends the next piece of text to `buffer`; *atEnd is set once the file is read through.
    Status readMore(std::string& buffer, bool* atEnd);

private:
    Status readError() const;
    Status readUtf16(std::string& buffer, bool* atEnd);
    Status appendUtf16(std::string& buffer, const QByteArray& raw, bool atEnd);

    QString path_;
    QFile file_;
    qint64 size_ = 0;
    qint64 read_ = 0;
    qint64 dropped_ = 0;
    bool first_ = true;
    std::optional<QStringDecoder> utf16_;
    qint64 utf16Bytes_ = 0;  // raw UTF-16 bytes, the byte order mark included
};

}  // namespace annealer
