//===- KernelCatalogTest.cpp - Kernels are found by key, not by position --===//
//
// The catalog holds every op's kernels; a plan must find its own by key
// (issue 10: a plan indexing by its op's position was right only at offset
// 0). These tests fail if a plan's ids name another op's kernels.
//
//===----------------------------------------------------------------------===//

#include "KernelCatalog.h"

#include "baracuda/Support/KernelAbi.h"

#include <gtest/gtest.h>

#include <set>
#include <string>

namespace baracuda {
namespace {

// The vectorized variants a plan picks by (key, width) are the kernels of
// that key and width, under the variant name sku() reports; a wide kernel
// the library does not have (familyUsesWideKernel) is not in the catalog.
TEST(KernelCatalogTest, VectorizedVariantsAreFoundByKeyAndWidth) {
  size_t found = 0;
  forEachQuantizeKernel([&](const QuantizeKernelKey &key) {
    int wide = familyWideVectorWidth(key.op, key.t, key.q);
    if (!familyUsesWideKernel(key.op, key.t, key.q))
      EXPECT_FALSE(findKernel(key, wide)) << quantizeKernelName(key, wide);
    for (int width : {familyNarrowVectorWidth(key.op, key.t, key.q), wide}) {
      if (width == wide && !familyUsesWideKernel(key.op, key.t, key.q))
        continue;
      std::optional<KernelId> id = findKernel(key, width);
      ASSERT_TRUE(id) << quantizeKernelName(key, width);
      const KernelCatalogEntry &entry = kernelCatalog()[*id];
      EXPECT_EQ(entry.gpuName, quantizeKernelName(key, width));
      EXPECT_EQ(entry.gpuName,
                familyKernelName(key.op, key.perTensor, key.t, key.q, width));
      EXPECT_EQ(entry.vectorWidth, width);
      EXPECT_EQ(entry.variant, vectorVariantName(width));
      ++found;
    }
  });
  // The narrow width of every one of the 64 family kernels; the wide one of
  // the 32 of 16-bit T and of the 8 f32/f64 quantize kernels.
  EXPECT_EQ(found, 64u + 32u + 8u);
}

TEST(KernelCatalogTest, EveryFamilyKernelIsFoundUnderItsName) {
  size_t found = 0;
  forEachQuantizeKernel([&](const QuantizeKernelKey &key) {
    std::optional<KernelId> id = findKernel(key, 1);
    ASSERT_TRUE(id) << quantizeKernelName(key);
    const KernelCatalogEntry &entry = kernelCatalog()[*id];
    EXPECT_EQ(entry.gpuName, quantizeKernelName(key));
    EXPECT_EQ(entry.cpuSymbol, "_mlir_ciface_" + quantizeCpuKernelName(key));
    EXPECT_EQ(entry.variant, "generic");
    EXPECT_EQ(entry.threadsPerBlock, BARACUDA_QF_THREADS_PER_BLOCK);
    ++found;
  });
  // 4 ops per T (x 2 parameter kinds), 2 ops per (T, q): 2 x (4x4 + 2x8).
  EXPECT_EQ(found, 64u);
}

TEST(KernelCatalogTest, NamesAreUniqueAndVectorizedKernelsAreGpuOnly) {
  std::set<std::string> gpuNames, cpuSymbols;
  for (const KernelCatalogEntry &entry : kernelCatalog()) {
    EXPECT_TRUE(gpuNames.insert(entry.gpuName).second) << entry.gpuName;
    EXPECT_GT(entry.threadsPerBlock, 0) << entry.gpuName;
    if (entry.vectorWidth > 1) {
      EXPECT_TRUE(entry.cpuSymbol.empty()) << entry.gpuName;
      std::string suffix = (entry.parameterVectors ? "_pv" : "_v") +
                           std::to_string(entry.vectorWidth);
      EXPECT_TRUE(entry.gpuName.size() > suffix.size() &&
                  entry.gpuName.compare(entry.gpuName.size() - suffix.size(),
                                        suffix.size(), suffix) == 0)
          << entry.gpuName << " should end in " << suffix;
      EXPECT_EQ(entry.variant, (entry.parameterVectors ? "pvec" : "vec") +
                                   std::to_string(entry.vectorWidth));
      // Parameter-vector kernels read parameters from memory.
      EXPECT_FALSE(entry.parameterVectors && entry.key.perTensor)
          << entry.gpuName;
    } else {
      EXPECT_TRUE(cpuSymbols.insert(entry.cpuSymbol).second) << entry.cpuSymbol;
    }
  }
}

TEST(KernelCatalogTest, KeysOfOpsWithoutQIgnoreQ) {
  QuantizeKernelKey s8{FamilyOp::DequantizeBackward, false, ElementKind::F16,
                       ElementKind::S8};
  QuantizeKernelKey u8 = s8;
  u8.q = ElementKind::U8;
  EXPECT_EQ(findKernel(s8, 1), findKernel(u8, 1));
  EXPECT_EQ(quantizeKernelName(u8), "dequantize_backward_f16");
  QuantizeKernelKey quantize{FamilyOp::Quantize, true, ElementKind::BF16,
                             ElementKind::U8};
  EXPECT_EQ(quantizeKernelName(quantize, 16),
            "quantize_per_tensor_bf16_u8_v16");
}

} // namespace
} // namespace baracuda
