// The project file without any window: LR knots that rebuild a run's LR bit for bit, the JSON
// round trip, and errors that name the file and the field.
#include "fit/FitJson.h"
#include "project/LrKnots.h"
#include "project/ProjectJson.h"
#include "run/LogImport.h"

#include <QJsonArray>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>
#include <random>

using namespace annealer;

namespace {

Project sampleProject() {
    Project project;
    ProjectSchedule cosine;
    cosine.id = project.takeId();
    cosine.schedule.name = QStringLiteral("cosine");
    cosine.schedule.family = ScheduleFamily::Cosine;
    cosine.schedule.steps = 24000;
    cosine.schedule.warmupSteps = 2160;
    cosine.schedule.floorRatio = 0.1;
    cosine.colour = QStringLiteral("#1f77b4");
    ProjectSchedule free;
    free.id = project.takeId();
    free.schedule.name = QStringLiteral("drawn");
    free.schedule.family = ScheduleFamily::FreeForm;
    free.schedule.steps = 1000;
    free.schedule.points = {{0, 1e-3}, {500, 5e-4}, {999, 1e-5}};
    free.colour = QStringLiteral("#ff7f0e");
    free.visible = false;
    project.schedules = {cosine, free};

    auto runs = readRuns(QStringLiteral(ANNEALER_DEMO_CURVES_DIR "/wsd30.csv"), {}, {});
    if (runs) {
        ProjectRun run;
        run.id = project.takeId();
        run.run = runs->front();
        run.colour = QStringLiteral("#6baed6");
        project.runs.push_back(run);
    }
    project.baseline = free.id;
    project.law = LawSelection{QStringLiteral("momentum"), {3.0, 0.5, 0.5, 300.0}, std::nullopt};
    project.view.logLr = true;
    project.view.xUnit = XUnit::Tokens;
    project.view.tokensPerStep = 2048.0;
    return project;
}

}  // namespace

class ProjectFileTest : public QObject {
    Q_OBJECT

private slots:
    void knotsRebuildEveryLrExactly() {
        std::vector<std::vector<double>> cases;
        cases.push_back(std::vector<double>(100000, 3e-4));  // constant
        std::vector<double> cosine(50000);
        for (std::size_t s = 0; s < cosine.size(); ++s)
            cosine[s] =
                3e-5 + 2.7e-4 * 0.5 * (1.0 + std::cos(3.14159 * static_cast<double>(s) / 50000.0));
        cases.push_back(cosine);
        std::mt19937 random(7);
        std::uniform_real_distribution<double> noise(0.0, 1e-3);
        std::vector<double> noisy(3000);
        for (double& value : noisy) value = noise(random);
        cases.push_back(noisy);
        cases.push_back({1e-3});
        for (const std::vector<double>& lr : cases) {
            const LrKnots knots = LrKnots::compress(lr);
            QCOMPARE(knots.expand(), lr);
            QCOMPARE(knots.steps.front(), std::int64_t(0));
            QCOMPARE(knots.steps.back(), static_cast<std::int64_t>(lr.size()) - 1);
        }
        QCOMPARE(LrKnots::compress(cases[0]).steps.size(), std::size_t(2));
    }

    void aRunsLrCompressesToAboutItsLogSamples() {
        auto runs = readRuns(QStringLiteral(ANNEALER_DEMO_CURVES_DIR "/cosine10.csv"), {}, {});
        QVERIFY2(runs, qPrintable(runs.error()));
        const std::vector<double>& lr = runs->front().schedule.lr;
        const LrKnots knots = LrKnots::compress(lr);
        QCOMPARE(knots.expand(), lr);
        // 115 LR samples every 20 steps, plus the warmup ramp's start.
        QVERIFY2(knots.steps.size() <= 135, qPrintable(QString::number(knots.steps.size())));
    }

    void roundTrip() {
        const Project project = sampleProject();
        QCOMPARE(project.runs.size(), std::size_t(1));
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("p.annealer"));
        QVERIFY(saveProjectFile(project, path));
        auto loaded = loadProjectFile(path);
        QVERIFY2(loaded, qPrintable(loaded.error()));
        QCOMPARE(projectToJson(*loaded), projectToJson(project));
        QCOMPARE(loaded->runs[0].run.schedule.lr, project.runs[0].run.schedule.lr);
        QCOMPARE(loaded->runs[0].run.schedule.warmupSteps,
                 project.runs[0].run.schedule.warmupSteps);
        QCOMPARE(loaded->runs[0].run.lrRebuild, project.runs[0].run.lrRebuild);
        QCOMPARE(loaded->schedules[1].visible, false);
        QCOMPARE(loaded->baseline, std::optional<ItemId>(loaded->schedules[1].id));
        QCOMPARE(loaded->law, project.law);
        QCOMPARE(loaded->view, project.view);
    }

    void errorsNameTheFileAndTheField_data() {
        QTest::addColumn<QString>("key");
        QTest::addColumn<QJsonValue>("value");
        QTest::addColumn<QString>("expected");
        QTest::newRow("version") << QStringLiteral("version") << QJsonValue(2)
                                 << QStringLiteral("p.json: version: 2 is newer");
        QTest::newRow("format") << QStringLiteral("format") << QJsonValue("annealer.fit")
                                << QStringLiteral("p.json: format:");
        QTest::newRow("baseline") << QStringLiteral("baseline") << QJsonValue(5)
                                  << QStringLiteral("p.json: baseline: no schedule number 5");
        QTest::newRow("schedules")
            << QStringLiteral("schedules") << QJsonValue(3)
            << QStringLiteral("p.json: schedules: expected an array, got a number");
        QTest::newRow("view") << QStringLiteral("view")
                              << QJsonValue(QJsonObject{{"x_unit", "furlongs"}})
                              << QStringLiteral(
                                     "p.json: view.x_unit: expected \"steps\" or \"tokens\"");
    }

    void errorsNameTheFileAndTheField() {
        QFETCH(QString, key);
        QFETCH(QJsonValue, value);
        QFETCH(QString, expected);
        QJsonObject json = projectToJson(sampleProject());
        json.insert(key, value);
        auto loaded = projectFromJson(json, QStringLiteral("p.json"));
        QVERIFY(!loaded);
        QVERIFY2(loaded.error().startsWith(expected), qPrintable(loaded.error()));
    }

    void nestedErrorsToo() {
        QJsonObject json = projectToJson(sampleProject());
        QJsonArray schedules = json.value("schedules").toArray();
        QJsonObject entry = schedules.at(0).toObject();
        QJsonObject schedule = entry.value("schedule").toObject();
        schedule.insert("warmup", 99999);
        entry.insert("schedule", schedule);
        schedules.replace(0, entry);
        json.insert("schedules", schedules);
        auto loaded = projectFromJson(json, QStringLiteral("p.json"));
        QVERIFY(!loaded);
        QVERIFY2(loaded.error().startsWith("p.json: schedules[0].schedule: warmup:"),
                 qPrintable(loaded.error()));

        json = projectToJson(sampleProject());
        QJsonArray runs = json.value("runs").toArray();
        QJsonObject run = runs.at(0).toObject();
        QJsonObject lr = run.value("lr").toObject();
        QJsonObject knots = lr.value("knots").toObject();
        knots.insert("steps", QJsonArray{0, 10, 5});
        knots.insert("values", QJsonArray{0.1, 0.2, 0.3});
        lr.insert("knots", knots);
        run.insert("lr", lr);
        runs.replace(0, run);
        json.insert("runs", runs);
        loaded = projectFromJson(json, QStringLiteral("p.json"));
        QVERIFY(!loaded);
        QVERIFY2(loaded.error().startsWith(
                     "p.json: runs[0].lr.knots.steps[2]: step 5 is not after step 10"),
                 qPrintable(loaded.error()));
    }

    // Values at the extremes (issue 16) are refused where the project is read, naming the field,
    // so that no view has to draw them: a schedule with peak 1e308 (which made the log LR axis
    // recurse in Qt Charts), a floor above the peak, run LRs and losses out of range, tokens per
    // step whose product with the steps overflows a chart axis.
    void extremeValuesAreRefused_data() {
        QTest::addColumn<QString>("part");
        QTest::addColumn<QString>("key");
        QTest::addColumn<QJsonValue>("value");
        QTest::addColumn<QString>("expected");
        QTest::newRow("peak 1e308") << "schedule" << "peak" << QJsonValue(1e308)
                                    << "p.json: schedules[0].schedule: peak: must be below 1000";
        QTest::newRow("peak 9.9e307") << "schedule" << "peak" << QJsonValue(9.9e307)
                                      << "p.json: schedules[0].schedule: peak: must be below 1000";
        QTest::newRow("floor above peak")
            << "schedule" << "floor_ratio" << QJsonValue(QJsonValue::Undefined)
            << "p.json: schedules[0].schedule: floor: 1 is above the peak";
        QTest::newRow("run LR") << "knots" << "values" << QJsonValue(QJsonArray{1e308})
                                << "p.json: runs[0].lr.knots.values[0]: LR 1e+308 is not below 1000";
        QTest::newRow("loss 0") << "loss" << "values" << QJsonValue()
                                << "p.json: runs[0].loss.values[0]: a loss must be > 0";
        QTest::newRow("tokens per step")
            << "view" << "tokens_per_step" << QJsonValue(1e300)
            << "p.json: view.tokens_per_step: must be between 1 and 1e+12";
    }

    void extremeValuesAreRefused() {
        QFETCH(QString, part);
        QFETCH(QString, key);
        QFETCH(QJsonValue, value);
        QFETCH(QString, expected);
        QJsonObject json = projectToJson(sampleProject());
        if (part == "schedule") {
            QJsonArray schedules = json.value("schedules").toArray();
            QJsonObject entry = schedules.at(0).toObject();
            QJsonObject schedule = entry.value("schedule").toObject();
            if (value.isUndefined()) {  // floor above the peak: an absolute floor of 1
                schedule.remove("floor_ratio");
                schedule.insert("floor", 1.0);
            } else {
                schedule.insert(key, value);
            }
            entry.insert("schedule", schedule);
            schedules.replace(0, entry);
            json.insert("schedules", schedules);
        } else if (part == "knots" || part == "loss") {
            QJsonArray runs = json.value("runs").toArray();
            QJsonObject run = runs.at(0).toObject();
            if (part == "knots") {
                QJsonObject lr = run.value("lr").toObject();
                QJsonObject knots = lr.value("knots").toObject();
                QJsonArray values = knots.value("values").toArray();
                values.replace(0, value.toArray().at(0));
                knots.insert("values", values);
                lr.insert("knots", knots);
                run.insert("lr", lr);
            } else {
                QJsonObject loss = run.value("loss").toObject();
                QJsonArray values = loss.value("values").toArray();
                values.replace(0, 0.0);
                loss.insert("values", values);
                run.insert("loss", loss);
            }
            runs.replace(0, run);
            json.insert("runs", runs);
        } else {
            QJsonObject view = json.value("view").toObject();
            view.insert(key, value);
            json.insert("view", view);
        }
        auto loaded = projectFromJson(json, QStringLiteral("p.json"));
        QVERIFY(!loaded);
        QVERIFY2(loaded.error().startsWith(expected), qPrintable(loaded.error()));
        QVERIFY(!loaded.error().contains('\n'));
    }
};

QTEST_GUILESS_MAIN(ProjectFileTest)
#include "tst_project_file.moc"
