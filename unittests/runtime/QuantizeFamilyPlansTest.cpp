//===- QuantizeFamilyPlansTest.cpp - The typed faces of the family --------===//
//
// Every typed plan of QuantizeFamilyPlans.h (the reference's 17 plans besides
// QuantizePerGroupPlan, which QuantizePlanTest covers) on the CPU: a small
// problem with random data and the edge values runs bit-exactly as the
// independent reference (baracuda/Testing/FamilyReference.h); the element
// kinds of the descriptor, a descriptor rule and an operand shape are each
// checked from both sides. RunOnCudaMatchesTheReference runs every face on
// a CUDA device the same way (skipped without one).
//
//===----------------------------------------------------------------------===//

#include "QuantizeTestSupport.h"

#include "baracuda/Testing/FamilyReference.h"
#include "baracuda/Testing/QuantizeReference.h"
#include "baracuda/runtime/CudaDevice.h"
#include "baracuda/runtime/QuantizeFamilyPlans.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <optional>
#include <random>
#include <type_traits>
#include <vector>

namespace baracuda::test {
namespace {

template <typename Plan> struct FaceOf;
template <FamilyOp Op, LayoutKind L, typename TIn, typename TOut>
struct FaceOf<QuantizeFamilyTypedPlan<Op, L, TIn, TOut>> {
  static constexpr FamilyOp op = Op;
  static constexpr LayoutKind layout = L;
  static constexpr ElementKind t = elementKindOf<TIn>;
  static constexpr ElementKind q =
      std::is_void_v<TOut>
          ? ElementKind::S8
          : elementKindOf<
                std::conditional_t<std::is_void_v<TOut>, int8_t, TOut>>;
  static constexpr bool hasTOut = !std::is_void_v<TOut>;
};

template <typename D, typename = void> struct HasRange : std::false_type {};
template <typename D>
struct HasRange<D, std::void_t<decltype(D::q_min)>> : std::true_type {};

/// The problem every face runs: small, odd sizes, a wrapping per-channel
/// axis, groups of 8. With `lastAxis`, per-channel faces take the last axis
/// of 37 x 64 instead: an element per parameter, which the GPU runs with
/// its parameter-vector kernels, whose threads (one tile per block of 256
/// threads, a few vectors each) mostly have fewer vectors than a whole
/// step of theirs.
template <typename Plan>
typename Plan::Descriptor validDescriptor(bool lastAxis = false) {
  using F = FaceOf<Plan>;
  typename Plan::Descriptor d{};
  if constexpr (F::layout == LayoutKind::PerTensor)
    d.numel = 37;
  else if constexpr (F::layout == LayoutKind::PerChannel) {
    d.shape =
        lastAxis ? std::vector<int64_t>{37, 64} : std::vector<int64_t>{3, 5, 4};
    d.axis = 1;
  } else if constexpr (F::layout == LayoutKind::PerToken) {
    d.n = 5;
    d.d = 12;
  } else {
    d.outer_size = 3;
    d.axis_size = 32;
    d.group_size = 8;
  }
  if constexpr (HasRange<typename Plan::Descriptor>::value) {
    d.q_min = F::q == ElementKind::U8 ? 3 : -100;
    d.q_max = F::q == ElementKind::U8 ? 250 : 90;
  }
  if constexpr (family_face::HasInputElement<typename Plan::Descriptor>::value)
    d.input_element = F::t;
  if constexpr (family_face::HasOutputElement<typename Plan::Descriptor>::value)
    d.output_element = F::q;
  return d;
}

template <typename Plan>
testing::FamilyProblem referenceProblem(bool lastAxis = false) {
  using F = FaceOf<Plan>;
  typename Plan::Descriptor d = validDescriptor<Plan>(lastAxis);
  testing::FamilyProblem p;
  p.op = F::op;
  p.floatElement = F::t;
  p.quantElement = F::q;
  if constexpr (F::layout == LayoutKind::PerTensor) {
    p.layout = ParameterLayout::perTensor();
    p.shape = {d.numel};
  } else if constexpr (F::layout == LayoutKind::PerChannel) {
    p.layout = ParameterLayout::perChannel(d.axis);
    p.shape = d.shape;
  } else if constexpr (F::layout == LayoutKind::PerToken) {
    p.layout = ParameterLayout::perToken();
    p.shape = {d.n, d.d};
  } else {
    p.layout = ParameterLayout::perGroup(d.group_size);
    p.shape = {d.outer_size, d.axis_size};
  }
  if constexpr (HasRange<typename Plan::Descriptor>::value) {
    p.qMin = d.q_min;
    p.qMax = d.q_max;
  }
  return p;
}

/// Whether the element of kind `element` at `at` is a NaN.
bool isNaN(ElementKind element, const uint8_t *at) {
  switch (element) {
  case ElementKind::F32: {
    float f;
    std::memcpy(&f, at, 4);
    return std::isnan(f);
  }
  case ElementKind::F64: {
    double d;
    std::memcpy(&d, at, 8);
    return std::isnan(d);
  }
  case ElementKind::F16: {
    uint16_t h;
    std::memcpy(&h, at, 2);
    return (h & 0x7C00) == 0x7C00 && (h & 0x3FF);
  }
  case ElementKind::BF16: {
    uint16_t h;
    std::memcpy(&h, at, 2);
    return (h & 0x7F80) == 0x7F80 && (h & 0x7F);
  }
  default:
    return false;
  }
}

/// The first element that differs bit for bit, a NaN matching any NaN
/// (docs/Semantics.md leaves a NaN's sign and payload open; the CPU kernels
/// and the reference differ in the sign of bf16's Inf * 0):
/// ", element N: want 0x.., got 0x.." (nothing when all match).
std::string firstDifference(const std::vector<uint64_t> &want,
                            const std::vector<uint64_t> &got,
                            ElementKind element, int64_t count) {
  size_t bytes = elementKindSize(element);
  auto *w = reinterpret_cast<const uint8_t *>(want.data());
  auto *g = reinterpret_cast<const uint8_t *>(got.data());
  for (int64_t i = 0; i < count; ++i) {
    const uint8_t *a = w + i * bytes, *b = g + i * bytes;
    if (std::memcmp(a, b, bytes) == 0 ||
        (isNaN(element, a) && isNaN(element, b)))
      continue;
    uint64_t x = 0, y = 0;
    std::memcpy(&x, a, bytes);
    std::memcpy(&y, b, bytes);
    return ", element " + std::to_string(i) + ": want " + std::to_string(x) +
           ", got " + std::to_string(y);
  }
  return "";
}

/// The operands of one run, in the kernel's order, with random data: the
/// edge values (±0, ties, NaN, ±Inf, huge, denormal), scales with 0 and
/// negatives, zero points in [-20, 20], an output poisoned with 0x5A.
template <typename Plan> struct Operands {
  using F = FaceOf<Plan>;
  const QuantizeOpSpec &spec = quantizeOpSpec(F::op);
  testing::FamilyProblem problem;
  std::vector<std::vector<uint64_t>> buffers;
  std::vector<int64_t> lengths;
  float scale32 = 0.75f;
  double scale64 = -0.375;
  int32_t zeroPoint = 3;

  explicit Operands(uint64_t seed, bool lastAxis = false)
      : problem(referenceProblem<Plan>(lastAxis)) {
    std::mt19937_64 random(seed);
    std::normal_distribution<double> normal(0, 40);
    int64_t numel = testing::familyNumElements(problem);
    for (int i = 0; i < spec.numOperands(); ++i) {
      ElementKind element = spec.operandElement(i, F::t, F::q);
      size_t bytes = elementKindSize(element);
      int64_t length = spec.operands[i].isParameter()
                           ? testing::familyParamCount(problem)
                           : numel;
      lengths.push_back(length);
      buffers.emplace_back((length * bytes + 7) / 8 + 1, 0);
      auto *base = reinterpret_cast<uint8_t *>(buffers.back().data());
      if (spec.operands[i].isOutput())
        std::memset(base, 0x5A, buffers.back().size() * 8);
      else
        fillFamilyOperand(spec.operands[i].role, element, base, length,
                          /*specialEvery=*/4, random, normal);
    }
  }

  /// Where args() points each operand: the host buffers, or their device
  /// copies once `device` is set.
  std::vector<void *> device;

  bool perTensor() const { return F::layout == LayoutKind::PerTensor; }
  void *host(int i) { return buffers[i].data(); }
  void *data(int i) { return device.empty() ? host(i) : device[i]; }
  std::vector<int64_t> shapeOf(int i) const {
    if (!spec.operands[i].isParameter())
      return problem.shape;
    if constexpr (F::layout == LayoutKind::PerGroup)
      return {problem.shape[0], problem.shape[1] / problem.layout.groupSize};
    return {lengths[i]};
  }

  /// Args for the plan: every field, by name, from the buffer of its
  /// kernel operand (QuantizeFamily.def's order, written out here rather
  /// than taken from Args::fields(), which it checks), the scalars per
  /// tensor, shapes as the descriptor's.
  typename Plan::Args args() {
    typename Plan::Args a;
    constexpr FamilyOp op = F::op;
    if constexpr (op == FamilyOp::QuantizeBackward ||
                  op == FamilyOp::FakeQuantizeBackward) {
      assign(a.d_output, 0), assign(a.input, 1), assign(a.scale, 2);
      assign(a.zero_point, 3), assign(a.d_input, 4);
    } else if constexpr (op == FamilyOp::DequantizeBackward) {
      assign(a.d_output, 0), assign(a.scale, 1), assign(a.d_input, 2);
    } else {
      assign(a.input, 0), assign(a.scale, 1), assign(a.zero_point, 2);
      assign(a.output, 3);
    }
    return a;
  }
  template <typename Field> void assign(Field &field, int i) {
    if constexpr (std::is_arithmetic_v<Field>) {
      if (spec.operands[i].role == QuantizeOperandRole::ScaleT)
        field = F::t == ElementKind::F64 ? Field(scale64) : Field(scale32);
      else
        field = Field(zeroPoint);
    } else {
      using Element = std::remove_pointer_t<decltype(field.data)>;
      field.data = static_cast<Element *>(data(i));
      std::vector<int64_t> shape = shapeOf(i);
      if constexpr (std::is_same_v<decltype(field.shape), std::vector<int64_t>>)
        field.shape = shape;
      else
        std::copy(shape.begin(), shape.end(), field.shape.begin());
    }
  }

  /// The reference's output, as bytes.
  std::vector<uint64_t> expected() {
    std::vector<const void *> ins;
    for (int i = 0; i + 1 < spec.numOperands(); ++i) {
      if (perTensor() && spec.operands[i].role == QuantizeOperandRole::ScaleT)
        ins.push_back(F::t == ElementKind::F64
                          ? static_cast<const void *>(&scale64)
                          : static_cast<const void *>(&scale32));
      else if (perTensor() &&
               spec.operands[i].role == QuantizeOperandRole::ZeroPoint)
        ins.push_back(&zeroPoint);
      else
        ins.push_back(host(i));
    }
    std::vector<uint64_t> out(buffers.back().size(), 0);
    std::memset(out.data(), 0x5A, out.size() * 8);
    testing::referenceFamily(problem, testing::familyBuffersInOperandOrder(
                                          problem, ins, out.data()));
    return out;
  }
};

template <typename Plan>
class QuantizeFamilyPlansTest : public ::testing::Test {};

// Every face, each with two type combinations (every T appears).
using Faces = ::testing::Types<
    QuantizePerTensorPlan<float, int8_t>, QuantizePerTensorPlan<Half, uint8_t>,
    QuantizePerChannelPlan<double, int8_t>,
    QuantizePerChannelPlan<BFloat16, uint8_t>,
    QuantizePerTokenPlan<float, uint8_t>, QuantizePerTokenPlan<Half, int8_t>,
    DequantizePerTensorPlan<double, uint8_t>,
    DequantizePerTensorPlan<BFloat16, int8_t>,
    DequantizePerChannelPlan<float, int8_t>,
    DequantizePerChannelPlan<Half, uint8_t>,
    DequantizePerTokenPlan<BFloat16, int8_t>,
    DequantizePerTokenPlan<double, uint8_t>,
    DequantizePerGroupPlan<float, uint8_t>,
    DequantizePerGroupPlan<Half, int8_t>,
    QuantizePerTensorBackwardPlan<double, int8_t>,
    QuantizePerTensorBackwardPlan<Half, uint8_t>,
    QuantizePerChannelBackwardPlan<float, int8_t>,
    QuantizePerChannelBackwardPlan<BFloat16, uint8_t>,
    QuantizePerTokenBackwardPlan<float>, QuantizePerTokenBackwardPlan<double>,
    QuantizePerGroupBackwardPlan<Half>, QuantizePerGroupBackwardPlan<BFloat16>,
    DequantizePerTensorBackwardPlan<float, int8_t>,
    DequantizePerTensorBackwardPlan<BFloat16, uint8_t>,
    DequantizePerChannelBackwardPlan<double, int8_t>,
    DequantizePerChannelBackwardPlan<Half, uint8_t>,
    DequantizePerTokenBackwardPlan<Half, int8_t>,
    DequantizePerTokenBackwardPlan<float, uint8_t>,
    DequantizePerGroupBackwardPlan<double, int8_t>,
    DequantizePerGroupBackwardPlan<BFloat16, uint8_t>, FakeQuantizePlan<float>,
    FakeQuantizePlan<BFloat16>, FakeQuantizeBackwardPlan<double>,
    FakeQuantizeBackwardPlan<Half>>;
TYPED_TEST_SUITE(QuantizeFamilyPlansTest, Faces);

// The per-channel faces run the last axis too (the CPU kernels' loop over
// parameter vectors).
TYPED_TEST(QuantizeFamilyPlansTest, RunOnCpuMatchesTheReference) {
  using Plan = TypeParam;
  using F = FaceOf<Plan>;
  for (bool lastAxis : {false, true}) {
    if (lastAxis && F::layout != LayoutKind::PerChannel)
      continue;
    Result<Plan> plan =
        Plan::select(Stream::cpu(), validDescriptor<Plan>(lastAxis));
    ASSERT_TRUE(plan) << plan.status().message();
    EXPECT_EQ(plan->workspace_size(), 0u);
    EXPECT_EQ(plan->sku().arch, ArchSku::Cpu);
    EXPECT_EQ(plan->sku().element, F::t);
    EXPECT_EQ(plan->sku().op, quantizeSkuOp(F::op, F::layout));
    EXPECT_EQ(plan->precision_guarantee().math_precision,
              F::t == ElementKind::F64 ? MathPrecision::F64
                                       : MathPrecision::F32);
    for (uint64_t seed : {1u, 2u}) {
      Operands<Plan> operands(seed, lastAxis);
      typename Plan::Args args = operands.args();
      ASSERT_TRUE(plan->can_implement(args).ok())
          << plan->can_implement(args).message();
      EXPECT_EQ(plan->sku_for(args).variant, "generic");
      ASSERT_TRUE(plan->run(Stream::cpu(3), {}, args).ok());
      std::vector<uint64_t> want = operands.expected();
      ElementKind out = operands.spec.operandElement(
          operands.spec.numOperands() - 1, F::t, F::q);
      EXPECT_EQ(firstDifference(want, operands.buffers.back(), out,
                                operands.lengths.back()),
                "")
          << "seed " << seed << (lastAxis ? " (last axis)" : "")
          << ": output differs from the reference";
    }
  }
}

/// Runs `Plan` on the CUDA device on the problem of validDescriptor(`lastAxis`)
/// and compares its output with the reference's; returns the variant that ran.
template <typename Plan> std::string runOnCudaAndCompare(bool lastAxis) {
  using F = FaceOf<Plan>;
  const CudaDevice *device = sharedDevice();
  EXPECT_NE(device, nullptr) << CudaDevice::open().status().message();
  if (!device)
    return "no device";
  Status current = device->makeCurrent();
  EXPECT_TRUE(current.ok()) << current.message();
  if (!current.ok())
    return "no current context";
  Result<CudaStream> stream = CudaStream::create();
  EXPECT_TRUE(stream.ok()) << stream.status().message();
  if (!stream.ok())
    return "no stream";
  Result<Plan> plan = Plan::select(Stream::cuda(stream->get()),
                                   validDescriptor<Plan>(lastAxis));
  EXPECT_TRUE(plan) << plan.status().message();
  if (!plan)
    return "not selected";
  Operands<Plan> operands(4, lastAxis);
  std::vector<CudaBuffer> buffers;
  for (const std::vector<uint64_t> &buffer : operands.buffers) {
    Result<CudaBuffer> copy = CudaBuffer::allocate(buffer.size() * 8);
    EXPECT_TRUE(copy.ok()) << copy.status().message();
    if (!copy.ok() ||
        !copy->copyFromHost(buffer.data(), buffer.size() * 8).ok())
      return "no buffer";
    operands.device.push_back(copy->data());
    buffers.push_back(std::move(*copy));
  }
  typename Plan::Args args = operands.args();
  EXPECT_TRUE(plan->run(Stream::cuda(stream->get()), {}, args).ok());
  EXPECT_TRUE(stream->synchronize().ok());
  std::vector<uint64_t> got(operands.buffers.back().size());
  EXPECT_TRUE(buffers.back().copyToHost(got.data(), got.size() * 8).ok());
  ElementKind out =
      operands.spec.operandElement(operands.spec.numOperands() - 1, F::t, F::q);
  EXPECT_EQ(
      firstDifference(operands.expected(), got, out, operands.lengths.back()),
      "")
      << to_string(plan->sku_for(args));
  return std::string(plan->sku_for(args).variant);
}

// The same on CUDA (each face's variants chosen by the plan for the
// device), against the same reference; skipped without a device. The
// per-channel faces run the last axis too, on their parameter-vector
// kernels.
TYPED_TEST(QuantizeFamilyPlansTest, RunOnCudaMatchesTheReference) {
  using Plan = TypeParam;
  using F = FaceOf<Plan>;
  if (std::optional<std::string> reason = cudaUnavailableReason())
    GTEST_SKIP() << *reason;
  runOnCudaAndCompare<Plan>(/*lastAxis=*/false);
  if constexpr (F::layout == LayoutKind::PerChannel)
    EXPECT_EQ(runOnCudaAndCompare<Plan>(/*lastAxis=*/true).rfind("pvec", 0), 0u)
        << "the last axis should run a parameter-vector kernel";
}

TYPED_TEST(QuantizeFamilyPlansTest, DescriptorElementKindsMustBeThePlans) {
  using Plan = TypeParam;
  using D = typename Plan::Descriptor;
  using F = FaceOf<Plan>;
  std::string name = quantizeFamilyName(F::op, F::layout);
  if constexpr (family_face::HasInputElement<D>::value) {
    D d = validDescriptor<Plan>();
    d.input_element =
        F::t == ElementKind::F32 ? ElementKind::F64 : ElementKind::F32;
    Result<Plan> plan = Plan::select(Stream::cpu(), d);
    ASSERT_FALSE(plan);
    EXPECT_EQ(plan.status().code(), StatusCode::Unsupported);
    EXPECT_EQ(plan.status().message(),
              name + ": descriptor input_element (" +
                  std::string(elementKindName(d.input_element)) +
                  ") must be the plan's TIn (" +
                  std::string(elementKindName(F::t)) + ")");
  }
  if constexpr (family_face::HasOutputElement<D>::value && F::hasTOut) {
    D d = validDescriptor<Plan>();
    d.output_element =
        F::q == ElementKind::S8 ? ElementKind::U8 : ElementKind::S8;
    Result<Plan> plan = Plan::select(Stream::cpu(), d);
    ASSERT_FALSE(plan);
    EXPECT_EQ(plan.status().code(), StatusCode::Unsupported);
    EXPECT_TRUE(
        contains(plan.status().message(), ": descriptor output_element ("))
        << plan.status().message();
  }
  // The other side: the plan's own kinds are accepted.
  EXPECT_TRUE(Plan::select(Stream::cpu(), validDescriptor<Plan>()));
}

TYPED_TEST(QuantizeFamilyPlansTest, DescriptorRulesFromBothSides) {
  using Plan = TypeParam;
  using D = typename Plan::Descriptor;
  using F = FaceOf<Plan>;
  std::string prefix = quantizeFamilyName(F::op, F::layout) + ": ";
  auto expectRejected = [&](const D &d, const std::string &message) {
    Result<Plan> plan = Plan::select(Stream::cpu(), d);
    ASSERT_FALSE(plan);
    EXPECT_EQ(plan.status().code(), StatusCode::InvalidProblem);
    EXPECT_EQ(plan.status().message(), prefix + message);
  };
  D bad = validDescriptor<Plan>(), edge = validDescriptor<Plan>();
  if constexpr (F::layout == LayoutKind::PerTensor) {
    bad.numel = -1, edge.numel = 0;
    expectRejected(bad, "numel (-1) must be non-negative");
  } else if constexpr (F::layout == LayoutKind::PerChannel) {
    bad.axis = 3, edge.axis = 2;
    expectRejected(bad, "per_channel<axis = 3>: axis (3) must lie in [0, "
                        "rank) = [0, 3)");
  } else if constexpr (F::layout == LayoutKind::PerToken) {
    bad.n = -1, edge.n = 0;
    expectRejected(bad, "n (-1) must be non-negative");
  } else {
    bad.group_size = 12, edge.group_size = 16;
    expectRejected(bad, "axis_size (32) must be a multiple of group_size (12)");
  }
  EXPECT_TRUE(Plan::select(Stream::cpu(), edge))
      << Plan::select(Stream::cpu(), edge).status().message();
  if constexpr (HasRange<D>::value) {
    D reversed = validDescriptor<Plan>(), equal = validDescriptor<Plan>();
    reversed.q_min = reversed.q_max + 1;
    equal.q_min = equal.q_max;
    Result<Plan> plan = Plan::select(Stream::cpu(), reversed);
    ASSERT_FALSE(plan);
    EXPECT_EQ(plan.status().code(), StatusCode::InvalidProblem);
    EXPECT_TRUE(contains(plan.status().message(),
                         prefix + "q_max (" + std::to_string(reversed.q_max) +
                             ") must be greater than or equal to q_min ("))
        << plan.status().message();
    EXPECT_TRUE(Plan::select(Stream::cpu(), equal));
  }
}

TYPED_TEST(QuantizeFamilyPlansTest, OperandShapesFromBothSides) {
  using Plan = TypeParam;
  using F = FaceOf<Plan>;
  Result<Plan> plan = Plan::select(Stream::cpu(), validDescriptor<Plan>());
  ASSERT_TRUE(plan);
  Operands<Plan> operands(3);
  std::vector<uint64_t> untouched = operands.buffers.back();
  const QuantizeOpSpec &spec = operands.spec;
  // Each memory operand one element too long in its first dim: rejected
  // naming it, and run() writes nothing.
  for (int i = 0; i < spec.numOperands(); ++i) {
    if (operands.perTensor() && spec.operands[i].isParameter())
      continue;
    typename Plan::Args args = operands.args();
    int slot = 0;
    std::apply(
        [&](auto &...field) {
          (
              [&](auto &f) {
                if constexpr (!std::is_arithmetic_v<
                                  std::remove_reference_t<decltype(f)>>)
                  if (slot == i)
                    f.shape[0] += 1;
                ++slot;
              }(field),
              ...);
        },
        args.fields());
    Status status = plan->can_implement(args);
    EXPECT_EQ(status.code(), StatusCode::InvalidProblem) << i;
    EXPECT_TRUE(
        contains(status.message(), quantizeFamilyName(F::op, F::layout) + ": " +
                                       spec.operands[i].name + " shape ["))
        << status.message();
    EXPECT_EQ(plan->run(Stream::cpu(), {}, args).code(),
              StatusCode::InvalidProblem);
    EXPECT_EQ(operands.buffers.back(), untouched);
  }
  // A null data pointer reaches the core's check, naming the size.
  typename Plan::Args args = operands.args();
  std::get<0>(args.fields()).data = nullptr;
  Status status = plan->can_implement(args);
  EXPECT_EQ(status.code(), StatusCode::InvalidProblem);
  EXPECT_TRUE(contains(status.message(), " data is null for a non-empty "))
      << status.message();
  // A plan selected for the CPU refuses a CUDA stream before anything else.
  EXPECT_EQ(plan->run(Stream::cuda(nullptr), {}, operands.args()).code(),
            StatusCode::InvalidProblem);
}

} // namespace
} // namespace baracuda::test
