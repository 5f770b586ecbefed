#!/usr/bin/env bash
# The runtime and its unit tests under sanitizers, runtime-only builds from
# the kernels that scripts/build.sh compiled in ${BUILD_DIR:-build}:
#   build-asan  ASan + UBSan (UB is fatal), every runtime test and the C ABI
#               fuzz corpus/regressions replay
#   build-tsan  TSan, every runtime test but the numeric quotient checks
#               (ReciprocalQuotientTest, WideQuotientTest: one thread per
#               kernel call, their threads only the harness's; over half the
#               stage's time under TSan), the C ABI stress test among them
# Usage: scripts/sanitize.sh [asan] [tsan]   (default: both)
set -euo pipefail
cd "$(dirname "$0")/.."
kernels=$(realpath "${BUILD_DIR:-build}/kernels")
[ -f "$kernels/CudaKernelImages.cpp" ] ||
  { echo "sanitize: no kernels in $kernels: run scripts/build.sh first" >&2; exit 1; }
jobs=${JOBS:-$(nproc)}

# Every report fails the test; stacks are symbolized.
export ASAN_OPTIONS=${ASAN_OPTIONS:-abort_on_error=1:detect_leaks=1:strict_string_checks=1:detect_stack_use_after_return=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
export TSAN_OPTIONS=${TSAN_OPTIONS:-halt_on_error=1:second_deadlock_stack=1}

run_stage() { # name sanitizers [ctest regex of tests to leave out]
  local dir=build-$1 exclude=${3:-}
  echo "sanitize: $1 (-fsanitize=$2) in $dir"
  cmake -G Ninja -S . -B "$dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DBARACUDA_BUILD_COMPILER=OFF -DBARACUDA_PREBUILT_KERNELS_DIR="$kernels" \
    -DBARACUDA_SANITIZE="$2" \
    -DCUDAToolkit_ROOT="${CUDA_HOME:-/usr/local/cuda}" >/dev/null
  ninja -C "$dir" -j "$jobs" >/dev/null
  # The exhaustive f16/bf16 checks (label `exhaustive`: every (x, scale)
  # pair through the CPU kernels, 2 x 2^32 pairs per kernel set) take
  # minutes in the plain build, which runs them; under a sanitizer they
  # would take most of the CI budget for code the other tests cover.
  ctest --test-dir "$dir" --output-on-failure -j "$jobs" -LE exhaustive \
    ${exclude:+-E "$exclude"}
}

stages=("$@")
((${#stages[@]})) || stages=(asan tsan)
for stage in "${stages[@]}"; do
  case $stage in
    asan) run_stage asan address,undefined ;;
    tsan) run_stage tsan thread 'QuotientTest\.' ;;
    *) echo "sanitize: unknown stage '$stage' (asan, tsan)" >&2; exit 2 ;;
  esac
done
