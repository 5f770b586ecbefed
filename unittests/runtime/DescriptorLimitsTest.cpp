//===- DescriptorLimitsTest.cpp - Descriptors larger than memory ----------===//
//
// Issue 9: sizes the rules accept can still describe more bytes than an
// address space holds; such tensors cannot exist, so select and
// _can_implement refuse them (status 2) with the sizes in the message, while
// a large problem that fits is accepted.
//
//===----------------------------------------------------------------------===//

#include "QuantizeTestSupport.h"

#include "baracuda/baracuda_kernels.h"
#include "baracuda/runtime/QuantizePerGroupPlan.h"

#include <gtest/gtest.h>

#include <climits>

namespace baracuda::test {
namespace {

// Never dereferenced: the checks under test look at sizes and alignment.
alignas(64) unsigned char dummy[64];

TEST(DescriptorLimitsTest, MoreBytesThanAnAddressSpaceIsRefused) {
  // f64 INT32_MAX x INT32_MAX: 2^62 elements, about 2^65.6 bytes.
  EXPECT_EQ(baracuda_kernels_quantize_per_group_f64_s8_can_implement(
                INT32_MAX, INT32_MAX, 1, -128, 127, dummy, dummy, dummy, dummy),
            BARACUDA_KERNELS_INVALID_PROBLEM);
  std::string message = baracuda_kernels_last_error_message();
  EXPECT_TRUE(contains(message, "[outer_size, axis_size] = [2147483647, "
                                "2147483647]"))
      << message;
  EXPECT_TRUE(contains(message, "more than an address space holds")) << message;
  // Just over PTRDIFF_MAX with the smallest elements: f16 -> s8 group 1 is
  // 2 + 1 + 2 + 4 = 9 bytes per element; 2^30 x 2^30 elements is 9 * 2^60,
  // more than PTRDIFF_MAX (2^63 - 1).
  Result<QuantizePerGroupPlan<Half, int8_t>> plan =
      QuantizePerGroupPlan<Half, int8_t>::select(
          Stream::cpu(),
          QuantizePerGroupDescriptor{1 << 30, 1 << 30, 1, -128, 127,
                                     ElementKind::F16, ElementKind::S8});
  ASSERT_FALSE(plan.ok());
  EXPECT_EQ(plan.status().code(), StatusCode::InvalidProblem);
  EXPECT_TRUE(contains(plan.status().message(),
                       "needs 10376293541461622784 bytes")) // 9 * 2^60
      << plan.status().message();
}

TEST(DescriptorLimitsTest, LargeProblemsThatFitAreAccepted) {
  // f32 -> s8 [INT32_MAX, 1] group 1: 13 bytes per element, about 26 GiB.
  EXPECT_EQ(baracuda_kernels_quantize_per_group_f32_s8_can_implement(
                INT32_MAX, 1, 1, -128, 127, dummy, dummy, dummy, dummy),
            BARACUDA_KERNELS_SUCCESS)
      << baracuda_kernels_last_error_message();
  // s8 output, group 2^30: [2^30, 2^32 - 2^30 ...] stays below 2^63 bytes.
  EXPECT_EQ(
      baracuda_kernels_quantize_per_group_f16_s8_can_implement(
          1 << 20, 1 << 30, 1 << 30, -128, 127, dummy, dummy, dummy, dummy),
      BARACUDA_KERNELS_SUCCESS)
      << baracuda_kernels_last_error_message();
}

} // namespace
} // namespace baracuda::test
