#!/usr/bin/env bash
# A/B of runtime variants on one GPU: bench/family_bench.py (--no-compile,
# short timings) once per variant, the variants alternating, RUNS rounds,
# then one table of "of copy" per case and variant (family_ab_table.py).
# A variant is NAME:ASSIGNMENTS, the environment it runs with (comma-
# separated; empty for the baseline), e.g. a knob the runtime reads:
#
#   VARIANTS="base: rings:BARACUDA_ASYNC_RINGS=on" RUNS=2 \
#     bench/family_ab.sh build-device --shapes 8192x8192 --q s8 \
#       --ops quantize --layouts per_token --types f16,bf16
#
# or an experiment's hook compiled into the bundle for the occasion (the
# logs in docs/bench quote their patches). The assignment LIB=PATH is not
# passed on: it runs that variant with the runtime library at PATH instead
# of the bundle's, e.g. one built from another tree or with another kernel
# library (copied next to the repository, they travel with the working
# tree):
#
#   VARIANTS="base: new:LIB=ab-libs/new.so" bench/family_ab.sh build-device ...
#
# Alternating the variants within one call and one lease is what makes
# their difference measurable: two runs of the same variant show the noise.
# Logs and the table go to ${OUT:-/tmp} (ab-NAME-RUN.log, ab-table.md).
# FAMILY_BENCH names another bench script (the tests' stand-in).
set -uo pipefail
here=$(dirname "$0")
if [ $# -lt 1 ] || [ ! -f "$1/lib/libbaracuda_runtime.so" ]; then
  echo "usage: VARIANTS=\"NAME:[VAR=VALUE,...|LIB=PATH] ...\" [RUNS=N] family_ab.sh BUNDLE_DIR [family_bench.py options]" >&2
  exit 2
fi
bench=${FAMILY_BENCH:-$here/family_bench.py}
bundle=$1
shift
out=${OUT:-/tmp}
names=()
for v in ${VARIANTS:?set VARIANTS, e.g. \"base: rings:BARACUDA_ASYNC_RINGS=on\"}; do
  names+=("${v%%:*}")
done
for run in $(seq 1 "${RUNS:-2}"); do
  for v in $VARIANTS; do
    name=${v%%:*}
    lib=$bundle/lib/libbaracuda_runtime.so
    assignments=()
    IFS=, read -ra fields <<<"${v#*:}"
    for a in "${fields[@]}"; do
      case $a in
      LIB=*) lib=${a#LIB=} ;;
      ?*) assignments+=("$a") ;;
      esac
    done
    echo "### variant $name, run $run, env [${assignments[*]}], lib $lib"
    env "${assignments[@]}" python3 "$bench" --lib "$lib" --no-compile \
      --warmup-ms 10 --rep-ms 60 "$@" >"$out/ab-$name-$run.log" 2>&1
    echo "exit $?"
  done
done
python3 "$here/family_ab_table.py" "$out" "${names[@]}" | tee "$out/ab-table.md"
