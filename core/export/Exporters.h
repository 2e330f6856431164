#pragma once

// The targets. Each file states the target's formula and conventions it reproduces.
#include "export/ScheduleExporter.h"

namespace annealer {

// Python for torch.optim.lr_scheduler: native schedulers (LinearLR, CosineAnnealingLR, StepLR,
// MultiStepLR, ExponentialLR, PolynomialLR, CosineAnnealingWarmRestarts in a SequentialLR) where
// they reproduce the schedule, else a LambdaLR over the schedule's formula. Always exact.
class PytorchExporter final : public ScheduleExporter {
public:
    QString id() const override;
    QString fileExtension() const override;
    QString description() const override;
    ExportResult exportSchedule(const Schedule& schedule) const override;
    // The same, with comment lines on how another framework takes the scheduler.
    ExportResult exportForHost(const Schedule& schedule, const QStringList& usage) const;
};

// transformers TrainingArguments as JSON: lr_scheduler_type, warmup_steps, lr_scheduler_kwargs.
class HuggingFaceExporter final : public ScheduleExporter {
public:
    QString id() const override;
    QString fileExtension() const override;
    QString description() const override;
    ExportResult exportSchedule(const Schedule& schedule) const override;
};

// Megatron-LM arguments (--lr, --min-lr, --lr-decay-style, ...) as a bash array.
class MegatronExporter final : public ScheduleExporter {
public:
    QString id() const override;
    QString fileExtension() const override;
    QString description() const override;
    ExportResult exportSchedule(const Schedule& schedule) const override;
};

// The "scheduler" section of a DeepSpeed config.
class DeepSpeedExporter final : public ScheduleExporter {
public:
    QString id() const override;
    QString fileExtension() const override;
    QString description() const override;
    ExportResult exportSchedule(const Schedule& schedule) const override;
};

// Python building an optax schedule (join_schedules of optax's own schedules).
class OptaxExporter final : public ScheduleExporter {
public:
    QString id() const override;
    QString fileExtension() const override;
    QString description() const override;
    ExportResult exportSchedule(const Schedule& schedule) const override;
    // An optax schedule function over a per-step table: exact for every schedule.
    ExportResult exportTable(const Schedule& schedule) const;
};

// torchtitan job config TOML: [lr_scheduler] warmup_steps, decay_ratio, decay_type, lr_min.
class TorchtitanExporter final : public ScheduleExporter {
public:
    QString id() const override;
    QString fileExtension() const override;
    QString description() const override;
    ExportResult exportSchedule(const Schedule& schedule) const override;
};

// step,lr for every step, as `annealer sample` writes it.
class CsvExporter final : public ScheduleExporter {
public:
    QString id() const override;
    QString fileExtension() const override;
    QString description() const override;
    ExportResult exportSchedule(const Schedule& schedule) const override;
};

// The native schedule file (ScheduleJson).
class JsonExporter final : public ScheduleExporter {
public:
    QString id() const override;
    QString fileExtension() const override;
    QString description() const override;
    ExportResult exportSchedule(const Schedule& schedule) const override;
};

// The native schedule file's keys as YAML (ScheduleYaml).
class YamlExporter final : public ScheduleExporter {
public:
    QString id() const override;
    QString fileExtension() const override;
    QString description() const override;
    ExportResult exportSchedule(const Schedule& schedule) const override;
};

}  // namespace annealer
