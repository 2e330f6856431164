#include "export/ScheduleYaml.h"

#include "NumberText.h"
#include "schedule/ScheduleJson.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonObject>
#include <QSet>

#include <charconv>
#include <optional>
#include <string>
#include <vector>

namespace annealer {

namespace {

// ---------------------------------------------------------------------------------------------
// Writing

// Keys whose values are whole numbers; every other number is written as a float.
bool isIntegerKey(const QString& key) {
    static const QSet<QString> keys = {QStringLiteral("version"),   QStringLiteral("steps"),
                                       QStringLiteral("warmup"),    QStringLiteral("decay_steps"),
                                       QStringLiteral("step_size"), QStringLiteral("timescale"),
                                       QStringLiteral("cycle"),     QStringLiteral("rewarm")};
    return keys.contains(key);
}

QString integerText(const QJsonValue& value) {
    return QString::number(value.toInteger());
}

// Shortest round-trip digits with a '.' in the mantissa: "3.0e-4", "0.0003", "1.0".
QString floatText(double value) {
    QString text = shortestText(value);
    const qsizetype exponent = text.indexOf(QLatin1Char('e'));
    const QString mantissa = exponent < 0 ? text : text.left(exponent);
    if (!mantissa.contains(QLatin1Char('.')))
        text.insert(exponent < 0 ? text.size() : exponent, QStringLiteral(".0"));
    return text;
}

// A double-quoted YAML string (JSON escapes, which YAML shares).
QString quotedText(const QString& text) {
    QString result = QStringLiteral("\"");
    for (const QChar c : text) {
        switch (c.unicode()) {
            case '"':
                result += QStringLiteral("\\\"");
                break;
            case '\\':
                result += QStringLiteral("\\\\");
                break;
            case '\n':
                result += QStringLiteral("\\n");
                break;
            case '\r':
                result += QStringLiteral("\\r");
                break;
            case '\t':
                result += QStringLiteral("\\t");
                break;
            default:
                if (c.unicode() < 0x20 || c.unicode() == 0x7f)
                    result += QStringLiteral("\\u%1").arg(c.unicode(), 4, 16, QLatin1Char('0'));
                else
                    result += c;
        }
    }
    return result + QLatin1Char('"');
}

// The keys of a schedule object in file order: format, version, name, family, then the family's
// keys as parameterKeys() lists them.
QStringList orderedKeys(const QJsonObject& object) {
    QStringList keys;
    for (const char* key : {"format", "version", "name", "family"})
        if (object.contains(QLatin1String(key))) keys << QString::fromLatin1(key);
    if (const auto family = familyFromName(object.value(QStringLiteral("family")).toString()))
        for (const ScheduleParameterInfo& info : parameterKeys(*family))
            if (object.contains(info.key)) keys << info.key;
    return keys;
}

void writeObject(const QJsonObject& object, const QString& indent, QString& out);

void writeEntry(const QString& key, const QJsonValue& value, const QString& indent, QString& out) {
    const QString head = indent + key + QLatin1Char(':');
    if (key == QLatin1String("name")) {
        out += head + QLatin1Char(' ') + quotedText(value.toString()) + QLatin1Char('\n');
    } else if (value.isString()) {
        out += head + QLatin1Char(' ') + value.toString() + QLatin1Char('\n');  // enum names
    } else if (value.isBool()) {
        out += head + (value.toBool() ? QStringLiteral(" true\n") : QStringLiteral(" false\n"));
    } else if (value.isDouble()) {
        out += head + QLatin1Char(' ') +
               (isIntegerKey(key) ? integerText(value) : floatText(value.toDouble())) +
               QLatin1Char('\n');
    } else if (value.isArray() && key == QLatin1String("milestones")) {
        QStringList items;
        for (const QJsonValue& item : value.toArray()) items << integerText(item);
        out +=
            head + QStringLiteral(" [") + items.join(QStringLiteral(", ")) + QStringLiteral("]\n");
    } else if (value.isArray() && value.toArray().isEmpty()) {
        out += head + QStringLiteral(" []\n");
    } else if (value.isArray() && key == QLatin1String("points")) {
        out += head + QLatin1Char('\n');
        for (const QJsonValue& item : value.toArray()) {
            const QJsonArray pair = item.toArray();
            out += indent + QStringLiteral("  - [") + integerText(pair.at(0)) +
                   QStringLiteral(", ") + floatText(pair.at(1).toDouble()) + QStringLiteral("]\n");
        }
    } else if (value.isArray()) {  // phases
        out += head + QLatin1Char('\n');
        for (const QJsonValue& item : value.toArray()) {
            // "  - " opens the item; its keys line up two columns further in.
            QString phase;
            writeObject(item.toObject(), indent + QStringLiteral("    "), phase);
            phase.replace(indent.size() + 2, 2, QStringLiteral("- "));
            out += phase;
        }
    }
}

void writeObject(const QJsonObject& object, const QString& indent, QString& out) {
    for (const QString& key : orderedKeys(object)) writeEntry(key, object.value(key), indent, out);
}

// ---------------------------------------------------------------------------------------------
// Reading

struct Line {
    int number = 0;  // 1-based, for messages
    int indent = 0;
    QString text;  // after the indentation, comment and trailing blanks removed
};

class YamlReader {
public:
    explicit YamlReader(const QString& origin) : origin_(origin) {}

    std::optional<QJsonObject> read(const QString& text) {
        if (!split(text)) return std::nullopt;
        if (lines_.empty())
            return fail(1, QStringLiteral("empty: expected a schedule")), std::nullopt;
        if (lines_.front().indent != 0)
            return fail(lines_.front().number,
                        QStringLiteral("the top level must not be indented")),
                   std::nullopt;
        std::size_t at = 0;
        const std::optional<QJsonValue> value = block(at, 0);
        if (!value) return std::nullopt;
        if (at < lines_.size())
            return fail(lines_[at].number, QStringLiteral("unexpected indentation")), std::nullopt;
        if (!value->isObject())
            return fail(1, QStringLiteral("expected a mapping of schedule keys")), std::nullopt;
        return value->toObject();
    }

    const QString& error() const { return error_; }

private:
    void fail(int line, const QString& message) {
        if (error_.isEmpty())
            error_ = (origin_.isEmpty() ? QString() : origin_ + QLatin1Char(':')) +
                     QStringLiteral("%1: ").arg(line) + message;
    }

    // The position of a comment's '#' outside quotes, or -1.
    static qsizetype commentStart(const QString& text) {
        QChar quote;
        for (qsizetype i = 0; i < text.size(); ++i) {
            const QChar c = text[i];
            if (!quote.isNull()) {
                if (c == QLatin1Char('\\') && quote == QLatin1Char('"'))
                    ++i;
                else if (c == quote)
                    quote = QChar();
            } else if (c == QLatin1Char('"') || c == QLatin1Char('\'')) {
                quote = c;
            } else if (c == QLatin1Char('#') && (i == 0 || text[i - 1].isSpace())) {
                return i;
            }
        }
        return -1;
    }

    bool split(const QString& text) {
        const QStringList rawLines = text.split(QLatin1Char('\n'));
        for (qsizetype n = 0; n < rawLines.size(); ++n) {
            QString raw = rawLines[n];
            if (raw.endsWith(QLatin1Char('\r'))) raw.chop(1);
            const int number = static_cast<int>(n + 1);
            int indent = 0;
            while (indent < raw.size() && raw[indent] == QLatin1Char(' ')) ++indent;
            if (indent < raw.size() && raw[indent] == QLatin1Char('\t'))
                return fail(number, QStringLiteral("tabs cannot indent YAML")), false;
            QString content = raw.mid(indent);
            const qsizetype comment = commentStart(content);
            if (comment >= 0) content.truncate(comment);
            content = content.trimmed();
            if (content.isEmpty()) continue;
            if (content == QLatin1String("---") && lines_.empty()) continue;
            if (content == QLatin1String("...")) break;
            lines_.push_back({number, indent, content});
        }
        return true;
    }

    static bool isSequenceItem(const QString& text) {
        return text == QLatin1String("-") || text.startsWith(QLatin1String("- "));
    }

    // Where "key:" ends in a mapping line (the colon), or -1 when the line is no "key: value".
    static qsizetype keyColon(const QString& text) {
        if (text.isEmpty()) return -1;
        const QChar first = text.front();
        if (first == QLatin1Char('[') || first == QLatin1Char('{') || first == QLatin1Char('"') ||
            first == QLatin1Char('\'') || first == QLatin1Char('-'))
            return -1;
        for (qsizetype i = 0; i < text.size(); ++i)
            if (text[i] == QLatin1Char(':') &&
                (i + 1 == text.size() || text[i + 1] == QLatin1Char(' ')))
                return i;
        return -1;
    }

    std::optional<QJsonValue> block(std::size_t& at, int indent) {
        if (isSequenceItem(lines_[at].text)) return sequence(at, indent);
        return mapping(at, indent);
    }

    std::optional<QJsonValue> mapping(std::size_t& at, int indent) {
        QJsonObject object;
        while (at < lines_.size() && lines_[at].indent == indent &&
               !isSequenceItem(lines_[at].text)) {
            const Line line = lines_[at];
            const qsizetype colon = keyColon(line.text);
            if (colon <= 0)
                return fail(line.number, QStringLiteral("expected key: value")), std::nullopt;
            const QString key = line.text.left(colon).trimmed();
            const QString rest = line.text.mid(colon + 1).trimmed();
            if (object.contains(key))
                return fail(line.number, QStringLiteral("%1: given twice").arg(key)), std::nullopt;
            ++at;
            std::optional<QJsonValue> value;
            if (!rest.isEmpty()) {
                value = inlineValue(rest, line.number);
            } else if (at < lines_.size() &&
                       (lines_[at].indent > indent ||
                        (lines_[at].indent == indent && isSequenceItem(lines_[at].text)))) {
                value = block(at, lines_[at].indent);
            } else {
                value = QJsonValue(QJsonValue::Null);
            }
            if (!value) return std::nullopt;
            object.insert(key, *value);
        }
        return QJsonValue(object);
    }

    std::optional<QJsonValue> sequence(std::size_t& at, int indent) {
        QJsonArray array;
        while (at < lines_.size() && lines_[at].indent == indent &&
               isSequenceItem(lines_[at].text)) {
            Line& line = lines_[at];
            const QString content = line.text.mid(1).trimmed();
            std::optional<QJsonValue> value;
            if (content.isEmpty()) {
                ++at;
                if (at >= lines_.size() || lines_[at].indent <= indent)
                    value = QJsonValue(QJsonValue::Null);
                else
                    value = block(at, lines_[at].indent);
            } else if (keyColon(content) > 0) {
                // "- key: value" opens a mapping whose keys line up with this first one.
                const int contentIndent = indent + static_cast<int>(line.text.indexOf(content));
                line.indent = contentIndent;
                line.text = content;
                value = mapping(at, contentIndent);
            } else {
                ++at;
                value = inlineValue(content, line.number);
            }
            if (!value) return std::nullopt;
            array.append(*value);
        }
        return QJsonValue(array);
    }

    // A scalar or a flow sequence, the whole of `text`.
    std::optional<QJsonValue> inlineValue(const QString& text, int line) {
        qsizetype pos = 0;
        std::optional<QJsonValue> value = flowValue(text, pos, line, false);
        if (!value) return std::nullopt;
        while (pos < text.size() && text[pos].isSpace()) ++pos;
        if (pos != text.size())
            return fail(line,
                        QStringLiteral("unexpected text after the value: %1").arg(text.mid(pos))),
                   std::nullopt;
        return value;
    }

    std::optional<QJsonValue> flowValue(const QString& text, qsizetype& pos, int line,
                                        bool inFlow) {
        while (pos < text.size() && text[pos].isSpace()) ++pos;
        if (pos >= text.size()) return fail(line, QStringLiteral("missing value")), std::nullopt;
        const QChar c = text[pos];
        if (c == QLatin1Char('{'))
            return fail(line, QStringLiteral("flow mappings {...} are not supported")),
                   std::nullopt;
        if (c == QLatin1Char('[')) {
            ++pos;
            QJsonArray array;
            while (true) {
                while (pos < text.size() && text[pos].isSpace()) ++pos;
                if (pos < text.size() && text[pos] == QLatin1Char(']') && array.isEmpty()) {
                    ++pos;
                    return QJsonValue(array);
                }
                std::optional<QJsonValue> item = flowValue(text, pos, line, true);
                if (!item) return std::nullopt;
                array.append(*item);
                while (pos < text.size() && text[pos].isSpace()) ++pos;
                if (pos < text.size() && text[pos] == QLatin1Char(',')) {
                    ++pos;
                    continue;
                }
                if (pos < text.size() && text[pos] == QLatin1Char(']')) {
                    ++pos;
                    return QJsonValue(array);
                }
                return fail(line, QStringLiteral("expected , or ] in a flow sequence")),
                       std::nullopt;
            }
        }
        if (c == QLatin1Char('"')) return doubleQuoted(text, pos, line);
        if (c == QLatin1Char('\'')) return singleQuoted(text, pos, line);
        // A plain scalar runs to the end, or in a flow sequence to the next , or ].
        const qsizetype start = pos;
        while (pos < text.size() &&
               !(inFlow && (text[pos] == QLatin1Char(',') || text[pos] == QLatin1Char(']'))))
            ++pos;
        return plainScalar(text.mid(start, pos - start).trimmed());
    }

    std::optional<QJsonValue> doubleQuoted(const QString& text, qsizetype& pos, int line) {
        QString value;
        for (++pos; pos < text.size(); ++pos) {
            const QChar c = text[pos];
            if (c == QLatin1Char('"')) {
                ++pos;
                return QJsonValue(value);
            }
            if (c != QLatin1Char('\\')) {
                value += c;
                continue;
            }
            if (++pos >= text.size()) break;
            switch (text[pos].unicode()) {
                case '"':
                    value += QLatin1Char('"');
                    break;
                case '\\':
                    value += QLatin1Char('\\');
                    break;
                case '/':
                    value += QLatin1Char('/');
                    break;
                case 'n':
                    value += QLatin1Char('\n');
                    break;
                case 'r':
                    value += QLatin1Char('\r');
                    break;
                case 't':
                    value += QLatin1Char('\t');
                    break;
                case 'b':
                    value += QLatin1Char('\b');
                    break;
                case 'f':
                    value += QLatin1Char('\f');
                    break;
                case '0':
                    value += QChar(0);
                    break;
                case 'u': {
                    bool ok = false;
                    const ushort code = text.mid(pos + 1, 4).toUShort(&ok, 16);
                    if (!ok || pos + 4 >= text.size())
                        return fail(line, QStringLiteral("bad \\u escape")), std::nullopt;
                    value += QChar(code);
                    pos += 4;
                    break;
                }
                default:
                    return fail(line, QStringLiteral("unknown escape \\%1").arg(text[pos])),
                           std::nullopt;
            }
        }
        return fail(line, QStringLiteral("unterminated \"string\"")), std::nullopt;
    }

    std::optional<QJsonValue> singleQuoted(const QString& text, qsizetype& pos, int line) {
        QString value;
        for (++pos; pos < text.size(); ++pos) {
            if (text[pos] != QLatin1Char('\'')) {
                value += text[pos];
                continue;
            }
            if (pos + 1 < text.size() && text[pos + 1] == QLatin1Char('\'')) {  // '' is one '
                value += QLatin1Char('\'');
                ++pos;
                continue;
            }
            ++pos;
            return QJsonValue(value);
        }
        return fail(line, QStringLiteral("unterminated 'string'")), std::nullopt;
    }

    // null, booleans, integers, floats; anything else is a string.
    static QJsonValue plainScalar(const QString& text) {
        if (text == QLatin1String("null") || text == QLatin1String("~")) return QJsonValue();
        if (text == QLatin1String("true")) return QJsonValue(true);
        if (text == QLatin1String("false")) return QJsonValue(false);
        std::string bytes = text.toStdString();
        if (!bytes.empty() && bytes.front() == '+') bytes.erase(0, 1);
        const char* begin = bytes.data();
        const char* end = begin + bytes.size();
        std::int64_t whole = 0;
        if (auto parsed = std::from_chars(begin, end, whole);
            !bytes.empty() && parsed.ec == std::errc() && parsed.ptr == end)
            return QJsonValue(static_cast<qint64>(whole));
        double number = 0.0;
        if (auto parsed = std::from_chars(begin, end, number);
            !bytes.empty() && parsed.ec == std::errc() && parsed.ptr == end)
            return QJsonValue(number);
        return QJsonValue(text);
    }

    QString origin_;
    QString error_;
    std::vector<Line> lines_;
};

}  // namespace

QString scheduleToYaml(const Schedule& schedule) {
    QString out;
    writeObject(scheduleToJson(schedule), QString(), out);
    return out;
}

Result<Schedule> scheduleFromYaml(const QString& text, const QString& origin) {
    YamlReader reader(origin);
    const std::optional<QJsonObject> object = reader.read(text);
    if (!object) return Error{reader.error()};
    return scheduleFromJson(*object, origin);
}

Result<Schedule> loadScheduleYamlFile(const QString& path) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return Error{path + QStringLiteral(": cannot read: ") + file.errorString()};
    return scheduleFromYaml(QString::fromUtf8(file.readAll()), path);
}

}  // namespace annealer
