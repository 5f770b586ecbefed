//===- CApi.cpp - C ABI of the baracuda runtime (baracuda_kernels.h) ------===//
//
// The error-message state shared by every entry point, and quantize_per_group
// over UntypedQuantizePerGroupPlan until the family's quantize kernels land
// (QuantizeFamilyCApi.cpp defines the entry points, from the family table):
// it builds the descriptor, selects (reusing the thread's last plan for an
// unchanged descriptor and context), checks and runs through the same code
// as the C++ API, records the message of a failure, and turns any exception
// into status 5.
//
//===----------------------------------------------------------------------===//

#include "baracuda/baracuda_kernels.h"

#include "CApiInternal.h"
#include "MemoryPlacement.h"
#include "QuantizePerGroupChecks.h"
#include "QuantizePerGroupKernels.h"

#include "baracuda/runtime/CudaDriver.h"
#include "baracuda/runtime/QuantizePerGroupPlan.h"

#include <exception>
#include <optional>
#include <string>

namespace baracuda {

thread_local std::string lastErrorMessage;

/// Records `status` as the thread's last outcome and returns its code.
int32_t finishCApiCall(const Status &status) noexcept {
  try {
    if (status.ok())
      lastErrorMessage.clear(); // clear() keeps the buffer: no allocation.
    else
      lastErrorMessage = status.message();
  } catch (...) {
    lastErrorMessage.clear(); // Out of memory for the message: keep the code.
  }
  return static_cast<int32_t>(status.code());
}

/// The catch-all of every entry point: nothing crosses the C boundary.
int32_t finishCApiException(const char *function) noexcept {
  try {
    std::string what = "unknown exception";
    try {
      throw;
    } catch (const std::exception &error) {
      what = error.what();
    } catch (...) {
    }
    return finishCApiCall(
        internalError(std::string(function) + ": internal error: " + what));
  } catch (...) {
    lastErrorMessage.clear();
    return static_cast<int32_t>(StatusCode::Internal);
  }
}

namespace {

static_assert(BARACUDA_KERNELS_SUCCESS == int32_t(StatusCode::Success) &&
                  BARACUDA_KERNELS_MISALIGNED_OPERAND ==
                      int32_t(StatusCode::MisalignedOperand) &&
                  BARACUDA_KERNELS_INVALID_PROBLEM ==
                      int32_t(StatusCode::InvalidProblem) &&
                  BARACUDA_KERNELS_UNSUPPORTED ==
                      int32_t(StatusCode::Unsupported) &&
                  BARACUDA_KERNELS_WORKSPACE_TOO_SMALL ==
                      int32_t(StatusCode::WorkspaceTooSmall) &&
                  BARACUDA_KERNELS_INTERNAL_ERROR ==
                      int32_t(StatusCode::Internal),
              "baracuda_kernels.h status codes must equal StatusCode");

/// The operands of a dense problem: shapes follow the descriptor, since the
/// C ABI passes no shapes of its own.
UntypedQuantizePerGroupArgs makeArgs(const QuantizePerGroupDescriptor &desc,
                                     const void *input, const void *scale,
                                     const void *zeroPoint, void *output) {
  std::array<int64_t, 2> io = {desc.outer_size, desc.axis_size};
  std::array<int64_t, 2> groups = {desc.outer_size, desc.num_groups()};
  return {{input, io}, {scale, groups}, {zeroPoint, groups}, {output, io}};
}

bool sameDescriptor(const QuantizePerGroupDescriptor &a,
                    const QuantizePerGroupDescriptor &b) {
  return a.outer_size == b.outer_size && a.axis_size == b.axis_size &&
         a.group_size == b.group_size && a.q_min == b.q_min &&
         a.q_max == b.q_max && a.input_element == b.input_element &&
         a.output_element == b.output_element;
}

/// The plan this thread selected last, reused while the descriptor, the
/// backend and the stream's CUDA context stay the same (the common loop over
/// one shape): select() is a function of exactly these (and of the builtin
/// library, which never changes), so reuse returns the plan a new select()
/// would, minus its cost. The context is identified by its cuCtxGetId id,
/// never by its CUcontext value, which a context created after a destroy
/// reuses. Only successful selections are kept; run() still checks every
/// call's operands.
struct LastPlan {
  QuantizePerGroupDescriptor desc;
  Backend backend = Backend::Cpu;
  uint64_t contextId = 0;
  bool reusable = false; ///< false when the context could not be identified
  std::optional<UntypedQuantizePerGroupPlan> plan;
};
thread_local LastPlan lastPlan;

Result<const UntypedQuantizePerGroupPlan *>
selectCached(const Stream &stream, const QuantizePerGroupDescriptor &desc) {
  uint64_t contextId = 0;
  bool reusable = true;
  if (stream.isCuda()) {
    // Without an identifiable context select() fails; let it, for its
    // message (or, on a driver without cuCtxGetId, never reuse).
    Result<CUcontext> context = stream.cudaContext();
    Result<uint64_t> id = context ? cudaContextId(*CudaDriver::get(), *context)
                                  : Result<uint64_t>(context.status());
    reusable = id.ok();
    contextId = reusable ? *id : 0;
  }
  if (reusable && lastPlan.reusable && lastPlan.plan &&
      lastPlan.backend == stream.backend() && lastPlan.contextId == contextId &&
      sameDescriptor(lastPlan.desc, desc))
    return &*lastPlan.plan;
  lastPlan.plan.reset();
  Result<UntypedQuantizePerGroupPlan> plan =
      UntypedQuantizePerGroupPlan::select(stream, desc);
  if (!plan)
    return plan.status();
  lastPlan.desc = desc;
  lastPlan.backend = stream.backend();
  lastPlan.contextId = contextId;
  lastPlan.reusable = reusable;
  lastPlan.plan.emplace(std::move(*plan));
  return &*lastPlan.plan;
}

} // namespace

int32_t legacyQuantizePerGroupRun(ElementKind in, ElementKind out,
                                  int32_t outer, int32_t axis, int32_t group,
                                  int32_t qMin, int32_t qMax, const void *input,
                                  const void *scale, const void *zeroPoint,
                                  void *output, void *workspace,
                                  size_t workspaceBytes,
                                  void *cudaStream) noexcept {
  try {
    QuantizePerGroupDescriptor desc =
        QuantizePerGroupDescriptor{outer, axis, group, qMin, qMax, in, out};
    Stream stream = cudaStream == BARACUDA_CPU_STREAM
                        ? Stream::cpu()
                        : Stream::cuda(static_cast<CUstream>(cudaStream));
    UntypedQuantizePerGroupArgs args =
        makeArgs(desc, input, scale, zeroPoint, output);
    Workspace scratch{workspace, workspaceBytes};
    Result<const UntypedQuantizePerGroupPlan *> plan =
        selectCached(stream, desc);
    if (!plan)
      return finishCApiCall(plan.status());
    return finishCApiCall((*plan)->run(stream, scratch, args));
  } catch (...) {
    return finishCApiException("quantize_per_group run");
  }
}

namespace {

/// The stream-less checks documented in baracuda_kernels.h.
Status quantizePerGroupCanImplement(const QuantizePerGroupDescriptor &desc,
                                    const UntypedQuantizePerGroupArgs &args) {
  Status valid = checkQuantizePerGroupDescriptor(desc);
  if (!valid.ok())
    return valid;
  // run() falls back to the generic variant, so its alignment is the need.
  std::optional<size_t> row = quantizePerGroupGenericKernel(desc);
  if (!row)
    return unsupported("quantize_per_group: no kernel variant fits");
  Status operands = checkQuantizePerGroupOperands(
      desc, quantizePerGroupKernels()[*row], args);
  if (!operands.ok() || numElements(desc) == 0)
    return operands;

  const CudaDriver *driver = CudaDriver::getIfCudaMemoryCanExist();
  if (!driver)
    return Status::success(); // No CUDA memory can exist: all is host memory.
  QuantizePerGroupPointers operandPointers(args);
  int hostOnly = -1, deviceOnly = -1;
  for (int i = 0; i < 4; ++i) {
    PointerInfo info = classifyPointer(*driver, operandPointers.pointers[i]);
    if (info.placement == MemoryPlacement::Unknown)
      // The shared check words the message (the backend does not matter).
      return checkQuantizePerGroupPlacement(*driver, Backend::Cpu,
                                            DeviceTarget{}, args);
    if (info.placement == MemoryPlacement::HostOnly && hostOnly < 0)
      hostOnly = i;
    if (info.placement == MemoryPlacement::DeviceOnly && deviceOnly < 0)
      deviceOnly = i;
  }
  if (hostOnly >= 0 && deviceOnly >= 0)
    return invalidProblem(
        std::string("quantize_per_group: operands mix host-only memory (") +
        QuantizePerGroupPointers::kNames[hostOnly] +
        ") and CUDA device-only memory (" +
        QuantizePerGroupPointers::kNames[deviceOnly] +
        "); all four must be reachable from one backend");
  if (deviceOnly < 0)
    return Status::success();

  // Device operands: they must be reachable from the current context's
  // device, and the kernels must load there, if a context is current.
  DeviceTarget current = currentDeviceTarget(*driver);
  if (!current.context)
    return Status::success();
  Status placement =
      checkQuantizePerGroupPlacement(*driver, Backend::Cuda, current, args);
  if (!placement.ok())
    return placement;
  Result<UntypedQuantizePerGroupPlan> plan =
      UntypedQuantizePerGroupPlan::select(Stream::cuda(nullptr), desc,
                                          PlanPreference::PreferGeneric);
  return plan ? Status::success() : plan.status();
}

} // namespace

int32_t legacyQuantizePerGroupCanImplement(
    ElementKind in, ElementKind out, int32_t outer, int32_t axis, int32_t group,
    int32_t qMin, int32_t qMax, const void *input, const void *scale,
    const void *zeroPoint, const void *output) noexcept {
  try {
    QuantizePerGroupDescriptor desc =
        QuantizePerGroupDescriptor{outer, axis, group, qMin, qMax, in, out};
    return finishCApiCall(quantizePerGroupCanImplement(
        desc,
        makeArgs(desc, input, scale, zeroPoint, const_cast<void *>(output))));
  } catch (...) {
    return finishCApiException("quantize_per_group can_implement");
  }
}

} // namespace baracuda

extern "C" {

const char *baracuda_kernels_last_error_message(void) {
  return baracuda::lastErrorMessage.c_str();
}

} // extern "C"
