//===- WideQuotientCases.h - Hard pairs of f32/f64 quotients ----*- C++ -*-===//
//
// The f32/f64 (x, s) pairs where a shortcut past the IEEE division x / s
// would show, and a problem that runs them through quantize_per_channel and
// quantize_per_channel_backward (s8, zero point 0) with the channel last
// (one scale per element, the GPU's parameter-vector kernels) and first (one
// scale per row): WideQuotientTest runs it on the compiled CPU kernels,
// WideQuotientCudaTest on the GPU kernels. The pairs:
//  - quotients within a few ulps of a midpoint between two neighbours of the
//    data type (x = RN(m * s) for a midpoint m, computed exactly in a wider
//    type, and its neighbours), where rounding goes either way;
//  - quotients within a few ulps of k + 1/2 (quantize's rounding ties);
//  - x and quotients at 2^-100 and 2^100 (f32; 2^-900 and 2^900 for f64) and
//    x at the bound below which a reciprocal's residual is no longer exact
//    (2^-102, 2^-969);
//  - quotients at or near a midpoint between two subnormals of the type
//    (exact ties where x = m * s is a value of the type), which an
//    uncorrected product with the reciprocal, even in a wider type, rounds
//    the wrong way;
//  - random bit patterns (every class: zeros, subnormals, ±Inf, NaN);
// at scales of every exponent (and zero, subnormal, huge, infinite and NaN
// ones).
//
//===----------------------------------------------------------------------===//

#ifndef BARACUDA_UNITTESTS_TESTING_WIDEQUOTIENTCASES_H
#define BARACUDA_UNITTESTS_TESTING_WIDEQUOTIENTCASES_H

#include "baracuda/Support/ElementKind.h"
#include "baracuda/Support/SplitMix64.h"
#include "baracuda/Testing/QuantizeReference.h"
#include "baracuda/baracuda_kernels.h"

#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <ostream>
#include <vector>

namespace baracuda::testing::wide_quotient {

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
  // Quotients at or near a midpoint between two subnormals, m = (2k + 1) *
  // denorm_min / 2: exact ties where m * s is a value of T (scales with
  // significand 49/32 and a small positive exponent, see scales()), which
  // x * RN(1 / s) misses by an ulp of the wide type and rounds the wrong
  // way.
  while (out.size() < count * 6 / 8) {
    Wide m = Wide(2 * (random.next() % (uint64_t{1} << 20)) + 1) *
             Wide(std::numeric_limits<T>::denorm_min()) / 2;
    addAround(out, (random.next() & 1) ? -m : m, s);
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

/// Scales of every exponent (significands 1, 1 + ulp, 49/32, 2 - ulp and
/// random ones, both signs), and zero, subnormal, the largest, infinite and
/// NaN ones.
template <typename T> std::vector<T> scales(SplitMix64 &random) {
  std::vector<T> out;
  const T ulp = std::numeric_limits<T>::epsilon();
  for (int e = Traits<T>::kMinExponent; e < Traits<T>::kMaxExponent; ++e) {
    // f64 has 2045 exponents: every one near the ends, every 8th between.
    if (sizeof(T) == 8 && e % 8 != 0 && std::abs(e) < 1000)
      continue;
    for (T significand : {T(1), T(1) + ulp, T(49) / 32, T(2) - ulp,
                          std::abs(randomValue<T>(random, 0, 0))})
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

/// One layout of the problem: every scale of scales<T>() with `rows`
/// dividends, as [rows, channels] with the channel last (axis 1) or as
/// [channels, rows] with it first (axis 0). Element (r, c) divides
/// dividend r of scale c by it.
template <typename T> struct Problem {
  int axis = 1;
  size_t rows = 0;
  std::vector<T> s;
  std::vector<T> x;      ///< the dividends, in the layout
  std::vector<T> zerosX; ///< quantize_backward's x: 0, inside the range
  std::vector<int32_t> zeroPoint;
  int32_t shape4[4] = {1, 1, 1, 1};

  size_t channels() const { return s.size(); }
  size_t size() const { return rows * channels(); }
  size_t at(size_t r, size_t c) const {
    return axis == 1 ? r * channels() + c : c * rows + r;
  }

  /// quantize_per_channel (s8, zero point 0) into `q`, through the C ABI on
  /// `stream` (BARACUDA_CPU_STREAM or a CUstream); the pointers are the
  /// copies of x, s and zeroPoint where the stream's kernels read them.
  int32_t quantize(const void *x, const void *s, const void *zeroPoint, void *q,
                   void *stream) const {
    return Traits<T>::kQuantize(int64_t(size()), shape4, axis, -128, 127, x, s,
                                zeroPoint, q, nullptr, 0, stream);
  }
  /// quantize_per_channel_backward of dy = x at x = 0 into `dx`: dy / s.
  int32_t backward(const void *zerosX, const void *s, const void *zeroPoint,
                   const void *dy, void *dx, void *stream) const {
    return Traits<T>::kBackward(int64_t(size()), shape4, axis, -128, 127,
                                zerosX, s, zeroPoint, dy, dx, nullptr, 0,
                                stream);
  }
};

/// Both layouts of the problem with `rows` dividends per scale.
template <typename T> std::vector<Problem<T>> problems(size_t rows) {
  SplitMix64 random(0x9e3779b97f4a7c15ull);
  const std::vector<T> s = scales<T>(random);
  std::vector<std::vector<T>> perScale;
  for (T scale : s)
    perScale.push_back(dividends<T>(scale, rows, random));
  std::vector<Problem<T>> out;
  for (int axis : {1, 0}) {
    Problem<T> p;
    p.axis = axis;
    p.rows = rows;
    p.s = s;
    p.x.resize(p.size());
    p.zerosX.assign(p.size(), T(0));
    p.zeroPoint.assign(p.channels(), 0);
    for (size_t c = 0; c < p.channels(); ++c)
      for (size_t r = 0; r < rows; ++r)
        p.x[p.at(r, c)] = perScale[c][r];
    p.shape4[0] = int32_t(axis == 1 ? rows : p.channels());
    p.shape4[1] = int32_t(axis == 1 ? p.channels() : rows);
    out.push_back(std::move(p));
  }
  return out;
}

/// The elements whose q or dx differ from the reference (dx bit for bit,
/// NaN = NaN); the first few are written to `examples`.
template <typename T>
uint64_t countMismatches(const Problem<T> &p, const std::vector<int8_t> &q,
                         const std::vector<T> &dx, std::ostream &examples) {
  constexpr ElementKind kind = Traits<T>::kKind;
  uint64_t mismatches = 0;
  for (size_t c = 0; c < p.channels(); ++c) {
    for (size_t r = 0; r < p.rows; ++r) {
      size_t i = p.at(r, c);
      int32_t wantQ =
          quantizeOne(double(p.x[i]), double(p.s[c]), 0, -128, 127, kind);
      T wantDx = T(quantizeBackwardOne(double(p.x[i]), 0.0, double(p.s[c]), 0,
                                       -128, 127, kind));
      bool sameDx = toBits(dx[i]) == toBits(wantDx) ||
                    (std::isnan(dx[i]) && std::isnan(wantDx));
      if (q[i] == wantQ && sameDx)
        continue;
      if (mismatches++ < 8)
        examples << "\n  axis " << p.axis << ": x=" << p.x[i] << " s=" << p.s[c]
                 << ": q " << int(q[i]) << " (want " << wantQ << "), dx "
                 << dx[i] << " (want " << wantDx << ")";
    }
  }
  return mismatches;
}

} // namespace baracuda::testing::wide_quotient

#endif // BARACUDA_UNITTESTS_TESTING_WIDEQUOTIENTCASES_H
