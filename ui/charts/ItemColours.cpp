#include "ItemColours.h"

namespace annealer {

namespace {

QString firstUnused(const QStringList& palette, const QStringList& used) {
    for (const QString& colour : palette)
        if (!used.contains(colour, Qt::CaseInsensitive)) return colour;
    return palette.at(static_cast<int>(used.size() % palette.size()));
}

}  // namespace

QString nextScheduleColour(const QStringList& used) {
    // Tableau 10, strong colours for the curves being designed.
    static const QStringList palette{QStringLiteral("#1f77b4"), QStringLiteral("#ff7f0e"),
                                     QStringLiteral("#2ca02c"), QStringLiteral("#d62728"),
                                     QStringLiteral("#9467bd"), QStringLiteral("#8c564b"),
                                     QStringLiteral("#e377c2"), QStringLiteral("#17becf"),
                                     QStringLiteral("#bcbd22"), QStringLiteral("#7f7f7f")};
    return firstUnused(palette, used);
}

QString nextRunColour(const QStringList& used) {
    // Lighter companions, so observed points sit behind the predictions.
    static const QStringList palette{QStringLiteral("#6baed6"), QStringLiteral("#fdae6b"),
                                     QStringLiteral("#74c476"), QStringLiteral("#fc9272"),
                                     QStringLiteral("#9e9ac8"), QStringLiteral("#c49c94"),
                                     QStringLiteral("#f7b6d2"), QStringLiteral("#9edae5"),
                                     QStringLiteral("#dbdb8d"), QStringLiteral("#c7c7c7")};
    return firstUnused(palette, used);
}

}  // namespace annealer
