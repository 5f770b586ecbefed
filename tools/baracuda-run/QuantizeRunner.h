//===- QuantizeRunner.h - Run one problem through the runtime's plan ------===//

#ifndef BARACUDA_TOOLS_BARACUDARUN_QUANTIZERUNNER_H
#define BARACUDA_TOOLS_BARACUDARUN_QUANTIZERUNNER_H

#include "QuantizeProblem.h"

#include "baracuda/runtime/KernelLibrary.h"
#include "baracuda/runtime/Result.h"
#include "baracuda/runtime/Stream.h"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace baracuda::run {

/// What one baracuda-run execution produced.
struct QuantizeRunReport {
  /// The plan's KernelSku, as to_string prints it.
  std::string sku;
  /// The device that ran: "cpu" or "cuda: <device name> (sm_XY)".
  std::string device;
  /// Mean wall time of one run over the timed iterations (CUDA events on
  /// the GPU, a steady clock on the CPU).
  double secondsPerRun = 0;
  /// Raw bytes of desc.output_element from the first (poisoned) run.
  std::vector<uint8_t> output;
};

/// Selects QuantizePerGroupPlan<TIn, TOut> for `problem` on `backend` from
/// `library`, copies the operands where the backend needs them, poisons the
/// output and runs once; that run's output is copied back and returned (so
/// an element the kernel never writes keeps the poison). Then it times
/// `iters` more runs. Errors are the runtime's Status (select, can_implement,
/// run, and CUDA buffer failures).
Result<QuantizeRunReport>
runQuantizePerGroup(const QuantizeProblem &problem, Backend backend,
                    std::shared_ptr<const KernelLibrary> library, int iters);

/// Byte that fills the output before the kernel runs, so elements the kernel
/// skips show up as mismatches (0xA5 is -91 as s8, 165 as u8).
inline constexpr uint8_t kOutputPoison = 0xA5;

} // namespace baracuda::run

#endif // BARACUDA_TOOLS_BARACUDARUN_QUANTIZERUNNER_H
