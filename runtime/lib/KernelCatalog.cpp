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
      KernelCatalogEntry entry;
      entry.gpuName =
          familyKernelName(FamilyOp::Quantize, /*perTensor=*/false,
                           kernel.input, kernel.output, kernel.vectorWidth);
      if (kernel.isGeneric()) // The CPU has no vectorized kernels.
        entry.cpuSymbol =
            "_mlir_ciface_" + familyCpuKernelName(FamilyOp::Quantize,
                                                  /*perTensor=*/false,
                                                  kernel.input, kernel.output);
      entries.push_back(std::move(entry));
    }
    return entries;
  }();
  return catalog;
}

} // namespace baracuda
