//===- BuiltinCpuKernels.cpp - The CPU kernels linked into the runtime ----===//

#include "BuiltinCpuKernels.h"

#include "QuantizePerGroupKernels.h"

#include "baracuda/Support/KernelAbi.h"

#include <iterator>

// The C interfaces of the generated CPU kernels (KernelAbi.h), defined by the
// compiler's object file.
#define BARACUDA_DECLARE_CPU_KERNEL(in, out)                                   \
  extern "C" void _mlir_ciface_baracuda_cpu_quantize_per_group_##in##_##out(   \
      baracuda::MemRefDescriptor1D<BARACUDA_STORAGE_TYPE(in)> *input,          \
      baracuda::MemRefDescriptor1D<BARACUDA_STORAGE_TYPE(in)> *scale,          \
      baracuda::MemRefDescriptor1D<int32_t> *zeroPoint,                        \
      baracuda::MemRefDescriptor1D<BARACUDA_STORAGE_TYPE(out)> *output,        \
      int64_t numElements, int64_t groupSize, int32_t qMin, int32_t qMax);
BARACUDA_KERNELS_QUANTIZE_PER_GROUP_PAIRS(BARACUDA_DECLARE_CPU_KERNEL)
#undef BARACUDA_DECLARE_CPU_KERNEL

namespace baracuda {

namespace {
#define BARACUDA_BUILTIN_CPU_KERNEL(in, out)                                   \
  {"_mlir_ciface_baracuda_cpu_quantize_per_group_" #in "_" #out,               \
   reinterpret_cast<void *>(                                                   \
       &_mlir_ciface_baracuda_cpu_quantize_per_group_##in##_##out)},
const BuiltinCpuKernel kBuiltinCpuKernels[] = {
    BARACUDA_KERNELS_QUANTIZE_PER_GROUP_PAIRS(BARACUDA_BUILTIN_CPU_KERNEL)};
#undef BARACUDA_BUILTIN_CPU_KERNEL
} // namespace

const BuiltinCpuKernel *builtinCpuKernels() { return kBuiltinCpuKernels; }
size_t numBuiltinCpuKernels() { return std::size(kBuiltinCpuKernels); }

} // namespace baracuda
