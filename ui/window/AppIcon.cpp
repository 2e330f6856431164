#include "AppIcon.h"

#include <QLinearGradient>
#include <QPainter>
#include <QPainterPath>
#include <QPixmap>

namespace annealer {

namespace {

// The shapes of annealer.svg, in its 256-unit coordinates.
QPixmap paintIcon(int size) {
    QPixmap pixmap(size, size);
    pixmap.fill(Qt::transparent);
    QPainter painter(&pixmap);
    painter.setRenderHint(QPainter::Antialiasing);
    painter.scale(size / 256.0, size / 256.0);

    QLinearGradient background(0, 8, 0, 248);
    background.setColorAt(0, QColor(QStringLiteral("#2b4c7e")));
    background.setColorAt(1, QColor(QStringLiteral("#16263f")));
    painter.setPen(Qt::NoPen);
    painter.setBrush(background);
    painter.drawRoundedRect(QRectF(8, 8, 240, 240), 44, 44);

    QColor axis(QStringLiteral("#8ea6c8"));
    axis.setAlphaF(0.7f);
    painter.setBrush(Qt::NoBrush);
    painter.setPen(QPen(axis, 6, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin));
    painter.drawPolyline(QPolygonF{QPointF(48, 52), QPointF(48, 204), QPointF(212, 204)});

    QPainterPath loss(QPointF(56, 78));
    loss.cubicTo(78, 132, 104, 150, 140, 160);
    loss.cubicTo(176, 170, 190, 176, 206, 190);
    painter.setPen(QPen(QColor(QStringLiteral("#6fc3ff")), 10, Qt::SolidLine, Qt::RoundCap));
    painter.drawPath(loss);

    QPainterPath lr(QPointF(56, 196));
    lr.lineTo(84, 70);
    lr.lineTo(140, 70);
    lr.cubicTo(164, 70, 180, 150, 206, 172);
    const QColor orange(QStringLiteral("#ffa64d"));
    painter.setPen(QPen(orange, 12, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin));
    painter.drawPath(lr);

    painter.setPen(QPen(QColor(QStringLiteral("#16263f")), 6));
    painter.setBrush(orange);
    painter.drawEllipse(QPointF(140, 70), 15, 15);
    return pixmap;
}

}  // namespace

QIcon appIcon() {
    QIcon icon;
    for (int size : {16, 24, 32, 48, 64, 128, 256}) icon.addPixmap(paintIcon(size));
    return icon;
}

}  // namespace annealer
