#include "DesktopApp.h"

#include "MainWindow.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QTextStream>
#include <QTimer>

namespace annealer {

int runDesktopApp(int argc, char* argv[]) {
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("Annealer"));
    QApplication::setOrganizationName(QStringLiteral("Annealer"));
    QApplication::setApplicationVersion(QStringLiteral(ANNEALER_VERSION));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Design learning-rate schedules and see the loss curves they produce.\n"
        "Command line: annealer fit|predict|sample|schedule ... (annealer help)"));
    parser.addHelpOption();
    parser.addVersionOption();
    QCommandLineOption screenshot(QStringLiteral("screenshot"),
                                  QStringLiteral("Render the main window to FILE.png and exit."),
                                  QStringLiteral("FILE.png"));
    parser.addOption(screenshot);
    parser.process(app);

    MainWindow window;
    window.resize(1280, 800);
    if (parser.isSet(screenshot)) {
        const QString path = parser.value(screenshot);
        window.show();
        QApplication::processEvents();
        if (!window.grab().save(path)) {
            QTextStream(stderr) << path << ": cannot write the screenshot\n";
            return 1;
        }
        return 0;
    }
    window.show();
    return QApplication::exec();
}

}  // namespace annealer
