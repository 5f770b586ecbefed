#!/usr/bin/env bash
# The quantization family benchmark (bench/family_bench.py) on a GPU machine,
# from a runtime bundle (the device has torch but no MLIR):
#   here:   scripts/device_bundle.sh build-dev-bench   (a build-*/ folder of
#           the checkout the device gets; carry it)
#   device: bench/family_bench.sh build-dev-bench [--quick | family_bench.py options]
# --quick fits a 2-minute budget; the full run starts no case after 540 s
# (--budget-s), so it fits one 10-minute call; --ops/--types/--layouts split it.
# The log also goes to ${OUT:-/tmp}/family_bench.log ($OUT comes back from the
# device tool). Exit status: family_bench.py's (0 all passed, 1 a case failed).
set -uo pipefail
bundle=${1:?usage: bench/family_bench.sh BUNDLE_DIR [family_bench.py options]}
shift
lib="$bundle/lib/libbaracuda_runtime.so"
if [ ! -f "$lib" ]; then
  echo "family_bench.sh: no $lib (build it with scripts/device_bundle.sh $bundle)" >&2
  exit 2
fi
log="${OUT:-/tmp}/family_bench.log"
nvidia-smi --query-gpu=name,driver_version,clocks.max.sm,memory.total \
  --format=csv,noheader 2>&1 | tee "$log"
PYTHONUNBUFFERED=1 python3 "$(dirname "$0")/family_bench.py" --lib "$lib" "$@" 2>&1 |
  tee -a "$log"
exit "${PIPESTATUS[0]}"
