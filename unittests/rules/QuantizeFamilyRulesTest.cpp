//===- QuantizeFamilyRulesTest.cpp - Rules of the quantization family -----===//
//
// The parameter layout's index map against a brute-force definition of each
// granularity, and the layout and data rules from both sides.
//
//===----------------------------------------------------------------------===//

#include "baracuda/Rules/QuantizeFamilyRules.h"
#include "Support/StringAssertions.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <vector>

namespace baracuda {
namespace {

using test::contains;

/// The parameter of each element of row-major data of shape `shape`, by the
/// granularity's definition (multi-index -> parameter).
std::vector<int64_t> parametersByDefinition(const ParameterLayout &layout,
                                            const std::vector<int64_t> &shape) {
  int64_t numElements = 1;
  for (int64_t dim : shape)
    numElements *= dim;
  std::vector<int64_t> result;
  for (int64_t i = 0; i < numElements; ++i) {
    std::vector<int64_t> index(shape.size());
    int64_t rest = i;
    for (size_t d = shape.size(); d-- > 0;) {
      index[d] = rest % shape[d];
      rest /= shape[d];
    }
    switch (layout.kind) {
    case LayoutKind::PerTensor:
      result.push_back(0);
      break;
    case LayoutKind::PerChannel:
      result.push_back(index[layout.axis]);
      break;
    case LayoutKind::PerToken:
      result.push_back(index[0]);
      break;
    case LayoutKind::PerGroup:
      result.push_back(index[0] * (shape[1] / layout.groupSize) +
                       index[1] / layout.groupSize);
      break;
    }
  }
  return result;
}

void expectIndexMapMatches(const ParameterLayout &layout,
                           const std::vector<int64_t> &shape) {
  SCOPED_TRACE(layoutText(layout));
  BlockPeriod bp = blockAndPeriod(layout, shape);
  std::vector<int64_t> expected = parametersByDefinition(layout, shape);
  for (size_t i = 0; i < expected.size(); ++i)
    ASSERT_EQ((static_cast<int64_t>(i) / bp.block) % bp.period, expected[i])
        << "element " << i;
  // Every parameter parameterShape provides is used, and no other.
  MaybeShape data(shape.begin(), shape.end());
  int64_t count = 1;
  for (const MaybeDim &dim : parameterShape(layout, data))
    count *= *dim;
  int64_t used = 0;
  for (int64_t p : expected)
    used = std::max(used, p + 1);
  if (!expected.empty())
    EXPECT_EQ(count, used);
}

TEST(QuantizeFamilyRulesTest, IndexMapMatchesEveryGranularity) {
  expectIndexMapMatches(ParameterLayout::perTensor(), {3, 5, 7});
  expectIndexMapMatches(ParameterLayout::perTensor(), {});
  for (int64_t axis : {0, 1, 2})
    expectIndexMapMatches(ParameterLayout::perChannel(axis), {3, 5, 7});
  expectIndexMapMatches(ParameterLayout::perChannel(0), {11});
  expectIndexMapMatches(ParameterLayout::perToken(), {4, 9});
  expectIndexMapMatches(ParameterLayout::perGroup(3), {4, 12});
  expectIndexMapMatches(ParameterLayout::perGroup(12), {2, 12});
}

TEST(QuantizeFamilyRulesTest, EmptyProblemsHaveUnitBlockAndPeriod) {
  BlockPeriod bp = blockAndPeriod(ParameterLayout::perChannel(1), {4, 0, 3});
  EXPECT_EQ(bp.block, 1);
  EXPECT_EQ(bp.period, 1);
}

TEST(QuantizeFamilyRulesTest, LayoutRulesFromBothSides) {
  EXPECT_TRUE(validateLayout(ParameterLayout::perChannel(0), 1).ok());
  EXPECT_TRUE(validateLayout(ParameterLayout::perChannel(2), 3).ok());
  Status past = validateLayout(ParameterLayout::perChannel(3), 3);
  EXPECT_EQ(past.code(), StatusCode::InvalidProblem);
  EXPECT_TRUE(
      contains(past.message(), "axis (3) must lie in [0, rank) = [0, 3)"));
  EXPECT_FALSE(validateLayout(ParameterLayout::perChannel(-1), 3).ok());
  EXPECT_TRUE(validateLayout(ParameterLayout::perToken(), 2).ok());
  EXPECT_FALSE(validateLayout(ParameterLayout::perToken(), 3).ok());
  EXPECT_TRUE(validateLayout(ParameterLayout::perGroup(1), 2).ok());
  Status zero = validateLayout(ParameterLayout::perGroup(0), 2);
  EXPECT_TRUE(contains(zero.message(), "group_size (0) must be positive"));
}

TEST(QuantizeFamilyRulesTest, DataRulesFromBothSides) {
  ParameterLayout group = ParameterLayout::perGroup(4);
  EXPECT_TRUE(validateDataShape(group, {2, 8}).ok());
  EXPECT_TRUE(validateDataShape(group, {2, std::nullopt}).ok());
  EXPECT_FALSE(validateDataShape(group, {2, 9}).ok()); // remainder 1
  Status rem = validateDataShape(group, {2, 6});
  EXPECT_TRUE(contains(rem.message(),
                       "dim 1 of the data (6) must be a multiple of "
                       "group_size (4)"));
  ParameterLayout tensor = ParameterLayout::perTensor();
  EXPECT_TRUE(validateDataShape(tensor, {kMaxFamilyDimSize}).ok());
  EXPECT_FALSE(validateDataShape(tensor, {kMaxFamilyDimSize + 1}).ok());
  EXPECT_FALSE(validateDataShape(tensor, {-1}).ok());
  EXPECT_TRUE(
      validateDataShape(tensor, {int64_t{1} << 30, int64_t{1} << 30}).ok());
  Status many =
      validateDataShape(tensor, {int64_t{1} << 30, int64_t{1} << 30, 2});
  EXPECT_TRUE(contains(many.message(), "must have at most 2^60 elements"));
  // An empty problem has no element-count limit to break.
  EXPECT_TRUE(validateDataShape(tensor, {kMaxFamilyDimSize, kMaxFamilyDimSize,
                                         kMaxFamilyDimSize, 0})
                  .ok());
}

TEST(QuantizeFamilyRulesTest, RangeRulesFromBothSides) {
  EXPECT_TRUE(
      validateRange(FamilyOp::Quantize, ElementKind::S8, -128, 127).ok());
  EXPECT_FALSE(
      validateRange(FamilyOp::Quantize, ElementKind::S8, -129, 127).ok());
  EXPECT_FALSE(validateRange(FamilyOp::Quantize, ElementKind::U8, 0, 256).ok());
  EXPECT_TRUE(
      validateRange(FamilyOp::FakeQuantize, std::nullopt, -1000, 1000).ok());
  EXPECT_TRUE(
      validateRange(FamilyOp::QuantizeBackward, std::nullopt, 3, 3).ok());
  EXPECT_FALSE(
      validateRange(FamilyOp::QuantizeBackward, std::nullopt, 3, 2).ok());
  // Ops without a range have no range rule.
  EXPECT_TRUE(validateRange(FamilyOp::Dequantize, std::nullopt, 3, 2).ok());
}

TEST(QuantizeFamilyRulesTest, OperandsEndWithTheDestination) {
  for (FamilyOp op : {FamilyOp::Quantize, FamilyOp::Dequantize,
                      FamilyOp::QuantizeBackward, FamilyOp::DequantizeBackward,
                      FamilyOp::FakeQuantize, FamilyOp::FakeQuantizeBackward}) {
    const std::vector<FamilyOperand> &operands = familyOperands(op);
    ASSERT_GE(operands.size(), 3u) << familyOpName(op);
    std::string last = operands.back().name;
    EXPECT_TRUE(last == "output" || last == "grad_input") << familyOpName(op);
  }
}

} // namespace
} // namespace baracuda
