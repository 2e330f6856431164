#include "JsonFile.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonParseError>
#include <QSaveFile>

#include <cmath>

namespace annealer {

Result<QJsonObject> readJsonObjectFile(const QString& path) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return Error{QStringLiteral("%1: cannot read: %2").arg(path, file.errorString())};
    const QByteArray bytes = file.readAll();
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(bytes, &parseError);
    if (parseError.error != QJsonParseError::NoError)
        return Error{QStringLiteral("%1: not valid JSON at byte %2: %3")
                         .arg(path)
                         .arg(parseError.offset)
                         .arg(parseError.errorString())};
    if (!document.isObject())
        return Error{QStringLiteral("%1: expected a JSON object at the top level").arg(path)};
    return document.object();
}

Status writeJsonObjectFile(const QJsonObject& object, const QString& path) {
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return Error{QStringLiteral("%1: cannot write: %2").arg(path, file.errorString())};
    const QByteArray bytes = QJsonDocument(object).toJson(QJsonDocument::Indented);
    if (file.write(bytes) != bytes.size() || !file.commit())
        return Error{QStringLiteral("%1: cannot write: %2").arg(path, file.errorString())};
    return {};
}

Status checkFormatHeader(const QJsonObject& object, const QString& format, int newestVersion,
                         const QString& origin) {
    const QString found = object.value(QStringLiteral("format")).toString();
    if (found != format)
        return Error{QStringLiteral("%1: format: expected \"%2\", found \"%3\"")
                         .arg(origin, format, found)};
    const QJsonValue version = object.value(QStringLiteral("version"));
    if (!version.isDouble() || version.toDouble() != std::floor(version.toDouble()) ||
        version.toDouble() < 1)
        return Error{QStringLiteral("%1: version: expected a whole number >= 1").arg(origin)};
    if (version.toInt() > newestVersion)
        return Error{QStringLiteral("%1: version: %2 is newer than this program reads (%3)")
                         .arg(origin)
                         .arg(version.toInt())
                         .arg(newestVersion)};
    return {};
}

QString jsonTypeName(const QJsonValue& value) {
    switch (value.type()) {
        case QJsonValue::Null:
            return QStringLiteral("null");
        case QJsonValue::Bool:
            return QStringLiteral("a boolean");
        case QJsonValue::Double:
            return QStringLiteral("a number");
        case QJsonValue::String:
            return QStringLiteral("a string");
        case QJsonValue::Array:
            return QStringLiteral("an array");
        case QJsonValue::Object:
            return QStringLiteral("an object");
        case QJsonValue::Undefined:
            break;
    }
    return QStringLiteral("nothing");
}

}  // namespace annealer
