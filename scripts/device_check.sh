#!/usr/bin/env bash
# device_check.sh - check a runtime-only build of baracuda on a GPU machine.
#
# Usage (from the repository root, on the GPU machine):
#   scripts/device_check.sh [BUILD_DIR]        (default: build-device)
#
# BUILD_DIR is a prebuilt runtime-only build (BARACUDA_BUILD_COMPILER=OFF):
#   BUILD_DIR/bin/baracuda-run, BUILD_DIR/bin/<gtest binaries>,
#   BUILD_DIR/lib/libbaracuda_runtime.so
# In one go it prints the GPUs and driver, runs every gtest binary of bin/ on
# each visible GPU alone (CUDA_VISIBLE_DEVICES=<i>) and once with all of them
# (the multi-GPU tests), runs `baracuda-run --check --device cuda` for the 8
# dtype pairs on a few shapes (odd ones and 8192x8192 group 128) on every GPU,
# runs the sm_80 fatbin (BUILD_DIR/kernels/) the same way on three shapes (on
# a newer GPU the driver JIT-compiles its PTX), runs compute-sanitizer
# (memcheck, racecheck, initcheck, synccheck) over the kernels of every dtype
# pair and over six cases of the family's other ops (every kernel variant),
# checks every f16/bf16 (x, scale) pair, runs every SKU (stem x type pair)
# of the quantization family's C stems, read from QuantizeFamily.def, with
# `baracuda-run --batch --check` on each GPU (odd, vector-aligned and
# 4096x4096 shapes; the GPUs in parallel), and prints a summary table
# with a row per GPU and per sanitizer tool. A gtest that skips without being
# on the expected list (the no-driver tests; the two-GPU tests where one GPU
# is visible) is a failure, and so is a machine with no visible GPU. Exit
# status: 0 when everything ran and passed, 1 when anything failed or is
# missing, 2 for a usage error.
#
# Logs go to ${OUT:-/tmp}/baracuda-device-check/ (OUT is set on the device
# machine of the workplace tooling, and what is written there comes back).
#
# Environment knobs:
#   DEVICE_CHECK_SKIP_LARGE=1   skip the 8192x8192 and the family's 4096x4096
#                               and 8191x8196 cases
#   DEVICE_CHECK_SKIP_FAMILY=1  skip the quantization family's rows
#   DEVICE_CHECK_FAMILY_SHARDS=N  baracuda-run processes per GPU for the
#                               family's rows (default: cores / GPUs, at most 8)
#   DEVICE_CHECK_SKIP_EXHAUSTIVE=1  skip bench/exhaustive_gpu_check.py (all
#                               2^32 f16/bf16 (x, scale) pairs; needs torch)
#   DEVICE_CHECK_TIMEOUT=SECS   per-command time limit (default 900)
#   DEVICE_CHECK_SKIP_SANITIZER=1  skip the compute-sanitizer runs
#   COMPUTE_SANITIZER=PATH      (default /usr/local/cuda/bin/compute-sanitizer)
#   QUANTIZE_FAMILY_DEF=PATH    the family's list (default: the checkout's
#                               include/baracuda/Family/, else BUILD_DIR/family/)
# `scripts/device_check.sh --list-family-stems` prints the stems it runs.

set -u

usage() {
  sed -n '2,44p' "$0" | sed 's/^# \{0,1\}//'
}

# The quantization family's C stems as "stem|has q|layout" (has q: q for the
# stems named _<in>_<q>, - for those named _<in>; layout: tensor, channel,
# token, group), in the order of QuantizeFamily.def's STEM rows: read from
# the .def (file $1), the family's one list, so a new stem needs no edit here.
# Continuation lines are joined first (a row may break after `STEM(`). No
# row, or a layout other than the four, is an error (status 1).
family_stems_from_def() {
  awk '
    { line = line $0 }
    /\\$/ { sub(/\\$/, "", line); next }
    {
      if (line ~ /^#define BARACUDA_QF_STEMS_IN_Q\(/) q = "q"
      else if (line ~ /^#define BARACUDA_QF_STEMS_IN\(/) q = "-"
      else { line = ""; next }
      rest = line
      while (match(rest, /[^A-Za-z0-9_]STEM\( *[A-Za-z0-9_]+, *[A-Za-z0-9_]+, *[A-Za-z0-9_]+/)) {
        row = substr(rest, RSTART + 6, RLENGTH - 6)
        rest = substr(rest, RSTART + RLENGTH)
        gsub(/ /, "", row)
        split(row, field, ",")
        layout = field[3]
        if (layout !~ /^Per(Tensor|Channel|Token|Group)$/) {
          print "device_check: " FILENAME ": stem " field[1] ": unknown layout " layout > "/dev/stderr"
          bad = 1
        }
        sub(/^Per/, "", layout)
        print field[1] "|" q "|" tolower(layout)
        rows++
      }
      line = ""
    }
    END {
      if (rows == 0) print "device_check: " FILENAME ": no STEM rows" > "/dev/stderr"
      exit (bad || rows == 0) ? 1 : 0
    }' "$1"
}

# QuantizeFamily.def: $QUANTIZE_FAMILY_DEF when set (and then only it), else
# the checkout's (this script's ../include), else the copy
# scripts/device_bundle.sh puts in the bundle ($1/family/, $1 the build
# directory).
family_def_path() {
  local candidate candidates
  if [ -n "${QUANTIZE_FAMILY_DEF:-}" ]; then
    candidates=("$QUANTIZE_FAMILY_DEF")
  else
    candidates=("$(dirname "$0")/../include/baracuda/Family/QuantizeFamily.def"
      "${1:-.}/family/QuantizeFamily.def")
  fi
  for candidate in "${candidates[@]}"; do
    if [ -f "$candidate" ]; then
      echo "$candidate"
      return 0
    fi
  done
  echo "device_check: QuantizeFamily.def not found (set QUANTIZE_FAMILY_DEF)" >&2
  return 1
}

case "${1:-}" in
-h | --help)
  usage
  exit 0
  ;;
--list-family-stems)
  def=$(family_def_path) && family_stems_from_def "$def"
  exit
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
# The visible GPUs: CUDA_VISIBLE_DEVICES when set, else every GPU nvidia-smi
# lists. None is a failure: every CUDA test would skip and "pass".
GPUS=()
if [ -n "${CUDA_VISIBLE_DEVICES:-}" ]; then
  IFS=',' read -r -a GPUS <<<"$CUDA_VISIBLE_DEVICES"
elif command -v nvidia-smi >/dev/null 2>&1; then
  mapfile -t GPUS < <(nvidia-smi --query-gpu=index --format=csv,noheader 2>/dev/null)
fi
echo "visible GPUs: ${#GPUS[@]} (${GPUS[*]:-none})"
if [ "${#GPUS[@]}" -eq 0 ]; then
  add_row machine "visible GPUs" - "FAIL(no GPU)" - -
else
  add_row machine "visible GPUs" "${#GPUS[@]}" PASS - -
fi
if [ -f "$LIB_DIR/libbaracuda_runtime.so" ]; then
  echo "runtime: $LIB_DIR/libbaracuda_runtime.so"
else
  echo "device_check: MISSING $LIB_DIR/libbaracuda_runtime.so"
  add_row runtime libbaracuda_runtime.so - MISSING - -
fi

# --- GoogleTest binaries -----------------------------------------------------
# Skips that are expected on a GPU machine: the tests of a machine without a
# driver. With one GPU visible, also the two-GPU tests. Any other skip means
# a test did not run where it must (e.g. a missing kernel variant): failure.
EXPECTED_SKIPS='^(MissingDriverTest\.|FakeDriverTest\.|FakeOldDriverTest\.|AllPairs/CApiTest\.GpuStreamWithoutDriverIsUnsupported/)'
EXPECTED_SKIPS_ONE_GPU='^(MissingDriverTest\.|FakeDriverTest\.|FakeOldDriverTest\.|AllPairs/CApiTest\.GpuStreamWithoutDriverIsUnsupported/|CudaMultiDeviceTest\.)'

# run_gtests LABEL EXPECTED_SKIP_REGEX: every gtest binary of bin/ with the
# current CUDA_VISIBLE_DEVICES, a row per binary labelled LABEL.
run_gtests() {
  local label=$1 expected=$2 found=0 binary name xml status elapsed_us
  local start_ns skipped_names unexpected skipped
  for binary in "$BIN_DIR"/*; do
    if [ ! -f "$binary" ] || [ ! -x "$binary" ]; then
      continue
    fi
    name="$(basename "$binary")"
    case "$name" in
    baracuda-run | baracuda-opt | baracuda-translate) continue ;;
    # CPU-only proof over all 2^32 f16/bf16 pairs per kernel set: CI runs it
    # (ctest label exhaustive); here it would only repeat it once per GPU.
    BaracudaReciprocalQuotientTests) continue ;;
    esac
    # Only gtest programs answer --gtest_list_tests with a test list
    # ("Suite." lines; other tools may just exit 0).
    if ! "$binary" --gtest_list_tests 2>/dev/null |
      grep -q '^[A-Za-z_][A-Za-z0-9_/]*\.'; then
      continue
    fi
    found=1
    echo "--- $name ($label)" | tee -a "$GTEST_LOG"
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
    unexpected=""
    if [ -n "$skipped_names" ]; then
      skipped=$(printf '%s\n' "$skipped_names" | wc -l)
      unexpected="$(printf '%s\n' "$skipped_names" | grep -Ev "$expected")"
      {
        echo "skipped tests of $name ($label):"
        printf '%s\n' "$skipped_names" | sed 's/^/  /'
      } >>"$GTEST_LOG"
    fi
    if [ -n "$unexpected" ]; then
      echo "$name ($label): unexpected skips (a failure):"
      printf '%s\n' "$unexpected" | head -n 10 | sed 's/^/    /'
      add_row gtest "$name" "$label" \
        "FAIL($(printf '%s\n' "$unexpected" | wc -l) skip)" "$elapsed_us" -
    elif [ "$status" -eq 0 ]; then
      if [ "$skipped" -gt 0 ]; then
        add_row gtest "$name" "$label" "PASS($skipped skip)" "$elapsed_us" -
      else
        add_row gtest "$name" "$label" PASS "$elapsed_us" -
      fi
    elif [ "$status" -eq 124 ]; then
      add_row gtest "$name" "$label" TIMEOUT "$elapsed_us" -
    else
      add_row gtest "$name" "$label" "FAIL($status)" "$elapsed_us" -
    fi
  done
  if [ "$found" -eq 0 ]; then
    echo "device_check: no gtest binaries found in $BIN_DIR"
    add_row gtest "(none found)" "$label" MISSING - -
  fi
}

if [ -d "$BIN_DIR" ]; then
  for gpu in "${GPUS[@]}"; do
    section "gtest binaries in $BIN_DIR on GPU $gpu alone"
    CUDA_VISIBLE_DEVICES=$gpu run_gtests "gpu$gpu" "$EXPECTED_SKIPS_ONE_GPU"
  done
  if [ "${#GPUS[@]}" -ge 1 ]; then
    # Again with the ring variants forced on (an H200's default, not an
    # H100's): every GPU runs the plans' other choice of wide kernel.
    section "gtest binaries in $BIN_DIR on GPU ${GPUS[0]}, BARACUDA_ASYNC_RINGS=on"
    CUDA_VISIBLE_DEVICES=${GPUS[0]} BARACUDA_ASYNC_RINGS=on \
      run_gtests "gpu${GPUS[0]}-rings" "$EXPECTED_SKIPS_ONE_GPU"
  fi
  if [ "${#GPUS[@]}" -ge 2 ]; then
    section "gtest binaries in $BIN_DIR on all ${#GPUS[@]} GPUs"
    run_gtests "all-gpus" "$EXPECTED_SKIPS"
  elif [ "${#GPUS[@]}" -eq 1 ]; then
    echo "note: one GPU visible: the two-GPU tests (CudaMultiDeviceTest) did not run"
  fi
else
  echo "device_check: MISSING $BIN_DIR"
  add_row gtest "$BIN_DIR" - MISSING - -
fi

# check_run KIND WHAT LABEL ARGS...: one `baracuda-run ${RUN_STEM:-
# quantize_per_group} ARGS --device cuda --check`, logged, judged and added
# as a summary row.
check_run() {
  local kind=$1 what=$2 label=$3
  shift 3
  local cmd=(${RUN_PREFIX[@]+"${RUN_PREFIX[@]}"} "$RUN_TOOL" "${RUN_STEM:-quantize_per_group}" "$@" --device cuda --check)
  echo "--- ${cmd[*]}" >>"$RUN_LOG"
  local output status micros gbps result
  output="$(with_timeout "${cmd[@]}" 2>&1)"
  status=$?
  printf '%s\n' "$output" >>"$RUN_LOG"
  micros=$(printf '%s\n' "$output" |
    sed -n 's/^time: \([0-9.]*\) us per run.*/\1/p')
  gbps=$(printf '%s\n' "$output" |
    sed -n 's/^time: .*, \([0-9.]*\) GB\/s$/\1/p')
  if [ "$status" -eq 0 ] && printf '%s\n' "$output" | grep -q '^device: cuda' &&
    { [ -z "${RUN_PREFIX+x}" ] ||
      printf '%s\n' "$output" |
      grep -Eq '(ERROR SUMMARY: 0 errors|RACECHECK SUMMARY: 0 hazards)'; }; then
    result=PASS
  elif printf '%s\n' "$output" | grep -Eq '(ERROR|RACECHECK) SUMMARY: [1-9]'; then
    result="FAIL(sanitizer)"
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
  for gpu in "${GPUS[@]}"; do
    export CUDA_VISIBLE_DEVICES=$gpu
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
        check_run "gpu$gpu" "$in->$out" "$label" --input-type "$in" \
          --output-type "$out" --outer "$outer" --axis "$axis" --group \
          "$group" ${range_args[@]+"${range_args[@]}"} --seed "$seed" \
          --iters "$iters"
        seed=$((seed + 1))
      done
    done
  done
  unset CUDA_VISIBLE_DEVICES
  [ "${#GPUS[@]}" -gt 0 ] && export CUDA_VISIBLE_DEVICES="${GPUS[0]}"
  # Which kernel ran, once (the sku line of the last run).
  sku=$(sed -n 's/^sku: //p' "$RUN_LOG" | tail -n 1)
  [ -n "$sku" ] && echo "sku (last run): $sku"
fi

# --- The quantization family: every stem x type pair --------------------------
# One `baracuda-run --batch` per GPU (one process and CUDA context each; the
# GPUs run in parallel) over every SKU of the family's C stems on an odd
# shape, a
# shape whose rows suit the vectorized kernels, blocks that are multiples
# of the vector widths but no powers of two (per_token 37x5120 and
# 2048x11008, per_channel 48x3072 on axis 0 and 6x40x96 on axis 1, where the
# parameters repeat, groups of 48: the 32-bit loops' division by any block,
# KernelAbi.h's familyBlockDivisor), and one large shape (per
# channel also the last axis of 1000x48: the parameter-vector kernels with a
# grid stride that is no multiple of the period, parameters per item; per
# group also 8191x8196 in groups of 4: f32/f64 dequantize's narrow block
# tiles, several per block, and a remainder past the last whole tile; and
# 8191x8208 in groups of 16: the staged wide kernels of dequantize, several
# tiles per block for f32/f64 and a remainder for every type), each
# checked bit-exactly against the host reference with poisoned outputs. The
# stems come from QuantizeFamily.def, not from the tool, so that a stem
# missing from baracuda-run or the kernel library shows as a failed row.
section "quantization family: baracuda-run --batch --check --device cuda"
# "stem|has q|layout", from QuantizeFamily.def (family_stems_from_def).
FAMILY_STEMS=()
if FAMILY_DEF=$(family_def_path "$BUILD_DIR") &&
  FAMILY_STEM_LINES=$(family_stems_from_def "$FAMILY_DEF"); then
  mapfile -t FAMILY_STEMS <<<"$FAMILY_STEM_LINES"
  echo "${#FAMILY_STEMS[@]} stems from $FAMILY_DEF"
fi
FAMILY_TYPES=(f32 f64 f16 bf16)
# Per layout: "label|flags" for the odd, the aligned and the large shape.
family_shapes() {
  case $1 in
  tensor) printf '%s\n' "3x7x5|--shape 3,7,5" "33x4096|--shape 33,4096" \
    "4096x4096|--shape 4096,4096" ;;
  channel) printf '%s\n' "3x7x5/a1|--shape 3,7,5 --axis 1" \
    "64x4096/a0|--shape 64,4096 --axis 0" \
    "48x3072/a0|--shape 48,3072 --axis 0" \
    "6x40x96/a1|--shape 6,40,96 --axis 1" \
    "1000x48/a1|--shape 1000,48 --axis 1" \
    "4096x4096/a1|--shape 4096,4096 --axis 1" ;;
  token) printf '%s\n' "5x21|--shape 5,21" "33x4096|--shape 33,4096" \
    "37x5120|--shape 37,5120" "4096x4096|--shape 4096,4096" \
    "2048x11008|--shape 2048,11008" ;;
  group) printf '%s\n' "5x21/g7|--shape 5,21 --group 7" \
    "33x4096/g128|--shape 33,4096 --group 128" \
    "1023x4080/g48|--shape 1023,4080 --group 48" \
    "4096x4096/g128|--shape 4096,4096 --group 128" \
    "8191x8196/g4|--shape 8191,8196 --group 4" \
    "8191x8208/g16|--shape 8191,8208 --group 16" ;;
  esac
}
FAMILY_LOG_DIR="$LOG_DIR/family"
if [ "${DEVICE_CHECK_SKIP_FAMILY:-0}" = 1 ]; then
  echo "skipped (DEVICE_CHECK_SKIP_FAMILY=1)"
elif [ ! -x "$RUN_TOOL" ]; then
  echo "device_check: MISSING $RUN_TOOL"
  add_row family baracuda-run - MISSING - -
elif [ "${#FAMILY_STEMS[@]}" -eq 0 ]; then
  echo "device_check: no stems read from QuantizeFamily.def"
  add_row family QuantizeFamily.def - MISSING - -
elif [ "${#GPUS[@]}" -gt 0 ]; then
  mkdir -p "$FAMILY_LOG_DIR"
  # The cases, once: "what|shape label|arguments" per line, numbered by line.
  FAMILY_CASES="$FAMILY_LOG_DIR/cases.txt"
  : >"$FAMILY_CASES"
  seed=5000
  for entry in "${FAMILY_STEMS[@]}"; do
    IFS='|' read -r stem hasq layout <<<"$entry"
    for t in "${FAMILY_TYPES[@]}"; do
      qs=(-)
      [ "$hasq" = q ] && qs=(s8 u8)
      for q in "${qs[@]}"; do
        what="${stem}_$t"
        qflag=""
        if [ "$q" != - ]; then
          what="${what}_$q"
          qflag="--output-type $q"
        fi
        while IFS='|' read -r label flags; do
          case $label in
          4096x4096*)
            [ "${DEVICE_CHECK_SKIP_LARGE:-0}" = 1 ] && continue
            iters=5
            ;;
          8191x*)
            [ "${DEVICE_CHECK_SKIP_LARGE:-0}" = 1 ] && continue
            iters=2
            ;;
          *) iters=2 ;;
          esac
          echo "$what|$label|$stem --input-type $t $qflag $flags --seed $seed --iters $iters --device cuda --check" >>"$FAMILY_CASES"
          seed=$((seed + 1))
        done < <(family_shapes "$layout")
      done
    done
  done
  # Beyond 2^30 elements the kernels run their 64-bit loops (buildFitsIndex32
  # in lib/Conversion/BaracudaToGPU): 2^31 + 2^20 elements, so that an index
  # wraps in 32 bits, with the parameters by value and in memory (the ring
  # variant where the GPU launches rings); one just below 2^30 elements on
  # the 32-bit loops, with indices near the bound. The parameter-vector
  # kernels' 32-bit variant (KernelAbi.h's familyHasParameterVectorIndex32)
  # the same way: just below 2^30 elements, and just above, where the runtime
  # launches the 64-bit kernel instead. Up to 6 GiB of GPU memory and a
  # minute and a half of host time each (the family section: 158 s with the
  # first three, 51-53 s without, on an H200 machine of 16 cores).
  if [ "${DEVICE_CHECK_SKIP_LARGE:-0}" != 1 ]; then
    seed=9000
    for huge in \
      "quantize_per_tensor_f16_s8|2049x1048576|quantize_per_tensor --input-type f16 --output-type s8 --shape 2049,1048576" \
      "quantize_per_group_bf16_u8|2049x1048576/g128|quantize_per_group --input-type bf16 --output-type u8 --shape 2049,1048576 --group 128" \
      "dequantize_per_channel_f16_s8|1023x1048576/a0|dequantize_per_channel --input-type f16 --output-type s8 --shape 1023,1048576 --axis 0" \
      "dequantize_per_channel_f16_s8|1023x1048576/a1|dequantize_per_channel --input-type f16 --output-type s8 --shape 1023,1048576 --axis 1" \
      "dequantize_per_channel_bf16_u8|1025x1048576/a1|dequantize_per_channel --input-type bf16 --output-type u8 --shape 1025,1048576 --axis 1"; do
      echo "$huge --seed $seed --iters 1 --device cuda --check" >>"$FAMILY_CASES"
      seed=$((seed + 1))
    done
  fi
  # Shards per GPU: the batch's host side (random inputs, the reference,
  # the bit-exact comparison) dominates its time (one process ran the 384
  # cases in 274-328 s on an H100 machine of 16 cores), so each GPU runs
  # its cases in this many processes at once, case n in shard (n-1) % k.
  # The cases' times are then not benchmarks (bench/ has those).
  FAMILY_SHARDS=${DEVICE_CHECK_FAMILY_SHARDS:-}
  if [ -z "$FAMILY_SHARDS" ]; then
    cores=$(nproc 2>/dev/null || echo 1)
    FAMILY_SHARDS=$((cores / ${#GPUS[@]}))
    [ "$FAMILY_SHARDS" -gt 8 ] && FAMILY_SHARDS=8
  fi
  [ "$FAMILY_SHARDS" -ge 1 ] 2>/dev/null || FAMILY_SHARDS=1
  echo "$FAMILY_SHARDS baracuda-run processes per GPU (DEVICE_CHECK_FAMILY_SHARDS)"
  # Runs the cases of file $2 ("what|label|arguments" lines) on every GPU,
  # one batch per shard per GPU with the environment assignments after $2,
  # and adds a row "$1-gpu<N>" per case.
  run_family_batch() {
    local kind=$1 cases=$2
    shift 2
    local name
    name=$(basename "$cases" .txt)
    local ncases
    ncases=$(wc -l <"$cases")
    echo "$ncases $kind cases per GPU (cases: $cases)"
    cut -d'|' -f3 "$cases" >"$FAMILY_LOG_DIR/$name.batch.txt"
    local shard
    for ((shard = 0; shard < FAMILY_SHARDS; shard++)); do
      awk -v k="$FAMILY_SHARDS" -v s="$shard" '(NR - 1) % k == s' \
        "$FAMILY_LOG_DIR/$name.batch.txt" >"$FAMILY_LOG_DIR/$name.shard$shard.batch.txt"
    done
    local start_ns
    start_ns=$(date +%s%N)
    local pids=()
    for gpu in "${GPUS[@]}"; do
      for ((shard = 0; shard < FAMILY_SHARDS; shard++)); do
        (
          export CUDA_VISIBLE_DEVICES=$gpu
          for assignment in "$@"; do export "${assignment?}"; done
          with_timeout "$RUN_TOOL" --batch "$FAMILY_LOG_DIR/$name.shard$shard.batch.txt" \
            >"$FAMILY_LOG_DIR/$name.gpu$gpu.shard$shard.log" 2>&1
          echo $? >"$FAMILY_LOG_DIR/$name.gpu$gpu.shard$shard.status"
        ) &
        pids+=($!)
      done
    done
    wait "${pids[@]}"
    echo "$kind batches took $((($(date +%s%N) - start_ns) / 1000000)) ms"
    for gpu in "${GPUS[@]}"; do
      local log="$FAMILY_LOG_DIR/$name.gpu$gpu.log"
      # One log per GPU, the shards' case numbers turned back into the
      # lines of $cases; the batch's exit: the first shard's that is not 0.
      : >"$log"
      local status=0 shard_status
      for ((shard = 0; shard < FAMILY_SHARDS; shard++)); do
        awk -v k="$FAMILY_SHARDS" -v s="$shard" '
          /^=== (case|end) [0-9]+: / {
            n = $3; sub(":", "", n)
            sub(/^=== (case|end) [0-9]+:/, "=== " $2 " " ((n - 1) * k + s + 1) ":")
          }
          { print }' "$FAMILY_LOG_DIR/$name.gpu$gpu.shard$shard.log" >>"$log"
        shard_status=$(cat "$FAMILY_LOG_DIR/$name.gpu$gpu.shard$shard.status")
        [ "$status" = 0 ] && status=$shard_status
      done
      echo "$status" >"$FAMILY_LOG_DIR/$name.gpu$gpu.status"
      cat "$log" >>"$RUN_LOG"
      # One "number|exit|verdict|us|GB/s" line per case that ended; a case
      # that never ended (the process died or timed out) has none.
      awk '
        /^=== case [0-9]+: / { n = $3; sub(":", "", n); verdict = ""; us = "-"; gbps = "-"; cuda = 0 }
        /^device: cuda/ { cuda = 1 }
        /^check: PASS/ { verdict = "PASS" }
        /^check: FAIL/ { verdict = "MISMATCH" }
        /^time: / { us = $2; gbps = $(NF - 1) }
        /^=== end [0-9]+: exit / {
          code = $NF
          if (code == 0 && verdict == "PASS" && cuda) r = "PASS"
          else if (verdict == "MISMATCH") r = "MISMATCH"
          else if (code == 0) r = "FAIL(not cuda)"
          else r = "FAIL(" code ")"
          print n "|" r "|" us "|" gbps
        }' "$log" >"$FAMILY_LOG_DIR/$name.gpu$gpu.rows"
      local number=0 what label row result micros gbps
      while IFS='|' read -r what label _; do
        number=$((number + 1))
        row=$(grep -m1 "^$number|" "$FAMILY_LOG_DIR/$name.gpu$gpu.rows")
        if [ -z "$row" ]; then
          result="FAIL(no result)"
          micros=-
          gbps=-
        else
          IFS='|' read -r _ result micros gbps <<<"$row"
        fi
        if [ "$result" != PASS ]; then
          echo "gpu$gpu $what $label: $result"
          sed -n "/^=== case $number: /,/^=== end $number: /p" "$log" |
            grep -E '^(baracuda-run:|  mismatch|  \.\.\.|check:)' | head -n 4 |
            cut -c1-200 | sed 's/^/    /'
        fi
        add_row "$kind-gpu$gpu" "$what" "$label" "$result" "$micros" "$gbps"
      done <"$cases"
      local passed
      passed=$(grep -c '|PASS|' "$FAMILY_LOG_DIR/$name.gpu$gpu.rows")
      echo "gpu$gpu: $passed of $ncases $kind cases PASS (batch exit $(cat "$FAMILY_LOG_DIR/$name.gpu$gpu.status"); log $log)"
    done
  }
  run_family_batch fam "$FAMILY_CASES"
  # The ring variants of 16-bit quantize's wide kernels with parameters in
  # memory, forced on whatever the GPU's memory bandwidth (the runtime
  # launches them only from KernelAbi.h's threshold): the cases large
  # enough for a wide kernel, a remainder past the last whole step included.
  RING_CASES="$FAMILY_LOG_DIR/ring-cases.txt"
  grep -E '^quantize_per_(channel|token|group)_(f16|bf16)_(s8|u8)\|(4096x4096|8191x8208)' \
    "$FAMILY_CASES" >"$RING_CASES" || true
  if [ -s "$RING_CASES" ]; then
    run_family_batch fam-ring "$RING_CASES" BARACUDA_ASYNC_RINGS=on
  fi
  # The parameter-vector kernels' 64-bit form where a 32-bit variant would
  # run (BARACUDA_INDEX32_VARIANTS=off): every per_channel case on the last
  # axis of a shape that suits them.
  PV64_CASES="$FAMILY_LOG_DIR/pv64-cases.txt"
  grep -E '^[^|]*per_channel[^|]*\|(1000x48|4096x4096)/a1\|' \
    "$FAMILY_CASES" >"$PV64_CASES" || true
  if [ -s "$PV64_CASES" ]; then
    run_family_batch fam-pv64 "$PV64_CASES" BARACUDA_INDEX32_VARIANTS=off
  fi
fi

# --- compute-sanitizer over the kernels --------------------------------------
section "compute-sanitizer (memcheck, racecheck, initcheck, synccheck)"
SANITIZER="${COMPUTE_SANITIZER:-/usr/local/cuda/bin/compute-sanitizer}"
if [ "${DEVICE_CHECK_SKIP_SANITIZER:-0}" = 1 ]; then
  echo "skipped (DEVICE_CHECK_SKIP_SANITIZER=1)"
elif [ ! -x "$SANITIZER" ]; then
  echo "device_check: MISSING $SANITIZER"
  add_row sanitizer compute-sanitizer - MISSING - -
elif [ -x "$RUN_TOOL" ]; then
  # Every pair on a shape whose group lets the vectorized kernels run (the
  # preferred variant, widest first) and an odd one (the generic kernel).
  for tool in memcheck racecheck initcheck synccheck; do
    RUN_PREFIX=("$SANITIZER" --tool "$tool" --error-exitcode 99)
    for pair in "${PAIRS[@]}"; do
      read -r in out <<<"$pair"
      for shape in "33 4096 128" "3 7 7"; do
        read -r outer axis group <<<"$shape"
        check_run "$tool" "$in->$out" "${outer}x${axis}/g${group}" \
          --input-type "$in" --output-type "$out" --outer "$outer" --axis \
          "$axis" --group "$group" --seed 7 --iters 1
      done
    done
    # The family's other ops, one case per kernel variant: per tensor
    # (values by argument), the vectorized kernels (per_token rows of 4096),
    # the parameter-vector kernels (per_channel on the last axis of 64x4096,
    # and of 1000x48 where the grid takes their element loop; quantize's and
    # quantize_backward's rings of asynchronous copies, with one item per
    # thread, most of their copies past the end, and with several), the staged
    # wide kernel of dequantize (a wave of 16-element vectors and a
    # remainder past the last whole tile: its shared memory and barriers
    # under racecheck and synccheck) and the generic ones (odd shapes).
    for case in \
      "dequantize_per_tensor|f32 --output-type s8|33x4096|--shape 33,4096" \
      "fake_quantize|bf16|3x7x5|--shape 3,7,5" \
      "quantize_per_token_backward|f16|33x4096|--shape 33,4096" \
      "dequantize_per_channel|f64 --output-type u8|64x4096/a1|--shape 64,4096 --axis 1" \
      "quantize_per_channel|f16 --output-type s8|1000x48/a1|--shape 1000,48 --axis 1" \
      "quantize_per_channel|bf16 --output-type u8|64x4096/a1|--shape 64,4096 --axis 1" \
      "quantize_per_channel_backward|f32|512x4096/a1|--shape 512,4096 --axis 1" \
      "dequantize_per_group|f16 --output-type u8|1100x4112/g16|--shape 1100,4112 --group 16" \
      "dequantize_per_group_backward|f32|5x21/g7|--shape 5,21 --group 7"; do
      IFS='|' read -r RUN_STEM types label flags <<<"$case"
      # shellcheck disable=SC2086 # types and flags are word lists
      check_run "$tool" "${RUN_STEM} ${types%% *}" "$label" \
        --input-type $types $flags --seed 11 --iters 1
    done
    # The ring variant of 16-bit quantize's wide kernel with parameters in
    # memory, forced on (the runtime launches it by the GPU's memory
    # bandwidth): 1024 rows of 4096 fill a wave of its wide vectors.
    RUN_STEM=quantize_per_token
    BARACUDA_ASYNC_RINGS=on check_run "$tool" "quantize_per_token f16 (ring)" \
      1024x4096 --input-type f16 --output-type u8 --shape 1024,4096 --seed 11 \
      --iters 1
    unset RUN_STEM RUN_PREFIX
  done
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
  while read -r what size _ verdict _; do
    add_row exhaustive "${what%:}" "$size pairs" "$verdict" "$elapsed_us" -
  done < <(grep -E '^(f16|bf16)_' "$EXHAUSTIVE_LOG" | sed 's/ zp=/@zp=/; s/ (dy, scale) pairs,/ pairs,/')
  if [ "$status" -ne 0 ]; then
    FAILURES=$((FAILURES + 1))
    add_row exhaustive "bench/exhaustive_gpu_check.py" - "FAIL($status)" "$elapsed_us" -
  fi
fi

# --- Summary -----------------------------------------------------------------
section "summary"
{
  printf '%-9s %-38s %-18s %-16s %12s %9s\n' kind "what" shape result "us" "GB/s"
  printf '%s\n' "-----------------------------------------------------------------------------------------------------"
  for row in "${ROWS[@]}"; do
    IFS='|' read -r kind what shape result micros gbps <<<"$row"
    printf '%-9s %-38s %-18s %-16s %12s %9s\n' "$kind" "$what" "$shape" \
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
