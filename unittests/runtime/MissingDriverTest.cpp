//===- MissingDriverTest.cpp - Behaviour on a machine without libcuda -----===//
//
// The runtime never links libcuda: without a driver, CUDA requests fail with
// a clear Unsupported status and the CPU backend keeps working. Skipped where
// a driver is installed (the Cuda tests run there instead). "Without a driver"
// includes the toolkit's stub libcuda.so on the library path (common in
// containers): its cuInit fails, so the reason differs, but the status and
// the presence of a reason do not.
//
//===----------------------------------------------------------------------===//

#include "QuantizeTestSupport.h"

#include "baracuda/runtime/CudaDevice.h"
#include "baracuda/runtime/CudaDriver.h"

#include <gtest/gtest.h>

namespace baracuda::test {
namespace {

class MissingDriverTest : public ::testing::Test {
protected:
  void SetUp() override {
    std::optional<std::string> unavailable = cudaUnavailableReason();
    if (!unavailable || unavailable->rfind("no CUDA driver", 0) != 0)
      GTEST_SKIP() << "a CUDA driver is present";
  }
};

QuantizePerGroupDescriptor descriptor() {
  return QuantizePerGroupDescriptor{2, 8, 4, -8, 7};
}

TEST_F(MissingDriverTest, DriverLoadFailsWithReason) {
  Status whyNot;
  EXPECT_EQ(CudaDriver::get(&whyNot), nullptr);
  EXPECT_EQ(whyNot.code(), StatusCode::Unsupported);
  // "CUDA driver not available: <dlerror>" or "CUDA driver not usable:
  // cuInit: <error>": a reason follows the colon.
  EXPECT_EQ(whyNot.message().rfind("CUDA driver not ", 0), 0u)
      << whyNot.message();
  size_t colon = whyNot.message().find(": ");
  ASSERT_NE(colon, std::string::npos) << whyNot.message();
  EXPECT_GT(whyNot.message().size(), colon + 2) << whyNot.message();
  EXPECT_EQ(CudaDriver::getIfCudaMemoryCanExist(), nullptr);
  EXPECT_EQ(*cudaUnavailableReason(),
            "no CUDA driver (" + whyNot.message() + ")");
}

TEST_F(MissingDriverTest, GpuStreamIsUnsupported) {
  Result<QuantizePerGroupPlan<float, int8_t>> plan =
      QuantizePerGroupPlan<float, int8_t>::select(Stream::cuda(nullptr),
                                                  descriptor());
  ASSERT_FALSE(plan.ok());
  EXPECT_EQ(plan.status().code(), StatusCode::Unsupported);
  Status whyNot;
  ASSERT_EQ(CudaDriver::get(&whyNot), nullptr);
  EXPECT_EQ(plan.status().message(), "quantize_per_group: " + whyNot.message());
  Result<CUcontext> context = Stream::cuda(nullptr).cudaContext();
  EXPECT_EQ(context.status().code(), StatusCode::Unsupported);
}

TEST_F(MissingDriverTest, DescriptorRulesComeFirst) {
  QuantizePerGroupDescriptor desc = descriptor();
  desc.group_size = 3;
  Result<QuantizePerGroupPlan<float, int8_t>> plan =
      QuantizePerGroupPlan<float, int8_t>::select(Stream::cuda(nullptr), desc);
  ASSERT_FALSE(plan.ok());
  EXPECT_EQ(plan.status().code(), StatusCode::InvalidProblem);
}

TEST_F(MissingDriverTest, GpuHelpersAreUnsupported) {
  EXPECT_EQ(CudaDevice::open().status().code(), StatusCode::Unsupported);
  EXPECT_EQ(CudaBuffer::allocate(16).status().code(), StatusCode::Unsupported);
  EXPECT_EQ(CudaStream::create().status().code(), StatusCode::Unsupported);
  EXPECT_EQ(CudaEvent::create().status().code(), StatusCode::Unsupported);
}

TEST_F(MissingDriverTest, CpuStillWorks) {
  std::mt19937_64 random(testSeed());
  QuantizeProblem problem = randomProblem(ElementKind::F32, ElementKind::S8,
                                          "cpu", 2, 8, 4, -8, 7, random);
  expectMatchesReference(problem, [](const QuantizeProblem &p, uint8_t poison) {
    return runOnCpu(p, poison);
  });
}

} // namespace
} // namespace baracuda::test
