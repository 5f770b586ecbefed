//===- QuantizeElement.h - Quantization arithmetic, one source --*- C++ -*-===//
//
// The per-element semantics of the quantize family, emitted as arith/math ops.
// Both the GPU and the CPU lowering call these builders, so the two backends
// compute the same bits by construction (docs/Semantics.md).
//
//===----------------------------------------------------------------------===//

#ifndef BARACUDA_CONVERSION_QUANTIZECOMMON_QUANTIZEELEMENT_H
#define BARACUDA_CONVERSION_QUANTIZECOMMON_QUANTIZEELEMENT_H

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Value.h"

namespace mlir::baracuda {

/// f64 for f64 input, f32 for f32/f16/bf16 input (which widen exactly).
FloatType getQuantizeComputeType(FloatType inputElementType);

/// Values shared by all elements of one group, computed once per group.
struct QuantizeGroupParams {
  Value scale;       ///< scale widened to the compute type
  Value isZeroScale; ///< i1: scale == 0 (then x / scale is taken as 0)
  Value zeroPoint;   ///< i64
  Value qMin;        ///< i64
  Value qMax;        ///< i64
};

/// Emits the per-group part: widening of `scale` (input element type) and the
/// i64 forms of `zeroPoint`, `qMin`, `qMax` (all i32).
QuantizeGroupParams buildQuantizeGroupParams(OpBuilder &b, Location loc,
                                             Value scale, Value zeroPoint,
                                             Value qMin, Value qMax);

/// Emits q = clamp(roundeven(v) + zp, qMin, qMax) with v = x / scale (0 when
/// scale == 0 or the quotient is NaN); ±Inf and huge quotients saturate.
/// `x` is a scalar or a vector of the input element type; the result has the
/// same shape with element type `storageType` (a signless integer).
Value buildQuantizeElements(OpBuilder &b, Location loc, Value x,
                            const QuantizeGroupParams &params,
                            IntegerType storageType);

/// The signless storage type of an integer element type (si8/ui8 -> i8).
IntegerType getStorageType(Type integerElementType);

/// Flattens a 2-D identity-layout buffer to memref<?xT>, with signed/unsigned
/// integers reinterpreted as their signless storage type (the kernels only
/// store bits; signedness is carried by q_min/q_max). Fails with a diagnostic
/// on non-contiguous layouts.
FailureOr<Value> flattenBufferForKernel(OpBuilder &b, Location loc,
                                        Value buffer);

/// Element count of a 2-D buffer as an index value.
Value buildNumElements(OpBuilder &b, Location loc, Value buffer);

} // namespace mlir::baracuda

#endif // BARACUDA_CONVERSION_QUANTIZECOMMON_QUANTIZEELEMENT_H
