//===- QuantizeCpuTest.cpp - CPU backend, bit-exact vs the reference ------===//
//
// The generated CPU kernels, through the typed plan, against the independent
// host reference: random data on odd shapes for every quant range, and the
// edge cases, for all 8 (input, output) pairs. Outputs are poisoned (twice,
// with different bytes) and guarded past their end.
//
//===----------------------------------------------------------------------===//

#include "QuantizeTestSupport.h"

#include <gtest/gtest.h>

#include <string>

namespace baracuda::test {
namespace {

template <typename Pair>
class QuantizePerGroupCpuTest : public ::testing::Test {
protected:
  static constexpr ElementKind kIn = elementKindOf<typename Pair::Input>;
  static constexpr ElementKind kOut = elementKindOf<typename Pair::Output>;
};
TYPED_TEST_SUITE(QuantizePerGroupCpuTest, AllQuantizePairs, QuantizePairNames);

TYPED_TEST(QuantizePerGroupCpuTest, MatrixMatchesReference) {
  expectMatrixMatchesReference(
      this->kIn, this->kOut,
      [](const QuantizeProblem &problem, uint8_t poison) {
        return runOnCpu(problem, poison);
      });
}

TYPED_TEST(QuantizePerGroupCpuTest, GenericVariantMatchesReference) {
  std::mt19937_64 random(testSeed());
  QuantizeProblem problem = randomProblem(this->kIn, this->kOut, "generic", 4,
                                          512, 64, 0, 15, random);
  expectMatchesReference(problem, [](const QuantizeProblem &p, uint8_t poison) {
    return runOnCpu(p, poison, PlanPreference::PreferGeneric);
  });
}

// KernelLibrary::fromCpuSharedObject: the same kernels, dlopen-ed, as
// baracuda-run does for a kernel compiled by the user.
TYPED_TEST(QuantizePerGroupCpuTest, SharedObjectLibraryMatchesReference) {
  Result<std::shared_ptr<const KernelLibrary>> library =
      KernelLibrary::fromCpuSharedObject(testCpuKernelsSharedObject());
  ASSERT_TRUE(library.ok()) << library.status().message();
  EXPECT_TRUE((*library)->hasCpuKernels());
  EXPECT_FALSE((*library)->hasCudaKernels());
  EXPECT_TRUE(contains((*library)->description(), "CPU shared object"));
  std::mt19937_64 random(testSeed());
  QuantizeProblem problem = randomProblem(this->kIn, this->kOut, "dlopen-ed", 3,
                                          384, 128, 0, 7, random);
  std::shared_ptr<const KernelLibrary> shared = *library;
  expectMatchesReference(
      problem, [shared](const QuantizeProblem &p, uint8_t poison) {
        return runOnCpu(p, poison, PlanPreference::Default, shared);
      });
}

} // namespace
} // namespace baracuda::test
