#pragma once

#include "Result.h"
#include "run/parsing/JsonTape.h"
#include "run/LogReader.h"
#include "run/parsing/TextSource.h"

#include <QString>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace annealer {

// Reads a JSON document whose bulk is one list, the value of a member of the top-level object
// (a trainer_state.json's "log_history"), a few MB at a time: the list's elements are handed
// out one by one, each parsed on its own, and the rest of the document is kept with the list
// emptied and parsed at the end. Memory holds one piece of the file, one element and that rest,
// however long the list. If the document has no such list, all of it ends up in the rest.
// Errors name the file, line and byte offset (the file's).
class JsonArrayStream {
public:
    // Progress is reported from 0 to `progressShare` as the file is read.
    JsonArrayStream(const QString& path, std::string key, const LogReadOptions& options,
                    double progressShare);

    Status open();

    // The next element of the list, parsed into `tape` (its root at index 0; valid until the
    // next call) with the line it starts on. False after the last element or on an error.
    bool next(JsonTape* tape, std::int64_t* line);
    const QString& error() const { return error_; }

    // Once next() has returned false without an error: the rest of the document (the list
    // emptied) parsed into `rest`.
    Status finish(JsonTape* rest);
    // The file's line of an offset into the rest given to finish().
    std::int64_t restLineOf(std::size_t offset) const;
    // The rest's text (the whole document when it held no such list): the strings of the tape
    // given to finish() point into it.
    std::string_view restText() const { return rest_; }

private:
    enum class Mode { Document, InList, AfterList };

    bool fill();
    bool fail(QString message);
    // A syntax error at buffer_[at], its line counted from buffer_[from] on line fromLine.
    bool failAt(std::size_t from, std::int64_t fromLine, std::size_t at, const QString& reason);
    // Follows strings, escapes included: true if `c` is part of one (its closing quote too).
    bool withinString(char c);
    void scanDocument();
    bool parseElement(std::size_t end, JsonTape* tape, std::int64_t* line);
    void keepRest(std::size_t upTo);

    TextSource source_;
    std::string key_;
    LogReadOptions options_;
    double progressShare_;
    std::string buffer_;
    qint64 offset_ = 0;        // the text offset of buffer_[0]
    std::size_t scan_ = 0;     // next byte of buffer_ to look at
    std::size_t checked_ = 0;  // bytes of buffer_ known to be text
    std::size_t kept_ = 0;     // bytes of buffer_ already in rest_ (Document and AfterList)
    bool atEnd_ = false;
    std::int64_t line_ = 1;  // the line of buffer_[scan_]

    // The scanner's state, in Document mode: nesting, strings, and the key of the value to come.
    Mode mode_ = Mode::Document;
    int depth_ = 0;
    bool inString_ = false;
    bool escape_ = false;
    std::string lastString_;   // the last string closed at depth 1
    bool keyFollows_ = false;  // a ':' after lastString_ at depth 1: its value comes next

    // In InList mode: where the element being scanned starts and its line.
    std::size_t elementStart_ = 0;
    std::int64_t elementLine_ = 1;
    std::size_t elements_ = 0;

    // The rest of the document, and where the list's elements were taken out of it.
    std::string rest_;
    std::size_t cutAt_ = static_cast<std::size_t>(-1);  // offset in rest_ after the '['
    qint64 cutBytes_ = 0;
    std::int64_t cutLines_ = 0;

    QString error_;
};

}  // namespace annealer
