#pragma once

#include <QLabel>

namespace annealer {

// A one-line label that, when narrower than its text, shows the text cut at a whole character
// with "…" (and the whole text as its tooltip) rather than clipped mid-letter.
class ElidedLabel : public QLabel {
    Q_OBJECT

public:
    explicit ElidedLabel(const QString& text, QWidget* parent = nullptr);
    QString fullText() const { return fullText_; }

protected:
    void resizeEvent(QResizeEvent* event) override;

private:
    void elide();

    QString fullText_;
};

}  // namespace annealer
