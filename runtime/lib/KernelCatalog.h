//===- KernelCatalog.h - Every kernel name the runtime may launch ---------===//
//
// Internal. A KernelId indexes this catalog; libraries resolve every entry
// once (per CUDA context, or at construction for CPU kernels), so a launch
// looks its kernel up by index, never by string.
//
//===----------------------------------------------------------------------===//

#ifndef BARACUDA_RUNTIME_LIB_KERNELCATALOG_H
#define BARACUDA_RUNTIME_LIB_KERNELCATALOG_H

#include "baracuda/runtime/KernelLibrary.h"

#include <string>
#include <vector>

// Internal to libbaracuda_runtime.so: never exported.
#pragma GCC visibility push(hidden)

namespace baracuda {

struct KernelCatalogEntry {
  /// The GPU kernel symbol, e.g. "quantize_f32_s8".
  std::string gpuName;
  /// The CPU C-interface symbol, e.g.
  /// "_mlir_ciface_baracuda_cpu_quantize_f32_s8"; empty for a
  /// GPU-only kernel.
  std::string cpuSymbol;
};

const std::vector<KernelCatalogEntry> &kernelCatalog();

/// KernelId of row `index` of quantizePerGroupKernels().
inline KernelId quantizePerGroupKernelId(size_t index) {
  return static_cast<KernelId>(index); // The only op so far: offset 0.
}

} // namespace baracuda

#pragma GCC visibility pop

#endif // BARACUDA_RUNTIME_LIB_KERNELCATALOG_H
