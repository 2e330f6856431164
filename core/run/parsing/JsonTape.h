#pragma once

#include "Result.h"
#include "run/LogReader.h"

#include <QString>

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace annealer {

// A parsed JSON text as a flat list of nodes in document order: each node knows where its
// subtree ends, so that children are walked by index and a large file costs one allocation
// rather than one per value. Strings stay in the source text, which must outlive the tape.
// Besides strict JSON it accepts the NaN, Infinity and -Infinity that Python's json module
// writes for non-finite floats.
class JsonTape {
public:
    enum class Kind : std::uint8_t { Null, False, True, Number, String, Array, Object };
    struct Node {
        Kind kind = Kind::Null;
        bool escaped = false;    // String: holds backslash escapes
        std::size_t end = 0;     // the index after this node's subtree
        std::size_t offset = 0;  // byte offset of the token (String: after its opening quote)
        std::size_t length = 0;  // bytes of the token (String: without quotes)
        double number = 0;       // Number: the value (+-inf beyond the range of a double)
    };
    struct ParseError {
        std::size_t offset = 0;
        QString reason;
        bool cancelled = false;
    };
    static constexpr std::size_t npos = static_cast<std::size_t>(-1);

    // Parses `text`, which must hold one JSON value with nothing but white space around it.
    // `tick`, if given, is called with the offset reached every few MB; returning false cancels.
    bool parse(std::string_view text, ParseError* error,
               const std::function<bool(std::size_t)>& tick = {});

    std::size_t size() const { return nodes_.size(); }
    const Node& operator[](std::size_t i) const { return nodes_[i]; }
    Kind kind(std::size_t i) const { return nodes_[i].kind; }
    // The node's text as written (a string without its quotes, its escapes as they are).
    std::string_view raw(std::size_t i) const;
    // A string node's value as UTF-8, escapes undone.
    std::string stringValue(std::size_t i) const;

    // Children: the first at i + 1, each next one at the end of the one before; an object's
    // children come in pairs, the key (a string node) and then its value.
    std::size_t firstChild(std::size_t i) const { return i + 1; }
    std::size_t childrenEnd(std::size_t i) const { return nodes_[i].end; }
    std::size_t next(std::size_t child) const { return nodes_[child].end; }
    std::size_t childCount(std::size_t i) const;

    // The value of an object's member, or npos.
    std::size_t member(std::size_t object, std::string_view key) const;

    // "an object", "a string", ... for messages.
    static QString kindName(Kind kind);

private:
    std::string_view text_;
    std::vector<Node> nodes_;
};

}  // namespace annealer
