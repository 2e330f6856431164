#pragma once

#include <QString>
#include <QStringList>

#include <cstddef>
#include <utility>
#include <vector>

namespace annealer {

// A name for a run joining others that tells it apart from them: its own name when no other run
// has it; else with what its source says about it, the folder that holds the file (a model's
// or a set's folder: "cosine_24000 (csv_100)"), or for a run folder the folder above it, or one
// further up; a number after the nearest folder as the last resort ("cosine_24000 (csv_100) 2").
// `taken` is every name already used; a name is taken when a run has it, bare or with a folder
// added (nameCollides), so a third "cosine_24000" next to two told apart is told apart too.
QString uniqueRunName(const QString& name, const QString& source, const QStringList& taken);

// Whether a run named `name` would be confused with one of `taken`: one has that name, or that
// name with what uniqueRunName adds ("cosine_24000 (csv_25)").
bool nameCollides(const QString& name, const QStringList& taken);

// The name with the nearest folder of `source` that makes it a name not in `taken` (as
// uniqueRunName words it), for a run that had the name first and must now be told apart from
// a newcomer; empty when its source names no such folder (the run then keeps its name).
QString tellingRunName(const QString& name, const QString& source, const QStringList& taken);

// Runs joining others, by name and source: the joining runs' names (uniqueRunName) and the runs
// already there to rename, so that on a collision both runs carry telling names ("cosine_24000
// (csv_25)" next to "cosine_24000 (csv_100)"), not just the newcomer. A run whose source names
// no telling folder keeps its name.
struct NamedRun {
    QString name;
    QString source;
};
struct JoiningNames {
    QStringList joining;                                 // one per joining run, in order
    std::vector<std::pair<std::size_t, QString>> renamed;  // (index in `present`, new name)
};
JoiningNames namesForJoining(const std::vector<NamedRun>& present,
                             const std::vector<NamedRun>& joining);

}  // namespace annealer
