//===- Pipelines.cpp - Named baracuda pipelines ---------------------------===//
//
// The GPU pipeline follows upstream's gpu-lower-to-nvvm-pipeline
// (mlir/lib/Dialect/GPU/Pipelines/GPUToNVVMPipeline.cpp) step for step, except
// that it attaches one NVVM target per chip so a single gpu.binary holds
// cubin for sm_80 and sm_90 (and PTX, in fatbin format, for newer chips), and
// that kernels come from convert-baracuda-to-gpu rather than outlining.
//
//===----------------------------------------------------------------------===//

#include "baracuda/Pipelines/Pipelines.h"
#include "baracuda/Conversion/Passes.h"

#include "mlir/Conversion/Passes.h"
#include "mlir/Dialect/Arith/Transforms/Passes.h"
#include "mlir/Dialect/Bufferization/Transforms/Passes.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/GPU/Transforms/Passes.h"
#include "mlir/Dialect/LLVMIR/Transforms/Passes.h"
#include "mlir/Dialect/MemRef/Transforms/Passes.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassRegistry.h"
#include "mlir/Transforms/Passes.h"

using namespace mlir;

void mlir::baracuda::buildBaracudaBufferizePipeline(OpPassManager &pm) {
  bufferization::OneShotBufferizePassOptions options;
  options.bufferizeFunctionBoundaries = true;
  // Contiguous row-major buffers at function boundaries: what the kernels
  // and the runtime's flat tensors expect.
  options.functionBoundaryTypeConversion =
      bufferization::LayoutMapOption::IdentityLayoutMap;
  // An op inside a loop whose result is yielded writes a fresh buffer each
  // iteration, not the iter_arg's.
  options.allowReturnAllocsFromLoops = true;
  pm.addPass(bufferization::createOneShotBufferizePass(options));
  pm.addPass(createCanonicalizerPass());
}

namespace {
/// The run-time checks (unless turned off), then bufferization. The checks
/// come first so that they cover the ops of the input (the tensor op's
/// RuntimeVerifiableOpInterface, on tensors or on buffers, and upstream's
/// ops') but not the loads and
/// stores bufferization adds (e.g. the copy of a strided operand), which
/// would each get a bounds check.
void buildVerifyAndBufferize(OpPassManager &pm, bool runtimeVerification) {
  if (runtimeVerification)
    pm.addPass(createGenerateRuntimeVerificationPass());
  mlir::baracuda::buildBaracudaBufferizePipeline(pm);
  // Before any LLVM lowering, which would report a host memref in a
  // non-integer memory space and still succeed.
  pm.addPass(mlir::baracuda::createCheckHostMemorySpacesPass());
}

/// Registers pipeline `arg` whose options are validated before it is built:
/// a bad value fails the command line (non-zero exit) with a message.
template <typename Options>
void registerValidatedPipeline(
    StringRef arg, StringRef description,
    std::function<void(OpPassManager &, const Options &)> builder,
    std::function<std::optional<std::string>(const Options &)> validate) {
  registerPassPipeline(
      arg, description,
      [=](OpPassManager &pm, StringRef optionsText,
          function_ref<LogicalResult(const Twine &)> errorHandler) {
        Options options;
        if (failed(options.parseFromString(optionsText)))
          return errorHandler("cannot parse the options of " + arg + ": '" +
                              optionsText + "'");
        if (std::optional<std::string> error = validate(options))
          return errorHandler(arg + ": " + *error);
        builder(pm, options);
        return success();
      },
      [](function_ref<void(const detail::PassOptions &)> optHandler) {
        optHandler(Options());
      });
}

/// `sm_<digits>` with an optional `a` or `f` suffix (sm_90a, sm_100f).
bool isNVVMChipName(StringRef chip) {
  if (!chip.consume_front("sm_"))
    return false;
  if (chip.ends_with("a") || chip.ends_with("f"))
    chip = chip.drop_back();
  return !chip.empty() && chip.size() <= 3 &&
         llvm::all_of(chip, [](char c) { return c >= '0' && c <= '9'; });
}
} // namespace

std::optional<std::string>
mlir::baracuda::validateBaracudaToNVVMPipelineOptions(
    const BaracudaToNVVMPipelineOptions &options) {
  if (options.chips.empty())
    return std::string("chips must name at least one chip (e.g. sm_90)");
  for (const std::string &chip : options.chips)
    if (!isNVVMChipName(chip))
      return "chips: '" + chip +
             "' is not a chip name: expected sm_<number>, e.g. sm_80, sm_90a";
  const std::string &format = options.format;
  if (format != "fatbin" && format != "bin" && format != "isa" &&
      format != "llvm")
    return "format: '" + format + "' is not one of fatbin, bin, isa, llvm";
  if (options.optLevel < 0 || options.optLevel > 3)
    return "opt-level (" + std::to_string(options.optLevel) +
           ") must be in [0, 3]";
  if (options.vectorsPerThread != 0 &&
      (options.vectorsPerThread < kMinVectorsPerThread ||
       options.vectorsPerThread > kMaxVectorsPerThread))
    return "vectors-per-thread (" + std::to_string(options.vectorsPerThread) +
           ") must be 0 or in [" + std::to_string(kMinVectorsPerThread) + ", " +
           std::to_string(kMaxVectorsPerThread) + "]";
  if (options.threadsPerBlock != 0 &&
      !::baracuda::isValidThreadsPerBlock(options.threadsPerBlock))
    return "threads-per-block (" + std::to_string(options.threadsPerBlock) +
           ") must be 0 or a multiple of 32 in [32, 1024]";
  if (options.minBlocksPerMultiprocessor < 0 ||
      options.minBlocksPerMultiprocessor > kMaxBlocksPerMultiprocessor)
    return "min-blocks-per-multiprocessor (" +
           std::to_string(options.minBlocksPerMultiprocessor) +
           ") must be in [0, " + std::to_string(kMaxBlocksPerMultiprocessor) +
           "]";
  return std::nullopt;
}

void mlir::baracuda::buildBaracudaToNVVMPipeline(
    OpPassManager &pm, const BaracudaToNVVMPipelineOptions &options) {
  buildVerifyAndBufferize(pm, options.runtimeVerification);
  ConvertBaracudaToGPUPassOptions toGpu;
  toGpu.vectorsPerThread = options.vectorsPerThread;
  toGpu.threadsPerBlock = options.threadsPerBlock;
  toGpu.minBlocksPerMultiprocessor = options.minBlocksPerMultiprocessor;
  pm.addPass(createConvertBaracudaToGPUPass(toGpu));
  pm.addPass(createCanonicalizerPass());
  pm.addPass(createCSEPass());

  // Common part (as upstream).
  pm.addPass(createConvertNVGPUToNVVMPass());
  pm.addPass(createConvertVectorToSCFPass());
  pm.addPass(createSCFToControlFlowPass());
  pm.addPass(createConvertNVVMToLLVMPass());
  pm.addPass(createConvertFuncToLLVMPass());
  pm.addPass(memref::createExpandStridedMetadataPass());
  for (const std::string &chip : options.chips) {
    GpuNVVMAttachTargetOptions target;
    target.chip = chip;
    target.features = options.features;
    target.optLevel = options.optLevel;
    pm.addPass(createGpuNVVMAttachTarget(target));
  }
  pm.addPass(createLowerAffinePass());
  pm.addPass(createArithToLLVMConversionPass());
  pm.addPass(createConvertIndexToLLVMPass());
  pm.addPass(createCanonicalizerPass());
  pm.addPass(createCSEPass());

  // Device part.
  pm.addNestedPass<gpu::GPUModuleOp>(createStripDebugInfoPass());
  pm.addNestedPass<gpu::GPUModuleOp>(createConvertGpuOpsToNVVMOps());
  pm.addNestedPass<gpu::GPUModuleOp>(LLVM::createNVVMOptimizeForTargetPass());
  pm.addNestedPass<gpu::GPUModuleOp>(createCanonicalizerPass());
  pm.addNestedPass<gpu::GPUModuleOp>(createCSEPass());
  pm.addNestedPass<gpu::GPUModuleOp>(createReconcileUnrealizedCastsPass());

  // Host part, then serialization of the device part.
  pm.addPass(createGpuToLLVMConversionPass());
  GpuModuleToBinaryPassOptions binary;
  binary.compilationTarget = options.format;
  binary.toolkitPath = options.toolkit;
  pm.addPass(createGpuModuleToBinaryPass(binary));
  pm.addPass(createConvertMathToLLVMPass());
  pm.addPass(createCanonicalizerPass());
  pm.addPass(createCSEPass());
  pm.addPass(createReconcileUnrealizedCastsPass());
}

void mlir::baracuda::buildBaracudaToLLVMPipeline(
    OpPassManager &pm, const BaracudaToLLVMPipelineOptions &options) {
  buildVerifyAndBufferize(pm, options.runtimeVerification);
  pm.addPass(createConvertBaracudaToSCFPass());
  pm.addPass(createCanonicalizerPass());
  pm.addPass(createCSEPass());
  // bf16 widening as integer shifts: exact, vectorizable, and free of the
  // compiler-rt bf16 helpers that older libgcc lacks.
  arith::ArithExpandOpsPassOptions expand;
  expand.includeBf16 = true;
  pm.addPass(arith::createArithExpandOpsPass(expand));
  pm.addPass(createConvertVectorToSCFPass());
  pm.addPass(createSCFToControlFlowPass());
  pm.addPass(memref::createExpandStridedMetadataPass());
  pm.addPass(createLowerAffinePass());
  pm.addPass(createConvertVectorToLLVMPass());
  pm.addPass(createConvertMathToLLVMPass());
  pm.addPass(createArithToLLVMConversionPass());
  pm.addPass(createConvertIndexToLLVMPass());
  pm.addPass(createFinalizeMemRefToLLVMConversionPass());
  pm.addPass(createConvertFuncToLLVMPass());
  pm.addPass(createConvertControlFlowToLLVMPass());
  pm.addPass(createReconcileUnrealizedCastsPass());
  pm.addPass(createCanonicalizerPass());
  pm.addPass(createCSEPass());
}

void mlir::baracuda::registerBaracudaPipelines() {
  PassPipelineRegistration<>(
      "baracuda-bufferize",
      "One-shot bufferization of tensor-level baracuda IR with identity "
      "layouts at function boundaries.",
      buildBaracudaBufferizePipeline);
  registerValidatedPipeline<BaracudaToNVVMPipelineOptions>(
      "baracuda-to-nvvm",
      "Lower tensor-level baracuda IR to a gpu.binary (cubin and PTX per "
      "chip) plus llvm-dialect host code that launches it.",
      buildBaracudaToNVVMPipeline, validateBaracudaToNVVMPipelineOptions);
  registerValidatedPipeline<BaracudaToLLVMPipelineOptions>(
      "baracuda-to-llvm",
      "Lower tensor-level baracuda IR to llvm-dialect host code (CPU "
      "backend).",
      buildBaracudaToLLVMPipeline,
      [](const BaracudaToLLVMPipelineOptions &) -> std::optional<std::string> {
        return std::nullopt;
      });
}
