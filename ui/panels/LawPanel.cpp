#include "LawPanel.h"

#include "FitTitle.h"
#include "NumberText.h"
#include "ProjectDocument.h"
#include "SetLawCommand.h"
#include "law/LossLaw.h"

#include <QComboBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QVBoxLayout>

#include <charconv>
#include <string>

namespace annealer {

namespace {

std::optional<double> parseNumber(const QString& text) {
    const std::string bytes = text.trimmed().toStdString();
    double value = 0.0;
    const char* end = bytes.data() + bytes.size();
    const auto result = std::from_chars(bytes.data(), end, value);
    if (bytes.empty() || result.ec != std::errc() || result.ptr != end) return std::nullopt;
    return value;
}

}  // namespace

LawPanel::LawPanel(ProjectDocument* document, QWidget* parent)
    : QWidget(parent),
      document_(document),
      source_(new QComboBox(this)),
      law_(new QComboBox(this)),
      form_(new QFormLayout),
      formula_(new QLabel(this)),
      error_(new QLabel(this)) {
    setObjectName(QStringLiteral("lawPanel"));
    auto* title = new QLabel(tr("Loss law"), this);
    QFont bold = title->font();
    bold.setBold(true);
    title->setFont(bold);
    source_->setObjectName(QStringLiteral("lawSource"));
    source_->setToolTip(
        tr("Where the law's parameters come from: a fit stored in the project, "
           "or values typed in below"));
    source_->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    source_->setMinimumContentsLength(8);
    law_->setObjectName(QStringLiteral("lawId"));
    law_->setToolTip(tr("The law of the loss curve that predicts each schedule's loss"));
    for (const QString& id : knownLawIds()) {
        auto made = makeLaw(id);
        law_->addItem(made ? (*made)->displayName() : id, id);
        if (made)
            law_->setItemData(law_->count() - 1, (*made)->warmupConvention(), Qt::ToolTipRole);
    }
    law_->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    law_->setMinimumContentsLength(8);
    formula_->setWordWrap(true);
    formula_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    QFont small = formula_->font();
    small.setPointSizeF(small.pointSizeF() * 0.9);
    formula_->setFont(small);
    formula_->setForegroundRole(QPalette::PlaceholderText);
    error_->setWordWrap(true);
    error_->hide();
    QPalette errorPalette = error_->palette();
    errorPalette.setColor(QPalette::WindowText, QColor(QStringLiteral("#d62728")));
    error_->setPalette(errorPalette);

    form_->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    form_->addRow(tr("Parameters"), source_);
    form_->addRow(tr("Law"), law_);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(title);
    layout->addLayout(form_);
    layout->addWidget(formula_);
    layout->addWidget(error_);

    connect(source_, &QComboBox::activated, this, &LawPanel::applySource);
    connect(law_, &QComboBox::activated, this, &LawPanel::applyLaw);
    connect(document_, &ProjectDocument::projectReset, this, &LawPanel::refresh);
    connect(document_, &ProjectDocument::lawChanged, this, &LawPanel::refresh);
    connect(document_, &ProjectDocument::fitsChanged, this, &LawPanel::refresh);
    connect(document_, &ProjectDocument::runsChanged, this, &LawPanel::refresh);  // staleness
    refresh();
}

void LawPanel::rebuildFields(const QString& lawId) {
    for (QWidget* row : rows_) form_->removeRow(row);
    rows_.clear();
    fields_.clear();
    fieldsLaw_ = lawId;
    auto made = makeLaw(lawId);
    if (!made) return;
    for (const LawParameter& parameter : (*made)->parameters()) {
        auto* line = new QLineEdit(this);
        line->setObjectName(QStringLiteral("law_") + parameter.name);
        line->setToolTip(tr("%1\nallowed: %2 to %3")
                             .arg(parameter.meaning, shortestText(parameter.lower),
                                  shortestText(parameter.upper)));
        const QString name = parameter.name;
        connect(line, &QLineEdit::editingFinished, this,
                [this, name, line] { applyParameter(name, line->text()); });
        form_->addRow(parameter.name, line);
        rows_ << line;
        fields_.insert(parameter.name, line);
    }
}

void LawPanel::refresh() {
    refreshing_ = true;
    const Project& project = document_->project();
    const LawSelection& law = project.law;
    source_->clear();
    for (std::size_t i = 0; i < project.fits.size(); ++i) {
        const int index = static_cast<int>(i);
        const QStringList stale = document_->fitStaleness(index);
        source_->addItem(fitTitle(project.fits[i], index, !stale.isEmpty()), index);
        if (!stale.isEmpty())
            source_->setItemData(source_->count() - 1,
                                 tr("Stale: %1").arg(stale.join(QStringLiteral("; "))),
                                 Qt::ToolTipRole);
    }
    source_->addItem(tr("Typed in"), -1);
    source_->setCurrentIndex(source_->findData(law.fitIndex ? *law.fitIndex : -1));
    const QString lawId = law.isSet() ? law.lawId : QStringLiteral("multipower");
    law_->setCurrentIndex(std::max(0, law_->findData(lawId)));
    law_->setEnabled(!law.fitIndex);
    if (lawId != fieldsLaw_) rebuildFields(lawId);
    auto made = makeLaw(lawId);
    formula_->setText(made ? (*made)->formula() : QString());
    const FitResult* fit = law.fitIndex && *law.fitIndex < static_cast<int>(project.fits.size())
                               ? &project.fits[static_cast<std::size_t>(*law.fitIndex)]
                               : nullptr;
    int i = 0;
    for (auto* row : rows_) {
        auto* line = static_cast<QLineEdit*>(row);
        const std::size_t index = static_cast<std::size_t>(i++);
        // Six digits read well; the full value stays in the project unless the user edits it.
        const QString text = law.isSet() && index < law.parameters.size()
                                 ? QString::number(law.parameters[index], 'g', 6)
                                 : QString();
        line->setText(text);
        shown_.insert(line->objectName(), text);
        line->setPlaceholderText(law.isSet() ? QString() : tr("type a value"));
        line->setCursorPosition(0);
        QString tip = line->toolTip().section(QLatin1Char('\n'), 0, 1);
        if (fit && index < fit->standardErrors.size())
            tip += tr("\nfitted: standard error %1").arg(roundedText(fit->standardErrors[index]));
        line->setToolTip(tip);
    }
    error_->hide();
    refreshing_ = false;
}

void LawPanel::applySource(int index) {
    if (refreshing_) return;
    const Project& project = document_->project();
    const int fitIndex = source_->itemData(index).toInt();
    LawSelection selection = project.law;
    if (fitIndex >= 0 && fitIndex < static_cast<int>(project.fits.size())) {
        const FitResult& fit = project.fits[static_cast<std::size_t>(fitIndex)];
        selection = LawSelection{fit.lawId, fit.parameters, fitIndex};
    } else {
        selection.fitIndex.reset();
    }
    if (selection == project.law) return;
    document_->undoStack()->push(
        new SetLawCommand(document_, selection, tr("Choose law parameters")));
}

void LawPanel::applyLaw(int index) {
    if (refreshing_) return;
    const QString lawId = law_->itemData(index).toString();
    const LawSelection& current = document_->project().law;
    if (lawId == current.lawId) return;
    auto made = makeLaw(lawId);
    if (!made) return;
    // Another law: start from its typical values, which the user then edits.
    LawSelection selection{lawId, {}, std::nullopt};
    for (const LawParameter& parameter : (*made)->parameters())
        selection.parameters.push_back(parameter.typical);
    document_->undoStack()->push(new SetLawCommand(
        document_, selection, tr("Change law to %1").arg((*made)->displayName())));
}

void LawPanel::applyParameter(const QString& name, const QString& text) {
    if (refreshing_) return;
    auto made = makeLaw(fieldsLaw_);
    if (!made) return;
    const int index = (*made)->parameterIndex(name);
    if (index < 0) return;
    LawSelection selection = document_->project().law;
    if (!selection.isSet() || selection.lawId != fieldsLaw_) {
        selection = LawSelection{fieldsLaw_, {}, std::nullopt};
        for (const LawParameter& parameter : (*made)->parameters())
            selection.parameters.push_back(parameter.typical);
    }
    if (text.trimmed() == shown_.value(QStringLiteral("law_") + name)) return;  // not edited
    const auto value = parseNumber(text);
    const auto fail = [&](const QString& message) {
        error_->setText(message);
        error_->show();
        emit statusMessage(message);
    };
    if (!value) return fail(tr("%1: '%2' is not a number").arg(name, text));
    if (selection.parameters[static_cast<std::size_t>(index)] == *value) return;
    selection.parameters[static_cast<std::size_t>(index)] = *value;
    if (Status check = (*made)->checkParameters(selection.parameters); !check)
        return fail(check.error());
    selection.fitIndex.reset();
    error_->hide();
    document_->undoStack()->push(new SetLawCommand(
        document_, selection, tr("Set %1 to %2").arg(name, shortestText(*value))));
}

}  // namespace annealer
