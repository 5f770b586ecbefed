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

/// Emits round-half-to-even of `value` (compute type, scalar or vector) to
/// i32 of the same shape, saturating values beyond the i32 range and mapping
/// NaN to 0.
using SaturatingRoundToI32Builder = Value (*)(OpBuilder &b, Location loc,
                                              Value value);

/// Emits the i32 elements of `value` (scalar or vector) saturated to the
/// range of 8-bit storage (signed, or unsigned where `isUnsigned`), as i8 of
/// the same shape.
using SaturatingNarrowToI8Builder = Value (*)(OpBuilder &b, Location loc,
                                              Value value, bool isUnsigned);

/// Returns `value` (float, scalar or vector) unchanged, in a form the
/// backend's compiler cannot see through.
using OpaqueValueBuilder = Value (*)(OpBuilder &b, Location loc, Value value);

/// What a backend contributes to the fast path.
struct QuantizeLowering {
  /// Null: the fast path rounds and clamps in the compute type and converts
  /// last (portable: x86 has single-instruction float min/max and rounding).
  /// Set: the fast path converts first, with this, and clamps in i32 (PTX
  /// cvt.rni.s32.f32 rounds, saturates and maps NaN to 0 in one instruction).
  SaturatingRoundToI32Builder saturatingRoundToI32 = nullptr;
  /// Null: nothing. Set: hides the division path's divisor (1 for a zero
  /// scale) from the optimizer. LLVM folds select(z, 0, x / select(z, 1,
  /// s)) into select(z, 0, x / s), which divides by the zero scale again;
  /// on the GPU that division takes div.rn's slow path (a branch per
  /// element) where the kernel meant to avoid it.
  OpaqueValueBuilder opaqueDivisor = nullptr;
  /// False: a returned f32 quotient without an exact reciprocal path
  /// (quantize_backward's dy / s for f32 data, and for bf16 data with an f32
  /// scale) divides. True: where the scale is one per group (not a parameter
  /// vector), it is RN(x * RN(1 / s)) plus one Markstein correction in f64,
  /// rounded once to f32, which is RN(x / s) for every pair of f32 values
  /// (docs/Semantics.md). On the GPU this replaces div.rn.f32, a branch per
  /// element, by f64 arithmetic; x86 divides f32 vectors faster than it
  /// would multiply vectors half as wide.
  bool wideReturnedQuotient = false;
  /// Null (either): quantize has the fast path's clamp to [q_min - zp,
  /// q_max - zp], zp and truncation only. Set (both, with
  /// saturatingRoundToI32): quantize also has a saturating path
  /// (QuantizePath::Saturating) for [q_min, q_max] the whole range of 8-bit
  /// storage and |zp| <= 2^14 (f32 compute type): rounded with saturation to
  /// the i16 range (saturatingRoundToI16, i32 results), zp added, the
  /// narrowing's saturation clamps. On the GPU: cvt.rni.s16.f32, an add and
  /// half a cvt.pack.sat per element, where the clamp takes two min/max,
  /// the add and a byte permute.
  SaturatingRoundToI32Builder saturatingRoundToI16 = nullptr;
  SaturatingNarrowToI8Builder saturatingNarrowToI8 = nullptr;
};

/// Values shared by all elements of one group, computed once per group.
///
/// Every group is quantized on one of two paths that compute the same bits
/// (docs/Semantics.md, "How the kernels compute it"):
///  - the exact path: IEEE division and 64-bit integer clamping; valid for
///    every scale and zero point;
///  - the fast path, taken where `useFastPath` holds: the clamp to
///    [q_min - zp, q_max - zp] is done on the rounded quotient, in the compute
///    type or in i32 (QuantizeLowering), and the divisions are replaced by a
///    product with the correctly rounded reciprocal plus fma corrections:
///    every quotient for f16 data and bf16 data with a bf16 scale, with one
///    correction (hasExactReciprocalQuotient); for bf16 data with an f32
///    scale the quotients that are rounded to an integer (x / s of quantize,
///    fake_quantize and the masks) with one, for f32 and f64 data with two
///    (getRoundedQuotientCorrections), while quantize_backward's returned
///    dy / s of these types divides. All are exact under the conditions
///    folded into `useFastPath`.
///
/// The per-parameter values are scalars (one parameter for a group of
/// elements) or vectors of the data's shape (one parameter per element: the
/// parameter-vector kernels); qMin, qMax and useFastPath are scalars (a
/// vector takes the fast path only when all its parameters allow it).
struct QuantizeGroupParams {
  // Exact path.
  Value scale;       ///< scale widened to the compute type
  Value isZeroScale; ///< i1: scale == 0 (then x / scale is taken as 0)
  Value zeroPoint;   ///< i64
  Value qMin;        ///< i64
  Value qMax;        ///< i64
  // Fast path.
  Value useFastPath; ///< i1
  /// The division's divisor: the scale, or 1 for a zero scale (whose
  /// quotient is then replaced by 0). Null where no fast-path quotient
  /// divides (hasExactReciprocalQuotient, or no returned quotient).
  Value divisor;
  /// RN(1 / reciprocalDivisor) in f64, where a returned f32 quotient is
  /// computed in f64 (QuantizeLowering::wideReturnedQuotient); else null.
  Value wideReciprocal;
  /// The reciprocal path's divisor: the scale, or +Inf for a zero scale
  /// (RN(1 / Inf) = 0: x * 0 is ±0 or NaN, both taken as 0).
  Value reciprocalDivisor;
  Value reciprocal; ///< RN(1 / reciprocalDivisor)
  /// Markstein corrections of x * reciprocal a rounded quotient takes
  /// (getRoundedQuotientCorrections).
  int roundedQuotientCorrections = 1;
  /// Whether x * reciprocal is finite for every finite x and every scale
  /// of the fast path, with |x - s * (x * reciprocal)| < 1
  /// (hasFiniteReciprocalProducts): a rounded quotient then needs no NaN
  /// select after its correction.
  bool finiteReciprocalProducts = false;
  // In the compute type, or in i32 where the backend converts with
  // saturation (QuantizeLowering).
  Value lowerBound;    ///< q_min - zp
  Value upperBound;    ///< q_max - zp
  Value fastZeroPoint; ///< zp
};

/// Whether one Markstein correction of the reciprocal product is exact for
/// every quotient of data of `inputType` and scales of `scaleType` (the
/// input type, or f32 for a per-tensor scale of 16-bit data), returned dy / s
/// included: for f16 data with either scale type and for bf16 data with a
/// bf16 scale, where unittests/testing/ReciprocalQuotientTest.cpp checks it.
/// For the other types the returned quotient divides (or is computed in f64,
/// QuantizeLowering::wideReturnedQuotient), and the scale range of the fast
/// path starts at 2^-100 instead of 2^-126 (f64: 2^-960).
bool hasExactReciprocalQuotient(FloatType inputType, FloatType scaleType);

/// Whether x * RN(1 / s) is finite for every finite x of `inputType` and
/// every |s| >= `minScale` of `scaleType`, and the residual x - s * RN(x *
/// RN(1 / s)) of each such x is below 1 in magnitude (it is a few ulps of x):
/// f16 data with an f16 scale (|x| <= 65504, |1 / s| <= 2^24). Then the
/// residual is NaN only for x = ±Inf or NaN and for a zero scale.
bool hasFiniteReciprocalProducts(FloatType inputType, FloatType scaleType,
                                 FloatType computeType, double minScale);

/// Markstein corrections a quotient that is rounded to an integer (x / s of
/// quantize, fake_quantize and the backward masks) takes on the fast path:
/// 1 for 16-bit data, whatever the scale type, 2 for f32 and f64 data.
int getRoundedQuotientCorrections(FloatType inputType);

/// Emits the per-group part of both paths from `scale` (the input element
/// type `inputType`, or the compute type for a scale passed by value) and
/// `zeroPoint` (i32), scalars or vectors of one shape, and scalar `qMin`,
/// `qMax` (i32). `returnsQuotient`: the elements' op returns a quotient
/// (quantize_backward's dy / s), for which the group's divisor is needed.
QuantizeGroupParams buildQuantizeGroupParams(OpBuilder &b, Location loc,
                                             Value scale, Value zeroPoint,
                                             Value qMin, Value qMax,
                                             FloatType inputType,
                                             bool returnsQuotient,
                                             const QuantizeLowering &lowering);

/// quantize's q = clamp(roundeven(v) + zp, qMin, qMax) with v = x / scale
/// (0 when scale == 0 or the quotient is NaN); ±Inf and huge quotients
/// saturate. `x` is a scalar or a vector of the input element type; each
/// path's result has the same shape with the signless storage type of
/// `quantizedType` (si8 / ui8 -> i8) as element type. The kernels choose
/// among the paths with FamilyElement.h's buildOnChosenPath.

/// The exact path alone (valid for every group).
Value buildQuantizeElementsExact(OpBuilder &b, Location loc, Value x,
                                 const QuantizeGroupParams &params,
                                 IntegerType quantizedType);

/// The fast path alone (valid only where `params.useFastPath` holds);
/// `lowering` must be the one `params` were built with.
Value buildQuantizeElementsFast(OpBuilder &b, Location loc, Value x,
                                const QuantizeGroupParams &params,
                                IntegerType quantizedType,
                                const QuantizeLowering &lowering);

/// i1: the saturating path computes quantize's bits for the elements of
/// `params`: the fast path holds, [q_min, q_max] is the whole range of
/// `quantizedType` and |zp| <= 2^14 (in every lane). Null where `lowering`
/// has no such path (QuantizeLowering::saturatingNarrowToI8) for these types
/// (8-bit storage, f32 compute type).
Value buildSaturatingPathCondition(OpBuilder &b, Location loc,
                                   const QuantizeGroupParams &params,
                                   IntegerType quantizedType,
                                   const QuantizeLowering &lowering);

/// The saturating path alone (valid only where buildSaturatingPathCondition
/// holds): the fast path's quotient rounded with saturation to the i16
/// range, zp added, narrowed with the storage type's saturation, which is
/// the clamp to [q_min, q_max] there.
Value buildQuantizeElementsSaturating(OpBuilder &b, Location loc, Value x,
                                      const QuantizeGroupParams &params,
                                      IntegerType quantizedType,
                                      const QuantizeLowering &lowering);

/// Which path an element builder emits: the fast one is valid only where
/// `QuantizeGroupParams::useFastPath` holds, and then computes the same bits
/// as the exact one; quantize's saturating path (a fast path without the
/// clamp) only where buildSaturatingPathCondition holds. The builders of
/// the other ops take Fast and Exact.
enum class QuantizePath { Saturating, Fast, Exact };

/// The mask of the backward ops: q_min <= roundeven(v) + zp <= q_max
/// (inclusive), v as in quantize (0 for a zero scale or a NaN quotient),
/// with the sum exact (no wrap-around for huge quotients or zero points).
/// i1 of x's shape.
Value buildInsideMask(OpBuilder &b, Location loc, Value x,
                      const QuantizeGroupParams &params, QuantizePath path,
                      const QuantizeLowering &lowering);

/// T(C(offset) * scale) for `offset` an integer (converted to the compute
/// type C of `scale` with one rounding at most) or a float (widened
/// exactly), `scale` in C, one multiply in C and one rounding to
/// `resultType` (element type). Scalar or vector.
Value buildScaledOffset(OpBuilder &b, Location loc, Value offset, Value scale,
                        FloatType resultType);

/// dequantize's per-parameter values from `scale` (compute type) and
/// `zeroPoint` (i32): `scale`, `zeroPoint` (i64) for the exact path,
/// `fastZeroPoint` (i32) and `useFastPath` (|zp| small enough that q - zp
/// fits in i32).
QuantizeGroupParams buildDequantizeParams(OpBuilder &b, Location loc,
                                          Value scale, Value zeroPoint);

/// dequantize: y = T(C(q - zp) * scale) with q - zp exact in the type of
/// `zeroPoint` (i64: always; i32: on the fast path). `q` holds signless
/// storage (extended as unsigned when `isUnsigned`), `scale` is in the
/// compute type.
Value buildDequantizeElements(OpBuilder &b, Location loc, Value q,
                              bool isUnsigned, Value scale, Value zeroPoint,
                              FloatType resultType);

/// fake_quantize: y = T(C(clamp(roundeven(v) + zp, q_min, q_max) - zp) * s),
/// in x's type.
Value buildFakeQuantizeElements(OpBuilder &b, Location loc, Value x,
                                const QuantizeGroupParams &params,
                                QuantizePath path,
                                const QuantizeLowering &lowering);

/// quantize_backward (straight-through): dx = inside(x) && s != 0 ?
/// T(C(dy) / C(s)) : +0, in dy's type (a select: +0 even for a NaN dy).
Value buildQuantizeBackwardElements(OpBuilder &b, Location loc, Value dy,
                                    Value x, const QuantizeGroupParams &params,
                                    QuantizePath path,
                                    const QuantizeLowering &lowering);

/// dequantize_backward: dq = T(C(dy) * scale), `scale` in the compute type.
Value buildDequantizeBackwardElements(OpBuilder &b, Location loc, Value dy,
                                      Value scale);

/// fake_quantize_backward: dx = inside(x) ? dy : +0 (no 1 / scale).
Value buildFakeQuantizeBackwardElements(OpBuilder &b, Location loc, Value dy,
                                        Value x,
                                        const QuantizeGroupParams &params,
                                        QuantizePath path,
                                        const QuantizeLowering &lowering);

/// The signless storage type of an integer element type (si8/ui8 -> i8).
IntegerType getStorageType(Type integerElementType);

/// Flattens an identity-layout buffer of any rank to memref<?xT>, with
/// signed/unsigned integers reinterpreted as their signless storage type (the
/// kernels only store bits; signedness is carried by q_min/q_max). Fails with a
/// diagnostic on non-contiguous layouts.
FailureOr<Value> flattenBufferForKernel(OpBuilder &b, Location loc,
                                        Value buffer);

/// Element count of a buffer of any rank as an index value.
Value buildNumElements(OpBuilder &b, Location loc, Value buffer);

} // namespace mlir::baracuda

#endif // BARACUDA_CONVERSION_QUANTIZECOMMON_QUANTIZEELEMENT_H
