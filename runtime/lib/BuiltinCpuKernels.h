//===- BuiltinCpuKernels.h - The CPU kernels linked into the runtime ------===//
//
// Internal. The baracuda compiler's CPU objects (quantize_per_group_cpu.o and
// its x86-64-v3 twin) are linked into libbaracuda_runtime.so; these tables
// name their entry points so the builtin KernelLibrary resolves them like
// dlsym would.
//
//===----------------------------------------------------------------------===//

#ifndef BARACUDA_RUNTIME_LIB_BUILTINCPUKERNELS_H
#define BARACUDA_RUNTIME_LIB_BUILTINCPUKERNELS_H

#include <cstddef>

// Internal to libbaracuda_runtime.so: never exported.
#pragma GCC visibility push(hidden)

namespace baracuda {

struct BuiltinCpuKernel {
  const char *symbol; ///< "_mlir_ciface_baracuda_cpu_..."
  void *entryPoint;
};

/// The kernels for this CPU: the x86-64-v3 build where the CPU supports it,
/// else the baseline build. Chosen once per process.
const BuiltinCpuKernel *builtinCpuKernels();
size_t numBuiltinCpuKernels();

} // namespace baracuda

#pragma GCC visibility pop

#endif // BARACUDA_RUNTIME_LIB_BUILTINCPUKERNELS_H
