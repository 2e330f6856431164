#pragma once

#include "Result.h"
#include "fit/FitResult.h"

#include <QJsonObject>
#include <QString>

namespace annealer {

// The fit file: {"format": "annealer.fit", "version": 1, "law": ..., "parameters": [{"name",
// "value", "stderr"}...], "covariance": [[...]...], "conventions": {...}, "runs": [...]}.
inline constexpr int kFitFormatVersion = 1;

QJsonObject fitToJson(const FitResult& fit);
// Checks the law id, that every parameter of the law is there and finite, and the version.
Result<FitResult> fitFromJson(const QJsonObject& json, const QString& origin);

Status saveFitFile(const FitResult& fit, const QString& path);  // atomic write
Result<FitResult> loadFitFile(const QString& path);

}  // namespace annealer
