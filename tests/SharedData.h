#pragma once

// The public loss curves of other repositories (the multi-power paper's, schaipp124m) are not
// part of the project: they are read in place from ../shared/data beside the source tree
// (ANNEALER_SHARED_DATA_DIR, set in the top-level CMakeLists.txt). Where that folder is absent,
// as in a user's clone, the tests that need them skip, saying so in one line.
#include <QFileInfo>
#include <QString>

// The folder of one data set: "multipower", "schaipp124m".
inline QString sharedDataPath(const QString& dataSet) {
    return QStringLiteral(ANNEALER_SHARED_DATA_DIR "/") + dataSet;
}

// Empty when the data set is there; otherwise the one-line reason a test that needs it skips.
inline QString missingSharedData(const QString& dataSet) {
    const QString path = sharedDataPath(dataSet);
    if (QFileInfo(path).isDir()) return {};
    return QStringLiteral("%1 is absent: the public curves of other repositories are read in "
                          "place from ../shared/data beside the clone, never copied into it "
                          "(README: Data)")
        .arg(path);
}

// In a test function (or initTestCase, for a whole suite): skip unless the data set is there.
#define SKIP_WITHOUT_SHARED_DATA(dataSet)                                             \
    do {                                                                              \
        const QString missingDataReason = missingSharedData(QStringLiteral(dataSet)); \
        if (!missingDataReason.isEmpty()) QSKIP(qPrintable(missingDataReason));       \
    } while (false)
