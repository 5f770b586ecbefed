#!/usr/bin/env bash
# Instruction-level stall profiles of the family's kernels on a GPU machine:
# for each case, Nsight Compute samples the warps of one launch of the kernel
# (SourceCounters and WarpStateStats sections) while bench/family_bench.py
# runs that one row, the SASS page is exported as CSV and
# bench/ncu_sass_stalls.py prints where the samples sit.
#   bench/ncu_sass_stalls.sh BUNDLE_DIR 'NAME KERNEL_REGEX FAMILY_BENCH_ARGS...' ...
# e.g.
#   bench/ncu_sass_stalls.sh build-device \
#     'q16tok ^quantize_f16_s8 --ops quantize --layouts per_token --types f16'
# The shape is 8192x8192, s8, unless the arguments say otherwise. Reports and
# CSVs go to ${OUT:-/tmp}/ncu-NAME.*.
# shellcheck source=bench/ncu_env.sh
source "$(dirname "$0")/ncu_env.sh"
shift
for case in "$@"; do
  read -r name regex rest <<<"$case"
  echo "##### $name ($regex: $rest)"
  # shellcheck disable=SC2086
  "$ncu" --section SourceCounters --section WarpStateStats --import-source no \
    --clock-control none -k "regex:$regex" -c 1 -f -o "$out/ncu-$name" \
    python3 "$here/family_bench.py" --lib "$lib" --shapes 8192x8192 --q s8 \
    --warmup-ms 1 --rep-ms 1 --no-compile --no-special $rest >/dev/null 2>&1
  "$ncu" -i "$out/ncu-$name.ncu-rep" --page source --csv --print-source sass \
    >"$out/ncu-$name.sass.csv" 2>&1 ||
    "$ncu" -i "$out/ncu-$name.ncu-rep" --page source --csv \
      >"$out/ncu-$name.sass.csv" 2>&1
  "$ncu" -i "$out/ncu-$name.ncu-rep" --page details --print-units base |
    grep -E 'Duration|Warp Cycles Per Issued|Issue Slot|Executed Ipc|Registers|Achieved Occupancy|Stall|Function Name|^  [a-z_0-9]+_' |
    head -20
  python3 "$here/ncu_sass_stalls.py" "$out/ncu-$name.sass.csv" --top 25 ||
    head -5 "$out/ncu-$name.sass.csv"
done
