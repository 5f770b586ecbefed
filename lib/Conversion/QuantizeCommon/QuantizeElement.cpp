//===- QuantizeElement.cpp - Quantization arithmetic, one source ----------===//

#include "baracuda/Conversion/QuantizeCommon/QuantizeElement.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/TypeUtilities.h"
#include "llvm/ADT/APFloat.h"

#include <algorithm>
#include <limits>

using namespace mlir;
using namespace mlir::baracuda;

FloatType mlir::baracuda::getQuantizeComputeType(FloatType inputElementType) {
  if (inputElementType.isF64())
    return inputElementType;
  return Float32Type::get(inputElementType.getContext());
}

IntegerType mlir::baracuda::getStorageType(Type integerElementType) {
  auto intType = cast<IntegerType>(integerElementType);
  return IntegerType::get(intType.getContext(), intType.getWidth());
}

namespace {
/// `type` with the element type replaced, keeping a vector shape if any.
Type withElementType(Type type, Type elementType) {
  if (auto vectorType = dyn_cast<VectorType>(type))
    return vectorType.clone(elementType);
  return elementType;
}

/// A constant of `type` (scalar or vector splat).
Value splatConstant(OpBuilder &b, Location loc, Type type, TypedAttr scalar) {
  if (auto vectorType = dyn_cast<VectorType>(type))
    return arith::ConstantOp::create(
        b, loc, DenseElementsAttr::get(vectorType, scalar));
  return arith::ConstantOp::create(b, loc, scalar);
}

/// `scalar` broadcast to the shape of `type` (no-op for scalar types). A
/// parameter that already is a vector (one parameter per element, the
/// parameter-vector kernels) has that shape and is returned as it is.
Value broadcastTo(OpBuilder &b, Location loc, Type type, Value scalar) {
  if (isa<VectorType>(scalar.getType())) {
    assert(cast<VectorType>(scalar.getType()).getShape() ==
               cast<VectorType>(type).getShape() &&
           "a parameter vector of another shape than the data");
    return scalar;
  }
  if (auto vectorType = dyn_cast<VectorType>(type))
    return vector::BroadcastOp::create(
        b, loc, vectorType.clone(scalar.getType()), scalar);
  return scalar;
}

/// x widened to the compute type of `params` (same shape).
Value widenToCompute(OpBuilder &b, Location loc, Value x,
                     FloatType computeType) {
  if (getElementTypeOrSelf(x.getType()) == computeType)
    return x;
  return arith::ExtFOp::create(b, loc,
                               withElementType(x.getType(), computeType), x);
}

/// `value` (compute type) narrowed to `type`'s element type, rounding to
/// nearest even once (no-op when they agree).
Value narrowTo(OpBuilder &b, Location loc, Value value, FloatType type) {
  if (getElementTypeOrSelf(value.getType()) == type)
    return value;
  return arith::TruncFOp::create(b, loc, withElementType(value.getType(), type),
                                 value);
}

/// Whether every lane of i1 `condition` holds (the condition itself for a
/// scalar): the path of a vector of elements is chosen once for all its
/// parameters.
Value allLanes(OpBuilder &b, Location loc, Value condition) {
  if (!isa<VectorType>(condition.getType()))
    return condition;
  return vector::ReductionOp::create(b, loc, vector::CombiningKind::AND,
                                     condition);
}
} // namespace

namespace {
/// Largest |zp|, |q_min|, |q_max| of the fast path when it clamps in f32:
/// then q_min - zp, q_max - zp and every partial sum are integers below 2^24
/// in magnitude, exact in f32.
constexpr int64_t kFastPathF32IntegerLimit = int64_t{1} << 23;

/// Largest |zp|, |q_min|, |q_max| of the fast path when it clamps in i32:
/// then |q_min - zp| and |q_max - zp| are at most 2^31 - 2, inside i32, so
/// the clamp of the saturated conversion is exact.
constexpr int64_t kFastPathI32IntegerLimit = (int64_t{1} << 30) - 1;

/// Range of |scale| for which the reciprocal path is exact. Above it RN(1 /
/// s) is subnormal and inexact. Below it, where every residual x - s * q is
/// exact (hasExactReciprocalQuotient), RN(1 / s) would overflow. Elsewhere
/// (f32 and f64 data, bf16 data with an f32 scale; rounded quotients only)
/// the residual is exact for |x| >= 2^-102 (f64: 2^-969), and the lower
/// bound makes every smaller |x| a quotient below 1/4 (2^-9 in f64), which
/// rounds to 0 however inexact it is.
double reciprocalMinScale(FloatType computeType, bool everyResidualExact) {
  if (computeType.isF64())
    return 0x1p-960;
  return everyResidualExact ? 0x1p-126 : 0x1p-100;
}
double reciprocalMaxScale(FloatType computeType) {
  return computeType.isF64() ? 0x1p1022 : 0x1p126;
}

/// Largest |zp| for which dequantize subtracts in i32: |q - zp| <= 2^30 +
/// 255 then fits (i64 -> f32 conversions are slow on the GPU and, below
/// AVX-512, scalarized on x86).
constexpr int64_t kDequantizeI32ZeroPointLimit = int64_t{1} << 30;

Value constantFloat(OpBuilder &b, Location loc, FloatType type, double value) {
  return arith::ConstantOp::create(b, loc, b.getFloatAttr(type, value));
}

/// `value` in `type`'s element type, of `shape`'s shape (scalar or vector).
Value constantFloatLike(OpBuilder &b, Location loc, Value shape, FloatType type,
                        double value) {
  return splatConstant(b, loc, withElementType(shape.getType(), type),
                       b.getFloatAttr(type, value));
}

/// lo <= v && v <= hi in every lane of i32 `v` (scalar or vector), for
/// constant bounds.
Value isWithin(OpBuilder &b, Location loc, Value v, int64_t lo, int64_t hi) {
  Type type = v.getType();
  Type element = getElementTypeOrSelf(type);
  Value geLo = arith::CmpIOp::create(
      b, loc, arith::CmpIPredicate::sge, v,
      splatConstant(b, loc, type, b.getIntegerAttr(element, lo)));
  Value leHi = arith::CmpIOp::create(
      b, loc, arith::CmpIPredicate::sle, v,
      splatConstant(b, loc, type, b.getIntegerAttr(element, hi)));
  return allLanes(b, loc, arith::AndIOp::create(b, loc, geLo, leHi));
}

/// max(a, b) / min(a, b) for operands that are never NaN, as a compare
/// (marked nnan) and a select: the form both x86 (maxps/minps) and NVPTX
/// (max.f32/min.f32) select a single instruction for. (arith.maxnumf would be
/// expanded with NaN checks by arith-expand, which the CPU pipeline runs.)
Value selectOfNonNaN(OpBuilder &b, Location loc, arith::CmpFPredicate pick,
                     Value lhs, Value rhs) {
  Value pickLhs = arith::CmpFOp::create(
      b, loc, arith::CmpFPredicateAttr::get(b.getContext(), pick), lhs, rhs,
      arith::FastMathFlagsAttr::get(b.getContext(),
                                    arith::FastMathFlags::nnan));
  return arith::SelectOp::create(b, loc, pickLhs, lhs, rhs);
}
Value maxOfNonNaN(OpBuilder &b, Location loc, Value lhs, Value rhs) {
  return selectOfNonNaN(b, loc, arith::CmpFPredicate::OGT, lhs, rhs);
}
Value minOfNonNaN(OpBuilder &b, Location loc, Value lhs, Value rhs) {
  return selectOfNonNaN(b, loc, arith::CmpFPredicate::OLT, lhs, rhs);
}
} // namespace

bool mlir::baracuda::hasExactReciprocalQuotient(FloatType inputType,
                                                FloatType scaleType) {
  // Markstein's correction is exact when the residual x - s * q0 is exact,
  // which needs |x| well above the f32 subnormals: every nonzero f16 is at
  // least 2^-24. bf16 reaches 2^-133; with a bf16 scale the kernels still
  // match the division on all 2^32 (x, s) pairs, with an f32 scale they do
  // not (e.g. x = 0x1.68p-123, s = -0x1.fbc4c4p-120).
  if (inputType.getWidth() != 16)
    return false;
  return inputType.isF16() || scaleType == inputType;
}

bool mlir::baracuda::hasFiniteReciprocalProducts(FloatType inputType,
                                                 FloatType scaleType,
                                                 FloatType computeType,
                                                 double minScale) {
  auto largest = [](FloatType type) {
    return llvm::APFloat::getLargest(type.getFloatSemantics())
        .convertToDouble();
  };
  double smallestScale = std::max(
      llvm::APFloat::getSmallest(scaleType.getFloatSemantics())
          .convertToDouble(),
      minScale);
  // |x * RN(1/s)| <= largest(x) / s * (1 + 2^-23), kept a factor 4 below the
  // compute type's largest value; |x - s * q0| is within 2^-21 |x|, below 1
  // for |x| < 2^21.
  return largest(inputType) / smallestScale < largest(computeType) / 4 &&
         largest(inputType) < 0x1p21;
}

int mlir::baracuda::getRoundedQuotientCorrections(FloatType inputType) {
  // 16-bit data: one correction gives RN(x / s) for every pair of a 16-bit
  // x and an f32 s in the normal range (every pair of bf16 and f32
  // significands is checked in ReciprocalQuotientTest; the arithmetic is
  // free of scale there). For bf16 with an f32 scale the residual is exact
  // only for |x| >= 2^-102, which reciprocalMinScale's bound of 2^-100 makes
  // every x whose quotient can round away from 0.
  return inputType.getWidth() == 16 ? 1 : 2;
}

QuantizeGroupParams mlir::baracuda::buildQuantizeGroupParams(
    OpBuilder &b, Location loc, Value scale, Value zeroPoint, Value qMin,
    Value qMax, FloatType inputType, bool returnsQuotient,
    const QuantizeLowering &lowering) {
  // `scale` and `zeroPoint` are scalars (one parameter for a group of
  // elements) or vectors (one per element of a data vector); qMin, qMax are
  // scalars.
  auto scaleType = cast<FloatType>(getElementTypeOrSelf(scale.getType()));
  FloatType computeType = getQuantizeComputeType(inputType);
  IntegerType i64 = b.getI64Type();
  auto constant = [&](double value) {
    return constantFloatLike(b, loc, scale, computeType, value);
  };

  QuantizeGroupParams params;
  params.scale = widenToCompute(b, loc, scale, computeType);
  params.isZeroScale = arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OEQ,
                                             params.scale, constant(0.0));
  params.zeroPoint = arith::ExtSIOp::create(
      b, loc, withElementType(zeroPoint.getType(), i64), zeroPoint);
  params.qMin = arith::ExtSIOp::create(b, loc, i64, qMin);
  params.qMax = arith::ExtSIOp::create(b, loc, i64, qMax);

  // A zero scale's quotient is 0. The reciprocal path multiplies by
  // RN(1 / +Inf) = 0 (then ±0 or NaN, both taken to 0): no per-element
  // select. The division path divides by 1 and selects 0: dividing by +Inf
  // sends div.rn to its slow path (on the GPU, a branch per element), and
  // a parameter-vector thread with one zero scale in its lanes took it on
  // every step.
  bool exactReciprocal = hasExactReciprocalQuotient(inputType, scaleType);
  params.roundedQuotientCorrections =
      getRoundedQuotientCorrections(inputType);
  params.finiteReciprocalProducts = hasFiniteReciprocalProducts(
      inputType, scaleType, computeType,
      reciprocalMinScale(computeType, exactReciprocal));
  params.reciprocalDivisor = arith::SelectOp::create(
      b, loc, params.isZeroScale,
      constant(std::numeric_limits<double>::infinity()), params.scale);
  // Scalar parameters only: a parameter-vector kernel keeps every lane's
  // parameters in registers, and f64 ones cost it occupancy (H200,
  // quantize_backward f32 per_channel_last 0.95 -> 0.83 of a copy;
  // docs/bench/2026-11-27-h200-sweep-f64-quotient-staged-occupancy.log).
  if (!exactReciprocal && returnsQuotient && lowering.wideReturnedQuotient &&
      computeType.isF32() && !isa<VectorType>(scale.getType())) {
    Type wideType = withElementType(scale.getType(), b.getF64Type());
    params.wideReciprocal = arith::DivFOp::create(
        b, loc, splatConstant(b, loc, wideType, b.getF64FloatAttr(1.0)),
        arith::ExtFOp::create(b, loc, wideType, params.reciprocalDivisor));
  } else if (!exactReciprocal && returnsQuotient) {
    params.divisor = arith::SelectOp::create(b, loc, params.isZeroScale,
                                             constant(1.0), params.scale);
    if (lowering.opaqueDivisor)
      params.divisor = lowering.opaqueDivisor(b, loc, params.divisor);
  }

  // Clamp bounds of the rounded quotient: roundeven(v) + zp is clamped to
  // [q_min, q_max] exactly when roundeven(v) is clamped to [q_min - zp,
  // q_max - zp]. These integers (|.| < 2^33) are exact in f64, in f32 and in
  // i32 only for small zero points and ranges, which `useFastPath` checks.
  int64_t limit = 0;
  if (lowering.saturatingRoundToI32) {
    params.lowerBound = arith::SubIOp::create(
        b, loc, broadcastTo(b, loc, zeroPoint.getType(), qMin), zeroPoint);
    params.upperBound = arith::SubIOp::create(
        b, loc, broadcastTo(b, loc, zeroPoint.getType(), qMax), zeroPoint);
    params.fastZeroPoint = zeroPoint;
    limit = kFastPathI32IntegerLimit;
  } else {
    auto toCompute = [&](Value i64Value) -> Value {
      return arith::SIToFPOp::create(
          b, loc, withElementType(i64Value.getType(), computeType), i64Value);
    };
    Type i64Shape = params.zeroPoint.getType();
    params.lowerBound = toCompute(arith::SubIOp::create(
        b, loc, broadcastTo(b, loc, i64Shape, params.qMin), params.zeroPoint));
    params.upperBound = toCompute(arith::SubIOp::create(
        b, loc, broadcastTo(b, loc, i64Shape, params.qMax), params.zeroPoint));
    params.fastZeroPoint = toCompute(params.zeroPoint);
    if (!computeType.isF64())
      limit = kFastPathF32IntegerLimit;
  }

  params.useFastPath = arith::ConstantOp::create(b, loc, b.getBoolAttr(true));
  if (limit != 0)
    params.useFastPath = arith::AndIOp::create(
        b, loc, isWithin(b, loc, zeroPoint, -limit, limit),
        arith::AndIOp::create(b, loc, isWithin(b, loc, qMin, -limit, limit),
                              isWithin(b, loc, qMax, -limit, limit)));
  params.reciprocal =
      arith::DivFOp::create(b, loc, constant(1.0), params.reciprocalDivisor);
  Value magnitude = math::AbsFOp::create(b, loc, params.scale);
  Value inRange = arith::AndIOp::create(
      b, loc,
      arith::CmpFOp::create(
          b, loc, arith::CmpFPredicate::OGE, magnitude,
          constant(reciprocalMinScale(computeType, exactReciprocal))),
      arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OLE, magnitude,
                            constant(reciprocalMaxScale(computeType))));
  params.useFastPath = arith::AndIOp::create(
      b, loc, params.useFastPath,
      allLanes(b, loc,
               arith::OrIOp::create(b, loc, inRange, params.isZeroScale)));
  return params;
}

namespace {
/// `value` with NaN elements replaced by `replacement` (same shape).
Value replaceNaN(OpBuilder &b, Location loc, Value value, Value replacement) {
  Value isNan =
      arith::CmpFOp::create(b, loc, arith::CmpFPredicate::UNO, value, value);
  return arith::SelectOp::create(b, loc, isNan, replacement, value);
}
} // namespace

namespace {
/// The exact path up to the zero point: roundeven(v) as i64, saturated at
/// ±2^62, with v = x / scale taken as 0 for a zero scale and a NaN quotient.
Value buildRoundedQuotientExact(OpBuilder &b, Location loc, Value x,
                                const QuantizeGroupParams &params) {
  auto computeType =
      cast<FloatType>(getElementTypeOrSelf(params.scale.getType()));
  Type computeShape = withElementType(x.getType(), computeType);
  Type i64Shape = withElementType(x.getType(), b.getI64Type());
  Value xc = widenToCompute(b, loc, x, computeType);

  // v = x / scale, taken as 0 for a zero scale and for a NaN quotient.
  Value zero =
      splatConstant(b, loc, computeShape, b.getFloatAttr(computeType, 0.0));
  Value quotient = arith::DivFOp::create(
      b, loc, xc, broadcastTo(b, loc, computeShape, params.scale));
  Value v = arith::SelectOp::create(b, loc, params.isZeroScale, zero, quotient);
  v = replaceNaN(b, loc, v, zero);

  // Round half to even, then clamp to ±2^62 so the i64 conversion is defined
  // for ±Inf and huge values; 2^62 is far outside [q_min - zp, q_max - zp], so
  // saturation here cannot change the final clamp nor the mask.
  Value rounded = math::RoundEvenOp::create(b, loc, v);
  Value limit =
      splatConstant(b, loc, computeShape, b.getFloatAttr(computeType, 0x1p62));
  Value negLimit =
      splatConstant(b, loc, computeShape, b.getFloatAttr(computeType, -0x1p62));
  rounded = arith::MaximumFOp::create(b, loc, rounded, negLimit);
  rounded = arith::MinimumFOp::create(b, loc, rounded, limit);
  return arith::FPToSIOp::create(b, loc, i64Shape, rounded);
}

/// The exact path's q = clamp(roundeven(v) + zp, q_min, q_max) in i64.
Value buildQuantizedExact(OpBuilder &b, Location loc, Value x,
                          const QuantizeGroupParams &params) {
  Value asInt = buildRoundedQuotientExact(b, loc, x, params);
  Type i64Shape = asInt.getType();
  // Zero point after rounding, then the range clamp; exact in i64.
  Value shifted = arith::AddIOp::create(
      b, loc, asInt, broadcastTo(b, loc, i64Shape, params.zeroPoint));
  Value clamped = arith::MaxSIOp::create(
      b, loc, shifted, broadcastTo(b, loc, i64Shape, params.qMin));
  return arith::MinSIOp::create(b, loc, clamped,
                                broadcastTo(b, loc, i64Shape, params.qMax));
}

/// What a fast-path quotient is for: quantize, fake_quantize and the masks
/// round it to an integer (its sign at zero and its ulps away from a tie
/// do not matter), quantize_backward returns dx = dy / scale itself.
enum class QuotientUse { Rounded, Returned };

/// The fast path's quotient x / scale in the compute type, 0 (or NaN) for a
/// zero scale: the product with `params.reciprocal` and Markstein's
/// corrections, or, for a returned quotient where `params.divisor` is set,
/// a division.
Value buildQuotientFast(OpBuilder &b, Location loc, Value xc,
                        const QuantizeGroupParams &params, QuotientUse use) {
  auto splat = [&](Value scalar) {
    return broadcastTo(b, loc, xc.getType(), scalar);
  };
  if (use == QuotientUse::Returned && params.divisor) {
    // The divisor is 1 for a zero scale; its quotient is replaced by +0.
    Value quotient = arith::DivFOp::create(b, loc, xc, splat(params.divisor));
    Value zero =
        splatConstant(b, loc, xc.getType(),
                      b.getFloatAttr(getElementTypeOrSelf(xc.getType()), 0.0));
    return arith::SelectOp::create(b, loc, splat(params.isZeroScale), zero,
                                   quotient);
  }
  if (use == QuotientUse::Returned && params.wideReciprocal) {
    // x and s are f32 values: in f64, q0 = x * RN(1/s) is within 1.5 * 2^-52
    // of x / s, and one correction leaves q1 within half an ulp (plus
    // 2^-104) of it, so q1 = RN64(x / s) wherever x / s is an f32 value or
    // a midpoint between two, f32 subnormal ties included. Every other
    // quotient of f32 values lies more than 2^-49 (relatively) away from
    // each f32 midpoint, so rounding q1 to f32 once gives RN32(x / s).
    // Special values as in the f32 form below.
    Type wideType = withElementType(xc.getType(), b.getF64Type());
    Value x = arith::ExtFOp::create(b, loc, wideType, xc);
    Value y = broadcastTo(b, loc, wideType, params.wideReciprocal);
    // The parameters are scalars here (buildQuantizeGroupParams).
    Value wideDivisor = arith::ExtFOp::create(b, loc, b.getF64Type(),
                                              params.reciprocalDivisor);
    Value negDivisor = broadcastTo(
        b, loc, wideType, arith::NegFOp::create(b, loc, wideDivisor));
    Value q0 = arith::MulFOp::create(b, loc, x, y);
    Value residual = math::FmaOp::create(b, loc, negDivisor, q0, x);
    Value q =
        replaceNaN(b, loc, math::FmaOp::create(b, loc, residual, y, q0), q0);
    Value isZero = arith::CmpFOp::create(
        b, loc, arith::CmpFPredicate::OEQ, q0,
        splatConstant(b, loc, wideType, b.getF64FloatAttr(0.0)));
    return arith::TruncFOp::create(
        b, loc, xc.getType(), arith::SelectOp::create(b, loc, isZero, q0, q));
  }
  // q0 = x * RN(1/s) is within a few ulps of x / s; with r = x - s * q exact
  // in an fma, q + r * RN(1/s) is RN(x / s) once q is within one ulp of it
  // (Markstein's theorem). For 16-bit data q0 is close enough for one
  // correction (checked on every pair); in f32 and f64 the first correction
  // makes it so, and the second rounds. Where q0 overflows (x = ±Inf, or x
  // / s beyond the range) or the scale is 0 (q0 = x * 0) r is NaN; q0 (±Inf,
  // or ±0 and NaN, both taken as 0) is then the right quotient. For x = ±0
  // the sum of signed zeros is +0, where q0 has the sign of x / s.
  assert(
      (use == QuotientUse::Rounded || params.roundedQuotientCorrections == 1) &&
      "a returned quotient of these types divides: build the params with "
      "returnsQuotient");
  Value y = splat(params.reciprocal);
  Value q0 = arith::MulFOp::create(b, loc, xc, y);
  Value negDivisor = splat(
      arith::NegFOp::create(b, loc, params.reciprocalDivisor).getResult());
  Value q = q0;
  int corrections =
      use == QuotientUse::Rounded ? params.roundedQuotientCorrections : 1;
  if (use == QuotientUse::Rounded && corrections == 1 &&
      params.finiteReciprocalProducts) {
    // Here r is NaN only for x = ±Inf (q0 = ±Inf), x = NaN (q0 = NaN) and a
    // zero scale (RN(1/s) = 0, q0 = ±0 or NaN), and |r| < 1 otherwise.
    // min(r, 1) (NaN -> 1) keeps every other r, and q0 + 1 * RN(1/s) is
    // then ±Inf, NaN or 0 as q0 is: one min per element instead of the NaN
    // test and select (docs/performance.md, 2026-11-29 21:45).
    Value residual = math::FmaOp::create(b, loc, negDivisor, q0, xc);
    Value one = splatConstant(
        b, loc, xc.getType(),
        b.getFloatAttr(getElementTypeOrSelf(xc.getType()), 1.0));
    return math::FmaOp::create(
        b, loc, arith::MinNumFOp::create(b, loc, residual, one), y, q0);
  }
  for (int i = 0; i < corrections; ++i) {
    Value residual = math::FmaOp::create(b, loc, negDivisor, q, xc);
    q = math::FmaOp::create(b, loc, residual, y, q);
  }
  Value quotient = replaceNaN(b, loc, q, q0);
  if (use == QuotientUse::Rounded)
    return quotient;
  Value isZero = arith::CmpFOp::create(
      b, loc, arith::CmpFPredicate::OEQ, q0,
      splatConstant(b, loc, q0.getType(),
                    b.getFloatAttr(getElementTypeOrSelf(q0.getType()), 0.0)));
  return arith::SelectOp::create(b, loc, isZero, q0, quotient);
}

/// The fast path's roundeven(v), NaN taken as 0: in i32, saturated, where
/// the backend converts with saturation (QuantizeLowering), else in the
/// compute type (±Inf stays).
Value buildRoundedQuotientFast(OpBuilder &b, Location loc, Value x,
                               const QuantizeGroupParams &params,
                               const QuantizeLowering &lowering) {
  auto computeType =
      cast<FloatType>(getElementTypeOrSelf(params.scale.getType()));
  Value v = buildQuotientFast(b, loc, widenToCompute(b, loc, x, computeType),
                              params, QuotientUse::Rounded);
  // A NaN quotient converts to 0; beyond the i32 range it saturates, past
  // both bounds, which fit in i32.
  if (lowering.saturatingRoundToI32)
    return lowering.saturatingRoundToI32(b, loc, v);
  Value zero =
      splatConstant(b, loc, v.getType(), b.getFloatAttr(computeType, 0.0));
  v = replaceNaN(b, loc, v, zero);
  return math::RoundEvenOp::create(b, loc, v);
}

/// The fast path's q - zp = clamp(roundeven(v), q_min - zp, q_max - zp), in
/// the type buildRoundedQuotientFast rounds to. roundeven is monotonic and
/// fixes integers, so clamping before or after it is the same; after it,
/// the result is an exact integer.
Value buildClampedOffsetFast(OpBuilder &b, Location loc, Value x,
                             const QuantizeGroupParams &params,
                             const QuantizeLowering &lowering) {
  Value rounded = buildRoundedQuotientFast(b, loc, x, params, lowering);
  auto splat = [&](Value scalar) {
    return broadcastTo(b, loc, rounded.getType(), scalar);
  };
  if (lowering.saturatingRoundToI32) {
    Value clamped =
        arith::MaxSIOp::create(b, loc, rounded, splat(params.lowerBound));
    return arith::MinSIOp::create(b, loc, clamped, splat(params.upperBound));
  }
  Value clamped = maxOfNonNaN(b, loc, rounded, splat(params.lowerBound));
  return minOfNonNaN(b, loc, clamped, splat(params.upperBound));
}
} // namespace

Value mlir::baracuda::buildQuantizeElementsExact(
    OpBuilder &b, Location loc, Value x, const QuantizeGroupParams &params,
    IntegerType quantizedType) {
  return arith::TruncIOp::create(
      b, loc, withElementType(x.getType(), getStorageType(quantizedType)),
      buildQuantizedExact(b, loc, x, params));
}

namespace {
/// Largest |zp| of the saturating path: sat16(roundeven(v)) + zp is then an
/// i32 without overflow, and where the i16 saturation took place
/// (|roundeven(v)| > 2^15 - 1) it lies past the same end of the storage
/// range as roundeven(v) + zp does.
constexpr int64_t kSaturatingZeroPointLimit = int64_t{1} << 14;
} // namespace

Value mlir::baracuda::buildQuantizeElementsFast(
    OpBuilder &b, Location loc, Value x, const QuantizeGroupParams &params,
    IntegerType quantizedType, const QuantizeLowering &lowering) {
  Type i32Shape = withElementType(x.getType(), b.getI32Type());
  Value clamped = buildClampedOffsetFast(b, loc, x, params, lowering);
  auto splat = [&](Value scalar) {
    return broadcastTo(b, loc, clamped.getType(), scalar);
  };
  Value shifted;
  if (lowering.saturatingRoundToI32)
    shifted =
        arith::AddIOp::create(b, loc, clamped, splat(params.fastZeroPoint));
  else
    shifted = arith::FPToSIOp::create(
        b, loc, i32Shape,
        arith::AddFOp::create(b, loc, clamped, splat(params.fastZeroPoint)));
  return arith::TruncIOp::create(
      b, loc, withElementType(x.getType(), getStorageType(quantizedType)),
      shifted);
}

Value mlir::baracuda::buildSaturatingPathCondition(
    OpBuilder &b, Location loc, const QuantizeGroupParams &params,
    IntegerType quantizedType, const QuantizeLowering &lowering) {
  auto computeType =
      cast<FloatType>(getElementTypeOrSelf(params.scale.getType()));
  if (!lowering.saturatingNarrowToI8 || !lowering.saturatingRoundToI16 ||
      !lowering.saturatingRoundToI32 || !computeType.isF32() ||
      quantizedType.getWidth() != 8)
    return {};
  bool isUnsigned = quantizedType.isUnsigned();
  int64_t storageMin = isUnsigned ? 0 : -128;
  int64_t storageMax = isUnsigned ? 255 : 127;
  auto equals = [&](Value v, int64_t constant) -> Value {
    return arith::CmpIOp::create(
        b, loc, arith::CmpIPredicate::eq, v,
        arith::ConstantOp::create(b, loc, b.getI64IntegerAttr(constant)));
  };
  Value spansStorage = arith::AndIOp::create(
      b, loc,
      arith::AndIOp::create(b, loc, equals(params.qMin, storageMin),
                            equals(params.qMax, storageMax)),
      isWithin(b, loc, params.fastZeroPoint, -kSaturatingZeroPointLimit,
               kSaturatingZeroPointLimit));
  return arith::AndIOp::create(b, loc, params.useFastPath, spansStorage);
}

Value mlir::baracuda::buildQuantizeElementsSaturating(
    OpBuilder &b, Location loc, Value x, const QuantizeGroupParams &params,
    IntegerType quantizedType, const QuantizeLowering &lowering) {
  auto computeType =
      cast<FloatType>(getElementTypeOrSelf(params.scale.getType()));
  Value v = buildQuotientFast(b, loc, widenToCompute(b, loc, x, computeType),
                              params, QuotientUse::Rounded);
  Value rounded = lowering.saturatingRoundToI16(b, loc, v);
  Value shifted = arith::AddIOp::create(
      b, loc, rounded,
      broadcastTo(b, loc, rounded.getType(), params.fastZeroPoint));
  return lowering.saturatingNarrowToI8(b, loc, shifted,
                                       quantizedType.isUnsigned());
}

Value mlir::baracuda::buildInsideMask(OpBuilder &b, Location loc, Value x,
                                      const QuantizeGroupParams &params,
                                      QuantizePath path,
                                      const QuantizeLowering &lowering) {
  if (path == QuantizePath::Exact) {
    // r = roundeven(v) + zp in i64: |roundeven(v)| <= 2^62 and |zp| < 2^31,
    // so the sum is exact, and saturation at 2^62 keeps r past both bounds.
    Value asInt = buildRoundedQuotientExact(b, loc, x, params);
    Type i64Shape = asInt.getType();
    Value r = arith::AddIOp::create(
        b, loc, asInt, broadcastTo(b, loc, i64Shape, params.zeroPoint));
    Value geMin =
        arith::CmpIOp::create(b, loc, arith::CmpIPredicate::sge, r,
                              broadcastTo(b, loc, i64Shape, params.qMin));
    Value leMax =
        arith::CmpIOp::create(b, loc, arith::CmpIPredicate::sle, r,
                              broadcastTo(b, loc, i64Shape, params.qMax));
    return arith::AndIOp::create(b, loc, geMin, leMax);
  }
  // q_min <= roundeven(v) + zp <= q_max  <=>  q_min - zp <= roundeven(v) <=
  // q_max - zp, with the bounds exact in the fast path's type; a saturated
  // i32 conversion stays past a bound it went beyond (|bound| <= 2^31 - 2).
  Value rounded = buildRoundedQuotientFast(b, loc, x, params, lowering);
  auto splat = [&](Value scalar) {
    return broadcastTo(b, loc, rounded.getType(), scalar);
  };
  if (lowering.saturatingRoundToI32) {
    Value geMin = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::sge,
                                        rounded, splat(params.lowerBound));
    Value leMax = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::sle,
                                        rounded, splat(params.upperBound));
    return arith::AndIOp::create(b, loc, geMin, leMax);
  }
  Value geMin = arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OGE,
                                      rounded, splat(params.lowerBound));
  Value leMax = arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OLE,
                                      rounded, splat(params.upperBound));
  return arith::AndIOp::create(b, loc, geMin, leMax);
}

Value mlir::baracuda::buildScaledOffset(OpBuilder &b, Location loc,
                                        Value offset, Value scale,
                                        FloatType resultType) {
  auto computeType = cast<FloatType>(getElementTypeOrSelf(scale.getType()));
  Type computeShape = withElementType(offset.getType(), computeType);
  Value c = offset;
  if (isa<IntegerType>(getElementTypeOrSelf(offset.getType())))
    c = arith::SIToFPOp::create(b, loc, computeShape, offset);
  else
    c = widenToCompute(b, loc, offset, computeType);
  Value product = arith::MulFOp::create(
      b, loc, c, broadcastTo(b, loc, computeShape, scale));
  return narrowTo(b, loc, product, resultType);
}

QuantizeGroupParams mlir::baracuda::buildDequantizeParams(OpBuilder &b,
                                                          Location loc,
                                                          Value scale,
                                                          Value zeroPoint) {
  QuantizeGroupParams params;
  params.scale = scale;
  params.zeroPoint = arith::ExtSIOp::create(
      b, loc, withElementType(zeroPoint.getType(), b.getI64Type()), zeroPoint);
  params.fastZeroPoint = zeroPoint;
  params.useFastPath =
      isWithin(b, loc, zeroPoint, -kDequantizeI32ZeroPointLimit,
               kDequantizeI32ZeroPointLimit);
  return params;
}

Value mlir::baracuda::buildDequantizeElements(OpBuilder &b, Location loc,
                                              Value q, bool isUnsigned,
                                              Value scale, Value zeroPoint,
                                              FloatType resultType) {
  // q - zp in zeroPoint's type: exact in i64; in i32 where |zp| is small
  // (buildDequantizeParams), the same integer, hence the same rounding.
  Type intShape =
      withElementType(q.getType(), getElementTypeOrSelf(zeroPoint.getType()));
  Value wide = isUnsigned
                   ? arith::ExtUIOp::create(b, loc, intShape, q).getResult()
                   : arith::ExtSIOp::create(b, loc, intShape, q).getResult();
  Value offset = arith::SubIOp::create(
      b, loc, wide, broadcastTo(b, loc, intShape, zeroPoint));
  return buildScaledOffset(b, loc, offset, scale, resultType);
}

Value mlir::baracuda::buildFakeQuantizeElements(
    OpBuilder &b, Location loc, Value x, const QuantizeGroupParams &params,
    QuantizePath path, const QuantizeLowering &lowering) {
  auto resultType = cast<FloatType>(getElementTypeOrSelf(x.getType()));
  Value offset;
  if (path == QuantizePath::Exact) {
    Value q = buildQuantizedExact(b, loc, x, params);
    offset = arith::SubIOp::create(
        b, loc, q, broadcastTo(b, loc, q.getType(), params.zeroPoint));
  } else {
    // q - zp itself: an exact integer, in i32 or in the compute type (where
    // |q - zp| <= 2^24, exact in f32). There roundeven leaves -0 for
    // quotients in [-0.5, -0]; the integer q - zp is +0, which + 0 gives.
    offset = buildClampedOffsetFast(b, loc, x, params, lowering);
    if (!lowering.saturatingRoundToI32)
      offset = arith::AddFOp::create(
          b, loc, offset,
          splatConstant(
              b, loc, offset.getType(),
              b.getFloatAttr(getElementTypeOrSelf(params.scale.getType()),
                             0.0)));
  }
  return buildScaledOffset(b, loc, offset, params.scale, resultType);
}

Value mlir::baracuda::buildQuantizeBackwardElements(
    OpBuilder &b, Location loc, Value dy, Value x,
    const QuantizeGroupParams &params, QuantizePath path,
    const QuantizeLowering &lowering) {
  auto resultType = cast<FloatType>(getElementTypeOrSelf(dy.getType()));
  auto computeType =
      cast<FloatType>(getElementTypeOrSelf(params.scale.getType()));
  Value inside = buildInsideMask(b, loc, x, params, path, lowering);
  Type maskShape = inside.getType();
  Value nonZeroScale = arith::XOrIOp::create(
      b, loc, params.isZeroScale,
      splatConstant(b, loc, params.isZeroScale.getType(), b.getBoolAttr(true)));
  Value take = arith::AndIOp::create(
      b, loc, inside, broadcastTo(b, loc, maskShape, nonZeroScale));
  Value dyc = widenToCompute(b, loc, dy, computeType);
  // The fast path's divisor differs from the scale only where it is 0, and
  // there dx is 0.
  Value quotient =
      path == QuantizePath::Fast
          ? buildQuotientFast(b, loc, dyc, params, QuotientUse::Returned)
          : arith::DivFOp::create(
                b, loc, dyc, broadcastTo(b, loc, dyc.getType(), params.scale))
                .getResult();
  Value dx = narrowTo(b, loc, quotient, resultType);
  Value zero =
      splatConstant(b, loc, dy.getType(), b.getFloatAttr(resultType, 0.0));
  return arith::SelectOp::create(b, loc, take, dx, zero);
}

Value mlir::baracuda::buildDequantizeBackwardElements(OpBuilder &b,
                                                      Location loc, Value dy,
                                                      Value scale) {
  auto resultType = cast<FloatType>(getElementTypeOrSelf(dy.getType()));
  return buildScaledOffset(b, loc, dy, scale, resultType);
}

Value mlir::baracuda::buildFakeQuantizeBackwardElements(
    OpBuilder &b, Location loc, Value dy, Value x,
    const QuantizeGroupParams &params, QuantizePath path,
    const QuantizeLowering &lowering) {
  auto resultType = cast<FloatType>(getElementTypeOrSelf(dy.getType()));
  Value inside = buildInsideMask(b, loc, x, params, path, lowering);
  Value zero =
      splatConstant(b, loc, dy.getType(), b.getFloatAttr(resultType, 0.0));
  return arith::SelectOp::create(b, loc, inside, dy, zero);
}

Value mlir::baracuda::buildNumElements(OpBuilder &b, Location loc,
                                       Value buffer) {
  auto type = cast<MemRefType>(buffer.getType());
  Value count = arith::ConstantIndexOp::create(b, loc, 1);
  for (int64_t dim = 0, rank = type.getRank(); dim < rank; ++dim) {
    Value size = memref::DimOp::create(b, loc, buffer, dim);
    count = dim == 0 ? size : arith::MulIOp::create(b, loc, count, size);
  }
  return count;
}

FailureOr<Value> mlir::baracuda::flattenBufferForKernel(OpBuilder &b,
                                                        Location loc,
                                                        Value buffer) {
  auto type = cast<MemRefType>(buffer.getType());
  if (!type.getLayout().isIdentity())
    return emitError(loc) << "baracuda kernels need contiguous row-major "
                             "(identity layout) buffers; got "
                          << type;
  // The flat size is dynamic whenever a dim is: memref.collapse_shape's
  // inferred type would make 0x? a static 0, which its verifier rejects.
  int64_t flatSize =
      type.hasStaticShape() ? type.getNumElements() : ShapedType::kDynamic;
  auto flatType =
      MemRefType::get({flatSize}, type.getElementType(),
                      MemRefLayoutAttrInterface(), type.getMemorySpace());
  Value flat = buffer;
  if (type.getRank() == 0) {
    flat = memref::ExpandShapeOp::create(b, loc, flatType, buffer,
                                         SmallVector<ReassociationIndices>{});
  } else if (type.getRank() > 1) {
    ReassociationIndices all;
    for (int64_t dim = 0; dim < type.getRank(); ++dim)
      all.push_back(dim);
    flat = memref::CollapseShapeOp::create(
        b, loc, flatType, buffer, SmallVector<ReassociationIndices>{all});
  }
  Type elementType = type.getElementType();
  if (auto intType = dyn_cast<IntegerType>(elementType);
      intType && !intType.isSignless()) {
    // Same bits, signless view: memref has no signedness cast, and the kernel
    // stores only bits. The cast folds away once both sides are LLVM structs.
    auto flatType = cast<MemRefType>(flat.getType());
    flat = UnrealizedConversionCastOp::create(
               b, loc, flatType.clone(getStorageType(intType)), flat)
               .getResult(0);
    elementType = getStorageType(intType);
  }
  auto dynamicType =
      MemRefType::get({ShapedType::kDynamic}, elementType,
                      MemRefLayoutAttrInterface(), type.getMemorySpace());
  if (flat.getType() != dynamicType)
    flat = memref::CastOp::create(b, loc, dynamicType, flat);
  return flat;
}
