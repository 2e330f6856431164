#include "run/readers/WandbPanelCsvReader.h"

#include "MessageText.h"

#include "run/readers/DelimitedTextReader.h"
#include "run/parsing/LogText.h"

#include <QStringList>

#include <map>

namespace annealer {
namespace {

// The cells of the first line of a comma-separated head (quotes allowed, "" for a quote).
QStringList headerCells(const QByteArray& head) {
    std::string_view text(head.constData(), static_cast<std::size_t>(head.size()));
    if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
    QStringList cells;
    std::string cell;
    bool quoted = false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (quoted) {
            if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
                cell.push_back('"');
                ++i;
            } else if (c == '"') {
                quoted = false;
            } else {
                cell.push_back(c);
            }
        } else if (c == '"') {
            quoted = true;
        } else if (c == ',') {
            cells << QString::fromStdString(cell).trimmed();
            cell.clear();
        } else if (c == '\n' || c == '\r') {
            break;
        } else {
            cell.push_back(c);
        }
    }
    cells << QString::fromStdString(cell).trimmed();
    return cells;
}

const QString kSeparator = QStringLiteral(" - ");

bool isBandColumn(const QString& name) {
    return name.endsWith(QLatin1String("__MIN")) || name.endsWith(QLatin1String("__MAX"));
}

// "<run> - <metric>" split at the last " - ": run names are free text, metric names rarely
// hold one.
bool splitColumn(const QString& name, QString* run, QString* metric) {
    const qsizetype at = name.lastIndexOf(kSeparator);
    if (at <= 0) return false;
    *run = name.left(at).trimmed();
    *metric = name.mid(at + kSeparator.size()).trimmed();
    return !run->isEmpty() && !metric->isEmpty();
}

}  // namespace

QString WandbPanelCsvReader::formatName() const {
    return QStringLiteral("W&B panel export (CSV)");
}

int WandbPanelCsvReader::confidence(const QString& path, const QByteArray& head) const {
    Q_UNUSED(path);
    if (hasNulByte(head)) return 0;
    const QStringList cells = headerCells(head);
    if (cells.size() < 2) return 0;
    int runColumns = 0;
    int bandColumns = 0;
    for (qsizetype j = 1; j < cells.size(); ++j) {
        QString run, metric;
        if (splitColumn(cells[j], &run, &metric)) ++runColumns;
        if (isBandColumn(cells[j])) ++bandColumns;
    }
    if (runColumns != cells.size() - 1) return 0;
    // Above DelimitedTextReader, which would read it as one run.
    return bandColumns > 0 ? 90 : 65;
}

Result<LogContents> WandbPanelCsvReader::read(const QString& path,
                                              const LogReadOptions& options) const {
    if (options.progress && !options.progress(0.0)) return cancelledError(path);
    LogReadOptions cellOptions = options;
    if (cellOptions.stepColumn.isEmpty()) {
        // The x axis is the first column, whatever it is called.
        const QStringList cells = headerCells(readHead(path));
        if (!cells.isEmpty() && !cells.front().isEmpty()) cellOptions.stepColumn = cells.front();
    }
    auto cells = DelimitedTextReader().read(path, cellOptions);
    if (!cells) return Error{cells.error()};

    LogContents contents;
    contents.source = path;
    contents.format = formatName();
    contents.notes = cells->notes;
    std::map<QString, std::size_t> runIndex;
    auto runFor = [&](const QString& name) -> LogRun& {
        const auto it = runIndex.find(name);
        if (it != runIndex.end()) return contents.runs[it->second];
        runIndex.emplace(name, contents.runs.size());
        contents.runs.push_back(LogRun{name, {}, {}});
        return contents.runs.back();
    };
    for (LogRun& table : cells->runs) {
        for (MetricSeries& series : table.metrics) {
            QString run, metric;
            if (isBandColumn(series.name) || !splitColumn(series.name, &run, &metric)) continue;
            series.name = metric;
            runFor(run).metrics.push_back(std::move(series));
        }
        for (LeftOutMetric& left : table.leftOut) {
            QString run, metric;
            if (isBandColumn(left.name) || !splitColumn(left.name, &run, &metric)) continue;
            left.name = metric;
            runFor(run).leftOut.push_back(std::move(left));
        }
    }
    if (contents.runs.empty()) {
        return Error{path + QStringLiteral(": no \"<run> - <metric>\" columns (is this a W&B "
                                           "panel export?)")};
    }
    if (options.progress && !options.progress(1.0)) return cancelledError(path);
    return contents;
}

}  // namespace annealer
