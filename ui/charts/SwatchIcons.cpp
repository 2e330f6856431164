#include "SwatchIcons.h"

#include <QHash>
#include <QPainter>
#include <QPixmap>

namespace annealer {

namespace {

enum class Shape { Line, Dot };

// Drawn at 2x and cached: the lists ask for them on every repaint.
QIcon swatch(const QColor& colour, Shape shape) {
    static QHash<QString, QIcon> cache;
    const QString key = colour.name(QColor::HexArgb) + (shape == Shape::Line ? 'l' : 'd');
    if (auto found = cache.constFind(key); found != cache.constEnd()) return *found;
    QPixmap pixmap(32, 32);
    pixmap.fill(Qt::transparent);
    QPainter painter(&pixmap);
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setPen(Qt::NoPen);
    painter.setBrush(colour);
    if (shape == Shape::Line)
        painter.drawRoundedRect(QRectF(3, 12, 26, 8), 4, 4);
    else
        painter.drawEllipse(QRectF(9, 9, 14, 14));
    painter.end();
    QIcon icon(pixmap);
    cache.insert(key, icon);
    return icon;
}

}  // namespace

QIcon lineSwatch(const QColor& colour) {
    return swatch(colour, Shape::Line);
}

QIcon dotSwatch(const QColor& colour) {
    return swatch(colour, Shape::Dot);
}

}  // namespace annealer
