//===- KernelCatalog.h - Every kernel name the runtime may launch ---------===//
//
// Internal. A KernelId indexes this catalog; libraries resolve every entry
// once (per CUDA context, or at construction for CPU kernels), so a launch
// looks its kernel up by index, never by string. The catalog is built from
// the family table (baracuda/Family/QuantizeFamily.def) and plans find their
// kernels in it by key (op, parameters by value or in memory, types, vector
// width): no plan knows where another op's kernels sit.
//
//===----------------------------------------------------------------------===//

#ifndef BARACUDA_RUNTIME_LIB_KERNELCATALOG_H
#define BARACUDA_RUNTIME_LIB_KERNELCATALOG_H

#include "baracuda/Family/QuantizeFamily.h"
#include "baracuda/runtime/KernelLibrary.h"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

// Internal to libbaracuda_runtime.so: never exported.
#pragma GCC visibility push(hidden)

namespace baracuda {

struct KernelCatalogEntry {
  QuantizeKernelKey key;
  /// Elements per vector (1: the generic kernel; KernelAbi.h's widths).
  int vectorWidth = 1;
  /// The parameter-vector variant (KernelAbi.h: block 1, parameters read
  /// in vectors too).
  bool parameterVectors = false;
  /// The ring variant of the wide kernel (KernelAbi.h's
  /// familyAsyncRingStages): launched only on a module whose device
  /// prefers rings (LoadedCudaModule::launchesAsyncRings).
  bool asyncRing = false;
  /// The 32-bit variant of the parameter-vector kernel (KernelAbi.h's
  /// familyHasParameterVectorIndex32): launched only where the launch's
  /// sizes fit it (familyFitsIndex32) and the module launches such
  /// variants (LoadedCudaModule::launchesIndex32Variants).
  bool index32 = false;
  /// "generic", "vec8", "pvec8", "pvec8-i32", "vec16-ring", ...:
  /// KernelSku::variant.
  std::string_view variant;
  /// Threads per GPU block the kernel is written for: its op's
  /// (familyThreadsPerBlock), which every launch and grid of it uses.
  int threadsPerBlock = 0;
  /// The GPU kernel symbol, e.g. "quantize_f16_s8_v16".
  std::string gpuName;
  /// The CPU C-interface symbol, e.g. "_mlir_ciface_baracuda_cpu_quantize_
  /// f16_s8"; empty for a GPU-only (vectorized) kernel.
  std::string cpuSymbol;
};

const std::vector<KernelCatalogEntry> &kernelCatalog();

/// The KernelId of the kernel with this key, vector width and kind, if the
/// catalog has it.
std::optional<KernelId> findKernel(const QuantizeKernelKey &key,
                                   int vectorWidth,
                                   bool parameterVectors = false,
                                   bool asyncRing = false,
                                   bool index32 = false);

/// "generic" for width 1, "vec<width>" (or "pvec<width>" for the
/// parameter-vector kernels, "pvec<width>-i32" for their 32-bit variants,
/// "vec<width>-ring" for the ring variants) for the widths KernelAbi.h
/// gives any kernel (2, 4, 8, 16, 32), "vec?" otherwise.
constexpr std::string_view vectorVariantName(int vectorWidth,
                                             bool parameterVectors = false,
                                             bool asyncRing = false,
                                             bool index32 = false) {
  if (index32)
    switch (vectorWidth) {
    case 2:
      return "pvec2-i32";
    case 4:
      return "pvec4-i32";
    case 8:
      return "pvec8-i32";
    case 16:
      return "pvec16-i32";
    default:
      return "pvec?-i32";
    }
  if (asyncRing)
    switch (vectorWidth) {
    case 8:
      return "vec8-ring";
    case 16:
      return "vec16-ring";
    case 32:
      return "vec32-ring";
    default:
      return "vec?-ring";
    }
  switch (vectorWidth) {
  case 1:
    return "generic";
  case 2:
    return parameterVectors ? "pvec2" : "vec2";
  case 4:
    return parameterVectors ? "pvec4" : "vec4";
  case 8:
    return parameterVectors ? "pvec8" : "vec8";
  case 16:
    return parameterVectors ? "pvec16" : "vec16";
  case 32:
    return parameterVectors ? "pvec32" : "vec32";
  default:
    return "vec?";
  }
}

} // namespace baracuda

#pragma GCC visibility pop

#endif // BARACUDA_RUNTIME_LIB_KERNELCATALOG_H
