//===- QuantizeFamilyCApi.cpp - The family's C entry points ---------------===//
//
// Every _run / _can_implement of baracuda_kernels.h's quantization family,
// defined from QuantizeFamily.def's STEM rows: each row's `bind` turns the
// reference's parameters into a layout, a range and the operands in kernel
// order; one generic function per direction builds the problem with the
// rules (quantize_per_group's with its own descriptor's), selects (reusing
// the thread's last plan for an unchanged problem, backend and context),
// checks and runs through QuantizeFamilyPlan, records the message of a
// failure and turns any exception into status 5.
//
//===----------------------------------------------------------------------===//

#include "baracuda/baracuda_kernels.h"

#include "CApiInternal.h"
#include "MemoryPlacement.h"
#include "QuantizeFamilyChecks.h"

#include "baracuda/runtime/CudaDriver.h"
#include "baracuda/runtime/QuantizeFamilyPlan.h"

#include <array>
#include <optional>
#include <string>
#include <vector>

namespace baracuda {
namespace capi {

/// The layout part of a stem's parameters, as the C ABI passes it.
struct LayoutArgs {
  LayoutKind layout = LayoutKind::PerTensor;
  int64_t numel = 0;
  double scale = 0;
  int32_t zeroPoint = 0;
  const int32_t *shape4 = nullptr;
  int32_t axis = 0;
  int32_t n = 0, d = 0;
  int32_t outer = 0, axisSize = 0, group = 0;
};

LayoutArgs PerTensor(int64_t numel, double scale, int32_t zeroPoint) {
  LayoutArgs args;
  args.layout = LayoutKind::PerTensor;
  args.numel = numel;
  args.scale = scale;
  args.zeroPoint = zeroPoint;
  return args;
}
LayoutArgs PerChannel(int64_t numel, const int32_t *shape4, int32_t axis) {
  LayoutArgs args;
  args.layout = LayoutKind::PerChannel;
  args.numel = numel;
  args.shape4 = shape4;
  args.axis = axis;
  return args;
}
LayoutArgs PerToken(int32_t n, int32_t d) {
  LayoutArgs args;
  args.layout = LayoutKind::PerToken;
  args.n = n;
  args.d = d;
  return args;
}
LayoutArgs PerGroup(int32_t outer, int32_t axisSize, int32_t group) {
  LayoutArgs args;
  args.layout = LayoutKind::PerGroup;
  args.outer = outer;
  args.axisSize = axisSize;
  args.group = group;
  return args;
}

struct RangeArgs {
  int32_t qMin = 0;
  int32_t qMax = 0;
};
RangeArgs Range(int32_t qMin, int32_t qMax) { return {qMin, qMax}; }
RangeArgs NoRange() { return {}; }

/// The pointers in kernel order (nullptr where a per-tensor kernel takes a
/// value).
template <typename... P> QuantizeFamilyOperands Operands(P... pointers) {
  static_assert(sizeof...(P) <= kMaxQuantizeOperands, "too many operands");
  QuantizeFamilyOperands operands;
  const void *list[] = {static_cast<const void *>(pointers)...};
  for (size_t i = 0; i < sizeof...(P); ++i)
    operands.data[i] = list[i];
  return operands;
}

namespace {

/// The C ABI's per-channel rank: shape4 holds four sizes.
constexpr int kShape4Rank = 4;

/// The rules of the stem's parameters, into a problem (no prefix).
Status buildProblem(FamilyOp op, ElementKind t, ElementKind q,
                    const LayoutArgs &l, const RangeArgs &r,
                    QuantizeFamilyProblem *out) {
  // quantize_per_group keeps its descriptor's rules and messages, as its
  // C++ plan (UntypedQuantizePerGroupPlan) does.
  if (op == FamilyOp::Quantize && l.layout == LayoutKind::PerGroup)
    return validate(QuantizePerGroupDescriptor{l.outer, l.axisSize, l.group,
                                               r.qMin, r.qMax, t, q},
                    out);
  Status types = validateQuantizeFamilyTypesAndRange(op, t, q, r.qMin, r.qMax);
  if (!types.ok())
    return types;
  QuantizeFamilyProblem problem;
  problem.op = op;
  problem.t = t;
  problem.q = q;
  if (quantizeOpSpec(op).hasRange) {
    problem.q_min = r.qMin;
    problem.q_max = r.qMax;
  }
  Status sizes;
  switch (l.layout) {
  case LayoutKind::PerTensor:
    sizes = quantizePerTensorLayout(l.numel, &problem);
    break;
  case LayoutKind::PerChannel: {
    if (l.numel < 0)
      return invalidProblem("numel (" + std::to_string(l.numel) +
                            ") must be non-negative");
    if (!l.shape4) {
      if (l.numel != 0)
        return invalidProblem("shape4 is null for a non-empty problem "
                              "(numel " +
                              std::to_string(l.numel) + ")");
      // Nothing to run: an empty problem needs no shape.
      sizes = quantizePerChannelLayout({0}, 0, &problem);
      break;
    }
    if (l.axis < 0 || l.axis >= kShape4Rank)
      return invalidProblem("axis (" + std::to_string(l.axis) +
                            ") must lie in [0, 4) (shape4 has four sizes)");
    std::vector<int64_t> shape(l.shape4, l.shape4 + kShape4Rank);
    sizes = quantizePerChannelLayout(shape, l.axis, &problem);
    if (sizes.ok() && problem.numel != l.numel)
      return invalidProblem(
          "numel (" + std::to_string(l.numel) +
          ") must equal the product of shape4 [" + std::to_string(shape[0]) +
          ", " + std::to_string(shape[1]) + ", " + std::to_string(shape[2]) +
          ", " + std::to_string(shape[3]) + "] (" +
          std::to_string(problem.numel) + ")");
    break;
  }
  case LayoutKind::PerToken:
    sizes = quantizePerTokenLayout(l.n, l.d, &problem);
    break;
  case LayoutKind::PerGroup:
    sizes = quantizePerGroupLayout(l.outer, l.axisSize, l.group, &problem);
    break;
  }
  if (!sizes.ok())
    return sizes;
  *out = problem;
  return Status::success();
}

/// How messages name the size: as the op's C++ face does
/// (QuantizeDescriptorRules.h's *SizeText).
std::string sizeText(const LayoutArgs &l) {
  switch (l.layout) {
  case LayoutKind::PerTensor:
    return perTensorSizeText(l.numel);
  case LayoutKind::PerChannel:
    return perChannelSizeText(
        l.shape4 ? std::vector<int64_t>(l.shape4, l.shape4 + kShape4Rank)
                 : std::vector<int64_t>{},
        l.axis);
  case LayoutKind::PerToken:
    return perTokenSizeText(l.n, l.d);
  case LayoutKind::PerGroup:
    return perGroupSizeText(l.outer, l.axisSize);
  }
  return {};
}

/// The layout's sizes as passed: with the problem, what a plan's messages
/// depend on (two shapes may flatten to one problem).
using SizesKey = std::array<int64_t, kShape4Rank + 1>;
SizesKey sizesKey(const LayoutArgs &l) {
  switch (l.layout) {
  case LayoutKind::PerTensor:
    return {l.numel};
  case LayoutKind::PerChannel:
    if (!l.shape4)
      return {};
    return {l.shape4[0], l.shape4[1], l.shape4[2], l.shape4[3], l.axis};
  case LayoutKind::PerToken:
    return {l.n, l.d};
  case LayoutKind::PerGroup:
    return {l.outer, l.axisSize};
  }
  return {};
}

bool sameProblem(const QuantizeFamilyProblem &a,
                 const QuantizeFamilyProblem &b) {
  return a.op == b.op && a.layout == b.layout && a.t == b.t && a.q == b.q &&
         a.numel == b.numel && a.block == b.block && a.period == b.period &&
         a.q_min == b.q_min && a.q_max == b.q_max;
}

/// The plan this thread selected last, reused while the problem, its sizes
/// as passed, the backend and the stream's CUDA context stay the same (the
/// common loop over one shape): select() is a function of exactly these
/// (and of the builtin library, which never changes), so reuse returns the
/// plan a new select() would, minus its cost. The context is identified by
/// its cuCtxGetId id, never by its CUcontext value, which a context created
/// after a destroy reuses. Only successful selections are kept; run() still
/// checks every call's operands. The one plan cache of the C ABI: every
/// stem, quantize_per_group included, runs through it.
struct LastPlan {
  QuantizeFamilyProblem problem;
  SizesKey sizes{};
  Backend backend = Backend::Cpu;
  uint64_t contextId = 0;
  bool reusable = false; ///< false when the context could not be identified
  std::optional<QuantizeFamilyPlan> plan;
};
thread_local LastPlan lastPlan;

Result<const QuantizeFamilyPlan *>
selectCached(const Stream &stream, const QuantizeFamilyProblem &problem,
             const LayoutArgs &l) {
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
  SizesKey sizes = sizesKey(l);
  if (reusable && lastPlan.reusable && lastPlan.plan &&
      lastPlan.backend == stream.backend() && lastPlan.contextId == contextId &&
      sameProblem(lastPlan.problem, problem) && lastPlan.sizes == sizes)
    return &*lastPlan.plan;
  lastPlan.plan.reset();
  Result<QuantizeFamilyPlan> plan =
      QuantizeFamilyPlan::select(stream, problem, PlanPreference::Default,
                                 KernelLibrary::builtin(), sizeText(l));
  if (!plan)
    return plan.status();
  lastPlan.problem = problem;
  lastPlan.sizes = sizes;
  lastPlan.backend = stream.backend();
  lastPlan.contextId = contextId;
  lastPlan.reusable = reusable;
  lastPlan.plan.emplace(std::move(*plan));
  return &*lastPlan.plan;
}

/// What both entry points start with: the problem of the stem's parameters
/// (its rules, messages with `prefix`), and per tensor the scale and zero
/// point into `operands`.
Status prepare(FamilyOp op, ElementKind t, ElementKind q, const LayoutArgs &l,
               const RangeArgs &r, const std::string &prefix,
               QuantizeFamilyProblem *problem,
               QuantizeFamilyOperands *operands) {
  Status valid = buildProblem(op, t, q, l, r, problem);
  if (!valid.ok())
    return Status(valid.code(), prefix + valid.message());
  operands->scale = l.scale;
  operands->zero_point = l.zeroPoint;
  return Status::success();
}

} // namespace

int32_t run(FamilyOp op, ElementKind t, ElementKind q, const LayoutArgs &l,
            const RangeArgs &r, QuantizeFamilyOperands operands,
            void *workspace, size_t workspaceBytes, void *cudaStream) noexcept {
  // Built before the try: the catch names the entry point without
  // allocating ("quantize_per_group run: internal error: ...").
  std::string name = quantizeFamilyName(op, l.layout);
  std::string prefix = name + ": ", where = name + " run";
  try {
    QuantizeFamilyProblem problem;
    Status valid = prepare(op, t, q, l, r, prefix, &problem, &operands);
    if (!valid.ok())
      return finishCApiCall(valid);
    Stream stream = cudaStream == BARACUDA_CPU_STREAM
                        ? Stream::cpu()
                        : Stream::cuda(static_cast<CUstream>(cudaStream));
    Result<const QuantizeFamilyPlan *> plan = selectCached(stream, problem, l);
    if (!plan)
      return finishCApiCall(plan.status());
    return finishCApiCall(
        (*plan)->run(stream, Workspace{workspace, workspaceBytes}, operands));
  } catch (...) {
    return finishCApiException(where.c_str());
  }
}

namespace {

/// The stream-less checks of _can_implement (baracuda_kernels.h).
Status canImplement(const QuantizeFamilyProblem &problem,
                    const QuantizeFamilyOperands &operands,
                    const std::string &prefix, const std::string &sizes) {
  Status valid = checkQuantizeFamilyProblem(problem, sizes);
  if (!valid.ok())
    return Status(valid.code(), prefix + valid.message());
  // run() falls back to the generic kernel: its alignment is the need.
  Status checked = checkQuantizeFamilyOperands(problem, operands, 1, prefix,
                                               "generic", sizes);
  if (!checked.ok() || problem.numel == 0)
    return checked;
  const CudaDriver *driver = CudaDriver::getIfCudaMemoryCanExist();
  if (!driver)
    return Status::success(); // No CUDA memory can exist: all is host memory.
  const QuantizeOpSpec &op = quantizeOpSpec(problem.op);
  int hostOnly = -1, deviceOnly = -1;
  for (int i = 0; i < op.numOperands(); ++i) {
    if (byValue(problem, i))
      continue;
    PointerInfo info = classifyPointer(*driver, operands.data[i]);
    if (info.placement == MemoryPlacement::Unknown)
      // The shared check words the message (the backend does not matter).
      return checkQuantizeFamilyPlacement(*driver, Backend::Cpu, DeviceTarget{},
                                          problem, operands, prefix);
    if (info.placement == MemoryPlacement::HostOnly && hostOnly < 0)
      hostOnly = i;
    if (info.placement == MemoryPlacement::DeviceOnly && deviceOnly < 0)
      deviceOnly = i;
  }
  if (hostOnly >= 0 && deviceOnly >= 0)
    return invalidProblem(prefix + "operands mix host-only memory (" +
                          op.operands[hostOnly].name +
                          ") and CUDA device-only memory (" +
                          op.operands[deviceOnly].name +
                          "); all must be reachable from one backend");
  if (deviceOnly < 0)
    return Status::success();
  DeviceTarget current = currentDeviceTarget(*driver);
  if (!current.context)
    return Status::success();
  Status placement = checkQuantizeFamilyPlacement(
      *driver, Backend::Cuda, current, problem, operands, prefix);
  if (!placement.ok())
    return placement;
  Result<QuantizeFamilyPlan> plan = QuantizeFamilyPlan::select(
      Stream::cuda(nullptr), problem, PlanPreference::PreferGeneric,
      KernelLibrary::builtin(), sizes);
  return plan ? Status::success() : plan.status();
}

} // namespace

int32_t canImplement(FamilyOp op, ElementKind t, ElementKind q,
                     const LayoutArgs &l, const RangeArgs &r,
                     QuantizeFamilyOperands operands) noexcept {
  std::string name = quantizeFamilyName(op, l.layout);
  std::string prefix = name + ": ", where = name + " can_implement";
  try {
    QuantizeFamilyProblem problem;
    Status valid = prepare(op, t, q, l, r, prefix, &problem, &operands);
    if (!valid.ok())
      return finishCApiCall(valid);
    return finishCApiCall(canImplement(problem, operands, prefix, sizeText(l)));
  } catch (...) {
    return finishCApiException(where.c_str());
  }
}

} // namespace capi
} // namespace baracuda

// --- The entry points, one pair per row of QuantizeFamily.def -----------===//

#define BARACUDA_QF_UNPAREN(...) __VA_ARGS__
/// (layout, range, operands) of a row's bind, for run / canImplement.
#define BARACUDA_QF_BIND_ARGS(layout, range, operands)                         \
  baracuda::capi::layout, baracuda::capi::range, baracuda::capi::operands
#define BARACUDA_QF_Q_KIND_s8 baracuda::ElementKind::S8
#define BARACUDA_QF_Q_KIND_u8 baracuda::ElementKind::U8
#define BARACUDA_QF_Q_KIND__ baracuda::ElementKind::S8
#define BARACUDA_QF_DEFINE_STEM(stem, Op, Layout, T_, Q_, params, bind)        \
  int32_t BARACUDA_QF_STEM_NAME(stem, T_, Q_, _run)(                           \
      BARACUDA_QF_UNPAREN params, void *workspace, size_t workspace_bytes,     \
      void *cuda_stream) {                                                     \
    return baracuda::capi::run(                                                \
        baracuda::FamilyOp::Op, BARACUDA_QF_KIND(T_), BARACUDA_QF_Q_KIND_##Q_, \
        BARACUDA_QF_BIND_ARGS bind, workspace, workspace_bytes, cuda_stream);  \
  }
#define BARACUDA_QF_DEFINE_STEM_CHECK(stem, Op, Layout, T_, Q_, params, bind)  \
  int32_t BARACUDA_QF_STEM_NAME(stem, T_, Q_,                                  \
                                _can_implement)(BARACUDA_QF_UNPAREN params) {  \
    return baracuda::capi::canImplement(                                       \
        baracuda::FamilyOp::Op, BARACUDA_QF_KIND(T_), BARACUDA_QF_Q_KIND_##Q_, \
        BARACUDA_QF_BIND_ARGS bind);                                           \
  }

extern "C" {
BARACUDA_QF_FOR_EACH_STEM_SKU(BARACUDA_QF_DEFINE_STEM)
#undef BARACUDA_QF_OUT
#define BARACUDA_QF_OUT const void *
BARACUDA_QF_FOR_EACH_STEM_SKU(BARACUDA_QF_DEFINE_STEM_CHECK)
#undef BARACUDA_QF_OUT
#define BARACUDA_QF_OUT void *
} // extern "C"
