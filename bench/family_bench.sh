#!/usr/bin/env bash
# The quantization family benchmark (bench/family_bench.py) on a GPU machine,
# from a runtime bundle (the device has torch but no MLIR):
#   here:   scripts/device_bundle.sh build-dev-bench   (a build-*/ folder of
#           the checkout the device gets; carry it)
#   device: bench/family_bench.sh build-dev-bench [--quick | family_bench.py options]
# Without BUNDLE_DIR the bundle is the folder of this script or its parent,
# whichever has lib/ (this file, family_bench.py, family_def.py,
# family_formula.py and gpu_timing.py copied into a bundle, as
# bench/cpu_device_run.sh is; family_def.py reads the bundle's
# family/QuantizeFamily.def, which scripts/device_bundle.sh puts there).
# --quick fits a 2-minute budget; the full run starts no case after 540 s
# (--budget-s), so it fits one 10-minute call; --ops/--types/--layouts split it.
# The log also goes to ${OUT:-/tmp}/family_bench.log ($OUT comes back from the
# device tool). Exit status: family_bench.py's (0 all passed, 1 a case failed,
# 3 none failed but some had no kernel in this build).
set -uo pipefail
here=$(dirname "$0")
if [ $# -gt 0 ] && [ "${1#-}" = "$1" ]; then
  bundle=$1
  shift
elif [ -d "$here/lib" ]; then
  bundle=$here
else
  bundle=$here/..
fi
lib="$bundle/lib/libbaracuda_runtime.so"
if [ ! -f "$lib" ]; then
  echo "family_bench.sh: no $lib (build it with scripts/device_bundle.sh DIR;" \
    "usage: family_bench.sh [BUNDLE_DIR] [family_bench.py options])" >&2
  exit 2
fi
log="${OUT:-/tmp}/family_bench.log"
nvidia-smi --query-gpu=name,driver_version,clocks.max.sm,memory.total \
  --format=csv,noheader 2>&1 | tee "$log"
PYTHONUNBUFFERED=1 python3 "$here/family_bench.py" --lib "$lib" "$@" 2>&1 |
  tee -a "$log"
exit "${PIPESTATUS[0]}"
