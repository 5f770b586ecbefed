//===- QuantizeReferenceTest.cpp - Checks of the host reference itself ----===//
//
// The reference judges the kernels, so it gets its own hand-computed cases:
// every expected value below was worked out on paper, not by another
// implementation.
//
//===----------------------------------------------------------------------===//

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
using baracuda::QuantizePerGroupDescriptor;
using namespace baracuda::testing;

constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr int32_t kS8Min = -128, kS8Max = 127;
constexpr int32_t kI32Min = std::numeric_limits<int32_t>::min();
constexpr int32_t kI32Max = std::numeric_limits<int32_t>::max();

/// Appends `value` stored as `kind` (f16/bf16 as their 16-bit words) to
/// `bytes`; fails the test when `value` is not exact in `kind`.
void store(std::vector<uint8_t> &bytes, double value, ElementKind kind) {
  auto append = [&](const auto &stored) {
    const auto *raw = reinterpret_cast<const uint8_t *>(&stored);
    bytes.insert(bytes.end(), raw, raw + sizeof(stored));
  };
  double back = value;
  switch (kind) {
  case ElementKind::F64:
    append(value);
    break;
  case ElementKind::F32:
    append(float(value));
    back = float(value);
    break;
  case ElementKind::F16: {
    uint16_t bits = floatToHalf(float(value));
    append(bits);
    back = halfToFloat(bits);
    break;
  }
  default: {
    uint16_t bits = floatToBf16(float(value));
    append(bits);
    back = bf16ToFloat(bits);
    break;
  }
  }
  EXPECT_TRUE(back == value || (std::isnan(back) && std::isnan(value)))
      << value << " is not exact in " << baracuda::elementKindName(kind);
}

/// One element quantized by the reference as the kernels' callers use it:
/// x and scale stored as `kind` (f16/bf16 as 16-bit words, decoded by the
/// reference), a [1, 1] problem of quantizePerGroupReference.
int32_t quantize(double x, double scale, int32_t zp, int32_t qMin, int32_t qMax,
                 ElementKind kind) {
  std::vector<uint8_t> input, scales;
  store(input, x, kind);
  store(scales, scale, kind);
  bool s8Output = qMin < 0;
  QuantizePerGroupDescriptor desc{
      1, 1, 1, qMin, qMax, kind, s8Output ? ElementKind::S8 : ElementKind::U8};
  uint8_t output = 0;
  quantizePerGroupReference(desc, input.data(), scales.data(), &zp, &output);
  int32_t viaProblem = s8Output ? int32_t(int8_t(output)) : int32_t(output);
  // quantizeOne takes the decoded values: the same answer.
  EXPECT_EQ(viaProblem, quantizeOne(x, scale, zp, qMin, qMax, kind));
  return viaProblem;
}

int32_t s8(double x, double scale, int32_t zp,
           ElementKind kind = ElementKind::F32) {
  return quantize(x, scale, zp, kS8Min, kS8Max, kind);
}

/// quantizeOne on values already widened (for f16/bf16 they need not be
/// exact in the 16-bit type: only the compute type matters).
int32_t s8Decoded(double x, double scale, int32_t zp, ElementKind kind) {
  return quantizeOne(x, scale, zp, kS8Min, kS8Max, kind);
}

class QuantizeOneTest : public ::testing::TestWithParam<ElementKind> {};

TEST_P(QuantizeOneTest, TiesRoundToEven) {
  ElementKind kind = GetParam();
  EXPECT_EQ(s8(0.5, 1, 0, kind), 0);
  EXPECT_EQ(s8(1.5, 1, 0, kind), 2);
  EXPECT_EQ(s8(2.5, 1, 0, kind), 2);
  EXPECT_EQ(s8(3.5, 1, 0, kind), 4);
  EXPECT_EQ(s8(-1.5, 1, 0, kind), -2);
  EXPECT_EQ(s8(-2.5, 1, 0, kind), -2);
  EXPECT_EQ(s8(5, 2, 0, kind), 2);   // 2.5 -> 2
  EXPECT_EQ(s8(-7, 2, 0, kind), -4); // -3.5 -> -4
  // Non-ties round to nearest.
  EXPECT_EQ(s8(2.25, 1, 0, kind), 2);
  EXPECT_EQ(s8(2.75, 1, 0, kind), 3);
  EXPECT_EQ(s8(-2.75, 1, 0, kind), -3);
}

TEST_P(QuantizeOneTest, NegativeHalfRoundsToZeroThenAddsZeroPoint) {
  ElementKind kind = GetParam();
  EXPECT_EQ(s8(-0.5, 1, 0, kind), 0); // -0 -> 0
  EXPECT_EQ(s8(-0.5, 1, 3, kind), 3);
  EXPECT_EQ(s8(-0.0, 1, -3, kind), -3);
}

TEST_P(QuantizeOneTest, NaNGivesClampedZeroPoint) {
  ElementKind kind = GetParam();
  EXPECT_EQ(s8(kNaN, 1, 5, kind), 5);
  EXPECT_EQ(s8(1, kNaN, -5, kind), -5);
  EXPECT_EQ(s8(kInf, kInf, 7, kind), 7); // Inf / Inf
  EXPECT_EQ(s8(-kInf, kInf, 7, kind), 7);
  EXPECT_EQ(s8(kNaN, 1, 500, kind), 127); // clamp(zp)
  EXPECT_EQ(s8(kNaN, 1, -500, kind), -128);
}

TEST_P(QuantizeOneTest, InfinitySaturates) {
  ElementKind kind = GetParam();
  EXPECT_EQ(s8(kInf, 1, 0, kind), 127);
  EXPECT_EQ(s8(-kInf, 1, 0, kind), -128);
  EXPECT_EQ(s8(kInf, -1, 0, kind), -128);
  // Even the most extreme zero point cannot pull +-Inf back into range.
  EXPECT_EQ(s8(kInf, 1, kI32Min, kind), 127);
  EXPECT_EQ(s8(-kInf, 1, kI32Max, kind), -128);
  // A finite x over a tiny scale overflows to Inf in the compute type (f16
  // has no such pair: 65504 / 2^-24 is finite in f32).
  if (kind != ElementKind::F16)
    EXPECT_EQ(s8(0x1p100, 0x1p-100, kI32Min, kind), 127);
}

TEST_P(QuantizeOneTest, ZeroScaleGivesClampedZeroPoint) {
  ElementKind kind = GetParam();
  EXPECT_EQ(s8(5, 0, 7, kind), 7);
  EXPECT_EQ(s8(5, -0.0, 7, kind), 7);
  EXPECT_EQ(s8(kInf, 0, 7, kind), 7);
  EXPECT_EQ(s8(kNaN, 0, 7, kind), 7);
  EXPECT_EQ(s8(1, 0, 1000, kind), 127);
  EXPECT_EQ(s8(1, 0, kI32Min, kind), -128);
  EXPECT_EQ(quantize(3, 0, 9, 10, 20, kind), 10);
}

TEST_P(QuantizeOneTest, HugeZeroPointSaturates) {
  ElementKind kind = GetParam();
  EXPECT_EQ(s8(0, 1, kI32Max, kind), 127);
  EXPECT_EQ(s8(0, 1, kI32Min, kind), -128);
  EXPECT_EQ(s8(100, 1, kI32Min, kind), -128);
  EXPECT_EQ(quantize(0, 1, kI32Max, 0, 255, kind), 255);
  EXPECT_EQ(quantize(0, 1, kI32Min, 0, 255, kind), 0);
}

TEST_P(QuantizeOneTest, ZeroPointShiftsThenClamps) {
  ElementKind kind = GetParam();
  EXPECT_EQ(s8(300, 1, -200, kind), 100);
  EXPECT_EQ(s8(-300, 1, 200, kind), -100);
  EXPECT_EQ(s8(126.5, 1, 0, kind), 126); // tie to even, in range
  EXPECT_EQ(s8(127.5, 1, 0, kind), 127); // 128 clamps
  if (kind != ElementKind::BF16)         // -128.5 needs 9 significant bits
    EXPECT_EQ(s8(-128.5, 1, 0, kind), -128);
  EXPECT_EQ(s8(-130, 1, 0, kind), -128);
  EXPECT_EQ(quantize(10, 1, 128, 0, 255, kind), 138);
  EXPECT_EQ(quantize(-1, 1, 0, 0, 255, kind), 0);
  EXPECT_EQ(quantize(7, 1, 0, -3, 3, kind), 3); // narrowed range
}

INSTANTIATE_TEST_SUITE_P(AllInputKinds, QuantizeOneTest,
                         ::testing::Values(ElementKind::F32, ElementKind::F64,
                                           ElementKind::F16, ElementKind::BF16),
                         [](const auto &info) {
                           return std::string(
                               baracuda::elementKindName(info.param));
                         });

TEST(QuantizeOneF64Test, LargeQuotientPlusZeroPointIsExact) {
  // r = 2^31 + 100 does not fit int32, but r + zp does.
  EXPECT_EQ(s8(2147483748.0, 1, kI32Min, ElementKind::F64), 100);
  // r = -(2^31 + 127): + (2^31 - 1) = -128, in range; one lower clamps.
  EXPECT_EQ(s8(-2147483775.0, 1, kI32Max, ElementKind::F64), -128);
  EXPECT_EQ(s8(-2147483774.0, 1, kI32Max, ElementKind::F64), -127);
  EXPECT_EQ(s8(-2147483776.0, 1, kI32Max, ElementKind::F64), -128);
  // Far beyond int64: saturates by sign.
  EXPECT_EQ(s8(1e300, 1e-10, kI32Min, ElementKind::F64), 127);
  EXPECT_EQ(s8(-1e300, 1e-10, kI32Max, ElementKind::F64), -128);
  EXPECT_EQ(s8(0x1p62, 1, kI32Min, ElementKind::F64), 127);
  EXPECT_EQ(s8(0x1p64, 1, kI32Min, ElementKind::F64), 127);
}

TEST(QuantizeOneF64Test, SubnormalDivisionIsNotFlushed) {
  // 2^-1074 / 2^-1074 = 1; a flush-to-zero kernel would give NaN -> zp.
  EXPECT_EQ(s8(0x1p-1074, 0x1p-1074, 0, ElementKind::F64), 1);
  EXPECT_EQ(s8(0x1p-149, 0x1p-149, 0, ElementKind::F32), 1);
  EXPECT_EQ(s8(0x1p-148 * 3, 0x1p-148, 0, ElementKind::F32), 3);
}

TEST(QuantizeOneComputeTypeTest, F32DividesInFloat) {
  // 0.35f / 0.1f: exact quotient 3.49999988..., which float rounds to the tie
  // 3.5 (-> 4) while double keeps it below the tie (-> 3).
  double x = static_cast<double>(0.35f), scale = static_cast<double>(0.1f);
  EXPECT_EQ(s8Decoded(x, scale, 0, ElementKind::F32), 4);
  EXPECT_EQ(s8Decoded(x, scale, 0, ElementKind::F16), 4);
  EXPECT_EQ(s8Decoded(x, scale, 0, ElementKind::BF16), 4);
  EXPECT_EQ(s8Decoded(x, scale, 0, ElementKind::F64), 3);
  // 0.85f / 0.1f: exact 8.50000011..., float 8.5 (-> 8), double -> 9.
  x = static_cast<double>(0.85f);
  EXPECT_EQ(s8Decoded(x, scale, 0, ElementKind::F32), 8);
  EXPECT_EQ(s8Decoded(x, scale, 0, ElementKind::F64), 9);
}

TEST(HalfConversionTest, DecodesSpecialValues) {
  EXPECT_EQ(halfToFloat(0x0000), 0.0f);
  EXPECT_TRUE(std::signbit(halfToFloat(0x8000)));
  EXPECT_EQ(halfToFloat(0x3c00), 1.0f);
  EXPECT_EQ(halfToFloat(0xc000), -2.0f);
  EXPECT_EQ(halfToFloat(0x3555), 0.333251953125f);
  EXPECT_EQ(halfToFloat(0x7bff), 65504.0f);
  EXPECT_EQ(halfToFloat(0x0400), 0x1p-14f);        // smallest normal
  EXPECT_EQ(halfToFloat(0x0001), 0x1p-24f);        // smallest denormal
  EXPECT_EQ(halfToFloat(0x03ff), 1023 * 0x1p-24f); // largest denormal
  EXPECT_EQ(halfToFloat(0x8001), -0x1p-24f);
  EXPECT_EQ(halfToFloat(0x7c00), std::numeric_limits<float>::infinity());
  EXPECT_EQ(halfToFloat(0xfc00), -std::numeric_limits<float>::infinity());
  EXPECT_TRUE(std::isnan(halfToFloat(0x7e00)));
  EXPECT_TRUE(std::isnan(halfToFloat(0x7c01)));
}

TEST(HalfConversionTest, EncodesWithRoundToNearestEven) {
  EXPECT_EQ(floatToHalf(1.0f), 0x3c00);
  EXPECT_EQ(floatToHalf(-0.0f), 0x8000);
  EXPECT_EQ(floatToHalf(65504.0f), 0x7bff);
  EXPECT_EQ(floatToHalf(65519.0f), 0x7bff);
  EXPECT_EQ(floatToHalf(65520.0f), 0x7c00); // tie between max and 2^16
  EXPECT_EQ(floatToHalf(1e6f), 0x7c00);
  EXPECT_EQ(floatToHalf(-1e6f), 0xfc00);
  EXPECT_EQ(floatToHalf(1.0f + 0x1p-11f), 0x3c00);     // tie -> even
  EXPECT_EQ(floatToHalf(1.0f + 3 * 0x1p-11f), 0x3c02); // tie -> even
  EXPECT_EQ(floatToHalf(1.0f + 0x1p-11f + 0x1p-20f), 0x3c01);
  // Denormals.
  EXPECT_EQ(floatToHalf(0x1p-24f), 0x0001);
  EXPECT_EQ(floatToHalf(-0x1p-24f), 0x8001);
  EXPECT_EQ(floatToHalf(0x1p-25f), 0x0000); // tie -> 0
  EXPECT_EQ(floatToHalf(1.5f * 0x1p-25f), 0x0001);
  EXPECT_EQ(floatToHalf(3 * 0x1p-25f), 0x0002);        // 1.5 ulp -> 2
  EXPECT_EQ(floatToHalf(5 * 0x1p-25f), 0x0002);        // 2.5 ulp -> 2
  EXPECT_EQ(floatToHalf(0x1p-14f - 0x1p-25f), 0x0400); // rounds up to normal
  EXPECT_EQ(floatToHalf(0x1p-30f), 0x0000);
  EXPECT_EQ(floatToHalf(0x1p-149f), 0x0000); // float denormal
  uint16_t nan = floatToHalf(std::numeric_limits<float>::quiet_NaN());
  EXPECT_EQ(nan & 0x7c00, 0x7c00);
  EXPECT_NE(nan & 0x03ff, 0);
}

TEST(HalfConversionTest, RoundTripsEveryHalf) {
  for (uint32_t bits = 0; bits <= 0xffff; ++bits) {
    uint16_t h = static_cast<uint16_t>(bits);
    float f = halfToFloat(h);
    if (std::isnan(f)) {
      uint16_t back = floatToHalf(f);
      EXPECT_TRUE((back & 0x7c00) == 0x7c00 && (back & 0x3ff) != 0) << bits;
      continue;
    }
    EXPECT_EQ(floatToHalf(f), h) << "half bits 0x" << std::hex << bits;
  }
}

TEST(Bf16ConversionTest, EncodesAndDecodes) {
  EXPECT_EQ(bf16ToFloat(0x3f80), 1.0f);
  EXPECT_EQ(bf16ToFloat(0xc040), -3.0f);
  EXPECT_EQ(bf16ToFloat(0x0001), 0x1p-133f); // denormal
  EXPECT_EQ(bf16ToFloat(0x7f80), std::numeric_limits<float>::infinity());
  EXPECT_EQ(floatToBf16(1.0f), 0x3f80);
  EXPECT_EQ(floatToBf16(1.0f + 0x1p-8f), 0x3f80);     // tie -> even
  EXPECT_EQ(floatToBf16(1.0f + 3 * 0x1p-8f), 0x3f82); // tie -> even
  EXPECT_EQ(floatToBf16(1.0f + 0x1p-8f + 0x1p-20f), 0x3f81);
  EXPECT_EQ(floatToBf16(0x1p-133f), 0x0001);
  EXPECT_EQ(floatToBf16(0x1p-134f), 0x0000); // tie -> 0
  EXPECT_EQ(floatToBf16(std::numeric_limits<float>::max()), 0x7f80);
  EXPECT_EQ(floatToBf16(-0.0f), 0x8000);
  // A NaN whose payload lives only in the low bits must not become Inf.
  float lowNaN;
  uint32_t lowNaNBits = 0x7f800001u;
  std::memcpy(&lowNaN, &lowNaNBits, sizeof(lowNaN));
  EXPECT_TRUE(std::isnan(bf16ToFloat(floatToBf16(lowNaN))));
  EXPECT_TRUE(std::isnan(bf16ToFloat(floatToBf16(-lowNaN))));
}

TEST(Bf16ConversionTest, RoundTripsEveryBf16) {
  for (uint32_t bits = 0; bits <= 0xffff; ++bits) {
    uint16_t b = static_cast<uint16_t>(bits);
    float f = bf16ToFloat(b);
    if (std::isnan(f)) {
      EXPECT_TRUE(std::isnan(bf16ToFloat(floatToBf16(f)))) << bits;
      continue;
    }
    EXPECT_EQ(floatToBf16(f), b) << "bf16 bits 0x" << std::hex << bits;
  }
}

TEST(QuantizePerGroupReferenceTest, UsesTheGroupOfEachColumn) {
  // [2, 4], group 2: scales/zps are [2, 2].
  QuantizePerGroupDescriptor desc{
      2, 4, 2, -128, 127, ElementKind::F32, ElementKind::S8};
  std::vector<float> input = {1, 2, 3, 4, -1, -2, 250, 5};
  std::vector<float> scale = {1, 2, 0.5f, 0};
  std::vector<int32_t> zp = {0, 10, -1, 3};
  std::vector<int8_t> out(8, 0x55);
  quantizePerGroupReference(desc, input.data(), scale.data(), zp.data(),
                            out.data());
  // Row 0: /1+0 -> 1, 2; /2+10 -> round(1.5)=2+10=12, 2+10=12.
  // Row 1: /0.5-1 -> -3, -5; scale 0 -> zp 3, 3.
  EXPECT_EQ(out, (std::vector<int8_t>{1, 2, 12, 12, -3, -5, 3, 3}));
}

TEST(QuantizePerGroupReferenceTest, ReadsHalfWordsAndWritesU8) {
  QuantizePerGroupDescriptor desc{
      1, 4, 4, 0, 255, ElementKind::F16, ElementKind::U8};
  std::vector<uint16_t> input = {floatToHalf(2.5f), floatToHalf(-1.0f),
                                 0x7c00 /*+Inf*/, 0x7e00 /*NaN*/};
  std::vector<uint16_t> scale = {floatToHalf(0.5f)};
  std::vector<int32_t> zp = {128};
  std::vector<uint8_t> out(4, 0);
  quantizePerGroupReference(desc, input.data(), scale.data(), zp.data(),
                            out.data());
  EXPECT_EQ(out, (std::vector<uint8_t>{133, 126, 255, 128}));

  desc.input_element = ElementKind::BF16;
  std::vector<uint16_t> bfInput = {floatToBf16(3.0f), floatToBf16(-0.25f),
                                   0xff80 /*-Inf*/, 0x7fc0 /*NaN*/};
  std::vector<uint16_t> bfScale = {floatToBf16(2.0f)};
  quantizePerGroupReference(desc, bfInput.data(), bfScale.data(), zp.data(),
                            out.data());
  // 1.5 -> 2, -0.125 -> 0, -Inf -> 0, NaN -> zp.
  EXPECT_EQ(out, (std::vector<uint8_t>{130, 128, 0, 128}));
}

TEST(QuantizePerGroupReferenceTest, RejectsAnInvalidDescriptor) {
  QuantizePerGroupDescriptor desc{1, 100, 32, -128, 127};
  int32_t zp = 0;
  EXPECT_THROW(quantizePerGroupReference(desc, nullptr, nullptr, &zp, nullptr),
               std::invalid_argument);
}

} // namespace
