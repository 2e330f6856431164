// Export to training frameworks: the exactness verdict of every family on every target, the
// previews against the designed schedule and against the targets' formulas evaluated by hand
// here, golden files of the text formats, and lossless round trips through JSON and YAML.
#include "../cli/AnnealerProcess.h"

#include "export/ScheduleExporter.h"
#include "export/ScheduleYaml.h"
#include "schedule/ScheduleJson.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

#include <charconv>
#include <cmath>
#include <numbers>

using namespace annealer;

namespace {

constexpr double kPi = std::numbers::pi;

Schedule makeSchedule(ScheduleFamily family, std::int64_t steps, double peak,
                      std::int64_t warmup = 0, double warmupInit = 0.0) {
    Schedule schedule;
    schedule.family = family;
    schedule.steps = steps;
    schedule.peak = peak;
    schedule.warmupSteps = warmup;
    schedule.warmupShape = warmup > 0 ? WarmupShape::Linear : WarmupShape::None;
    schedule.warmupInit = warmupInit;
    return schedule;
}

struct Named {
    const char* name;
    Schedule schedule;
};

// Every family, several ways where the targets' conventions make the difference.
std::vector<Named> representativeSchedules() {
    std::vector<Named> all;
    all.push_back({"constant_nowarmup", makeSchedule(ScheduleFamily::Constant, 1000, 3e-4)});
    all.push_back({"constant_warm0", makeSchedule(ScheduleFamily::Constant, 1000, 3e-4, 100)});

    Schedule linearFloor = makeSchedule(ScheduleFamily::Linear, 1000, 3e-4, 50, 3e-6);
    linearFloor.floor = 3e-5;
    all.push_back({"linear_floor", linearFloor});
    all.push_back({"linear_zero", makeSchedule(ScheduleFamily::Linear, 1000, 3e-4, 100)});

    all.push_back({"cosine_zero", makeSchedule(ScheduleFamily::Cosine, 1000, 6e-4, 100)});
    Schedule cosineRatio = makeSchedule(ScheduleFamily::Cosine, 1000, 6e-4, 100);
    cosineRatio.floorRatio = 0.1;
    all.push_back({"cosine_ratio", cosineRatio});
    // torchtitan's warmup: (step + 1) / (warmup + 1), ours from peak / (warmup + 1)
    Schedule cosineTitan = makeSchedule(ScheduleFamily::Cosine, 1000, 6e-4, 100, 6e-4 / 101.0);
    cosineTitan.floorRatio = 0.1;
    all.push_back({"cosine_titan", cosineTitan});

    // transformers' warmup_stable_decay warms up from the floor
    Schedule wsdFloorWarm = makeSchedule(ScheduleFamily::Wsd, 2000, 3e-4, 100, 3e-5);
    wsdFloorWarm.decaySteps = 400;
    wsdFloorWarm.decayShape = DecayShape::OneMinusSqrt;
    wsdFloorWarm.floor = 3e-5;
    all.push_back({"wsd_sqrt_floorwarm", wsdFloorWarm});
    Schedule wsdZero = wsdFloorWarm;
    wsdZero.warmupInit = 0.0;
    all.push_back({"wsd_sqrt_zero", wsdZero});
    Schedule wsdNoWarmup = wsdFloorWarm;
    wsdNoWarmup.warmupSteps = 0;
    wsdNoWarmup.warmupShape = WarmupShape::None;
    all.push_back({"wsd_sqrt_nowarmup", wsdNoWarmup});
    Schedule wsdCosine = makeSchedule(ScheduleFamily::Wsd, 2000, 3e-4, 100, 3e-4 / 101.0);
    wsdCosine.decayFraction = 0.2;
    wsdCosine.decayShape = DecayShape::Cosine;
    wsdCosine.floorRatio = 0.1;
    all.push_back({"wsd_cosine_titan", wsdCosine});
    Schedule wsdExponential = makeSchedule(ScheduleFamily::Wsd, 2000, 3e-4);
    wsdExponential.decaySteps = 300;
    wsdExponential.decayShape = DecayShape::Exponential;
    wsdExponential.floor = 3e-6;
    all.push_back({"wsd_exponential", wsdExponential});
    Schedule wsdPolynomial = makeSchedule(ScheduleFamily::Wsd, 2000, 3e-4);
    wsdPolynomial.decaySteps = 500;
    wsdPolynomial.decayShape = DecayShape::Polynomial;
    wsdPolynomial.power = 2.0;
    all.push_back({"wsd_polynomial", wsdPolynomial});

    Schedule step = makeSchedule(ScheduleFamily::Step, 1000, 1e-3);
    step.stepSize = 300;
    step.gamma = 0.5;
    all.push_back({"step", step});
    Schedule multiStep = makeSchedule(ScheduleFamily::MultiStep, 1000, 1e-3, 100);
    multiStep.milestones = {50, 500, 800};  // 50 falls inside the warmup
    multiStep.gamma = 0.1;
    all.push_back({"multistep", multiStep});
    Schedule exponential = makeSchedule(ScheduleFamily::Exponential, 1000, 1e-3, 100);
    exponential.floor = 1e-5;
    all.push_back({"exponential", exponential});
    all.push_back({"inverse_sqrt", makeSchedule(ScheduleFamily::InverseSqrt, 2000, 1e-3, 100)});
    Schedule polynomial = makeSchedule(ScheduleFamily::Polynomial, 1000, 1e-3);
    polynomial.power = 2.0;
    polynomial.floor = 1e-5;
    all.push_back({"polynomial", polynomial});

    Schedule restarts = makeSchedule(ScheduleFamily::Cyclic, 1100, 1e-3, 100);
    restarts.cycleSteps = 250;  // 1000 steps after warmup: 4 whole cycles
    all.push_back({"cyclic_restarts", restarts});
    Schedule rewarm = makeSchedule(ScheduleFamily::Cyclic, 1000, 1e-3);
    rewarm.cycleSteps = 300;
    rewarm.rewarmSteps = 50;
    rewarm.cycleDecay = 0.7;
    rewarm.floor = 1e-5;
    all.push_back({"cyclic_rewarm", rewarm});

    Schedule freeLinear = makeSchedule(ScheduleFamily::FreeForm, 1000, 3e-4);
    freeLinear.points = {{0, 0.0}, {100, 3e-4}, {800, 3e-5}};
    all.push_back({"freeform_linear", freeLinear});
    Schedule freeCubic = makeSchedule(ScheduleFamily::FreeForm, 1000, 3e-4, 50, 1e-6);
    freeCubic.points = {{20, 2e-4}, {200, 3e-4}, {600, 1e-4}, {900, 1e-5}};
    freeCubic.interpolation = Interpolation::MonotoneCubic;
    all.push_back({"freeform_cubic", freeCubic});

    Schedule rex = makeSchedule(ScheduleFamily::Rex, 1000, 3e-4, 100);
    rex.floor = 3e-6;
    all.push_back({"rex", rex});
    Schedule wsdRex = makeSchedule(ScheduleFamily::Wsd, 2000, 3e-4, 100);
    wsdRex.decaySteps = 400;
    wsdRex.decayShape = DecayShape::Rex;
    all.push_back({"wsd_rex", wsdRex});
    Schedule power = makeSchedule(ScheduleFamily::PowerScheduler, 2000, 3e-4, 100);
    power.powerA = 0.59;  // meets the peak about step 700 at 4096 tokens a step
    power.powerB = -0.51;
    power.tokensPerStep = 4096.0;
    power.decayFraction = 0.1;
    power.decayShape = DecayShape::Exponential;
    power.floor = 3e-6;
    all.push_back({"power", power});
    all.push_back({"onecycle", makeSchedule(ScheduleFamily::OneCycle, 1000, 1e-3)});
    Schedule oneCycleThree = makeSchedule(ScheduleFamily::OneCycle, 1000, 1e-3);
    oneCycleThree.threePhase = true;
    oneCycleThree.annealStrategy = AnnealStrategy::Linear;
    oneCycleThree.pctStart = 0.2337;
    all.push_back({"onecycle_three_linear", oneCycleThree});

    Schedule chain;
    chain.family = ScheduleFamily::Chain;
    Schedule first = makeSchedule(ScheduleFamily::Cosine, 600, 6e-4, 100);
    first.floorRatio = 0.1;
    Schedule second = makeSchedule(ScheduleFamily::Constant, 200, 2e-4, 50, 1e-5);
    Schedule third = makeSchedule(ScheduleFamily::Linear, 200, 2e-4);
    chain.phases = {first, second, third};
    all.push_back({"chain", chain});
    return all;
}

Schedule representative(const char* name) {
    for (const Named& named : representativeSchedules())
        if (qstrcmp(named.name, name) == 0) return named.schedule;
    qFatal("no schedule %s", name);
}

ExportResult exportTo(const char* target, const Schedule& schedule) {
    const ScheduleExporter* exporter = findExporter(QString::fromLatin1(target));
    if (!exporter) qFatal("no exporter %s", target);
    return exporter->exportSchedule(schedule);
}

// The preview at `step` equals `expected` up to rounding of the peak's size.
#define CHECK_PREVIEW(result, step, expected, peak)                                 \
    do {                                                                            \
        const double actual_ = (result).preview.at(static_cast<std::size_t>(step)); \
        QVERIFY2(std::abs(actual_ - (expected)) <= 1e-14 * (peak),                  \
                 qPrintable(QStringLiteral("%1 at step %2: preview %3, by hand %4") \
                                .arg((result).target)                               \
                                .arg(step)                                          \
                                .arg(actual_, 0, 'g', 17)                           \
                                .arg((expected), 0, 'g', 17)));                     \
    } while (false)

QString goldenPath(const QString& file) {
    return QStringLiteral(ANNEALER_TEST_DATA_DIR "/export/") + file;
}

QByteArray readFile(const QString& path) {
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

}  // namespace

class TestExport : public QObject {
    Q_OBJECT

private slots:
    void everyTargetIsListed() {
        QCOMPARE(exporterIds(), QStringList({"pytorch", "hf", "megatron", "deepspeed", "optax",
                                             "torchtitan", "csv", "json", "yaml"}));
        for (const ScheduleExporter* exporter : allExporters()) {
            QCOMPARE(findExporter(exporter->id()), exporter);
            QVERIFY(!exporter->fileExtension().isEmpty());
            QVERIFY(!exporter->description().isEmpty());
        }
        QCOMPARE(findExporter(QStringLiteral("timm")), nullptr);
    }

    // The verdict of every family on every target, as worked out from each target's formula
    // (see the comments at the top of each exporter). E exact, n not.
    void verdicts_data() {
        QTest::addColumn<QString>("schedule");
        QTest::addColumn<QString>("target");
        QTest::addColumn<bool>("exact");
        // columns: pytorch hf megatron deepspeed optax torchtitan (csv, json, yaml: always E)
        const std::pair<const char*, const char*> table[] = {
            {"constant_nowarmup", "EEEEEE"},   // DeepSpeed: WarmupLR with min = max
            {"constant_warm0", "EEEnEn"},      // torchtitan warms up from peak / (W + 1)
            {"linear_floor", "EnEnEn"},        // transformers warms up from 0
            {"linear_zero", "EEEnEn"},         //
            {"cosine_zero", "EEEnEn"},         //
            {"cosine_ratio", "EEEnEn"},        // transformers: cosine_with_min_lr
            {"cosine_titan", "EnEnEE"},        //
            {"wsd_sqrt_floorwarm", "EEEnnn"},  // warmup_stable_decay warms up from the floor
            {"wsd_sqrt_zero", "EnEnnn"},       // ... so not from 0; optax has no 1-sqrt
            {"wsd_sqrt_nowarmup", "EEEnnE"},   // torchtitan: decay_ratio of Dd - 1 steps
            {"wsd_cosine_titan", "EnEnEE"},    //
            {"wsd_exponential", "EnnnEn"},     // Megatron's exponential is 2 * 0.5^r - 1
            {"wsd_polynomial", "EnnnEn"},      //
            {"step", "EnnnEn"},                //
            {"multistep", "EnnnEn"},           //
            {"exponential", "EnnnEn"},         //
            {"inverse_sqrt", "EEEnnn"},        // timescale = warmup in both
            {"polynomial", "EEnnEn"},          //
            {"cyclic_restarts", "EEnnEn"},     // 4 whole cycles: cosine_with_restarts
            {"cyclic_rewarm", "EnnnEn"},       //
            {"freeform_linear", "EnnnEn"},     //
            {"freeform_cubic", "Ennnnn"},      //
            {"rex", "Ennnnn"},                 // no target but PyTorch's LambdaLR has REX
            {"wsd_rex", "Ennnnn"},             //
            {"power", "Ennnnn"},               //
            {"onecycle", "Ennnnn"},            // PyTorch: OneCycleLR itself
            {"onecycle_three_linear", "Ennnnn"},
            {"chain", "EnnnEn"},               //
        };
        const char* const targets[] = {"pytorch",    "hf",  "megatron", "deepspeed", "optax",
                                       "torchtitan", "csv", "json",     "yaml"};
        QCOMPARE(std::size(table), representativeSchedules().size());
        for (const auto& [name, verdicts] : table) {
            for (int t = 0; t < 9; ++t) {
                const bool exact = t >= 6 || verdicts[t] == 'E';
                QTest::addRow("%s %s", name, targets[t])
                    << QString::fromLatin1(name) << QString::fromLatin1(targets[t]) << exact;
            }
        }
    }

    void verdicts() {
        QFETCH(QString, schedule);
        QFETCH(QString, target);
        QFETCH(bool, exact);
        const Schedule designed = representative(qPrintable(schedule));
        QVERIFY2(designed.validate(), qPrintable(designed.validate().error()));
        const ExportResult result = findExporter(target)->exportSchedule(designed);
        const QString summary = QStringLiteral("exact %1, deviation %2 at step %3; %4")
                                    .arg(result.exact)
                                    .arg(result.maxDeviation)
                                    .arg(result.worstStep)
                                    .arg(result.reasons.join(QStringLiteral("; ")));
        QCOMPARE(result.target, target);
        QVERIFY(!result.text.isEmpty());
        QCOMPARE(static_cast<std::int64_t>(result.preview.size()), designed.totalSteps());
        QVERIFY2(result.exact == exact, qPrintable(summary));
        if (exact) {
            QVERIFY2(result.reasons.isEmpty(), qPrintable(summary));
            QVERIFY2(result.maxDeviation < 1e-12, qPrintable(summary));
            QVERIFY(!result.fallback);
            return;
        }
        // Honest: a reason, and the preview shows the difference.
        QVERIFY2(!result.reasons.isEmpty(), qPrintable(summary));
        QVERIFY2(result.maxDeviation > kExactTolerance, qPrintable(summary));
        const std::vector<double> lr = designed.sample().lr;
        const Deviation measured = measureDeviation(result.preview, lr);
        QCOMPARE(measured.relative, result.maxDeviation);
        QCOMPARE(measured.step, result.worstStep);
        // The nearest exact alternative is there and exact.
        QVERIFY(!result.alternative.isEmpty());
        QVERIFY(result.fallback);
        QVERIFY(result.fallback->exact);
        QVERIFY(result.fallback->maxDeviation < 1e-12);
        QVERIFY(!result.fallback->text.isEmpty());
    }

    // ---------------------------------------------------------------------------------------
    // The targets' formulas at a few steps, by hand.

    void huggingFaceWsdByHand() {
        // warmup_stable_decay, min_lr_ratio r = 0.1, warmup 100, stable 1500, decay 400, 1-sqrt:
        // warmup: P * (s / 100 * (1 - r) + r); decay: P * ((1 - sqrt(u)) * (1 - r) + r)
        const ExportResult hf = exportTo("hf", representative("wsd_sqrt_floorwarm"));
        const double peak = 3e-4;
        const double r = 0.1;
        CHECK_PREVIEW(hf, 0, peak * r, peak);
        CHECK_PREVIEW(hf, 50, peak * (0.5 * 0.9 + r), peak);
        CHECK_PREVIEW(hf, 100, peak, peak);
        CHECK_PREVIEW(hf, 1600, peak, peak);
        CHECK_PREVIEW(hf, 1700, peak * ((1.0 - std::sqrt(0.25)) * 0.9 + r), peak);
        CHECK_PREVIEW(hf, 1999, peak * ((1.0 - std::sqrt(399.0 / 400.0)) * 0.9 + r), peak);
        QVERIFY(hf.text.contains(QLatin1String("\"lr_scheduler_type\": \"warmup_stable_decay\"")));

        // cosine_with_restarts, 4 cycles of 250 after a 100-step warmup from 0
        const ExportResult restarts = exportTo("hf", representative("cyclic_restarts"));
        CHECK_PREVIEW(restarts, 0, 0.0, 1e-3);
        CHECK_PREVIEW(restarts, 99, 1e-3 * 0.99, 1e-3);
        CHECK_PREVIEW(restarts, 350, 1e-3, 1e-3);  // a restart
        CHECK_PREVIEW(restarts, 475, 1e-3 * 0.5 * (1.0 + std::cos(kPi * 0.5)), 1e-3);
    }

    void megatronByHand() {
        // inverse-square-root: warmup inclusive, then lr * sqrt(warmup) / sqrt(step)
        const ExportResult result = exportTo("megatron", representative("inverse_sqrt"));
        CHECK_PREVIEW(result, 50, 1e-3 * 0.5, 1e-3);
        CHECK_PREVIEW(result, 100, 1e-3, 1e-3);
        CHECK_PREVIEW(result, 400, 1e-3 / 2.0, 1e-3);
        CHECK_PREVIEW(result, 1600, 1e-3 / 4.0, 1e-3);
        QVERIFY(result.text.contains(QLatin1String("--lr-decay-style inverse-square-root")));

        // WSD exponential: min + (2 * 0.5^r - 1) * (max - min), r = 150 / 300 halfway
        const ExportResult wsd = exportTo("megatron", representative("wsd_exponential"));
        CHECK_PREVIEW(wsd, 1850, 3e-6 + (2.0 * std::sqrt(0.5) - 1.0) * (3e-4 - 3e-6), 3e-4);
    }

    void deepSpeedByHand() {
        // WarmupCosineLR: step s runs at iteration s - 1; iteration -1 gives 0
        const ExportResult result = exportTo("deepspeed", representative("cosine_ratio"));
        const double peak = 6e-4;
        CHECK_PREVIEW(result, 0, 0.0, peak);
        CHECK_PREVIEW(result, 1, 0.0, peak);  // iteration 0: 0 / 100
        CHECK_PREVIEW(result, 2, peak * 0.01, peak);
        CHECK_PREVIEW(result, 100, peak * 0.99, peak);  // still warming up
        // iteration 100: progress (100 - 100 + 1) / (1000 - 100)
        CHECK_PREVIEW(result, 101, peak * (0.1 + 0.9 * (1.0 + std::cos(kPi / 900.0)) / 2.0), peak);

        const ExportResult constant = exportTo("deepspeed", representative("constant_nowarmup"));
        CHECK_PREVIEW(constant, 0, 3e-4, 3e-4);
        CHECK_PREVIEW(constant, 999, 3e-4, 3e-4);
    }

    void torchtitanByHand() {
        // warmup (s + 1) / 101, one stable step at 100, then progress (s + 1 - 101) / 900
        const ExportResult result = exportTo("torchtitan", representative("cosine_titan"));
        const double peak = 6e-4;
        CHECK_PREVIEW(result, 0, peak / 101.0, peak);
        CHECK_PREVIEW(result, 99, peak * 100.0 / 101.0, peak);
        CHECK_PREVIEW(result, 100, peak, peak);
        CHECK_PREVIEW(result, 101, peak * (0.1 + 0.9 * 0.5 * (1.0 + std::cos(kPi / 900.0))), peak);
        CHECK_PREVIEW(result, 999, peak * (0.1 + 0.9 * 0.5 * (1.0 + std::cos(kPi * 899.0 / 900.0))),
                      peak);
        QVERIFY(result.text.contains(QLatin1String("decay_ratio = 0.899\n")));
    }

    void optaxByHand() {
        // piecewise_constant_schedule from the end of warmup; milestone 50 merges at 0
        const ExportResult result = exportTo("optax", representative("multistep"));
        CHECK_PREVIEW(result, 50, 1e-3 * 0.5, 1e-3);  // linear_schedule(0, peak, 100)
        CHECK_PREVIEW(result, 100, 1e-4, 1e-3);
        CHECK_PREVIEW(result, 499, 1e-4, 1e-3);
        CHECK_PREVIEW(result, 500, 1e-5, 1e-3);
        CHECK_PREVIEW(result, 800, 1e-6, 1e-3);
        QVERIFY(
            result.text.contains(QLatin1String("boundaries_and_scales={0: 0.1, 400: 0.1, "
                                               "700: 0.1}")));

        // exponential_decay: peak * (floor / peak)^(t / 900) after the warmup
        const ExportResult exponential = exportTo("optax", representative("exponential"));
        CHECK_PREVIEW(exponential, 550, 1e-3 * std::pow(1e-2, 0.5), 1e-3);
    }

    void pytorchByHand() {
        // CosineAnnealingLR(T_max=900, eta_min=0) after LambdaLR(step / 100)
        const ExportResult cosine = exportTo("pytorch", representative("cosine_zero"));
        CHECK_PREVIEW(cosine, 10, 6e-4 * 0.1, 6e-4);
        CHECK_PREVIEW(cosine, 550, 6e-4 * 0.5, 6e-4);
        QVERIFY(cosine.text.contains(QLatin1String("CosineAnnealingLR(optimizer, T_max=900")));
        QVERIFY(cosine.text.contains(QLatin1String("milestones=[100]")));

        // MultiStepLR milestones count from the end of warmup: [0, 400, 700]
        const ExportResult multiStep = exportTo("pytorch", representative("multistep"));
        QVERIFY(multiStep.text.contains(QLatin1String("milestones=[0, 400, 700]")));
        CHECK_PREVIEW(multiStep, 100, 1e-4, 1e-3);
        CHECK_PREVIEW(multiStep, 799, 1e-5, 1e-3);

        // LambdaLR over the formula where no native scheduler fits
        const ExportResult inverse = exportTo("pytorch", representative("inverse_sqrt"));
        QVERIFY(
            inverse.text.contains(QLatin1String("LambdaLR(optimizer, lambda step: lr_at(step)")));
        CHECK_PREVIEW(inverse, 400, 1e-3 * std::sqrt(100.0 / 400.0), 1e-3);

        // OneCycleLR with PyTorch's defaults: rise to step 0.3 * 1000 - 1 = 299 from peak / 25,
        // cos annealing, then to peak / 25 / 1e4 at step 999
        const ExportResult oneCycle = exportTo("pytorch", representative("onecycle"));
        QVERIFY(oneCycle.text.contains(QLatin1String(
            "OneCycleLR(optimizer, max_lr=0.001, total_steps=1000, pct_start=0.3, "
            "anneal_strategy=\"cos\", div_factor=25.0, final_div_factor=10000.0, "
            "three_phase=False, cycle_momentum=False)")));
        QVERIFY(oneCycle.text.contains(QLatin1String("cycle_momentum=False: the designed")));
        CHECK_PREVIEW(oneCycle, 0, 1e-3 / 25.0, 1e-3);
        CHECK_PREVIEW(oneCycle, 299, 1e-3, 1e-3);
        const double low = 1e-3 / 25.0 / 1e4;
        CHECK_PREVIEW(oneCycle, 649, low + (1e-3 - low) / 2.0 * (std::cos(kPi * 0.5) + 1.0), 1e-3);
        CHECK_PREVIEW(oneCycle, 999, low, 1e-3);

        // REX through LambdaLR: P (1 - z) / (1 - z/2) + F ..., z = 450 / 900 at step 550
        const ExportResult rex = exportTo("pytorch", representative("rex"));
        QVERIFY(rex.text.contains(QLatin1String("LambdaLR(optimizer, lambda step: lr_at(step)")));
        CHECK_PREVIEW(rex, 550, 3e-6 + (3e-4 - 3e-6) * (0.5 / 0.75), 3e-4);
    }

    // ---------------------------------------------------------------------------------------
    // Golden files, written by hand from the targets' documentation.

    void golden_data() {
        QTest::addColumn<QString>("schedule");
        QTest::addColumn<QString>("target");
        QTest::addColumn<QString>("file");
        const auto row = [](const char* schedule, const char* target, const char* file) {
            QTest::addRow("%s", file) << QString::fromLatin1(schedule)
                                      << QString::fromLatin1(target) << QString::fromLatin1(file);
        };
        for (const char* target :
             {"pytorch", "hf", "megatron", "deepspeed", "optax", "torchtitan", "json", "yaml"}) {
            const ScheduleExporter* exporter = findExporter(QString::fromLatin1(target));
            row("golden_cosine", target,
                qPrintable(QStringLiteral("cosine.%1.%2")
                               .arg(QLatin1String(target), exporter->fileExtension())));
        }
        row("golden_wsd", "pytorch", "wsd.pytorch.py");
        row("golden_wsd", "hf", "wsd.hf.json");
        row("golden_wsd", "megatron", "wsd.megatron.sh");
        row("golden_wsd", "torchtitan", "wsd.torchtitan.toml");
        row("golden_wsd", "yaml", "wsd.yaml.yaml");
        row("golden_chain", "pytorch", "chain.pytorch.py");
        row("golden_chain", "optax", "chain.optax.py");
        row("golden_chain", "yaml", "chain.yaml.yaml");
        row("golden_chain", "csv", "chain.csv.csv");
    }

    void golden() {
        QFETCH(QString, schedule);
        QFETCH(QString, target);
        QFETCH(QString, file);
        Schedule designed;
        if (schedule == QLatin1String("golden_cosine")) {
            // cosine to 10% with a 100-step warmup from 0
            designed = makeSchedule(ScheduleFamily::Cosine, 1000, 6e-4, 100);
            designed.name = QStringLiteral("cosine to 10%");
            designed.floorRatio = 0.1;
        } else if (schedule == QLatin1String("golden_wsd")) {
            // WSD 1-sqrt, warmup from the floor (transformers' convention)
            designed = representative("wsd_sqrt_floorwarm");
            designed.name = QStringLiteral("wsd 1-sqrt");
        } else {
            // three short phases: a re-warm, a free-form cooldown
            designed.family = ScheduleFamily::Chain;
            designed.name = QStringLiteral("three \"stages\"");
            Schedule stable = makeSchedule(ScheduleFamily::Constant, 4, 1e-3, 2);
            Schedule cooldown = makeSchedule(ScheduleFamily::FreeForm, 6, 0.0);
            cooldown.points = {{0, 1e-3}, {4, 2.5e-4}};
            Schedule tail = makeSchedule(ScheduleFamily::Step, 3, 2e-4);
            tail.stepSize = 2;
            tail.gamma = 0.5;
            designed.phases = {stable, cooldown, tail};
        }
        QVERIFY2(designed.validate(), qPrintable(designed.validate().error()));
        const ExportResult result = findExporter(target)->exportSchedule(designed);
        const QByteArray expected = readFile(goldenPath(file));
        QVERIFY2(!expected.isEmpty(), qPrintable(goldenPath(file) + QStringLiteral(" is missing")));
        const QByteArray actual = result.text.toUtf8();
        if (actual != expected) {
            const QString written = QDir::temp().filePath(file);
            QFile out(written);
            if (out.open(QIODevice::WriteOnly)) out.write(actual);
            QFAIL(qPrintable(QStringLiteral("%1 differs from the golden file; this run's output "
                                            "is in %2")
                                 .arg(file, written)));
        }
    }

    // ---------------------------------------------------------------------------------------
    // Native formats

    void roundTrip_data() {
        QTest::addColumn<QString>("schedule");
        for (const Named& named : representativeSchedules())
            QTest::addRow("%s", named.name) << QString::fromLatin1(named.name);
    }

    void roundTrip() {
        QFETCH(QString, schedule);
        Schedule designed = representative(qPrintable(schedule));
        designed.name = QStringLiteral("\"quoted\": # not a comment, tab\there, ünïcode → ok");
        const std::vector<double> lr = designed.sample().lr;

        const ExportResult json = exportTo("json", designed);
        const QJsonDocument document = QJsonDocument::fromJson(json.text.toUtf8());
        const Result<Schedule> fromJson = scheduleFromJson(document.object(), QString());
        QVERIFY2(fromJson, qPrintable(fromJson.error()));
        QCOMPARE(fromJson->name, designed.name);
        QVERIFY(fromJson->sample().lr == lr);  // every value, exactly

        const ExportResult yaml = exportTo("yaml", designed);
        const Result<Schedule> fromYaml = scheduleFromYaml(yaml.text, QString());
        QVERIFY2(fromYaml, qPrintable(fromYaml.error() + QLatin1Char('\n') + yaml.text));
        QCOMPARE(fromYaml->name, designed.name);
        QVERIFY(fromYaml->sample().lr == lr);
        // and the YAML holds the very keys of the JSON
        QCOMPARE(scheduleToJson(*fromYaml), scheduleToJson(designed));
        QCOMPARE(yaml.maxDeviation, 0.0);
        QCOMPARE(json.maxDeviation, 0.0);
    }

    void csvHoldsEveryStep() {
        const Schedule designed = representative("cyclic_rewarm");
        const ExportResult csv = exportTo("csv", designed);
        const std::vector<double> lr = designed.sample().lr;
        const QList<QByteArray> lines = csv.text.toLatin1().split('\n');
        QCOMPARE(lines.size(), static_cast<qsizetype>(lr.size()) + 2);  // header, rows, ""
        QCOMPARE(lines.front(), QByteArray("step,lr"));
        for (std::size_t s = 0; s < lr.size(); ++s) {
            const QList<QByteArray> fields = lines[static_cast<qsizetype>(s) + 1].split(',');
            QCOMPARE(fields.size(), 2);
            QCOMPARE(fields[0].toLongLong(), static_cast<qint64>(s));
            double value = 0.0;
            std::from_chars(fields[1].constData(), fields[1].constData() + fields[1].size(), value);
            QCOMPARE(value, lr[s]);
        }
    }

    void yamlReaderAcceptsHandWrittenFiles() {
        const QString text = QStringLiteral(
            "# a schedule someone typed\n"
            "---\n"
            "format: annealer.schedule\n"
            "version: 1\n"
            "name: 'it''s mine'   # trailing comment\n"
            "family: multistep\n"
            "steps: 1000\n"
            "peak: 1e-3\n"
            "gamma: +0.5\n"
            "milestones:\n"
            "- 300\n"
            "- 600\n");
        const Result<Schedule> schedule = scheduleFromYaml(text, QStringLiteral("s.yaml"));
        QVERIFY2(schedule, qPrintable(schedule.error()));
        QCOMPARE(schedule->name, QStringLiteral("it's mine"));
        QCOMPARE(schedule->peak, 1e-3);
        QCOMPARE(schedule->gamma, 0.5);
        QCOMPARE(schedule->milestones, std::vector<std::int64_t>({300, 600}));
    }

    void yamlReaderErrorsNameTheLine() {
        const auto errorOf = [](const char* text) {
            return scheduleFromYaml(QString::fromUtf8(text), QStringLiteral("s.yaml")).error();
        };
        QCOMPARE(errorOf("format: annealer.schedule\nversion: 1\nfamily: cosine\n  steps: 10\n"),
                 QStringLiteral("s.yaml:4: unexpected indentation"));
        QCOMPARE(errorOf("family: cosine\nsteps: 10\nsteps: 20\n"),
                 QStringLiteral("s.yaml:3: steps: given twice"));
        QCOMPARE(errorOf("family: cosine\nname: \"open\n"),
                 QStringLiteral("s.yaml:2: unterminated \"string\""));
        QCOMPARE(errorOf("family: cosine\n\tsteps: 10\n"),
                 QStringLiteral("s.yaml:2: tabs cannot indent YAML"));
        QCOMPARE(errorOf("family: cosine\nmilestones: [1, 2\n"),
                 QStringLiteral("s.yaml:2: expected , or ] in a flow sequence"));
        // keys and values are then checked as in JSON
        QCOMPARE(errorOf("format: annealer.schedule\nversion: 1\nfamily: cosine\nstep: 10\n"),
                 QStringLiteral("s.yaml: step: unknown key"));
    }

    // ---------------------------------------------------------------------------------------
    // annealer export

    void cliWritesExactExports() {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const Schedule designed = representative("cosine_ratio");
        QVERIFY(saveScheduleFile(designed, dir.filePath("s.json")));
        const QByteArray expected = exportTo("pytorch", designed).text.toUtf8();

        // to a file: the verdict on standard output
        const Outcome toFile =
            runAnnealer({"export", "s.json", "--to", "pytorch", "-o", "s.py"}, dir.path());
        QCOMPARE(toFile.exitCode, 0);
        QVERIFY(toFile.err.isEmpty());
        QVERIFY2(toFile.out.startsWith("annealer export: pytorch: exact (largest deviation "),
                 toFile.out.constData());
        QCOMPARE(readAll(dir.filePath("s.py")), expected);

        // to standard output: the file alone there, the verdict on standard error
        const Outcome toStdout = runAnnealer({"export", "s.json", "--to", "pytorch"}, dir.path());
        QCOMPARE(toStdout.exitCode, 0);
        QCOMPARE(toStdout.out, expected);
        QVERIFY(toStdout.err.startsWith("annealer export: pytorch: exact"));

        // YAML in, YAML out, the same schedule
        const Outcome yaml =
            runAnnealer({"export", "s.json", "--to", "yaml", "-o", "s.yaml"}, dir.path());
        QCOMPARE(yaml.exitCode, 0);
        const Outcome back =
            runAnnealer({"export", "s.yaml", "--to", "json", "-o", "back.json"}, dir.path());
        QCOMPARE(back.exitCode, 0);
        const Result<Schedule> reread = loadScheduleFile(dir.filePath("back.json"));
        QVERIFY2(reread, qPrintable(reread.error()));
        QCOMPARE(scheduleToJson(*reread), scheduleToJson(designed));
    }

    void cliRefusesInexactExportsUnlessAskedForTheAlternative() {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const Schedule designed = representative("wsd_sqrt_zero");
        QVERIFY(saveScheduleFile(designed, dir.filePath("s.json")));

        const Outcome refused =
            runAnnealer({"export", "s.json", "--to", "hf", "-o", "args.json"}, dir.path());
        QCOMPARE(refused.exitCode, 1);
        QVERIFY(refused.out.isEmpty());
        QCOMPARE(refused.err.count('\n'), 1);  // one line
        QVERIFY2(refused.err.startsWith("annealer export: hf cannot express this schedule "
                                        "exactly (largest deviation 0.1 of the peak LR"),
                 refused.err.constData());
        QVERIFY(refused.err.contains("warmup_stable_decay warms up"));
        QVERIFY(refused.err.contains("Nearest exact alternative: pytorch"));
        QVERIFY(!QFile::exists(dir.filePath("args.json")));

        const Outcome alternative = runAnnealer(
            {"export", "s.json", "--to", "hf", "--fallback", "-o", "scheduler.py"}, dir.path());
        QCOMPARE(alternative.exitCode, 0);
        QVERIFY(alternative.out.startsWith("annealer export: hf is not exact"));
        QVERIFY(alternative.out.contains("wrote the nearest exact alternative, pytorch"));
        const QByteArray code = readAll(dir.filePath("scheduler.py"));
        QVERIFY(code.contains("def make_scheduler(optimizer):"));
        QVERIFY(code.contains("Trainer(..., optimizers=(optimizer, make_scheduler(optimizer)))"));
    }

    void cliErrorsAreOneLine() {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        QVERIFY(saveScheduleFile(representative("step"), dir.filePath("s.json")));
        const auto check = [&](const QStringList& args, int exitCode, const char* message) {
            const Outcome outcome = runAnnealer(args, dir.path());
            QCOMPARE(outcome.exitCode, exitCode);
            QCOMPARE(outcome.err, QByteArray("annealer export: ") + message + '\n');
        };
        check({"export", "s.json", "--to", "timm"}, 2,
              "unknown target 'timm' "
              "(pytorch|hf|megatron|deepspeed|optax|torchtitan|csv|json|yaml)");
        check({"export", "s.json"}, 2,
              "missing --to TARGET "
              "(pytorch|hf|megatron|deepspeed|optax|torchtitan|csv|json|yaml)");
        check({"export", "--to", "csv"}, 2, "missing SCHEDULE.json (annealer export --help)");
        check({"export", "s.json", "--to", "csv", "--bogus"}, 2,
              "unknown option --bogus (annealer export --help)");
        check({"export", "missing.json", "--to", "csv"}, 1,
              "missing.json: cannot read: No such file or directory");
    }

    void deviationIsRelativeToThePeak() {
        const Deviation same = measureDeviation({1.0, 2.0, 0.0}, {1.0, 2.0, 0.0});
        QCOMPARE(same.relative, 0.0);
        const Deviation off = measureDeviation({1.0, 2.5, 0.0}, {1.0, 2.0, 0.0});
        QCOMPARE(off.relative, 0.25);
        QCOMPARE(off.step, std::int64_t(1));
        const Deviation shorter = measureDeviation({1.0}, {1.0, 2.0});
        QCOMPARE(shorter.relative, 1.0);
        QCOMPARE(shorter.step, std::int64_t(1));
        const Deviation nan = measureDeviation({std::nan("")}, {1.0});
        QCOMPARE(nan.relative, 1.0);
    }
};

QTEST_GUILESS_MAIN(TestExport)
#include "tst_export.moc"
