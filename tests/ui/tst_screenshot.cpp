// `annealer --screenshot FILE.png` renders the main window to a picture and exits.
#include "../cli/AnnealerProcess.h"

#include <QImage>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>

class ScreenshotTest : public QObject {
    Q_OBJECT

private slots:
    void writesAPictureOfTheWindow() {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("shot.png"));
        const Outcome outcome = runAnnealer({QStringLiteral("--screenshot"), path});
        QCOMPARE(outcome.exitCode, 0);
        QImage image(path);
        QVERIFY(!image.isNull());
        QVERIFY(image.width() >= 640 && image.height() >= 400);
        // Not a blank window: curves, axes and text give many colours.
        QSet<QRgb> colours;
        for (int y = 0; y < image.height(); y += 4)
            for (int x = 0; x < image.width(); x += 4) colours.insert(image.pixel(x, y));
        QVERIFY2(colours.size() > 20, qPrintable(QString::number(colours.size())));
    }

    void reportsAnUnwritablePath() {
        const Outcome outcome =
            runAnnealer({QStringLiteral("--screenshot"), QStringLiteral("/no/such/dir/shot.png")});
        QCOMPARE(outcome.exitCode, 1);
        QVERIFY(outcome.err.contains("/no/such/dir/shot.png"));
    }
};

QTEST_GUILESS_MAIN(ScreenshotTest)
#include "tst_screenshot.moc"
