//===- QuantizeElement.cpp - Quantization arithmetic, one source ----------===//

#include "baracuda/Conversion/QuantizeCommon/QuantizeElement.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/TypeUtilities.h"

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

/// `scalar` broadcast to the shape of `type` (no-op for scalar types).
Value broadcastTo(OpBuilder &b, Location loc, Type type, Value scalar) {
  if (auto vectorType = dyn_cast<VectorType>(type))
    return vector::BroadcastOp::create(
        b, loc, vectorType.clone(scalar.getType()), scalar);
  return scalar;
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

/// Smallest |scale| for which the f16/bf16 reciprocal path is exact:
/// subnormal scales overflow the reciprocal in f32. The compiled kernels
/// match the reference on all 2^32 (x, scale) pairs of each type
/// (unittests/testing/ReciprocalQuotientTest.cpp), with this bound.
constexpr double kReciprocalMinScale = 0x1p-126;

Value constantFloat(OpBuilder &b, Location loc, FloatType type, double value) {
  return arith::ConstantOp::create(b, loc, b.getFloatAttr(type, value));
}

/// lo <= v && v <= hi for i32 `v` and constant bounds.
Value isWithin(OpBuilder &b, Location loc, Value v, int64_t lo, int64_t hi) {
  Type type = v.getType();
  Value geLo = arith::CmpIOp::create(
      b, loc, arith::CmpIPredicate::sge, v,
      arith::ConstantOp::create(b, loc, b.getIntegerAttr(type, lo)));
  Value leHi = arith::CmpIOp::create(
      b, loc, arith::CmpIPredicate::sle, v,
      arith::ConstantOp::create(b, loc, b.getIntegerAttr(type, hi)));
  return arith::AndIOp::create(b, loc, geLo, leHi);
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

QuantizeGroupParams mlir::baracuda::buildQuantizeGroupParams(
    OpBuilder &b, Location loc, Value scale, Value zeroPoint, Value qMin,
    Value qMax, const QuantizeLowering &lowering) {
  auto inputType = cast<FloatType>(scale.getType());
  FloatType computeType = getQuantizeComputeType(inputType);
  IntegerType i64 = b.getI64Type();

  QuantizeGroupParams params;
  params.scale = inputType == computeType
                     ? scale
                     : arith::ExtFOp::create(b, loc, computeType, scale)
                           .getResult();
  params.isZeroScale = arith::CmpFOp::create(
      b, loc, arith::CmpFPredicate::OEQ, params.scale,
      constantFloat(b, loc, computeType, 0.0));
  params.zeroPoint = arith::ExtSIOp::create(b, loc, i64, zeroPoint);
  params.qMin = arith::ExtSIOp::create(b, loc, i64, qMin);
  params.qMax = arith::ExtSIOp::create(b, loc, i64, qMax);

  // Dividing by +Inf instead of 0 gives ±0 or NaN, which the fast path takes
  // to 0 either way: no per-element select.
  params.divisor = arith::SelectOp::create(
      b, loc, params.isZeroScale,
      constantFloat(b, loc, computeType,
                    std::numeric_limits<double>::infinity()),
      params.scale);

  // Clamp bounds of the rounded quotient: roundeven(v) + zp is clamped to
  // [q_min, q_max] exactly when roundeven(v) is clamped to [q_min - zp,
  // q_max - zp]. These integers (|.| < 2^33) are exact in f64, in f32 and in
  // i32 only for small zero points and ranges, which `useFastPath` checks.
  int64_t limit = 0;
  if (lowering.saturatingRoundToI32) {
    params.lowerBound = arith::SubIOp::create(b, loc, qMin, zeroPoint);
    params.upperBound = arith::SubIOp::create(b, loc, qMax, zeroPoint);
    params.fastZeroPoint = zeroPoint;
    limit = kFastPathI32IntegerLimit;
  } else {
    auto toCompute = [&](Value i64Value) -> Value {
      return arith::SIToFPOp::create(b, loc, computeType, i64Value);
    };
    params.lowerBound = toCompute(
        arith::SubIOp::create(b, loc, params.qMin, params.zeroPoint));
    params.upperBound = toCompute(
        arith::SubIOp::create(b, loc, params.qMax, params.zeroPoint));
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
  if (inputType.getWidth() == 16) {
    params.reciprocal = arith::DivFOp::create(
        b, loc, constantFloat(b, loc, computeType, 1.0), params.divisor);
    Value magnitude = math::AbsFOp::create(b, loc, params.scale);
    Value normalOrLarger = arith::CmpFOp::create(
        b, loc, arith::CmpFPredicate::OGE, magnitude,
        constantFloat(b, loc, computeType, kReciprocalMinScale));
    params.useFastPath = arith::AndIOp::create(
        b, loc, params.useFastPath,
        arith::OrIOp::create(b, loc, normalOrLarger, params.isZeroScale));
  }
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

Value mlir::baracuda::buildQuantizeElementsExact(
    OpBuilder &b, Location loc, Value x, const QuantizeGroupParams &params,
    IntegerType storageType) {
  auto computeType = cast<FloatType>(params.scale.getType());
  Type computeShape = withElementType(x.getType(), computeType);
  Type i64Shape = withElementType(x.getType(), b.getI64Type());

  Value xc = x;
  if (getElementTypeOrSelf(x.getType()) != computeType)
    xc = arith::ExtFOp::create(b, loc, computeShape, x);

  // v = x / scale, taken as 0 for a zero scale and for a NaN quotient.
  Value zero = splatConstant(b, loc, computeShape,
                             b.getFloatAttr(computeType, 0.0));
  Value quotient = arith::DivFOp::create(
      b, loc, xc, broadcastTo(b, loc, computeShape, params.scale));
  Value v = arith::SelectOp::create(b, loc, params.isZeroScale, zero, quotient);
  v = replaceNaN(b, loc, v, zero);

  // Round half to even, then clamp to ±2^62 so the i64 conversion is defined
  // for ±Inf and huge values; 2^62 is far outside [q_min - zp, q_max - zp], so
  // saturation here cannot change the final clamp.
  Value rounded = math::RoundEvenOp::create(b, loc, v);
  Value limit = splatConstant(b, loc, computeShape,
                              b.getFloatAttr(computeType, 0x1p62));
  Value negLimit = splatConstant(b, loc, computeShape,
                                 b.getFloatAttr(computeType, -0x1p62));
  rounded = arith::MaximumFOp::create(b, loc, rounded, negLimit);
  rounded = arith::MinimumFOp::create(b, loc, rounded, limit);
  Value asInt = arith::FPToSIOp::create(b, loc, i64Shape, rounded);

  // Zero point after rounding, then the range clamp; exact in i64.
  Value shifted = arith::AddIOp::create(
      b, loc, asInt, broadcastTo(b, loc, i64Shape, params.zeroPoint));
  Value clamped = arith::MaxSIOp::create(
      b, loc, shifted, broadcastTo(b, loc, i64Shape, params.qMin));
  clamped = arith::MinSIOp::create(
      b, loc, clamped, broadcastTo(b, loc, i64Shape, params.qMax));
  return arith::TruncIOp::create(
      b, loc, withElementType(x.getType(), storageType), clamped);
}

Value mlir::baracuda::buildQuantizeElementsFast(
    OpBuilder &b, Location loc, Value x, const QuantizeGroupParams &params,
    IntegerType storageType, const QuantizeLowering &lowering) {
  auto computeType = cast<FloatType>(params.scale.getType());
  Type computeShape = withElementType(x.getType(), computeType);
  Type i32Shape = withElementType(x.getType(), b.getI32Type());
  // A per-group scalar in x's shape (broadcastTo keeps the scalar's type).
  auto splat = [&](Value scalar) {
    return broadcastTo(b, loc, x.getType(), scalar);
  };

  Value xc = x;
  if (getElementTypeOrSelf(x.getType()) != computeType)
    xc = arith::ExtFOp::create(b, loc, computeShape, x);

  Value v;
  if (params.reciprocal) {
    // Markstein's correction: q0 = x * RN(1/s) is within a few ulps of x / s;
    // r = x - s * q0 is exact in an fma, and q0 + r * RN(1/s) rounds to
    // RN(x / s). Where q0 overflows (x = ±Inf, or x / s beyond the f32
    // range) r is NaN; q0's ±Inf is then the right quotient.
    Value y = splat(params.reciprocal);
    Value q0 = arith::MulFOp::create(b, loc, xc, y);
    Value negDivisor =
        splat(arith::NegFOp::create(b, loc, params.divisor).getResult());
    Value residual = math::FmaOp::create(b, loc, negDivisor, q0, xc);
    Value q1 = math::FmaOp::create(b, loc, residual, y, q0);
    v = replaceNaN(b, loc, q1, q0);
  } else {
    v = arith::DivFOp::create(b, loc, xc, splat(params.divisor));
  }

  Value shifted;
  if (lowering.saturatingRoundToI32) {
    // A NaN quotient converts to 0; beyond the i32 range it saturates, past
    // both bounds, which fit in i32.
    Value rounded = lowering.saturatingRoundToI32(b, loc, v);
    Value clamped =
        arith::MaxSIOp::create(b, loc, rounded, splat(params.lowerBound));
    clamped = arith::MinSIOp::create(b, loc, clamped, splat(params.upperBound));
    shifted =
        arith::AddIOp::create(b, loc, clamped, splat(params.fastZeroPoint));
  } else {
    // A NaN quotient is taken as 0. roundeven is monotonic and fixes
    // integers, so clamping before or after it is the same; after it,
    // rounded + zp is an exact integer in range.
    Value zero = splatConstant(b, loc, computeShape,
                               b.getFloatAttr(computeType, 0.0));
    v = replaceNaN(b, loc, v, zero);
    Value rounded = math::RoundEvenOp::create(b, loc, v);
    Value clamped = maxOfNonNaN(b, loc, rounded, splat(params.lowerBound));
    clamped = minOfNonNaN(b, loc, clamped, splat(params.upperBound));
    shifted = arith::FPToSIOp::create(
        b, loc, i32Shape,
        arith::AddFOp::create(b, loc, clamped, splat(params.fastZeroPoint)));
  }
  return arith::TruncIOp::create(
      b, loc, withElementType(x.getType(), storageType), shifted);
}

Value mlir::baracuda::buildQuantizeElements(OpBuilder &b, Location loc,
                                            Value x,
                                            const QuantizeGroupParams &params,
                                            IntegerType storageType,
                                            const QuantizeLowering &lowering) {
  Type resultType = withElementType(x.getType(), storageType);
  auto ifOp = scf::IfOp::create(
      b, loc, params.useFastPath,
      [&](OpBuilder &then, Location l) {
        scf::YieldOp::create(then, l,
                             buildQuantizeElementsFast(then, l, x, params,
                                                       storageType, lowering));
      },
      [&](OpBuilder &otherwise, Location l) {
        scf::YieldOp::create(otherwise, l,
                             buildQuantizeElementsExact(otherwise, l, x,
                                                        params, storageType));
      });
  assert(ifOp.getResult(0).getType() == resultType);
  (void)resultType;
  return ifOp.getResult(0);
}

Value mlir::baracuda::buildNumElements(OpBuilder &b, Location loc,
                                       Value buffer) {
  Value rows = memref::DimOp::create(b, loc, buffer, 0);
  Value cols = memref::DimOp::create(b, loc, buffer, 1);
  return arith::MulIOp::create(b, loc, rows, cols);
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
  Value flat = memref::CollapseShapeOp::create(
      b, loc,
      MemRefType::get({flatSize}, type.getElementType(),
                      MemRefLayoutAttrInterface(), type.getMemorySpace()),
      buffer, SmallVector<ReassociationIndices>{{0, 1}});
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
      MemRefType::get({ShapedType::kDynamic}, elementType, MemRefLayoutAttrInterface(), type.getMemorySpace());
  if (flat.getType() != dynamicType)
    flat = memref::CastOp::create(b, loc, dynamicType, flat);
  return flat;
}
