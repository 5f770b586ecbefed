//===- CApiTest.cpp - The C ABI (baracuda_kernels.h) on the CPU backend ---===//
//
// Every entry point, every status code it can return here, the thread-local
// last-error message, and that a failed call launches nothing.
//
//===----------------------------------------------------------------------===//

#include "CApiTestSupport.h"
#include "QuantizeTestSupport.h"

#include "baracuda/runtime/CudaDevice.h"

#include "baracuda/runtime/CudaDriver.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <thread>
#include <vector>

namespace baracuda::test {
namespace {

/// A valid [outer, axis] problem for one pair, with host operands.
struct CProblem {
  QuantizeProblem problem;
  std::vector<uint8_t> output;

  CProblem(ElementKind in, ElementKind out, int32_t outer = 3,
           int32_t axis = 64, int32_t group = 16) {
    std::mt19937_64 random(testSeed());
    problem = randomProblem(in, out, "C ABI", outer, axis, group,
                            out == ElementKind::S8 ? -128 : 0,
                            out == ElementKind::S8 ? 127 : 255, random);
    output.assign(problem.outputBytes(), 0xA5);
  }
  const QuantizePerGroupDescriptor &desc() const { return problem.desc; }

  int32_t run(const CQuantizeEntryPoints &entry, void *stream) {
    return entry.run(desc().outer_size, desc().axis_size, desc().group_size,
                     desc().q_min, desc().q_max, problem.input.data(),
                     problem.scale.data(), problem.zeroPoint.data(),
                     output.data(), nullptr, 0, stream);
  }
  int32_t canImplement(const CQuantizeEntryPoints &entry) {
    return entry.canImplement(desc().outer_size, desc().axis_size,
                              desc().group_size, desc().q_min, desc().q_max,
                              problem.input.data(), problem.scale.data(),
                              problem.zeroPoint.data(), output.data());
  }
  bool outputUntouched() const {
    for (uint8_t byte : output)
      if (byte != 0xA5)
        return false;
    return true;
  }
};

std::string lastError() { return baracuda_kernels_last_error_message(); }

class CApiTest : public ::testing::TestWithParam<CQuantizeEntryPoints> {};

INSTANTIATE_TEST_SUITE_P(AllPairs, CApiTest,
                         ::testing::ValuesIn(allCQuantizeEntryPoints()),
                         CQuantizeEntryPointNames());

TEST_P(CApiTest, RunOnCpuMatchesReference) {
  CProblem p(GetParam().input, GetParam().output);
  ASSERT_EQ(p.run(GetParam(), BARACUDA_CPU_STREAM), BARACUDA_KERNELS_SUCCESS)
      << lastError();
  EXPECT_EQ(lastError(), "");
  EXPECT_TRUE(bitExact(p.problem, p.output, referenceOutput(p.problem)));
}

// _run reuses the thread's last plan while the descriptor is unchanged: a
// sequence of calls that changes one field at a time, or breaks a rule in
// between, must give each call its own, correct outcome.
TEST_P(CApiTest, ConsecutiveRunsWithChangingDescriptors) {
  const CQuantizeEntryPoints &entry = GetParam();
  CProblem first(entry.input, entry.output, 3, 64, 16);
  CProblem again(entry.input, entry.output, 3, 64, 16);      // same shape
  CProblem otherOuter(entry.input, entry.output, 5, 64, 16); // outer only
  CProblem otherAxis(entry.input, entry.output, 3, 96, 16);  // axis only
  CProblem otherGroup(entry.input, entry.output, 3, 64, 32); // group only
  CProblem otherShape(entry.input, entry.output, 5, 96, 32);
  for (CProblem *p : {&first, &again, &otherOuter, &first, &otherAxis, &first,
                      &otherGroup, &first, &otherShape, &first}) {
    std::fill(p->output.begin(), p->output.end(), 0xA5);
    ASSERT_EQ(p->run(entry, BARACUDA_CPU_STREAM), BARACUDA_KERNELS_SUCCESS)
        << lastError();
    EXPECT_TRUE(bitExact(p->problem, p->output, referenceOutput(p->problem)));
  }
  // The same descriptor numbers through another pair's entry point (another
  // input element, same output), then this one again: the element kinds
  // are part of the descriptor.
  for (const CQuantizeEntryPoints &other : allCQuantizeEntryPoints()) {
    if (other.input == entry.input || other.output != entry.output)
      continue;
    SCOPED_TRACE("after " + other.name);
    CProblem sameShape(other.input, other.output, 3, 64, 16);
    ASSERT_EQ(sameShape.run(other, BARACUDA_CPU_STREAM),
              BARACUDA_KERNELS_SUCCESS)
        << lastError();
    EXPECT_TRUE(bitExact(sameShape.problem, sameShape.output,
                         referenceOutput(sameShape.problem)));
    std::fill(first.output.begin(), first.output.end(), 0xA5);
    ASSERT_EQ(first.run(entry, BARACUDA_CPU_STREAM), BARACUDA_KERNELS_SUCCESS)
        << lastError();
    EXPECT_TRUE(
        bitExact(first.problem, first.output, referenceOutput(first.problem)));
  }
  // A broken rule right after a successful call with the same shape.
  std::fill(first.output.begin(), first.output.end(), 0xA5);
  EXPECT_EQ(entry.run(3, 64, 16, 5, 4, first.problem.input.data(),
                      first.problem.scale.data(),
                      first.problem.zeroPoint.data(), first.output.data(),
                      nullptr, 0, BARACUDA_CPU_STREAM),
            BARACUDA_KERNELS_INVALID_PROBLEM);
  EXPECT_TRUE(first.outputUntouched());
  // q_min/q_max are part of the descriptor too: a narrower range is honoured.
  std::fill(first.output.begin(), first.output.end(), 0xA5);
  QuantizeProblem narrow = first.problem;
  narrow.desc.q_min = 1;
  narrow.desc.q_max = 3;
  ASSERT_EQ(entry.run(3, 64, 16, 1, 3, first.problem.input.data(),
                      first.problem.scale.data(),
                      first.problem.zeroPoint.data(), first.output.data(),
                      nullptr, 0, BARACUDA_CPU_STREAM),
            BARACUDA_KERNELS_SUCCESS)
      << lastError();
  EXPECT_TRUE(bitExact(narrow, first.output, referenceOutput(narrow)));
}

TEST_P(CApiTest, CanImplementAcceptsValidHostProblem) {
  CProblem p(GetParam().input, GetParam().output);
  EXPECT_EQ(p.canImplement(GetParam()), BARACUDA_KERNELS_SUCCESS)
      << lastError();
  EXPECT_EQ(lastError(), "");
  EXPECT_TRUE(p.outputUntouched()); // Checks only.
}

TEST_P(CApiTest, SuccessClearsLastError) {
  CProblem p(GetParam().input, GetParam().output);
  ASSERT_EQ(GetParam().run(1, 64, 0, 0, 1, nullptr, nullptr, nullptr, nullptr,
                           nullptr, 0, BARACUDA_CPU_STREAM),
            BARACUDA_KERNELS_INVALID_PROBLEM);
  EXPECT_NE(lastError(), "");
  ASSERT_EQ(p.run(GetParam(), BARACUDA_CPU_STREAM), BARACUDA_KERNELS_SUCCESS);
  EXPECT_EQ(lastError(), "");
  ASSERT_EQ(GetParam().canImplement(1, 64, 0, 0, 1, nullptr, nullptr, nullptr,
                                    nullptr),
            BARACUDA_KERNELS_INVALID_PROBLEM);
  EXPECT_NE(lastError(), "");
  ASSERT_EQ(p.canImplement(GetParam()), BARACUDA_KERNELS_SUCCESS);
  EXPECT_EQ(lastError(), "");
}

// Status 2 for each broken rule, with the rule's message, and no launch.
TEST_P(CApiTest, BrokenDescriptorsLaunchNothing) {
  const CQuantizeEntryPoints &entry = GetParam();
  CProblem p(entry.input, entry.output);
  int32_t lo = p.desc().q_min, hi = p.desc().q_max;
  struct Case {
    int32_t outer, axis, group, qMin, qMax;
    std::string message;
  };
  std::string range = entry.output == ElementKind::S8 ? "s8 range [-128, 127]"
                                                      : "u8 range [0, 255]";
  const Case cases[] = {
      {-1, 64, 16, lo, hi, "outer_size (-1) must be non-negative"},
      {3, -64, 16, lo, hi, "axis_size (-64) must be non-negative"},
      {3, 64, 0, lo, hi, "group_size (0) must be positive"},
      {3, 64, -16, lo, hi, "group_size (-16) must be positive"},
      {3, 64, 24, lo, hi,
       "axis_size (64) must be a multiple of group_size (24)"},
      {3, 64, 16, 10, 9,
       "q_max (9) must be greater than or equal to q_min (10)"},
      {3, 64, 16, lo - 1, hi,
       "q_min (" + std::to_string(lo - 1) + ") must lie in the " + range},
      {3, 64, 16, lo, hi + 1,
       "q_max (" + std::to_string(hi + 1) + ") must lie in the " + range},
  };
  for (const Case &c : cases) {
    int32_t status = entry.run(c.outer, c.axis, c.group, c.qMin, c.qMax,
                               p.problem.input.data(), p.problem.scale.data(),
                               p.problem.zeroPoint.data(), p.output.data(),
                               nullptr, 0, BARACUDA_CPU_STREAM);
    EXPECT_EQ(status, BARACUDA_KERNELS_INVALID_PROBLEM) << c.message;
    EXPECT_EQ(lastError(), "quantize_per_group: " + c.message);
    EXPECT_TRUE(p.outputUntouched()) << c.message;
    status = entry.canImplement(c.outer, c.axis, c.group, c.qMin, c.qMax,
                                p.problem.input.data(), p.problem.scale.data(),
                                p.problem.zeroPoint.data(), p.output.data());
    EXPECT_EQ(status, BARACUDA_KERNELS_INVALID_PROBLEM) << c.message;
    EXPECT_EQ(lastError(), "quantize_per_group: " + c.message);
  }
}

TEST_P(CApiTest, NullPointersOfNonEmptyProblem) {
  const CQuantizeEntryPoints &entry = GetParam();
  CProblem p(entry.input, entry.output);
  const void *valid[4] = {p.problem.input.data(), p.problem.scale.data(),
                          p.problem.zeroPoint.data(), p.output.data()};
  const char *names[4] = {"input", "scale", "zero_point", "output"};
  for (int which = 0; which < 4; ++which) {
    const void *ptrs[4] = {valid[0], valid[1], valid[2], valid[3]};
    ptrs[which] = nullptr;
    int32_t status = entry.run(
        3, 64, 16, p.desc().q_min, p.desc().q_max, ptrs[0], ptrs[1], ptrs[2],
        const_cast<void *>(ptrs[3]), nullptr, 0, BARACUDA_CPU_STREAM);
    EXPECT_EQ(status, BARACUDA_KERNELS_INVALID_PROBLEM);
    EXPECT_TRUE(contains(lastError(), std::string(names[which]) +
                                          " data is null for a non-empty"));
    EXPECT_TRUE(p.outputUntouched());
    status =
        entry.canImplement(3, 64, 16, p.desc().q_min, p.desc().q_max, ptrs[0],
                           ptrs[1], ptrs[2], const_cast<void *>(ptrs[3]));
    EXPECT_EQ(status, BARACUDA_KERNELS_INVALID_PROBLEM);
  }
}

TEST_P(CApiTest, EmptyProblemsAcceptNullPointers) {
  const CQuantizeEntryPoints &entry = GetParam();
  int32_t lo = entry.output == ElementKind::S8 ? -128 : 0;
  for (auto [outer, axis] : {std::pair{0, 64}, std::pair{4, 0}}) {
    EXPECT_EQ(entry.run(outer, axis, 16, lo, 100, nullptr, nullptr, nullptr,
                        nullptr, nullptr, 0, BARACUDA_CPU_STREAM),
              BARACUDA_KERNELS_SUCCESS)
        << lastError();
    EXPECT_EQ(entry.canImplement(outer, axis, 16, lo, 100, nullptr, nullptr,
                                 nullptr, nullptr),
              BARACUDA_KERNELS_SUCCESS)
        << lastError();
  }
}

// Status 1: a pointer not aligned to its element (the output is bytes, so
// it never is misaligned).
TEST_P(CApiTest, MisalignedOperands) {
  const CQuantizeEntryPoints &entry = GetParam();
  CProblem p(entry.input, entry.output);
  std::vector<uint8_t> shifted(p.problem.input.size() + 16);
  std::vector<int32_t> zeroPoints(p.problem.zeroPoint.size() + 4);
  const void *misalignedInput = shifted.data() + 1;
  const void *misalignedZeroPoint =
      reinterpret_cast<const uint8_t *>(zeroPoints.data()) + 2;
  struct Case {
    const char *operand;
    const void *input, *scale, *zeroPoint;
  };
  const Case cases[] = {
      {"input", misalignedInput, p.problem.scale.data(),
       p.problem.zeroPoint.data()},
      {"scale", p.problem.input.data(), misalignedInput,
       p.problem.zeroPoint.data()},
      {"zero_point", p.problem.input.data(), p.problem.scale.data(),
       misalignedZeroPoint},
  };
  for (const Case &c : cases) {
    int32_t status = entry.run(3, 64, 16, p.desc().q_min, p.desc().q_max,
                               c.input, c.scale, c.zeroPoint, p.output.data(),
                               nullptr, 0, BARACUDA_CPU_STREAM);
    EXPECT_EQ(status, BARACUDA_KERNELS_MISALIGNED_OPERAND) << c.operand;
    EXPECT_TRUE(contains(lastError(), std::string(c.operand) + " pointer"));
    EXPECT_TRUE(contains(lastError(), "must be aligned to"));
    EXPECT_TRUE(p.outputUntouched());
    status = entry.canImplement(3, 64, 16, p.desc().q_min, p.desc().q_max,
                                c.input, c.scale, c.zeroPoint, p.output.data());
    EXPECT_EQ(status, BARACUDA_KERNELS_MISALIGNED_OPERAND) << c.operand;
  }
  // Output: bytes, never misaligned.
  EXPECT_EQ(entry.run(3, 64, 16, p.desc().q_min, p.desc().q_max,
                      p.problem.input.data(), p.problem.scale.data(),
                      p.problem.zeroPoint.data(), shifted.data() + 1, nullptr,
                      0, BARACUDA_CPU_STREAM),
            BARACUDA_KERNELS_SUCCESS)
      << lastError();
}

// Status 4 cannot happen today (no kernel needs a workspace); any workspace,
// NULL included, is accepted.
TEST_P(CApiTest, WorkspaceIsOptional) {
  const CQuantizeEntryPoints &entry = GetParam();
  CProblem p(entry.input, entry.output);
  char scratch[32];
  EXPECT_EQ(entry.run(3, 64, 16, p.desc().q_min, p.desc().q_max,
                      p.problem.input.data(), p.problem.scale.data(),
                      p.problem.zeroPoint.data(), p.output.data(), scratch,
                      sizeof(scratch), BARACUDA_CPU_STREAM),
            BARACUDA_KERNELS_SUCCESS);
  EXPECT_EQ(entry.run(3, 64, 16, p.desc().q_min, p.desc().q_max,
                      p.problem.input.data(), p.problem.scale.data(),
                      p.problem.zeroPoint.data(), p.output.data(), nullptr, 0,
                      BARACUDA_CPU_STREAM),
            BARACUDA_KERNELS_SUCCESS);
}

TEST(CApiMessageTest, LastErrorIsThreadLocalAndNeverNull) {
  ASSERT_NE(baracuda_kernels_last_error_message(), nullptr);
  ASSERT_EQ(baracuda_kernels_quantize_per_group_f32_s8_run(
                1, 64, 0, -1, 1, nullptr, nullptr, nullptr, nullptr, nullptr, 0,
                BARACUDA_CPU_STREAM),
            BARACUDA_KERNELS_INVALID_PROBLEM);
  std::string mine = lastError();
  EXPECT_EQ(mine, "quantize_per_group: group_size (0) must be positive");
  std::string other = "unset";
  std::thread([&] { other = baracuda_kernels_last_error_message(); }).join();
  EXPECT_EQ(other, "");         // A fresh thread has no error...
  EXPECT_EQ(lastError(), mine); // ...and does not clear this one.
}

// Each failure the C ABI reports carries the code and message the C++ plan
// gives for the same problem (the values of the codes are static_asserted
// in CApi.cpp; this checks that each failure is mapped, not renumbered).
TEST(CApiMessageTest, StatusCodesMatchTheCppApi) {
  using Plan = QuantizePerGroupPlan<float, int8_t>;
  CProblem p(ElementKind::F32, ElementKind::S8, 3, 64, 16);
  QuantizePerGroupArgs<float, int8_t> args;
  args.input = {reinterpret_cast<const float *>(p.problem.input.data()),
                {3, 64}};
  args.scale = {reinterpret_cast<const float *>(p.problem.scale.data()),
                {3, 4}};
  args.zero_point = {p.problem.zeroPoint.data(), {3, 4}};
  args.output = {reinterpret_cast<int8_t *>(p.output.data()), {3, 64}};
  auto expectSame = [](int32_t cCode, const Status &cpp) {
    EXPECT_NE(cpp.code(), StatusCode::Success);
    EXPECT_EQ(cCode, int32_t(cpp.code())) << cpp.message();
    EXPECT_EQ(lastError(), cpp.message());
  };

  // InvalidProblem: a broken descriptor rule.
  QuantizePerGroupDescriptor broken = p.desc();
  broken.group_size = 0;
  expectSame(baracuda_kernels_quantize_per_group_f32_s8_run(
                 3, 64, 0, -128, 127, args.input.data, args.scale.data,
                 args.zero_point.data, args.output.data, nullptr, 0,
                 BARACUDA_CPU_STREAM),
             Plan::select(Stream::cpu(), broken).status());
  // MisalignedOperand: a scale pointer off its element alignment.
  Result<Plan> plan = Plan::select(Stream::cpu(), p.desc());
  ASSERT_TRUE(plan.ok());
  QuantizePerGroupArgs<float, int8_t> misaligned = args;
  misaligned.scale.data = reinterpret_cast<const float *>(
      reinterpret_cast<const uint8_t *>(args.scale.data) + 2);
  expectSame(baracuda_kernels_quantize_per_group_f32_s8_run(
                 3, 64, 16, -128, 127, misaligned.input.data,
                 misaligned.scale.data, misaligned.zero_point.data,
                 misaligned.output.data, nullptr, 0, BARACUDA_CPU_STREAM),
             plan->can_implement(misaligned));
  // InvalidProblem from the operands: a null pointer.
  QuantizePerGroupArgs<float, int8_t> null = args;
  null.input.data = nullptr;
  expectSame(baracuda_kernels_quantize_per_group_f32_s8_run(
                 3, 64, 16, -128, 127, nullptr, args.scale.data,
                 args.zero_point.data, args.output.data, nullptr, 0,
                 BARACUDA_CPU_STREAM),
             plan->can_implement(null));
  // Success clears the message and returns 0, as Status::success() is 0.
  EXPECT_EQ(baracuda_kernels_quantize_per_group_f32_s8_run(
                3, 64, 16, -128, 127, args.input.data, args.scale.data,
                args.zero_point.data, args.output.data, nullptr, 0,
                BARACUDA_CPU_STREAM),
            int32_t(Status::success().code()));
  EXPECT_EQ(lastError(), "");
  EXPECT_EQ(allCQuantizeEntryPoints().size(), 8u);
}

// Status 3 without a driver: a CUDA stream is refused, nothing runs, and the
// CPU keeps working. (On a GPU machine the Cuda tests cover CUDA streams.)
TEST_P(CApiTest, GpuStreamWithoutDriverIsUnsupported) {
  std::optional<std::string> unavailable = cudaUnavailableReason();
  if (!unavailable || unavailable->rfind("no CUDA driver", 0) != 0)
    GTEST_SKIP() << "a CUDA driver is present";
  const CQuantizeEntryPoints &entry = GetParam();
  CProblem p(entry.input, entry.output);
  EXPECT_EQ(p.run(entry, nullptr), BARACUDA_KERNELS_UNSUPPORTED);
  // Whatever the reason (no libcuda.so.1, or a stub one whose cuInit fails),
  // the message is the loader's, and it gives one.
  Status whyNot;
  ASSERT_EQ(CudaDriver::get(&whyNot), nullptr);
  EXPECT_EQ(lastError(), "quantize_per_group: " + whyNot.message());
  EXPECT_TRUE(contains(lastError(), "quantize_per_group: CUDA driver not "));
  EXPECT_GT(whyNot.message().size(),
            std::string("CUDA driver not xxx: ").size());
  EXPECT_TRUE(p.outputUntouched());
  EXPECT_EQ(p.run(entry, BARACUDA_CPU_STREAM), BARACUDA_KERNELS_SUCCESS);
}

} // namespace
} // namespace baracuda::test
