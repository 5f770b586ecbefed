#!/usr/bin/env bash
# Installs what a fresh Debian bookworm machine lacks to build and test
# baracuda: LLVM/MLIR 22, CMake, Ninja, a C++ compiler, GoogleTest, and
# clang 22 with its sanitizer and libFuzzer runtimes (scripts/fuzz.sh). The CUDA
# toolkit is expected at /usr/local/cuda (ptxas, cuda.h); the runtime needs no
# driver to build or to run on the CPU.
set -euo pipefail

packages=(cmake ninja-build g++ python3 libgtest-dev
          llvm-22-dev libmlir-22-dev mlir-22-tools llvm-22-tools
          clang-22 libclang-rt-22-dev)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" \
    || missing+=("$p")
done

if ((${#missing[@]})); then
  echo "setup: installing ${missing[*]}"
  sudo_cmd=()
  [ "$(id -u)" -ne 0 ] && sudo_cmd=(sudo)
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq \
    --no-install-recommends "${missing[@]}" >/dev/null
fi

cuda_root=${CUDA_HOME:-/usr/local/cuda}
if [ ! -x "$cuda_root/bin/ptxas" ] || [ ! -f "$cuda_root/include/cuda.h" ]; then
  echo "setup: no CUDA toolkit at $cuda_root (need bin/ptxas and include/cuda.h)" >&2
  exit 1
fi
echo "setup: ok (LLVM $(/usr/lib/llvm-22/bin/llvm-config --version), CUDA toolkit $cuda_root)"
