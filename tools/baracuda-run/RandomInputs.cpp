//===- RandomInputs.cpp - Random operands of a family op, with edges
//-------===//

#include "RandomInputs.h"

#include "HostElements.h"

#include "baracuda/Support/SplitMix64.h"

#include "baracuda/Testing/QuantizeReference.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <iterator>
#include <limits>
#include <string_view>

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
    1 << 23,       (1 << 23) + 1, -(1 << 23) - 1, 1 << 30,
    (1 << 30) - 1, -(1 << 30),    -(1 << 30) - 1};

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
                   double halfRange, int32_t zeroPoint, int32_t qMin,
                   int32_t qMax) {
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
  if (rng.oneIn(6)) {
    // Where roundeven(x / s) + zp lands on q_min or q_max, or half a step
    // (a tie) or a step beyond: the clamps' and the backward masks' edges.
    double edge = double(rng.oneIn(2) ? qMin : qMax) - double(zeroPoint);
    return unitScale * (edge + 0.5 * double(rng.between(-2, 2)));
  }
  return unitScale * (2.0 * rng.unit() - 1.0) * halfRange;
}

/// One gradient element: mostly an ordinary value, rarely a special one.
double randomGradient(SplitMix64 &rng, const FloatLimits &limits) {
  if (rng.oneIn(32)) {
    switch (rng.between(0, 6)) {
    case 0:
      return kNaN;
    case 1:
      return kInf;
    case 2:
      return -kInf;
    case 3:
      return -0.0;
    case 4:
      return limits.minDenormal * double(rng.between(-3, 3));
    case 5:
      return limits.maxFinite * (rng.oneIn(2) ? 1 : -1);
    default:
      return 0.0;
    }
  }
  return std::ldexp(2.0 * rng.unit() - 1.0, int(rng.between(-6, 6)));
}

/// One quantized element of `kind`: uniform, with the extremes often.
uint8_t randomQuantized(SplitMix64 &rng, ElementKind kind) {
  if (rng.oneIn(16)) {
    int64_t extreme =
        rng.oneIn(2) ? integerKindMin(kind) : integerKindMax(kind);
    return uint8_t(extreme);
  }
  return uint8_t(rng.next());
}

} // namespace

void fillRandomInputs(RunProblem &problem, uint64_t seed) {
  const QuantizeFamilyProblem &family = problem.family;
  const QuantizeOpSpec &spec = problem.spec();
  const int numOperands = spec.numOperands();
  const ElementKind t = family.t;
  problem.operands.assign(size_t(numOperands), {});
  for (int i = 0; i + 1 < numOperands; ++i)
    problem.operands[i].assign(size_t(problem.elementsOf(i)) *
                                   elementKindSize(problem.elementOf(i)),
                               0);
  const int scaleIndex = spec.indexOf(QuantizeOperandRole::ScaleT);
  const int zeroPointIndex = spec.indexOf(QuantizeOperandRole::ZeroPoint);
  const bool perTensor = family.layout == LayoutKind::PerTensor;

  SplitMix64 rng(seed);
  // The range the zero points and inputs are drawn around: the op's, or
  // (an op without one: hasRange 0 in QuantizeFamily.def) the quantized
  // type's.
  int32_t qMin = family.q_min, qMax = family.q_max;
  if (!spec.hasRange) {
    qMin = int32_t(integerKindMin(family.q));
    qMax = int32_t(integerKindMax(family.q));
  }

  // Parameters first; the data of each element is drawn around its scale.
  std::vector<double> scales(size_t(std::max<int64_t>(family.period, 1)));
  std::vector<int32_t> zeroPoints(scales.size(), 0);
  if (perTensor) {
    // A scalar of the compute type: f32 for f32/f16/bf16 (any f32 value,
    // not only one of T), f64 for f64.
    ElementKind c = familyComputeElement(t);
    double s = randomScale(rng, limitsOf(c));
    problem.scalarScale = c == ElementKind::F64 ? s : double(float(s));
    problem.scalarZeroPoint = randomZeroPoint(rng, qMin, qMax);
    scales[0] = problem.scalarScale;
    zeroPoints[0] = problem.scalarZeroPoint;
  } else {
    FloatLimits limits = limitsOf(t);
    for (size_t p = 0; p < scales.size(); ++p) {
      if (scaleIndex >= 0) {
        storeAs(problem.operands[scaleIndex], p, t, randomScale(rng, limits));
        scales[p] = floatElementAt(problem.operands[scaleIndex].data(), p, t);
      }
      zeroPoints[p] = randomZeroPoint(rng, qMin, qMax);
      if (zeroPointIndex >= 0)
        std::memcpy(problem.operands[zeroPointIndex].data() +
                        p * sizeof(int32_t),
                    &zeroPoints[p], sizeof(int32_t));
    }
  }

  FloatLimits limits = limitsOf(t);
  // Spread x / s a little beyond the range so that both clamps get
  // exercised.
  double halfRange = 0.6 * (double(qMax) - double(qMin)) + 8.0;
  for (int i = 0; i + 1 < numOperands; ++i) {
    const QuantizeOperandSpec &operand = spec.operands[i];
    if (operand.isParameter())
      continue;
    std::vector<uint8_t> &bytes = problem.operands[i];
    for (int64_t e = 0; e < family.numel; ++e) {
      // The parameter element e uses (only to draw x near its scale; the
      // reference finds it on its own).
      size_t p = size_t((e / family.block) % family.period);
      if (perTensor)
        p = 0;
      if (operand.role == QuantizeOperandRole::DataQ)
        bytes[size_t(e)] = randomQuantized(rng, family.q);
      else if (std::string_view(operand.name) == "input")
        storeAs(bytes, size_t(e), t,
                randomInput(rng, limits, scales[p], halfRange, zeroPoints[p],
                            qMin, qMax));
      else
        storeAs(bytes, size_t(e), t, randomGradient(rng, limits));
    }
  }
}

} // namespace baracuda::run
