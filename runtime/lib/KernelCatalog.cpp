//===- KernelCatalog.cpp - Every kernel name the runtime may launch -------===//

#include "KernelCatalog.h"

#include "QuantizePerGroupKernels.h"

#include "baracuda/Support/KernelAbi.h"

namespace baracuda {

const std::vector<KernelCatalogEntry> &kernelCatalog() {
  static const std::vector<KernelCatalogEntry> catalog = [] {
    std::vector<KernelCatalogEntry> entries;
    for (size_t i = 0; i < numQuantizePerGroupKernels(); ++i) {
      const QuantizePerGroupKernel &kernel = quantizePerGroupKernels()[i];
      entries.push_back(
          {quantizePerGroupKernelName(kernel.input, kernel.output) +
               kernel.symbolSuffix,
           "_mlir_ciface_" +
               quantizePerGroupCpuKernelName(kernel.input, kernel.output) +
               kernel.symbolSuffix});
    }
    return entries;
  }();
  return catalog;
}

} // namespace baracuda
