//===- KernelAbiTest.cpp - Vector widths and size classes of KernelAbi.h --===//
//
// The constants both the compiler and the runtime derive kernels and launch
// choices from; a change here changes kernel names and the plan's choices.
//
//===----------------------------------------------------------------------===//

#include "baracuda/Support/KernelAbi.h"
#include "baracuda/Family/QuantizeFamily.h"
#include "baracuda/Support/SplitMix64.h"

#include <gtest/gtest.h>

#include <vector>

namespace baracuda {
namespace {

TEST(KernelAbiTest, VectorWidthsPerInputType) {
  EXPECT_EQ(quantizePerGroupVectorWidth(ElementKind::F16), 8);
  EXPECT_EQ(quantizePerGroupVectorWidth(ElementKind::BF16), 8);
  EXPECT_EQ(quantizePerGroupVectorWidth(ElementKind::F32), 4);
  EXPECT_EQ(quantizePerGroupVectorWidth(ElementKind::F64), 4);
  EXPECT_EQ(quantizePerGroupWideVectorWidth(ElementKind::F16), 16);
  EXPECT_EQ(quantizePerGroupWideVectorWidth(ElementKind::BF16), 16);
  EXPECT_EQ(quantizePerGroupWideVectorWidth(ElementKind::F32), 8);
  EXPECT_EQ(quantizePerGroupWideVectorWidth(ElementKind::F64), 8);
  EXPECT_EQ(familyKernelName(FamilyOp::Quantize, false, ElementKind::F16,
                             ElementKind::U8, 16),
            "quantize_f16_u8_v16");
}

// Every op's widths come from T (dequantize's too: from its 8-bit input
// they were slower, KernelAbi.h).
TEST(KernelAbiTest, FamilyVectorWidthsComeFromT) {
  EXPECT_EQ(familyNarrowVectorWidth(FamilyOp::Quantize, ElementKind::F32,
                                    ElementKind::S8),
            4);
  EXPECT_EQ(familyWideVectorWidth(FamilyOp::QuantizeBackward, ElementKind::F16,
                                  ElementKind::S8),
            16);
  EXPECT_EQ(familyNarrowVectorWidth(FamilyOp::Dequantize, ElementKind::F32,
                                    ElementKind::S8),
            4);
  // f64: 4 elements where their output still leaves in one 16-byte store
  // (quantize's 8-bit q), else 2: the output vector is stored whole.
  EXPECT_EQ(familyNarrowVectorWidth(FamilyOp::Quantize, ElementKind::F64,
                                    ElementKind::U8),
            4);
  EXPECT_EQ(familyNarrowVectorWidth(FamilyOp::Dequantize, ElementKind::F64,
                                    ElementKind::U8),
            2);
  EXPECT_EQ(familyWideVectorWidth(FamilyOp::Dequantize, ElementKind::F64,
                                  ElementKind::U8),
            4);
#define BARACUDA_QF_OP_VALUE(kind, ...) FamilyOp::kind,
  for (FamilyOp op : {BARACUDA_QF_OPS(BARACUDA_QF_OP_VALUE, )})
#undef BARACUDA_QF_OP_VALUE
    for (ElementKind t : {ElementKind::F16, ElementKind::BF16, ElementKind::F32,
                          ElementKind::F64})
      if (familyOperands(op).back().role != OperandRole::Quantized)
        EXPECT_EQ(familyNarrowVectorWidth(op, t, ElementKind::S8) *
                      familyOutputElementBytes(op, t, ElementKind::S8),
                  kVectorAccessBytes)
            << familyOpName(op) << " " << elementKindName(t);
  EXPECT_EQ(familyKernelName(FamilyOp::Dequantize, false, ElementKind::F32,
                             ElementKind::S8, 4, /*parameterVectors=*/true),
            "dequantize_f32_s8_pv4");
}

// The wide kernel where its output vector fits one 16-byte access
// (quantize's 8-bit output); where it takes more, staged through shared
// memory, only where the narrow kernel reads under 16 bytes of data per
// vector and loads its parameters per vector (dequantize with parameters in
// memory, every type) or reads at most 4 bytes (per-tensor dequantize of
// f32 and f64).
TEST(KernelAbiTest, WideKernelsOnlyWhereTheirOutputFitsOneAccessOrIsStaged) {
  for (ElementKind t : {ElementKind::F32, ElementKind::F64, ElementKind::F16,
                        ElementKind::BF16}) {
    for (bool perTensor : {true, false}) {
      EXPECT_TRUE(familyUsesWideKernel(FamilyOp::Quantize, t, ElementKind::U8,
                                       perTensor));
      for (FamilyOp op :
           {FamilyOp::DequantizeBackward, FamilyOp::QuantizeBackward,
            FamilyOp::FakeQuantize, FamilyOp::FakeQuantizeBackward})
        EXPECT_FALSE(familyUsesWideKernel(op, t, ElementKind::S8, perTensor))
            << familyOpName(op) << " " << elementKindName(t) << " "
            << perTensor;
    }
    EXPECT_FALSE(familyStagesWideStores(FamilyOp::Quantize, t, ElementKind::S8))
        << elementKindName(t);
    for (ElementKind q : {ElementKind::S8, ElementKind::U8}) {
      EXPECT_TRUE(familyStagesWideStores(FamilyOp::Dequantize, t, q))
          << elementKindName(t);
      EXPECT_TRUE(familyUsesWideKernel(FamilyOp::Dequantize, t, q,
                                       /*perTensor=*/false))
          << elementKindName(t);
      EXPECT_EQ(familyUsesWideKernel(FamilyOp::Dequantize, t, q,
                                     /*perTensor=*/true),
                elementKindSize(t) >= 4)
          << elementKindName(t);
    }
  }
  EXPECT_EQ(familyDataElementBytes(FamilyOp::Dequantize, ElementKind::F16,
                                   ElementKind::S8),
            1);
  EXPECT_EQ(familyDataElementBytes(FamilyOp::Quantize, ElementKind::F64,
                                   ElementKind::S8),
            8);
  EXPECT_EQ(familyVectorWidths(FamilyOp::Dequantize, ElementKind::F16,
                               ElementKind::S8, /*perTensor=*/false),
            (std::vector<int>{16, 8}));
  EXPECT_EQ(familyVectorWidths(FamilyOp::Dequantize, ElementKind::F32,
                               ElementKind::U8, /*perTensor=*/false),
            (std::vector<int>{8, 4}));
  EXPECT_EQ(familyVectorWidths(FamilyOp::Dequantize, ElementKind::F64,
                               ElementKind::S8, /*perTensor=*/false),
            (std::vector<int>{4, 2}));
  EXPECT_EQ(familyVectorWidths(FamilyOp::Dequantize, ElementKind::F16,
                               ElementKind::S8, /*perTensor=*/true),
            (std::vector<int>{8}));
  EXPECT_EQ(familyVectorWidths(FamilyOp::Dequantize, ElementKind::F32,
                               ElementKind::S8, /*perTensor=*/true),
            (std::vector<int>{8, 4}));
  EXPECT_EQ(familyVectorWidths(FamilyOp::Dequantize, ElementKind::F64,
                               ElementKind::U8, /*perTensor=*/true),
            (std::vector<int>{4, 2}));
}

// More than one vector per step for the parameter-vector kernels of 16-bit
// T (four data loads: four vectors for one data input, two for
// quantize_backward's two) and for the narrow kernels with parameters in
// memory whose vector reads at most 4 bytes of data (dequantize of f32 and
// f64): two, in block tiles; their wide (staged) kernels take one.
TEST(KernelAbiTest, VectorsPerThreadPerKernel) {
  using Op = FamilyOp;
  constexpr ElementKind s8 = ElementKind::S8, u8 = ElementKind::U8;
  EXPECT_EQ(familyDataInputCount(Op::Quantize), 1);
  EXPECT_EQ(familyDataInputCount(Op::Dequantize), 1);
  EXPECT_EQ(familyDataInputCount(Op::QuantizeBackward), 2);
  EXPECT_EQ(familyDataInputCount(Op::DequantizeBackward), 1);
  EXPECT_EQ(familyDataInputCount(Op::FakeQuantize), 1);
  EXPECT_EQ(familyDataInputCount(Op::FakeQuantizeBackward), 2);
  // On the narrow kernel (the parameter-vector kernels' width too).
  auto perStep = [](Op op, ElementKind t, ElementKind q, bool perTensor,
                    bool parameterVectors) {
    return familyVectorsPerThread(op, t, q, perTensor, parameterVectors,
                                  familyNarrowVectorWidth(op, t, q));
  };
  auto perWideStep = [](Op op, ElementKind t, ElementKind q, bool perTensor) {
    return familyVectorsPerThread(op, t, q, perTensor,
                                  /*parameterVectors=*/false,
                                  familyWideVectorWidth(op, t, q));
  };
  for (ElementKind t : {ElementKind::F16, ElementKind::BF16}) {
    // The parameter-vector kernels of the ops with a range take one vector
    // per step from their ring of asynchronous copies.
    EXPECT_EQ(perStep(Op::Quantize, t, s8, false, /*parameterVectors=*/true),
              1);
    EXPECT_EQ(perStep(Op::QuantizeBackward, t, s8, false, true), 1);
    EXPECT_EQ(perStep(Op::Dequantize, t, u8, false, true), 4);
    EXPECT_EQ(perStep(Op::DequantizeBackward, t, s8, false, true), 4);
    EXPECT_EQ(perStep(Op::QuantizeBackward, t, s8, false, false), 1);
    EXPECT_EQ(perStep(Op::Quantize, t, s8, false, false), 1);
    // 16-bit dequantize reads 8 bytes of q per narrow vector.
    EXPECT_EQ(perStep(Op::Dequantize, t, s8, false, false), 1);
  }
  for (ElementKind t : {ElementKind::F32, ElementKind::F64}) {
    for (ElementKind q : {s8, u8}) {
      EXPECT_EQ(perStep(Op::Dequantize, t, q, /*perTensor=*/false, false), 2);
      EXPECT_TRUE(familyStagesWideStores(Op::Dequantize, t, q));
      EXPECT_EQ(perWideStep(Op::Dequantize, t, q, /*perTensor=*/false), 1);
      EXPECT_EQ(perStep(Op::Dequantize, t, q, /*perTensor=*/true, false), 1);
      EXPECT_EQ(perStep(Op::Dequantize, t, q, false, /*pv=*/true), 1);
    }
    for (Op op : {Op::Quantize, Op::QuantizeBackward, Op::DequantizeBackward,
                  Op::FakeQuantize, Op::FakeQuantizeBackward})
      for (bool perTensor : {true, false})
        for (bool parameterVectors : {true, false}) {
          EXPECT_EQ(perStep(op, t, s8, perTensor, parameterVectors), 1);
          EXPECT_EQ(perWideStep(op, t, s8, perTensor), 1);
        }
  }
}

// Which GPUs run the ring variants: DRAM bandwidth per SM from 30 GB/s.
// Peak bandwidths from the drivers' memory clock and bus width: H100 SXM
// (2619 MHz x 2 x 5120 bits, 132 SMs), H200 (3201 MHz x 2 x 6016 bits as its
// driver reported on 2026-11-28, 132 SMs), A100 40 GB (1215 MHz x 2 x 5120
// bits, 108 SMs).
TEST(KernelAbiTest, AsyncRingsByMemoryBandwidthPerMultiprocessor) {
  auto peak = [](double clockMHz, double busBits) {
    return 2.0 * clockMHz * 1e6 * busBits / 8.0;
  };
  EXPECT_FALSE(familyPrefersAsyncRings(peak(2619, 5120), 132));
  EXPECT_TRUE(familyPrefersAsyncRings(peak(3201, 6016), 132));
  EXPECT_FALSE(familyPrefersAsyncRings(peak(1215, 5120), 108));
  EXPECT_TRUE(familyPrefersAsyncRings(30e9 * 100, 100));
  EXPECT_FALSE(familyPrefersAsyncRings(30e9 * 100 - 1, 100));
  // A driver that does not say (0 bytes per second, or no SMs): registers.
  EXPECT_FALSE(familyPrefersAsyncRings(0, 132));
  EXPECT_FALSE(familyPrefersAsyncRings(peak(3201, 6016), 0));
  // Rings where memory is fast per SM, the device class the per-tensor
  // grids follow too (familyMaxWaves).
  for (double bytesPerSecond : {0.0, peak(2619, 5120), peak(3201, 6016),
                                30e9 * 132, 30e9 * 132 - 1})
    EXPECT_EQ(familyPrefersAsyncRings(bytesPerSecond, 132),
              familyHasFastMemory(bytesPerSecond, 132))
        << bytesPerSecond;
}

// The rings of asynchronous copies: the parameter-vector kernels of the ops
// with a range, slots by T's size and data inputs; the ring variants of
// 16-bit quantize's wide kernel with parameters in memory; every vector a
// whole number of copies.
TEST(KernelAbiTest, AsyncRingsByKernel) {
  using Op = FamilyOp;
  constexpr ElementKind s8 = ElementKind::S8, u8 = ElementKind::U8;
  struct Row {
    ElementKind t;
    int oneInput, twoInputs;
  };
  for (Row row : {Row{ElementKind::F16, 4, 3}, Row{ElementKind::BF16, 4, 3},
                  Row{ElementKind::F32, 3, 2}, Row{ElementKind::F64, 4, 2}}) {
    for (ElementKind q : {s8, u8}) {
      EXPECT_EQ(familyParameterVectorAsyncStages(Op::Quantize, row.t, q),
                row.oneInput);
      EXPECT_EQ(familyParameterVectorAsyncStages(Op::Dequantize, row.t, q), 0);
    }
    EXPECT_EQ(familyParameterVectorAsyncStages(Op::FakeQuantize, row.t, s8),
              row.oneInput);
    EXPECT_EQ(familyParameterVectorAsyncStages(Op::QuantizeBackward, row.t, s8),
              row.twoInputs);
    EXPECT_EQ(
        familyParameterVectorAsyncStages(Op::FakeQuantizeBackward, row.t, s8),
        row.twoInputs);
    EXPECT_EQ(
        familyParameterVectorAsyncStages(Op::DequantizeBackward, row.t, s8), 0);
  }
  // The ring variants of the wide kernels with parameters in memory: the
  // ops with a range and one data input, 16-bit T, where they have a wide
  // kernel (quantize; fake_quantize's 16-bit output vector would not fit
  // one access): two slots; nothing else.
  for (ElementKind t : {ElementKind::F16, ElementKind::BF16}) {
    for (ElementKind q : {s8, u8})
      EXPECT_EQ(familyAsyncRingStages(Op::Quantize, t, q), 2);
    for (Op op : {Op::FakeQuantize, Op::QuantizeBackward,
                  Op::FakeQuantizeBackward, Op::Dequantize,
                  Op::DequantizeBackward})
      EXPECT_EQ(familyAsyncRingStages(op, t, s8), 0);
  }
  for (ElementKind t : {ElementKind::F32, ElementKind::F64})
    EXPECT_EQ(familyAsyncRingStages(Op::Quantize, t, s8), 0);
  // A kernel with a ring runs one wave.
  for (bool fast : {false, true}) {
    EXPECT_EQ(familyMaxWaves(Op::Quantize, ElementKind::F16, s8, false, false,
                             5 * 256, /*asyncRing=*/true, fast),
              1);
    EXPECT_EQ(familyMaxWaves(Op::Quantize, ElementKind::F16, s8, false, false,
                             5 * 256, /*asyncRing=*/false, fast),
              kQuantizeMaxWaves);
  }
  // Every ring variant's vector is 32 bytes of T: two whole 16-byte copies.
  forEachQuantizeKernel([](const QuantizeKernelKey &key) {
    if (familyAsyncRingStages(key.op, key.t, key.q) == 0)
      return;
    EXPECT_EQ(familyWideVectorWidth(key.op, key.t, key.q) *
                  static_cast<int>(elementKindSize(key.t)),
              2 * kVectorAccessBytes)
        << quantizeKernelName(key);
  });
  // Every ring's vector is 16 or 32 bytes of T: whole 16-byte copies.
  forEachQuantizeKernel([](const QuantizeKernelKey &key) {
    if (key.perTensor ||
        familyParameterVectorAsyncStages(key.op, key.t, key.q) == 0)
      return;
    int bytes = familyParameterVectorWidth(key.op, key.t, key.q) *
                static_cast<int>(elementKindSize(key.t));
    EXPECT_EQ(bytes % kVectorAccessBytes, 0) << quantizeKernelName(key);
  });
}

// Parameter-vector kernels: block 1, period and size multiples of the width.
TEST(KernelAbiTest, ParameterVectorKernelsFitBlockOneOnly) {
  EXPECT_TRUE(familyParameterVectorWidthFits(8, 1, 4096, 8192));
  EXPECT_FALSE(familyParameterVectorWidthFits(8, 2, 4096, 8192));
  EXPECT_FALSE(familyParameterVectorWidthFits(8, 1, 4092, 8184));
  EXPECT_FALSE(familyParameterVectorWidthFits(8, 1, 4096, 8196));
  EXPECT_FALSE(familyParameterVectorWidthFits(1, 1, 4096, 8192));
}

// Their grid is rounded up so that the stride in elements is a multiple of
// the period (parameters loaded once per thread), unless that more than
// doubles it.
TEST(KernelAbiTest, ParameterVectorGridsMakeTheStrideAMultipleOfThePeriod) {
  // 256 threads x 8 = 2048 elements per block: period 4096 needs even grids.
  EXPECT_EQ(familyParameterVectorGridBlocks(1055, 256, 8, 4096), 1056);
  EXPECT_EQ(familyParameterVectorGridBlocks(1056, 256, 8, 4096), 1056);
  // The stride counts the block's threads: 1053 blocks of 256 x 8 round to
  // a multiple of 2, of 128 x 8 to a multiple of 4.
  EXPECT_EQ(familyParameterVectorGridBlocks(1053, 256, 8, 4096), 1054);
  EXPECT_EQ(familyParameterVectorGridBlocks(1053, 128, 8, 4096), 1056);
  // 11008 = 2^8 * 43: 43 blocks of 2048 elements.
  EXPECT_EQ(familyParameterVectorGridBlocks(1000, 256, 8, 11008), 1032);
  for (int64_t blocks : {1, 7, 1000, 1055})
    for (int64_t period : {48, 4096, 11008, 12288})
      if (int64_t grid =
              familyParameterVectorGridBlocks(blocks, 256, 4, period);
          grid != blocks) {
        EXPECT_GT(grid, blocks);
        EXPECT_LE(grid, 2 * blocks);
        EXPECT_EQ(grid * 256 * 4 % period, 0) << blocks << " " << period;
      }
  // A period of 2^20 * 3 would need grids of multiples of 3072 blocks.
  EXPECT_EQ(familyParameterVectorGridBlocks(1000, 256, 4, 3 << 20), 1000);
}

// Within the waves the kernel may take (maxBlocks): where the multiple above
// passes them, the grid is rounded down to the multiple below, not into a
// last wave of a few blocks; where there is no multiple below, as above.
TEST(KernelAbiTest, ParameterVectorGridsStayWithinTheirWaves) {
  // One wave of 132 x 3 blocks; 16384 channels need multiples of 8 blocks
  // of 2048 elements, 11008 multiples of 43, 5120 multiples of 5.
  constexpr int64_t wave = 396;
  EXPECT_EQ(familyParameterVectorGridBlocks(wave, 256, 8, 16384, wave), 392);
  EXPECT_EQ(familyParameterVectorGridBlocks(wave, 256, 8, 11008, wave), 387);
  EXPECT_EQ(familyParameterVectorGridBlocks(wave, 256, 8, 5120, wave), 395);
  // Already a multiple, or rounded up within the limit.
  EXPECT_EQ(familyParameterVectorGridBlocks(wave, 256, 8, 8192, wave), wave);
  EXPECT_EQ(familyParameterVectorGridBlocks(390, 256, 8, 16384, wave), 392);
  // Without a limit (the default), upwards as before.
  EXPECT_EQ(familyParameterVectorGridBlocks(wave, 256, 8, 16384), 400);
  // No multiple below: 2^21 channels need 1024 blocks; rounded up (at most
  // doubling) as without a limit.
  EXPECT_EQ(familyParameterVectorGridBlocks(600, 256, 8, 1 << 21, 600), 1024);
  EXPECT_EQ(familyParameterVectorGridBlocks(wave, 256, 8, 1 << 21, wave),
            wave);
  for (int64_t limit : {int64_t{396}, int64_t{1056}, int64_t{4224}})
    for (int64_t period : {48, 4096, 5120, 11008, 12288, 14336, 28672})
      for (int width : {2, 4, 8}) {
        int64_t grid =
            familyParameterVectorGridBlocks(limit, 256, width, period, limit);
        EXPECT_LE(grid, limit) << limit << " " << period << " " << width;
        EXPECT_EQ(grid * 256 * width % period, 0)
            << limit << " " << period << " " << width;
        EXPECT_GT(grid, limit * 7 / 8) << limit << " " << period;
      }
}

TEST(KernelAbiTest, WaveBlocksSaturate) {
  EXPECT_EQ(familyWaveBlocks(1, 132, 3), 396);
  EXPECT_EQ(familyWaveBlocks(16, 132, 8), 16 * 1056);
  EXPECT_EQ(familyWaveBlocks(0, 0, 0), 1);
  EXPECT_EQ(familyWaveBlocks(kQuantizeUnlimitedWaves, 132, 8),
            kQuantizeMaxGridBlocks);
}

// The family contract's names: <op>[_per_tensor]_<T>[_<q>][_v<w>], the
// quantized type only for quantize and dequantize; CPU: baracuda_cpu_ + the
// generic name.
TEST(KernelAbiTest, FamilyKernelNames) {
  EXPECT_EQ(familyKernelName(FamilyOp::Quantize, true, ElementKind::F16,
                             ElementKind::S8),
            "quantize_per_tensor_f16_s8");
  EXPECT_EQ(familyKernelName(FamilyOp::Dequantize, false, ElementKind::BF16,
                             ElementKind::U8, 8),
            "dequantize_bf16_u8_v8");
  EXPECT_EQ(familyKernelName(FamilyOp::DequantizeBackward, false,
                             ElementKind::F32, ElementKind::S8),
            "dequantize_backward_f32");
  EXPECT_EQ(familyKernelName(FamilyOp::FakeQuantizeBackward, true,
                             ElementKind::F32, ElementKind::U8, 4),
            "fake_quantize_backward_per_tensor_f32_v4");
  EXPECT_EQ(familyCpuKernelName(FamilyOp::QuantizeBackward, true,
                                ElementKind::F64, ElementKind::S8),
            "baracuda_cpu_quantize_backward_per_tensor_f64");
  EXPECT_EQ(familyCpuKernelName(FamilyOp::FakeQuantize, false, ElementKind::F16,
                                ElementKind::S8),
            "baracuda_cpu_fake_quantize_f16");
}

TEST(KernelAbiTest, VectorWidthFitsMultiples) {
  EXPECT_TRUE(familyVectorWidthFits(1, 7)); // Generic: any group.
  EXPECT_TRUE(familyVectorWidthFits(16, 16));
  EXPECT_TRUE(familyVectorWidthFits(16, 128));
  EXPECT_TRUE(familyVectorWidthFits(8, 8));
  EXPECT_TRUE(familyVectorWidthFits(8, 24));     // No power of 2.
  EXPECT_TRUE(familyVectorWidthFits(16, 11008)); // 16 x 688.
  EXPECT_FALSE(familyVectorWidthFits(16, 8));    // Straddles groups.
  EXPECT_FALSE(familyVectorWidthFits(16, 24));
  EXPECT_FALSE(familyVectorWidthFits(4, 0));
  EXPECT_FALSE(familyVectorWidthFits(4, -4));
  // Only the 32-bit loops divide by a block that is no power of two.
  EXPECT_FALSE(familyBlockNeedsIndex32(1));
  EXPECT_FALSE(familyBlockNeedsIndex32(4096));
  EXPECT_FALSE(familyBlockNeedsIndex32(int64_t{1} << 40));
  EXPECT_TRUE(familyBlockNeedsIndex32(24));
  EXPECT_TRUE(familyBlockNeedsIndex32(5120));
  EXPECT_TRUE(familyBlockNeedsIndex32(0));
}

// The multiply-high that replaces the division by the block in the 32-bit
// loops: exact for every index below 2^31 (the loops' indices stay below
// 2^30), for powers of two, their neighbours, LLM channel counts, the
// largest blocks and random ones; the magic of a power of two is 2^31.
TEST(KernelAbiTest, BlockDivisorIsExactBelow2To31) {
  std::vector<int64_t> blocks = {2,     3,     5,      6,      7,
                                 12,    24,    48,     96,     100,
                                 127,   129,   641,    3072,   5120,
                                 11008, 13824, 14336,  28672,  (1 << 30) - 1,
                                 1 << 30, (1 << 30) + 1, 0x7fffffff};
  for (int k = 1; k < 31; ++k)
    for (int64_t delta : {-1, 0, 1})
      if (int64_t b = (int64_t{1} << k) + delta; b >= 2)
        blocks.push_back(b);
  SplitMix64 random(29);
  for (int i = 0; i < 200; ++i)
    blocks.push_back(2 + static_cast<int64_t>(random.next() % 0x7ffffffe));
  for (int64_t block : blocks) {
    FamilyBlockDivisor divisor = familyBlockDivisor(block);
    if ((block & (block - 1)) == 0)
      EXPECT_EQ(divisor.magic, 1u << 31) << block;
    auto check = [&](uint64_t index) {
      if (index >= (uint64_t{1} << 31))
        return;
      uint32_t i = static_cast<uint32_t>(index);
      ASSERT_EQ(familyDivideByBlock(i, divisor),
                static_cast<uint32_t>(index / static_cast<uint64_t>(block)))
          << i << " / " << block;
    };
    // Around each multiple of the block near 0 and near 2^31, and random.
    for (uint64_t m : {uint64_t{0}, uint64_t{1}, uint64_t{2}, uint64_t{7}})
      for (int64_t delta : {-1, 0, 1})
        check(m * static_cast<uint64_t>(block) + delta);
    uint64_t top = ((uint64_t{1} << 31) - 1) / static_cast<uint64_t>(block);
    for (uint64_t m : {top, top - 1})
      for (int64_t delta : {int64_t{-1}, int64_t{0}, int64_t{1}, block - 1})
        check(m * static_cast<uint64_t>(block) + delta);
    check((uint64_t{1} << 31) - 1);
    check((uint64_t{1} << 30) - 1);
    for (int i = 0; i < 2000; ++i)
      check(random.next() & 0x7fffffff);
  }
}

// The launch arguments: the divisor where the 32-bit loops may run the
// block, zeros (never read) for block 1 and past kIndex32Limit.
TEST(KernelAbiTest, BlockDivisorArgumentsCoverTheBlocksOfThe32BitLoops) {
  for (int64_t block : {int64_t{2}, int64_t{3}, int64_t{5120}, int64_t{14336},
                        kIndex32Limit}) {
    FamilyBlockDivisor args = familyBlockDivisorArgs(block);
    FamilyBlockDivisor divisor = familyBlockDivisor(block);
    EXPECT_EQ(args.magic, divisor.magic) << block;
    EXPECT_EQ(args.shift, divisor.shift) << block;
  }
  EXPECT_EQ(familyBlockDivisorArgs(5120).magic, 0xcccccccdu);
  EXPECT_EQ(familyBlockDivisorArgs(5120).shift, 12);
  for (int64_t block : {int64_t{-1}, int64_t{0}, int64_t{1}, kIndex32Limit + 1,
                        int64_t{1} << 40}) {
    EXPECT_EQ(familyBlockDivisorArgs(block).magic, 0u) << block;
    EXPECT_EQ(familyBlockDivisorArgs(block).shift, 0) << block;
  }
}

TEST(KernelAbiTest, WideVectorsNeedOneWave) {
  constexpr int64_t wave = 132 * 2048;
  EXPECT_TRUE(quantizePerGroupPrefersWideVectors(16 * wave, 16, wave));
  EXPECT_FALSE(quantizePerGroupPrefersWideVectors(16 * wave - 1, 16, wave));
  EXPECT_FALSE(quantizePerGroupPrefersWideVectors(16 * 4096, 16, wave));
  EXPECT_TRUE(quantizePerGroupPrefersWideVectors(8 * wave, 8, wave));
  EXPECT_FALSE(quantizePerGroupPrefersWideVectors(0, 8, wave));
  EXPECT_EQ(kQuantizeAssumedThreadsPerWave, wave);
}

// At most maxWaves waves (or, unlimited, one block per tile), balanced so
// every thread takes the same number of grid-stride steps.
TEST(KernelAbiTest, GridBlocksPerVariant) {
  constexpr int sms = 132, resident = 5;
  constexpr int64_t wave = sms * resident;
  constexpr int64_t big = int64_t{8192} * 28672; // 57344 wide f16 blocks
  // 57344 blocks need 6 steps of at most 16 waves (10560 blocks): 9558.
  EXPECT_EQ(quantizePerGroupGridBlocks(16, big, sms, resident),
            (57344 + 5) / 6);
  // Up to 16 waves, one thread per vector.
  EXPECT_EQ(quantizePerGroupGridBlocks(16, 16 * 256 * 5000, sms, resident),
            5000);
  // 16384 blocks: two steps of 8192, not one step and a partial one.
  EXPECT_EQ(quantizePerGroupGridBlocks(16, int64_t{8192} * 8192, sms, resident),
            8192);
  // The narrow kernel: 114688 blocks in 11 steps of at most 16 waves.
  EXPECT_EQ(quantizePerGroupGridBlocks(8, big, sms, resident),
            (114688 + 11 - 1) / 11);
  EXPECT_LE(quantizePerGroupGridBlocks(1, big, sms, resident), 16 * wave);
  EXPECT_GT(quantizePerGroupGridBlocks(1, big, sms, resident), 15 * wave);
  // One wave (174 steps for 114688 blocks).
  EXPECT_EQ(familyGridBlocks(/*maxWaves=*/1, 256, 8, 1, big, sms, resident),
            (114688 + 174 - 1) / 174);
  // Four vectors per thread: a quarter of the blocks (28672, 44 steps).
  EXPECT_EQ(familyGridBlocks(1, 256, 8, 4, big, sms, resident),
            (28672 + 44 - 1) / 44);
  // Fewer blocks than a wave for small problems, never zero.
  EXPECT_EQ(quantizePerGroupGridBlocks(4, 4 * 256 * 3 + 1, sms, resident), 4);
  EXPECT_EQ(familyGridBlocks(1, 256, 4, 1, 4 * 256 * 3 + 1, sms, resident), 4);
  EXPECT_EQ(familyGridBlocks(1, 256, 4, 4, 4 * 256 * 3 + 1, sms, resident), 1);
  EXPECT_EQ(familyGridBlocks(0, 256, 4, 1, big, sms, resident),
            familyGridBlocks(1, 256, 4, 1, big, sms, resident));
  EXPECT_EQ(quantizePerGroupGridBlocks(8, 0, sms, resident), 1);
  EXPECT_LE(quantizePerGroupGridBlocks(16, int64_t{1} << 62, sms, resident),
            kQuantizeMaxGridBlocks);
  // No limit on the waves: one block per tile, a single step each (114688
  // blocks of 256 threads for the narrow kernel, 28672 with four vectors
  // per thread; twice and half as many of 128 and 512 threads)...
  struct UnlimitedCase {
    int threads, width, vectors;
    int64_t elements, blocks;
  };
  for (UnlimitedCase c : {UnlimitedCase{256, 8, 1, big, 114688},
                          UnlimitedCase{256, 8, 4, big, 28672},
                          UnlimitedCase{256, 4, 1, 4 * 256 * 3 + 1, 4},
                          UnlimitedCase{128, 8, 1, big, 229376},
                          UnlimitedCase{512, 8, 1, big, 57344}})
    EXPECT_EQ(familyGridBlocks(kQuantizeUnlimitedWaves, c.threads, c.width,
                               c.vectors, c.elements, sms, resident),
              c.blocks)
        << c.threads << " threads, width " << c.width << ", " << c.vectors
        << " vectors";
  // ...up to the largest grid, without overflowing: a problem of 2^62
  // elements takes kQuantizeMaxGridBlocks blocks and the steps beyond.
  int64_t huge = int64_t{1} << 62;
  int64_t tiles = huge / (8 * 256);
  int64_t steps = (tiles + kQuantizeMaxGridBlocks - 1) / kQuantizeMaxGridBlocks;
  EXPECT_EQ(
      familyGridBlocks(kQuantizeUnlimitedWaves, 256, 8, 1, huge, sms, resident),
      (tiles + steps - 1) / steps);
  EXPECT_EQ(familyGridBlocks(int64_t{1} << 40, 256, 8, 1, huge, sms, resident),
            (tiles + steps - 1) / steps);
  // A least number of steps per thread: 114688 tiles in three steps of
  // 38230 blocks, with no wave limit and under 16 waves (10560 blocks, 11
  // steps) alike...
  EXPECT_EQ(familyGridBlocks(kQuantizeUnlimitedWaves, 256, 8, 1, big, sms,
                             resident, /*minStepsPerThread=*/3),
            (114688 + 2) / 3);
  EXPECT_EQ(
      familyGridBlocks(kQuantizeMaxWaves, 256, 8, 1, big, sms, resident, 3),
      familyGridBlocks(kQuantizeMaxWaves, 256, 8, 1, big, sms, resident));
  EXPECT_EQ(familyGridBlocks(kQuantizeUnlimitedWaves, 256, 8, 1, big, sms,
                             resident, 1),
            114688);
  // ...but no more steps than a grid of one wave (660 blocks here) needs:
  // 1000 tiles take two steps (500 blocks, balanced), not three; fewer
  // tiles than a wave take one block each.
  EXPECT_EQ(familyGridBlocks(kQuantizeUnlimitedWaves, 256, 8, 1, 8 * 256 * 1000,
                             sms, resident, 3),
            500);
  EXPECT_EQ(familyGridBlocks(kQuantizeUnlimitedWaves, 256, 8, 1, 8 * 256 * 600,
                             sms, resident, 3),
            600);
  EXPECT_EQ(familyGridBlocks(kQuantizeUnlimitedWaves, 256, 8, 1, 8 * 256 * 3000,
                             sms, resident, 3),
            1000);
}

// A vectorized kernel with parameters in memory on a block that is no power
// of two takes at least kBlockDivisorVectorsPerThread vectors per thread,
// in as few steps as its vectors per step allow; no other launch has a
// least.
TEST(KernelAbiTest, BlockDivisorMinSteps) {
  EXPECT_EQ(kBlockDivisorVectorsPerThread, 2);
  struct Case {
    int width, vectorsPerThread;
    bool perTensor, parameterVectors;
    int64_t block;
    int steps;
  };
  for (Case c :
       {Case{8, 1, false, false, 14336, 2}, Case{16, 1, false, false, 48, 2},
        Case{8, 0, false, false, 11008, 2}, Case{4, 2, false, false, 14336, 1},
        Case{4, 3, false, false, 14336, 1}, Case{8, 1, false, false, 16384, 1},
        Case{8, 1, false, false, 128, 1}, Case{8, 1, true, false, 14336, 1},
        Case{8, 1, false, true, 14336, 1}, Case{1, 1, false, false, 14336, 1}})
    EXPECT_EQ(familyBlockDivisorMinSteps(c.width, c.vectorsPerThread,
                                         c.perTensor, c.parameterVectors,
                                         c.block),
              c.steps)
        << "width " << c.width << ", " << c.vectorsPerThread
        << " vectors per step, block " << c.block;
}

// familyMaxWaves by what a thread prepares, for every kernel on both
// device classes: one wave for the ring variants and for the
// parameter-vector kernels of the ops that round a quotient (a range in
// their row), which prepare a reciprocal per lane once per thread, and for
// the other parameter-vector kernels where fewer than
// kParameterVectorWavesMinResidentThreads threads fit on an SM. No limit for
// the per-tensor kernels of the ops without a range (they prepare nothing)
// and, on a GPU without fast memory, for the other per-tensor kernels and
// for the kernels with parameters in memory but those with a ring variant
// (16-bit quantize and fake_quantize, the most issue per byte); with fast
// memory no limit only for fake_quantize_backward's per-tensor kernel, whose
// result only selects dy, and for the memory-parameter kernels of the ops
// without a range. kQuantizeMaxWaves for every other kernel. With fast
// memory the parameter-vector kernels of dequantize f32/f64 (a few bytes of
// q per vector) take kFewDataBytesParameterVectorSteps steps per thread
// (familyMinStepsPerThread) instead of a wave limit.
TEST(KernelAbiTest, MaxWavesPerKernel) {
  // Resident threads per SM; a warp below each threshold too.
  constexpr int many = kParameterVectorWavesMinResidentThreads;
  constexpr int few = kParameterVectorWavesMinResidentThreads - 32;
  constexpr int oneTile = kParameterVectorOneTileMinResidentThreads;
  static_assert(oneTile < few, "the rows below test both thresholds apart");
  forEachQuantizeKernel([&](const QuantizeKernelKey &key) {
    bool range = familyOpHasRange(key.op);
    bool ringKernel = familyAsyncRingStages(key.op, key.t, key.q) > 0;
    int64_t limited =
        familyDividesPerElement(key.op) && elementKindSize(key.t) >= 4
            ? kDividingWideTypeWaves
            : kQuantizeMaxWaves;
    for (bool fast : {false, true}) {
      for (int resident : {256, oneTile - 32, oneTile, few, many, 2048}) {
        SCOPED_TRACE(::testing::Message()
                     << quantizeKernelName(key) << ", " << resident
                     << " resident threads, fast memory " << fast);
        auto waves = [&](bool parameterVectors, bool asyncRing) {
          return familyMaxWaves(key.op, key.t, key.q, key.perTensor,
                                parameterVectors, resident, asyncRing, fast);
        };
        if (key.perTensor) {
          EXPECT_EQ(waves(false, false),
                    range && fast && !familyResultSelectsData(key.op)
                        ? limited
                        : kQuantizeUnlimitedWaves);
          continue;
        }
        EXPECT_EQ(waves(false, false), !range || (!fast && !ringKernel)
                                           ? kQuantizeUnlimitedWaves
                                           : limited);
        bool fewBytes = familyVectorReadsFewDataBytes(key.op, key.t, key.q);
        int64_t parameterVectorWaves =
            resident < (fast ? many : oneTile) ? 1 : kQuantizeUnlimitedWaves;
        EXPECT_EQ(waves(true, false), range ? 1 : parameterVectorWaves);
        EXPECT_EQ(waves(false, true), 1);
        // A least number of steps only for the parameter-vector kernels
        // whose vector reads a few bytes of q, which have no wave limit
        // there.
        int leastSteps = !range && fast && resident >= many && fewBytes
                             ? kFewDataBytesParameterVectorSteps
                             : 1;
        EXPECT_EQ(familyMinStepsPerThread(key.op, key.t, key.q, true,
                                          resident, fast),
                  leastSteps);
        EXPECT_EQ(familyMinStepsPerThread(key.op, key.t, key.q, false,
                                          resident, fast),
                  1);
      }
    }
  });
  using Op = FamilyOp;
  constexpr ElementKind f16 = ElementKind::F16, f32 = ElementKind::F32,
                        s8 = ElementKind::S8;
  for (bool fast : {false, true}) {
    EXPECT_EQ(
        familyMaxWaves(Op::Quantize, f32, s8, false, true, 2048, false, fast),
        1);
    EXPECT_EQ(familyMaxWaves(Op::QuantizeBackward, f32, s8, false, true, 2048,
                             false, fast),
              1);
    EXPECT_EQ(familyMaxWaves(Op::Dequantize, f32, s8, false, true, many,
                             false, fast),
              kQuantizeUnlimitedWaves);
    EXPECT_EQ(familyMinStepsPerThread(Op::Dequantize, f32, s8, true, many,
                                      fast),
              fast ? 3 : 1);
    EXPECT_EQ(familyMinStepsPerThread(Op::Dequantize, f16, s8, true, many,
                                      fast),
              1);
    EXPECT_EQ(familyMinStepsPerThread(Op::DequantizeBackward, f32, s8, true,
                                      many, fast),
              1);
    EXPECT_EQ(familyMinStepsPerThread(Op::Dequantize, f32, s8, true, 768, fast),
              1);
    EXPECT_EQ(
        familyMaxWaves(Op::Dequantize, f32, s8, false, true, 768, false, fast),
        fast ? 1 : kQuantizeUnlimitedWaves);
    EXPECT_EQ(familyMaxWaves(Op::DequantizeBackward, f32, s8, false, true, 512,
                             false, fast),
              1);
    // Where the vector reads more than a few bytes: one tile per block.
    EXPECT_EQ(familyMaxWaves(Op::DequantizeBackward, f32, s8, false, true,
                             many, false, fast),
              kQuantizeUnlimitedWaves);
    EXPECT_EQ(familyMaxWaves(Op::Dequantize, f16, s8, false, true, many,
                             false, fast),
              kQuantizeUnlimitedWaves);
    EXPECT_EQ(
        familyMaxWaves(Op::Dequantize, f32, s8, true, false, 256, false, fast),
        kQuantizeUnlimitedWaves);
    EXPECT_EQ(familyMaxWaves(Op::FakeQuantizeBackward, f32, s8, true, false,
                             2048, false, fast),
              kQuantizeUnlimitedWaves);
    // 16-bit quantize with parameters in memory keeps the waves on both.
    EXPECT_EQ(
        familyMaxWaves(Op::Quantize, f16, s8, false, false, 2048, false, fast),
        kQuantizeMaxWaves);
  }
  // The kernels that compute their result from the quotient keep the waves
  // where memory is fast, and only there; those that divide per element
  // on T of 4 or 8 bytes keep more.
  for (Op op : {Op::Quantize, Op::QuantizeBackward, Op::FakeQuantize}) {
    EXPECT_EQ(familyMaxWaves(op, f32, s8, true, false, 2048, false, true),
              op == Op::QuantizeBackward ? kDividingWideTypeWaves
                                         : kQuantizeMaxWaves)
        << familyOpName(op);
    EXPECT_EQ(familyMaxWaves(op, f32, s8, true, false, 2048, false, false),
              kQuantizeUnlimitedWaves)
        << familyOpName(op);
  }
  EXPECT_EQ(familyMaxWaves(Op::QuantizeBackward, f16, s8, false, false, 2048,
                           false, false),
            kQuantizeUnlimitedWaves);
  // With memory parameters, fast memory keeps the waves for the ops with a
  // range only; more of them for quantize_backward on T of 4 or 8 bytes,
  // not on 16-bit T.
  struct DividingCase {
    ElementKind t;
    bool perTensor;
    int64_t waves;
  };
  for (DividingCase c : {DividingCase{f32, false, kDividingWideTypeWaves},
                         DividingCase{ElementKind::F64, true,
                                      kDividingWideTypeWaves},
                         DividingCase{f16, false, kQuantizeMaxWaves},
                         DividingCase{ElementKind::BF16, true,
                                      kQuantizeMaxWaves}})
    EXPECT_EQ(familyMaxWaves(Op::QuantizeBackward, c.t, s8, c.perTensor, false,
                             2048, false, true),
              c.waves)
        << elementKindName(c.t) << (c.perTensor ? " per tensor" : "");
  EXPECT_GT(kDividingWideTypeWaves, kQuantizeMaxWaves);
  for (Op op : {Op::Dequantize, Op::DequantizeBackward})
    EXPECT_EQ(familyMaxWaves(op, f32, s8, false, false, 2048, false, true),
              kQuantizeUnlimitedWaves)
        << familyOpName(op);
  // One op's result only selects the data; one op divides per element.
  std::vector<Op> selecting, dividing;
#define BARACUDA_QF_OP_VALUE(kind, ...) Op::kind,
  for (Op op : {BARACUDA_QF_OPS(BARACUDA_QF_OP_VALUE, )}) {
#undef BARACUDA_QF_OP_VALUE
    if (familyResultSelectsData(op))
      selecting.push_back(op);
    if (familyDividesPerElement(op))
      dividing.push_back(op);
  }
  EXPECT_EQ(selecting, std::vector<Op>{Op::FakeQuantizeBackward});
  EXPECT_EQ(dividing, std::vector<Op>{Op::QuantizeBackward});
}

// The kernels whose vector reads a few bytes of data: dequantize of f32
// and f64, whose narrow vector loads 4 and 2 bytes of q.
TEST(KernelAbiTest, VectorsThatReadFewDataBytes) {
  forEachQuantizeKernel([&](const QuantizeKernelKey &key) {
    EXPECT_EQ(familyVectorReadsFewDataBytes(key.op, key.t, key.q),
              key.op == FamilyOp::Dequantize && elementKindSize(key.t) >= 4)
        << quantizeKernelName(key);
  });
}

// The 32-bit launches (familyFitsIndex32): every size at most 2^30 - 1,
// tested on both sides of each.
TEST(KernelAbiTest, FitsIndex32) {
  constexpr int64_t limit = kIndex32Limit;
  EXPECT_EQ(limit, (int64_t{1} << 30) - 1);
  EXPECT_TRUE(familyFitsIndex32(limit, limit, limit, limit));
  EXPECT_TRUE(familyFitsIndex32(0, 1, 1, 0));
  EXPECT_FALSE(familyFitsIndex32(limit + 1, 1, 1, 256));
  EXPECT_FALSE(familyFitsIndex32(1024, limit + 1, 1, 256));
  EXPECT_FALSE(familyFitsIndex32(1024, 1, limit + 1, 256));
  EXPECT_FALSE(familyFitsIndex32(1024, 1, 1, limit + 1));
  EXPECT_FALSE(familyFitsIndex32(int64_t{1} << 40, 1, 1, 256));
  EXPECT_FALSE(familyFitsIndex32(-1, 1, 1, 256));
  EXPECT_FALSE(familyFitsIndex32(1024, 1, 1, -1));
}

// Which parameter-vector kernels have a 32-bit variant: the ops without a
// range on every T, the others on T of 4 or 8 bytes only.
TEST(KernelAbiTest, ParameterVectorIndex32Variants) {
  forEachQuantizeKernel([&](const QuantizeKernelKey &key) {
    bool expected =
        !familyOpHasRange(key.op) || elementKindSize(key.t) >= 4;
    EXPECT_EQ(familyHasParameterVectorIndex32(key.op, key.t, key.q), expected)
        << quantizeKernelName(key);
  });
  EXPECT_TRUE(familyHasParameterVectorIndex32(
      FamilyOp::Dequantize, ElementKind::BF16, ElementKind::U8));
  EXPECT_FALSE(familyHasParameterVectorIndex32(
      FamilyOp::QuantizeBackward, ElementKind::F16, ElementKind::S8));
  EXPECT_TRUE(familyHasParameterVectorIndex32(
      FamilyOp::Quantize, ElementKind::F32, ElementKind::S8));
}

} // namespace
} // namespace baracuda
