//===- BuiltinCpuKernels.cpp - The CPU kernels linked into the runtime ----===//

#include "BuiltinCpuKernels.h"

#include "QuantizePerGroupKernels.h"

#include "baracuda/Support/KernelAbi.h"

#include <iterator>

// The C interfaces of the generated CPU kernels (KernelAbi.h), defined by the
// compiler's object files: the baseline set and the x86-64-v3 set (same
// code, compiled for AVX2/FMA/F16C, symbols suffixed _x86_64_v3).
#define BARACUDA_DECLARE_CPU_KERNEL_LEVEL(in, out, suffix)                     \
  extern "C" void                                                              \
      _mlir_ciface_baracuda_cpu_quantize_per_group_##in##_##out##suffix(       \
          baracuda::MemRefDescriptor1D<BARACUDA_STORAGE_TYPE(in)> *input,      \
          baracuda::MemRefDescriptor1D<BARACUDA_STORAGE_TYPE(in)> *scale,      \
          baracuda::MemRefDescriptor1D<int32_t> *zeroPoint,                    \
          baracuda::MemRefDescriptor1D<BARACUDA_STORAGE_TYPE(out)> *output,    \
          int64_t numElements, int64_t groupSize, int32_t qMin, int32_t qMax);
#define BARACUDA_DECLARE_CPU_KERNEL(in, out)                                   \
  BARACUDA_DECLARE_CPU_KERNEL_LEVEL(in, out, )                                 \
  BARACUDA_DECLARE_CPU_KERNEL_LEVEL(in, out, _x86_64_v3)
BARACUDA_KERNELS_QUANTIZE_PER_GROUP_PAIRS(BARACUDA_DECLARE_CPU_KERNEL)
#undef BARACUDA_DECLARE_CPU_KERNEL
#undef BARACUDA_DECLARE_CPU_KERNEL_LEVEL

namespace baracuda {

namespace {
// Both tables list the kernels under their baseline names (what a plan asks
// for); only the entry points differ.
#define BARACUDA_BUILTIN_CPU_KERNEL_LEVEL(in, out, suffix)                     \
  {"_mlir_ciface_baracuda_cpu_quantize_per_group_" #in "_" #out,               \
   reinterpret_cast<void *>(                                                   \
       &_mlir_ciface_baracuda_cpu_quantize_per_group_##in##_##out##suffix)},
#define BARACUDA_BUILTIN_CPU_KERNEL(in, out)                                   \
  BARACUDA_BUILTIN_CPU_KERNEL_LEVEL(in, out, )
#define BARACUDA_BUILTIN_CPU_KERNEL_V3(in, out)                                \
  BARACUDA_BUILTIN_CPU_KERNEL_LEVEL(in, out, _x86_64_v3)
const BuiltinCpuKernel kBaselineKernels[] = {
    BARACUDA_KERNELS_QUANTIZE_PER_GROUP_PAIRS(BARACUDA_BUILTIN_CPU_KERNEL)};
const BuiltinCpuKernel kX86_64V3Kernels[] = {
    BARACUDA_KERNELS_QUANTIZE_PER_GROUP_PAIRS(BARACUDA_BUILTIN_CPU_KERNEL_V3)};
#undef BARACUDA_BUILTIN_CPU_KERNEL_V3
#undef BARACUDA_BUILTIN_CPU_KERNEL
#undef BARACUDA_BUILTIN_CPU_KERNEL_LEVEL
static_assert(std::size(kBaselineKernels) == std::size(kX86_64V3Kernels));

bool cpuHasX86_64V3() {
#if defined(__x86_64__) && defined(__GNUC__)
  __builtin_cpu_init();
  return __builtin_cpu_supports("x86-64-v3");
#else
  return false;
#endif
}
} // namespace

const BuiltinCpuKernel *builtinCpuKernels() {
  static const bool v3 = cpuHasX86_64V3();
  return v3 ? kX86_64V3Kernels : kBaselineKernels;
}
size_t numBuiltinCpuKernels() { return std::size(kBaselineKernels); }

} // namespace baracuda
