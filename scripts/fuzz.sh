#!/usr/bin/env bash
# Builds the libFuzzer targets of fuzz/ with clang (ASan + UBSan, coverage
# on every target) and fuzzes each for a bounded time from its seed corpus
# and saved regressions (docs/Testing.md#stage-fuzz).
#   build-fuzz-capi  the runtime, runtime-only from ${BUILD_DIR:-build}/kernels
#   build-fuzz-opt   the compiler libraries (no kernel library, no runtime)
# Usage: scripts/fuzz.sh [capi] [opt]          (default: both)
#   FUZZ_SECONDS=60   time per target
#   FUZZ_ARGS="..."   more libFuzzer flags (e.g. -jobs=4 -workers=4)
# A finding stops the script with libFuzzer's report; the input that found
# it is in fuzz-artifacts/<target>/ (docs/Testing.md says how to keep it as
# a regression). New inputs go to build-fuzz-<target>/corpus, never into the
# repository's corpus.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${FUZZ_SECONDS:-60}
jobs=${JOBS:-$(nproc)}
clang_version=22
export CC=${FUZZ_CC:-clang-$clang_version} CXX=${FUZZ_CXX:-clang++-$clang_version}
command -v "$CXX" >/dev/null ||
  { echo "fuzz: $CXX not found (scripts/setup.sh installs clang-$clang_version)" >&2; exit 1; }
export ASAN_OPTIONS=${ASAN_OPTIONS:-abort_on_error=1:detect_leaks=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}

configure() { # dir cmake-args...
  local dir=$1; shift
  # -O1 without NDEBUG: assertions stay on; -g for readable stacks.
  cmake -G Ninja -S . -B "$dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DCMAKE_C_FLAGS_RELWITHDEBINFO="-O1 -g" \
    -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g" \
    -DBARACUDA_FUZZ=ON -DBARACUDA_SANITIZE=address,undefined \
    -DCUDAToolkit_ROOT="${CUDA_HOME:-/usr/local/cuda}" "$@" >/dev/null
}

run_target() { # target max_len
  local target=$1 max_len=$2 dir=build-fuzz-$1
  local artifacts=fuzz-artifacts/$target
  mkdir -p "$dir/corpus" "$artifacts"
  local dict=()
  [ -f "fuzz/$target/$target.dict" ] && dict=(-dict="fuzz/$target/$target.dict")
  echo "fuzz: $target for ${seconds}s (findings go to $artifacts/)"
  # The opt target links Debian's uninstrumented libMLIR.so. LLVM's
  # BumpPtrAllocator poisons the rest of each new slab when it is compiled
  # with ASan (our code) and does not unpoison what it hands out when it is
  # not (libMLIR.so), so MLIR's own allocations in a slab we started trip
  # ASan's memcpy interceptor ("use-after-poison" in StringAttr::get, found
  # in CI on an unchanged input). allow_user_poisoning=0 ignores those
  # manual poisonings; heap, stack and global checks stay.
  local asan=$ASAN_OPTIONS
  [ "$target" = opt ] && asan+=:allow_user_poisoning=0
  # shellcheck disable=SC2086
  ASAN_OPTIONS=$asan "$dir/bin/baracuda-fuzz-$target" -max_total_time="$seconds" \
    -max_len="$max_len" -timeout=20 -rss_limit_mb=4096 -print_final_stats=1 \
    -artifact_prefix="$artifacts/" "${dict[@]}" ${FUZZ_ARGS:-} \
    "$dir/corpus" "fuzz/corpus/$target" "fuzz/regressions/$target"
}

targets=("$@")
((${#targets[@]})) || targets=(capi opt)
for target in "${targets[@]}"; do
  case $target in
    capi)
      kernels=$(realpath "${BUILD_DIR:-build}/kernels")
      [ -f "$kernels/CudaKernelImages.cpp" ] ||
        { echo "fuzz: no kernels in $kernels: run scripts/build.sh first" >&2; exit 1; }
      configure build-fuzz-capi -DBARACUDA_BUILD_COMPILER=OFF \
        -DBARACUDA_PREBUILT_KERNELS_DIR="$kernels"
      ninja -C build-fuzz-capi -j "$jobs" baracuda-fuzz-capi >/dev/null
      run_target capi 512 ;;
    opt)
      configure build-fuzz-opt -DBARACUDA_BUILD_RUNTIME=OFF
      ninja -C build-fuzz-opt -j "$jobs" baracuda-fuzz-opt >/dev/null
      run_target opt 4096 ;;
    *) echo "fuzz: unknown target '$target' (capi, opt)" >&2; exit 2 ;;
  esac
done
