#include "CptDocument.h"

#include "CptEditCommand.h"

#include <algorithm>

namespace annealer {

CptDocument::CptDocument(QObject* parent)
    : QObject(parent), laws_(Error{QStringLiteral("no CPT project is open")}) {}

void CptDocument::open(CptProject project, const QString& filePath) {
    undo_.clear();
    filePath_ = filePath;
    current_ = project.baseline.value_or(0);
    apply(project);
    emit currentScheduleChanged(current_);
}

void CptDocument::edit(const CptProject& project, const QString& text, int mergeKey) {
    undo_.push(new CptEditCommand(this, project_, project, text, mergeKey));
}

void CptDocument::apply(const CptProject& project) {
    const bool fitsChanged =
        !laws_ || project.ptFit.has_value() != project_.ptFit.has_value() ||
        project.cptFit.has_value() != project_.cptFit.has_value() ||
        (project.ptFit && project.ptFit->parameters != project_.ptFit->parameters) ||
        (project.cptFit && project.cptFit->parameters != project_.cptFit->parameters);
    project_ = project;
    if (fitsChanged) laws_ = project_.laws();
    const int last = static_cast<int>(project_.schedules.size()) - 1;
    if (current_ > last) {
        current_ = std::max(last, 0);
        emit currentScheduleChanged(current_);
    }
    emit changed();
}

void CptDocument::setCurrentSchedule(int index) {
    if (index == current_ || index < 0 || index >= static_cast<int>(project_.schedules.size()))
        return;
    current_ = index;
    emit currentScheduleChanged(current_);
}

}  // namespace annealer
