//===- QuantizeFamilyPlanTest.cpp - The plan core's CPU launch contract ---===//
//
// QuantizeFamilyPlan over probe kernels (probe/ProbeKernels.cpp) that write
// which parameter each element received: every op, both parameter kinds,
// layouts whose parameter index wraps or not, on one thread and on eight
// (chunked), must give exactly the whole-problem formula. This checks the
// runtime's side of KernelAbi.h (operand order, per-tensor scalars, chunk
// offsets, block and period per chunk) independently of the compiler.
//
//===----------------------------------------------------------------------===//

#include "baracuda/runtime/QuantizeFamilyPlan.h"
#include "baracuda/Rules/QuantizeDescriptorRules.h"

#include <gtest/gtest.h>

#include <dlfcn.h>

#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

namespace baracuda {
namespace {

struct Probe {
  std::shared_ptr<const KernelLibrary> library;
  int64_t (*errors)() = nullptr;
  void (*expectRange)(int32_t, int32_t) = nullptr;
};

const Probe &probe() {
  static const Probe loaded = [] {
    Probe p;
    Result<std::shared_ptr<const KernelLibrary>> library =
        KernelLibrary::fromCpuSharedObject(BARACUDA_TEST_PROBE_KERNELS_SO_PATH);
    if (!library)
      return p;
    p.library = *library;
    void *handle =
        dlopen(BARACUDA_TEST_PROBE_KERNELS_SO_PATH, RTLD_NOW | RTLD_NOLOAD);
    p.errors = reinterpret_cast<int64_t (*)()>(dlsym(handle, "probe_errors"));
    p.expectRange = reinterpret_cast<void (*)(int32_t, int32_t)>(
        dlsym(handle, "probe_expect_range"));
    return p;
  }();
  return loaded;
}

struct Case {
  const char *name;
  QuantizeFamilyProblem shape; // layout, numel, block, period
};

/// Problems with and without wrapping parameter indices, several chunks at
/// eight threads (each over 1 MiB moved).
std::vector<Case> cases() {
  std::vector<Case> all;
  auto add = [&](const char *name, Status status, QuantizeFamilyProblem p) {
    EXPECT_TRUE(status.ok()) << name << ": " << status.message();
    all.push_back({name, p});
  };
  QuantizeFamilyProblem p;
  add("per_tensor", quantizePerTensorLayout(600007, &p), p);
  add("per_channel_axis0", quantizePerChannelLayout({7, 300, 129}, 0, &p), p);
  add("per_channel_axis1_wraps",
      quantizePerChannelLayout({5, 1000, 129}, 1, &p), p);
  add("per_channel_last_axis_wraps",
      quantizePerChannelLayout({3000, 257}, 1, &p), p);
  add("per_token", quantizePerTokenLayout(3001, 211, &p), p);
  add("per_group", quantizePerGroupLayout(300, 2048, 64, &p), p);
  return all;
}

template <typename T> T valueOf(const std::vector<uint8_t> &bytes, int64_t i) {
  T value;
  std::memcpy(&value, bytes.data() + i * sizeof(T), sizeof(T));
  return value;
}

/// Runs `op` on `c` with T (float or double) and the probe library on
/// `threads` threads; compares with the formula of ProbeKernels.cpp.
template <typename T>
void runProbe(FamilyOp op, const Case &c, ElementKind q, int threads) {
  const QuantizeOpSpec &spec = quantizeOpSpec(op);
  QuantizeFamilyProblem problem = c.shape;
  problem.op = op;
  problem.t = std::is_same_v<T, double> ? ElementKind::F64 : ElementKind::F32;
  problem.q = spec.hasQ ? q : ElementKind::S8;
  problem.q_min = spec.hasRange ? 1 : 0; // valid for s8 and u8
  problem.q_max = spec.hasRange ? 100 : 0;
  probe().expectRange(1, 100);
  SCOPED_TRACE(std::string(c.name) + " " + spec.symbol + " " +
               std::string(elementKindName(problem.t)) + " threads " +
               std::to_string(threads));

  Result<QuantizeFamilyPlan> plan = QuantizeFamilyPlan::select(
      Stream::cpu(threads), problem, PlanPreference::Default, probe().library);
  ASSERT_TRUE(plan) << plan.status().message();

  bool perTensor = problem.layout == LayoutKind::PerTensor;
  int64_t numel = problem.numel, params = problem.numParameters();
  std::vector<std::vector<uint8_t>> buffers(spec.numOperands());
  QuantizeFamilyOperands operands;
  operands.scale = 2.5;
  operands.zero_point = 7;
  for (int i = 0; i < spec.numOperands(); ++i) {
    ElementKind element = spec.operandElement(i, problem.t, problem.q);
    bool parameter = spec.operands[i].isParameter();
    if (parameter && perTensor)
      continue;
    int64_t n = parameter ? params : numel;
    std::vector<uint8_t> &b = buffers[i];
    b.assign(size_t(n) * elementKindSize(element), 0xA5);
    if (!spec.operands[i].isOutput())
      for (int64_t k = 0; k < n; ++k) {
        // data0: k % 7, data1: 10 * (k % 5); scale: k + 1; zp: k % 50.
        double v =
            parameter ? (spec.operands[i].role == QuantizeOperandRole::ZeroPoint
                             ? double(k % 50)
                             : double(k + 1))
            : i == 0  ? double(k % 7)
                      : double(10 * (k % 5));
        switch (element) {
        case ElementKind::F32: {
          float f = float(v);
          std::memcpy(&b[k * 4], &f, 4);
          break;
        }
        case ElementKind::F64:
          std::memcpy(&b[k * 8], &v, 8);
          break;
        case ElementKind::S32: {
          int32_t z = int32_t(v);
          std::memcpy(&b[k * 4], &z, 4);
          break;
        }
        default:
          b[k] = uint8_t(v);
        }
      }
    operands.data[i] = b.data();
  }
  ASSERT_TRUE(plan->can_implement(operands).ok());
  Status ran = plan->run(Stream::cpu(threads), Workspace{}, operands);
  ASSERT_TRUE(ran.ok()) << ran.message();
  EXPECT_EQ(probe().errors(), 0);

  int out = spec.numOperands() - 1;
  int scaleAt = spec.indexOf(QuantizeOperandRole::ScaleT);
  int zpAt = spec.indexOf(QuantizeOperandRole::ZeroPoint);
  bool secondData = spec.numOperands() == 5;
  int64_t mismatches = 0;
  for (int64_t i = 0; i < numel && mismatches < 5; ++i) {
    int64_t p = (i / problem.block) % problem.period;
    double s = perTensor ? double(T(operands.scale)) : double(p + 1);
    double zp = zpAt < 0 ? 0 : perTensor ? operands.zero_point : double(p % 50);
    double data0 = double(i % 7), data1 = secondData ? 10.0 * (i % 5) : 0;
    (void)scaleAt;
    if (spec.operands[out].isQuantized()) {
      int expected = int(zp + data0);
      int got = problem.q == ElementKind::S8 ? int(int8_t(buffers[out][i]))
                                             : int(buffers[out][i]);
      if (got != expected && ++mismatches)
        ADD_FAILURE() << "element " << i << ": " << got << " != " << expected;
    } else {
      T expected = T(s) + T(1000) * T(zp) + T(data0) + T(data1);
      T got = valueOf<T>(buffers[out], i);
      if (got != expected && ++mismatches)
        ADD_FAILURE() << "element " << i << ": " << got << " != " << expected;
    }
  }
}

class QuantizeFamilyPlanTest : public ::testing::Test {
protected:
  void SetUp() override {
    if (!probe().library || !probe().errors)
      GTEST_FAIL() << "cannot load " BARACUDA_TEST_PROBE_KERNELS_SO_PATH;
  }
};

TEST_F(QuantizeFamilyPlanTest, EveryOpAndLayoutGetsItsParametersOnOneThread) {
  for (const Case &c : cases())
    for (const QuantizeOpSpec &op : kQuantizeOps) {
      runProbe<float>(op.kind, c, ElementKind::S8, 1);
      runProbe<double>(op.kind, c, ElementKind::U8, 1);
    }
}

TEST_F(QuantizeFamilyPlanTest, ChunkedRunsGiveTheSameParameters) {
  for (const Case &c : cases())
    for (const QuantizeOpSpec &op : kQuantizeOps) {
      runProbe<float>(op.kind, c, ElementKind::U8, 8);
      runProbe<double>(op.kind, c, ElementKind::S8, 3);
    }
}

TEST_F(QuantizeFamilyPlanTest, EmptyProblemRunsNothingWithNullPointers) {
  QuantizeFamilyProblem problem;
  ASSERT_TRUE(quantizePerChannelLayout({0, 5}, 1, &problem).ok());
  problem.op = FamilyOp::Dequantize;
  Result<QuantizeFamilyPlan> plan = QuantizeFamilyPlan::select(
      Stream::cpu(4), problem, PlanPreference::Default, probe().library);
  ASSERT_TRUE(plan) << plan.status().message();
  EXPECT_TRUE(plan->run(Stream::cpu(4), Workspace{}, {}).ok());
  EXPECT_EQ(probe().errors(), 0);
}

// A library without the kernel (the probe has f32/f64 only; an op switched
// off in QuantizeFamily.def has none in the builtin library): Unsupported,
// naming the kernel.
TEST_F(QuantizeFamilyPlanTest, MissingKernelIsUnsupportedNamingIt) {
  QuantizeFamilyProblem problem;
  ASSERT_TRUE(quantizePerTensorLayout(16, &problem).ok());
  problem.op = FamilyOp::Dequantize;
  problem.t = ElementKind::BF16;
  problem.q = ElementKind::U8;
  Result<QuantizeFamilyPlan> plan = QuantizeFamilyPlan::select(
      Stream::cpu(), problem, PlanPreference::Default, probe().library);
  ASSERT_FALSE(plan);
  EXPECT_EQ(plan.status().code(), StatusCode::Unsupported);
  EXPECT_NE(plan.status().message().find(
                "has no CPU kernel dequantize_per_tensor_bf16_u8"),
            std::string::npos)
      << plan.status().message();
  problem.t = ElementKind::F32;
  EXPECT_TRUE(QuantizeFamilyPlan::select(
      Stream::cpu(), problem, PlanPreference::Default, probe().library));
}

TEST_F(QuantizeFamilyPlanTest, SkuNamesOpLayoutAndTypes) {
  QuantizeFamilyProblem problem;
  ASSERT_TRUE(quantizePerTokenLayout(4, 8, &problem).ok());
  problem.op = FamilyOp::QuantizeBackward;
  problem.t = ElementKind::F64;
  Result<QuantizeFamilyPlan> plan = QuantizeFamilyPlan::select(
      Stream::cpu(), problem, PlanPreference::Default, probe().library);
  ASSERT_TRUE(plan) << plan.status().message();
  EXPECT_EQ(to_string(plan->sku()),
            "quantization.quantize_per_token_backward f64 cpu "
            "generated/generic (math f64, accumulator f64, bit-stable, "
            "deterministic)");
  EXPECT_EQ(plan->workspace_size(), 0u);
}

} // namespace
} // namespace baracuda
