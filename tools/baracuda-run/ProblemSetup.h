//===- ProblemSetup.h - Build the problem baracuda-run was asked for ------===//

#ifndef BARACUDA_TOOLS_BARACUDARUN_PROBLEMSETUP_H
#define BARACUDA_TOOLS_BARACUDARUN_PROBLEMSETUP_H

#include "RunOptions.h"
#include "RunProblem.h"

#include <string>

namespace baracuda::run {

/// Builds the problem from the options: random inputs with edge cases, or
/// the operands read from .npy files. The descriptor and shapes go through
/// the runtime's rules (QuantizeDescriptorRules.h, QuantizeFamilyRules.h),
/// so a bad descriptor is rejected with the rule's message. On failure
/// returns false with `error` set.
bool setUpProblem(const RunOptions &options, RunProblem &problem,
                  std::string &error);

} // namespace baracuda::run

#endif // BARACUDA_TOOLS_BARACUDARUN_PROBLEMSETUP_H
