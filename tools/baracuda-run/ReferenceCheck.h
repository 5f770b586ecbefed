//===- ReferenceCheck.h - Bit-exact comparison with the host reference ----===//

#ifndef BARACUDA_TOOLS_BARACUDARUN_REFERENCECHECK_H
#define BARACUDA_TOOLS_BARACUDARUN_REFERENCECHECK_H

#include "QuantizeProblem.h"

#include <cstdint>
#include <ostream>
#include <vector>

namespace baracuda::run {

/// Runs the host reference on `problem` (on all cores) and compares `output`
/// (raw bytes of desc.output_element) with it bit for bit. Prints the first
/// `maxReported` mismatches to `os` as "[row, col] x=... scale=... zp=...
/// got=... want=..." and returns how many elements differ.
int64_t checkAgainstReference(const QuantizeProblem &problem,
                              const std::vector<uint8_t> &output,
                              std::ostream &os, int maxReported = 10);

} // namespace baracuda::run

#endif // BARACUDA_TOOLS_BARACUDARUN_REFERENCECHECK_H
