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
///
/// Every group is quantized on one of two paths that compute the same bits
/// (docs/Semantics.md, "How the kernels compute it"):
///  - the exact path: IEEE division and 64-bit integer clamping; valid for
///    every scale and zero point;
///  - the fast path, taken where `useFastPath` holds: the clamp to
///    [q_min - zp, q_max - zp] is done on the rounded quotient in the compute
///    type, and for f16/bf16 input the division is replaced by a product with
///    the correctly rounded reciprocal plus one fma correction. Both are exact
///    under the conditions folded into `useFastPath`.
struct QuantizeGroupParams {
  // Exact path.
  Value scale;       ///< scale widened to the compute type
  Value isZeroScale; ///< i1: scale == 0 (then x / scale is taken as 0)
  Value zeroPoint;   ///< i64
  Value qMin;        ///< i64
  Value qMax;        ///< i64
  // Fast path.
  Value useFastPath; ///< i1
  Value reciprocal;  ///< RN(1 / scale); null when the fast path divides
  Value lowerBound;  ///< compute type: q_min - zp (clamp(0) for a zero scale)
  Value upperBound;  ///< compute type: q_max - zp (clamp(0) for a zero scale)
  Value zeroPointF;  ///< compute type: zp
};

/// Emits the per-group part of both paths from `scale` (input element type)
/// and `zeroPoint`, `qMin`, `qMax` (all i32).
QuantizeGroupParams buildQuantizeGroupParams(OpBuilder &b, Location loc,
                                             Value scale, Value zeroPoint,
                                             Value qMin, Value qMax);

/// Emits q = clamp(roundeven(v) + zp, qMin, qMax) with v = x / scale (0 when
/// scale == 0 or the quotient is NaN); ±Inf and huge quotients saturate.
/// `x` is a scalar or a vector of the input element type; the result has the
/// same shape with element type `storageType` (a signless integer).
/// Branches between the fast and the exact path on `params.useFastPath`.
Value buildQuantizeElements(OpBuilder &b, Location loc, Value x,
                            const QuantizeGroupParams &params,
                            IntegerType storageType);

/// The exact path alone (valid for every group).
Value buildQuantizeElementsExact(OpBuilder &b, Location loc, Value x,
                                 const QuantizeGroupParams &params,
                                 IntegerType storageType);

/// The fast path alone (valid only where `params.useFastPath` holds).
Value buildQuantizeElementsFast(OpBuilder &b, Location loc, Value x,
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
