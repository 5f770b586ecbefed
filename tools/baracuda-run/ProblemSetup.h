//===- ProblemSetup.h - Build the problem baracuda-run was asked for ------===//

#ifndef BARACUDA_TOOLS_BARACUDARUN_PROBLEMSETUP_H
#define BARACUDA_TOOLS_BARACUDARUN_PROBLEMSETUP_H

#include "QuantizeProblem.h"
#include "RunOptions.h"

#include <string>

namespace baracuda::run {

/// Fills `problem` from `options`: in file mode from the .npy files (dtype
/// and shape from --input, group from --group or the scale's columns), else
/// random data of the requested sizes. Checks the descriptor rules and the
/// operand shapes with the shared rule functions. On failure returns false
/// and sets `error`, prefixed with the status name for a broken rule
/// ("invalid problem: axis_size (100) must be a multiple of ...").
bool setUpQuantizeProblem(const RunOptions &options, QuantizeProblem &problem,
                          std::string &error);

} // namespace baracuda::run

#endif // BARACUDA_TOOLS_BARACUDARUN_PROBLEMSETUP_H
