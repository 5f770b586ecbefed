//===- QuantizePlanTest.cpp - The C++ plan API on the CPU backend ---------===//
//
// select / can_implement / workspace_size / sku / precision_guarantee / run
// of QuantizePerGroupPlan, their error codes and messages, and that a failed
// check launches nothing.
//
//===----------------------------------------------------------------------===//

#include "QuantizeTestSupport.h"

#include "baracuda/runtime/Sku.h"

#include <gtest/gtest.h>

#include <vector>

namespace baracuda::test {
namespace {

QuantizePerGroupDescriptor f32S8Descriptor() {
  return QuantizePerGroupDescriptor{
      2, 64, 32, -128, 127, ElementKind::F32, ElementKind::S8};
}

using F32S8Plan = QuantizePerGroupPlan<float, int8_t>;

/// Host operands of f32S8Descriptor(), with a poisoned output.
struct F32S8Operands {
  std::vector<float> input = std::vector<float>(2 * 64, 3.0f);
  std::vector<float> scale = std::vector<float>(2 * 2, 1.0f);
  std::vector<int32_t> zeroPoint = std::vector<int32_t>(2 * 2, 1);
  std::vector<int8_t> output = std::vector<int8_t>(2 * 64, int8_t(0x5A));

  QuantizePerGroupArgs<float, int8_t> args() {
    QuantizePerGroupArgs<float, int8_t> result;
    result.input = {input.data(), {2, 64}};
    result.scale = {scale.data(), {2, 2}};
    result.zero_point = {zeroPoint.data(), {2, 2}};
    result.output = {output.data(), {2, 64}};
    return result;
  }
  bool outputUntouched() const {
    for (int8_t value : output)
      if (value != int8_t(0x5A))
        return false;
    return true;
  }
};

TEST(QuantizePlanTest, SelectReportsSku) {
  Result<F32S8Plan> plan = F32S8Plan::select(Stream::cpu(), f32S8Descriptor());
  ASSERT_TRUE(plan.ok()) << plan.status().message();
  KernelSku sku = plan->sku();
  EXPECT_EQ(sku.category, OpCategory::Quantization);
  EXPECT_EQ(sku.op, static_cast<uint16_t>(QuantizeKind::PerGroup));
  EXPECT_EQ(sku.element, ElementKind::F32);
  ASSERT_TRUE(sku.aux_element.has_value());
  EXPECT_EQ(*sku.aux_element, ElementKind::S8);
  EXPECT_EQ(sku.arch, ArchSku::Cpu);
  EXPECT_EQ(sku.backend, BackendKind::Generated);
  EXPECT_EQ(sku.variant, "generic"); // The CPU has no vectorized kernels.
  EXPECT_EQ(to_string(sku),
            "quantization.per_group f32->s8 cpu generated/generic (math f32, "
            "accumulator f32, bit-stable, deterministic)");
  EXPECT_EQ(plan->workspace_size(), 0u);
}

// The CPU has one kernel per SKU: every preference selects it.
TEST(QuantizePlanTest, EveryPreferenceSelectsTheCpuKernel) {
  for (PlanPreference preference :
       {PlanPreference::Default, PlanPreference::PreferGeneric,
        PlanPreference::PreferWidestVectors}) {
    Result<F32S8Plan> plan =
        F32S8Plan::select(Stream::cpu(), f32S8Descriptor(), preference);
    ASSERT_TRUE(plan.ok()) << plan.status().message();
    EXPECT_EQ(plan->sku().variant, "generic");
  }
}

TEST(QuantizePlanTest, PrecisionGuaranteeFollowsInput) {
  for (auto [in, out] : allQuantizeKindPairs()) {
    QuantizePerGroupDescriptor desc = f32S8Descriptor();
    desc.input_element = in;
    desc.output_element = out;
    desc.q_min = 0;
    Result<UntypedQuantizePerGroupPlan> plan =
        UntypedQuantizePerGroupPlan::select(Stream::cpu(), desc);
    ASSERT_TRUE(plan.ok()) << plan.status().message();
    PrecisionGuarantee guarantee = plan->precision_guarantee();
    bool f64 = in == ElementKind::F64;
    EXPECT_EQ(guarantee.math_precision,
              f64 ? MathPrecision::F64 : MathPrecision::F32);
    EXPECT_EQ(guarantee.accumulator, f64 ? ElementKind::F64 : ElementKind::F32);
    EXPECT_TRUE(guarantee.bit_stable_on_same_hardware);
    EXPECT_TRUE(guarantee.deterministic);
    EXPECT_EQ(plan->sku().element, in);
    EXPECT_EQ(*plan->sku().aux_element, out);
  }
}

TEST(QuantizePlanTest, SelectRejectsDescriptorOfOtherDtypes) {
  QuantizePerGroupDescriptor desc = f32S8Descriptor();
  desc.input_element = ElementKind::F16;
  Result<F32S8Plan> plan = F32S8Plan::select(Stream::cpu(), desc);
  ASSERT_FALSE(plan.ok());
  EXPECT_EQ(plan.status().code(), StatusCode::Unsupported);
  EXPECT_EQ(plan.status().message(),
            "quantize_per_group: descriptor input_element (f16) must be the "
            "plan's TIn (f32)");

  desc = f32S8Descriptor();
  desc.output_element = ElementKind::U8;
  desc.q_min = 0;
  plan = F32S8Plan::select(Stream::cpu(), desc);
  ASSERT_FALSE(plan.ok());
  EXPECT_EQ(plan.status().code(), StatusCode::Unsupported);
  EXPECT_EQ(plan.status().message(),
            "quantize_per_group: descriptor output_element (u8) must be the "
            "plan's TOut (s8)");
}

// Each broken rule comes back with the rule function's code and message.
TEST(QuantizePlanTest, SelectReportsEveryBrokenRule) {
  std::vector<QuantizePerGroupDescriptor> broken;
  auto add = [&](auto change) {
    QuantizePerGroupDescriptor desc = f32S8Descriptor();
    change(desc);
    broken.push_back(desc);
  };
  add([](auto &d) { d.outer_size = -1; });
  add([](auto &d) { d.axis_size = -64; });
  add([](auto &d) { d.group_size = 0; });
  add([](auto &d) { d.group_size = -2; });
  add([](auto &d) { d.axis_size = 65; });
  add([](auto &d) {
    d.q_min = 3;
    d.q_max = 2;
  });
  add([](auto &d) { d.q_min = -129; });
  add([](auto &d) { d.q_max = 128; });
  for (const QuantizePerGroupDescriptor &desc : broken) {
    Status rule = validateQuantizePerGroupDescriptor(desc);
    ASSERT_FALSE(rule.ok());
    Result<F32S8Plan> plan = F32S8Plan::select(Stream::cpu(), desc);
    ASSERT_FALSE(plan.ok());
    EXPECT_EQ(plan.status().code(), rule.code());
    EXPECT_EQ(plan.status().message(), "quantize_per_group: " + rule.message());
  }
}

TEST(QuantizePlanTest, UntypedSelectReportsDtypeRules) {
  QuantizePerGroupDescriptor desc = f32S8Descriptor();
  desc.input_element = ElementKind::S32;
  Result<UntypedQuantizePerGroupPlan> plan =
      UntypedQuantizePerGroupPlan::select(Stream::cpu(), desc);
  ASSERT_FALSE(plan.ok());
  EXPECT_EQ(plan.status().code(), StatusCode::Unsupported);
  EXPECT_EQ(plan.status().message(),
            "quantize_per_group: input_element (s32) must be one of f32, f64, "
            "f16, bf16");
  desc = f32S8Descriptor();
  desc.output_element = ElementKind::F16;
  plan = UntypedQuantizePerGroupPlan::select(Stream::cpu(), desc);
  ASSERT_FALSE(plan.ok());
  EXPECT_EQ(plan.status().code(), StatusCode::Unsupported);
}

TEST(QuantizePlanTest, CanImplementChecksShapes) {
  Result<F32S8Plan> plan = F32S8Plan::select(Stream::cpu(), f32S8Descriptor());
  ASSERT_TRUE(plan.ok());
  F32S8Operands operands;
  EXPECT_TRUE(plan->can_implement(operands.args()).ok());

  struct Case {
    const char *operand;
    void (*change)(QuantizePerGroupArgs<float, int8_t> &);
  };
  const Case cases[] = {
      {"input shape [2, 63]",
       [](auto &a) {
         a.input.shape = {2, 63};
       }},
      {"output shape [3, 64]",
       [](auto &a) {
         a.output.shape = {3, 64};
       }},
      {"scale shape [2, 3]",
       [](auto &a) {
         a.scale.shape = {2, 3};
       }},
      {"zero_point shape [1, 2]",
       [](auto &a) {
         a.zero_point.shape = {1, 2};
       }},
  };
  for (const Case &c : cases) {
    QuantizePerGroupArgs<float, int8_t> args = operands.args();
    c.change(args);
    Status status = plan->can_implement(args);
    EXPECT_EQ(status.code(), StatusCode::InvalidProblem) << c.operand;
    EXPECT_TRUE(contains(status.message(), "quantize_per_group: "));
    EXPECT_TRUE(contains(status.message(), c.operand));
    // run() checks the same and launches nothing.
    EXPECT_EQ(plan->run(Stream::cpu(), {}, args).code(),
              StatusCode::InvalidProblem);
    EXPECT_TRUE(operands.outputUntouched());
  }
}

TEST(QuantizePlanTest, CanImplementChecksNullPointers) {
  Result<F32S8Plan> plan = F32S8Plan::select(Stream::cpu(), f32S8Descriptor());
  ASSERT_TRUE(plan.ok());
  F32S8Operands operands;
  const char *names[] = {"input", "scale", "zero_point", "output"};
  for (int which = 0; which < 4; ++which) {
    QuantizePerGroupArgs<float, int8_t> args = operands.args();
    if (which == 0)
      args.input.data = nullptr;
    if (which == 1)
      args.scale.data = nullptr;
    if (which == 2)
      args.zero_point.data = nullptr;
    if (which == 3)
      args.output.data = nullptr;
    Status status = plan->can_implement(args);
    EXPECT_EQ(status.code(), StatusCode::InvalidProblem);
    EXPECT_EQ(status.message(),
              std::string("quantize_per_group: ") + names[which] +
                  " data is null for a non-empty problem ([outer_size, "
                  "axis_size] = [2, 64])");
    EXPECT_EQ(plan->run(Stream::cpu(), {}, args).code(),
              StatusCode::InvalidProblem);
    EXPECT_TRUE(operands.outputUntouched());
  }
}

TEST(QuantizePlanTest, CanImplementChecksAlignment) {
  Result<F32S8Plan> plan = F32S8Plan::select(Stream::cpu(), f32S8Descriptor());
  ASSERT_TRUE(plan.ok());
  F32S8Operands operands;
  // One byte past a float: misaligned for the f32 input and scale.
  std::vector<uint8_t> bytes(4 * 2 * 64 + 8);
  auto *misaligned = reinterpret_cast<const float *>(bytes.data() + 1);
  QuantizePerGroupArgs<float, int8_t> args = operands.args();
  args.input.data = misaligned;
  Status status = plan->can_implement(args);
  EXPECT_EQ(status.code(), StatusCode::MisalignedOperand);
  EXPECT_TRUE(contains(status.message(), "quantize_per_group: input pointer "));
  EXPECT_TRUE(contains(status.message(), "must be aligned to 4 bytes"));
  EXPECT_EQ(plan->run(Stream::cpu(), {}, args).code(),
            StatusCode::MisalignedOperand);
  EXPECT_TRUE(operands.outputUntouched());

  args = operands.args();
  args.scale.data = misaligned;
  EXPECT_EQ(plan->can_implement(args).code(), StatusCode::MisalignedOperand);
  args = operands.args();
  args.zero_point.data = reinterpret_cast<const int32_t *>(bytes.data() + 2);
  status = plan->can_implement(args);
  EXPECT_EQ(status.code(), StatusCode::MisalignedOperand);
  EXPECT_TRUE(contains(status.message(), "zero_point pointer"));
  // An s8 output is never misaligned.
  args = operands.args();
  args.output.data = reinterpret_cast<int8_t *>(bytes.data() + 1);
  EXPECT_TRUE(plan->can_implement(args).ok());
}

TEST(QuantizePlanTest, RunQuantizes) {
  Result<F32S8Plan> plan = F32S8Plan::select(Stream::cpu(), f32S8Descriptor());
  ASSERT_TRUE(plan.ok());
  F32S8Operands operands;
  operands.input[5] = 2.5f;   // Tie: rounds to 2, + zero point 1.
  operands.input[70] = -1e9f; // Saturates.
  operands.scale[1] = 0.0f;   // Group 1 of row 0: all the zero point.
  ASSERT_TRUE(plan->run(Stream::cpu(), {}, operands.args()).ok());
  EXPECT_EQ(operands.output[0], 4);
  EXPECT_EQ(operands.output[5], 3);
  EXPECT_EQ(operands.output[40], 1);
  EXPECT_EQ(operands.output[70], -128);
}

TEST(QuantizePlanTest, EmptyProblemSucceedsWithoutPointers) {
  QuantizePerGroupDescriptor desc = f32S8Descriptor();
  desc.outer_size = 0;
  Result<F32S8Plan> plan = F32S8Plan::select(Stream::cpu(), desc);
  ASSERT_TRUE(plan.ok());
  QuantizePerGroupArgs<float, int8_t> args;
  args.input.shape = args.output.shape = {0, 64};
  args.scale.shape = args.zero_point.shape = {0, 2};
  EXPECT_TRUE(plan->can_implement(args).ok());
  EXPECT_TRUE(plan->run(Stream::cpu(), {}, args).ok());
}

TEST(QuantizePlanTest, RunAcceptsAnyWorkspace) {
  Result<F32S8Plan> plan = F32S8Plan::select(Stream::cpu(), f32S8Descriptor());
  ASSERT_TRUE(plan.ok());
  F32S8Operands operands;
  char scratch[16];
  EXPECT_TRUE(plan->run(Stream::cpu(), {}, operands.args()).ok());
  EXPECT_TRUE(
      plan->run(Stream::cpu(), {scratch, sizeof(scratch)}, operands.args())
          .ok());
}

TEST(QuantizePlanTest, RunOnAnotherBackendIsRejected) {
  Result<F32S8Plan> plan = F32S8Plan::select(Stream::cpu(), f32S8Descriptor());
  ASSERT_TRUE(plan.ok());
  F32S8Operands operands;
  Status status = plan->run(Stream::cuda(nullptr), {}, operands.args());
  EXPECT_EQ(status.code(), StatusCode::InvalidProblem);
  EXPECT_EQ(status.message(), "quantize_per_group: the plan was selected for "
                              "cpu but runs on a cuda stream");
  EXPECT_TRUE(operands.outputUntouched());
}

TEST(QuantizePlanTest, SkuForArgsNamesTheVariantThatRuns) {
  Result<F32S8Plan> plan = F32S8Plan::select(Stream::cpu(), f32S8Descriptor());
  ASSERT_TRUE(plan.ok());
  F32S8Operands operands;
  // The CPU runs the generic kernel (the GPU's variant chain is checked in
  // QuantizeCudaTest, where sku_for must follow the operands' alignment).
  EXPECT_EQ(plan->sku_for(operands.args()).variant, "generic");
  EXPECT_EQ(to_string(plan->sku_for(operands.args())),
            "quantization.per_group f32->s8 cpu generated/generic (math f32, "
            "accumulator f32, bit-stable, deterministic)");
}

TEST(QuantizePlanTest, PreferGenericSelectsGeneric) {
  Result<F32S8Plan> plan = F32S8Plan::select(Stream::cpu(), f32S8Descriptor(),
                                             PlanPreference::PreferGeneric);
  ASSERT_TRUE(plan.ok());
  EXPECT_EQ(plan->sku().variant, "generic");
}

// --- Kernel libraries ---------------------------------------------------===//

TEST(QuantizePlanTest, BuiltinLibrary) {
  std::shared_ptr<const KernelLibrary> builtin = KernelLibrary::builtin();
  ASSERT_TRUE(builtin);
  EXPECT_EQ(builtin, KernelLibrary::builtin()); // One per process.
  EXPECT_TRUE(builtin->hasCpuKernels());
  EXPECT_TRUE(builtin->hasCudaKernels());
  EXPECT_EQ(builtin->description(), "builtin");
}

TEST(QuantizePlanTest, NullLibraryIsRejected) {
  Result<F32S8Plan> plan = F32S8Plan::select(Stream::cpu(), f32S8Descriptor(),
                                             PlanPreference::Default, nullptr);
  ASSERT_FALSE(plan.ok());
  EXPECT_EQ(plan.status().code(), StatusCode::InvalidProblem);
}

TEST(QuantizePlanTest, GpuImageLibraryHasNoCpuKernels) {
  const char ptx[] = "// not loaded until a CUDA plan needs it";
  Result<std::shared_ptr<const KernelLibrary>> library =
      KernelLibrary::fromCudaImage(ptx, sizeof(ptx) - 1);
  ASSERT_TRUE(library.ok());
  EXPECT_TRUE((*library)->hasCudaKernels());
  EXPECT_FALSE((*library)->hasCpuKernels());
  EXPECT_EQ((*library)->description(), "CUDA image (40 bytes)");
  Result<F32S8Plan> plan = F32S8Plan::select(Stream::cpu(), f32S8Descriptor(),
                                             PlanPreference::Default, *library);
  ASSERT_FALSE(plan.ok());
  EXPECT_EQ(plan.status().code(), StatusCode::Unsupported);
  EXPECT_EQ(plan.status().message(),
            "quantize_per_group: kernel library CUDA image (40 bytes) has no "
            "CPU kernels");
}

TEST(QuantizePlanTest, EmptyGpuImageIsRejected) {
  Result<std::shared_ptr<const KernelLibrary>> library =
      KernelLibrary::fromCudaImage(nullptr, 0);
  ASSERT_FALSE(library.ok());
  EXPECT_EQ(library.status().code(), StatusCode::InvalidProblem);
}

TEST(QuantizePlanTest, MissingSharedObjectIsReported) {
  Result<std::shared_ptr<const KernelLibrary>> library =
      KernelLibrary::fromCpuSharedObject("/nonexistent/libkernels.so");
  ASSERT_FALSE(library.ok());
  EXPECT_EQ(library.status().code(), StatusCode::Unsupported);
  EXPECT_TRUE(contains(library.status().message(),
                       "cannot load CPU kernels from "
                       "/nonexistent/libkernels.so: "));
}

TEST(QuantizePlanTest, SharedObjectWithoutKernelsIsReported) {
  // libc is a shared object that exports no baracuda kernel.
  Result<std::shared_ptr<const KernelLibrary>> library =
      KernelLibrary::fromCpuSharedObject("libc.so.6");
  ASSERT_FALSE(library.ok());
  EXPECT_EQ(library.status().code(), StatusCode::Unsupported);
  EXPECT_TRUE(contains(library.status().message(),
                       "libc.so.6 exports none of the baracuda CPU kernels"));
}

TEST(QuantizePlanTest, CpuLibraryHasNoGpuKernels) {
  Result<std::shared_ptr<const KernelLibrary>> library =
      KernelLibrary::fromCpuSharedObject(testCpuKernelsSharedObject());
  ASSERT_TRUE(library.ok()) << library.status().message();
  // Checked before the driver is needed, so this holds on any machine.
  Result<F32S8Plan> plan =
      F32S8Plan::select(Stream::cuda(nullptr), f32S8Descriptor(),
                        PlanPreference::Default, *library);
  ASSERT_FALSE(plan.ok());
  EXPECT_EQ(plan.status().code(), StatusCode::Unsupported);
  EXPECT_TRUE(contains(plan.status().message(), "has no CUDA kernels"));
}

TEST(QuantizePlanTest, SkuToString) {
  KernelSku sku;
  sku.element = ElementKind::F64;
  sku.aux_element = ElementKind::U8;
  sku.arch = ArchSku::Sm90;
  sku.variant = "vec8";
  sku.precision_guarantee.math_precision = MathPrecision::F64;
  sku.precision_guarantee.accumulator = ElementKind::F64;
  sku.precision_guarantee.deterministic = true;
  EXPECT_EQ(to_string(sku), "quantization.per_group f64->u8 sm_90 "
                            "generated/vec8 (math f64, accumulator "
                            "f64, deterministic)");
  EXPECT_EQ(to_string(ArchSku::Sm80), "sm_80");
  EXPECT_EQ(to_string(ArchSku::Cpu), "cpu");
}

} // namespace
} // namespace baracuda::test
