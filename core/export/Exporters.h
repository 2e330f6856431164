#pragma once

// The targets. Each file states the target's formula and conventions it reproduces.
#include "export/ScheduleExporter.h"

namespace annealer {

// What every target shares: a fixed id, file extension and one-line description, given by the
// target's constructor below, and results labelled with the first two.
class TargetExporter : public ScheduleExporter {
public:
    QString id() const final;
    QString fileExtension() const final;
    QString description() const final;

protected:
    TargetExporter(QString id, QString fileExtension, QString description);
    // An empty result of this target, for exportSchedule() to fill.
    ExportResult newResult() const;

private:
    QString id_;
    QString fileExtension_;
    QString description_;
};

// Python for torch.optim.lr_scheduler: native schedulers (LinearLR, CosineAnnealingLR, StepLR,
// MultiStepLR, ExponentialLR, PolynomialLR, CosineAnnealingWarmRestarts in a SequentialLR) where
// they reproduce the schedule, else a LambdaLR over the schedule's formula. Always exact.
class PytorchExporter final : public TargetExporter {
public:
    PytorchExporter()
        : TargetExporter(QStringLiteral("pytorch"), QStringLiteral("py"),
                         QStringLiteral("PyTorch: Python building torch.optim.lr_scheduler "
                                        "schedulers (native where exact, else LambdaLR over the "
                                        "formula)")) {}
    ExportResult exportSchedule(const Schedule& schedule) const override;
    // The same, with comment lines on how another framework takes the scheduler.
    ExportResult exportForHost(const Schedule& schedule, const QStringList& usage) const;
};

// transformers TrainingArguments as JSON: lr_scheduler_type, warmup_steps, lr_scheduler_kwargs.
class HuggingFaceExporter final : public TargetExporter {
public:
    HuggingFaceExporter()
        : TargetExporter(QStringLiteral("hf"), QStringLiteral("json"),
                         QStringLiteral("Hugging Face transformers: TrainingArguments JSON "
                                        "(lr_scheduler_type, warmup_steps, "
                                        "lr_scheduler_kwargs)")) {}
    ExportResult exportSchedule(const Schedule& schedule) const override;
};

// Megatron-LM arguments (--lr, --min-lr, --lr-decay-style, ...) as a bash array.
class MegatronExporter final : public TargetExporter {
public:
    MegatronExporter()
        : TargetExporter(QStringLiteral("megatron"), QStringLiteral("sh"),
                         QStringLiteral("Megatron-LM: --lr, --min-lr, --lr-decay-style, "
                                        "--lr-warmup-iters, ... as a bash array")) {}
    ExportResult exportSchedule(const Schedule& schedule) const override;
};

// The "scheduler" section of a DeepSpeed config.
class DeepSpeedExporter final : public TargetExporter {
public:
    DeepSpeedExporter()
        : TargetExporter(QStringLiteral("deepspeed"), QStringLiteral("json"),
                         QStringLiteral("DeepSpeed: the \"scheduler\" section of a config "
                                        "(WarmupLR, WarmupDecayLR, WarmupCosineLR)")) {}
    ExportResult exportSchedule(const Schedule& schedule) const override;
};

// Python building an optax schedule (join_schedules of optax's own schedules).
class OptaxExporter final : public TargetExporter {
public:
    OptaxExporter()
        : TargetExporter(QStringLiteral("optax"), QStringLiteral("py"),
                         QStringLiteral("optax: Python building the schedule from optax's own "
                                        "schedules")) {}
    ExportResult exportSchedule(const Schedule& schedule) const override;
    // An optax schedule function over a per-step table: exact for every schedule.
    ExportResult exportTable(const Schedule& schedule) const;
};

// torchtitan job config TOML: [lr_scheduler] warmup_steps, decay_ratio, decay_type, lr_min.
class TorchtitanExporter final : public TargetExporter {
public:
    TorchtitanExporter()
        : TargetExporter(QStringLiteral("torchtitan"), QStringLiteral("toml"),
                         QStringLiteral("torchtitan: job config TOML ([lr_scheduler] warmup_steps, "
                                        "decay_ratio, decay_type, lr_min)")) {}
    ExportResult exportSchedule(const Schedule& schedule) const override;
};

// step,lr for every step, as `annealer sample` writes it.
class CsvExporter final : public TargetExporter {
public:
    CsvExporter()
        : TargetExporter(QStringLiteral("csv"), QStringLiteral("csv"),
                         QStringLiteral("CSV: step,lr for every step")) {}
    ExportResult exportSchedule(const Schedule& schedule) const override;
};

// The native schedule file (ScheduleJson).
class JsonExporter final : public TargetExporter {
public:
    JsonExporter()
        : TargetExporter(QStringLiteral("json"), QStringLiteral("json"),
                         QStringLiteral("Annealer's own schedule file (JSON), as `annealer "
                                        "schedule` writes it")) {}
    ExportResult exportSchedule(const Schedule& schedule) const override;
};

// The native schedule file's keys as YAML (ScheduleYaml).
class YamlExporter final : public TargetExporter {
public:
    YamlExporter()
        : TargetExporter(QStringLiteral("yaml"), QStringLiteral("yaml"),
                         QStringLiteral("Annealer's own schedule keys as YAML")) {}
    ExportResult exportSchedule(const Schedule& schedule) const override;
};

}  // namespace annealer
