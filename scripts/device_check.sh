#!/usr/bin/env bash
# device_check.sh - check a runtime-only build of baracuda on a GPU machine.
#
# Usage (from the repository root, on the GPU machine):
#   scripts/device_check.sh [BUILD_DIR]        (default: build-device)
#
# BUILD_DIR is a prebuilt runtime-only build (BARACUDA_BUILD_COMPILER=OFF):
#   BUILD_DIR/bin/baracuda-run, BUILD_DIR/bin/<gtest binaries>,
#   BUILD_DIR/lib/libbaracuda_runtime.so
# In one go it prints the GPU and driver, runs every gtest binary of bin/
# (all tests, --gtest_brief=1), runs `baracuda-run --check --device cuda` for
# the 8 dtype pairs on a few shapes (odd ones and 8192x8192 group 128), runs
# the sm_80 fatbin (BUILD_DIR/kernels/) the same way on three shapes (on a newer
# GPU the driver JIT-compiles its PTX), checks every f16/bf16 (x, scale) pair,
# and prints a summary table. Exit status: 0 when everything ran and passed, 1
# when anything failed or is missing, 2 for a usage error.
#
# Logs go to ${OUT:-/tmp}/baracuda-device-check/ (OUT is set on the device
# machine of the workplace tooling, and what is written there comes back).
#
# Environment knobs:
#   DEVICE_CHECK_SKIP_LARGE=1   skip the 8192x8192 cases
#   DEVICE_CHECK_SKIP_EXHAUSTIVE=1  skip bench/exhaustive_gpu_check.py (all
#                               2^32 f16/bf16 (x, scale) pairs; needs torch)
#   DEVICE_CHECK_TIMEOUT=SECS   per-command time limit (default 900)

set -u

usage() {
  sed -n '2,25p' "$0" | sed 's/^# \{0,1\}//'
}

case "${1:-}" in
-h | --help)
  usage
  exit 0
  ;;
esac
if [ "$#" -gt 1 ]; then
  echo "device_check: too many arguments" >&2
  usage >&2
  exit 2
fi

BUILD_DIR="${1:-build-device}"
TIMEOUT_SECS="${DEVICE_CHECK_TIMEOUT:-900}"
LOG_DIR="${OUT:-/tmp}/baracuda-device-check"
mkdir -p "$LOG_DIR" || {
  echo "device_check: cannot create log directory $LOG_DIR" >&2
  exit 2
}
GTEST_LOG="$LOG_DIR/gtest.log"
RUN_LOG="$LOG_DIR/baracuda-run.log"
SUMMARY="$LOG_DIR/summary.txt"
: >"$GTEST_LOG"
: >"$RUN_LOG"
: >"$SUMMARY"

# Summary rows, "kind|what|shape|result|us|GB/s", printed as a table at the end.
ROWS=()
FAILURES=0

add_row() {
  ROWS+=("$1|$2|$3|$4|$5|$6")
  case "$4" in
  PASS | PASS\(*) ;;
  *) FAILURES=$((FAILURES + 1)) ;;
  esac
}

section() {
  printf '\n=== %s ===\n' "$1"
}

# Runs a command under `timeout` when there is one.
with_timeout() {
  if command -v timeout >/dev/null 2>&1; then
    timeout "$TIMEOUT_SECS" "$@"
  else
    "$@"
  fi
}

# --- Build directory ---------------------------------------------------------
if [ ! -d "$BUILD_DIR" ]; then
  echo "device_check: build directory '$BUILD_DIR' does not exist." >&2
  echo "  Pass a prebuilt runtime-only build (bin/ and lib/) as the first" \
    "argument, e.g.: scripts/device_check.sh build-device" >&2
  exit 2
fi
BUILD_DIR="$(cd "$BUILD_DIR" && pwd)"
BIN_DIR="$BUILD_DIR/bin"
LIB_DIR="$BUILD_DIR/lib"
RUN_TOOL="$BIN_DIR/baracuda-run"
export LD_LIBRARY_PATH="$LIB_DIR${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"

section "machine"
echo "build directory: $BUILD_DIR"
echo "logs: $LOG_DIR"
if command -v nvidia-smi >/dev/null 2>&1; then
  if ! nvidia-smi --query-gpu=index,name,driver_version,memory.total \
    --format=csv,noheader; then
    echo "device_check: nvidia-smi failed (no usable GPU or driver?)"
  fi
else
  echo "device_check: nvidia-smi not found (no NVIDIA driver installed?)"
fi
if [ -f "$LIB_DIR/libbaracuda_runtime.so" ]; then
  echo "runtime: $LIB_DIR/libbaracuda_runtime.so"
else
  echo "device_check: MISSING $LIB_DIR/libbaracuda_runtime.so"
  add_row runtime libbaracuda_runtime.so - MISSING - -
fi

# --- GoogleTest binaries -----------------------------------------------------
section "gtest binaries in $BIN_DIR"
found_gtest=0
if [ -d "$BIN_DIR" ]; then
  for binary in "$BIN_DIR"/*; do
    if [ ! -f "$binary" ] || [ ! -x "$binary" ]; then
      continue
    fi
    name="$(basename "$binary")"
    case "$name" in
    baracuda-run | baracuda-opt | baracuda-translate) continue ;;
    esac
    # Only gtest programs answer --gtest_list_tests with a test list.
    if ! "$binary" --gtest_list_tests >/dev/null 2>&1; then
      continue
    fi
    found_gtest=1
    echo "--- $name" | tee -a "$GTEST_LOG"
    # The XML report names the skipped tests, which --gtest_brief hides.
    xml="$(mktemp "${TMPDIR:-/tmp}/device_check.XXXXXX")"
    start_ns=$(date +%s%N)
    with_timeout "$binary" --gtest_brief=1 --gtest_output="xml:$xml" 2>&1 |
      tee -a "$GTEST_LOG"
    status=${PIPESTATUS[0]}
    elapsed_us=$((($(date +%s%N) - start_ns) / 1000))
    skipped_names="$(grep 'result="skipped"' "$xml" 2>/dev/null |
      sed -n 's/.*<testcase name="\([^"]*\)".* classname="\([^"]*\)".*/\2.\1/p')"
    rm -f "$xml"
    skipped=0
    if [ -n "$skipped_names" ]; then
      skipped=$(printf '%s\n' "$skipped_names" | wc -l)
      {
        echo "skipped tests of $name:"
        printf '%s\n' "$skipped_names" | sed 's/^/  /'
      } >>"$GTEST_LOG"
      echo "$name: $skipped skipped, e.g.:"
      printf '%s\n' "$skipped_names" | head -n 5 | sed 's/^/    /'
    fi
    if [ "$status" -eq 0 ]; then
      if [ "$skipped" -gt 0 ]; then
        add_row gtest "$name" - "PASS($skipped skip)" "$elapsed_us" -
      else
        add_row gtest "$name" - PASS "$elapsed_us" -
      fi
    elif [ "$status" -eq 124 ]; then
      add_row gtest "$name" - TIMEOUT "$elapsed_us" -
    else
      add_row gtest "$name" - "FAIL($status)" "$elapsed_us" -
    fi
  done
else
  echo "device_check: MISSING $BIN_DIR"
fi
if [ "$found_gtest" -eq 0 ]; then
  echo "device_check: no gtest binaries found in $BIN_DIR"
  add_row gtest "(none found)" - MISSING - -
elif grep -q '^skipped tests of' "$GTEST_LOG"; then
  echo "note: some tests were skipped (names in $GTEST_LOG); a CUDA test" \
    "that skips here means the GPU was not usable"
fi

# check_run KIND WHAT LABEL ARGS...: one `baracuda-run quantize_per_group
# ARGS --device cuda --check`, logged, judged and added as a summary row.
check_run() {
  local kind=$1 what=$2 label=$3
  shift 3
  local cmd=("$RUN_TOOL" quantize_per_group "$@" --device cuda --check)
  echo "--- ${cmd[*]}" >>"$RUN_LOG"
  local output status micros gbps result
  output="$(with_timeout "${cmd[@]}" 2>&1)"
  status=$?
  printf '%s\n' "$output" >>"$RUN_LOG"
  micros=$(printf '%s\n' "$output" |
    sed -n 's/^time: \([0-9.]*\) us per run.*/\1/p')
  gbps=$(printf '%s\n' "$output" |
    sed -n 's/^time: .*, \([0-9.]*\) GB\/s$/\1/p')
  if [ "$status" -eq 0 ] && printf '%s\n' "$output" | grep -q '^device: cuda'; then
    result=PASS
  elif [ "$status" -eq 124 ]; then
    result=TIMEOUT
  elif printf '%s\n' "$output" | grep -q '^check: FAIL'; then
    result=MISMATCH
  elif [ "$status" -eq 0 ]; then
    result="FAIL(not cuda)"
  else
    result="FAIL($status)"
  fi
  if [ "$result" != PASS ]; then
    echo "$what $label: $result"
    printf '%s\n' "$output" | grep -E '^(baracuda-run:|  mismatch|  \.\.\.|check:)' |
      head -n 8 | sed 's/^/    /'
  else
    echo "$what $label: PASS ${micros:-?} us ${gbps:-?} GB/s"
  fi
  add_row "$kind" "$what" "$label" "$result" "${micros:--}" "${gbps:--}"
}

# --- baracuda-run --check on CUDA ---------------------------------------------
section "baracuda-run --check --device cuda"
# "outer axis group [q_min q_max]": odd shapes, group 1, a group that is not a
# power of two, a single row and column, an empty problem, a narrowed (int4)
# range, and one large LLM-sized weight.
SHAPES=(
  "1 1 1"
  "3 7 7"
  "17 96 32"
  "5 1000 8"
  "33 384 3"
  "0 128 128"
  "129 4096 128 int4"
  "1027 1536 64"
)
if [ "${DEVICE_CHECK_SKIP_LARGE:-0}" != "1" ]; then
  SHAPES+=("8192 8192 128")
fi
PAIRS=("f32 s8" "f32 u8" "f64 s8" "f64 u8" "f16 s8" "f16 u8" "bf16 s8" "bf16 u8")

if [ ! -x "$RUN_TOOL" ]; then
  echo "device_check: MISSING $RUN_TOOL (build the baracuda-run target)"
  add_row run baracuda-run - MISSING - -
else
  seed=1
  for shape in "${SHAPES[@]}"; do
    read -r outer axis group range <<<"$shape"
    range=${range:-full}
    for pair in "${PAIRS[@]}"; do
      read -r in out <<<"$pair"
      range_args=()
      label="${outer}x${axis}/g${group}"
      if [ "$range" = int4 ]; then
        if [ "$out" = s8 ]; then
          range_args=(--q-min -8 --q-max 7)
        else
          range_args=(--q-min 0 --q-max 15)
        fi
        label="$label int4"
      fi
      iters=10
      [ "$outer" -ge 8192 ] && iters=20
      check_run run "$in->$out" "$label" --input-type "$in" --output-type \
        "$out" --outer "$outer" --axis "$axis" --group "$group" \
        ${range_args[@]+"${range_args[@]}"} --seed "$seed" --iters "$iters"
      seed=$((seed + 1))
    done
  done
  # Which kernel ran, once (the sku line of the last run).
  sku=$(sed -n 's/^sku: //p' "$RUN_LOG" | tail -n 1)
  [ -n "$sku" ] && echo "sku (last run): $sku"
fi

# --- The sm_80 image, through the driver -------------------------------------
section "sm_80 fatbin (--gpu-module; PTX JIT on newer GPUs)"
SM80_IMAGE="$BUILD_DIR/kernels/kernel_library.sm_80.fatbin"
if [ ! -f "$SM80_IMAGE" ]; then
  echo "device_check: MISSING $SM80_IMAGE (scripts/device_bundle.sh copies it)"
  add_row sm_80 "$SM80_IMAGE" - MISSING - -
elif [ -x "$RUN_TOOL" ]; then
  seed=1000
  for shape in "129 4096 128" "1027 1536 64" "17 96 32"; do
    read -r outer axis group <<<"$shape"
    for pair in "${PAIRS[@]}"; do
      read -r in out <<<"$pair"
      check_run sm_80 "$in->$out" "${outer}x${axis}/g${group}" \
        --input-type "$in" --output-type "$out" --outer "$outer" \
        --axis "$axis" --group "$group" --seed "$seed" --iters 3 \
        --gpu-module "$SM80_IMAGE"
      seed=$((seed + 1))
    done
  done
fi

# --- Exhaustive 16-bit check (needs torch) -----------------------------------
section "exhaustive f16/bf16 (x, scale) pairs"
EXHAUSTIVE_LOG="$LOG_DIR/exhaustive.log"
if [ "${DEVICE_CHECK_SKIP_EXHAUSTIVE:-0}" = 1 ]; then
  echo "skipped (DEVICE_CHECK_SKIP_EXHAUSTIVE=1)"
elif ! python3 -c "import torch" >/dev/null 2>&1; then
  echo "skipped: python3 cannot import torch"
  add_row exhaustive "f16/bf16 pairs" "2^32 each" "SKIP(no torch)" - -
else
  start_ns=$(date +%s%N)
  with_timeout python3 "$(dirname "$0")/../bench/exhaustive_gpu_check.py" \
    --lib "$LIB_DIR/libbaracuda_runtime.so" 2>&1 | tee "$EXHAUSTIVE_LOG"
  status=${PIPESTATUS[0]}
  elapsed_us=$((($(date +%s%N) - start_ns) / 1000))
  while read -r what _ _ verdict _; do
    add_row exhaustive "$what" "2^32 pairs" "$verdict" "$elapsed_us" -
  done < <(grep -E '^(f16|bf16)_' "$EXHAUSTIVE_LOG" | sed 's/ zp=/@zp=/')
  if [ "$status" -ne 0 ]; then
    FAILURES=$((FAILURES + 1))
    add_row exhaustive "bench/exhaustive_gpu_check.py" - "FAIL($status)" "$elapsed_us" -
  fi
fi

# --- Summary -----------------------------------------------------------------
section "summary"
{
  printf '%-6s %-30s %-18s %-16s %12s %9s\n' kind "what" shape result "us" "GB/s"
  printf '%s\n' "---------------------------------------------------------------------------------------------"
  for row in "${ROWS[@]}"; do
    IFS='|' read -r kind what shape result micros gbps <<<"$row"
    printf '%-6s %-30s %-18s %-16s %12s %9s\n' "$kind" "$what" "$shape" \
      "$result" "$micros" "$gbps"
  done
  if [ "$FAILURES" -eq 0 ]; then
    echo "OVERALL: PASS (${#ROWS[@]} checks)"
  else
    echo "OVERALL: FAIL ($FAILURES of ${#ROWS[@]} checks failed or missing)"
  fi
} | tee "$SUMMARY"
echo "logs: $GTEST_LOG $RUN_LOG $SUMMARY"

[ "$FAILURES" -eq 0 ]
