//===- BuiltinCpuKernels.cpp - The CPU kernels linked into the runtime ----===//

#include "BuiltinCpuKernels.h"

#include "baracuda/Family/QuantizeFamily.def"

#include "baracuda/Support/KernelAbi.h"

#include <cstdlib>
#include <iterator>
#include <string>
#include <vector>

// The C interfaces of the generated CPU kernels (KernelAbi.h), defined by the
// compiler's object files: the baseline set, the x86-64-v3 set (same code,
// compiled for AVX2/FMA/F16C, symbols suffixed _x86_64_v3) and the
// x86-64-v4 set (AVX-512, suffixed _x86_64_v4). Declared here only to take
// their addresses: each plan calls its kernels through their real type.
// The lists come from the family table: every kernel of every lowered op
// (QuantizeFamily.def).
#define BARACUDA_CPU_KERNEL_NAME(name, suffix)                                 \
  _mlir_ciface_baracuda_cpu_##name##suffix
#define BARACUDA_CPU_KERNEL_LEVELS(name, X)                                    \
  X(name, ) X(name, _x86_64_v3) X(name, _x86_64_v4)

// BARACUDA_FOR_EACH_CPU_KERNEL(X): X(name) for every CPU kernel name.
#define BARACUDA_QF_KERNELS_Q_(Q_, T_, symbol, X)                              \
  X(symbol##_##T_##_##Q_) X(symbol##_per_tensor_##T_##_##Q_)
#define BARACUDA_QF_KERNELS_T_1(T_, symbol, X)                                 \
  BARACUDA_QF_QUANT_TYPES(BARACUDA_QF_KERNELS_Q_, T_, symbol, X)
#define BARACUDA_QF_KERNELS_T_0(T_, symbol, X)                                 \
  X(symbol##_##T_) X(symbol##_per_tensor_##T_)
#define BARACUDA_QF_KERNELS_OF_OP_(Kind, symbol, hasQ, hasRange, operands, X)  \
  BARACUDA_QF_IF_LOWERED(                                                      \
      Kind, BARACUDA_QF_FLOAT_TYPES(BARACUDA_QF_KERNELS_T_##hasQ, symbol, X))
#define BARACUDA_QF_OPND_IGNORED_(name, role)
#define BARACUDA_QF_KERNELS_OF_OP(Kind, symbol, hasQ, hasRange, operands)      \
  BARACUDA_QF_KERNELS_OF_OP_(Kind, symbol, hasQ, hasRange, operands,           \
                             BARACUDA_CPU_KERNEL_X_)

#define BARACUDA_DECLARE_ONE_(name, suffix)                                    \
  extern "C" void BARACUDA_CPU_KERNEL_NAME(name, suffix)();
#define BARACUDA_CPU_KERNEL_X_(name)                                           \
  BARACUDA_CPU_KERNEL_LEVELS(name, BARACUDA_DECLARE_ONE_)
BARACUDA_QF_OPS(BARACUDA_QF_KERNELS_OF_OP, BARACUDA_QF_OPND_IGNORED_)
#undef BARACUDA_CPU_KERNEL_X_

namespace baracuda {

namespace {
// The three tables list the kernels under their baseline names (what a plan
// asks for); only the entry points differ.
#define BARACUDA_BUILTIN_ONE_(name, suffix)                                    \
  {"_mlir_ciface_baracuda_cpu_" #name,                                         \
   reinterpret_cast<void *>(&BARACUDA_CPU_KERNEL_NAME(name, suffix))},

#define BARACUDA_CPU_KERNEL_X_(name) BARACUDA_BUILTIN_ONE_(name, )
const BuiltinCpuKernel kBaselineKernels[] = {
    BARACUDA_QF_OPS(BARACUDA_QF_KERNELS_OF_OP, BARACUDA_QF_OPND_IGNORED_)};
#undef BARACUDA_CPU_KERNEL_X_
#define BARACUDA_CPU_KERNEL_X_(name) BARACUDA_BUILTIN_ONE_(name, _x86_64_v3)
const BuiltinCpuKernel kX86_64V3Kernels[] = {
    BARACUDA_QF_OPS(BARACUDA_QF_KERNELS_OF_OP, BARACUDA_QF_OPND_IGNORED_)};
#undef BARACUDA_CPU_KERNEL_X_
#define BARACUDA_CPU_KERNEL_X_(name) BARACUDA_BUILTIN_ONE_(name, _x86_64_v4)
const BuiltinCpuKernel kX86_64V4Kernels[] = {
    BARACUDA_QF_OPS(BARACUDA_QF_KERNELS_OF_OP, BARACUDA_QF_OPND_IGNORED_)};
#undef BARACUDA_CPU_KERNEL_X_
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
