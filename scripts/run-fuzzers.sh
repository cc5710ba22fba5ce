#!/usr/bin/env bash
# Runs the fuzz targets built by scripts/build-fuzzers.sh and prints
# libFuzzer's final statistics as a Markdown table.
#
#   FUZZ_SECONDS=60 FUZZ_JOBS=1 scripts/run-fuzzers.sh [TARGET ...]
#
# Each target starts from its seeds in Fuzz/corpus/<target> (read only)
# and from what earlier runs found in .build/fuzz/corpus/<target>, where
# new inputs go. An input that crashes is saved in Fuzz/crashes/<target>,
# to be committed with a regression test. FUZZ_JOBS targets run at a time;
# each libFuzzer process uses one core. The full log of each run is
# .build/fuzz/logs/<target>.log. The exit status is 1 when any target
# found a crash.
set -euo pipefail
cd "$(dirname "$0")/.."

SECONDS_PER_TARGET=${FUZZ_SECONDS:-60}
JOBS=${FUZZ_JOBS:-1}
SCRATCH=.build/fuzz
targets=("$@")
[[ ${#targets[@]} -gt 0 ]] ||
  targets=(idx idx-gzip safetensors npy model claims options)

run_target() {
  local target=$1
  local corpus=$SCRATCH/corpus/$target
  local crashes=Fuzz/crashes/$target
  mkdir -p "$corpus" "$crashes" "$SCRATCH/logs"
  # -timeout: an input that takes 10 s is a finding (a hang), because the
  # readers handle every seed in milliseconds.
  local status=0
  # Swift's own crash backtracer would symbolicate the whole binary
  # before libFuzzer's handler saves the input, so it is turned off.
  SWIFT_BACKTRACE=enable=no ECPRUNE_FUZZ_MODEL=Fuzz/claims-model.safetensors \
    "$SCRATCH/bin/$target" -max_total_time="$SECONDS_PER_TARGET" \
    -print_final_stats=1 -timeout=10 -artifact_prefix="$crashes/" \
    "$corpus" "Fuzz/corpus/$target" >"$SCRATCH/logs/$target.log" 2>&1 ||
    status=$?
  echo "$status" >"$SCRATCH/logs/$target.status"
}

# Run the targets, at most JOBS at a time.
for target in "${targets[@]}"; do
  [[ -x $SCRATCH/bin/$target ]] || {
    echo "no $SCRATCH/bin/$target; run scripts/build-fuzzers.sh" >&2
    exit 2
  }
done
for target in "${targets[@]}"; do
  while (($(jobs -rp | wc -l) >= JOBS)); do wait -n || true; done
  echo "fuzzing $target for $SECONDS_PER_TARGET s" >&2
  run_target "$target" &
done
wait

# One row per target from libFuzzer's own figures. The corpus size is the
# last "corp:" count libFuzzer printed: the seeds and earlier finds it
# kept, plus this run's new inputs.
stat() { sed -n "s/^stat::$1: *//p" "$2" | tail -n 1; }
echo "| target | seconds | executions | executions/s | corpus | new inputs | peak RSS MB | result |"
echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |"
failed=0
for target in "${targets[@]}"; do
  log=$SCRATCH/logs/$target.log
  seconds=$(sed -n 's/^Done [0-9]* runs in \([0-9]*\) second.*/\1/p' "$log")
  corpus=$(grep -o 'corp: [0-9]*' "$log" | tail -n 1 | cut -d' ' -f2)
  status=$(cat "$SCRATCH/logs/$target.status")
  result="no crash"
  if ((status != 0)); then
    result="crash (exit $status; see $log)"
    failed=1
  fi
  echo "| $target | ${seconds:-?} | $(stat number_of_executed_units "$log")" \
    "| $(stat average_exec_per_sec "$log") | ${corpus:-?}" \
    "| $(stat new_units_added "$log") | $(stat peak_rss_mb "$log")" \
    "| $result |"
done
exit "$failed"
