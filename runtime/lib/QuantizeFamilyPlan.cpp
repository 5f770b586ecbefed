//===- QuantizeFamilyPlan.cpp - The plan core of the quantization family -===//

#include "baracuda/runtime/QuantizeFamilyPlan.h"

#include "CpuParallel.h"
#include "KernelCatalog.h"
#include "QuantizeFamilyChecks.h"
#include "ScopedCudaContext.h"

#include "baracuda/Support/KernelAbi.h"
#include "baracuda/runtime/CpuThreadPool.h"
#include "baracuda/runtime/CudaDriver.h"

#include <algorithm>
#include <cstdint>

namespace baracuda {

std::string quantizeFamilyName(FamilyOp op, LayoutKind layout) {
  // The op's symbol of QuantizeFamily.def with the layout after its base:
  // before a trailing "_backward" (quantize_per_channel_backward), else at
  // the end (fake_quantize_per_tensor). No per-op list, so a new op of the
  // .def has its name.
  constexpr std::string_view kBackward = "_backward";
  std::string_view base = familyOpName(op);
  std::string_view suffix;
  if (base.size() > kBackward.size() &&
      base.substr(base.size() - kBackward.size()) == kBackward) {
    suffix = kBackward;
    base.remove_suffix(kBackward.size());
  }
  return std::string(base) + "_" + std::string(layoutKindName(layout)) +
         std::string(suffix);
}

namespace {

PrecisionGuarantee precisionFor(ElementKind t) {
  bool f64 = t == ElementKind::F64;
  PrecisionGuarantee guarantee;
  guarantee.math_precision = f64 ? MathPrecision::F64 : MathPrecision::F32;
  guarantee.accumulator = f64 ? ElementKind::F64 : ElementKind::F32;
  guarantee.bit_stable_on_same_hardware = true;
  guarantee.deterministic = true;
  return guarantee;
}

/// One memref<?xE> of KernelAbi.h as the GPU kernel receives it.
struct MemRefParams {
  CUdeviceptr allocated;
  CUdeviceptr aligned;
  int64_t offset;
  int64_t size;
  int64_t stride;
};

/// The CPU kernel's C interface: memref descriptors by pointer, scalars by
/// value, then (numel, block, period, q_min, q_max, block_magic,
/// block_shift).
struct CpuMemRef {
  void *allocated;
  void *aligned;
  int64_t offset;
  int64_t size;
  int64_t stride;
};

struct CpuCall {
  const void *data[kMaxQuantizeOperands];
  int64_t lengths[kMaxQuantizeOperands];
  double scale;
  int32_t zeroPoint;
  int64_t numel, block, period;
  int32_t qMin, qMax;
  FamilyBlockDivisor divisor;
};

template <typename... A>
void callCpu(void *entry, const CpuCall &c, A... args) {
  reinterpret_cast<void (*)(A..., int64_t, int64_t, int64_t, int32_t, int32_t,
                            int32_t, int32_t)>(entry)(
      args..., c.numel, c.block, c.period, c.qMin, c.qMax,
      static_cast<int32_t>(c.divisor.magic), c.divisor.shift);
}

/// Calls `entry` with the argument list of `problem`'s kernel: every memref
/// is one pointer, so the only shapes are the operand count and, per
/// tensor, where the scalars sit and the scale's C type.
void invokeCpu(void *entry, const QuantizeFamilyProblem &problem,
               const CpuCall &c) {
  const QuantizeOpSpec &op = specOf(problem);
  int n = op.numOperands();
  CpuMemRef refs[kMaxQuantizeOperands];
  void *p[kMaxQuantizeOperands];
  for (int i = 0; i < n; ++i) {
    void *data = const_cast<void *>(c.data[i]);
    refs[i] = {data, data, 0, c.lengths[i], 1};
    p[i] = &refs[i];
  }
  if (problem.layout != LayoutKind::PerTensor) {
    if (n == 3)
      return callCpu(entry, c, p[0], p[1], p[2]);
    if (n == 4)
      return callCpu(entry, c, p[0], p[1], p[2], p[3]);
    return callCpu(entry, c, p[0], p[1], p[2], p[3], p[4]);
  }
  int scaleAt = op.indexOf(QuantizeOperandRole::ScaleT);
  bool hasZeroPoint = op.indexOf(QuantizeOperandRole::ZeroPoint) >= 0;
  bool f64 = problem.t == ElementKind::F64;
  float scale32 = static_cast<float>(c.scale);
  double scale64 = c.scale;
  int32_t zp = c.zeroPoint;
  // (x, s, zp, out), (dy, x, s, zp, out), (dy, s, out).
  if (scaleAt == 1 && hasZeroPoint)
    return f64 ? callCpu(entry, c, p[0], scale64, zp, p[3])
               : callCpu(entry, c, p[0], scale32, zp, p[3]);
  if (scaleAt == 2 && hasZeroPoint)
    return f64 ? callCpu(entry, c, p[0], p[1], scale64, zp, p[4])
               : callCpu(entry, c, p[0], p[1], scale32, zp, p[4]);
  return f64 ? callCpu(entry, c, p[0], scale64, p[2])
             : callCpu(entry, c, p[0], scale32, p[2]);
}

/// The grid (blocks in x) of `kernel` for `problem` on `module`: one rule
/// (KernelAbi.h's familyGridBlocks, up to familyMaxWaves on this device and
/// with familyMinStepsPerThread and familyBlockDivisorMinSteps) for every op,
/// all being the one skeleton, in blocks of the kernel's own threadsPerBlock
/// (its op's); a parameter-vector kernel's is rounded so that its stride in
/// elements is a multiple of the period (familyParameterVectorGridBlocks),
/// within its waves.
int64_t launchGridBlocks(KernelId kernel, const LoadedCudaModule &module,
                         const QuantizeFamilyProblem &problem) {
  const KernelCatalogEntry &entry = kernelCatalog()[kernel];
  bool perTensor = problem.layout == LayoutKind::PerTensor;
  int residentThreads =
      module.residentBlocksPerMultiprocessor[kernel] * entry.threadsPerBlock;
  int64_t maxWaves = familyMaxWaves(problem.op, problem.t, problem.q, perTensor,
                                    entry.parameterVectors, residentThreads,
                                    entry.asyncRing, module.fastMemory);
  int vectorsPerThread =
      familyVectorsPerThread(problem.op, problem.t, problem.q, perTensor,
                             entry.parameterVectors, entry.vectorWidth);
  int minSteps = std::max(
      familyMinStepsPerThread(problem.op, problem.t, problem.q,
                              entry.parameterVectors, residentThreads,
                              module.fastMemory),
      familyBlockDivisorMinSteps(entry.vectorWidth, vectorsPerThread, perTensor,
                                 entry.parameterVectors, problem.block));
  int64_t grid = familyGridBlocks(
      maxWaves, entry.threadsPerBlock, entry.vectorWidth, vectorsPerThread,
      problem.numel, module.multiprocessorCount,
      module.residentBlocksPerMultiprocessor[kernel], minSteps);
  if (entry.parameterVectors)
    grid = familyParameterVectorGridBlocks(
        grid, entry.threadsPerBlock, entry.vectorWidth, problem.period,
        familyWaveBlocks(maxWaves, module.multiprocessorCount,
                         module.residentBlocksPerMultiprocessor[kernel]));
  return grid;
}

/// Whether a parameter-vector kernel's grid has a stride that is a
/// multiple of the period: its fast loop; any other grid takes the kernel's
/// element-by-element fallback, slower than the vectorized kernels.
bool hasInvariantParameters(KernelId kernel, const LoadedCudaModule &module,
                            const QuantizeFamilyProblem &problem) {
  const KernelCatalogEntry &entry = kernelCatalog()[kernel];
  int64_t strideElements = launchGridBlocks(kernel, module, problem) *
                           entry.threadsPerBlock * entry.vectorWidth;
  return strideElements % problem.period == 0;
}

/// Whether the launch of `kernel` (a 32-bit variant) for `problem` keeps
/// every size below KernelAbi.h's kIndex32Limit (familyFitsIndex32): the
/// variant writes nothing otherwise.
bool launchFitsIndex32(KernelId kernel, const LoadedCudaModule &module,
                       const QuantizeFamilyProblem &problem) {
  const KernelCatalogEntry &entry = kernelCatalog()[kernel];
  int64_t strideElements = launchGridBlocks(kernel, module, problem) *
                           entry.threadsPerBlock * entry.vectorWidth;
  return familyFitsIndex32(problem.numel, problem.block, problem.period,
                           strideElements);
}

} // namespace

Result<QuantizeFamilyPlan> QuantizeFamilyPlan::select(
    const Stream &stream, const QuantizeFamilyProblem &problem,
    PlanPreference preference, std::shared_ptr<const KernelLibrary> library,
    std::string sizes) {
  std::string prefix = quantizeFamilyName(problem.op, problem.layout) + ": ";
  Status valid = checkQuantizeFamilyProblem(problem, sizes);
  if (!valid.ok())
    return Status(valid.code(), prefix + valid.message());
  if (!library)
    return invalidProblem(prefix + "no kernel library (nullptr)");

  QuantizeFamilyPlan plan;
  plan.problem_ = problem;
  plan.prefix_ = prefix;
  plan.sizes_ = std::move(sizes);
  plan.backend_ = stream.backend();
  plan.sku_.category = OpCategory::Quantization;
  plan.sku_.op = quantizeSkuOp(problem.op, problem.layout);
  plan.sku_.element = problem.t;
  if (specOf(problem).hasQ)
    plan.sku_.aux_element = problem.q;
  plan.sku_.backend = BackendKind::Generated;
  plan.sku_.precision_guarantee = precisionFor(problem.t);

  QuantizeKernelKey key{problem.op, problem.layout == LayoutKind::PerTensor,
                        problem.t, problem.q};
  int wide = familyWideVectorWidth(problem.op, problem.t, problem.q);
  bool vectorized =
      preference != PlanPreference::PreferGeneric && stream.isCuda();

  const LoadedCudaModule *module = nullptr;
  if (stream.isCpu()) {
    if (!library->hasCpuKernels())
      return unsupported(prefix + "kernel library " + library->description() +
                         " has no CPU kernels");
    plan.sku_.arch = ArchSku::Cpu;
  } else {
    if (!library->hasCudaKernels())
      return unsupported(prefix + "kernel library " + library->description() +
                         " has no CUDA kernels");
    Result<CUcontext> context = stream.cudaContext();
    if (!context)
      return Status(context.status().code(),
                    prefix + context.status().message());
    Result<const LoadedCudaModule *> loaded = library->cudaModule(*context);
    if (!loaded)
      return Status(loaded.status().code(), prefix + loaded.status().message());
    module = *loaded;
    plan.sku_.arch = module->arch;
  }
  // The key's variants in the catalog's order, fastest first.
  const std::vector<KernelCatalogEntry> &catalog = kernelCatalog();
  for (size_t id = 0; id < catalog.size(); ++id) {
    const KernelCatalogEntry &entry = catalog[id];
    if (!(entry.key == key) || (entry.vectorWidth > 1 && !vectorized) ||
        (entry.asyncRing && !(module && module->launchesAsyncRings)) ||
        (entry.index32 && !(module && module->launchesIndex32Variants)) ||
        !quantizeFamilyWidthFits(problem, entry.vectorWidth,
                                 entry.parameterVectors))
      continue;
    auto kernel = static_cast<KernelId>(id);
    bool present = module ? module->functions[kernel] != nullptr
                          : library->cpuKernel(kernel) != nullptr;
    if (present && entry.parameterVectors &&
        !hasInvariantParameters(kernel, *module, problem))
      continue;
    if (present && entry.index32 &&
        !launchFitsIndex32(kernel, *module, problem))
      continue;
    // A block that is no power of two: the vectorized kernels' 32-bit loops
    // only (familyBlockNeedsIndex32).
    if (present && module && entry.vectorWidth > 1 &&
        !entry.parameterVectors && !key.perTensor &&
        familyBlockNeedsIndex32(problem.block) &&
        !launchFitsIndex32(kernel, *module, problem))
      continue;
    if (present)
      plan.kernels_.push_back(kernel);
  }
  // A library may lack some variants (e.g. an image without the generic
  // kernel): run() falls back to the last one present.
  if (plan.kernels_.empty())
    return unsupported(
        prefix + "kernel library " + library->description() + " has no " +
        (module ? "CUDA" : "CPU") + " kernel " + quantizeKernelName(key) +
        (specOf(problem).lowered ? ""
                                 : " (the compiler does not lower " +
                                       std::string(specOf(problem).symbol) +
                                       " yet: QuantizeFamily.def)"));
  // The size class: the wide kernels (the register one and its ring
  // variant) only where they fill a wave, and only in favour of the narrow
  // one (never of the generic kernel). The catalog lists a wide kernel only
  // where the op uses one (familyUsesWideKernel).
  auto isWide = [&](KernelId id) {
    return kernelCatalog()[id].vectorWidth == wide &&
           !kernelCatalog()[id].parameterVectors;
  };
  size_t wideKernels = 0;
  while (wideKernels < plan.kernels_.size() &&
         isWide(plan.kernels_[wideKernels]))
    ++wideKernels;
  if (module && preference == PlanPreference::Default && wideKernels > 0 &&
      wideKernels < plan.kernels_.size() &&
      kernelCatalog()[plan.kernels_[wideKernels]].vectorWidth != 1) {
    KernelId id = plan.kernels_[0];
    int64_t threadsPerWave = int64_t{std::max(1, module->multiprocessorCount)} *
                             module->residentBlocksPerMultiprocessor[id] *
                             kernelCatalog()[id].threadsPerBlock;
    if (!quantizePerGroupPrefersWideVectors(problem.numel, wide,
                                            threadsPerWave))
      plan.kernels_.erase(plan.kernels_.begin(),
                          plan.kernels_.begin() + wideKernels);
  }
  plan.sku_.variant = kernelCatalog()[plan.kernels_.front()].variant;
  plan.library_ = std::move(library);
  return Result<QuantizeFamilyPlan>(std::move(plan));
}

KernelId
QuantizeFamilyPlan::kernelFor(const QuantizeFamilyOperands &operands) const {
  for (KernelId kernel : kernels_)
    if (kernel == kernels_.back() ||
        isAlignedForWidth(problem_, operands,
                          kernelCatalog()[kernel].vectorWidth,
                          kernelCatalog()[kernel].parameterVectors))
      return kernel;
  return kernels_.back(); // Unreachable: the loop returns at the last.
}

KernelSku
QuantizeFamilyPlan::sku_for(const QuantizeFamilyOperands &operands) const {
  KernelSku sku = sku_;
  sku.variant = kernelCatalog()[kernelFor(operands)].variant;
  return sku;
}

struct QuantizeFamilyPlan::CudaLaunchTarget {
  CUcontext context = nullptr;
  const LoadedCudaModule *module = nullptr;
};

Status QuantizeFamilyPlan::can_implement(
    const QuantizeFamilyOperands &operands) const {
  return checkArgs(/*stream=*/nullptr, operands, /*target=*/nullptr);
}

Status QuantizeFamilyPlan::checkArgs(const Stream *stream,
                                     const QuantizeFamilyOperands &operands,
                                     CudaLaunchTarget *target) const {
  const KernelCatalogEntry &fallback = kernelCatalog()[kernels_.back()];
  Status valid =
      checkQuantizeFamilyOperands(problem_, operands, fallback.vectorWidth,
                                  prefix_, fallback.variant, sizes_);
  if (!valid.ok() || problem_.numel == 0)
    return valid;
  if (backend_ == Backend::Cpu) {
    // The CPU only needs the driver where CUDA memory can exist.
    const CudaDriver *driver = CudaDriver::getIfCudaMemoryCanExist();
    if (!driver)
      return Status::success();
    return checkQuantizeFamilyPlacement(*driver, Backend::Cpu, DeviceTarget{},
                                        problem_, operands, prefix_);
  }
  Status whyNot;
  const CudaDriver *driver = CudaDriver::get(&whyNot); // Loaded by select().
  if (!driver)
    return Status(whyNot.code(), prefix_ + whyNot.message());
  if (!stream)
    return checkQuantizeFamilyPlacement(*driver, Backend::Cuda,
                                        currentDeviceTarget(*driver), problem_,
                                        operands, prefix_);
  Result<CUcontext> context = stream->cudaContext();
  if (!context)
    return Status(context.status().code(),
                  prefix_ + context.status().message());
  Result<const LoadedCudaModule *> module = library_->cudaModule(*context);
  if (!module)
    return Status(module.status().code(), prefix_ + module.status().message());
  target->context = *context;
  target->module = *module;
  return checkQuantizeFamilyPlacement(
      *driver, Backend::Cuda, DeviceTarget{*context, (*module)->deviceOrdinal},
      problem_, operands, prefix_);
}

Status QuantizeFamilyPlan::checkStream(const Stream &stream) const {
  if (stream.backend() != backend_)
    return invalidProblem(prefix_ + "the plan was selected for " +
                          backendName(backend_) + " but runs on a " +
                          backendName(stream.backend()) + " stream");
  return Status::success();
}

Status QuantizeFamilyPlan::run(const Stream &stream, Workspace workspace,
                               const QuantizeFamilyOperands &operands) const {
  Status valid = checkStream(stream);
  if (!valid.ok())
    return valid;
  CudaLaunchTarget target;
  valid = checkArgs(&stream, operands, &target);
  if (!valid.ok())
    return valid;
  if (workspace.bytes < workspace_size())
    return Status(StatusCode::WorkspaceTooSmall,
                  prefix_ + "workspace (" + std::to_string(workspace.bytes) +
                      " bytes) must hold at least workspace_size() (" +
                      std::to_string(workspace_size()) + " bytes)");
  if (problem_.numel == 0)
    return Status::success();
  KernelId kernel = kernelFor(operands);
  return backend_ == Backend::Cpu
             ? launchCpu(kernel, stream, operands)
             : launchCuda(kernel, stream, target, operands);
}

Status
QuantizeFamilyPlan::launchCpu(KernelId kernel, const Stream &stream,
                              const QuantizeFamilyOperands &operands) const {
  Result<int> threads = stream.cpuThreads();
  if (!threads)
    return Status(threads.status().code(),
                  prefix_ + threads.status().message());
  const QuantizeOpSpec &op = specOf(problem_);
  int n = op.numOperands();
  // The unit a chunk holds whole: per tensor an element (the kernel takes a
  // partial block); where the parameter index wraps, a whole cycle of
  // block * period elements (each chunk restarts at parameter 0); else a
  // block with its one parameter (each chunk starts at its first block's).
  bool perTensor = problem_.layout == LayoutKind::PerTensor;
  bool wraps = !perTensor && problem_.parametersWrap();
  int64_t unit = perTensor ? 1
                 : wraps   ? problem_.block * problem_.period
                           : problem_.block;
  int64_t numUnits = problem_.numel / unit;
  std::vector<int64_t> dataBytes, unitBytes;
  for (int i = 0; i < n; ++i) {
    if (!isParameterSlot(problem_, i))
      dataBytes.push_back(static_cast<int64_t>(operandBytes(problem_, i)));
    else if (!perTensor && !wraps)
      unitBytes.push_back(static_cast<int64_t>(operandBytes(problem_, i)));
  }
  CpuGroupPartition partition =
      partitionGroupsForCpu(numUnits, unit, dataBytes, unitBytes, *threads);
  void *entry = library_->cpuKernel(kernel);
  auto runChunk = [&](int64_t chunk) {
    int64_t first = chunk * partition.groupsPerChunk;
    int64_t units = std::min(partition.groupsPerChunk, numUnits - first);
    CpuCall call;
    call.numel = units * unit;
    call.block = perTensor ? call.numel : problem_.block;
    call.period = perTensor ? 1 : wraps ? problem_.period : units;
    call.qMin = problem_.q_min;
    call.qMax = problem_.q_max;
    call.divisor = familyBlockDivisorArgs(call.block);
    call.scale = operands.scale;
    call.zeroPoint = operands.zero_point;
    for (int i = 0; i < n; ++i) {
      const char *base = static_cast<const char *>(operands.data[i]);
      int64_t bytes = static_cast<int64_t>(operandBytes(problem_, i));
      if (!isParameterSlot(problem_, i)) {
        call.data[i] = base + first * unit * bytes;
        call.lengths[i] = call.numel;
      } else if (!perTensor) {
        call.data[i] = wraps ? base : base + first * bytes;
        call.lengths[i] = call.period;
      } else {
        call.data[i] = nullptr;
        call.lengths[i] = 0;
      }
    }
    invokeCpu(entry, problem_, call);
  };
  cpuParallelFor(partition.numChunks, partition.threads, runChunk);
  return Status::success();
}

Status
QuantizeFamilyPlan::launchCuda(KernelId kernel, const Stream &stream,
                               const CudaLaunchTarget &target,
                               const QuantizeFamilyOperands &operands) const {
  const CudaDriver &driver = *CudaDriver::get();
  const LoadedCudaModule *module = target.module;
  CUfunction function = module->functions[kernel];
  if (!function)
    return unsupported(prefix_ + "the module of kernel library " +
                       library_->description() + " in this context has no " +
                       KernelLibrary::kernelName(kernel));
  const QuantizeOpSpec &op = specOf(problem_);
  int n = op.numOperands();
  MemRefParams memrefs[kMaxQuantizeOperands];
  float scale32 = static_cast<float>(operands.scale);
  double scale64 = operands.scale;
  int32_t zeroPoint = operands.zero_point;
  int64_t numel = problem_.numel, block = problem_.block,
          period = problem_.period;
  int32_t qMin = problem_.q_min, qMax = problem_.q_max;
  FamilyBlockDivisor divisor = familyBlockDivisorArgs(block);
  uint32_t blockMagic = divisor.magic;
  int32_t blockShift = divisor.shift;
  void *params[kMaxQuantizeOperands * 5 + 7];
  size_t count = 0;
  for (int i = 0; i < n; ++i) {
    if (byValue(problem_, i)) {
      bool scale = op.operands[i].role == QuantizeOperandRole::ScaleT;
      params[count++] = !scale ? static_cast<void *>(&zeroPoint)
                        : problem_.t == ElementKind::F64
                            ? static_cast<void *>(&scale64)
                            : static_cast<void *>(&scale32);
      continue;
    }
    CUdeviceptr pointer = reinterpret_cast<CUdeviceptr>(operands.data[i]);
    memrefs[i] = {pointer, pointer, 0, operandLength(problem_, i), 1};
    params[count++] = &memrefs[i].allocated;
    params[count++] = &memrefs[i].aligned;
    params[count++] = &memrefs[i].offset;
    params[count++] = &memrefs[i].size;
    params[count++] = &memrefs[i].stride;
  }
  for (void *scalar :
       {static_cast<void *>(&numel), static_cast<void *>(&block),
        static_cast<void *>(&period), static_cast<void *>(&qMin),
        static_cast<void *>(&qMax), static_cast<void *>(&blockMagic),
        static_cast<void *>(&blockShift)})
    params[count++] = scalar;

  const KernelCatalogEntry &entry = kernelCatalog()[kernel];
  auto blocks =
      static_cast<unsigned>(launchGridBlocks(kernel, *module, problem_));

  ScopedCudaContext scoped(driver, target.context);
  if (scoped.result() != CUDA_SUCCESS)
    return cudaError(driver, scoped.result(),
                     prefix_ + "cannot make the stream's CUDA context current");
  if (CUresult result = driver.cuLaunchKernel(
          function, blocks, 1, 1, entry.threadsPerBlock, 1, 1,
          /*sharedMemBytes=*/0, stream.cudaStream(), params, /*extra=*/nullptr))
    return cudaError(driver, result,
                     prefix_ + "cuLaunchKernel(" + entry.gpuName + ", grid " +
                         std::to_string(blocks) + ", block " +
                         std::to_string(entry.threadsPerBlock) + ")");
  return Status::success();
}

} // namespace baracuda
