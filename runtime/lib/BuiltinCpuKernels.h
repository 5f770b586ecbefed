//===- BuiltinCpuKernels.h - The CPU kernels linked into the runtime ------===//
//
// Internal. The baracuda compiler's CPU objects (quantize_per_group_cpu.o and
// its x86-64-v3 and x86-64-v4 twins) are linked into libbaracuda_runtime.so;
// these tables
// name their entry points so the builtin KernelLibrary resolves them like
// dlsym would.
//
//===----------------------------------------------------------------------===//

#ifndef BARACUDA_RUNTIME_LIB_BUILTINCPUKERNELS_H
#define BARACUDA_RUNTIME_LIB_BUILTINCPUKERNELS_H

#include <cstddef>
#include <string>

// Internal to libbaracuda_runtime.so: never exported.
#pragma GCC visibility push(hidden)

namespace baracuda {

struct BuiltinCpuKernel {
  const char *symbol; ///< "_mlir_ciface_baracuda_cpu_..."
  void *entryPoint;
};

/// The kernel set in use: the highest of baseline, x86-64-v3 (AVX2, FMA,
/// F16C) and x86-64-v4 (AVX-512) the CPU supports, or the one
/// BARACUDA_CPU_KERNEL_SET names (for tests and measurements). Chosen once
/// per process. A name that is unknown or unsupported here gives no kernels
/// and `error` says why.
struct BuiltinCpuKernelSet {
  const char *name; ///< "baseline", "x86-64-v3", "x86-64-v4" or "none"
  const BuiltinCpuKernel *kernels; ///< nullptr when `error` is set
  std::string error;
};
const BuiltinCpuKernelSet &builtinCpuKernelSet();

/// builtinCpuKernelSet().kernels.
const BuiltinCpuKernel *builtinCpuKernels();
size_t numBuiltinCpuKernels();

} // namespace baracuda

#pragma GCC visibility pop

#endif // BARACUDA_RUNTIME_LIB_BUILTINCPUKERNELS_H
