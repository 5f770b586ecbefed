//===- FamilyRunner.h - Run one problem through the family plan -----------===//

#ifndef BARACUDA_TOOLS_BARACUDARUN_FAMILYRUNNER_H
#define BARACUDA_TOOLS_BARACUDARUN_FAMILYRUNNER_H

#include "RunProblem.h"

#include "baracuda/runtime/KernelLibrary.h"
#include "baracuda/runtime/Result.h"
#include "baracuda/runtime/Stream.h"

#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace baracuda::run {

/// Bytes that fill the output before the two checked runs, so an element
/// the kernel never writes keeps one of them and shows up as a mismatch
/// whatever its right value is (they differ in every byte; 0xA5 is -91 as
/// s8, 165 as u8; neither pattern is a NaN of any float type).
inline constexpr std::array<uint8_t, 2> kOutputPoisons = {0xA5, 0x5A};

/// What one baracuda-run execution produced.
struct FamilyRunReport {
  /// The plan's KernelSku, as to_string prints it.
  std::string sku;
  /// The device that ran: "cpu" or "cuda: <device name> (sm_XY)".
  std::string device;
  /// Mean wall time of one run over the timed iterations (CUDA events on
  /// the GPU, a steady clock on the CPU).
  double secondsPerRun = 0;
  /// Raw bytes of the output from the two checked runs, the first on an
  /// output poisoned with kOutputPoisons[0], the second with [1].
  std::array<std::vector<uint8_t>, 2> outputs;
};

/// Selects QuantizeFamilyPlan for `problem.family` on `backend` from
/// `library` (the runtime's generic plan of the family, as the C entry
/// points use it), copies the operands where the backend needs them, and
/// runs twice on a poisoned output, copying each result back. Then it
/// times `iters` more runs. Errors are the runtime's Status (select,
/// can_implement, run, and CUDA buffer failures).
Result<FamilyRunReport>
runFamilyProblem(const RunProblem &problem, Backend backend,
                 std::shared_ptr<const KernelLibrary> library, int iters);

} // namespace baracuda::run

#endif // BARACUDA_TOOLS_BARACUDARUN_FAMILYRUNNER_H
