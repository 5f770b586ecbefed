//===- RandomInputs.h - Random operands of a family op, with edges -----===//

#ifndef BARACUDA_TOOLS_BARACUDARUN_RANDOMINPUTS_H
#define BARACUDA_TOOLS_BARACUDARUN_RANDOMINPUTS_H

#include "RunProblem.h"

#include <cstdint>

namespace baracuda::run {

/// Sizes and fills the input operands of `problem` (whose family problem
/// must be valid) from the family table, with random data from `seed`:
/// ordinary values spread a little beyond the quantized range, plus edge
/// cases at fixed rates: exact .5 ties, values whose rounding lands exactly
/// on q_min / q_max and half a step beyond, +-0, +-Inf, NaN, denormals, the
/// largest finite value; zero, negative, denormal, NaN and Inf scales; zero
/// points at the int32 extremes and just outside [q_min, q_max]; every
/// quantized value including the type's extremes; gradients with the same
/// special values. The generator is hand-rolled (splitmix64) so that one
/// seed means the same data on every machine.
void fillRandomInputs(RunProblem &problem, uint64_t seed);

} // namespace baracuda::run

#endif // BARACUDA_TOOLS_BARACUDARUN_RANDOMINPUTS_H
