#pragma once

#include "Result.h"
#include "fit/FitResult.h"

#include <QJsonObject>
#include <QString>

namespace annealer {

// The fit file: {"format": "annealer.fit", "version": 1, "law": ..., "parameters": [{"name",
// "value", "stderr"}...], "covariance": [[...]...], "conventions": {...}, "runs": [...],
// "held_out": [...]}. Each run: name, source, points, r2, mae, pred_e, worst_e, final_error,
// final_rel_error, and "data_key" where recorded; "held_out" only when runs were held out.
inline constexpr int kFitFormatVersion = 1;

QJsonObject fitToJson(const FitResult& fit);
// Checks the law id, that every parameter of the law is there and finite, and the version.
Result<FitResult> fitFromJson(const QJsonObject& json, const QString& origin);

Status saveFitFile(const FitResult& fit, const QString& path);  // atomic write
Result<FitResult> loadFitFile(const QString& path);

}  // namespace annealer
