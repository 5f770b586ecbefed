//===- BuiltinCpuKernels.h - The CPU kernels linked into the runtime ------===//
//
// Internal. The baracuda compiler's CPU object (quantize_per_group_cpu.o) is
// linked into libbaracuda_runtime.so; this table names its entry points so
// the builtin KernelLibrary resolves them like dlsym would.
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

const BuiltinCpuKernel *builtinCpuKernels();
size_t numBuiltinCpuKernels();

} // namespace baracuda

#pragma GCC visibility pop

#endif // BARACUDA_RUNTIME_LIB_BUILTINCPUKERNELS_H
