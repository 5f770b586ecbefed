//===- WideQuotientTest.cpp - f32/f64 quotients on the hard pairs --------===//
//
// The f32 and f64 quantize kernels compute x / s (and quantize_backward's
// dy / s) with the IEEE division: the 16-bit kernels' shortcut, the product
// with RN(1 / s) plus one Markstein correction (hasExactReciprocalQuotient),
// is not exact for them, and a guarded two-correction form that is exact
// measured slower (docs/performance.md, "What limits the parameter-vector
// rows"). 2^64 pairs
// cannot all be run, so this test runs the runtime's compiled CPU kernels
// (ctest runs it once per builtin kernel set) on the pairs where any such
// shortcut, or a wrong division, shows:
//  - quotients within a few ulps of a midpoint between two neighbours of the
//    data type (x = RN(m * s) for a midpoint m, computed exactly in a wider
//    type, and its neighbours), where rounding goes either way;
//  - quotients within a few ulps of k + 1/2 (quantize's rounding ties);
//  - x and quotients at 2^-100 and 2^100 (f32; 2^-900 and 2^900 for f64) and
//    x at the bound below which a reciprocal's residual is no longer exact
//    (2^-102, 2^-969);
//  - random bit patterns (every class: zeros, subnormals, ±Inf, NaN);
// at scales of every exponent (and zero, subnormal, huge, infinite and NaN
// ones). quantize_per_channel_backward's dx = dy / s (x = 0, inside the range)
// shows the quotient's every bit; quantize_per_channel (s8, zero point 0)
// shows roundeven(x / s). Both run with the channel as the last axis (one
// scale per element, the GPU's parameter-vector kernels) and as the first
// (one scale per row). Planted, the 16-bit shortcut for f32 and f64
// (scripts/mutate.py, element-reciprocal-wide-types) fails here at tiny x
// (x = -0x1.8p-148, s = 0x1.000002p-126).
//
//===----------------------------------------------------------------------===//

#include "BuiltinKernelSet.h"
#include "baracuda/Support/SplitMix64.h"
#include "baracuda/Testing/QuantizeReference.h"
#include "baracuda/baracuda_kernels.h"
#include "baracuda/runtime/QuantizePerGroupPlan.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <sstream>
#include <string>
#include <vector>

namespace baracuda {
namespace {

/// Per data type: its bits, a type wide enough to hold x * s exactly (the
/// product of two significands), and the exponents of the edge cases.
template <typename T> struct Traits;
template <> struct Traits<float> {
  using Bits = uint32_t;
  using Wide = double; // 24 + 25 bits <= 53
  static constexpr int kMaxExponent = 127, kMinExponent = -126;
  static constexpr int kEdgeExponent = 100, kResidualExponent = -102;
  static constexpr ElementKind kKind = ElementKind::F32;
  static constexpr auto kQuantize =
      baracuda_kernels_quantize_per_channel_f32_s8_run;
  static constexpr auto kBackward =
      baracuda_kernels_quantize_per_channel_backward_f32_run;
};
#if defined(__SIZEOF_FLOAT128__)
#define BARACUDA_HAVE_WIDE_F64 1
template <> struct Traits<double> {
  using Bits = uint64_t;
  using Wide = __float128; // 53 + 54 bits <= 113
  static constexpr int kMaxExponent = 1023, kMinExponent = -1022;
  static constexpr int kEdgeExponent = 900, kResidualExponent = -969;
  static constexpr ElementKind kKind = ElementKind::F64;
  static constexpr auto kQuantize =
      baracuda_kernels_quantize_per_channel_f64_s8_run;
  static constexpr auto kBackward =
      baracuda_kernels_quantize_per_channel_backward_f64_run;
};
#endif

template <typename T> T fromBits(typename Traits<T>::Bits bits) {
  T value;
  std::memcpy(&value, &bits, sizeof value);
  return value;
}

template <typename T> typename Traits<T>::Bits toBits(T value) {
  typename Traits<T>::Bits bits;
  std::memcpy(&bits, &value, sizeof value);
  return bits;
}

/// A random value of T with |exponent| spread over [lo, hi].
template <typename T> T randomValue(SplitMix64 &random, int lo, int hi) {
  T significand = T(1) + T(random.next() >> 11) * T(0x1p-53);
  int exponent = lo + int(random.next() % uint64_t(hi - lo + 1));
  T value = std::ldexp(significand, exponent);
  return (random.next() & 1) ? -value : value;
}

/// x = RN(m * s), computed exactly in the wide type, and its neighbours
/// k ulps away (|k| <= 2): quotients within a few ulps of m.
template <typename T>
void addAround(std::vector<T> &out, typename Traits<T>::Wide m, T s) {
  using Wide = typename Traits<T>::Wide;
  T x = T(m * Wide(s));
  T lower = x, upper = x;
  out.push_back(x);
  for (int k = 0; k < 2; ++k) {
    lower = std::nextafter(lower, -std::numeric_limits<T>::infinity());
    upper = std::nextafter(upper, std::numeric_limits<T>::infinity());
    out.push_back(lower);
    out.push_back(upper);
  }
}

/// The dividends tried with scale `s` (`count` of them).
template <typename T>
std::vector<T> dividends(T s, size_t count, SplitMix64 &random) {
  using Wide = typename Traits<T>::Wide;
  constexpr int edge = Traits<T>::kEdgeExponent;
  std::vector<T> out;
  // Quotients near a midpoint m = v + ulp(v) / 2 (exact in Wide).
  while (out.size() < count * 3 / 8) {
    T v = randomValue<T>(random, -40, 40);
    Wide ulp =
        Wide(std::nextafter(v, std::numeric_limits<T>::infinity())) - Wide(v);
    addAround(out, Wide(v) + ulp / 2, s);
  }
  // Quotients near k + 1/2 (quantize's ties), k in [-200, 200].
  while (out.size() < count * 5 / 8) {
    int k = int(random.next() % 401) - 200;
    addAround(out, Wide(k) + Wide(0.5), s);
  }
  // |x| at 2^-g and at the exact-residual bound, quotients at 2^-g and 2^g.
  for (int e : {-edge, Traits<T>::kResidualExponent})
    for (T sign : {T(1), T(-1)})
      addAround(out, Wide(sign * std::ldexp(T(1), e)), T(1));
  for (int e : {-edge, edge})
    for (T sign : {T(1), T(-1)})
      addAround(out, Wide(sign * std::ldexp(T(1), e)), s);
  // Random bit patterns of every class.
  for (T special : {T(0), T(-0.0), std::numeric_limits<T>::infinity(),
                    -std::numeric_limits<T>::infinity(),
                    std::numeric_limits<T>::quiet_NaN(),
                    std::numeric_limits<T>::denorm_min()})
    out.push_back(special);
  while (out.size() < count)
    out.push_back(fromBits<T>(typename Traits<T>::Bits(random.next())));
  out.resize(count);
  return out;
}

/// Scales of every exponent (significands 1, 1 + ulp, 2 - ulp and random
/// ones, both signs), and zero, subnormal, the largest, infinite and NaN
/// ones.
template <typename T> std::vector<T> scales(SplitMix64 &random) {
  std::vector<T> out;
  const T ulp = std::numeric_limits<T>::epsilon();
  for (int e = Traits<T>::kMinExponent; e < Traits<T>::kMaxExponent; ++e) {
    // f64 has 2045 exponents: every one near the ends, every 8th between.
    if (sizeof(T) == 8 && e % 8 != 0 && std::abs(e) < 1000)
      continue;
    for (T significand :
         {T(1), T(1) + ulp, T(2) - ulp, std::abs(randomValue<T>(random, 0, 0))})
      out.push_back((random.next() & 1) ? -std::ldexp(significand, e)
                                        : std::ldexp(significand, e));
  }
  for (T special :
       {T(0), T(-0.0), std::numeric_limits<T>::denorm_min(),
        -std::numeric_limits<T>::min() / 2, std::numeric_limits<T>::max(),
        std::numeric_limits<T>::infinity(), -std::numeric_limits<T>::infinity(),
        std::numeric_limits<T>::quiet_NaN()})
    out.push_back(special);
  return out;
}

/// Runs every scale of scales<T>() with `rows` dividends each, as
/// [rows, scales] with the channel last (axis 1) and as [scales, rows] with
/// it first (axis 0), through quantize and quantize_backward; compares with
/// the reference.
template <typename T> void checkWideQuotients(size_t rows) {
  const std::string set = testing::builtinKernelSet();
  if (set == "none")
    GTEST_SKIP() << "BARACUDA_CPU_KERNEL_SET names a set this CPU lacks";
  constexpr ElementKind kind = Traits<T>::kKind;
  SplitMix64 random(0x9e3779b97f4a7c15ull);
  const std::vector<T> s = scales<T>(random);
  const size_t channels = s.size();
  std::vector<std::vector<T>> perScale;
  for (T scale : s)
    perScale.push_back(dividends<T>(scale, rows, random));

  uint64_t mismatches = 0;
  std::ostringstream examples;
  examples << std::hexfloat;
  for (int axis : {1, 0}) {
    // Element (r, c) of [rows, channels] (axis 1) or (c, r) of [channels,
    // rows] (axis 0) divides perScale[c][r] by s[c].
    auto at = [&](size_t r, size_t c) {
      return axis == 1 ? r * channels + c : c * rows + r;
    };
    const size_t n = rows * channels;
    std::vector<T> x(n), zerosX(n, T(0));
    for (size_t c = 0; c < channels; ++c)
      for (size_t r = 0; r < rows; ++r)
        x[at(r, c)] = perScale[c][r];
    const int32_t shape4[4] = {int32_t(axis == 1 ? rows : channels),
                               int32_t(axis == 1 ? channels : rows), 1, 1};
    const std::vector<int32_t> zeroPoint(channels, 0);
    std::vector<int8_t> q(n, 0x5A);
    std::vector<T> dx(n, fromBits<T>(typename Traits<T>::Bits(0x5A5A5A5A)));
    ASSERT_EQ(Traits<T>::kQuantize(int64_t(n), shape4, axis, -128, 127,
                                   x.data(), s.data(), zeroPoint.data(),
                                   q.data(), nullptr, 0, BARACUDA_CPU_STREAM),
              0)
        << baracuda_kernels_last_error_message();
    ASSERT_EQ(Traits<T>::kBackward(int64_t(n), shape4, axis, -128, 127,
                                   zerosX.data(), s.data(), zeroPoint.data(),
                                   x.data(), dx.data(), nullptr, 0,
                                   BARACUDA_CPU_STREAM),
              0)
        << baracuda_kernels_last_error_message();
    for (size_t c = 0; c < channels; ++c) {
      for (size_t r = 0; r < rows; ++r) {
        size_t i = at(r, c);
        int32_t wantQ = testing::quantizeOne(double(x[i]), double(s[c]), 0,
                                             -128, 127, kind);
        T wantDx = T(testing::quantizeBackwardOne(
            double(x[i]), 0.0, double(s[c]), 0, -128, 127, kind));
        bool sameDx = toBits(dx[i]) == toBits(wantDx) ||
                      (std::isnan(dx[i]) && std::isnan(wantDx));
        if (q[i] == wantQ && sameDx)
          continue;
        if (mismatches++ < 8)
          examples << "\n  axis " << axis << ": x=" << x[i] << " s=" << s[c]
                   << ": q " << int(q[i]) << " (want " << wantQ << "), dx "
                   << dx[i] << " (want " << wantDx << ")";
      }
    }
  }
  EXPECT_EQ(mismatches, 0u) << channels << " scales x " << rows
                            << " dividends x 2 layouts" << examples.str();
}

TEST(WideQuotientTest, F32MatchesTheDivision) {
  checkWideQuotients<float>(4096);
}

#if BARACUDA_HAVE_WIDE_F64
TEST(WideQuotientTest, F64MatchesTheDivision) {
  checkWideQuotients<double>(2048);
}
#endif

} // namespace
} // namespace baracuda
