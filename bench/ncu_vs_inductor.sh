#!/usr/bin/env bash
# Our kernel and torch.compile's (Inductor's Triton kernel) for one row of
# bench/family_bench.py under the same Nsight Compute sections, side by side:
# where the two differ in DRAM traffic, occupancy, grid and issue.
#   bench/ncu_vs_inductor.sh BUNDLE_DIR 'NAME OUR_KERNEL_REGEX FAMILY_BENCH_ARGS...' ...
# e.g.
#   bench/ncu_vs_inductor.sh build-device \
#     'dq32tok ^dequantize_f32_s8 --ops dequantize --layouts per_token --types f32'
# The shape is 8192x8192, s8, unless the arguments say otherwise. Each
# kernel's first launch is profiled (ours: the bench's correctness run;
# Inductor's: its first call after compilation). Reports go to
# ${OUT:-/tmp}/ncu-NAME-{ours,inductor}.*.
# shellcheck source=bench/ncu_env.sh
source "$(dirname "$0")/ncu_env.sh"
shift
for case in "$@"; do
  read -r name regex rest <<<"$case"
  echo "##### $name ($rest)"
  for who in ours inductor; do
    kernel=$regex
    compile=--no-compile
    if [ "$who" = inductor ]; then
      kernel='^triton_'
      compile=
    fi
    # shellcheck disable=SC2086
    "$ncu" --section SpeedOfLight --section MemoryWorkloadAnalysis \
      --section Occupancy --section LaunchStats --section SchedulerStats \
      --section WarpStateStats --clock-control none -k "regex:$kernel" -c 1 \
      -f -o "$out/ncu-$name-$who" \
      python3 "$here/family_bench.py" --lib "$lib" --shapes 8192x8192 --q s8 \
      --warmup-ms 1 --rep-ms 1 --no-special $compile $rest >/dev/null 2>&1
    "$ncu" -i "$out/ncu-$name-$who.ncu-rep" --page details --print-units base \
      >"$out/ncu-$name-$who.txt" 2>&1
  done
  python3 "$here/ncu_side_by_side.py" "$out/ncu-$name-ours.txt" \
    "$out/ncu-$name-inductor.txt"
done
