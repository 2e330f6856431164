#pragma once

#include <QString>
#include <QStringList>

namespace annealer {

// A name for a run joining others that tells it apart from them: its own name when no other run
// has it; else with what its source says about it, the folder that holds the file (a model's
// or a set's folder: "cosine_24000 (csv_100)"), or for a run folder the folder above it, or one
// further up; a number after the nearest folder as the last resort ("cosine_24000 (csv_100) 2").
// `taken` is every name already used.
QString uniqueRunName(const QString& name, const QString& source, const QStringList& taken);

}  // namespace annealer
