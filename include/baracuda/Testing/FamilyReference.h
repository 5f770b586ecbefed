//===- FamilyReference.h - Host reference of the quantization family ------===//
//
// MLIR-free. Runs any op of the quantization family on host buffers, for any
// parameter layout, element by element with the scalar reference of
// QuantizeReference.h. Used by the runtime tests and `baracuda-run --check`
// to judge the kernels bit for bit. It walks the tensor with a coordinate
// odometer and picks each element's parameter from its coordinates, not from
// the kernels' `(i / block) % period`, so an indexing bug there is not copied
// here.
//
//===----------------------------------------------------------------------===//

#ifndef BARACUDA_TESTING_FAMILYREFERENCE_H
#define BARACUDA_TESTING_FAMILYREFERENCE_H

#include "baracuda/Rules/QuantizeFamilyRules.h"
#include "baracuda/Support/ElementKind.h"

#include <cstdint>
#include <vector>

namespace baracuda::testing {

// The ops (FamilyOp) and the parameter layouts (ParameterLayout) are the
// rules' names for them (QuantizeFamilyRules.h); the reference uses only the
// names, not the rules' index map or checks:
//   per_tensor: one scalar pair for the whole tensor (any rank);
//   per_channel<axis>: params [shape[axis]], an element uses its coordinate
//     along `axis` (any rank >= 1, 0 <= axis < rank);
//   per_token: data [n, d], params [n], element (t, c) uses t;
//   per_group<size>: data [outer, axis], params [outer, axis / size],
//     element (r, c) uses (r, c / size).

/// One problem of the family.
struct FamilyProblem {
  FamilyOp op = FamilyOp::Quantize;
  ParameterLayout layout;
  /// Shape of the data tensors (x, q, dy, and the result): all one shape.
  std::vector<int64_t> shape;
  /// T: f32, f64, f16 or bf16 (x, dy, y, dx and tensor scales).
  ElementKind floatElement = ElementKind::F32;
  /// s8 or u8: the result of quantize, the input of dequantize; unused by
  /// the other ops.
  ElementKind quantElement = ElementKind::S8;
  /// The range of the ops that have one (familyOpHasRange); ignored by the
  /// others.
  int32_t qMin = 0;
  int32_t qMax = 0;
};

/// Host buffers of one problem, all dense row-major; f16/bf16 as raw 16-bit
/// words, q as int8_t/uint8_t. Which ones an op reads:
///   quantize, fake_quantize:              x, scale, zeroPoint -> out
///   dequantize:                           q, scale, zeroPoint -> out
///   quantize_backward,
///   fake_quantize_backward:               dy, x, scale, zeroPoint -> out
///   dequantize_backward:                  dy, scale -> out
/// Per-tensor problems take scalarScale / scalarZeroPoint instead of the
/// scale / zeroPoint arrays; scalarScale is the compute-type value C (f64 for
/// f64 T, f32 otherwise: it must then be exact in f32, and it is used as
/// given, not rounded to T).
struct FamilyBuffers {
  const void *x = nullptr;
  const void *q = nullptr;
  const void *dy = nullptr;
  const void *scale = nullptr;
  const int32_t *zeroPoint = nullptr;
  double scalarScale = 0.0;
  int32_t scalarZeroPoint = 0;
  void *out = nullptr;
};

/// Binds `ins` given in the op's operand order (the IR's and the kernels':
/// quantize x, scale, zero_point; dequantize q, scale, zero_point;
/// quantize_backward and fake_quantize_backward dy, x, scale, zero_point;
/// dequantize_backward dy, scale; fake_quantize x, scale, zero_point) and
/// `out`. For per_tensor the scale and zero_point entries point to host
/// scalars: a C (float, or double for f64 T) and an int32_t. Throws
/// std::invalid_argument when `ins` has the wrong count.
FamilyBuffers familyBuffersInOperandOrder(const FamilyProblem &problem,
                                          const std::vector<const void *> &ins,
                                          void *out);

/// Elements of the data tensors (product of `shape`).
int64_t familyNumElements(const FamilyProblem &problem);

/// Elements of the scale / zero-point arrays (1 for per_tensor, whose
/// parameters are scalars).
int64_t familyParamCount(const FamilyProblem &problem);

/// Computes `problem` on the host into `buffers.out`. An empty problem reads
/// and writes nothing. Throws std::invalid_argument naming the broken rule
/// and its numbers when the problem is not one the family defines: T not a
/// float kind, q not s8/u8, a negative size, an element count overflowing
/// int64, per_channel axis outside [0, rank), per_token/per_group data not of
/// rank 2, group size not positive or not dividing the axis, q_min > q_max
/// for an op with a range, a quantize range outside the q type, a per-tensor
/// scale not exact in f32 for non-f64 T, or a null buffer the op reads.
void referenceFamily(const FamilyProblem &problem,
                     const FamilyBuffers &buffers);

} // namespace baracuda::testing

#endif // BARACUDA_TESTING_FAMILYREFERENCE_H
