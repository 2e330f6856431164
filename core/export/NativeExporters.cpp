// The plain-data targets: the per-step table and the native file as JSON and YAML. Their
// previews read the text back the way a user's program would.
#include "export/ExportSupport.h"
#include "export/Exporters.h"
#include "export/ScheduleYaml.h"

#include "NumberText.h"
#include "schedule/ScheduleJson.h"

#include <QJsonDocument>
#include <QJsonObject>

#include <charconv>

namespace annealer {

namespace {

using namespace exporting;

// Fills the preview from a schedule read back from the exported text.
void previewReadBack(ExportResult& result, const Result<Schedule>& readBack,
                     const std::vector<double>& designed) {
    if (readBack)
        result.preview = readBack->sample().lr;
    else
        result.reasons << QStringLiteral("the file does not read back: ") + readBack.error();
    judge(result, designed);
}

}  // namespace

ExportResult CsvExporter::exportSchedule(const Schedule& schedule) const {
    ExportResult result = newResult();
    const std::vector<double> designed = schedule.sample().lr;
    QByteArray bytes("step,lr\n");
    bytes.reserve(static_cast<qsizetype>(designed.size()) * 24 + 8);
    char row[64];
    for (std::size_t s = 0; s < designed.size(); ++s) {
        char* end = std::to_chars(row, row + sizeof row, s).ptr;
        *end++ = ',';
        end = writeShortest(end, row + sizeof row, designed[s]);
        *end++ = '\n';
        bytes.append(row, static_cast<qsizetype>(end - row));
    }
    result.text = QString::fromLatin1(bytes);
    // Shortest round-trip digits read back as the very same doubles.
    result.preview = designed;
    judge(result, designed);
    return result;
}

ExportResult JsonExporter::exportSchedule(const Schedule& schedule) const {
    ExportResult result = newResult();
    result.text =
        QString::fromUtf8(QJsonDocument(scheduleToJson(schedule)).toJson(QJsonDocument::Indented));
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(result.text.toUtf8(), &parseError);
    const Result<Schedule> readBack = document.isObject()
                                          ? scheduleFromJson(document.object(), QString())
                                          : Result<Schedule>(Error{parseError.errorString()});
    previewReadBack(result, readBack, schedule.sample().lr);
    return result;
}

ExportResult YamlExporter::exportSchedule(const Schedule& schedule) const {
    ExportResult result = newResult();
    result.text = scheduleToYaml(schedule);
    previewReadBack(result, scheduleFromYaml(result.text, QString()), schedule.sample().lr);
    return result;
}

}  // namespace annealer
