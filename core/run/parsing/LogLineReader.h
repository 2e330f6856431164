#pragma once

#include "Result.h"
#include "run/LogReader.h"
#include "run/parsing/TextSource.h"

#include <QString>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace annealer {

// The lines of a text log, read a few MB at a time so that memory stays flat however large the
// file is: what is held is the piece being read and at most one partial line. Each piece is
// checked to be UTF-8 text before its lines are handed out; progress is reported by the bytes
// read and the user may cancel. Used by the line-based readers (JSON Lines, console logs,
// MLflow metric files).
class LogLineReader {
public:
    // A line longer than this is taken as a sign that the file is no log.
    static constexpr std::size_t kMaxLineBytes = 256 << 20;

    // Progress is reported from 0 to `progressShare` as the file is read.
    LogLineReader(const QString& path, const LogReadOptions& options, double progressShare);

    // Opens the file; the error names the file and the reason.
    Status open();

    // The next line, without its line break ("\n" or "\r\n"); valid until the next call. False
    // at the end of the file or on an error (then error() is set).
    bool next(std::string_view* line);

    // The 1-based number of the line last returned.
    std::int64_t number() const { return number_; }
    // Whether the line last returned ends the file without a line break.
    bool lastLineUnterminated() const { return unterminated_; }
    // Whether any line returned so far holds more than blanks.
    bool sawText() const { return sawText_; }

    // Set when next() stopped for anything but the end of the file: the file could not be read,
    // it is not UTF-8 text (naming line and byte), a line is too long, or the user cancelled.
    const QString& error() const { return error_; }

private:
    bool fill();
    bool fail(QString message);

    TextSource source_;
    LogReadOptions options_;
    double progressShare_;
    std::string buffer_;
    std::size_t pos_ = 0;      // where the next line starts in buffer_
    std::size_t checked_ = 0;  // bytes of buffer_ known to be text
    qint64 offset_ = 0;        // the text offset of buffer_[0]
    bool atEnd_ = false;
    std::int64_t number_ = 0;
    bool unterminated_ = false;
    bool sawText_ = false;
    QString error_;
};

}  // namespace annealer
