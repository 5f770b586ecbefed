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
# logs in docs/bench quote their patches). Alternating the variants within
# one call and one lease is what makes their difference measurable: two runs
# of the same variant show the noise. Logs and the table go to ${OUT:-/tmp}
# (ab-NAME-RUN.log, ab-table.md).
set -uo pipefail
here=$(dirname "$0")
if [ $# -lt 1 ] || [ ! -f "$1/lib/libbaracuda_runtime.so" ]; then
  echo "usage: VARIANTS=\"NAME:[VAR=VALUE,...] ...\" [RUNS=N] family_ab.sh BUNDLE_DIR [family_bench.py options]" >&2
  exit 2
fi
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
    assignments=${v#*:}
    echo "### variant $name, run $run, env [${assignments//,/ }]"
    # shellcheck disable=SC2086 # the assignments split on purpose
    env ${assignments//,/ } python3 "$here/family_bench.py" \
      --lib "$bundle/lib/libbaracuda_runtime.so" --no-compile --warmup-ms 10 \
      --rep-ms 60 "$@" >"$out/ab-$name-$run.log" 2>&1
    echo "exit $?"
  done
done
python3 "$here/family_ab_table.py" "$out" "${names[@]}" | tee "$out/ab-table.md"
