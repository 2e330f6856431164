#include "DesktopApp.h"

#include "AppIcon.h"
#include "CptDesignerWindow.h"
#include "ExportDialog.h"
#include "FitDialog.h"
#include "MainWindow.h"
#include "project/CptProject.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QEventLoop>
#include <QTextStream>
#include <QTimer>

namespace annealer {

namespace {

// Waits until the window has opened its project and predicted every visible curve (or a
// minute has passed, so a broken setup still produces a picture and an exit).
bool waitUntilSettled(MainWindow& window) {
    QEventLoop loop;
    QTimer timeout;
    timeout.setSingleShot(true);
    QObject::connect(&timeout, &QTimer::timeout, &loop, &QEventLoop::quit);
    QObject::connect(&window, &MainWindow::settled, &loop, [&] {
        // One more turn, so the last curve is also laid out and painted.
        QTimer::singleShot(50, &loop, [&] {
            if (window.isSettled()) loop.quit();
        });
    });
    timeout.start(60000);
    loop.exec();
    return window.isSettled();
}

// The CPT designer (`--demo cpt`, or a .annealer-cpt project): its curves are predicted on the
// GUI thread as it opens, so a screenshot needs only the window laid out and painted.
int runCptDesigner(const QString& project, const QString& screenshotPath) {
    CptDesignerWindow window;
    QString openError;
    QObject::connect(&window, &CptDesignerWindow::errorShown, &window,
                     [&](const QString& message) { openError = message; });
    const bool opened = project.isEmpty() ? window.openDemo() : window.openProject(project);
    window.resize(1280, 800);
    if (!screenshotPath.isEmpty()) {
        window.show();
        QEventLoop loop;
        QTimer::singleShot(300, &loop, &QEventLoop::quit);
        loop.exec();
        if (!opened) QTextStream(stderr) << openError << '\n';
        if (!window.grab().save(screenshotPath)) {
            QTextStream(stderr) << screenshotPath << ": cannot write the screenshot\n";
            return 1;
        }
        return opened ? 0 : 1;
    }
    window.show();
    return QApplication::exec();
}

}  // namespace

int runDesktopApp(int argc, char* argv[]) {
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("Annealer"));
    QApplication::setOrganizationName(QStringLiteral("Annealer"));
    QApplication::setApplicationVersion(QStringLiteral(ANNEALER_VERSION));
    QApplication::setDesktopFileName(QStringLiteral("annealer"));
    QApplication::setWindowIcon(appIcon());

    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Design learning-rate schedules and see the loss curves they produce.\n"
                       "Command line: annealer fit|predict|sample|schedule ... (annealer help)"));
    parser.addHelpOption();
    parser.addVersionOption();
    QCommandLineOption screenshot(
        QStringLiteral("screenshot"),
        QStringLiteral("Render the main window to FILE.png once its curves are predicted, and "
                       "exit."),
        QStringLiteral("FILE.png"));
    parser.addOption(screenshot);
    QCommandLineOption screenshotOf(
        QStringLiteral("screenshot-of"),
        QStringLiteral("With --screenshot: what to render, the main window (window, the default), "
                       "the fit dialog (fit) or the export dialog of the selected schedule "
                       "(export)."),
        QStringLiteral("window|fit|export"), QStringLiteral("window"));
    parser.addOption(screenshotOf);
    QCommandLineOption demo(
        QStringLiteral("demo"),
        QStringLiteral("Open a demo: cpt (the continual pre-training designer on "
                       "its demo project)."),
        QStringLiteral("NAME"));
    parser.addOption(demo);
    parser.addPositionalArgument(QStringLiteral("PROJECT"),
                                 QStringLiteral("A project file to open (default: the demo)."),
                                 QStringLiteral("[PROJECT]"));
    parser.process(app);

    const QStringList positional = parser.positionalArguments();
    if (parser.isSet(demo) && parser.value(demo) != QLatin1String("cpt")) {
        QTextStream(stderr) << "--demo: unknown demo '" << parser.value(demo) << "' (demos: cpt)\n";
        return 2;
    }
    const bool cptProject =
        !positional.isEmpty() &&
        positional.first().endsWith(QLatin1Char('.') + QLatin1String(kCptProjectSuffix));
    if (parser.isSet(demo) || cptProject)
        return runCptDesigner(cptProject ? positional.first() : QString(),
                              parser.isSet(screenshot) ? parser.value(screenshot) : QString());

    MainWindow window;
    bool openFailed = false;
    QString openError;
    QObject::connect(&window, &MainWindow::errorShown, &window, [&](const QString& message) {
        openFailed = true;
        openError = message;
    });
    if (positional.isEmpty())
        window.openDemo();
    else
        window.openProject(positional.first());

    if (parser.isSet(screenshot)) {
        const QString path = parser.value(screenshot);
        window.resize(1280, 800);
        window.show();
        waitUntilSettled(window);
        if (openFailed) QTextStream(stderr) << openError << '\n';
        QWidget* shown = &window;
        const QString of = parser.value(screenshotOf);
        if (of == QLatin1String("fit")) {
            window.showFitDialog();
            shown = window.fitDialog();
        } else if (of == QLatin1String("export")) {
            shown = window.showExportDialog();
        } else if (of != QLatin1String("window")) {
            QTextStream(stderr) << "--screenshot-of: '" << of << "' is not window, fit or export\n";
            return 2;
        }
        if (!shown) {
            QTextStream(stderr) << "--screenshot-of " << of << ": nothing to show\n";
            return 1;
        }
        // Dialogs lay their charts out in posted events.
        QEventLoop settle;
        QTimer::singleShot(300, &settle, &QEventLoop::quit);
        settle.exec();
        if (!shown->grab().save(path)) {
            QTextStream(stderr) << path << ": cannot write the screenshot\n";
            return 1;
        }
        return openFailed ? 1 : 0;
    }
    if (window.size().width() < 640) window.resize(1280, 800);
    window.show();
    return QApplication::exec();
}

}  // namespace annealer
