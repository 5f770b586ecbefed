//===- FamilyElement.cpp - Element functions of the family ----------------===//

#include "baracuda/Conversion/QuantizeCommon/FamilyElement.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/IR/TypeUtilities.h"

using namespace mlir;
using namespace mlir::baracuda;
using ::baracuda::FamilyOp;

FamilyParams FamilyElementFunction::buildParams(OpBuilder &b, Location loc,
                                                ValueRange params, Value qMin,
                                                Value qMax) const {
  FamilyParams result;
  FloatType computeType = spec.getComputeType();
  // Scalar parameters, or vectors of them (parameter-vector kernels).
  auto widen = [&](Value scale) -> Value {
    if (getElementTypeOrSelf(scale.getType()) == computeType)
      return scale;
    Type type = computeType;
    if (auto vectorType = dyn_cast<VectorType>(scale.getType()))
      type = vectorType.clone(computeType);
    return arith::ExtFOp::create(b, loc, type, scale);
  };
  switch (spec.op) {
  case FamilyOp::DequantizeBackward:
    result.quantize.scale = widen(params[0]);
    return result;
  case FamilyOp::Dequantize:
    result.quantize =
        buildDequantizeParams(b, loc, widen(params[0]), params[1]);
    result.useFastPath = result.quantize.useFastPath;
    return result;
  case FamilyOp::Quantize:
  case FamilyOp::QuantizeBackward:
  case FamilyOp::FakeQuantize:
  case FamilyOp::FakeQuantizeBackward:
    result.quantize = buildQuantizeGroupParams(
        b, loc, params[0], params[1], qMin, qMax, spec.floatType,
        /*returnsQuotient=*/spec.op == FamilyOp::QuantizeBackward, lowering);
    result.useFastPath = result.quantize.useFastPath;
    return result;
  }
  llvm_unreachable("unknown family op");
}

Value FamilyElementFunction::build(OpBuilder &b, Location loc, ValueRange data,
                                   const FamilyParams &params,
                                   QuantizePath path) const {
  const QuantizeGroupParams &p = params.quantize;
  switch (spec.op) {
  case FamilyOp::Quantize: {
    IntegerType storage = getStorageType(spec.quantizedType);
    return path == QuantizePath::Fast
               ? buildQuantizeElementsFast(b, loc, data[0], p, storage,
                                           lowering)
               : buildQuantizeElementsExact(b, loc, data[0], p, storage);
  }
  case FamilyOp::Dequantize:
    return buildDequantizeElements(
        b, loc, data[0], spec.quantizedType.isUnsigned(), p.scale,
        path == QuantizePath::Fast ? p.fastZeroPoint : p.zeroPoint,
        spec.floatType);
  case FamilyOp::QuantizeBackward:
    return buildQuantizeBackwardElements(b, loc, data[0], data[1], p, path,
                                         lowering);
  case FamilyOp::DequantizeBackward:
    return buildDequantizeBackwardElements(b, loc, data[0], p.scale);
  case FamilyOp::FakeQuantize:
    return buildFakeQuantizeElements(b, loc, data[0], p, path, lowering);
  case FamilyOp::FakeQuantizeBackward:
    return buildFakeQuantizeBackwardElements(b, loc, data[0], data[1], p, path,
                                             lowering);
  }
  llvm_unreachable("unknown family op");
}

Value FamilyElementFunction::buildEitherPath(OpBuilder &b, Location loc,
                                             ValueRange data,
                                             const FamilyParams &params) const {
  if (!params.useFastPath)
    return build(b, loc, data, params, QuantizePath::Exact);
  auto ifOp = scf::IfOp::create(
      b, loc, params.useFastPath,
      [&](OpBuilder &then, Location l) {
        scf::YieldOp::create(then, l,
                             build(then, l, data, params, QuantizePath::Fast));
      },
      [&](OpBuilder &otherwise, Location l) {
        scf::YieldOp::create(
            otherwise, l,
            build(otherwise, l, data, params, QuantizePath::Exact));
      });
  return ifOp.getResult(0);
}

void mlir::baracuda::buildOnChosenPath(
    OpBuilder &b, Location loc, const FamilyParams &params,
    function_ref<void(OpBuilder &, Location, QuantizePath)> buildCode) {
  if (!params.useFastPath) {
    buildCode(b, loc, QuantizePath::Exact);
    return;
  }
  scf::IfOp::create(
      b, loc, params.useFastPath,
      [&](OpBuilder &then, Location l) {
        buildCode(then, l, QuantizePath::Fast);
        scf::YieldOp::create(then, l);
      },
      [&](OpBuilder &otherwise, Location l) {
        buildCode(otherwise, l, QuantizePath::Exact);
        scf::YieldOp::create(otherwise, l);
      });
}
