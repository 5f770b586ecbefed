//===- FamilyElement.cpp - Element functions of the family ----------------===//

#include "baracuda/Conversion/QuantizeCommon/FamilyElement.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/IR/TypeUtilities.h"

#include <functional>

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
    if (spec.op == FamilyOp::Quantize)
      result.useSaturatingPath = buildSaturatingPathCondition(
          b, loc, result.quantize, spec.quantizedType, lowering);
    return result;
  }
  llvm_unreachable("unknown family op");
}

Value FamilyElementFunction::build(OpBuilder &b, Location loc, ValueRange data,
                                   const FamilyParams &params,
                                   QuantizePath path) const {
  const QuantizeGroupParams &p = params.quantize;
  assert((path != QuantizePath::Saturating || spec.op == FamilyOp::Quantize) &&
         "only quantize has a saturating path");
  switch (spec.op) {
  case FamilyOp::Quantize:
    switch (path) {
    case QuantizePath::Saturating:
      return buildQuantizeElementsSaturating(b, loc, data[0], p,
                                             spec.quantizedType, lowering);
    case QuantizePath::Fast:
      return buildQuantizeElementsFast(b, loc, data[0], p, spec.quantizedType,
                                       lowering);
    case QuantizePath::Exact:
      return buildQuantizeElementsExact(b, loc, data[0], p,
                                        spec.quantizedType);
    }
    llvm_unreachable("unknown path");
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
  return buildOnChosenPath(b, loc, PathConditions::of(params),
                           [&](OpBuilder &pb, Location l, QuantizePath path) {
                             return SmallVector<Value>{
                                 build(pb, l, data, params, path)};
                           })
      .front();
}

PathConditions PathConditions::andAlso(OpBuilder &b, Location loc,
                                       const PathConditions &other) const {
  auto both = [&](Value lhs, Value rhs) -> Value {
    if (!lhs || !rhs)
      return {};
    return arith::AndIOp::create(b, loc, lhs, rhs);
  };
  return {both(saturating, other.saturating), both(fast, other.fast)};
}

SmallVector<Value> mlir::baracuda::buildOnChosenPath(
    OpBuilder &b, Location loc, const PathConditions &conditions,
    function_ref<SmallVector<Value>(OpBuilder &, Location, QuantizePath)>
        buildCode) {
  SmallVector<std::pair<Value, QuantizePath>> choices;
  if (conditions.saturating)
    choices.push_back({conditions.saturating, QuantizePath::Saturating});
  if (conditions.fast)
    choices.push_back({conditions.fast, QuantizePath::Fast});
  // The first choice whose condition holds, else the exact path; the
  // branches' results are inferred from what their regions yield.
  std::function<SmallVector<Value>(OpBuilder &, Location, size_t)> choose =
      [&](OpBuilder &cb, Location l, size_t i) -> SmallVector<Value> {
    if (i == choices.size())
      return buildCode(cb, l, QuantizePath::Exact);
    auto ifOp = scf::IfOp::create(
        cb, l, choices[i].first,
        [&](OpBuilder &then, Location tl) {
          scf::YieldOp::create(then, tl,
                               buildCode(then, tl, choices[i].second));
        },
        [&](OpBuilder &otherwise, Location ol) {
          scf::YieldOp::create(otherwise, ol, choose(otherwise, ol, i + 1));
        });
    return llvm::to_vector_of<Value>(ifOp.getResults());
  };
  return choose(b, loc, 0);
}

void mlir::baracuda::buildOnChosenPath(
    OpBuilder &b, Location loc, const FamilyParams &params,
    function_ref<void(OpBuilder &, Location, QuantizePath)> buildCode) {
  buildOnChosenPath(b, loc, PathConditions::of(params),
                    [&](OpBuilder &pb, Location l, QuantizePath path) {
                      buildCode(pb, l, path);
                      return SmallVector<Value>{};
                    });
}
