#!/usr/bin/env bash
# The README's "all tests" command; CI runs it through .ci/run. Stages
# (docs/Testing.md says what each checks):
#   build     set up, build, every lit and GoogleTest test (GPU tests report
#             SKIPPED without a CUDA device; scripts/device_check.sh runs
#             them on a GPU machine)
#   sanitize  the runtime and its tests under ASan + UBSan, then TSan
#             (scripts/sanitize.sh)
#   fuzz      the C ABI and baracuda-opt fuzz targets, ${FUZZ_SECONDS:-60} s
#             each, from fuzz/corpus and fuzz/regressions (scripts/fuzz.sh)
# BARACUDA_TEST_STAGES="build" (space-separated) picks stages.
set -euo pipefail
cd "$(dirname "$0")/.."
stages=${BARACUDA_TEST_STAGES:-build sanitize fuzz}

stage_build() {
  scripts/setup.sh
  scripts/build.sh
  ctest --test-dir "${BUILD_DIR:-build}" --output-on-failure -j "$(nproc)"
}
stage_sanitize() { scripts/sanitize.sh asan tsan; }
stage_fuzz() { scripts/fuzz.sh capi opt; }

for stage in $stages; do
  declare -F "stage_$stage" >/dev/null ||
    { echo "test: unknown stage '$stage' (build, sanitize, fuzz)" >&2; exit 2; }
  start=$SECONDS
  echo "=== test: stage $stage"
  "stage_$stage"
  echo "=== test: stage $stage passed in $((SECONDS - start)) s"
done
