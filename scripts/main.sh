#!/usr/bin/env bash
# The README's main job: set up, build, compile examples/quantize_per_group.mlir
# to PTX (GPU) and to a host shared object (CPU), then run the compiled kernel
# with baracuda-run on random data checked bit-exactly against the reference:
# on the GPU when one is present, else on the CPU backend.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
scripts/build.sh >/dev/null
bin=${BUILD_DIR:-build}/bin
llvm_bin=/usr/lib/llvm-22/bin
out=${BUILD_DIR:-build}/example
mkdir -p "$out"
example=examples/quantize_per_group.mlir

echo "== compiling $example to PTX (sm_80, runs on sm_80 and newer through the driver's JIT)"
"$bin/baracuda-opt" "$example" '--baracuda-to-nvvm=chips=sm_80 format=isa' \
  -o "$out/quantize_per_group.nvvm.mlir"
"$bin/baracuda-translate" --baracuda-extract-gpu-object --gpu-object-chip=sm_80 \
  "$out/quantize_per_group.nvvm.mlir" -o "$out/quantize_per_group.ptx"
grep -E '^\.(version|target)|\.entry' "$out/quantize_per_group.ptx"

echo "== compiling $example to host code (CPU backend)"
"$bin/baracuda-opt" "$example" --baracuda-to-llvm -o "$out/quantize_per_group.llvm.mlir"
"$bin/baracuda-translate" --mlir-to-llvmir "$out/quantize_per_group.llvm.mlir" \
  -o "$out/quantize_per_group.ll"
# Compiled for this machine's CPU (it runs here; the runtime's own kernel
# library is built for portable x86-64 levels instead).
"$llvm_bin/opt" -O3 -mcpu=native "$out/quantize_per_group.ll" -o "$out/quantize_per_group.bc"
"$llvm_bin/llc" -O3 -mcpu=native -filetype=obj -relocation-model=pic \
  "$out/quantize_per_group.bc" -o "$out/quantize_per_group.o"
c++ -shared -o "$out/libquantize_per_group.so" "$out/quantize_per_group.o"

echo "== running the compiled kernel (f16 -> s8, 512 x 4096, group 128)"
"$bin/baracuda-run" quantize_per_group --input-type f16 --output-type s8 \
  --outer 512 --axis 4096 --group 128 --q-min -128 --q-max 127 \
  --device "${DEVICE:-auto}" --check --iters 20 \
  --gpu-module "$out/quantize_per_group.ptx" \
  --cpu-module "$out/libquantize_per_group.so"
