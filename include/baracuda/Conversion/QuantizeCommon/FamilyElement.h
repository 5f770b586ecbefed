//===- FamilyElement.h - Element functions of the family --------*- C++ -*-===//
//
// The element function of each op of the quantization family, behind one
// interface the kernel skeletons of both lowerings call: per parameter index
// the parameters are prepared once (buildParams), per element or vector the
// result is computed (build). The arithmetic itself is in QuantizeElement.h.
//
//===----------------------------------------------------------------------===//

#ifndef BARACUDA_CONVERSION_QUANTIZECOMMON_FAMILYELEMENT_H
#define BARACUDA_CONVERSION_QUANTIZECOMMON_FAMILYELEMENT_H

#include "baracuda/Conversion/QuantizeCommon/FamilyKernelAbi.h"
#include "baracuda/Conversion/QuantizeCommon/QuantizeElement.h"

namespace mlir::baracuda {

/// The values shared by all elements of one parameter index.
struct FamilyParams {
  /// For the ops with a range: the quantize parameters (both paths); for
  /// dequantize those of buildDequantizeParams; for dequantize_backward only
  /// `quantize.scale` (compute type).
  QuantizeGroupParams quantize;
  /// i1: the fast path computes the same bits here; null for the op with a
  /// single path (dequantize_backward).
  Value useFastPath;
  /// i1: quantize's saturating path computes the same bits here (it implies
  /// useFastPath; buildSaturatingPathCondition); null where the op or the
  /// backend has none.
  Value useSaturatingPath;
};

/// The conditions of the paths one choice is made for: those of one
/// FamilyParams, or all of several (a kernel step's items).
struct PathConditions {
  Value saturating; ///< i1, or null: no saturating path
  Value fast;       ///< i1, or null: the exact path alone
  static PathConditions of(const FamilyParams &params) {
    return {params.useSaturatingPath, params.useFastPath};
  }
  /// Both this and `other` hold (a null condition is never taken).
  PathConditions andAlso(OpBuilder &b, Location loc,
                         const PathConditions &other) const;
};

/// The element function of one kernel spec for one backend.
class FamilyElementFunction {
public:
  FamilyElementFunction(const FamilyKernelSpec &spec,
                        const QuantizeLowering &lowering)
      : spec(spec), lowering(lowering) {}

  /// Prepares the parameters from `params`, the values of the spec's
  /// parameter operands in order (scale in T, or in C by value; zero point
  /// i32), and q_min / q_max (i32).
  FamilyParams buildParams(OpBuilder &b, Location loc, ValueRange params,
                           Value qMin, Value qMax) const;

  /// The result for `data`, the values of the spec's data operands in order
  /// (scalars, or vectors of one width), on `path` (ignored by the ops with
  /// a single path). Its element type is the result operand's.
  Value build(OpBuilder &b, Location loc, ValueRange data,
              const FamilyParams &params, QuantizePath path) const;

  /// The result, choosing the path per call behind scf.if's on the
  /// conditions of `params` (buildOnChosenPath), or the single path.
  Value buildEitherPath(OpBuilder &b, Location loc, ValueRange data,
                        const FamilyParams &params) const;

  const FamilyKernelSpec &getSpec() const { return spec; }

private:
  const FamilyKernelSpec &spec;
  QuantizeLowering lowering;
};

/// Emits `buildCode` once per path `conditions` allow, chosen once, around
/// all of it: the saturating path where its condition holds, else the fast
/// path where its condition holds, else the exact path, behind nested
/// scf.if's (none where the exact path is the only one). What `buildCode`
/// returns (the same types on every path), the choice returns.
SmallVector<Value> buildOnChosenPath(
    OpBuilder &b, Location loc, const PathConditions &conditions,
    function_ref<SmallVector<Value>(OpBuilder &, Location, QuantizePath)>
        buildCode);

/// The same without results, for the paths of `params` (the kernels' loops,
/// with parameters prepared once for all their elements).
void buildOnChosenPath(
    OpBuilder &b, Location loc, const FamilyParams &params,
    function_ref<void(OpBuilder &, Location, QuantizePath)> buildCode);

} // namespace mlir::baracuda

#endif // BARACUDA_CONVERSION_QUANTIZECOMMON_FAMILYELEMENT_H
