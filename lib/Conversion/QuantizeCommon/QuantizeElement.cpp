//===- QuantizeElement.cpp - Quantization arithmetic, one source ----------===//

#include "baracuda/Conversion/QuantizeCommon/QuantizeElement.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/TypeUtilities.h"

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

QuantizeGroupParams mlir::baracuda::buildQuantizeGroupParams(
    OpBuilder &b, Location loc, Value scale, Value zeroPoint, Value qMin,
    Value qMax) {
  auto inputType = cast<FloatType>(scale.getType());
  FloatType computeType = getQuantizeComputeType(inputType);
  IntegerType i64 = b.getI64Type();

  QuantizeGroupParams params;
  params.scale = inputType == computeType
                     ? scale
                     : arith::ExtFOp::create(b, loc, computeType, scale)
                           .getResult();
  Value zero = arith::ConstantOp::create(b, loc, b.getFloatAttr(computeType, 0.0));
  params.isZeroScale = arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OEQ,
                                             params.scale, zero);
  params.zeroPoint = arith::ExtSIOp::create(b, loc, i64, zeroPoint);
  params.qMin = arith::ExtSIOp::create(b, loc, i64, qMin);
  params.qMax = arith::ExtSIOp::create(b, loc, i64, qMax);
  return params;
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

Value mlir::baracuda::buildQuantizeElements(OpBuilder &b, Location loc,
                                            Value x,
                                            const QuantizeGroupParams &params,
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
  Value isNan =
      arith::CmpFOp::create(b, loc, arith::CmpFPredicate::UNO, v, v);
  v = arith::SelectOp::create(b, loc, isNan, zero, v);

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
  Value flat = memref::CollapseShapeOp::create(
      b, loc, buffer, SmallVector<ReassociationIndices>{{0, 1}});
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
