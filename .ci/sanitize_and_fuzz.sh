#!/usr/bin/env bash
# CI, after the main tests: core and the import tests built with clang under AddressSanitizer +
# UndefinedBehaviorSanitizer (any finding fails), then each log reader's libFuzzer harness run for
# a bounded time from its fixtures (any crash, finding, timeout or leak fails). Own build folder
# (build-sanitize/), so the release build is untouched. About 8 minutes on 2 cores.
#   FUZZ_SECONDS=15 (per harness) .ci/sanitize_and_fuzz.sh
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${FUZZ_SECONDS:-15}"
jobs="$(nproc)"
build="$(pwd)/build-sanitize"

tests=(tst_log_limits tst_delimited_text tst_log_formats tst_log_streaming tst_tensorboard tst_run_lineage
       tst_key_value_log tst_epoch_logs tst_wandb_run_file tst_log_folders tst_console_formats)
fuzzers=(fuzz_delimited_text fuzz_lightning_csv fuzz_wandb_panel_csv fuzz_json_lines fuzz_trainer_state
         fuzz_wandb_history fuzz_megatron fuzz_nemo fuzz_tensorboard fuzz_mlflow fuzz_wandb_run_file
         fuzz_fairseq_json fuzz_word_language_model fuzz_dvclive fuzz_mlflow_bare_run
         fuzz_lightning_versions fuzz_keras_tensorboard fuzz_any_log)

cmake -S . -B "$build" -DCMAKE_CXX_COMPILER=clang++ \
      -DCMAKE_BUILD_TYPE=Release -DCMAKE_CXX_FLAGS_RELEASE="-O1 -g" \
      -DANNEALER_SANITIZE=ON -DANNEALER_FUZZ=ON -DANNEALER_BUILD_BENCHMARKS=OFF >/dev/null
cmake --build "$build" --parallel "$jobs" --target "${tests[@]}" "${fuzzers[@]}"

export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:strict_string_checks=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
(cd "$build" && QT_QPA_PLATFORM=offscreen ctest --output-on-failure --parallel "$jobs" \
    -R "^($(IFS='|'; echo "${tests[*]}"))\$")

# The fixtures each harness starts from (flat copies; libFuzzer adds what it finds to a scratch
# corpus that is thrown away).
seeds_of() {
    local data=tests/data
    case "$1" in
        fuzz_delimited_text) find "$data" -name '*.csv' -o -name '*.tsv' ;;
        fuzz_lightning_csv) find "$data/logs/lightning" -name '*.csv' ;;
        fuzz_wandb_panel_csv) find "$data/logs/wandb_panel" -type f ;;
        fuzz_json_lines) find "$data/logs/jsonl" -type f ;;
        fuzz_trainer_state) find "$data/logs/huggingface" -name '*.json' ;;
        fuzz_wandb_history) find "$data/logs/wandb_history" -type f ;;
        fuzz_megatron) find "$data/logs/megatron" -type f ;;
        fuzz_nemo) find "$data/logs/nemo" -type f ;;
        fuzz_tensorboard) find "$data/tensorboard" -type f -name '*tfevents*' ;;
        fuzz_mlflow) find "$data/logs/mlflow" -path '*/metrics/*' -type f ;;
        fuzz_wandb_run_file) find "$data/logs/wandb_run" -name '*.wandb' ;;
        fuzz_fairseq_json) find "$data/logs/fairseq" -name 'hydra_train.log' ;;
        fuzz_word_language_model) find "$data/logs/word_language_model" -type f ;;
        fuzz_dvclive) find "$data/logs/dvclive" -name '*.tsv' ;;
        fuzz_mlflow_bare_run) find "$data/logs/mlflow_bare" -path '*/metrics/*' -type f ;;
        fuzz_lightning_versions) find "$data/logs/lightning_resumed" -name metrics.csv ;;
        fuzz_keras_tensorboard) find "$data/logs/keras_tensorboard" -path '*/train/*' -type f ;;
        fuzz_any_log) find "$data/logs" -type f ! -name README.md ;;
    esac
}

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
for fuzzer in "${fuzzers[@]}"; do
    mkdir -p "$work/$fuzzer/seeds" "$work/$fuzzer/corpus"
    n=0
    while IFS= read -r seed; do
        n=$((n + 1))
        cp "$seed" "$work/$fuzzer/seeds/$n"
    done < <(seeds_of "$fuzzer")
    echo "== $fuzzer: ${seconds} s from $n fixtures"
    # -timeout: one input taking this long is a finding; -rss_limit_mb: so is this much memory.
    (cd "$work/$fuzzer" && "$build/fuzz/$fuzzer" -max_total_time="$seconds" -timeout=10 \
        -rss_limit_mb=2048 -print_final_stats=1 corpus seeds 2>&1 | tail -n 25)
done
