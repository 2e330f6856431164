// Import speed: writes a ~300 MB CSV log, a ~300 MB TensorBoard event file, ~300 MB JSON
// Lines, Megatron, llm.c, fairseq JSON and word-language-model console logs, a W&B run file and
// a DVCLive folder, and a ~100 MB trainer_state.json, then times readLog() on each and prints
// MB/s and the peak resident memory of each read (which should stay near the size of the values
// read, not grow with the file).
//   build/benchmarks/bench_import [DIR] [MB]   (DIR: a temporary folder by default; MB: 300)
//   build/benchmarks/bench_import --console-gb 3 [DIR]   (a 3 GB console log, in /tmp by
//       default, read with its progress printed, then deleted)
// The files are freshly written, so they are read from the page cache: this measures parsing.
// Target: at least 100 MB/s for both.
#include "run/readers/Crc32c.h"
#include "run/LogImport.h"

#include <QCoreApplication>
#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QTemporaryDir>

#include <sys/resource.h>

#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <string>

using namespace annealer;

namespace {

double lrAt(std::int64_t s) {
    return 3e-5 +
           0.5 * (3e-4 - 3e-5) * (1.0 + std::cos(3.141592653589793 * static_cast<double>(s) / 1e7));
}
double lossAt(std::int64_t s) {
    return 2.5 + 8.0 * std::pow(1.0 + static_cast<double>(s), -0.4);
}

// Peak resident set size in MB (VmHWM), and a reset of it so that each read is measured alone.
double peakRssMb() {
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly)) return -1;
    for (const QByteArray& line : status.readAll().split('\n')) {
        if (line.startsWith("VmHWM:"))
            return line.mid(6).trimmed().split(' ').front().toDouble() / 1024;
    }
    return -1;
}
// User + system CPU seconds of this process: steadier than wall time on a shared machine.
double cpuSeconds() {
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    const auto seconds = [](const timeval& t) {
        return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) * 1e-6;
    };
    return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

bool resetPeakRss() {
    QFile clear(QStringLiteral("/proc/self/clear_refs"));
    return clear.open(QIODevice::WriteOnly) && clear.write("5") == 1;
}

// Appends to a file through a buffer of a few MB, so that writing stays small in memory.
class ChunkWriter {
public:
    explicit ChunkWriter(const QString& path) : file_(path) {
        if (!file_.open(QIODevice::WriteOnly | QIODevice::Truncate))
            qFatal("cannot write %s", qPrintable(path));
        buffer_.reserve(kFlushAt + 4096);
    }
    ~ChunkWriter() { flush(); }
    void append(const char* data, std::size_t size) {
        buffer_.append(data, size);
        written_ += static_cast<std::int64_t>(size);
        if (buffer_.size() >= kFlushAt) flush();
    }
    void append(const std::string& s) { append(s.data(), s.size()); }
    std::int64_t written() const { return written_; }

private:
    static constexpr std::size_t kFlushAt = 4 << 20;
    void flush() {
        if (!buffer_.empty()) file_.write(buffer_.data(), static_cast<qint64>(buffer_.size()));
        buffer_.clear();
    }
    QFile file_;
    std::string buffer_;
    std::int64_t written_ = 0;
};

void writeCsv(const QString& path, std::int64_t bytes) {
    ChunkWriter out(path);
    out.append(std::string("step,lr,loss\n"));
    char line[96];
    for (std::int64_t s = 1; out.written() < bytes; ++s) {
        const int n = std::snprintf(line, sizeof line, "%lld,%.9g,%.9g\n",
                                    static_cast<long long>(s), lrAt(s), lossAt(s));
        out.append(line, static_cast<std::size_t>(n));
    }
}

// One JSON object per line, as a logger writing a dict per step does.
void writeJsonLines(const QString& path, std::int64_t bytes) {
    ChunkWriter out(path);
    char line[160];
    for (std::int64_t s = 1; out.written() < bytes; ++s) {
        const int n = std::snprintf(line, sizeof line,
                                    "{\"step\": %lld, \"lr\": %.9g, \"train/loss\": %.9g}\n",
                                    static_cast<long long>(s), lrAt(s), lossAt(s));
        out.append(line, static_cast<std::size_t>(n));
    }
}

// Megatron-LM training lines (with time stamps), a validation line every 100 iterations.
void writeMegatronLog(const QString& path, std::int64_t bytes) {
    ChunkWriter out(path);
    out.append(std::string("training ...\n"));
    char line[400];
    for (std::int64_t s = 1; out.written() < bytes; ++s) {
        int n = std::snprintf(
            line, sizeof line,
            " [2024-05-01 12:00:10.123456] iteration %8lld/ 10000000 | consumed samples: %12lld | "
            "elapsed time per iteration (ms): 912.3 | learning rate: %.6E | global batch size: "
            "512 | lm loss: %.6E | loss scale: 1.0 | grad norm: 0.912 | number of skipped "
            "iterations:   0 | number of nan iterations:   0 |\n",
            static_cast<long long>(s), static_cast<long long>(s * 512), lrAt(s), lossAt(s));
        out.append(line, static_cast<std::size_t>(n));
        if (s % 100 == 0) {
            n = std::snprintf(line, sizeof line,
                              " validation loss at iteration %lld on validation set | lm loss "
                              "value: %.6E | lm loss PPL: 1.0E+01 | \n",
                              static_cast<long long>(s), lossAt(s) + 0.01);
            out.append(line, static_cast<std::size_t>(n));
        }
    }
}

// llm.c main.log lines (the tolerant key-value reader): "s:N trl:L lr:R norm:G" every step,
// "s:N tel:L" every 100.
void writeLlmcLog(const QString& path, std::int64_t bytes) {
    ChunkWriter out(path);
    char line[160];
    for (std::int64_t s = 1; out.written() < bytes; ++s) {
        int n = std::snprintf(line, sizeof line, "s:%lld trl:%.6f lr:%.4e norm:%.4f\n",
                              static_cast<long long>(s), lossAt(s), lrAt(s), 0.912);
        out.append(line, static_cast<std::size_t>(n));
        if (s % 100 == 0) {
            n = std::snprintf(line, sizeof line, "s:%lld tel:%.4f\n", static_cast<long long>(s),
                              lossAt(s) + 0.01);
            out.append(line, static_cast<std::size_t>(n));
        }
    }
}

// A Hugging Face trainer_state.json with a training record every step and an evaluation record
// every 100: one JSON document, which is read whole.
void writeTrainerState(const QString& path, std::int64_t bytes) {
    ChunkWriter out(path);
    out.append(std::string("{\n  \"best_metric\": null,\n  \"log_history\": [\n"));
    char record[256];
    for (std::int64_t s = 1; out.written() < bytes; ++s) {
        int n = std::snprintf(record, sizeof record,
                              "%s    {\n      \"epoch\": %.6g,\n      \"grad_norm\": 0.912,\n"
                              "      \"learning_rate\": %.9g,\n      \"loss\": %.6g,\n"
                              "      \"step\": %lld\n    }",
                              s == 1 ? "" : ",\n", static_cast<double>(s) / 1e6, lrAt(s),
                              lossAt(s), static_cast<long long>(s));
        out.append(record, static_cast<std::size_t>(n));
        if (s % 100 == 0) {
            n = std::snprintf(record, sizeof record,
                              ",\n    {\n      \"epoch\": %.6g,\n      \"eval_loss\": %.6g,\n"
                              "      \"step\": %lld\n    }",
                              static_cast<double>(s) / 1e6, lossAt(s) + 0.01,
                              static_cast<long long>(s));
            out.append(record, static_cast<std::size_t>(n));
        }
    }
    out.append(std::string("\n  ],\n  \"logging_steps\": 1\n}\n"));
}

// fairseq hydra_train.log: a train_inner JSON record (values quoted) every step, a valid record
// every 100.
void writeFairseqLog(const QString& path, std::int64_t bytes) {
    ChunkWriter out(path);
    char line[400];
    for (std::int64_t s = 1; out.written() < bytes; ++s) {
        int n = std::snprintf(
            line, sizeof line,
            "[2026-12-05 10:00:00,000][train_inner][INFO] - {\"epoch\": 1, \"update\": 0.5, "
            "\"loss\": \"%.3f\", \"ppl\": \"12.5\", \"wps\": \"12345.6\", \"ups\": \"4.5\", "
            "\"num_updates\": \"%lld\", \"lr\": \"%.6g\", \"gnorm\": \"1.2\", "
            "\"train_wall\": \"22\", \"wall\": \"100\"}\n",
            lossAt(s), static_cast<long long>(s), lrAt(s));
        out.append(line, static_cast<std::size_t>(n));
        if (s % 100 == 0) {
            n = std::snprintf(line, sizeof line,
                              "[2026-12-05 10:00:00,000][valid][INFO] - {\"epoch\": 1, "
                              "\"valid_loss\": \"%.3f\", \"valid_num_updates\": \"%lld\"}\n",
                              lossAt(s) + 0.01, static_cast<long long>(s));
            out.append(line, static_cast<std::size_t>(n));
        }
    }
}

// PyTorch word-language-model lines, 10000 batches an epoch, the end-of-epoch validation.
void writeWordLanguageModelLog(const QString& path, std::int64_t bytes) {
    ChunkWriter out(path);
    char line[240];
    constexpr std::int64_t kBatches = 10000;
    for (std::int64_t s = 1; out.written() < bytes; ++s) {
        const std::int64_t epoch = (s - 1) / kBatches + 1;
        const std::int64_t batch = (s - 1) % kBatches + 1;
        int n = std::snprintf(line, sizeof line,
                              "| epoch %3lld | %5lld/%5lld batches | lr %.6f | ms/batch 45.12 | "
                              "loss %5.4f | ppl %8.2f\n",
                              static_cast<long long>(epoch), static_cast<long long>(batch),
                              static_cast<long long>(kBatches), lrAt(s), lossAt(s),
                              std::exp(lossAt(s)));
        out.append(line, static_cast<std::size_t>(n));
        if (batch == kBatches) {
            n = std::snprintf(line, sizeof line,
                              "| end of epoch %3lld | time: 451.20s | valid loss %5.4f | valid "
                              "ppl %8.2f\n",
                              static_cast<long long>(epoch), lossAt(s) + 0.01,
                              std::exp(lossAt(s) + 0.01));
            out.append(line, static_cast<std::size_t>(n));
        }
    }
}

// A DVCLive folder: train/loss.tsv and lr.tsv ("timestamp step value"), half the bytes each.
void writeDvcLive(const QString& folder, std::int64_t bytes) {
    QDir().mkpath(folder + QStringLiteral("/plots/metrics/train"));
    ChunkWriter loss(folder + QStringLiteral("/plots/metrics/train/loss.tsv"));
    ChunkWriter lr(folder + QStringLiteral("/plots/metrics/lr.tsv"));
    loss.append(std::string("timestamp\tstep\tloss\n"));
    lr.append(std::string("timestamp\tstep\tlr\n"));
    char line[96];
    for (std::int64_t s = 1; loss.written() + lr.written() < bytes; ++s) {
        int n = std::snprintf(line, sizeof line, "%lld\t%lld\t%.9g\n",
                              static_cast<long long>(1796500000000 + s), static_cast<long long>(s),
                              lossAt(s));
        loss.append(line, static_cast<std::size_t>(n));
        n = std::snprintf(line, sizeof line, "%lld\t%lld\t%.9g\n",
                          static_cast<long long>(1796500000000 + s), static_cast<long long>(s),
                          lrAt(s));
        lr.append(line, static_cast<std::size_t>(n));
    }
}

// A Megatron-LM console log as a large job writes it: each iteration line among lines of other
// output (timers, warnings, a progress bar), for the GB-sized run of --console-gb.
void writeNoisyConsoleLog(const QString& path, std::int64_t bytes) {
    ChunkWriter out(path);
    char line[600];
    for (std::int64_t s = 1; out.written() < bytes; ++s) {
        int n = std::snprintf(
            line, sizeof line,
            " [2024-05-01 12:00:10.123456] iteration %8lld/ 100000000 | consumed samples: %12lld "
            "| elapsed time per iteration (ms): 912.3 | learning rate: %.6E | global batch size: "
            "512 | lm loss: %.6E | loss scale: 1.0 | grad norm: 0.912 | number of skipped "
            "iterations:   0 | number of nan iterations:   0 |\n"
            "(min, max) time across ranks (ms):\n    forward-backward ...: (901.12, 903.40)\n"
            "    optimizer ......................................: (5.10, 5.31)\n"
            "[rank0]: UserWarning: torch.distributed.all_reduce is deprecated (step %lld)\n",
            static_cast<long long>(s), static_cast<long long>(s * 512), lrAt(s), lossAt(s),
            static_cast<long long>(s));
        out.append(line, static_cast<std::size_t>(n));
    }
}

// ---- A small event-file writer: protobuf by hand, records with masked CRC32C. ----

void putVarint(std::string& out, std::uint64_t v) {
    while (v >= 0x80) {
        out.push_back(static_cast<char>((v & 0x7F) | 0x80));
        v >>= 7;
    }
    out.push_back(static_cast<char>(v));
}
void putKey(std::string& out, int field, int type) {
    putVarint(out, (static_cast<std::uint64_t>(field) << 3) | static_cast<std::uint64_t>(type));
}
void putBytes(std::string& out, int field, const std::string& bytes) {
    putKey(out, field, 2);
    putVarint(out, bytes.size());
    out += bytes;
}
template <typename T>
void putRaw(std::string& out, T v) {
    char b[sizeof v];
    std::memcpy(b, &v, sizeof v);
    out.append(b, sizeof v);
}

void putRecord(ChunkWriter& out, const std::string& data) {
    std::string r;
    const std::uint64_t length = data.size();
    putRaw(r, length);
    putRaw(r, maskedCrc32c(r.data(), 8));
    r += data;
    putRaw(r, maskedCrc32c(data.data(), data.size()));
    out.append(r);
}

// Event { wall_time = 1, step = 2, summary = 5 { value = 1 { tag = 1, ... } } }.
std::string event(std::int64_t step, const std::string& value) {
    std::string e;
    putKey(e, 1, 1);
    putRaw(e, 1.7e9 + static_cast<double>(step) * 0.1);
    putKey(e, 2, 0);
    putVarint(e, static_cast<std::uint64_t>(step));
    std::string summary;
    putBytes(summary, 1, value);
    putBytes(e, 5, summary);
    return e;
}

// As writers log: one event per tag and step; the loss a rank-0 float tensor (plugin "scalars",
// the metadata with the first value only), the LR an old-style simple_value.
void writeEvents(const QString& path, std::int64_t bytes) {
    ChunkWriter out(path);
    std::string version;
    putKey(version, 1, 1);
    putRaw(version, 1.7e9);
    putBytes(version, 3, "brain.Event:2");
    putRecord(out, version);
    std::string metadata;
    {
        std::string pluginData;
        putBytes(pluginData, 1, "scalars");
        putBytes(metadata, 1, pluginData);
    }
    for (std::int64_t s = 1; out.written() < bytes; ++s) {
        std::string tensor;
        putKey(tensor, 1, 0);
        putVarint(tensor, 1);                // DT_FLOAT
        putBytes(tensor, 2, std::string());  // rank 0
        std::string content;
        putRaw(content, static_cast<float>(lossAt(s)));
        putBytes(tensor, 4, content);
        std::string loss;
        putBytes(loss, 1, "train/loss");
        putBytes(loss, 8, tensor);
        if (s == 1) putBytes(loss, 9, metadata);
        putRecord(out, event(s, loss));

        std::string lr;
        putBytes(lr, 1, "lr");
        putKey(lr, 2, 5);
        putRaw(lr, static_cast<float>(lrAt(s)));
        putRecord(out, event(s, lr));
    }
}

// A W&B run file: a history record (loss, lr, _step, _runtime) a step, LevelDB log framing with
// W&B's CRC-32, records split over 32 KiB blocks where they cross one.
class WandbFramer {
public:
    explicit WandbFramer(ChunkWriter& out) : out_(out) {
        const char header[7] = {':', 'W', '&', 'B', static_cast<char>(0xE1), static_cast<char>(0xBE), 0};
        out_.append(header, sizeof header);
        pos_ = sizeof header;
    }
    void record(const std::string& data) {
        std::size_t done = 0;
        bool first = true;
        while (true) {
            const std::size_t left = kBlock - pos_ % kBlock;
            if (left < 7) {
                out_.append(std::string(left, '\0'));
                pos_ += left;
                continue;
            }
            const std::size_t take = std::min(left - 7, data.size() - done);
            const bool last = done + take == data.size();
            const unsigned char type = first ? (last ? 1 : 2) : (last ? 4 : 3);
            std::string fragment;
            putRaw(fragment, crc32Ieee(data.data() + done, take, crc32Ieee(&type, 1)));
            putRaw(fragment, static_cast<std::uint16_t>(take));
            fragment.push_back(static_cast<char>(type));
            fragment.append(data, done, take);
            out_.append(fragment);
            pos_ += fragment.size();
            done += take;
            first = false;
            if (last) return;
        }
    }

private:
    static constexpr std::size_t kBlock = 32768;
    ChunkWriter& out_;
    std::size_t pos_ = 0;
};

std::string historyItem(const char* key, const std::string& json) {
    std::string item;
    putBytes(item, 1, key);
    putBytes(item, 16, json);
    std::string field;
    putBytes(field, 1, item);
    return field;
}

void writeWandbRunFile(const QString& path, std::int64_t bytes) {
    ChunkWriter out(path);
    WandbFramer framer(out);
    char number[40];
    for (std::int64_t s = 0; out.written() < bytes; ++s) {
        std::string history;
        std::snprintf(number, sizeof number, "%lld", static_cast<long long>(s));
        history += historyItem("_step", number);
        std::snprintf(number, sizeof number, "%.17g", lossAt(s));
        history += historyItem("loss", number);
        std::snprintf(number, sizeof number, "%.17g", lrAt(s));
        history += historyItem("lr", number);
        std::snprintf(number, sizeof number, "%.3f", 0.25 * static_cast<double>(s));
        history += historyItem("_runtime", number);
        std::string record;
        putKey(record, 1, 0);
        putVarint(record, static_cast<std::uint64_t>(s + 1));
        putBytes(record, 2, history);
        framer.record(record);
    }
}

// Resident set size now, in MB (VmRSS).
double rssMb() {
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly)) return -1;
    for (const QByteArray& line : status.readAll().split('\n')) {
        if (line.startsWith("VmRSS:"))
            return line.mid(6).trimmed().split(' ').front().toDouble() / 1024;
    }
    return -1;
}

// Times readLog on a file or folder; with `showProgress`, prints each tenth of the progress the
// reader reports, with the time and the resident memory then.
void timeRead(const char* what, const QString& path, bool showProgress = false) {
    double sizeMb = static_cast<double>(QFile(path).size()) / 1e6;
    if (QFileInfo(path).isDir()) {
        sizeMb = 0;
        QDirIterator it(path, QDir::Files, QDirIterator::Subdirectories);
        while (it.hasNext()) sizeMb += static_cast<double>(QFileInfo(it.next()).size()) / 1e6;
    }
    const bool reset = resetPeakRss();
    const double cpuStart = cpuSeconds();
    const auto start = std::chrono::steady_clock::now();
    LogReadOptions options;
    int nextTenth = 1;
    if (showProgress) {
        options.progress = [&](double fraction) {
            if (fraction * 10 >= nextTenth) {
                std::printf("  progress %3.0f%%  %7.1f s  RSS %7.1f MB\n", fraction * 100,
                            std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
                                .count(),
                            rssMb());
                std::fflush(stdout);
                nextTenth = static_cast<int>(fraction * 10) + 1;
            }
            return true;
        };
    }
    const auto log = readLog(path, options);
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    const double cpu = cpuSeconds() - cpuStart;
    if (!log) qFatal("%s", qPrintable(log.error()));
    std::size_t points = 0;
    for (const LogRun& run : log->runs) {
        for (const MetricSeries& series : run.metrics) points += series.values.size();
    }
    std::printf(
        "%-20s %6.1f MB %7.3f s %7.1f MB/s (CPU %6.1f MB/s)  peak RSS %6.1f MB%s  %zu "
        "values (%s)\n",
        what, sizeMb, seconds, sizeMb / seconds, sizeMb / cpu, peakRssMb(),
        reset ? "" : " (process peak)", points, qPrintable(log->format));
}

// --console-gb GB [DIR]: a console log of GB gigabytes written to DIR (/tmp by default), read
// with progress, then deleted.
int consoleRun(double gigabytes, const QString& dir) {
    const QString path = dir + QStringLiteral("/bench-console-%1.log").arg(QCoreApplication::applicationPid());
    const auto start = std::chrono::steady_clock::now();
    writeNoisyConsoleLog(path, static_cast<std::int64_t>(gigabytes * 1e9));
    std::printf("wrote %s (%.2f GB) in %.1f s\n", qPrintable(path),
                static_cast<double>(QFile(path).size()) / 1e9,
                std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
    timeRead("console log", path, true);
    QFile::remove(path);
    return 0;
}

}  // namespace

int main(int argc, char* argv[]) {
    QCoreApplication app(argc, argv);
    if (argc > 2 && std::strcmp(argv[1], "--console-gb") == 0) {
        return consoleRun(std::atof(argv[2]),
                          argc > 3 ? QString::fromLocal8Bit(argv[3]) : QStringLiteral("/tmp"));
    }
    QTemporaryDir temp;
    const QString dir = argc > 1 ? QString::fromLocal8Bit(argv[1]) : temp.path();
    const std::int64_t megabytes = argc > 2 ? std::atoll(argv[2]) : 300;
    const std::int64_t bytes = megabytes * 1'000'000;
    const QString csv = dir + QStringLiteral("/bench.csv");
    const QString events = dir + QStringLiteral("/events.out.tfevents.1700000000.bench");
    const QString jsonLines = dir + QStringLiteral("/bench.jsonl");
    const QString megatron = dir + QStringLiteral("/bench-megatron.log");
    const QString trainerState = dir + QStringLiteral("/trainer_state.json");
    const QString llmc = dir + QStringLiteral("/main.log");
    const QString wandb = dir + QStringLiteral("/run-bench.wandb");
    const QString fairseq = dir + QStringLiteral("/hydra_train.log");
    const QString wordLm = dir + QStringLiteral("/word-lm.log");
    const QString dvclive = dir + QStringLiteral("/dvclive");

    auto start = std::chrono::steady_clock::now();
    writeCsv(csv, bytes);
    writeEvents(events, bytes);
    writeJsonLines(jsonLines, bytes);
    writeMegatronLog(megatron, bytes);
    writeTrainerState(trainerState, bytes / 3);
    writeLlmcLog(llmc, bytes);
    writeWandbRunFile(wandb, bytes);
    writeFairseqLog(fairseq, bytes);
    writeWordLanguageModelLog(wordLm, bytes);
    writeDvcLive(dvclive, bytes);
    std::printf("wrote the ten logs in %.1f s; target: >= 100 MB/s for CSV and TensorBoard\n",
                std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());

    timeRead("TensorBoard events", events);
    timeRead("CSV (step,lr,loss)", csv);
    timeRead("JSON Lines", jsonLines);
    timeRead("Megatron log", megatron);
    timeRead("trainer_state.json", trainerState);
    timeRead("llm.c main.log", llmc);
    timeRead("W&B run file", wandb);
    timeRead("fairseq JSON log", fairseq);
    timeRead("word-LM log", wordLm);
    timeRead("DVCLive folder", dvclive);
    if (argc <= 1) {
        for (const QString& path : {csv, events, jsonLines, megatron, trainerState, llmc, wandb,
                                    fairseq, wordLm})
            QFile::remove(path);
        QDir(dvclive).removeRecursively();
    }
    return 0;
}
