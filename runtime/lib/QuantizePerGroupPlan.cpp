//===- QuantizePerGroupPlan.cpp - quantize_per_group forward plan ---------===//

#include "baracuda/runtime/QuantizePerGroupPlan.h"

#include "CpuParallel.h"
#include "KernelCatalog.h"
#include "QuantizePerGroupChecks.h"
#include "QuantizePerGroupKernels.h"
#include "ScopedCudaContext.h"

#include "baracuda/Support/KernelAbi.h"
#include "baracuda/runtime/CpuThreadPool.h"
#include "baracuda/runtime/CudaDriver.h"

#include <algorithm>

namespace baracuda {

namespace {

constexpr const char *kPrefix = "quantize_per_group: ";

PrecisionGuarantee precisionFor(ElementKind input) {
  bool f64 = input == ElementKind::F64;
  PrecisionGuarantee guarantee;
  guarantee.math_precision = f64 ? MathPrecision::F64 : MathPrecision::F32;
  guarantee.accumulator = f64 ? ElementKind::F64 : ElementKind::F32;
  guarantee.bit_stable_on_same_hardware = true;
  guarantee.deterministic = true;
  return guarantee;
}

std::string missingKernelMessage(const QuantizePerGroupDescriptor &desc,
                                 const KernelLibrary &library,
                                 const char *where) {
  return std::string(kPrefix) + "kernel library " + library.description() +
         " has no " + where + " kernel " +
         familyKernelName(FamilyOp::Quantize, /*perTensor=*/false,
                          desc.input_element, desc.output_element) +
         " (nor a variant of it that fits group_size " +
         std::to_string(desc.group_size) + ")";
}

/// One memref<?xT> of KernelAbi.h as the GPU kernel receives it.
struct MemRefParams {
  CUdeviceptr allocated;
  CUdeviceptr aligned;
  int64_t offset;
  int64_t size;
  int64_t stride;

  MemRefParams(const void *data, int64_t elements)
      : allocated(reinterpret_cast<CUdeviceptr>(data)), aligned(allocated),
        offset(0), size(elements), stride(1) {}
};

} // namespace

Result<UntypedQuantizePerGroupPlan> UntypedQuantizePerGroupPlan::select(
    const Stream &stream, const QuantizePerGroupDescriptor &desc,
    PlanPreference preference, std::shared_ptr<const KernelLibrary> library) {
  Status valid = checkQuantizePerGroupDescriptor(desc);
  if (!valid.ok())
    return valid;
  if (!library)
    return invalidProblem(std::string(kPrefix) + "no kernel library (nullptr)");

  UntypedQuantizePerGroupPlan plan;
  plan.desc_ = desc;
  plan.backend_ = stream.backend();
  plan.sku_.category = OpCategory::Quantization;
  plan.sku_.op = static_cast<uint16_t>(QuantizeKind::PerGroup);
  plan.sku_.element = desc.input_element;
  plan.sku_.aux_element = desc.output_element;
  plan.sku_.backend = BackendKind::Generated;
  plan.sku_.precision_guarantee = precisionFor(desc.input_element);

  // The variants run() may launch, preferred first; it takes the first
  // whose alignment the operands meet.
  std::vector<size_t> rows;
  if (stream.isCpu()) {
    if (!library->hasCpuKernels())
      return unsupported(std::string(kPrefix) + "kernel library " +
                         library->description() + " has no CPU kernels");
    rows = quantizePerGroupCandidates(
        desc, preference,
        [&](size_t r) {
          return library->cpuKernel(quantizePerGroupKernelId(r)) != nullptr;
        },
        [](size_t) { return false; });
    if (rows.empty())
      return unsupported(missingKernelMessage(desc, *library, "CPU"));
    plan.sku_.arch = ArchSku::Cpu;
  } else {
    if (!library->hasCudaKernels())
      return unsupported(std::string(kPrefix) + "kernel library " +
                         library->description() + " has no CUDA kernels");
    Result<CUcontext> context = stream.cudaContext();
    if (!context)
      return Status(context.status().code(),
                    kPrefix + context.status().message());
    Result<const LoadedCudaModule *> module = library->cudaModule(*context);
    if (!module)
      return Status(module.status().code(),
                    kPrefix + module.status().message());
    const LoadedCudaModule &loaded = **module;
    // The size class: the wide kernel only for problems that fill one wave
    // of its threads on this device.
    auto belowWideSizeClass = [&](size_t r) {
      KernelId id = quantizePerGroupKernelId(r);
      int64_t threadsPerWave =
          int64_t{std::max(1, loaded.multiprocessorCount)} *
          loaded.residentBlocksPerMultiprocessor[id] *
          kernelCatalog()[id].threadsPerBlock;
      return !quantizePerGroupPrefersWideVectors(
          numElements(desc), quantizePerGroupKernels()[r].vectorWidth,
          threadsPerWave);
    };
    rows = quantizePerGroupCandidates(
        desc, preference,
        [&](size_t r) {
          return loaded.functions[quantizePerGroupKernelId(r)] != nullptr;
        },
        belowWideSizeClass);
    if (rows.empty())
      return unsupported(missingKernelMessage(desc, *library, "CUDA"));
    plan.sku_.arch = loaded.arch;
  }
  plan.rows_ = rows;
  plan.sku_.variant = quantizePerGroupKernels()[rows.front()].variant;
  plan.library_ = std::move(library);
  return Result<UntypedQuantizePerGroupPlan>(std::move(plan));
}

size_t UntypedQuantizePerGroupPlan::kernelFor(
    const UntypedQuantizePerGroupArgs &args) const {
  for (size_t row : rows_)
    if (row == rows_.back() ||
        isAlignedFor(quantizePerGroupKernels()[row], args))
      return row;
  return rows_.back(); // Unreachable: the loop returns at the last.
}

KernelSku UntypedQuantizePerGroupPlan::sku_for(
    const UntypedQuantizePerGroupArgs &args) const {
  KernelSku sku = sku_;
  sku.variant = quantizePerGroupKernels()[kernelFor(args)].variant;
  return sku;
}

struct UntypedQuantizePerGroupPlan::CudaLaunchTarget {
  CUcontext context = nullptr;
  const LoadedCudaModule *module = nullptr;
};

Status UntypedQuantizePerGroupPlan::can_implement(
    const UntypedQuantizePerGroupArgs &args) const {
  return checkArgs(/*stream=*/nullptr, args, /*target=*/nullptr);
}

Status
UntypedQuantizePerGroupPlan::checkArgs(const Stream *stream,
                                       const UntypedQuantizePerGroupArgs &args,
                                       CudaLaunchTarget *target) const {
  // The last variant's alignment is the requirement: run() picks it for
  // operands that miss the others'.
  Status operands = checkQuantizePerGroupOperands(
      desc_, quantizePerGroupKernels()[rows_.back()], args);
  if (!operands.ok() || numElements(desc_) == 0)
    return operands;
  if (backend_ == Backend::Cpu) {
    // The CPU only needs the driver where CUDA memory can exist.
    const CudaDriver *driver = CudaDriver::getIfCudaMemoryCanExist();
    if (!driver)
      return Status::success();
    return checkQuantizePerGroupPlacement(*driver, Backend::Cpu, DeviceTarget{},
                                          args);
  }
  Status whyNot;
  const CudaDriver *driver = CudaDriver::get(&whyNot); // Loaded by select().
  if (!driver)
    return Status(whyNot.code(), kPrefix + whyNot.message());
  if (!stream)
    return checkQuantizePerGroupPlacement(*driver, Backend::Cuda,
                                          currentDeviceTarget(*driver), args);
  Result<CUcontext> context = stream->cudaContext();
  if (!context)
    return Status(context.status().code(),
                  kPrefix + context.status().message());
  // Cached per context: a lookup, unless this stream's context is new.
  Result<const LoadedCudaModule *> module = library_->cudaModule(*context);
  if (!module)
    return Status(module.status().code(), kPrefix + module.status().message());
  target->context = *context;
  target->module = *module;
  return checkQuantizePerGroupPlacement(
      *driver, Backend::Cuda, DeviceTarget{*context, (*module)->deviceOrdinal},
      args);
}

Status UntypedQuantizePerGroupPlan::run(
    const Stream &stream, Workspace workspace,
    const UntypedQuantizePerGroupArgs &args) const {
  if (stream.backend() != backend_)
    return invalidProblem(std::string(kPrefix) + "the plan was selected for " +
                          backendName(backend_) + " but runs on a " +
                          backendName(stream.backend()) + " stream");
  CudaLaunchTarget target;
  Status valid = checkArgs(&stream, args, &target);
  if (!valid.ok())
    return valid;
  if (workspace.bytes < workspace_size())
    return Status(StatusCode::WorkspaceTooSmall,
                  std::string(kPrefix) + "workspace (" +
                      std::to_string(workspace.bytes) +
                      " bytes) must hold at least workspace_size() (" +
                      std::to_string(workspace_size()) + " bytes)");
  if (numElements(desc_) == 0)
    return Status::success();
  size_t row = kernelFor(args);
  return backend_ == Backend::Cpu ? launchCpu(row, stream, args)
                                  : launchCuda(row, stream, target, args);
}

Status UntypedQuantizePerGroupPlan::launchCpu(
    size_t row, const Stream &stream,
    const UntypedQuantizePerGroupArgs &args) const {
  Result<int> threads = stream.cpuThreads();
  if (!threads)
    return Status(threads.status().code(),
                  kPrefix + threads.status().message());
  const QuantizePerGroupKernel &variant = quantizePerGroupKernels()[row];
  int64_t inBytes = static_cast<int64_t>(elementKindSize(desc_.input_element));
  int64_t outBytes =
      static_cast<int64_t>(elementKindSize(desc_.output_element));
  int64_t groupSize = desc_.group_size;
  int64_t numGroups = numGroupsTotal(desc_);
  CpuGroupPartition partition =
      partitionGroupsForCpu(numGroups, groupSize, {inBytes, outBytes},
                            {inBytes, int64_t{sizeof(int32_t)}}, *threads);
  void *entryPoint = library_->cpuKernel(quantizePerGroupKernelId(row));
  // Each chunk is the same kernel on a window of whole groups: element i of
  // the window is element first * groupSize + i of the problem, and its
  // group index restarts at 0, which the window's scale/zero_point match.
  auto runChunk = [&](int64_t chunk) {
    int64_t first = chunk * partition.groupsPerChunk;
    int64_t groups = std::min(partition.groupsPerChunk, numGroups - first);
    QuantizePerGroupCpuCall call;
    call.input = static_cast<const char *>(args.input.data) +
                 first * groupSize * inBytes;
    call.scale = static_cast<const char *>(args.scale.data) + first * inBytes;
    call.zeroPoint = static_cast<const int32_t *>(args.zero_point.data) + first;
    call.output =
        static_cast<char *>(args.output.data) + first * groupSize * outBytes;
    call.numElements = groups * groupSize;
    call.numGroups = groups;
    call.groupSize = groupSize;
    call.qMin = desc_.q_min;
    call.qMax = desc_.q_max;
    variant.invokeCpu(entryPoint, call);
  };
  cpuParallelFor(partition.numChunks, partition.threads, runChunk);
  return Status::success();
}

Status UntypedQuantizePerGroupPlan::launchCuda(
    size_t row, const Stream &stream, const CudaLaunchTarget &target,
    const UntypedQuantizePerGroupArgs &args) const {
  KernelId kernel = quantizePerGroupKernelId(row);
  const CudaDriver &driver = *CudaDriver::get();  // Loaded by select().
  const LoadedCudaModule *module = target.module; // Resolved by checkArgs.
  CUfunction function = module->functions[kernel];
  if (!function)
    return unsupported(std::string(kPrefix) + "the module of kernel library " +
                       library_->description() + " in this context has no " +
                       KernelLibrary::kernelName(kernel));

  int64_t elements = numElements(desc_);
  int64_t groups = numGroupsTotal(desc_);
  MemRefParams input(args.input.data, elements);
  MemRefParams scale(args.scale.data, groups);
  MemRefParams zeroPoint(args.zero_point.data, groups);
  MemRefParams output(args.output.data, elements);
  // KernelAbi.h's parameter layout for per_group: element i uses parameter
  // (i / group_size) % num_groups = i / group_size.
  int64_t block = desc_.group_size;
  int64_t period = groups;
  int32_t qMin = desc_.q_min;
  int32_t qMax = desc_.q_max;
  void *params[] = {&input.allocated,
                    &input.aligned,
                    &input.offset,
                    &input.size,
                    &input.stride,
                    &scale.allocated,
                    &scale.aligned,
                    &scale.offset,
                    &scale.size,
                    &scale.stride,
                    &zeroPoint.allocated,
                    &zeroPoint.aligned,
                    &zeroPoint.offset,
                    &zeroPoint.size,
                    &zeroPoint.stride,
                    &output.allocated,
                    &output.aligned,
                    &output.offset,
                    &output.size,
                    &output.stride,
                    &elements,
                    &block,
                    &period,
                    &qMin,
                    &qMax};
  static_assert(sizeof(params) / sizeof(params[0]) == 25,
                "KernelAbi.h: 4 memrefs x 5 + 5 scalars");

  const QuantizePerGroupKernel &variant = quantizePerGroupKernels()[row];
  int threadsPerBlock = kernelCatalog()[kernel].threadsPerBlock;
  auto blocks = static_cast<unsigned>(quantizePerGroupGridBlocks(
      variant.input, variant.vectorWidth, elements, module->multiprocessorCount,
      module->residentBlocksPerMultiprocessor[kernel]));

  ScopedCudaContext scoped(driver, target.context);
  if (scoped.result() != CUDA_SUCCESS)
    return cudaError(driver, scoped.result(),
                     std::string(kPrefix) +
                         "cannot make the stream's CUDA context current");
  if (CUresult result = driver.cuLaunchKernel(
          function, blocks, 1, 1, threadsPerBlock, 1, 1,
          /*sharedMemBytes=*/0, stream.cudaStream(), params,
          /*extra=*/nullptr))
    return cudaError(driver, result,
                     std::string(kPrefix) + "cuLaunchKernel(" +
                         KernelLibrary::kernelName(kernel) + ", grid " +
                         std::to_string(blocks) + ", block " +
                         std::to_string(threadsPerBlock) + ")");
  return Status::success();
}

} // namespace baracuda
