//===- BuiltinCpuKernels.cpp - The CPU kernels linked into the runtime ----===//

#include "BuiltinCpuKernels.h"

#include "QuantizePerGroupKernels.h"

#include "baracuda/Support/KernelAbi.h"

#include <cstdlib>
#include <iterator>
#include <string>
#include <vector>

// The C interfaces of the generated CPU kernels (KernelAbi.h), defined by the
// compiler's object files: the baseline set, the x86-64-v3 set (same code,
// compiled for AVX2/FMA/F16C, symbols suffixed _x86_64_v3) and the
// x86-64-v4 set (AVX-512, suffixed _x86_64_v4).
#define BARACUDA_DECLARE_CPU_KERNEL_LEVEL(in, out, suffix)                     \
  extern "C" void _mlir_ciface_baracuda_cpu_quantize_##in##_##out##suffix(     \
      baracuda::MemRefDescriptor1D<BARACUDA_STORAGE_TYPE(in)> *input,          \
      baracuda::MemRefDescriptor1D<BARACUDA_STORAGE_TYPE(in)> *scale,          \
      baracuda::MemRefDescriptor1D<int32_t> *zeroPoint,                        \
      baracuda::MemRefDescriptor1D<BARACUDA_STORAGE_TYPE(out)> *output,        \
      int64_t numElements, int64_t block, int64_t period, int32_t qMin,        \
      int32_t qMax);
#define BARACUDA_DECLARE_CPU_KERNEL(in, out)                                   \
  BARACUDA_DECLARE_CPU_KERNEL_LEVEL(in, out, )                                 \
  BARACUDA_DECLARE_CPU_KERNEL_LEVEL(in, out, _x86_64_v3)                       \
  BARACUDA_DECLARE_CPU_KERNEL_LEVEL(in, out, _x86_64_v4)
BARACUDA_KERNELS_QUANTIZE_PER_GROUP_PAIRS(BARACUDA_DECLARE_CPU_KERNEL)
#undef BARACUDA_DECLARE_CPU_KERNEL
#undef BARACUDA_DECLARE_CPU_KERNEL_LEVEL

namespace baracuda {

namespace {
// Both tables list the kernels under their baseline names (what a plan asks
// for); only the entry points differ.
#define BARACUDA_BUILTIN_CPU_KERNEL_LEVEL(in, out, suffix)                     \
  {"_mlir_ciface_baracuda_cpu_quantize_" #in "_" #out,                         \
   reinterpret_cast<void *>(                                                   \
       &_mlir_ciface_baracuda_cpu_quantize_##in##_##out##suffix)},
#define BARACUDA_BUILTIN_CPU_KERNEL(in, out)                                   \
  BARACUDA_BUILTIN_CPU_KERNEL_LEVEL(in, out, )
#define BARACUDA_BUILTIN_CPU_KERNEL_V3(in, out)                                \
  BARACUDA_BUILTIN_CPU_KERNEL_LEVEL(in, out, _x86_64_v3)
#define BARACUDA_BUILTIN_CPU_KERNEL_V4(in, out)                                \
  BARACUDA_BUILTIN_CPU_KERNEL_LEVEL(in, out, _x86_64_v4)
const BuiltinCpuKernel kBaselineKernels[] = {
    BARACUDA_KERNELS_QUANTIZE_PER_GROUP_PAIRS(BARACUDA_BUILTIN_CPU_KERNEL)};
const BuiltinCpuKernel kX86_64V3Kernels[] = {
    BARACUDA_KERNELS_QUANTIZE_PER_GROUP_PAIRS(BARACUDA_BUILTIN_CPU_KERNEL_V3)};
const BuiltinCpuKernel kX86_64V4Kernels[] = {
    BARACUDA_KERNELS_QUANTIZE_PER_GROUP_PAIRS(BARACUDA_BUILTIN_CPU_KERNEL_V4)};
#undef BARACUDA_BUILTIN_CPU_KERNEL_V4
#undef BARACUDA_BUILTIN_CPU_KERNEL_V3
#undef BARACUDA_BUILTIN_CPU_KERNEL
#undef BARACUDA_BUILTIN_CPU_KERNEL_LEVEL
static_assert(std::size(kBaselineKernels) == std::size(kX86_64V3Kernels));
static_assert(std::size(kBaselineKernels) == std::size(kX86_64V4Kernels));

struct Level {
  const char *name;
  const BuiltinCpuKernel *kernels;
  bool supported;
};

/// The levels, lowest first, with what this CPU supports.
std::vector<Level> levels() {
  bool v3 = false, v4 = false;
#if defined(__x86_64__) && defined(__GNUC__)
  __builtin_cpu_init();
  v3 = __builtin_cpu_supports("x86-64-v3");
  v4 = __builtin_cpu_supports("x86-64-v4");
#endif
  return {{"baseline", kBaselineKernels, true},
          {"x86-64-v3", kX86_64V3Kernels, v3},
          {"x86-64-v4", kX86_64V4Kernels, v4}};
}

BuiltinCpuKernelSet chooseSet() {
  std::vector<Level> all = levels();
  const char *wanted = std::getenv("BARACUDA_CPU_KERNEL_SET");
  if (!wanted || !*wanted) {
    for (auto level = all.rbegin(); level != all.rend(); ++level)
      if (level->supported)
        return {level->name, level->kernels, ""};
  }
  std::string supported;
  for (const Level &level : all) {
    if (!level.supported)
      continue;
    if (level.name == std::string(wanted))
      return {level.name, level.kernels, ""};
    supported += std::string(supported.empty() ? "" : ", ") + level.name;
  }
  return {"none", nullptr,
          std::string("BARACUDA_CPU_KERNEL_SET ('") + wanted +
              "') must name a kernel set this CPU supports: " + supported};
}
} // namespace

const BuiltinCpuKernelSet &builtinCpuKernelSet() {
  static const BuiltinCpuKernelSet set = chooseSet();
  return set;
}

const BuiltinCpuKernel *builtinCpuKernels() {
  return builtinCpuKernelSet().kernels;
}
size_t numBuiltinCpuKernels() { return std::size(kBaselineKernels); }

} // namespace baracuda
