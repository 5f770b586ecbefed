//===- KernelCatalog.cpp - Every kernel name the runtime may launch -------===//

#include "KernelCatalog.h"

#include "baracuda/Support/KernelAbi.h"

namespace baracuda {

namespace {

/// The variants of one family kernel, fastest first: the wide and the narrow
/// vectorized GPU kernels (widths of KernelAbi.h for T), then the generic
/// one, the only one on the CPU. A library may lack any of them.
void addFamilyKernel(std::vector<KernelCatalogEntry> &entries,
                     const QuantizeKernelKey &key) {
  int bytes = static_cast<int>(elementKindSize(key.t));
  for (int width : {quantizePerGroupWideVectorWidthForBytes(bytes),
                    quantizePerGroupVectorWidthForBytes(bytes), 1}) {
    KernelCatalogEntry entry;
    entry.key = key;
    entry.vectorWidth = width;
    entry.variant = vectorVariantName(width);
    entry.threadsPerBlock = BARACUDA_QF_THREADS_PER_BLOCK;
    entry.gpuName = quantizeKernelName(key, width);
    if (width == 1)
      entry.cpuSymbol = "_mlir_ciface_" + quantizeCpuKernelName(key);
    entries.push_back(std::move(entry));
  }
}

} // namespace

const std::vector<KernelCatalogEntry> &kernelCatalog() {
  static const std::vector<KernelCatalogEntry> catalog = [] {
    std::vector<KernelCatalogEntry> entries;
    forEachQuantizeKernel(
        [&](const QuantizeKernelKey &key) { addFamilyKernel(entries, key); });
    return entries;
  }();
  return catalog;
}

std::optional<KernelId> findKernel(const QuantizeKernelKey &key,
                                   int vectorWidth) {
  const std::vector<KernelCatalogEntry> &catalog = kernelCatalog();
  for (size_t id = 0; id < catalog.size(); ++id)
    if (catalog[id].key == key && catalog[id].vectorWidth == vectorWidth)
      return static_cast<KernelId>(id);
  return std::nullopt;
}

} // namespace baracuda
