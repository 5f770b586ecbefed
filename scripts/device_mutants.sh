#!/usr/bin/env bash
# device_mutants.sh - run the GPU tests against each mutant bundle.
#
# Usage (on a GPU machine, from the repository root or anywhere):
#   scripts/device_mutants.sh DIR
#
# DIR holds one runtime-only bundle per mutant, DIR/<mutant>/{bin,lib}, built
# by `scripts/mutate.py --gpu-bundles DIR` (GPU-only mutants and GPU
# lowering mutants), plus DIR/unmutated, the same bundle without a mutation.
# For each bundle it runs the CUDA tests of BaracudaRuntimeTests
# (--gtest_filter='*Cuda*', without the two-GPU tests on a machine of one;
# stopping at the first failure) and prints
# caught / survived. The unmutated bundle must pass without a skip; a
# mutant run that fails is caught, and one that passes while skipping more
# tests than the unmutated run is not judged (a GPU that went away would
# otherwise pass as "survived"). Exit status: 0 when the
# unmutated bundle passed and every mutant was caught, 1 otherwise, 2 for a
# usage error or no GPU.
set -u

dir=${1:-}
if [ -z "$dir" ] || [ ! -d "$dir" ]; then
  sed -n '2,18p' "$0" | sed 's/^# \{0,1\}//' >&2
  exit 2
fi
if ! nvidia-smi -L; then
  echo "device_mutants: no GPU visible (nvidia-smi failed)" >&2
  exit 2
fi
filter='*Cuda*'
# The two-GPU tests skip on a machine of one; leave them out there, so that
# the unmutated run has no skip to excuse.
if [ "$(nvidia-smi -L | grep -c '^GPU ')" -lt 2 ]; then
  filter='*Cuda*:-CudaMultiDeviceTest.*'
fi
work=$(mktemp -d)

# run_bundle BUNDLE: prints "<exit status> <tests> <skipped>".
run_bundle() {
  local bundle=$1 xml="$work/$(basename "$1").xml"
  LD_LIBRARY_PATH="$bundle/lib" timeout 300 "$bundle/bin/BaracudaRuntimeTests" \
    --gtest_filter="$filter" --gtest_fail_fast --gtest_brief=1 \
    --gtest_output="xml:$xml" >"$work/$(basename "$bundle").log" 2>&1
  local status=$?
  local tests skipped
  tests=$(grep -c '<testcase ' "$xml" 2>/dev/null || echo 0)
  skipped=$(grep -c 'result="skipped"' "$xml" 2>/dev/null || echo 0)
  echo "$status $tests $skipped"
}

if [ ! -d "$dir/unmutated" ]; then
  echo "device_mutants: $dir/unmutated is missing (the reference run)" >&2
  exit 2
fi
read -r status tests skipped < <(run_bundle "$dir/unmutated")
echo "unmutated: exit $status, $tests tests, $skipped skipped"
if [ "$status" -ne 0 ] || [ "$skipped" -ne 0 ]; then
  echo "device_mutants: the unmutated bundle must pass with no skip;" \
    "log: $work/unmutated.log" >&2
  tail -n 20 "$work/unmutated.log" >&2
  exit 1
fi

caught=0
judged=0
survivors=()
for bundle in "$dir"/*/; do
  name=$(basename "$bundle")
  [ "$name" = unmutated ] && continue
  [ -x "$bundle/bin/BaracudaRuntimeTests" ] || continue
  start=$(date +%s)
  read -r mstatus mtests mskipped < <(run_bundle "${bundle%/}")
  elapsed=$(($(date +%s) - start))
  # A failure is a catch (--gtest_fail_fast then reports the rest as
  # skipped); a pass with more skips than the unmutated run proves nothing.
  if [ "$mstatus" -ne 0 ]; then
    verdict=caught
    caught=$((caught + 1))
    judged=$((judged + 1))
  elif [ "$mskipped" -gt "$skipped" ]; then
    verdict="NOT JUDGED ($mskipped skipped)"
  else
    verdict=SURVIVED
    survivors+=("$name")
    judged=$((judged + 1))
  fi
  failed=$(grep -m1 '^\[  FAILED  \]' "$work/$name.log" | sed 's/^\[  FAILED  \] //')
  printf '%-40s %-24s %4s s  %s\n' "$name" "$verdict" "$elapsed" "$failed"
done
echo
echo "GPU mutation score: $caught/$judged caught"
[ "${#survivors[@]}" -eq 0 ] || echo "survived: ${survivors[*]}"
[ "$caught" -eq "$judged" ] && [ "$judged" -gt 0 ]
