#!/usr/bin/env bash
# Configures and builds everything (compiler, kernel library, runtime, tools,
# tests) in ${BUILD_DIR:-build}.
set -euo pipefail
cd "$(dirname "$0")/.."
build_dir=${BUILD_DIR:-build}
cmake -G Ninja -S . -B "$build_dir" -DCMAKE_BUILD_TYPE=Release \
  -DCUDAToolkit_ROOT="${CUDA_HOME:-/usr/local/cuda}" >/dev/null
ninja -C "$build_dir"
