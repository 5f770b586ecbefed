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

  /// The result, choosing the path per call: both behind an scf.if on
  /// `params.useFastPath`, or the single path.
  Value buildEitherPath(OpBuilder &b, Location loc, ValueRange data,
                        const FamilyParams &params) const;

  const FamilyKernelSpec &getSpec() const { return spec; }

private:
  const FamilyKernelSpec &spec;
  QuantizeLowering lowering;
};

/// Emits `buildCode` once per path `params` may take, chosen once, around
/// all of it: on the exact path alone where `params` has a single path,
/// else behind one scf.if on `params.useFastPath` (the kernels' loops, with
/// parameters prepared once for all their elements).
void buildOnChosenPath(
    OpBuilder &b, Location loc, const FamilyParams &params,
    function_ref<void(OpBuilder &, Location, QuantizePath)> buildCode);

} // namespace mlir::baracuda

#endif // BARACUDA_CONVERSION_QUANTIZECOMMON_FAMILYELEMENT_H
