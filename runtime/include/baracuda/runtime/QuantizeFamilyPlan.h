//===- QuantizeFamilyPlan.h - The plan core of the quantization family ---===//
//
// One generic plan for every op of the quantization family (issue 10): it
// runs a QuantizeFamilyProblem (op, layout, types, numel / block / period,
// range; baracuda/Rules/QuantizeDescriptorRules.h) over flattened operands, on
// the CPU or on CUDA, with the plan contract of the reference:
// select -> can_implement -> workspace_size -> run, sku() and
// precision_guarantee(). The typed plans per op and layout
// (QuantizeFamilyPlans.h) and the C entry points are thin faces over it:
// they check their descriptor and shapes, then hand it the problem.
//
//===----------------------------------------------------------------------===//

#ifndef BARACUDA_RUNTIME_QUANTIZEFAMILYPLAN_H
#define BARACUDA_RUNTIME_QUANTIZEFAMILYPLAN_H

#include "baracuda/Rules/QuantizeDescriptorRules.h"
#include "baracuda/runtime/KernelLibrary.h"
#include "baracuda/runtime/PlanPreference.h"
#include "baracuda/runtime/Result.h"
#include "baracuda/runtime/Sku.h"
#include "baracuda/runtime/Stream.h"
#include "baracuda/runtime/Workspace.h"

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace baracuda {

/// The operands of one run, flattened and dense: data[i] is operand i of the
/// op in kernel order (QuantizeOpSpec::operands: ins, then the output); per
/// tensor the scale and zero-point slots are unused and the values below
/// are passed instead (the scale converted to the kernel's C type: double
/// for f64, float otherwise, exactly for a value that came as a float).
struct QuantizeFamilyOperands {
  const void *data[kMaxQuantizeOperands] = {};
  double scale = 0;
  int32_t zero_point = 0;
};

/// "quantize_per_channel_backward", "fake_quantize_per_tensor", ...: the
/// op and layout as messages and SKUs name them: the op's symbol of
/// QuantizeFamily.def with the layout inserted before a trailing "_backward".
std::string quantizeFamilyName(FamilyOp op, LayoutKind layout);

class QuantizeFamilyPlan {
public:
  /// Picks the kernel variants for `problem` on `stream`'s backend: on CUDA
  /// (PlanPreference::Default) the wide vectorized kernel when it fits the
  /// block and the problem fills a wave of its threads, else the narrow
  /// one, else "generic"; the CPU runs "generic". The variants the library
  /// lacks are left out; run() falls back to the last one left (for
  /// operands that miss the others' alignment). `problem` must come from
  /// the rules (QuantizeDescriptorRules.h); select re-checks its types and
  /// range and that its operands fit an address space (PTRDIFF_MAX bytes).
  /// `sizes` is how messages name the problem's size, in the face's words
  /// ("[outer_size, axis_size] = [2, 64]"; empty: "<numel> elements").
  /// Errors (messages start with quantizeFamilyName + ": "): the rules'
  /// (InvalidProblem, Unsupported); Unsupported when the library lacks the
  /// kernel on this backend (e.g. an op the compiler does not lower yet),
  /// has no CUDA driver or no image for the device; Internal for driver
  /// failures. Loads the CUDA module into the stream's context.
  static Result<QuantizeFamilyPlan> select(
      const Stream &stream, const QuantizeFamilyProblem &problem,
      PlanPreference preference = PlanPreference::Default,
      std::shared_ptr<const KernelLibrary> library = KernelLibrary::builtin(),
      std::string sizes = {});

  /// Without launching: InvalidProblem for a null data pointer of a
  /// non-empty problem or memory the backend cannot reach (as
  /// QuantizePerGroupPlan); MisalignedOperand for a pointer not aligned to
  /// its element.
  Status can_implement(const QuantizeFamilyOperands &operands) const;

  /// Bytes of workspace run() needs: 0.
  size_t workspace_size() const { return 0; }

  const KernelSku &sku() const { return sku_; }
  /// The kernel run(operands) launches (a narrower variant when the
  /// operands miss the preferred one's alignment).
  KernelSku sku_for(const QuantizeFamilyOperands &operands) const;
  PrecisionGuarantee precision_guarantee() const {
    return sku_.precision_guarantee;
  }
  const QuantizeFamilyProblem &problem() const { return problem_; }

  /// run()'s first check: InvalidProblem when `stream` is not on the
  /// backend the plan was selected for. (A face checking its own operand
  /// shapes calls it first, so that its errors come in run()'s order.)
  Status checkStream(const Stream &stream) const;

  /// can_implement's checks (against the stream's device), the workspace
  /// check, then the launch; an empty problem launches nothing. CPU:
  /// synchronous, split into chunks at block boundaries (at multiples of
  /// block * period where the parameter index wraps; anywhere per tensor),
  /// bit-identical for any thread count. CUDA: one kernel on `stream`.
  /// `stream` must be on the plan's backend. Thread-safe.
  Status run(const Stream &stream, Workspace workspace,
             const QuantizeFamilyOperands &operands) const;

private:
  QuantizeFamilyPlan() = default;

  struct CudaLaunchTarget;
  KernelId kernelFor(const QuantizeFamilyOperands &operands) const;
  Status checkArgs(const Stream *stream, const QuantizeFamilyOperands &operands,
                   CudaLaunchTarget *target) const;
  Status launchCpu(KernelId kernel, const Stream &stream,
                   const QuantizeFamilyOperands &operands) const;
  Status launchCuda(KernelId kernel, const Stream &stream,
                    const CudaLaunchTarget &target,
                    const QuantizeFamilyOperands &operands) const;

  QuantizeFamilyProblem problem_;
  std::string prefix_; ///< "quantize_per_channel: "
  std::string sizes_;  ///< select's `sizes`
  Backend backend_ = Backend::Cpu;
  /// Catalog ids of the variants run() may launch, preferred first; never
  /// empty; the last (generic) one's alignment is what can_implement needs.
  std::vector<KernelId> kernels_;
  KernelSku sku_;
  std::shared_ptr<const KernelLibrary> library_;
};

} // namespace baracuda

#endif // BARACUDA_RUNTIME_QUANTIZEFAMILYPLAN_H
