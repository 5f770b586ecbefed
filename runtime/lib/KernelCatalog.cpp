//===- KernelCatalog.cpp - Every kernel name the runtime may launch -------===//

#include "KernelCatalog.h"

#include "baracuda/Support/KernelAbi.h"

namespace baracuda {

namespace {

/// The variants of one family kernel, fastest first: for memory
/// parameters the parameter-vector GPU kernel (block 1; its 32-bit variant
/// first where it has one, familyHasParameterVectorIndex32), then the
/// vectorized GPU kernels the compiler emits (KernelAbi.h's
/// familyVectorWidths; the wide one's ring variant first where it has one,
/// familyAsyncRingStages), then the generic one, the only one on the CPU.
/// The builtin library has every one and no other (KernelCatalogTest reads
/// the embedded images; a CUDA test loads them); an external image may lack
/// any.
void addFamilyKernel(std::vector<KernelCatalogEntry> &entries,
                     const QuantizeKernelKey &key) {
  struct Variant {
    int width;
    bool parameterVectors;
    bool asyncRing = false;
    bool index32 = false;
  };
  std::vector<Variant> variants;
  if (!key.perTensor) {
    int width = familyParameterVectorWidth(key.op, key.t, key.q);
    if (familyHasParameterVectorIndex32(key.op, key.t, key.q))
      variants.push_back({width, true, false, /*index32=*/true});
    variants.push_back({width, true});
  }
  std::vector<int> widths =
      familyVectorWidths(key.op, key.t, key.q, key.perTensor);
  if (!key.perTensor && widths.size() > 1 &&
      familyAsyncRingStages(key.op, key.t, key.q) > 0)
    variants.push_back({widths.front(), false, /*asyncRing=*/true});
  for (int width : widths)
    variants.push_back({width, false});
  variants.push_back({1, false});
  for (Variant variant : variants) {
    KernelCatalogEntry entry;
    entry.key = key;
    entry.vectorWidth = variant.width;
    entry.parameterVectors = variant.parameterVectors;
    entry.asyncRing = variant.asyncRing;
    entry.index32 = variant.index32;
    entry.variant = vectorVariantName(variant.width, variant.parameterVectors,
                                      variant.asyncRing, variant.index32);
    entry.threadsPerBlock = familyThreadsPerBlock(key.op);
    entry.gpuName =
        familyKernelName(key.op, key.perTensor, key.t, key.q, variant.width,
                         variant.parameterVectors, variant.asyncRing,
                         variant.index32);
    if (variant.width == 1)
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
                                   int vectorWidth, bool parameterVectors,
                                   bool asyncRing, bool index32) {
  const std::vector<KernelCatalogEntry> &catalog = kernelCatalog();
  for (size_t id = 0; id < catalog.size(); ++id)
    if (catalog[id].key == key && catalog[id].vectorWidth == vectorWidth &&
        catalog[id].parameterVectors == parameterVectors &&
        catalog[id].asyncRing == asyncRing && catalog[id].index32 == index32)
      return static_cast<KernelId>(id);
  return std::nullopt;
}

} // namespace baracuda
