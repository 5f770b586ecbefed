//===- baracuda-translate.cpp - baracuda translation driver ---------------===//
//
// mlir-translate with the baracuda exports of gpu.binary objects.
//
//===----------------------------------------------------------------------===//

#include "baracuda/Target/GpuBinaryExport.h"

#include "mlir/InitAllTranslations.h"
#include "mlir/Tools/mlir-translate/MlirTranslateMain.h"

int main(int argc, char **argv) {
  mlir::registerAllTranslations();
  mlir::baracuda::registerGpuBinaryExportTranslations();
  return mlir::failed(
      mlir::mlirTranslateMain(argc, argv, "baracuda translation driver"));
}
