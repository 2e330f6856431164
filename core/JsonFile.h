#pragma once

#include "Result.h"

#include <QJsonObject>
#include <QJsonValue>
#include <QString>

namespace annealer {

// Reads a file holding one JSON object; errors name the file and the byte offset of a syntax
// error.
Result<QJsonObject> readJsonObjectFile(const QString& path);
// Writes the object indented, atomically (a crash leaves the old file whole).
Status writeJsonObjectFile(const QJsonObject& object, const QString& path);

// The {"format": ..., "version": ...} header every file of ours carries: refuses another
// format and a newer version.
Status checkFormatHeader(const QJsonObject& object, const QString& format, int newestVersion,
                         const QString& origin);

// "a number", "a string", "null", ... for messages such as "peak: expected a number, got a string".
QString jsonTypeName(const QJsonValue& value);

}  // namespace annealer
