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
  pm.addPass(bufferization::createOneShotBufferizePass(options));
  pm.addPass(createCanonicalizerPass());
}

void mlir::baracuda::buildBaracudaToNVVMPipeline(
    OpPassManager &pm, const BaracudaToNVVMPipelineOptions &options) {
  buildBaracudaBufferizePipeline(pm);
  ConvertBaracudaToGPUPassOptions toGpu;
  toGpu.vectorsPerThread = options.vectorsPerThread;
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

void mlir::baracuda::buildBaracudaToLLVMPipeline(OpPassManager &pm) {
  buildBaracudaBufferizePipeline(pm);
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
  PassPipelineRegistration<BaracudaToNVVMPipelineOptions>(
      "baracuda-to-nvvm",
      "Lower tensor-level baracuda IR to a gpu.binary (cubin and PTX per "
      "chip) plus llvm-dialect host code that launches it.",
      buildBaracudaToNVVMPipeline);
  PassPipelineRegistration<>(
      "baracuda-to-llvm",
      "Lower tensor-level baracuda IR to llvm-dialect host code (CPU "
      "backend).",
      buildBaracudaToLLVMPipeline);
}
