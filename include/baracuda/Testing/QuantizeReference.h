//===- QuantizeReference.h - Scalar reference of quantize_per_group -------===//
//
// MLIR-free. An independent, deliberately simple host implementation of
// `quantize_per_group`, used by tests and `baracuda-run --check` to judge the
// generated kernels bit for bit. It shares only the descriptor and element
// kinds with the compiler, never its lowering, so a bug in one is not copied
// into the other.
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
