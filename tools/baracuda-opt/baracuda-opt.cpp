//===- baracuda-opt.cpp - baracuda pass driver ----------------------------===//
//
// mlir-opt with the baracuda dialect, its passes and named pipelines, and
// the upstream dialects, passes and extensions they lower through.
//
//===----------------------------------------------------------------------===//

#include "baracuda/Conversion/Passes.h"
#include "baracuda/Dialect/Baracuda/IR/BaracudaDialect.h"
#include "baracuda/Dialect/Baracuda/Transforms/BufferizableOpInterfaceImpl.h"
#include "baracuda/Pipelines/Pipelines.h"

#include "mlir/IR/DialectRegistry.h"
#include "mlir/InitAllDialects.h"
#include "mlir/InitAllExtensions.h"
#include "mlir/InitAllPasses.h"
#include "mlir/Target/LLVM/NVVM/Target.h"
#include "mlir/Target/LLVMIR/Dialect/All.h"
#include "mlir/Tools/mlir-opt/MlirOptMain.h"

int main(int argc, char **argv) {
  mlir::registerAllPasses();
  mlir::baracuda::registerBaracudaPasses();
  mlir::baracuda::registerBaracudaPipelines();

  mlir::DialectRegistry registry;
  mlir::registerAllDialects(registry);
  mlir::registerAllExtensions(registry);
  mlir::NVVM::registerNVVMTargetInterfaceExternalModels(registry);
  // gpu-module-to-binary translates the device code to LLVM IR in process.
  mlir::registerAllToLLVMIRTranslations(registry);
  registry.insert<mlir::baracuda::BaracudaDialect>();
  mlir::baracuda::registerBufferizableOpInterfaceExternalModels(registry);

  return mlir::asMainReturnCode(
      mlir::MlirOptMain(argc, argv, "baracuda optimizer driver\n", registry));
}
