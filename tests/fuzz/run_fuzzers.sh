#!/usr/bin/env bash
# Builds the libFuzzer harnesses with clang (ASan + UBSan) and fuzzes each
# for SECONDS, seeded with the fixtures, the upstream inputs and the hostile
# inputs in tests/fuzz/hostile/. A crash, leak, sanitizer report or timeout
# fails the run and leaves the input in BUILD_DIR/artifacts/.
#
# usage: run_fuzzers.sh SOURCE_DIR BUILD_DIR [SECONDS [JOBS]]
# JOBS harnesses run at once (default 2, one per core of a CI machine).
# A long campaign: run_fuzzers.sh . build-fuzz 3600 (the corpus in
# BUILD_DIR/corpus/ grows across runs).
set -euo pipefail
src=$(cd "$1" && pwd)
build=$2
secs=${3:-20}
jobs=${4:-2}
if ! command -v clang++ >/dev/null; then
  echo "run_fuzzers: clang++ is missing; scripts/setup.sh installs clang and libclang-rt-14-dev" >&2
  exit 1
fi
harnesses=(stack task_definition compose env user_data snapshot template plan baseline placement env_file_paths)
# -O1: libFuzzer's recommended level, and the sanitized build's compile time
# halves against -O2.
cmake -S "$src" -B "$build" -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -DNDEBUG" -DAWSSIM_FUZZ=ON -DAWSSIM_TESTS=OFF -DAWSSIM_BENCH=OFF >"$build.configure.log" 2>&1 ||
  { cat "$build.configure.log"; exit 1; }
targets=()
for h in "${harnesses[@]}"; do targets+=(--target "awssim_fuzz_$h"); done
cmake --build "$build" -j2 "${targets[@]}" >"$build.build.log" 2>&1 || { tail -50 "$build.build.log"; exit 1; }

upstream="$src/../shared/upstream"
declare -A seeds=(
  [stack]="$src/fixtures"
  [task_definition]="$src/fixtures/seed-ecs $upstream/aws-deployment-example"
  [compose]="$src/fixtures $upstream/aws-deployment-example"
  [env]="$src/fixtures"
  [user_data]="$src/fixtures"
  [snapshot]="$upstream/batfish-aws"
  [template]="$upstream/iac/cloudformation $src/fixtures/seed-ec2-cfn"
  [plan]="$upstream/iac/terraform $src/fixtures/seed-ec2-tf"
  [baseline]="$src/tests/fuzz/seeds/baseline"
  [placement]="$src/tests/fuzz/seeds/placement"
  [env_file_paths]="$src/fixtures/seed-ec2/redis"
)
mkdir -p "$build/artifacts"
fuzz_one() {
  local h=$1 corpus="$build/corpus/$1" log="$build/fuzz-$1.log"
  mkdir -p "$corpus"
  rm -f "$build/fuzz-$h.ok"
  # A fixed seed: the same mutations in the same order on every machine.
  # shellcheck disable=SC2086
  if "$build/tests/fuzz/awssim_fuzz_$h" -seed=1 -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
      -artifact_prefix="$build/artifacts/$h-" "$corpus" "$src/tests/fuzz/hostile/$h" ${seeds[$h]} >"$log" 2>&1; then
    touch "$build/fuzz-$h.ok"
  fi
}
running=0
for h in "${harnesses[@]}"; do
  if [ "$running" -ge "$jobs" ]; then
    wait -n || true
    running=$((running - 1))
  fi
  fuzz_one "$h" &
  running=$((running + 1))
done
wait
# Reported in harness order, whatever order they finished in.
failed=0
for h in "${harnesses[@]}"; do
  log="$build/fuzz-$h.log"
  if [ -e "$build/fuzz-$h.ok" ]; then
    echo "fuzz $h: ok, $(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$') runs in ${secs}s"
  else
    echo "fuzz $h: FAILED (artifacts in $build/artifacts)"
    grep -E "ERROR|SUMMARY|Test unit written|^ +#[0-9] " "$log" | head -30
    failed=1
  fi
done
exit $failed
