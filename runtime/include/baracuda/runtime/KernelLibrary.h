//===- KernelLibrary.h - Where plans get their kernels from -----*- C++ -*-===//
//
// A KernelLibrary holds compiled kernels under the names of KernelAbi.h: the
// builtin one (the images and CPU object the baracuda compiler produced for
// this runtime), or one made from a module the user compiled themselves, so a
// tool such as baracuda-run can launch a kernel it has just built from IR
// through the same plans.
//
// CUDA images are loaded lazily, once per CUDA context (keyed by cuCtxGetId),
// each context behind its own mutex: a slow first load in one context never
// blocks launches in another. Entries of destroyed contexts are dropped.
//
//===----------------------------------------------------------------------===//

#ifndef BARACUDA_RUNTIME_KERNELLIBRARY_H
#define BARACUDA_RUNTIME_KERNELLIBRARY_H

#include "baracuda/runtime/Result.h"
#include "baracuda/runtime/Sku.h"

#include <cuda.h>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace baracuda {

/// Index of a kernel in the runtime's kernel catalog (every kernel name a plan
/// may ask a library for). Plans obtain ids; callers never need them.
using KernelId = uint32_t;

/// A library's kernels as loaded into one CUDA context.
struct LoadedCudaModule {
  CUmodule module = nullptr;
  /// The target of the loaded image (for an external image, the device's
  /// family: the runtime cannot see which target it was compiled for).
  ArchSku arch = ArchSku::Sm80;
  /// The context's device (its ordinal).
  int deviceOrdinal = 0;
  /// 10 * major + minor of the context's device.
  int deviceSmVersion = 0;
  /// Streaming multiprocessors of the context's device (grid sizing).
  int multiprocessorCount = 0;
  /// Peak DRAM bandwidth of the context's device in bytes per second
  /// (memory clock x 2 x bus width; 0 where the driver does not say).
  double memoryBytesPerSecond = 0;
  /// Whether the context's device has fast memory per multiprocessor
  /// (KernelAbi.h's familyHasFastMemory): the grids of the per-tensor
  /// kernels and of those with parameters in memory follow it
  /// (familyMaxWaves).
  bool fastMemory = false;
  /// Whether plans launch the ring variants of their kernels here
  /// (KernelAbi.h's familyPrefersAsyncRings for this device, unless
  /// BARACUDA_ASYNC_RINGS is "on" or "off").
  bool launchesAsyncRings = false;
  /// Whether plans launch the 32-bit variants of their kernels here where a
  /// launch fits them (KernelAbi.h's familyFitsIndex32): yes unless
  /// BARACUDA_INDEX32_VARIANTS is "off" (benchmarks and tests run both
  /// variants on one GPU with it).
  bool launchesIndex32Variants = true;
  /// Indexed by KernelId; nullptr where the module lacks that kernel.
  std::vector<CUfunction> functions;
  /// Indexed by KernelId: blocks of the kernel's threads per block (its
  /// catalog entry's) that fit on one multiprocessor at once (registers
  /// decide), for grid sizing.
  std::vector<int> residentBlocksPerMultiprocessor;
};

class KernelLibrary {
public:
  /// The kernels built into this runtime: the embedded CUDA images (the one
  /// with the largest sm version not above the device's is loaded; fatbins JIT
  /// their PTX on newer chips) and the linked CPU kernels. Never fails; a
  /// device no image fits is reported by cudaModule().
  static std::shared_ptr<const KernelLibrary> builtin();
  /// The CPU kernel set builtin() runs: "baseline", "x86-64-v3" (AVX2, FMA,
  /// F16C) or "x86-64-v4" (AVX-512), the highest this CPU supports unless
  /// BARACUDA_CPU_KERNEL_SET names another; "none" when that variable names
  /// a set this CPU lacks (builtin() then has no CPU kernels and select()
  /// says why).
  static std::string builtinCpuKernelSet();

  /// A library of one CUDA module: a cubin, a fatbin or NUL-terminated-or-not
  /// PTX text (the bytes are copied). Kernels are looked up by the KernelAbi.h
  /// names; the module may hold any subset of them. No CPU kernels. Fails
  /// (InvalidProblem) only for empty bytes: the image is loaded, and its
  /// errors reported, when a plan first needs it in a context.
  static Result<std::shared_ptr<const KernelLibrary>>
  fromCudaImage(const void *data, size_t bytes);

  /// A library of the CPU kernels exported by a shared object (dlopen of
  /// `path`, dlsym of the "_mlir_ciface_" + KernelAbi.h names). No CUDA
  /// kernels. Errors: Unsupported when dlopen fails or the object exports no
  /// known kernel (message names the path and dlerror).
  static Result<std::shared_ptr<const KernelLibrary>>
  fromCpuSharedObject(const std::string &path);

  ~KernelLibrary();
  KernelLibrary(const KernelLibrary &) = delete;
  KernelLibrary &operator=(const KernelLibrary &) = delete;

  bool hasCudaKernels() const;
  bool hasCpuKernels() const;
  /// "builtin", "CUDA image (N bytes)" or "CPU shared object <path>".
  const std::string &description() const;

  // --- Used by plans. ---

  /// This library's CUDA module as loaded into `context` (loading it on
  /// first use; the context need not be current). Valid while the context
  /// lives. A failed load is remembered for the context: later calls return
  /// the same status without retrying. Errors: Unsupported when the library
  /// has no CUDA kernels, no image fits the device, or the driver lacks
  /// cuCtxGetId; Internal for a driver failure (message has the driver's
  /// error text).
  Result<const LoadedCudaModule *> cudaModule(CUcontext context) const;

  /// The C-interface entry point of CPU kernel `id`, or nullptr.
  void *cpuKernel(KernelId id) const;

  /// The name of kernel `id`, for messages: "quantize_f32_s8".
  static const std::string &kernelName(KernelId id);

  struct Impl;

private:
  explicit KernelLibrary(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

} // namespace baracuda

#endif // BARACUDA_RUNTIME_KERNELLIBRARY_H
