//===- QuantizePerGroupRulesTest.cpp - Rules of quantize_per_group --------===//
//
// Every rule from both sides: the value on the boundary passes, the first
// value past it fails with the rule's code and a message that names the rule
// and the numbers.
//
//===----------------------------------------------------------------------===//

#include "baracuda/Rules/QuantizePerGroupRules.h"
#include "Support/StringAssertions.h"

#include <gtest/gtest.h>

#include <string>

namespace baracuda {
namespace {

using test::contains;

QuantizePerGroupDescriptor validDescriptor() {
  return QuantizePerGroupDescriptor{
      4, 256, 128, -8, 7, ElementKind::F32, ElementKind::S8};
}

void expectPasses(const QuantizePerGroupDescriptor &desc) {
  Status status = validateQuantizePerGroupDescriptor(desc);
  EXPECT_TRUE(status.ok()) << status.message();
  EXPECT_EQ(status.code(), StatusCode::Success);
  EXPECT_EQ(status.message(), "");
}

void expectFails(const QuantizePerGroupDescriptor &desc, StatusCode code,
                 const std::string &message) {
  Status status = validateQuantizePerGroupDescriptor(desc);
  EXPECT_FALSE(status.ok());
  EXPECT_EQ(status.code(), code) << status.message();
  EXPECT_EQ(status.message(), message);
}

TEST(QuantizePerGroupRulesTest, ValidDescriptorPasses) {
  expectPasses(validDescriptor());
}

// Rule 1: input_element in {f32, f64, f16, bf16}.
TEST(QuantizePerGroupRulesTest, InputElementRule) {
  for (ElementKind kind : {ElementKind::F32, ElementKind::F64, ElementKind::F16,
                           ElementKind::BF16}) {
    QuantizePerGroupDescriptor desc = validDescriptor();
    desc.input_element = kind;
    expectPasses(desc);
    EXPECT_TRUE(isQuantizePerGroupInputElement(kind));
  }
  for (ElementKind kind :
       {ElementKind::S8, ElementKind::U8, ElementKind::S32}) {
    QuantizePerGroupDescriptor desc = validDescriptor();
    desc.input_element = kind;
    expectFails(desc, StatusCode::Unsupported,
                "input_element (" + std::string(elementKindName(kind)) +
                    ") must be one of f32, f64, f16, bf16");
    EXPECT_FALSE(isQuantizePerGroupInputElement(kind));
  }
}

// Rule 2: output_element in {s8, u8}.
TEST(QuantizePerGroupRulesTest, OutputElementRule) {
  for (ElementKind kind : {ElementKind::S8, ElementKind::U8}) {
    QuantizePerGroupDescriptor desc = validDescriptor();
    desc.output_element = kind;
    desc.q_min = 0; // Inside both ranges.
    expectPasses(desc);
    EXPECT_TRUE(isQuantizePerGroupOutputElement(kind));
  }
  for (ElementKind kind : {ElementKind::S32, ElementKind::F32, ElementKind::F64,
                           ElementKind::F16, ElementKind::BF16}) {
    QuantizePerGroupDescriptor desc = validDescriptor();
    desc.output_element = kind;
    expectFails(desc, StatusCode::Unsupported,
                "output_element (" + std::string(elementKindName(kind)) +
                    ") must be one of s8, u8");
    EXPECT_FALSE(isQuantizePerGroupOutputElement(kind));
  }
}

// Rule 3: outer_size >= 0 and axis_size >= 0.
TEST(QuantizePerGroupRulesTest, SizesNonNegativeRule) {
  QuantizePerGroupDescriptor desc = validDescriptor();
  desc.outer_size = 0;
  expectPasses(desc);
  desc.outer_size = -1;
  expectFails(desc, StatusCode::InvalidProblem,
              "outer_size (-1) must be non-negative");

  desc = validDescriptor();
  desc.axis_size = 0;
  expectPasses(desc);
  desc.axis_size = -128;
  expectFails(desc, StatusCode::InvalidProblem,
              "axis_size (-128) must be non-negative");
}

// Rule 4: group_size > 0.
TEST(QuantizePerGroupRulesTest, GroupSizePositiveRule) {
  QuantizePerGroupDescriptor desc = validDescriptor();
  desc.group_size = 1;
  expectPasses(desc);
  desc.group_size = 0;
  expectFails(desc, StatusCode::InvalidProblem,
              "group_size (0) must be positive");
  desc.group_size = -32;
  expectFails(desc, StatusCode::InvalidProblem,
              "group_size (-32) must be positive");
}

// Rule 5: axis_size % group_size == 0.
TEST(QuantizePerGroupRulesTest, AxisMultipleOfGroupRule) {
  QuantizePerGroupDescriptor desc = validDescriptor();
  desc.axis_size = 96;
  desc.group_size = 32;
  expectPasses(desc);
  desc.axis_size = 100;
  expectFails(desc, StatusCode::InvalidProblem,
              "axis_size (100) must be a multiple of group_size (32)");
  desc.axis_size = 31; // Below one group.
  expectFails(desc, StatusCode::InvalidProblem,
              "axis_size (31) must be a multiple of group_size (32)");
  desc.axis_size = 0; // Zero groups is a multiple.
  expectPasses(desc);
}

// Rule 6: q_max >= q_min.
TEST(QuantizePerGroupRulesTest, RangeOrderRule) {
  QuantizePerGroupDescriptor desc = validDescriptor();
  desc.q_min = 4;
  desc.q_max = 4;
  expectPasses(desc);
  desc.q_max = 3;
  expectFails(desc, StatusCode::InvalidProblem,
              "q_max (3) must be greater than or equal to q_min (4)");
}

// Rule 7: q_min and q_max inside the output element's range.
TEST(QuantizePerGroupRulesTest, RangeInsideOutputElementRule) {
  QuantizePerGroupDescriptor desc = validDescriptor();
  desc.output_element = ElementKind::S8;
  desc.q_min = -128;
  desc.q_max = 127;
  expectPasses(desc);
  desc.q_min = -129;
  expectFails(desc, StatusCode::InvalidProblem,
              "q_min (-129) must lie in the s8 range [-128, 127]");
  desc.q_min = -128;
  desc.q_max = 128;
  expectFails(desc, StatusCode::InvalidProblem,
              "q_max (128) must lie in the s8 range [-128, 127]");

  desc.output_element = ElementKind::U8;
  desc.q_min = 0;
  desc.q_max = 255;
  expectPasses(desc);
  desc.q_min = -1;
  expectFails(desc, StatusCode::InvalidProblem,
              "q_min (-1) must lie in the u8 range [0, 255]");
  desc.q_min = 0;
  desc.q_max = 256;
  expectFails(desc, StatusCode::InvalidProblem,
              "q_max (256) must lie in the u8 range [0, 255]");
  // Both ends above the range: the order rule holds, the range rule names
  // q_min first.
  desc.q_min = 300;
  desc.q_max = 400;
  expectFails(desc, StatusCode::InvalidProblem,
              "q_min (300) must lie in the u8 range [0, 255]");
}

// The first broken rule, in the documented order, is the one reported.
TEST(QuantizePerGroupRulesTest, FirstBrokenRuleIsReported) {
  QuantizePerGroupDescriptor desc = validDescriptor();
  desc.input_element = ElementKind::S8;
  desc.output_element = ElementKind::F32;
  desc.outer_size = -1;
  desc.group_size = 0;
  EXPECT_TRUE(contains(validateQuantizePerGroupDescriptor(desc).message(),
                       "input_element"));
  desc.input_element = ElementKind::F32;
  EXPECT_TRUE(contains(validateQuantizePerGroupDescriptor(desc).message(),
                       "output_element"));
  desc.output_element = ElementKind::S8;
  EXPECT_TRUE(contains(validateQuantizePerGroupDescriptor(desc).message(),
                       "outer_size"));
  desc.outer_size = 1;
  EXPECT_TRUE(contains(validateQuantizePerGroupDescriptor(desc).message(),
                       "group_size (0)"));
}

TEST(QuantizePerGroupRulesTest, NumGroups) {
  QuantizePerGroupDescriptor desc = validDescriptor();
  EXPECT_EQ(desc.num_groups(), 2);
  desc.group_size = 0;
  EXPECT_EQ(desc.num_groups(), 0);
  desc.group_size = -4;
  EXPECT_EQ(desc.num_groups(), 0);
}

// A problem with unknown sizes checks only what is known.
TEST(QuantizePerGroupRulesTest, UnknownSizesSkipTheirRules) {
  QuantizePerGroupProblem problem =
      QuantizePerGroupProblem::from(validDescriptor());
  problem.axis_size = std::nullopt;
  problem.outer_size = std::nullopt;
  EXPECT_TRUE(validateQuantizePerGroupProblem(problem).ok());
  problem.group_size = 0; // Known, so still checked.
  EXPECT_EQ(validateQuantizePerGroupProblem(problem).message(),
            "group_size (0) must be positive");
  problem.group_size = 7;
  problem.axis_size = 20;
  EXPECT_EQ(validateQuantizePerGroupProblem(problem).message(),
            "axis_size (20) must be a multiple of group_size (7)");
}

// --- Shapes ------------------------------------------------------------===//

struct Shapes {
  MaybeShape2 input{MaybeDim(4), MaybeDim(256)};
  MaybeShape2 scale{MaybeDim(4), MaybeDim(2)};
  MaybeShape2 zeroPoint{MaybeDim(4), MaybeDim(2)};
  MaybeShape2 output{MaybeDim(4), MaybeDim(256)};

  Status check(const QuantizePerGroupProblem &problem) const {
    return validateQuantizePerGroupShapes(problem, input, scale, zeroPoint,
                                          output);
  }
};

TEST(QuantizePerGroupRulesTest, ShapesMatchingPass) {
  QuantizePerGroupProblem problem =
      QuantizePerGroupProblem::from(validDescriptor());
  EXPECT_TRUE(Shapes().check(problem).ok());
}

TEST(QuantizePerGroupRulesTest, InputShapeRule) {
  QuantizePerGroupProblem problem =
      QuantizePerGroupProblem::from(validDescriptor());
  Shapes shapes;
  shapes.input = {MaybeDim(4), MaybeDim(255)};
  Status status = shapes.check(problem);
  EXPECT_EQ(status.code(), StatusCode::InvalidProblem);
  EXPECT_EQ(status.message(),
            "input shape [4, 255] must be [outer_size, axis_size] = [4, 256]");
}

TEST(QuantizePerGroupRulesTest, OutputShapeRule) {
  QuantizePerGroupProblem problem =
      QuantizePerGroupProblem::from(validDescriptor());
  Shapes shapes;
  shapes.output = {MaybeDim(5), MaybeDim(256)};
  EXPECT_EQ(shapes.check(problem).message(),
            "output shape [5, 256] must be [outer_size, axis_size] = [4, 256]");
}

TEST(QuantizePerGroupRulesTest, ScaleShapeRule) {
  QuantizePerGroupProblem problem =
      QuantizePerGroupProblem::from(validDescriptor());
  Shapes shapes;
  shapes.scale = {MaybeDim(4), MaybeDim(3)};
  EXPECT_EQ(shapes.check(problem).message(),
            "scale shape [4, 3] must be [outer_size, axis_size / group_size] "
            "= [4, 2]");
}

TEST(QuantizePerGroupRulesTest, ZeroPointShapeRule) {
  QuantizePerGroupProblem problem =
      QuantizePerGroupProblem::from(validDescriptor());
  Shapes shapes;
  shapes.zeroPoint = {MaybeDim(3), MaybeDim(2)};
  EXPECT_EQ(shapes.check(problem).message(),
            "zero_point shape [3, 2] must be [outer_size, axis_size / "
            "group_size] = [4, 2]");
}

TEST(QuantizePerGroupRulesTest, UnknownDimsAreSkippedInShapes) {
  QuantizePerGroupProblem problem =
      QuantizePerGroupProblem::from(validDescriptor());
  Shapes shapes;
  shapes.input = {std::nullopt, MaybeDim(256)};
  shapes.scale = {MaybeDim(4), std::nullopt};
  EXPECT_TRUE(shapes.check(problem).ok());
  problem.axis_size = std::nullopt;
  // Groups unknown: not checked against the problem, only scale against
  // zero point.
  shapes.scale = {MaybeDim(4), MaybeDim(99)};
  shapes.zeroPoint = {MaybeDim(4), MaybeDim(99)};
  shapes.input = {MaybeDim(4), MaybeDim(1)};
  shapes.output = {MaybeDim(4), MaybeDim(1)};
  EXPECT_TRUE(shapes.check(problem).ok());
  shapes.output = {MaybeDim(5), MaybeDim(1)}; // Outer still known.
  EXPECT_EQ(shapes.check(problem).message(),
            "output shape [5, 1] must be [outer_size, axis_size] = [4, ?]");
}

// Sizes the descriptor's 32-bit fields cannot hold are rejected, known in
// the problem or only in an operand's shape; the largest that fits passes.
TEST(QuantizePerGroupRulesTest, SizesFitDescriptorRule) {
  QuantizePerGroupProblem problem =
      QuantizePerGroupProblem::from(validDescriptor());
  problem.outer_size = kMaxQuantizePerGroupSize;
  EXPECT_TRUE(validateQuantizePerGroupProblem(problem).ok());
  problem.outer_size = kMaxQuantizePerGroupSize + 1;
  EXPECT_EQ(validateQuantizePerGroupProblem(problem).message(),
            "outer_size (2147483648) must be at most 2147483647 (the "
            "runtime's descriptors are 32-bit)");
  problem = QuantizePerGroupProblem::from(validDescriptor());
  problem.axis_size = int64_t{1} << 40;
  EXPECT_EQ(validateQuantizePerGroupProblem(problem).message(),
            "axis_size (1099511627776) must be at most 2147483647 (the "
            "runtime's descriptors are 32-bit)");

  problem = QuantizePerGroupProblem::from(validDescriptor());
  problem.outer_size = std::nullopt;
  Shapes shapes;
  shapes.input = {std::nullopt, MaybeDim(256)};
  shapes.output = {std::nullopt, MaybeDim(256)};
  shapes.scale = {MaybeDim(kMaxQuantizePerGroupSize), MaybeDim(2)};
  shapes.zeroPoint = shapes.scale;
  EXPECT_TRUE(shapes.check(problem).ok());
  shapes.scale = {MaybeDim(kMaxQuantizePerGroupSize + 1), MaybeDim(2)};
  shapes.zeroPoint = shapes.scale;
  EXPECT_EQ(shapes.check(problem).message(),
            "scale shape [2147483648, 2]: dim 0 must be at most 2147483647 "
            "(the runtime's descriptors are 32-bit)");
}

// With outer or axis unknown, scale and zero point are still compared with
// each other (issue 9: 4 rows against 5 were accepted).
TEST(QuantizePerGroupRulesTest, ScaleAndZeroPointAgreeRule) {
  QuantizePerGroupProblem problem =
      QuantizePerGroupProblem::from(validDescriptor());
  problem.outer_size = std::nullopt;
  Shapes shapes;
  shapes.input = {std::nullopt, MaybeDim(256)};
  shapes.output = {std::nullopt, MaybeDim(256)};
  EXPECT_TRUE(shapes.check(problem).ok());
  shapes.zeroPoint = {MaybeDim(5), MaybeDim(2)};
  EXPECT_EQ(shapes.check(problem).message(),
            "zero_point shape [5, 2] must equal scale shape [4, 2]");

  problem = QuantizePerGroupProblem::from(validDescriptor());
  problem.axis_size = std::nullopt;
  shapes = Shapes();
  shapes.input = {MaybeDim(4), std::nullopt};
  shapes.output = {MaybeDim(4), std::nullopt};
  shapes.zeroPoint = {MaybeDim(4), MaybeDim(3)};
  EXPECT_EQ(shapes.check(problem).message(),
            "zero_point shape [4, 3] must equal scale shape [4, 2]");
}

} // namespace
} // namespace baracuda
