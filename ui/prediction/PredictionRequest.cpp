#include "PredictionRequest.h"

#include "schedule/ScheduleJson.h"

#include <QJsonDocument>

namespace annealer {

QByteArray scheduleIdentity(const Schedule& schedule) {
    QJsonObject json = scheduleToJson(schedule);
    json.remove(QStringLiteral("name"));  // a rename changes nothing predicted
    return QJsonDocument(json).toJson(QJsonDocument::Compact);
}

QByteArray lawIdentity(const QString& lawId, const std::vector<double>& parameters,
                       const std::vector<double>& covariance) {
    QByteArray key = lawId.toUtf8();
    key.append(reinterpret_cast<const char*>(parameters.data()),
               static_cast<qsizetype>(parameters.size() * sizeof(double)));
    // The same parameters from another fit may carry another band.
    key.append(reinterpret_cast<const char*>(covariance.data()),
               static_cast<qsizetype>(covariance.size() * sizeof(double)));
    return key;
}

}  // namespace annealer
