#include "run/parsing/TextSource.h"

#include "MessageText.h"
#include "run/parsing/LogText.h"

#include <algorithm>

namespace annealer {

bool hasUtf16Bom(const QByteArray& bytes) {
    return bytes.size() >= 2 && ((bytes[0] == '\xFF' && bytes[1] == '\xFE') ||
                                 (bytes[0] == '\xFE' && bytes[1] == '\xFF'));
}

std::optional<QByteArray> utf16ToUtf8(const QByteArray& bytes) {
    const bool little = bytes[0] == '\xFF';
    QStringDecoder decoder(little ? QStringDecoder::Utf16LE : QStringDecoder::Utf16BE);
    const QString text = decoder(bytes);
    if (decoder.hasError()) return std::nullopt;
    return text.toUtf8();
}

std::string_view withoutUtf8Bom(std::string_view text) {
    if (text.size() >= 3 && text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
    return text;
}

std::size_t completeUtf8Prefix(std::string_view text) {
    const std::size_t n = text.size();
    for (std::size_t back = 1; back <= 3 && back <= n; ++back) {
        const auto c = static_cast<unsigned char>(text[n - back]);
        if ((c & 0xC0) == 0x80) continue;  // a continuation byte: look further back
        const std::size_t length = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
        return length > back ? n - back : n;
    }
    return n;
}

Status TextSource::open() {
    if (!file_.open(QIODevice::ReadOnly)) {
        return Error{
            formatMessage(QStringLiteral("%1: cannot open: %2"), path_, file_.errorString())};
    }
    size_ = std::max<qint64>(file_.size(), 0);
    return {};
}

Status TextSource::open(const LogReadOptions& options) {
    if (Status s = open(); !s) return s;
    if (options.progress && !options.progress(0.0))
        return cancelledError(path_);
    return {};
}

bool TextSource::reportProgress(const LogReadOptions& options, double share) const {
    if (!options.progress || size_ <= 0) return true;
    const double part = std::min(1.0, static_cast<double>(read_) / static_cast<double>(size_));
    return options.progress(share * part);
}

Status TextSource::readMore(std::string& buffer, bool* atEnd) {
    if (utf16_) return readUtf16(buffer, atEnd);
    // No more than the file still holds (plus one byte, to see its end): a small log is not
    // read through a zero-filled chunk of several MB. Past the size seen at open (a file that
    // grew, or one of unknown size such as a pipe) it is read in pieces of kTailBytes.
    const qint64 remaining = size_ - read_;
    const qint64 want = remaining > 0 ? std::min(kChunkBytes, remaining + 1) : kTailBytes;
    const std::size_t old = buffer.size();
    buffer.resize(old + static_cast<std::size_t>(want));
    const qint64 got = file_.read(buffer.data() + old, want);
    buffer.resize(old + static_cast<std::size_t>(std::max<qint64>(got, 0)));
    if (got < 0) return readError();
    read_ += got;
    *atEnd = got == 0;
    if (!first_) return {};
    // The byte order mark, if any, is at the start of the first piece.
    const auto piece = static_cast<qsizetype>(buffer.size() - old);
    if (hasUtf16Bom(QByteArray::fromRawData(buffer.data() + old, std::min<qsizetype>(piece, 2)))) {
        const QByteArray head(buffer.data() + old, piece);
        buffer.resize(old);
        utf16_.emplace(head[0] == '\xFF' ? QStringDecoder::Utf16LE : QStringDecoder::Utf16BE);
        utf16Bytes_ = head.size();
        return appendUtf16(buffer, head, false);
    }
    first_ = false;
    const std::string_view text(buffer.data() + old, buffer.size() - old);
    dropped_ = static_cast<qint64>(text.size() - withoutUtf8Bom(text).size());
    buffer.erase(old, static_cast<std::size_t>(dropped_));
    return {};
}

Status TextSource::readError() const {
    return Error{formatMessage(QStringLiteral("%1: cannot read: %2"), path_, file_.errorString())};
}

Status TextSource::readUtf16(std::string& buffer, bool* atEnd) {
    const QByteArray raw = file_.read(kChunkBytes);
    if (raw.isEmpty() && file_.error() != QFileDevice::NoError) return readError();
    read_ += raw.size();
    utf16Bytes_ += raw.size();
    *atEnd = raw.isEmpty();
    return appendUtf16(buffer, raw, raw.isEmpty());
}

Status TextSource::appendUtf16(std::string& buffer, const QByteArray& raw, bool atEnd) {
    const QByteArray utf8 = QString((*utf16_)(raw)).toUtf8();
    if (utf16_->hasError() || (atEnd && utf16Bytes_ % 2 != 0)) {
        return Error{QStringLiteral("%1: not a text file (its first bytes say UTF-16, but the "
                                    "rest is not)")
                         .arg(path_)};
    }
    std::string_view text(utf8.constData(), static_cast<std::size_t>(utf8.size()));
    if (first_) text = withoutUtf8Bom(text);
    first_ = false;
    buffer.append(text);
    return {};
}

}  // namespace annealer
