//===- QuantizeReference.cpp - Scalar reference of the quantization family ===//
//
// Written to be independent of the compiler's lowering (select, roundeven,
// clamp to +-2^62, fptosi, add, clamp, reciprocal fast paths): every compute-
// type operation is done exactly or in a much wider format and rounded once,
// rounding to integers is done by hand with floor and an exact parity test,
// and the zero-point add is decided by range reasoning.
//
//===----------------------------------------------------------------------===//

#include "baracuda/Testing/QuantizeReference.h"
#include "baracuda/Testing/FamilyReference.h"

#include <cfloat>
#include <cmath>
#include <cstring>
#include <stdexcept>
#include <string>

#if defined(__FAST_MATH__)
#error "the quantize reference needs IEEE arithmetic: no fast-math"
#endif

namespace baracuda::testing {

namespace {

#if defined(__SIZEOF_FLOAT128__)
using Binary128 = __float128;
#elif LDBL_MANT_DIG >= 113
using Binary128 = long double;
#else
#error "the quantize reference needs a binary128 type for f64 arithmetic"
#endif

/// A format with at least 2p + 2 significant bits and a wider exponent range
/// than the compute type: products of two compute-type values are exact in
/// it, and a quotient rounded to it and then to the compute type is the
/// correctly rounded quotient.
template <typename C> struct Wide;
template <> struct Wide<float> { using type = double; };
template <> struct Wide<double> { using type = Binary128; };

template <typename C> C divideInC(C a, C b) {
  using W = typename Wide<C>::type;
  return static_cast<C>(static_cast<W>(a) / static_cast<W>(b));
}

template <typename C> C multiplyInC(C a, C b) {
  using W = typename Wide<C>::type;
  return static_cast<C>(static_cast<W>(a) * static_cast<W>(b));
}

/// An integer of magnitude below 2^33 (q - zp, q in i32, zp in i32) in C:
/// exact in double, so the only rounding is the one into C.
template <typename C> C integerInC(int64_t value) {
  return static_cast<C>(static_cast<double>(value));
}

uint32_t floatBits(float value) {
  uint32_t bits;
  std::memcpy(&bits, &value, sizeof(bits));
  return bits;
}

float floatFromBits(uint32_t bits) {
  float value;
  std::memcpy(&value, &bits, sizeof(value));
  return value;
}

bool isF64(ElementKind input) { return input == ElementKind::F64; }

/// Rounds a compute-type (f32) result to the input type T and widens it
/// back: identity for f32, one round-to-nearest-even for f16 and bf16.
double roundFloatToInput(float value, ElementKind input) {
  switch (input) {
  case ElementKind::F32:
    return value;
  case ElementKind::F16:
    return halfToFloat(floatToHalf(value));
  case ElementKind::BF16:
    return bf16ToFloat(floatToBf16(value));
  default:
    throw std::invalid_argument("quantize reference: input element " +
                                std::string(elementKindName(input)) +
                                " is not f32, f16 or bf16");
  }
}

/// x / scale in the compute type `C`, with the op's special cases: a zero
/// scale gives 0 and a NaN quotient gives 0. Widening the result to double is
/// exact, so the rounding below does not depend on `C`.
template <typename C> double quotient(double x, double scale) {
  C xc = static_cast<C>(x);
  C sc = static_cast<C>(scale);
  if (sc == C(0))
    return 0.0;
  C v = divideInC(xc, sc);
  return std::isnan(v) ? 0.0 : static_cast<double>(v);
}

/// Round half to even without roundeven/nearbyint: floor, then look at the
/// (exact) fraction and, on a tie, at the parity of the floor.
double roundHalfToEven(double v) {
  // Every double of magnitude >= 2^52 is an integer already (so are +-Inf).
  if (!(std::fabs(v) < 0x1p52))
    return v;
  double below = std::floor(v);
  double fraction = v - below; // exact: v and below share their high bits
  if (fraction < 0.5)
    return below;
  if (fraction > 0.5)
    return below + 1.0;
  // |below| < 2^52, so fmod is exact and tells the parity.
  return std::fmod(below, 2.0) == 0.0 ? below : below + 1.0;
}

/// r + zeroPoint for an integer-valued (or infinite) r, exact where it can
/// matter: zeroPoint, qMin and qMax are below 2^31 in magnitude, so once
/// |r| > 2^40 the sum is outside every i32 range on r's side whatever
/// zeroPoint is; it is reported as +-2^41. Below that, int64 holds r exactly.
int64_t addZeroPoint(double r, int32_t zeroPoint) {
  if (r > 0x1p40)
    return int64_t(1) << 41;
  if (r < -0x1p40)
    return -(int64_t(1) << 41);
  return static_cast<int64_t>(r) + static_cast<int64_t>(zeroPoint);
}

/// roundeven(v) + zeroPoint, v = x / scale as in quantizeOne.
int64_t shiftedRoundedQuotient(double x, double scale, int32_t zeroPoint,
                               ElementKind input) {
  double v =
      isF64(input) ? quotient<double>(x, scale) : quotient<float>(x, scale);
  return addZeroPoint(roundHalfToEven(v), zeroPoint);
}

} // namespace

int32_t quantizeOne(double x, double scale, int32_t zeroPoint, int32_t qMin,
                    int32_t qMax, ElementKind input) {
  int64_t sum = shiftedRoundedQuotient(x, scale, zeroPoint, input);
  if (sum < qMin)
    return qMin;
  if (sum > qMax)
    return qMax;
  return static_cast<int32_t>(sum);
}

bool insideQuantizeRange(double x, double scale, int32_t zeroPoint,
                         int32_t qMin, int32_t qMax, ElementKind input) {
  int64_t sum = shiftedRoundedQuotient(x, scale, zeroPoint, input);
  return qMin <= sum && sum <= qMax;
}

double dequantizeOne(int64_t q, int32_t zeroPoint, double scale,
                     ElementKind input) {
  int64_t centered = q - static_cast<int64_t>(zeroPoint);
  if (isF64(input))
    return multiplyInC(integerInC<double>(centered), scale);
  return roundFloatToInput(
      multiplyInC(integerInC<float>(centered), static_cast<float>(scale)),
      input);
}

double quantizeBackwardOne(double dy, double x, double scale, int32_t zeroPoint,
                           int32_t qMin, int32_t qMax, ElementKind input) {
  if (!insideQuantizeRange(x, scale, zeroPoint, qMin, qMax, input))
    return +0.0;
  if (isF64(input))
    return scale == 0 ? +0.0 : divideInC(dy, scale);
  float sc = static_cast<float>(scale);
  if (sc == 0.0f)
    return +0.0;
  return roundFloatToInput(divideInC(static_cast<float>(dy), sc), input);
}

double dequantizeBackwardOne(double dy, double scale, ElementKind input) {
  if (isF64(input))
    return multiplyInC(dy, scale);
  return roundFloatToInput(
      multiplyInC(static_cast<float>(dy), static_cast<float>(scale)), input);
}

double fakeQuantizeOne(double x, double scale, int32_t zeroPoint, int32_t qMin,
                       int32_t qMax, ElementKind input) {
  return dequantizeOne(quantizeOne(x, scale, zeroPoint, qMin, qMax, input),
                       zeroPoint, scale, input);
}

double fakeQuantizeBackwardOne(double dy, double x, double scale,
                               int32_t zeroPoint, int32_t qMin, int32_t qMax,
                               ElementKind input) {
  return insideQuantizeRange(x, scale, zeroPoint, qMin, qMax, input) ? dy
                                                                     : +0.0;
}

void quantizePerGroupReference(const QuantizePerGroupDescriptor &desc,
                               const void *input, const void *scale,
                               const int32_t *zeroPoint, void *output) {
  Status status = validateQuantizePerGroupDescriptor(desc);
  if (!status)
    throw std::invalid_argument("quantize reference: " + status.message());
  FamilyProblem problem;
  problem.op = FamilyOp::Quantize;
  problem.layout = ParameterLayout::perGroup(desc.group_size);
  problem.shape = {desc.outer_size, desc.axis_size};
  problem.floatElement = desc.input_element;
  problem.quantElement = desc.output_element;
  problem.qMin = desc.q_min;
  problem.qMax = desc.q_max;
  FamilyBuffers buffers;
  buffers.x = input;
  buffers.scale = scale;
  buffers.zeroPoint = zeroPoint;
  buffers.out = output;
  referenceFamily(problem, buffers);
}

float halfToFloat(uint16_t bits) {
  uint32_t sign = static_cast<uint32_t>(bits & 0x8000u) << 16;
  uint32_t exponent = (bits >> 10) & 0x1fu;
  uint32_t mantissa = bits & 0x3ffu;
  if (exponent == 0) {
    // Zero or denormal: mantissa * 2^-24, exact in float.
    float magnitude = std::ldexp(static_cast<float>(mantissa), -24);
    return sign ? -magnitude : magnitude;
  }
  if (exponent == 0x1f) // Inf or NaN; the NaN payload moves up unchanged.
    return floatFromBits(sign | 0x7f800000u | (mantissa << 13));
  return floatFromBits(sign | ((exponent + 127 - 15) << 23) | (mantissa << 13));
}

uint16_t floatToHalf(float value) {
  uint32_t bits = floatBits(value);
  uint16_t sign = static_cast<uint16_t>((bits >> 16) & 0x8000u);
  uint32_t magnitude = bits & 0x7fffffffu;
  if (magnitude > 0x7f800000u) // NaN: keep the top payload bits, force quiet.
    return sign | 0x7e00u | ((magnitude >> 13) & 0x3ffu);
  if (magnitude >= 0x477ff000u) // >= 65520 rounds to Inf (and Inf stays Inf).
    return sign | 0x7c00u;
  if (magnitude >= 0x38800000u) {
    // Normal half: rebias the exponent, round the 13 dropped bits to nearest
    // even. A mantissa carry bumps the exponent, which is what we want.
    uint32_t rebiased = magnitude - ((127u - 15u) << 23);
    uint32_t lsb = (rebiased >> 13) & 1u;
    return sign | static_cast<uint16_t>((rebiased + 0xfffu + lsb) >> 13);
  }
  // Denormal half (or zero): the result is round(|value| * 2^24).
  uint32_t exponent = magnitude >> 23;
  if (exponent == 0) // float zero or denormal: far below half's 2^-25.
    return sign;
  uint32_t significand = (magnitude & 0x7fffffu) | 0x800000u;
  uint32_t shift = 126u - exponent; // |value| * 2^24 = significand >> shift
  if (shift >= 32)
    return sign;
  uint32_t kept = significand >> shift;
  uint32_t dropped = significand & ((1u << shift) - 1u);
  uint32_t halfway = 1u << (shift - 1u);
  if (dropped > halfway || (dropped == halfway && (kept & 1u)))
    ++kept; // may become 0x400, the smallest normal: still the right bits
  return sign | static_cast<uint16_t>(kept);
}

float bf16ToFloat(uint16_t bits) {
  return floatFromBits(static_cast<uint32_t>(bits) << 16);
}

uint16_t floatToBf16(float value) {
  uint32_t bits = floatBits(value);
  if ((bits & 0x7fffffffu) > 0x7f800000u) // NaN: truncate, force quiet
    return static_cast<uint16_t>((bits >> 16) | 0x0040u);
  uint32_t lsb = (bits >> 16) & 1u;
  return static_cast<uint16_t>((bits + 0x7fffu + lsb) >> 16);
}

} // namespace baracuda::testing
