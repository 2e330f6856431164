#include "ElidedLabel.h"

#include <QFontMetrics>
#include <QResizeEvent>

namespace annealer {

ElidedLabel::ElidedLabel(const QString& text, QWidget* parent)
    : QLabel(text, parent), fullText_(text) {}

void ElidedLabel::resizeEvent(QResizeEvent* event) {
    QLabel::resizeEvent(event);
    elide();
}

void ElidedLabel::elide() {
    const int room = contentsRect().width();
    const QString shown = fontMetrics().elidedText(fullText_, Qt::ElideRight, room);
    if (shown != text()) setText(shown);
    setToolTip(shown == fullText_ ? QString() : fullText_);
}

}  // namespace annealer
