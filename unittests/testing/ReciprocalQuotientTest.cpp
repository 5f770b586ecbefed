//===- ReciprocalQuotientTest.cpp - The f16/bf16 fast division, exhaustively -===//
//
// The fast path of the quantize kernels (lib/Conversion/QuantizeCommon/
// QuantizeElement.cpp) replaces v = RN(x / s) for f16/bf16 input by
//
//   y = RN(1 / s)            once per group
//   q0 = RN(x * y)
//   q1 = RN(q0 + RN-exact(x - s * q0) * y)     (two fmas)
//   v' = isnan(q1) ? q0 : q1
//
// in f32, for |s| >= 2^-126 (and s = ±Inf). x and s have 16 bits each, so
// every pair can be checked, and this test does:
//  - f16: v' is the correctly rounded quotient for every pair, bit for bit
//    (up to the sign of a zero and the payload of a NaN);
//  - bf16: where x is tiny (|x| near or below 2^-126) the residual x - s*q0
//    underflows and v' may be an ulp off, but never across a rounding
//    boundary: roundeven(v') == roundeven(v) for every pair, which is all the
//    kernels use (their fast paths clamp roundeven(v) to bounds within
//    ±2^31, beyond which the GPU's conversion saturates);
//  - subnormal scales would break it, which is why they take the exact path.
//
//===----------------------------------------------------------------------===//

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <mutex>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace {

float fromF16Bits(uint16_t h) {
  // Decoded by hand: the test must not depend on the compiler's _Float16.
  uint32_t sign = uint32_t(h >> 15) << 31;
  uint32_t exponent = (h >> 10) & 0x1f;
  uint32_t mantissa = h & 0x3ff;
  float magnitude;
  if (exponent == 0)
    magnitude = std::ldexp(static_cast<float>(mantissa), -24);
  else if (exponent == 0x1f)
    magnitude = mantissa ? NAN : INFINITY;
  else
    magnitude = std::ldexp(static_cast<float>(mantissa | 0x400),
                           static_cast<int>(exponent) - 25);
  return sign ? -magnitude : magnitude;
}

float fromBf16Bits(uint16_t h) {
  uint32_t bits = uint32_t(h) << 16;
  float value;
  std::memcpy(&value, &bits, sizeof value);
  return value;
}

uint32_t bitsOf(float value) {
  uint32_t bits;
  std::memcpy(&bits, &value, sizeof bits);
  return bits;
}

/// Equal as quotients: bitwise, except that +0 == -0 and all NaNs are alike.
bool sameQuotient(float a, float b) {
  if (std::isnan(a) || std::isnan(b))
    return std::isnan(a) && std::isnan(b);
  return a == 0 ? b == 0 : bitsOf(a) == bitsOf(b);
}

// Hardware fma where the CPU has it (the generic fmaf is correct, slower).
#if defined(__x86_64__) && defined(__GNUC__)
__attribute__((target("fma"))) float fastQuotientFma(float x, float s,
                                                      float y) {
  float q0 = x * y;
  float q1 = __builtin_fmaf(__builtin_fmaf(-s, q0, x), y, q0);
  return std::isnan(q1) ? q0 : q1;
}
#endif

float fastQuotientGeneric(float x, float s, float y) {
  float q0 = x * y;
  float q1 = std::fma(std::fma(-s, q0, x), y, q0);
  return std::isnan(q1) ? q0 : q1;
}

/// What a quotient contributes to a fast-path result: NaN counts as 0, and
/// values beyond the widest fast-path clamp (the i32 range) saturate alike.
float quantizedImage(float v) {
  if (std::isnan(v))
    return 0.0f;
  return std::fmin(std::fmax(std::nearbyint(v), -0x1p31f), 0x1p31f) + 0.0f;
}

bool sameRounding(float a, float b) {
  return sameQuotient(a, b) || quantizedImage(a) == quantizedImage(b);
}

struct Mismatch {
  float x, s, expected, actual;
};

/// Counts pairs (x, s) over all 16-bit patterns, filtered by `selected`,
/// where the fast quotient and x / s are not `equivalent`.
template <typename Decode, typename Select, typename Equivalent>
uint64_t countMismatches(Decode decode, Select selected,
                         Equivalent equivalent,
                         std::vector<Mismatch> &examples) {
  std::vector<float> values(1 << 16);
  for (uint32_t i = 0; i < values.size(); ++i)
    values[i] = decode(static_cast<uint16_t>(i));

  bool hardwareFma = false;
#if defined(__x86_64__) && defined(__GNUC__)
  hardwareFma = __builtin_cpu_supports("fma");
#endif
  std::atomic<uint64_t> total{0};
  std::atomic<uint32_t> nextScale{0};
  std::mutex examplesMutex;
  auto worker = [&] {
    for (uint32_t si; (si = nextScale.fetch_add(1)) < values.size();) {
      float s = values[si];
      float y = 1.0f / s;
      uint64_t local = 0;
      for (float x : values) {
        if (!selected(x, s))
          continue;
        float expected = x / s;
#if defined(__x86_64__) && defined(__GNUC__)
        float actual = hardwareFma ? fastQuotientFma(x, s, y)
                                   : fastQuotientGeneric(x, s, y);
#else
        float actual = fastQuotientGeneric(x, s, y);
#endif
        if (!equivalent(expected, actual)) {
          ++local;
          std::lock_guard<std::mutex> lock(examplesMutex);
          if (examples.size() < 4)
            examples.push_back({x, s, expected, actual});
        }
      }
      total += local;
    }
  };
  unsigned threads = std::max(1u, std::thread::hardware_concurrency());
  std::vector<std::thread> pool;
  for (unsigned t = 0; t < threads; ++t)
    pool.emplace_back(worker);
  for (std::thread &t : pool)
    t.join();
  return total;
}

std::string describe(const std::vector<Mismatch> &examples) {
  std::ostringstream out;
  out << std::hexfloat;
  for (const Mismatch &m : examples)
    out << "\n  x=" << m.x << " s=" << m.s << ": x/s=" << m.expected
        << ", fast=" << m.actual;
  return out.str();
}

/// The scales the kernels send down the fast path. (A zero scale goes down
/// it as +Inf, covered here: x / Inf is ±0 or NaN, quantized as 0.)
bool fastPathScale(float s) {
  return std::fabs(s) >= 0x1p-126f; // NaN compares false; ±Inf is included
}

bool fastPathPair(float, float s) { return fastPathScale(s); }

TEST(ReciprocalQuotientTest, F16EveryPairIsCorrectlyRounded) {
  std::vector<Mismatch> examples;
  EXPECT_EQ(countMismatches(fromF16Bits, fastPathPair, sameQuotient, examples),
            0u)
      << describe(examples);
}

TEST(ReciprocalQuotientTest, Bf16EveryPairRoundsAlike) {
  std::vector<Mismatch> examples;
  EXPECT_EQ(countMismatches(fromBf16Bits, fastPathPair, sameRounding, examples),
            0u)
      << describe(examples);
}

// Why the guard exists: a subnormal bf16 scale overflows 1/s to Inf, and
// the product then loses finite quotients (x = s gives Inf instead of 1).
TEST(ReciprocalQuotientTest, Bf16SubnormalScalesNeedTheExactPath) {
  std::vector<Mismatch> examples;
  uint64_t mismatches = countMismatches(
      fromBf16Bits,
      [](float, float s) { return s != 0 && std::fabs(s) < 0x1p-126f; },
      sameRounding, examples);
  EXPECT_GT(mismatches, 0u);
}

} // namespace
