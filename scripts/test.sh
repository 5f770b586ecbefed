#!/usr/bin/env bash
# The README's "all tests" command: set up, build, run lit + GoogleTest.
# GPU tests report SKIPPED without a CUDA device; scripts/device_check.sh runs
# them for real on a GPU machine.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
scripts/build.sh
ctest --test-dir "${BUILD_DIR:-build}" --output-on-failure -j "$(nproc)"
