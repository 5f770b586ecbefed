//===- ReferenceCheck.h - Bit-exact comparison with the host reference ----===//

#ifndef BARACUDA_TOOLS_BARACUDARUN_REFERENCECHECK_H
#define BARACUDA_TOOLS_BARACUDARUN_REFERENCECHECK_H

#include "RunProblem.h"

#include <cstdint>
#include <ostream>
#include <vector>

namespace baracuda::run {

/// Computes the problem with the independent host reference of the family
/// (baracuda/Testing/FamilyReference.h) and compares each of `outputs` with
/// it bit for bit (a NaN matches any NaN: payloads differ between devices).
/// Prints up to `maxReported` mismatches (coordinates, the element's
/// operands, got and want) to `os`; returns the number of elements that
/// differ in any output. Throws std::invalid_argument when the reference
/// rejects the problem (one outside the family).
int64_t checkAgainstReference(const RunProblem &problem,
                              const std::vector<std::vector<uint8_t>> &outputs,
                              std::ostream &os, int maxReported = 10);

} // namespace baracuda::run

#endif // BARACUDA_TOOLS_BARACUDARUN_REFERENCECHECK_H
