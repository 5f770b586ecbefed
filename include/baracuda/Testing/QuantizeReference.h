//===- QuantizeReference.h - Scalar reference of the quantization family --===//
//
// MLIR-free. An independent, deliberately simple host implementation of the
// element semantics of the quantization family (docs/Semantics.md), used by
// tests and `baracuda-run --check` to judge the generated kernels bit for bit.
// It shares only the descriptor and element kinds with the compiler, never its
// lowering, so a bug in one is not copied into the other. The whole-tensor
// driver over the four parameter layouts is in FamilyReference.h.
//
// Every floating operation is done in a format with more than twice the
// compute type's precision and rounded once into the compute type: products
// of two compute-type values are exact there, and quotients rounded twice
// that way are still correctly rounded (Figueroa: 53 >= 2 * 24 + 2 for f32 in
// double, 113 >= 2 * 53 + 2 for f64 in binary128). So the reference never
// relies on the host doing f32 or f64 arithmetic the way a kernel does.
//
//===----------------------------------------------------------------------===//

#ifndef BARACUDA_TESTING_QUANTIZEREFERENCE_H
#define BARACUDA_TESTING_QUANTIZEREFERENCE_H

#include "baracuda/Rules/QuantizePerGroupRules.h"
#include "baracuda/Support/ElementKind.h"

#include <cstdint>

namespace baracuda::testing {

/// Quantizes one element. `x` and `scale` are the input and scale already
/// widened (exactly) from the input dtype; `input` picks the compute type:
/// double for f64, float for f32/f16/bf16 (the division is done in float).
///
///   v = scale == 0 ? 0 : x / scale     (IEEE, round to nearest even)
///   v = isnan(v) ? 0 : v
///   r = round half to even(v)
///   q = clamp(r + zeroPoint, qMin, qMax)   (exact sum; +-Inf saturates)
///
/// Requires qMin <= qMax.
int32_t quantizeOne(double x, double scale, int32_t zeroPoint, int32_t qMin,
                    int32_t qMax, ElementKind input);

/// Element functions of the other five ops. `x`, `dy` and `scale` are values
/// of the input type T (`input`) widened exactly to double, `scale` may also
/// be any value exact in the compute type C (f64 for f64 T, f32 otherwise):
/// per-tensor scales arrive in C. Each returns its T-typed result widened
/// exactly to double (the sign of zero and NaN preserved).

/// Whether the backward ops let the gradient through: with v as in
/// quantizeOne (0 for a zero scale or a NaN quotient), r = round half to
/// even(v) + zeroPoint taken exactly, inside = qMin <= r <= qMax (inclusive).
/// +-Inf quotients are outside.
bool insideQuantizeRange(double x, double scale, int32_t zeroPoint,
                         int32_t qMin, int32_t qMax, ElementKind input);

/// y = T(C(q - zeroPoint) * C(scale)): q - zeroPoint exact, one rounding to
/// C, one multiply in C, one rounding to T. IEEE: NaN/Inf scales propagate
/// and (q - zp) = 0 with a negative scale gives -0.
double dequantizeOne(int64_t q, int32_t zeroPoint, double scale,
                     ElementKind input);

/// dx = inside && C(scale) != 0 ? T(C(dy) / C(scale)) : +0 (a select: a NaN
/// dy outside the range gives +0).
double quantizeBackwardOne(double dy, double x, double scale, int32_t zeroPoint,
                           int32_t qMin, int32_t qMax, ElementKind input);

/// dq = T(C(dy) * C(scale)).
double dequantizeBackwardOne(double dy, double scale, ElementKind input);

/// y = dequantizeOne(quantizeOne(x, ...), zeroPoint, scale): the clamped q is
/// an i32 in [qMin, qMax] (no storage type), then dequantized.
double fakeQuantizeOne(double x, double scale, int32_t zeroPoint, int32_t qMin,
                       int32_t qMax, ElementKind input);

/// dx = inside ? dy : +0 (a select, no 1/scale; a zero scale is inside iff
/// qMin <= zeroPoint <= qMax).
double fakeQuantizeBackwardOne(double dy, double x, double scale,
                               int32_t zeroPoint, int32_t qMin, int32_t qMax,
                               ElementKind input);

/// Quantizes a whole [outer_size, axis_size] problem on the host. `input` and
/// `scale` hold elements of `desc.input_element` (f16/bf16 as raw 16-bit
/// words), `output` receives `desc.output_element` (int8_t or uint8_t); all
/// are dense row-major. Element (r, c) uses scale/zero_point (r, c / group).
/// Throws std::invalid_argument with the broken rule when `desc` is invalid.
void quantizePerGroupReference(const QuantizePerGroupDescriptor &desc,
                               const void *input, const void *scale,
                               const int32_t *zeroPoint, void *output);

/// IEEE binary16 <-> binary32. floatToHalf rounds to nearest even, keeps
/// denormals, overflows to +-Inf and keeps NaN a (quiet) NaN.
float halfToFloat(uint16_t bits);
uint16_t floatToHalf(float value);

/// bfloat16 <-> binary32. floatToBf16 rounds to nearest even and keeps NaN a
/// (quiet) NaN.
float bf16ToFloat(uint16_t bits);
uint16_t floatToBf16(float value);

} // namespace baracuda::testing

#endif // BARACUDA_TESTING_QUANTIZEREFERENCE_H
