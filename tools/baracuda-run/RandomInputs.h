//===- RandomInputs.h - Random quantize_per_group operands with edges -----===//

#ifndef BARACUDA_TOOLS_BARACUDARUN_RANDOMINPUTS_H
#define BARACUDA_TOOLS_BARACUDARUN_RANDOMINPUTS_H

#include "QuantizeProblem.h"

#include <cstdint>

namespace baracuda::run {

/// Sizes and fills input, scale and zero_point of `problem` (whose desc must
/// be valid) with random data from `seed`: ordinary values spread a little
/// beyond the quantized range, plus edge cases at fixed rates: exact .5 ties,
/// +-0, +-Inf, NaN, denormals, the largest finite value; zero, negative,
/// denormal, NaN and Inf scales; zero points at the int32 extremes and just
/// outside [q_min, q_max]. The generator is hand-rolled (splitmix64) so that
/// one seed means the same data on every machine.
void fillRandomQuantizeInputs(QuantizeProblem &problem, uint64_t seed);

} // namespace baracuda::run

#endif // BARACUDA_TOOLS_BARACUDARUN_RANDOMINPUTS_H
