#!/usr/bin/env bash
# Builds the runtime, its tests and baracuda-run without the compiler into
# ${1:-build-device}, from the kernels the compiler built in ${BUILD_DIR:-build}
# (the GPU machine has no MLIR). Carry the result and run
# scripts/device_check.sh there.
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-build-device}
kernels=$(realpath "${BUILD_DIR:-build}/kernels")
[ -f "$kernels/CudaKernelImages.cpp" ] || { echo "no kernels in $kernels: run scripts/build.sh first" >&2; exit 1; }
cmake -G Ninja -S . -B "$out" -DCMAKE_BUILD_TYPE=Release \
  -DBARACUDA_BUILD_COMPILER=OFF -DBARACUDA_PREBUILT_KERNELS_DIR="$kernels" >/dev/null
ninja -C "$out" >/dev/null
# The sm_80 fatbin, which device_check.sh runs through the driver's PTX JIT.
mkdir -p "$out/kernels"
cp "$kernels"/kernel_library.sm_*.fatbin "$out/kernels/" 2>/dev/null || true
# The family's one list, from which device_check.sh reads the C stems it
# runs (when it runs from the bundle rather than from a checkout).
mkdir -p "$out/family"
cp include/baracuda/Family/QuantizeFamily.def "$out/family/"
# Only what runs on the device travels: binaries, the runtime library and
# the side images.
du -sh "$out/bin" "$out/lib" "$out/kernels" "$out/family"
