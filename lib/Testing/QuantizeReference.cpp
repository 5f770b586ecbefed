//===- QuantizeReference.cpp - Scalar reference of quantize_per_group -----===//
//
// Written to be independent of the compiler's lowering (select, roundeven,
// clamp to +-2^62, fptosi, add, clamp): rounding is done by hand with floor and
// an exact parity test, and the zero-point add is decided by range reasoning.
//
//===----------------------------------------------------------------------===//

#include "baracuda/Testing/QuantizeReference.h"

#include <cmath>
#include <cstring>
#include <stdexcept>
#include <string>

#if defined(__FAST_MATH__)
#error "the quantize reference needs IEEE arithmetic: no fast-math"
#endif

namespace baracuda::testing {

namespace {

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

/// x / scale in the compute type `C`, with the op's special cases: a zero
/// scale gives 0 and a NaN quotient gives 0. Widening the result to double is
/// exact, so the rounding below does not depend on `C`.
template <typename C> double quotient(double x, double scale) {
  C xc = static_cast<C>(x);
  C sc = static_cast<C>(scale);
  if (sc == C(0))
    return 0.0;
  C v = xc / sc;
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

/// clamp(r + zeroPoint, qMin, qMax) with the sum taken exactly. zeroPoint,
/// qMin and qMax are below 2^31 in magnitude, so once |r| > 2^40 the sum is
/// outside [qMin, qMax] on r's side whatever zeroPoint is; below that, r is an
/// integer that int64 holds exactly.
int32_t addZeroPointAndClamp(double r, int32_t zeroPoint, int32_t qMin,
                             int32_t qMax) {
  if (r > 0x1p40)
    return qMax;
  if (r < -0x1p40)
    return qMin;
  int64_t sum = static_cast<int64_t>(r) + static_cast<int64_t>(zeroPoint);
  if (sum < qMin)
    return qMin;
  if (sum > qMax)
    return qMax;
  return static_cast<int32_t>(sum);
}

/// Reads element `index` of an input-dtype array, widened exactly to double.
double loadWidened(const void *data, size_t index, ElementKind kind) {
  switch (kind) {
  case ElementKind::F32:
    return static_cast<const float *>(data)[index];
  case ElementKind::F64:
    return static_cast<const double *>(data)[index];
  case ElementKind::F16:
    return halfToFloat(static_cast<const uint16_t *>(data)[index]);
  case ElementKind::BF16:
    return bf16ToFloat(static_cast<const uint16_t *>(data)[index]);
  default:
    throw std::invalid_argument("quantize reference: input element " +
                                std::string(elementKindName(kind)) +
                                " is not a float kind");
  }
}

void storeQuantized(void *data, size_t index, int32_t q, ElementKind kind) {
  if (kind == ElementKind::S8)
    static_cast<int8_t *>(data)[index] = static_cast<int8_t>(q);
  else
    static_cast<uint8_t *>(data)[index] = static_cast<uint8_t>(q);
}

} // namespace

int32_t quantizeOne(double x, double scale, int32_t zeroPoint, int32_t qMin,
                    int32_t qMax, ElementKind input) {
  double v = input == ElementKind::F64 ? quotient<double>(x, scale)
                                       : quotient<float>(x, scale);
  return addZeroPointAndClamp(roundHalfToEven(v), zeroPoint, qMin, qMax);
}

void quantizePerGroupReference(const QuantizePerGroupDescriptor &desc,
                               const void *input, const void *scale,
                               const int32_t *zeroPoint, void *output) {
  Status status = validateQuantizePerGroupDescriptor(desc);
  if (!status)
    throw std::invalid_argument("quantize reference: " + status.message());
  const size_t outer = static_cast<size_t>(desc.outer_size);
  const size_t axis = static_cast<size_t>(desc.axis_size);
  const size_t group = static_cast<size_t>(desc.group_size);
  const size_t groups = static_cast<size_t>(desc.num_groups());
  for (size_t row = 0; row < outer; ++row) {
    for (size_t col = 0; col < axis; ++col) {
      size_t element = row * axis + col;
      size_t param = row * groups + col / group;
      int32_t q = quantizeOne(loadWidened(input, element, desc.input_element),
                              loadWidened(scale, param, desc.input_element),
                              zeroPoint[param], desc.q_min, desc.q_max,
                              desc.input_element);
      storeQuantized(output, element, q, desc.output_element);
    }
  }
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
