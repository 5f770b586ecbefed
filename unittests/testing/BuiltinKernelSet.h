//===- BuiltinKernelSet.h - The CPU kernel set a test runs on ---*- C++ -*-===//
//
// The tests that run the compiled CPU kernels are registered once per
// builtin kernel set (BARACUDA_CPU_KERNEL_SET, unittests/testing/
// CMakeLists.txt); this says which set the runtime picked.
//
//===----------------------------------------------------------------------===//

#ifndef BARACUDA_UNITTESTS_TESTING_BUILTINKERNELSET_H
#define BARACUDA_UNITTESTS_TESTING_BUILTINKERNELSET_H

#include "baracuda/runtime/QuantizePerGroupPlan.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <string>

namespace baracuda::testing {

/// The builtin CPU kernel set the runtime picked, which must be the one
/// BARACUDA_CPU_KERNEL_SET names; "none" where this CPU lacks it.
inline std::string builtinKernelSet() {
  const std::string set = KernelLibrary::builtinCpuKernelSet();
  if (const char *wanted = std::getenv("BARACUDA_CPU_KERNEL_SET");
      wanted && set != "none")
    EXPECT_EQ(set, wanted);
  return set;
}

} // namespace baracuda::testing

#endif // BARACUDA_UNITTESTS_TESTING_BUILTINKERNELSET_H
