//===- RandomInputs.cpp - Random quantize_per_group operands with edges ---===//

#include "RandomInputs.h"

#include "baracuda/Support/SplitMix64.h"

#include "baracuda/Testing/QuantizeReference.h"

#include <cmath>
#include <cstring>
#include <iterator>
#include <limits>

namespace baracuda::run {

namespace {


/// Limits of an input dtype, as doubles (all exact).
struct FloatLimits {
  double maxFinite;
  double minDenormal;
  double minNormal;
};

FloatLimits limitsOf(ElementKind kind) {
  switch (kind) {
  case ElementKind::F64:
    return {std::numeric_limits<double>::max(),
            std::numeric_limits<double>::denorm_min(),
            std::numeric_limits<double>::min()};
  case ElementKind::F16:
    return {65504.0, 0x1p-24, 0x1p-14};
  case ElementKind::BF16:
    return {double(testing::bf16ToFloat(0x7f7f)), 0x1p-133, 0x1p-126};
  default:
    return {std::numeric_limits<float>::max(),
            std::numeric_limits<float>::denorm_min(),
            std::numeric_limits<float>::min()};
  }
}

/// Stores `value` as element `index` of a `kind` array, rounding to nearest
/// even (via float for the 16-bit kinds; the data only has to be varied, the
/// reference reads back what was stored).
void storeAs(std::vector<uint8_t> &bytes, size_t index, ElementKind kind,
             double value) {
  uint8_t *at = bytes.data() + index * elementKindSize(kind);
  switch (kind) {
  case ElementKind::F64:
    std::memcpy(at, &value, sizeof(double));
    return;
  case ElementKind::F16: {
    uint16_t h = testing::floatToHalf(float(value));
    std::memcpy(at, &h, sizeof(h));
    return;
  }
  case ElementKind::BF16: {
    uint16_t b = testing::floatToBf16(float(value));
    std::memcpy(at, &b, sizeof(b));
    return;
  }
  default: {
    float f = float(value);
    std::memcpy(at, &f, sizeof(f));
    return;
  }
  }
}

constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

/// One group's scale: mostly an ordinary magnitude, a fifth of them a power
/// of two (so that .5 ties stay exact after storing), rarely a special value.
double randomScale(SplitMix64 &rng, const FloatLimits &limits) {
  if (rng.oneIn(24)) {
    switch (rng.between(0, 7)) {
    case 0:
      return 0.0;
    case 1:
      return -0.0;
    case 2:
      return kNaN;
    case 3:
      return kInf;
    case 4:
      return -kInf;
    case 5:
      return limits.minDenormal;
    case 6:
      return limits.maxFinite;
    default:
      return -std::ldexp(1.0, int(rng.between(-4, 2)));
    }
  }
  if (rng.oneIn(5))
    return std::ldexp(1.0, int(rng.between(-8, 3)));
  double magnitude = std::ldexp(1.0 + rng.unit(), int(rng.between(-8, 2)));
  return rng.oneIn(16) ? -magnitude : magnitude;
}

/// Each side of the kernels' fast-path zero-point limits (2^23 where the CPU
/// clamps in f32, 2^30 where the GPU clamps in i32).
constexpr int32_t kFastPathZeroPointEdges[] = {
    1 << 23, (1 << 23) + 1, -(1 << 23) - 1, 1 << 30, (1 << 30) - 1,
    -(1 << 30), -(1 << 30) - 1};

/// One group's zero point: mostly near the middle of [q_min, q_max], rarely
/// an extreme that must saturate or one at a fast-path limit.
int32_t randomZeroPoint(SplitMix64 &rng, int32_t qMin, int32_t qMax) {
  if (rng.oneIn(16)) {
    switch (rng.between(0, 6)) {
    case 5:
      return kFastPathZeroPointEdges[rng.between(
          0, int64_t(std::size(kFastPathZeroPointEdges)) - 1)];
    case 0:
      return std::numeric_limits<int32_t>::min();
    case 1:
      return std::numeric_limits<int32_t>::max();
    case 2:
      return qMin - 1;
    case 3:
      return qMax + 1;
    default:
      return int32_t(uint32_t(rng.next()));
    }
  }
  int64_t middle = (int64_t(qMin) + int64_t(qMax)) / 2;
  int64_t spread = (int64_t(qMax) - int64_t(qMin)) / 8 + 1;
  return int32_t(middle + rng.between(-spread, spread));
}

/// One input element for a group with `scale`: mostly x = scale * t with t
/// spread a little beyond the quantized range, sometimes an exact tie, rarely
/// a special value.
double randomInput(SplitMix64 &rng, const FloatLimits &limits, double scale,
                   double halfRange) {
  if (rng.oneIn(32)) {
    switch (rng.between(0, 9)) {
    case 0:
      return kNaN;
    case 1:
      return kInf;
    case 2:
      return -kInf;
    case 3:
      return 0.0;
    case 4:
      return -0.0;
    case 5:
      return limits.minDenormal * double(rng.between(-3, 3));
    case 6:
      return limits.maxFinite;
    case 7:
      return -limits.maxFinite;
    case 8:
      return limits.minNormal;
    default:
      return double(rng.between(-1000, 1000));
    }
  }
  bool ordinaryScale = std::isfinite(scale) && scale != 0.0;
  double unitScale = ordinaryScale ? scale : 1.0;
  if (rng.oneIn(4)) // k + 0.5 with |k| < 128 is exact even in bf16
    return unitScale * (double(rng.between(-128, 127)) + 0.5);
  return unitScale * (2.0 * rng.unit() - 1.0) * halfRange;
}

} // namespace

void fillRandomQuantizeInputs(QuantizeProblem &problem, uint64_t seed) {
  const QuantizePerGroupDescriptor &desc = problem.desc;
  const ElementKind kind = desc.input_element;
  const size_t elementSize = elementKindSize(kind);
  const size_t axis = size_t(desc.axis_size);
  const size_t group = size_t(desc.group_size);
  const size_t groups = size_t(desc.num_groups());
  problem.input.assign(size_t(problem.numElements()) * elementSize, 0);
  problem.scale.assign(size_t(problem.numGroupsTotal()) * elementSize, 0);
  problem.zeroPoint.assign(size_t(problem.numGroupsTotal()), 0);

  SplitMix64 rng(seed);
  FloatLimits limits = limitsOf(kind);
  // Spread t a little beyond the range so that both clamps get exercised.
  double halfRange = 0.6 * (double(desc.q_max) - double(desc.q_min)) + 8.0;
  for (size_t row = 0; row < size_t(desc.outer_size); ++row) {
    for (size_t g = 0; g < groups; ++g) {
      size_t param = row * groups + g;
      double scale = randomScale(rng, limits);
      storeAs(problem.scale, param, kind, scale);
      problem.zeroPoint[param] = randomZeroPoint(rng, desc.q_min, desc.q_max);
      for (size_t c = g * group; c < (g + 1) * group; ++c)
        storeAs(problem.input, row * axis + c, kind,
                randomInput(rng, limits, scale, halfRange));
    }
  }
}

} // namespace baracuda::run
