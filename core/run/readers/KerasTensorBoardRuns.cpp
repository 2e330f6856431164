#include "run/readers/KerasTensorBoardRuns.h"

#include <algorithm>
#include <utility>

namespace annealer {
namespace {

const QLatin1String kTrain("train");
const QLatin1String kValidation("validation");
const QLatin1String kEpochTag("epoch_");

// "x/train" -> "x", "train" -> "" (and whether the name ends so).
bool splitLeaf(const QString& name, const QLatin1String& leaf, QString* parent) {
    if (name == leaf) {
        parent->clear();
        return true;
    }
    if (!name.endsWith(QLatin1Char('/') + leaf)) return false;
    *parent = name.left(name.size() - leaf.size() - 1);
    return true;
}

bool isKerasEpochRun(const LogRun& run) {
    return std::any_of(run.metrics.begin(), run.metrics.end(),
                       [](const MetricSeries& m) { return m.name.startsWith(kEpochTag); });
}

// Moves `from`'s metrics into `into` (names prefixed), leaving out the tags that are not per
// epoch.
void takeMetrics(LogRun& into, LogRun&& from, const QString& prefix, const QString& source) {
    for (MetricSeries& m : from.metrics) {
        const QString name = prefix + m.name;
        if (!m.name.startsWith(kEpochTag)) {
            into.leftOut.push_back(LeftOutMetric{
                name, QStringLiteral("%1: %2 is not logged per epoch (its step is the batch or "
                                     "iteration), while the run's epoch_ tags are: another step "
                                     "axis; read the %3 folder alone for it")
                          .arg(source, name, prefix.isEmpty() ? kTrain : kValidation)});
            continue;
        }
        m.name = name;
        into.metrics.push_back(std::move(m));
    }
    for (LeftOutMetric& left : from.leftOut) {
        left.name = prefix + left.name;
        into.leftOut.push_back(std::move(left));
    }
}

}  // namespace

void mergeKerasRunFolders(LogContents& contents, const QString& folderName) {
    std::vector<LogRun>& runs = contents.runs;
    for (std::size_t t = 0; t < runs.size(); ++t) {
        QString parent;
        if (!splitLeaf(runs[t].name, kTrain, &parent) || !isKerasEpochRun(runs[t])) continue;
        const QString validationName =
            parent.isEmpty() ? QString(kValidation) : parent + QLatin1Char('/') + kValidation;
        const auto v = std::find_if(runs.begin(), runs.end(), [&](const LogRun& r) {
            return r.name == validationName && isKerasEpochRun(r);
        });
        if (v == runs.end()) continue;
        LogRun merged;
        merged.name = parent.isEmpty() ? folderName : parent;
        merged.epochAxis = true;
        LogRun validation = std::move(*v);
        takeMetrics(merged, std::move(runs[t]), QString(), contents.source);
        takeMetrics(merged, std::move(validation), QString(kValidation) + QLatin1Char('/'),
                    contents.source);
        contents.notes << QStringLiteral("%1: %2/train and %2/validation (Keras TensorBoard "
                                         "callback) read as one run '%3'; the validation tags "
                                         "are named validation/<tag>")
                              .arg(contents.source, parent.isEmpty() ? folderName : parent,
                                   merged.name);
        const std::size_t vIndex = static_cast<std::size_t>(v - runs.begin());
        runs[t] = std::move(merged);
        runs.erase(runs.begin() + static_cast<std::ptrdiff_t>(vIndex));
        if (vIndex < t) --t;
    }
}

}  // namespace annealer
