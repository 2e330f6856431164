#pragma once

// The fixture the window suites share: settings kept apart from the user's, and the main window
// shown on the demo project with its predictions finished.
#include "FakeUserDialogs.h"
#include "MainWindow.h"

#include <QCoreApplication>
#include <QDropEvent>
#include <QMimeData>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTest>

#include <memory>

inline void useTestSettings(const QString& suiteName) {
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("AnnealerTest"));
    QCoreApplication::setApplicationName(suiteName);
}

// The window on the demo, every curve predicted; null if it did not get there in time.
inline std::unique_ptr<annealer::MainWindow> showDemoWindow(FakeUserDialogs* dialogs,
                                                            int timeoutMs) {
    auto window = std::make_unique<annealer::MainWindow>();
    window->setUserDialogs(dialogs);
    window->resize(1280, 800);
    window->show();
    if (!QTest::qWaitForWindowExposed(window.get())) return nullptr;
    QSignalSpy opened(window.get(), &annealer::MainWindow::projectOpened);
    window->openDemo();
    if (!opened.wait(timeoutMs)) return nullptr;
    if (!QTest::qWaitFor([&] { return window->isSettled(); }, timeoutMs)) return nullptr;
    return window;
}

// Drops local files or folders on a widget as a file manager would; true if it took them.
inline bool dropPaths(QWidget* target, const QStringList& paths) {
    QMimeData mime;
    QList<QUrl> urls;
    for (const QString& path : paths) urls << QUrl::fromLocalFile(path);
    mime.setUrls(urls);
    const QPoint at(400, 400);
    QDragEnterEvent enter(at, Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QCoreApplication::sendEvent(target, &enter);
    if (!enter.isAccepted()) return false;
    QDropEvent drop(QPointF(at), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QCoreApplication::sendEvent(target, &drop);
    return true;
}
