//===- FamilyReferenceTest.cpp - Checks of the family's host reference ----===//
//
// Hand-computed cases at the edges docs/Semantics.md settles, op by op, and
// the whole-tensor driver on every parameter layout. Every expected value
// was worked out on paper (the comments show the arithmetic), not by another
// implementation. Results are compared bit for bit: the sign of zero counts,
// and any NaN equals any NaN.
//
//===----------------------------------------------------------------------===//

#include "baracuda/Testing/FamilyReference.h"
#include "baracuda/Testing/QuantizeReference.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <stdexcept>
#include <string>
#include <vector>

namespace {

using baracuda::ElementKind;
using baracuda::FamilyOp;
using baracuda::familyOpName;
using baracuda::ParameterLayout;
using namespace baracuda::testing;

constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr int32_t kI32Min = std::numeric_limits<int32_t>::min();
constexpr int32_t kI32Max = std::numeric_limits<int32_t>::max();
constexpr ElementKind kF32 = ElementKind::F32, kF64 = ElementKind::F64,
                      kF16 = ElementKind::F16, kBF16 = ElementKind::BF16;

uint64_t bitsOf(double value) {
  uint64_t bits;
  std::memcpy(&bits, &value, sizeof(bits));
  return bits;
}

/// Same value, same sign of zero; NaN matches NaN.
::testing::AssertionResult same(double got, double want) {
  if ((std::isnan(got) && std::isnan(want)) || bitsOf(got) == bitsOf(want))
    return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure()
         << "got " << got << (std::signbit(got) ? " (sign set)" : "")
         << ", want " << want << (std::signbit(want) ? " (sign set)" : "");
}

/// The smallest positive subnormal of T.
double tinyOf(ElementKind kind) {
  switch (kind) {
  case ElementKind::F32:
    return 0x1p-149;
  case ElementKind::F64:
    return 0x1p-1074;
  case ElementKind::F16:
    return 0x1p-24;
  default:
    return 0x1p-133;
  }
}

class FamilyElementTest : public ::testing::TestWithParam<ElementKind> {};

//===----------------------------------------------------------------------===//
// dequantize: y = T(C(q - zp) * C(s))
//===----------------------------------------------------------------------===//

TEST_P(FamilyElementTest, DequantizeMultipliesTheExactDifference) {
  ElementKind t = GetParam();
  EXPECT_TRUE(same(dequantizeOne(5, 2, 0.5, t), 1.5));
  EXPECT_TRUE(same(dequantizeOne(-128, 0, 0.25, t), -32));
  EXPECT_TRUE(same(dequantizeOne(255, 128, 2, t), 254));
  EXPECT_TRUE(same(dequantizeOne(-3, 5, -0.5, t), 4));
}

TEST_P(FamilyElementTest, DequantizeZeroTakesTheSignOfTheProduct) {
  ElementKind t = GetParam();
  // (q - zp) is the integer 0, i.e. +0: +0 * -0.5 = -0 by IEEE.
  EXPECT_TRUE(same(dequantizeOne(7, 7, -0.5, t), -0.0));
  EXPECT_TRUE(same(dequantizeOne(7, 7, 0.5, t), 0.0));
  EXPECT_TRUE(same(dequantizeOne(7, 7, -0.0, t), -0.0));
  EXPECT_TRUE(same(dequantizeOne(7, 7, 0.0, t), 0.0));
  EXPECT_TRUE(same(dequantizeOne(3, 1, -0.0, t), -0.0)); // 2 * -0
  EXPECT_TRUE(same(dequantizeOne(1, 3, -0.0, t), 0.0));  // -2 * -0
}

TEST_P(FamilyElementTest, DequantizeSpecialScalesPropagate) {
  ElementKind t = GetParam();
  EXPECT_TRUE(same(dequantizeOne(3, 1, kNaN, t), kNaN));
  EXPECT_TRUE(same(dequantizeOne(3, 1, kInf, t), kInf));
  EXPECT_TRUE(same(dequantizeOne(1, 3, kInf, t), -kInf));
  EXPECT_TRUE(same(dequantizeOne(3, 1, -kInf, t), -kInf));
  EXPECT_TRUE(same(dequantizeOne(4, 4, kInf, t), kNaN)); // 0 * Inf
}

TEST_P(FamilyElementTest, DequantizeKeepsSubnormalScales) {
  ElementKind t = GetParam();
  double tiny = tinyOf(t);
  EXPECT_TRUE(same(dequantizeOne(1, 0, tiny, t), tiny));
  EXPECT_TRUE(same(dequantizeOne(0, 3, tiny, t), -3 * tiny));
}

TEST(FamilyDequantizeTest, DifferenceIsExactInInt64) {
  // q - zp = -128 - (2^31 - 1) = -(2^31 + 127); an i32 difference would wrap
  // to +2147483521.
  EXPECT_TRUE(same(dequantizeOne(-128, kI32Max, 1, kF64), -2147483775.0));
  // f32: 2^31 + 127 lies 127 above 2^31 and 129 below 2^31 + 256.
  EXPECT_TRUE(same(dequantizeOne(-128, kI32Max, 1, kF32), -2147483648.0));
  EXPECT_TRUE(same(dequantizeOne(-128, kI32Max, 1, kBF16), -2147483648.0));
  EXPECT_TRUE(same(dequantizeOne(-128, kI32Max, 1, kF16), -kInf));
  EXPECT_TRUE(same(dequantizeOne(255, kI32Min, 1, kF64), 2147483903.0));
  EXPECT_TRUE(same(dequantizeOne(255, kI32Min, 0.5, kF64), 1073741951.5));
}

TEST(FamilyDequantizeTest, DifferenceRoundsToEvenInF32) {
  // 2^24 + 1: a tie between 2^24 and 2^24 + 2 -> 2^24 (even significand).
  EXPECT_TRUE(same(dequantizeOne(1, -16777216, 1, kF32), 16777216.0));
  // 2^24 + 3: a tie between 2^24 + 2 (odd) and 2^24 + 4 (even).
  EXPECT_TRUE(same(dequantizeOne(3, -16777216, 1, kF32), 16777220.0));
  EXPECT_TRUE(same(dequantizeOne(3, -16777216, 1, kF64), 16777219.0));
}

TEST(FamilyDequantizeTest, DifferenceIsRoundedToCBeforeTheMultiply) {
  // 2^24 + 1 -> f32 2^24 (tie to even), times 3 = 50331648. Multiplying the
  // exact difference would give 50331651 -> f32 (ulp 4) 50331652.
  EXPECT_TRUE(same(dequantizeOne(1, -16777216, 3, kF32), 50331648.0));
  EXPECT_TRUE(same(dequantizeOne(1, -16777216, 3, kF64), 50331651.0));
}

TEST(FamilyDequantizeTest, ProductRoundsInCThenInT) {
  // f16: 3 * (1 + 2^-10) = 3 + 1.5 ulp of [2, 4) (ulp 2^-9), exact in f32: a
  // tie in f16, to the even 3 + 2^-8.
  EXPECT_TRUE(same(dequantizeOne(3, 0, 1 + 0x1p-10, kF16), 3.00390625));
  // bf16: 3 * (1 + 2^-7) = 3 + 1.5 ulp (ulp 2^-6) -> 3 + 2^-5.
  EXPECT_TRUE(same(dequantizeOne(3, 0, 1 + 0x1p-7, kBF16), 3.03125));
  // f32 itself: 3 * (1 + 2^-23) = 3 + 1.5 ulp (ulp 2^-22) -> 3 + 2^-21.
  EXPECT_TRUE(same(dequantizeOne(3, 0, 1 + 0x1p-23, kF32), 3 + 0x1p-21));
  // bf16, q - zp = 1919566692 = 14996614 * 128 + 100: f32 (ulp 128) rounds
  // it up to 1919566720. Times s = 0x1.a8p-22 (1.65625 * 2^-22) that is
  // 757.99998760..., f32 (ulp 2^-14) 758, a bf16 tie (ulp 4) between 756
  // (odd) and 760 (even) -> 760. The exact product 757.99997654... rounded
  // once to bf16 would be 756.
  EXPECT_TRUE(same(dequantizeOne(100, -1919566592, 0x1.a8p-22, kBF16), 760));
}

//===----------------------------------------------------------------------===//
// The mask: inside = q_min <= roundeven(v) + zp <= q_max
//===----------------------------------------------------------------------===//

TEST_P(FamilyElementTest, MaskIsInclusiveAtBothEnds) {
  ElementKind t = GetParam();
  EXPECT_TRUE(insideQuantizeRange(127, 1, 0, -128, 127, t));
  EXPECT_FALSE(insideQuantizeRange(128, 1, 0, -128, 127, t));
  EXPECT_TRUE(insideQuantizeRange(-128, 1, 0, -128, 127, t));
  EXPECT_FALSE(insideQuantizeRange(-129, 1, 0, -128, 127, t));
  // With a zero point: 117 + 10 = 127 inside, 118 + 10 outside.
  EXPECT_TRUE(insideQuantizeRange(117, 1, 10, -128, 127, t));
  EXPECT_FALSE(insideQuantizeRange(118, 1, 10, -128, 127, t));
  EXPECT_TRUE(insideQuantizeRange(0, 1, 255, 0, 255, t));
  EXPECT_FALSE(insideQuantizeRange(1, 1, 255, 0, 255, t));
  EXPECT_TRUE(insideQuantizeRange(3, 1, -3, 0, 255, t));
  EXPECT_FALSE(insideQuantizeRange(2, 1, -3, 0, 255, t));
  // A one-value range.
  EXPECT_TRUE(insideQuantizeRange(5, 1, 0, 5, 5, t));
  EXPECT_FALSE(insideQuantizeRange(4, 1, 0, 5, 5, t));
  EXPECT_FALSE(insideQuantizeRange(6, 1, 0, 5, 5, t));
}

TEST_P(FamilyElementTest, MaskRoundsBeforeAddingTheZeroPoint) {
  ElementKind t = GetParam();
  // 126.5 -> 126 (even); + 1 = 127 inside. Adding zp first: 127.5 -> 128.
  EXPECT_TRUE(insideQuantizeRange(126.5, 1, 1, -128, 127, t));
  // 127.5 -> 128 outside (with an even zero point 0).
  EXPECT_FALSE(insideQuantizeRange(127.5, 1, 0, -128, 127, t));
  // 125.5 -> 126, + 2 = 128 outside.
  EXPECT_FALSE(insideQuantizeRange(125.5, 1, 2, -128, 127, t));
  // -127.5 -> -128, - 1 = -129 outside. Adding zp first: -128.5 -> -128.
  EXPECT_FALSE(insideQuantizeRange(-127.5, 1, -1, -128, 127, t));
  // -126.5 -> -126, - 2 = -128 inside.
  EXPECT_TRUE(insideQuantizeRange(-126.5, 1, -2, -128, 127, t));
  // Ties through the scale: 5 / 2 = 2.5 -> 2, + 1 = 3 inside [0, 3].
  EXPECT_TRUE(insideQuantizeRange(5, 2, 1, 0, 3, t));
  EXPECT_FALSE(insideQuantizeRange(7, 2, 0, 0, 3, t)); // 3.5 -> 4
}

TEST_P(FamilyElementTest, MaskSpecialValues) {
  ElementKind t = GetParam();
  // NaN x, NaN scale, zero scale (either sign), Inf / Inf: v = 0, r = zp.
  EXPECT_TRUE(insideQuantizeRange(kNaN, 1, 3, 0, 3, t));
  EXPECT_FALSE(insideQuantizeRange(kNaN, 1, 4, 0, 3, t));
  EXPECT_TRUE(insideQuantizeRange(1, kNaN, 0, 0, 0, t));
  EXPECT_TRUE(insideQuantizeRange(kInf, 0, 2, 0, 3, t));
  EXPECT_TRUE(insideQuantizeRange(kInf, -0.0, 2, 0, 3, t));
  EXPECT_FALSE(insideQuantizeRange(1, 0.0, -1, 0, 3, t));
  EXPECT_TRUE(insideQuantizeRange(kInf, kInf, 0, 0, 0, t));
  // +-Inf quotients are outside every range, even the whole i32 range.
  EXPECT_FALSE(insideQuantizeRange(kInf, 1, 0, kI32Min, kI32Max, t));
  EXPECT_FALSE(insideQuantizeRange(-kInf, 1, 0, kI32Min, kI32Max, t));
  EXPECT_FALSE(insideQuantizeRange(kInf, 1, kI32Min, kI32Min, kI32Max, t));
  // Inf scale: x / Inf = +-0, r = zp.
  EXPECT_TRUE(insideQuantizeRange(1, kInf, 0, 0, 0, t));
  EXPECT_TRUE(insideQuantizeRange(-1, -kInf, 0, 0, 0, t));
}

TEST_P(FamilyElementTest, MaskSumIsExact) {
  ElementKind t = GetParam();
  // 1 + (2^31 - 1) = 2^31: outside the whole i32 range (a wrapping i32 sum
  // would give -2^31, inside).
  EXPECT_FALSE(insideQuantizeRange(1, 1, kI32Max, kI32Min, kI32Max, t));
  EXPECT_TRUE(insideQuantizeRange(0, 1, kI32Max, kI32Min, kI32Max, t));
  // -1 + (-2^31) is below the whole i32 range (wrapping: 2^31 - 1).
  EXPECT_FALSE(insideQuantizeRange(-1, 1, kI32Min, kI32Min, kI32Max, t));
  EXPECT_TRUE(insideQuantizeRange(0, 1, kI32Min, kI32Min, kI32Max, t));
}

TEST(FamilyMaskTest, HugeFiniteQuotientsAreOutside) {
  EXPECT_FALSE(insideQuantizeRange(1e30, 1, kI32Min, kI32Min, kI32Max, kF32));
  EXPECT_FALSE(
      insideQuantizeRange(-1e300, 1e-10, kI32Max, kI32Min, kI32Max, kF64));
  // f64 quotient 2^31 + 100 with zp -2^31: 100, inside [0, 255].
  EXPECT_TRUE(insideQuantizeRange(2147483748.0, 1, kI32Min, 0, 255, kF64));
  EXPECT_FALSE(insideQuantizeRange(2147483904.0, 1, kI32Min, 0, 255, kF64));
}

TEST(FamilyMaskTest, DenormalsAreNotFlushed) {
  // tiny / tiny = 1, inside [1, 1]; flushed to zero it would be 0 / 0 =
  // NaN -> 0, outside.
  EXPECT_TRUE(insideQuantizeRange(0x1p-149, 0x1p-149, 0, 1, 1, kF32));
  EXPECT_TRUE(insideQuantizeRange(0x1p-1074, 0x1p-1074, 0, 1, 1, kF64));
  EXPECT_TRUE(insideQuantizeRange(0x1p-24, 0x1p-24, 0, 1, 1, kF16));
  EXPECT_TRUE(insideQuantizeRange(0x1p-133, 0x1p-133, 0, 1, 1, kBF16));
  // A subnormal scale makes a normal x overflow to Inf: outside.
  EXPECT_FALSE(
      insideQuantizeRange(0x1p100, 0x1p-149, 0, kI32Min, kI32Max, kF32));
}

//===----------------------------------------------------------------------===//
// quantize_backward: dx = inside && s != 0 ? T(C(dy) / C(s)) : +0
//===----------------------------------------------------------------------===//

TEST_P(FamilyElementTest, QuantizeBackwardDividesInsideTheRange) {
  ElementKind t = GetParam();
  EXPECT_TRUE(same(quantizeBackwardOne(3, 2, 0.5, 0, -128, 127, t), 6));
  EXPECT_TRUE(same(quantizeBackwardOne(-3, 63.5, 0.5, 0, -128, 127, t), -6));
  // x / s = 127 inside, 128 outside (+0 even for a negative dy).
  EXPECT_TRUE(same(quantizeBackwardOne(1, 63.5, 0.5, 0, -128, 127, t), 2));
  EXPECT_TRUE(same(quantizeBackwardOne(-1, 64, 0.5, 0, -128, 127, t), 0.0));
  // The tie 126.5 -> 126 with the odd zero point 1: 127, inside.
  EXPECT_TRUE(same(quantizeBackwardOne(1, 126.5, 1, 1, -128, 127, t), 1));
  EXPECT_TRUE(same(quantizeBackwardOne(1, 126.5, 1, 2, -128, 127, t), 0.0));
}

TEST_P(FamilyElementTest, QuantizeBackwardSpecialValues) {
  ElementKind t = GetParam();
  // Outside: a select gives +0 for NaN and negative dy.
  EXPECT_TRUE(same(quantizeBackwardOne(kNaN, 200, 1, 0, -128, 127, t), 0.0));
  EXPECT_TRUE(same(quantizeBackwardOne(-kInf, 200, 1, 0, -128, 127, t), 0.0));
  // Inside: NaN and Inf dy propagate; -0 dy keeps its sign.
  EXPECT_TRUE(same(quantizeBackwardOne(kNaN, 2, 1, 0, -128, 127, t), kNaN));
  EXPECT_TRUE(same(quantizeBackwardOne(kInf, 2, -1, 0, -128, 127, t), -kInf));
  EXPECT_TRUE(same(quantizeBackwardOne(-0.0, 2, 1, 0, -128, 127, t), -0.0));
  EXPECT_TRUE(same(quantizeBackwardOne(0.0, 2, -1, 0, -128, 127, t), -0.0));
  // Zero scale (either sign): +0 whether or not zp is in range.
  EXPECT_TRUE(same(quantizeBackwardOne(3, 2, 0.0, 0, -128, 127, t), 0.0));
  EXPECT_TRUE(same(quantizeBackwardOne(-3, 2, -0.0, 0, -128, 127, t), 0.0));
  EXPECT_TRUE(same(quantizeBackwardOne(kNaN, 2, 0.0, 0, -128, 127, t), 0.0));
  // NaN scale: v = 0, r = zp inside, dy / NaN = NaN.
  EXPECT_TRUE(same(quantizeBackwardOne(3, 2, kNaN, 0, -128, 127, t), kNaN));
  EXPECT_TRUE(same(quantizeBackwardOne(3, 2, kNaN, 500, -128, 127, t), 0.0));
  // Inf scale: v = 0, dy / Inf = +-0 with the sign of the quotient.
  EXPECT_TRUE(same(quantizeBackwardOne(3, 2, kInf, 0, -128, 127, t), 0.0));
  EXPECT_TRUE(same(quantizeBackwardOne(3, 2, -kInf, 0, -128, 127, t), -0.0));
  EXPECT_TRUE(same(quantizeBackwardOne(-3, 2, kInf, 0, -128, 127, t), -0.0));
  // NaN x: v = 0, inside when zp is.
  EXPECT_TRUE(same(quantizeBackwardOne(3, kNaN, 0.5, 0, -128, 127, t), 6));
  // +-Inf x: outside.
  EXPECT_TRUE(
      same(quantizeBackwardOne(3, kInf, 0.5, 0, kI32Min, kI32Max, t), 0.0));
  EXPECT_TRUE(
      same(quantizeBackwardOne(3, -kInf, 0.5, 0, kI32Min, kI32Max, t), 0.0));
}

TEST_P(FamilyElementTest, QuantizeBackwardWithSubnormals) {
  ElementKind t = GetParam();
  double tiny = tinyOf(t);
  // x = s = the smallest subnormal: v = 1, inside [1, 1]; dy / s = 1 / tiny
  // overflows every type (2^149, 2^1074, 2^24 > 65504, 2^133).
  EXPECT_TRUE(same(quantizeBackwardOne(1, tiny, tiny, 0, 1, 1, t), kInf));
  // dy = tiny, s = 2: tiny / 2 is a tie between 0 and tiny -> +0 (even);
  // for f16/bf16 it is exact in f32 and the tie is met in the rounding to T.
  EXPECT_TRUE(same(quantizeBackwardOne(tiny, 0, 2, 0, 0, 0, t), 0.0));
  EXPECT_TRUE(same(quantizeBackwardOne(-tiny, 0, 2, 0, 0, 0, t), -0.0));
  EXPECT_TRUE(same(quantizeBackwardOne(3 * tiny, 0, 2, 0, 0, 0, t),
                   2 * tiny)); // 1.5 -> 2
}

TEST(FamilyQuantizeBackwardTest, QuotientIsCorrectlyRoundedInC) {
  // 1 / 3 in f32 is 0x1.555556p-2 (the 25th bit onward is 0101...: up).
  EXPECT_TRUE(same(quantizeBackwardOne(1, 0, 3, 0, 0, 0, kF32), 0x1.555556p-2));
  EXPECT_TRUE(
      same(quantizeBackwardOne(1, 0, 3, 0, 0, 0, kF64), 0x1.5555555555555p-2));
  // f16: f32 0x1.555556p-2 then f16 (11 bits): 0x1.554p-2.
  EXPECT_TRUE(same(quantizeBackwardOne(1, 0, 3, 0, 0, 0, kF16), 0x1.554p-2));
  // bf16 (8 bits): 0x1.56p-2 (0x1.555556 -> 1.0101011 rounds up).
  EXPECT_TRUE(same(quantizeBackwardOne(1, 0, 3, 0, 0, 0, kBF16), 0x1.56p-2));
  // 2 / 3 in f64: 0x1.5555555555555p-1.
  EXPECT_TRUE(
      same(quantizeBackwardOne(2, 0, 3, 0, 0, 0, kF64), 0x1.5555555555555p-1));
  // f32 quotient with an f32 mask: 0.35f / 0.1f rounds to the tie 3.5 in f32
  // (4, outside [3, 3]); in f64 it would stay below (3, inside).
  double x = static_cast<double>(0.35f), s = static_cast<double>(0.1f);
  EXPECT_TRUE(same(quantizeBackwardOne(1, x, s, 0, 3, 3, kF32), 0.0));
  EXPECT_FALSE(same(quantizeBackwardOne(1, x, s, 0, 3, 3, kF64), 0.0));
}

//===----------------------------------------------------------------------===//
// dequantize_backward: dq = T(C(dy) * C(s))
//===----------------------------------------------------------------------===//

TEST_P(FamilyElementTest, DequantizeBackwardMultiplies) {
  ElementKind t = GetParam();
  EXPECT_TRUE(same(dequantizeBackwardOne(3, 0.5, t), 1.5));
  EXPECT_TRUE(same(dequantizeBackwardOne(-3, 0.5, t), -1.5));
  EXPECT_TRUE(same(dequantizeBackwardOne(0.0, -1, t), -0.0));
  EXPECT_TRUE(same(dequantizeBackwardOne(-0.0, -1, t), 0.0));
  EXPECT_TRUE(same(dequantizeBackwardOne(3, -0.0, t), -0.0));
  EXPECT_TRUE(same(dequantizeBackwardOne(kNaN, 1, t), kNaN));
  EXPECT_TRUE(same(dequantizeBackwardOne(1, kNaN, t), kNaN));
  EXPECT_TRUE(same(dequantizeBackwardOne(kInf, 0, t), kNaN));
  EXPECT_TRUE(same(dequantizeBackwardOne(kInf, -2, t), -kInf));
  EXPECT_TRUE(same(dequantizeBackwardOne(2, kInf, t), kInf));
}

TEST_P(FamilyElementTest, DequantizeBackwardUnderflowRoundsToEven) {
  ElementKind t = GetParam();
  double tiny = tinyOf(t);
  EXPECT_TRUE(same(dequantizeBackwardOne(0.5, tiny, t), 0.0));   // tie -> 0
  EXPECT_TRUE(same(dequantizeBackwardOne(-0.5, tiny, t), -0.0)); // tie -> -0
  EXPECT_TRUE(same(dequantizeBackwardOne(0.75, tiny, t), tiny));
  EXPECT_TRUE(same(dequantizeBackwardOne(1.5, tiny, t), 2 * tiny));
  EXPECT_TRUE(same(dequantizeBackwardOne(2.5, tiny, t), 2 * tiny));
}

TEST(FamilyDequantizeBackwardTest, OverflowsToInfinity) {
  EXPECT_TRUE(same(dequantizeBackwardOne(65504, 2, kF16), kInf));
  EXPECT_TRUE(same(dequantizeBackwardOne(65504, -2, kF16), -kInf));
  // 65504 * (1 + 2^-10) = 65567.96875 in f32 -> f16: Inf (>= 65520).
  EXPECT_TRUE(same(dequantizeBackwardOne(65504, 1 + 0x1p-10, kF16), kInf));
  // 32768 * 0x1.ffcp0 (1 + 1023/1024) = 65504, the largest f16.
  EXPECT_TRUE(same(dequantizeBackwardOne(32768, 0x1.ffcp0, kF16), 65504));
  EXPECT_TRUE(same(dequantizeBackwardOne(0x1p1023, 2, kF64), kInf));
  EXPECT_TRUE(same(dequantizeBackwardOne(0x1p127, 2, kF32), kInf));
  EXPECT_TRUE(same(dequantizeBackwardOne(0x1p127, 2, kBF16), kInf));
  // f32 1 + 2^-23 squared = 1 + 2^-22 + 2^-46 -> 1 + 2^-22.
  EXPECT_TRUE(
      same(dequantizeBackwardOne(1 + 0x1p-23, 1 + 0x1p-23, kF32), 1 + 0x1p-22));
  // f64: (1 + 2^-52)^2 = 1 + 2^-51 + 2^-104 -> 1 + 2^-51.
  EXPECT_TRUE(
      same(dequantizeBackwardOne(1 + 0x1p-52, 1 + 0x1p-52, kF64), 1 + 0x1p-51));
  // f64, u = 2^-52: (1 + u)(1 - u/2) = 1 + u/2 - u^2/2, just below the tie
  // 1 + u/2 -> 1; (1 + u) * 1.5 = 1.5 + 1.5u, a tie -> 1.5 + 2u (even);
  // (1 + u)(1.5 + u) = 1.5 + 2.5u + u^2, just above the tie -> 1.5 + 3u.
  EXPECT_TRUE(same(dequantizeBackwardOne(1 + 0x1p-52, 1 - 0x1p-53, kF64), 1));
  EXPECT_TRUE(
      same(dequantizeBackwardOne(1 + 0x1p-52, 1.5, kF64), 1.5 + 2 * 0x1p-52));
  EXPECT_TRUE(same(dequantizeBackwardOne(1 + 0x1p-52, 1.5 + 0x1p-52, kF64),
                   1.5 + 3 * 0x1p-52));
}

//===----------------------------------------------------------------------===//
// fake_quantize: y = T(C(clamp(roundeven(v) + zp) - zp) * C(s))
//===----------------------------------------------------------------------===//

TEST_P(FamilyElementTest, FakeQuantizeRoundTrips) {
  ElementKind t = GetParam();
  // 1.25 / 0.5 = 2.5 -> 2 (even), + 1 = 3, (3 - 1) * 0.5 = 1. Adding the
  // zero point first would give round(3.5) = 4 -> 1.5.
  EXPECT_TRUE(same(fakeQuantizeOne(1.25, 0.5, 1, -128, 127, t), 1));
  EXPECT_TRUE(same(fakeQuantizeOne(1.25, 0.5, 0, -128, 127, t), 1));
  EXPECT_TRUE(same(fakeQuantizeOne(1.75, 0.5, 0, -128, 127, t), 2)); // 3.5
  EXPECT_TRUE(same(fakeQuantizeOne(-1.25, 0.5, 0, -128, 127, t), -1));
  // Clamped: 100 -> 7 in [-8, 7]; with zp 3, clamp(103) = 7, (7 - 3) = 4.
  EXPECT_TRUE(same(fakeQuantizeOne(100, 1, 0, -8, 7, t), 7));
  EXPECT_TRUE(same(fakeQuantizeOne(100, 1, 3, -8, 7, t), 4));
  EXPECT_TRUE(same(fakeQuantizeOne(-100, 1, 3, -8, 7, t), -11));
}

TEST_P(FamilyElementTest, FakeQuantizeSignOfZero) {
  ElementKind t = GetParam();
  // The rounded quotient is 0, q = zp, (q - zp) = +0: the sign is the
  // scale's.
  EXPECT_TRUE(same(fakeQuantizeOne(0.25, -1, 5, -128, 127, t), -0.0));
  EXPECT_TRUE(same(fakeQuantizeOne(-0.25, 1, 5, -128, 127, t), 0.0));
  EXPECT_TRUE(same(fakeQuantizeOne(-0.0, 1, 0, -128, 127, t), 0.0));
  // Zero scale: q = clamp(zp); zp inside gives 0 * s.
  EXPECT_TRUE(same(fakeQuantizeOne(5, 0.0, 3, -128, 127, t), 0.0));
  EXPECT_TRUE(same(fakeQuantizeOne(5, -0.0, 3, -128, 127, t), -0.0));
  // zp outside: (127 - 200) * +0 = -0, (127 - 200) * -0 = +0.
  EXPECT_TRUE(same(fakeQuantizeOne(5, 0.0, 200, -128, 127, t), -0.0));
  EXPECT_TRUE(same(fakeQuantizeOne(5, -0.0, 200, -128, 127, t), 0.0));
}

TEST_P(FamilyElementTest, FakeQuantizeSpecialValues) {
  ElementKind t = GetParam();
  // NaN x: q = clamp(zp) -> 0 * s.
  EXPECT_TRUE(same(fakeQuantizeOne(kNaN, 2, 1, -128, 127, t), 0.0));
  // +-Inf x saturates: (127 - 1) * 0.5 = 63, (-128 - 1) * 0.5 = -64.5.
  EXPECT_TRUE(same(fakeQuantizeOne(kInf, 0.5, 1, -128, 127, t), 63));
  EXPECT_TRUE(same(fakeQuantizeOne(-kInf, 0.5, 1, -128, 127, t), -64.5));
  // NaN scale: NaN. Inf scale: x / Inf = 0, q = zp, 0 * Inf = NaN; with
  // the zero point clamped, (127 - 200) * Inf = -Inf.
  EXPECT_TRUE(same(fakeQuantizeOne(1, kNaN, 0, -128, 127, t), kNaN));
  EXPECT_TRUE(same(fakeQuantizeOne(1, kInf, 0, -128, 127, t), kNaN));
  EXPECT_TRUE(same(fakeQuantizeOne(1, kInf, 200, -128, 127, t), -kInf));
}

TEST(FamilyFakeQuantizeTest, WholeI32RangeIsExact) {
  // q = 2^31 - 1 (x = +Inf), zp = -2^31: q - zp = 2^32 - 1.
  EXPECT_TRUE(same(fakeQuantizeOne(kInf, 1, kI32Min, kI32Min, kI32Max, kF64),
                   4294967295.0));
  // f32: 2^32 - 1 rounds to 2^32.
  EXPECT_TRUE(same(fakeQuantizeOne(kInf, 1, kI32Min, kI32Min, kI32Max, kF32),
                   4294967296.0));
  EXPECT_TRUE(same(fakeQuantizeOne(-kInf, 1, kI32Max, kI32Min, kI32Max, kF64),
                   -4294967295.0));
}

//===----------------------------------------------------------------------===//
// fake_quantize_backward: dx = inside ? dy : +0
//===----------------------------------------------------------------------===//

TEST_P(FamilyElementTest, FakeQuantizeBackwardSelects) {
  ElementKind t = GetParam();
  // No 1 / scale.
  EXPECT_TRUE(same(fakeQuantizeBackwardOne(3, 2, 0.5, 0, -128, 127, t), 3));
  EXPECT_TRUE(same(fakeQuantizeBackwardOne(-0.0, 2, 1, 0, -128, 127, t), -0.0));
  EXPECT_TRUE(same(fakeQuantizeBackwardOne(kNaN, 2, 1, 0, -128, 127, t), kNaN));
  EXPECT_TRUE(
      same(fakeQuantizeBackwardOne(kNaN, 128, 1, 0, -128, 127, t), 0.0));
  EXPECT_TRUE(same(fakeQuantizeBackwardOne(-5, -129, 1, 0, -128, 127, t), 0.0));
  // Boundaries: inclusive; a tie with an odd zero point.
  EXPECT_TRUE(same(fakeQuantizeBackwardOne(7, 127, 1, 0, -128, 127, t), 7));
  EXPECT_TRUE(same(fakeQuantizeBackwardOne(7, -128, 1, 0, -128, 127, t), 7));
  EXPECT_TRUE(same(fakeQuantizeBackwardOne(7, 126.5, 1, 1, -128, 127, t), 7));
  EXPECT_TRUE(
      same(fakeQuantizeBackwardOne(7, -127.5, 1, -1, -128, 127, t), 0.0));
  // Zero scale: inside iff q_min <= zp <= q_max.
  EXPECT_TRUE(same(fakeQuantizeBackwardOne(7, 100, 0.0, 10, 0, 10, t), 7));
  EXPECT_TRUE(same(fakeQuantizeBackwardOne(7, 100, -0.0, 11, 0, 10, t), 0.0));
  // Inf x outside; huge dy passes.
  EXPECT_TRUE(
      same(fakeQuantizeBackwardOne(7, kInf, 1, 0, kI32Min, kI32Max, t), 0.0));
  EXPECT_TRUE(same(fakeQuantizeBackwardOne(kInf, 0, 1, 0, -128, 127, t), kInf));
}

INSTANTIATE_TEST_SUITE_P(AllFloatKinds, FamilyElementTest,
                         ::testing::Values(kF32, kF64, kF16, kBF16),
                         [](const auto &info) {
                           return std::string(
                               baracuda::elementKindName(info.param));
                         });

//===----------------------------------------------------------------------===//
// The whole-tensor driver
//===----------------------------------------------------------------------===//

FamilyProblem problemOf(FamilyOp op, ParameterLayout layout,
                        std::vector<int64_t> shape, ElementKind t = kF32,
                        ElementKind q = ElementKind::S8, int32_t qMin = -128,
                        int32_t qMax = 127) {
  FamilyProblem problem;
  problem.op = op;
  problem.layout = layout;
  problem.shape = std::move(shape);
  problem.floatElement = t;
  problem.quantElement = q;
  problem.qMin = qMin;
  problem.qMax = qMax;
  return problem;
}

/// Dequantizes q = 0, 1, ..., n - 1 (zp 0) of `shape` with `scales` along
/// the per-channel `axis`: y[i] = i * scale[coordinate along axis].
std::vector<float> dequantizeIota(std::vector<int64_t> shape, int64_t axis,
                                  std::vector<float> scales) {
  FamilyProblem problem =
      problemOf(FamilyOp::Dequantize, ParameterLayout::perChannel(axis), shape);
  int64_t n = familyNumElements(problem);
  EXPECT_EQ(familyParamCount(problem), static_cast<int64_t>(scales.size()));
  std::vector<int8_t> q(n);
  for (int64_t i = 0; i < n; ++i)
    q[i] = static_cast<int8_t>(i);
  std::vector<int32_t> zp(scales.size(), 0);
  std::vector<float> y(n, -1);
  FamilyBuffers buffers;
  buffers.q = q.data();
  buffers.scale = scales.data();
  buffers.zeroPoint = zp.data();
  buffers.out = y.data();
  referenceFamily(problem, buffers);
  return y;
}

TEST(FamilyReferenceTest, PerChannelUsesTheCoordinateAlongTheAxis) {
  // [2, 3, 2]: element i has coordinates (i / 6, (i / 2) % 3, i % 2).
  EXPECT_EQ(
      dequantizeIota({2, 3, 2}, 0, {1, 100}),
      (std::vector<float>{0, 1, 2, 3, 4, 5, 600, 700, 800, 900, 1000, 1100}));
  EXPECT_EQ(
      dequantizeIota({2, 3, 2}, 1, {1, 10, 100}),
      (std::vector<float>{0, 1, 20, 30, 400, 500, 6, 7, 80, 90, 1000, 1100}));
  EXPECT_EQ(dequantizeIota({2, 3, 2}, 2, {1, 10}),
            (std::vector<float>{0, 10, 2, 30, 4, 50, 6, 70, 8, 90, 10, 110}));
  // Rank 1 and rank 5 with size-1 dims around the axis.
  EXPECT_EQ(dequantizeIota({5}, 0, {1, 2, 3, 4, 5}),
            (std::vector<float>{0, 2, 6, 12, 20}));
  EXPECT_EQ(dequantizeIota({1, 3, 1, 1, 1}, 1, {1, 2, 3}),
            (std::vector<float>{0, 2, 6}));
  EXPECT_EQ(dequantizeIota({1, 1, 1, 1, 3}, 0, {2}),
            (std::vector<float>{0, 2, 4}));
}

TEST(FamilyReferenceTest, PerTensorUsesTheScalarsOnAnyRank) {
  FamilyProblem problem =
      problemOf(FamilyOp::Quantize, ParameterLayout::perTensor(), {2, 1, 3});
  std::vector<float> x = {1, -2, 1.25f, 1.75f, 1000, -0.0f};
  std::vector<int8_t> q(6, 0x55);
  FamilyBuffers buffers;
  buffers.x = x.data();
  buffers.scalarScale = 0.5;
  buffers.scalarZeroPoint = -3;
  buffers.out = q.data();
  referenceFamily(problem, buffers);
  // x / 0.5 = 2, -4, 2.5 -> 2, 3.5 -> 4, 2000, -0 -> 0; then - 3 and the
  // clamp (1997 -> 127).
  EXPECT_EQ(q, (std::vector<int8_t>{-1, -7, -1, 1, 127, -3}));
  // Rank 0: one element.
  problem.shape = {};
  EXPECT_EQ(familyNumElements(problem), 1);
  referenceFamily(problem, buffers);
  EXPECT_EQ(q[0], -1);
  EXPECT_EQ(q[1], -7);
}

TEST(FamilyReferenceTest, PerTensorF16ScaleIsUsedAsGiven) {
  // scale = f32(1/3) = 0x1.555556p-2 (not an f16 value). 3 * that =
  // 1 + 2^-25 -> f32 1.0 -> f16 1.0. Rounding the scale to f16 first
  // (0x1.554p-2) would give 3 * 0x1.554p-2 = 0x1.ffep-1.
  FamilyProblem problem =
      problemOf(FamilyOp::Dequantize, ParameterLayout::perTensor(), {1}, kF16);
  int8_t q = 3;
  uint16_t y = 0;
  FamilyBuffers buffers;
  buffers.q = &q;
  buffers.scalarScale = static_cast<double>(1.0f / 3.0f);
  buffers.out = &y;
  referenceFamily(problem, buffers);
  EXPECT_EQ(y, floatToHalf(1.0f));
  // scale = 1 + 3 * 2^-12 (f16 would round it to 1 + 2^-10): 3 * scale =
  // 3 + 2.25 * 2^-10 -> f16 (ulp 2^-9) 3 + 2^-9. Rounded first, 3 * (1 +
  // 2^-10) = 3 + 1.5 ulp, a tie -> 3 + 2^-8.
  buffers.scalarScale = 1 + 3 * 0x1p-12;
  referenceFamily(problem, buffers);
  EXPECT_EQ(y, floatToHalf(3 + 0x1p-9f));
  // Not exact in f32: rejected for f16/f32/bf16, taken for f64.
  buffers.scalarScale = 0.1;
  EXPECT_THROW(referenceFamily(problem, buffers), std::invalid_argument);
  problem.floatElement = kF64;
  double y64 = 0;
  buffers.out = &y64;
  referenceFamily(problem, buffers);
  EXPECT_TRUE(same(y64, 3 * 0.1)); // 0x1.3333333333334p-2
}

TEST(FamilyReferenceTest, PerTokenUsesTheRow) {
  FamilyProblem problem = problemOf(FamilyOp::QuantizeBackward,
                                    ParameterLayout::perToken(), {3, 2});
  std::vector<float> dy = {1, 1, 1, 1, 1, 1};
  std::vector<float> x = {0.5f, 200, 3, -3, 1, 2};
  std::vector<float> scale = {0.25f, 1, 0};
  std::vector<int32_t> zp = {0, 125, 0};
  std::vector<float> dx(6, -1);
  FamilyBuffers buffers;
  buffers.dy = dy.data();
  buffers.x = x.data();
  buffers.scale = scale.data();
  buffers.zeroPoint = zp.data();
  buffers.out = dx.data();
  referenceFamily(problem, buffers);
  // Row 0: v = 2, 800 -> 1 / 0.25 = 4, outside. Row 1 (zp 125): 128 out,
  // 122 in -> 1. Row 2: zero scale -> +0.
  EXPECT_EQ(dx, (std::vector<float>{4, 0, 0, 1, 0, 0}));
  EXPECT_FALSE(std::signbit(dx[5]));
}

TEST(FamilyReferenceTest, PerGroupUsesRowAndGroup) {
  FamilyProblem problem =
      problemOf(FamilyOp::FakeQuantize, ParameterLayout::perGroup(2), {2, 4},
                kF64, ElementKind::S8, -8, 7);
  std::vector<double> x = {1, 2.5, 3, 100, -1, -2, 250, 5};
  std::vector<double> scale = {1, 2, 0.5, 0};
  std::vector<int32_t> zp = {0, 1, -1, 3};
  std::vector<double> y(8, 99);
  FamilyBuffers buffers;
  buffers.x = x.data();
  buffers.scale = scale.data();
  buffers.zeroPoint = zp.data();
  buffers.out = y.data();
  referenceFamily(problem, buffers);
  // (0,0..1) s 1 zp 0: 1, 2.5 -> 2. (0,2..3) s 2 zp 1: 1.5 -> 2 + 1 = 3 ->
  // (3 - 1) * 2 = 4; 50 + 1 -> 7 -> 12. (1,0..1) s 0.5 zp -1: -2 - 1 = -3
  // -> -1; -4 - 1 = -5 -> -2. (1,2..3) s 0 zp 3: (3 - 3) * 0 = 0.
  EXPECT_EQ(y, (std::vector<double>{1, 2, 4, 12, -1, -2, 0, 0}));
}

TEST(FamilyReferenceTest, OddShapes) {
  // [1, 7] in one group of 7, dequantize_backward (no zero point) in bf16.
  FamilyProblem problem =
      problemOf(FamilyOp::DequantizeBackward, ParameterLayout::perGroup(7),
                {1, 7}, kBF16);
  std::vector<uint16_t> dy, dq(7, 0);
  for (float v : {1.f, -2.f, 0.f, -0.f, 3.f, 0.5f, 96.f})
    dy.push_back(floatToBf16(v));
  uint16_t scale = floatToBf16(-0.5f);
  FamilyBuffers buffers;
  buffers.dy = dy.data();
  buffers.scale = &scale;
  buffers.out = dq.data();
  referenceFamily(problem, buffers);
  std::vector<uint16_t> want;
  for (float v : {-0.5f, 1.f, -0.f, 0.f, -1.5f, -0.25f, -48.f})
    want.push_back(floatToBf16(v));
  EXPECT_EQ(dq, want);
  // [3, 1] per token, u8 dequantize in f16.
  problem = problemOf(FamilyOp::Dequantize, ParameterLayout::perToken(), {3, 1},
                      kF16, ElementKind::U8);
  std::vector<uint8_t> q = {0, 255, 128};
  std::vector<uint16_t> scales = {floatToHalf(1), floatToHalf(0.5f),
                                  floatToHalf(-2)};
  std::vector<int32_t> zp = {0, 128, 128};
  std::vector<uint16_t> y(3, 0x1234);
  buffers = FamilyBuffers();
  buffers.q = q.data();
  buffers.scale = scales.data();
  buffers.zeroPoint = zp.data();
  buffers.out = y.data();
  referenceFamily(problem, buffers);
  // 0, 127 * 0.5 = 63.5, 0 * -2 = -0.
  EXPECT_EQ(y, (std::vector<uint16_t>{0x0000, floatToHalf(63.5f), 0x8000}));
}

TEST(FamilyReferenceTest, FakeQuantizeBackwardCopiesDyBits) {
  // A signalling f16 NaN with a payload passes unchanged inside the range.
  FamilyProblem problem =
      problemOf(FamilyOp::FakeQuantizeBackward, ParameterLayout::perTensor(),
                {3}, kF16, ElementKind::S8, 0, 3);
  std::vector<uint16_t> dy = {0x7d01, 0xfd01, 0x8000};
  std::vector<uint16_t> x = {floatToHalf(1), floatToHalf(4), floatToHalf(0)};
  std::vector<uint16_t> dx(3, 0x1111);
  FamilyBuffers buffers;
  buffers.dy = dy.data();
  buffers.x = x.data();
  buffers.scalarScale = 1;
  buffers.out = dx.data();
  referenceFamily(problem, buffers);
  EXPECT_EQ(dx, (std::vector<uint16_t>{0x7d01, 0x0000, 0x8000}));
}

TEST(FamilyReferenceTest, EmptyProblemsTouchNothing) {
  for (FamilyOp op : {FamilyOp::Quantize, FamilyOp::Dequantize,
                      FamilyOp::QuantizeBackward, FamilyOp::DequantizeBackward,
                      FamilyOp::FakeQuantize, FamilyOp::FakeQuantizeBackward}) {
    for (ParameterLayout layout :
         {ParameterLayout::perTensor(), ParameterLayout::perChannel(1),
          ParameterLayout::perToken(), ParameterLayout::perGroup(4)}) {
      for (std::vector<int64_t> shape :
           {std::vector<int64_t>{0, 8}, std::vector<int64_t>{3, 0}}) {
        FamilyProblem problem = problemOf(op, layout, shape);
        EXPECT_EQ(familyNumElements(problem), 0);
        // Null buffers: nothing is read or written.
        EXPECT_NO_THROW(referenceFamily(problem, FamilyBuffers()))
            << familyOpName(op);
      }
    }
  }
  FamilyProblem problem = problemOf(
      FamilyOp::Dequantize, ParameterLayout::perChannel(2), {2, 0, 3}, kF32);
  EXPECT_EQ(familyParamCount(problem), 3);
  EXPECT_NO_THROW(referenceFamily(problem, FamilyBuffers()));
}

TEST(FamilyReferenceTest, ElementFunctionsMatchTheDriver) {
  // Every op once through the driver on a 2-element f32 problem, against
  // the element functions: the driver only routes values.
  std::vector<float> x = {2.5f, -300}, dy = {-3, 5};
  std::vector<int8_t> q = {-7, 100};
  float scale = 0.5f;
  int32_t zp = 3;
  for (FamilyOp op : {FamilyOp::Quantize, FamilyOp::Dequantize,
                      FamilyOp::QuantizeBackward, FamilyOp::DequantizeBackward,
                      FamilyOp::FakeQuantize, FamilyOp::FakeQuantizeBackward}) {
    FamilyProblem problem = problemOf(op, ParameterLayout::perToken(), {2, 1});
    std::vector<float> scales = {scale, scale};
    std::vector<int32_t> zps = {zp, zp};
    std::vector<float> out(2, 0);
    std::vector<int8_t> qOut(2, 0);
    FamilyBuffers buffers;
    buffers.x = x.data();
    buffers.dy = dy.data();
    buffers.q = q.data();
    buffers.scale = scales.data();
    buffers.zeroPoint = zps.data();
    buffers.out = op == FamilyOp::Quantize ? static_cast<void *>(qOut.data())
                                           : out.data();
    referenceFamily(problem, buffers);
    for (size_t i = 0; i < 2; ++i) {
      double want = 0;
      switch (op) {
      case FamilyOp::Quantize:
        want = quantizeOne(x[i], scale, zp, -128, 127, kF32);
        EXPECT_EQ(qOut[i], want) << familyOpName(op) << " " << i;
        continue;
      case FamilyOp::Dequantize:
        want = dequantizeOne(q[i], zp, scale, kF32);
        break;
      case FamilyOp::QuantizeBackward:
        want = quantizeBackwardOne(dy[i], x[i], scale, zp, -128, 127, kF32);
        break;
      case FamilyOp::DequantizeBackward:
        want = dequantizeBackwardOne(dy[i], scale, kF32);
        break;
      case FamilyOp::FakeQuantize:
        want = fakeQuantizeOne(x[i], scale, zp, -128, 127, kF32);
        break;
      case FamilyOp::FakeQuantizeBackward:
        want = fakeQuantizeBackwardOne(dy[i], x[i], scale, zp, -128, 127, kF32);
        break;
      }
      EXPECT_TRUE(same(out[i], want)) << familyOpName(op) << " " << i;
    }
  }
}

TEST(FamilyReferenceTest, BindsOperandsInTheOpsOrder) {
  // quantize_backward per token: dy, x, scale, zero_point.
  FamilyProblem problem = problemOf(FamilyOp::QuantizeBackward,
                                    ParameterLayout::perToken(), {1, 2});
  float dy[2] = {1, 2}, x[2] = {3, 4}, scale[1] = {0.5f}, out[2];
  int32_t zp[1] = {0};
  FamilyBuffers buffers =
      familyBuffersInOperandOrder(problem, {dy, x, scale, zp}, out);
  EXPECT_EQ(buffers.dy, dy);
  EXPECT_EQ(buffers.x, x);
  EXPECT_EQ(buffers.scale, scale);
  EXPECT_EQ(buffers.zeroPoint, zp);
  EXPECT_EQ(buffers.out, out);
  EXPECT_THROW(familyBuffersInOperandOrder(problem, {dy, x, scale}, out),
               std::invalid_argument);
  // dequantize per tensor f64: q, then a double scale and an int32 zp.
  problem =
      problemOf(FamilyOp::Dequantize, ParameterLayout::perTensor(), {2}, kF64);
  int8_t q[2] = {1, 2};
  double scale64 = 0.25;
  int32_t zp32 = -1;
  buffers = familyBuffersInOperandOrder(problem, {q, &scale64, &zp32}, out);
  EXPECT_EQ(buffers.q, q);
  EXPECT_EQ(buffers.scalarScale, 0.25);
  EXPECT_EQ(buffers.scalarZeroPoint, -1);
  EXPECT_EQ(buffers.scale, nullptr);
  // dequantize_backward: dy, scale; f32 per-tensor scale is a float.
  problem = problemOf(FamilyOp::DequantizeBackward,
                      ParameterLayout::perTensor(), {2}, kF32);
  float scale32 = -2;
  buffers = familyBuffersInOperandOrder(problem, {dy, &scale32}, out);
  EXPECT_EQ(buffers.dy, dy);
  EXPECT_EQ(buffers.scalarScale, -2);
}

//===----------------------------------------------------------------------===//
// Validation, each rule from both sides
//===----------------------------------------------------------------------===//

void expectRejected(const FamilyProblem &problem, const std::string &needle) {
  try {
    familyNumElements(problem);
    ADD_FAILURE() << "accepted; expected an error containing '" << needle
                  << "'";
  } catch (const std::invalid_argument &error) {
    EXPECT_NE(std::string(error.what()).find(needle), std::string::npos)
        << error.what();
  }
}

TEST(FamilyReferenceValidationTest, Rules) {
  using L = ParameterLayout;
  FamilyProblem ok = problemOf(FamilyOp::Quantize, L::perGroup(4), {2, 8});
  EXPECT_EQ(familyNumElements(ok), 16);
  EXPECT_EQ(familyParamCount(ok), 4);

  FamilyProblem bad = ok;
  bad.floatElement = ElementKind::S8;
  expectRejected(bad, "float element s8");
  bad = ok;
  bad.quantElement = ElementKind::S32;
  expectRejected(bad, "quantized element s32");
  bad.op = FamilyOp::FakeQuantize; // no q operand: any quantElement
  EXPECT_EQ(familyNumElements(bad), 16);

  expectRejected(problemOf(FamilyOp::Quantize, L::perTensor(), {2, -1}),
                 "negative size");
  expectRejected(problemOf(FamilyOp::Quantize, L::perTensor(),
                           {int64_t(1) << 32, int64_t(1) << 32}),
                 "more than 2^63 - 1 elements");
  EXPECT_EQ(familyNumElements(problemOf(FamilyOp::Quantize, L::perTensor(),
                                        {int64_t(1) << 31, int64_t(1) << 31})),
            int64_t(1) << 62);

  expectRejected(problemOf(FamilyOp::Quantize, L::perChannel(3), {2, 2, 2}),
                 "axis 3 is outside [0, 3)");
  expectRejected(problemOf(FamilyOp::Quantize, L::perChannel(-1), {2, 2, 2}),
                 "axis -1 is outside");
  expectRejected(problemOf(FamilyOp::Quantize, L::perChannel(0), {}),
                 "axis 0 is outside [0, 0)");
  EXPECT_EQ(familyParamCount(
                problemOf(FamilyOp::Quantize, L::perChannel(2), {2, 3, 5})),
            5);

  expectRejected(problemOf(FamilyOp::Quantize, L::perToken(), {2, 2, 2}),
                 "per_token data must be [n, d], got [2, 2, 2]");
  expectRejected(problemOf(FamilyOp::Quantize, L::perToken(), {4}),
                 "per_token data must be [n, d]");
  EXPECT_EQ(
      familyParamCount(problemOf(FamilyOp::Quantize, L::perToken(), {3, 5})),
      3);

  expectRejected(problemOf(FamilyOp::Quantize, L::perGroup(4), {8}),
                 "per_group data must be [outer, axis]");
  expectRejected(problemOf(FamilyOp::Quantize, L::perGroup(0), {2, 8}),
                 "per_group size (0) must be positive");
  expectRejected(problemOf(FamilyOp::Quantize, L::perGroup(3), {2, 8}),
                 "axis size (8) must be a multiple of the group size (3)");

  FamilyProblem range = ok;
  range.qMin = 5;
  range.qMax = 4;
  expectRejected(range, "q_min (5) must be <= q_max (4)");
  range.qMax = 5;
  EXPECT_EQ(familyNumElements(range), 16);
  range.op = FamilyOp::Dequantize; // no range: not checked
  range.qMax = 4;
  EXPECT_EQ(familyNumElements(range), 16);
  range.op = FamilyOp::DequantizeBackward;
  EXPECT_EQ(familyNumElements(range), 16);
  range.op = FamilyOp::FakeQuantizeBackward;
  expectRejected(range, "q_min (5) must be <= q_max (4)");

  FamilyProblem storage = ok;
  storage.qMin = -129;
  expectRejected(storage, "range [-129, 127] is outside s8");
  storage.qMin = -128;
  storage.qMax = 128;
  expectRejected(storage, "range [-128, 128] is outside s8");
  storage.quantElement = ElementKind::U8;
  storage.qMin = -1;
  storage.qMax = 255;
  expectRejected(storage, "range [-1, 255] is outside u8");
  storage.qMin = 0;
  EXPECT_EQ(familyNumElements(storage), 16);
  storage.op = FamilyOp::FakeQuantize; // any i32 range
  storage.qMin = kI32Min;
  storage.qMax = kI32Max;
  EXPECT_EQ(familyNumElements(storage), 16);
}

TEST(FamilyReferenceValidationTest, NullBuffersOfANonEmptyProblem) {
  FamilyProblem problem = problemOf(FamilyOp::QuantizeBackward,
                                    ParameterLayout::perToken(), {1, 1});
  float one = 1;
  int32_t zp = 0;
  FamilyBuffers buffers;
  buffers.dy = &one;
  buffers.x = &one;
  buffers.scale = &one;
  buffers.zeroPoint = &zp;
  float out = 0;
  buffers.out = &out;
  EXPECT_NO_THROW(referenceFamily(problem, buffers));
  auto withNull = [&](auto clear) {
    FamilyBuffers broken = buffers;
    clear(broken);
    return broken;
  };
  EXPECT_THROW(referenceFamily(
                   problem, withNull([](FamilyBuffers &b) { b.dy = nullptr; })),
               std::invalid_argument);
  EXPECT_THROW(referenceFamily(
                   problem, withNull([](FamilyBuffers &b) { b.x = nullptr; })),
               std::invalid_argument);
  EXPECT_THROW(referenceFamily(problem, withNull([](FamilyBuffers &b) {
                                 b.scale = nullptr;
                               })),
               std::invalid_argument);
  EXPECT_THROW(referenceFamily(problem, withNull([](FamilyBuffers &b) {
                                 b.zeroPoint = nullptr;
                               })),
               std::invalid_argument);
  FamilyBuffers noOut = buffers;
  noOut.out = nullptr;
  EXPECT_THROW(referenceFamily(problem, noOut), std::invalid_argument);
  // dequantize_backward reads no zero point.
  problem.op = FamilyOp::DequantizeBackward;
  FamilyBuffers noZeroPoint = buffers;
  noZeroPoint.zeroPoint = nullptr;
  noZeroPoint.x = nullptr;
  EXPECT_NO_THROW(referenceFamily(problem, noZeroPoint));
}

} // namespace
