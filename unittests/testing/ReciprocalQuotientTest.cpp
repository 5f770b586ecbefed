//===- ReciprocalQuotientTest.cpp - f16/bf16 CPU kernels, every pair ------===//
//
// The fast path of the quantize kernels (lib/Conversion/QuantizeCommon/
// QuantizeElement.cpp) replaces RN(x / s) for f16/bf16 input by a product
// with RN(1 / s) and a Markstein correction (two fmas), for |s| >= 2^-126
// and zero or infinite s. This test runs the runtime's compiled CPU kernels
// (libbaracuda_runtime's builtin set; ctest runs it once per set, forced by
// BARACUDA_CPU_KERNEL_SET, and skips a set the CPU lacks) on every (x,
// scale) pair of 16-bit patterns, 2 x 2^32 pairs, and compares every output
// byte with the independent host reference
// (baracuda/Testing/QuantizeReference.h).
//
// Why this set of problems proves the fast path. An output is
// clamp(roundeven(v) + zp, q_min, q_max); the CPU kernels take the fast path
// only for |zp|, |q_min|, |q_max| <= 2^23, so a fast-path output can tell
// roundeven(v) apart only in [-2^23 - 128, 2^23 + 255] (beyond it every
// valid configuration clamps). Each pair is run with a zero point that puts
// its reference roundeven(v) =: r in the middle of the window: the pairs of
// one scale are walked in order of x, and consecutive pairs whose r lie
// within 63 of the first one's, r0, form one group (padded with copies of
// its last pair), quantized to s8 with zp = clamp(-r0, +-2^23) when r0 < 0,
// else to u8 with zp = clamp(128 - r0, +-2^23). A kernel that gets r wrong
// by any amount inside the window, or takes NaN or the wrong side outside
// it, changes an output byte. Every pair runs three times: in groups of 16
// (the kernels' 16-wide vector loop only), of 8 (their 8-wide vector loop
// only) and of 7 (their scalar loop only). Subnormal scales take the exact path, also compared.
//
//===----------------------------------------------------------------------===//

#include "baracuda/Testing/QuantizeReference.h"
#include "baracuda/runtime/QuantizePerGroupPlan.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <climits>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <mutex>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace baracuda {
namespace {

constexpr int32_t kFastPathLimit = 1 << 23; // |zp| of the CPU fast path
constexpr int32_t kWindowHalfWidth = 63;    // |r - r0| within a group

float decode(ElementKind kind, uint16_t bits) {
  return kind == ElementKind::F16 ? testing::halfToFloat(bits)
                                  : testing::bf16ToFloat(bits);
}

/// All 2^16 patterns ordered by value (so r is monotonic for a fixed
/// scale and the groups are long), NaNs last.
std::vector<uint16_t> patternsByValue(ElementKind kind) {
  std::vector<uint16_t> patterns(1 << 16);
  for (uint32_t i = 0; i < patterns.size(); ++i)
    patterns[i] = uint16_t(i);
  std::stable_sort(patterns.begin(), patterns.end(),
                   [kind](uint16_t a, uint16_t b) {
                     float fa = decode(kind, a), fb = decode(kind, b);
                     if (std::isnan(fa) || std::isnan(fb))
                       return !std::isnan(fa) && std::isnan(fb);
                     return fa < fb;
                   });
  return patterns;
}

/// One problem of one output kind: groups of `group` elements, one row
/// each. Reused from scale to scale (clear() keeps the buffers).
struct GroupedProblem {
  std::vector<uint16_t> input, scale;
  std::vector<int32_t> zeroPoint;
  std::vector<uint8_t> expected; ///< the reference's output bytes
  std::vector<uint8_t> output;
  void clear() {
    input.clear();
    scale.clear();
    zeroPoint.clear();
    expected.clear();
  }
};

/// One worker's buffers.
struct Scratch {
  std::vector<int32_t> r;
  GroupedProblem s8, u8;
};

struct Mismatch {
  float x, s;
  int32_t zeroPoint, got, expected;
};

class Checker {
public:
  Checker(ElementKind kind)
      : kind_(kind), byValue_(patternsByValue(kind)), reversed_(byValue_) {
    // For a negative scale: non-NaN values in decreasing order, NaNs last.
    size_t nans = 0;
    while (nans < byValue_.size() &&
           std::isnan(decode(kind_, byValue_[byValue_.size() - 1 - nans])))
      ++nans;
    std::reverse(reversed_.begin(), reversed_.end() - nans);
    for (uint16_t bits : byValue_)
      byValueDecoded_.push_back(decode(kind_, bits));
    for (uint16_t bits : reversed_)
      reversedDecoded_.push_back(decode(kind_, bits));
  }

  /// Checks every pair with scale pattern `s`; returns the mismatches.
  uint64_t checkScale(uint16_t s, Scratch &scratch,
                      std::vector<Mismatch> &examples, std::string &error) {
    float scale = decode(kind_, s);
    // Reference r per x, in walking order (reversed for a negative scale,
    // so r stays non-decreasing).
    bool negativeScale = std::signbit(scale);
    const std::vector<uint16_t> &order = negativeScale ? reversed_ : byValue_;
    const std::vector<float> &values =
        negativeScale ? reversedDecoded_ : byValueDecoded_;
    std::vector<int32_t> &r = scratch.r;
    r.resize(order.size());
    for (size_t i = 0; i < order.size(); ++i)
      r[i] = testing::quantizeOne(values[i], scale, 0, INT32_MIN, INT32_MAX,
                                  kind_);
    uint64_t mismatches = 0;
    for (int32_t group : {16, 8, 7}) {
      scratch.s8.clear();
      scratch.u8.clear();
      for (size_t i = 0; i < order.size();) {
        int32_t r0 = r[i];
        bool negative = r0 < 0;
        GroupedProblem &p = negative ? scratch.s8 : scratch.u8;
        int64_t zp = negative ? -int64_t(r0) : 128 - int64_t(r0);
        zp = std::clamp<int64_t>(zp, -kFastPathLimit, kFastPathLimit);
        int64_t lo = negative ? -128 : 0, hi = negative ? 127 : 255;
        p.scale.push_back(s);
        p.zeroPoint.push_back(int32_t(zp));
        size_t last = i++;
        for (int32_t k = 0; k < group; ++k) {
          if (k > 0 && i < order.size() &&
              std::abs(int64_t(r[i]) - r0) <= kWindowHalfWidth)
            last = i++;
          p.input.push_back(order[last]);
          // The reference's clamp(roundeven(v) + zp) from its r (r is
          // clamped to the i32 range, which cannot change this clamp).
          p.expected.push_back(
              uint8_t(std::clamp<int64_t>(int64_t(r[last]) + zp, lo, hi)));
        }
      }
      for (bool negative : {true, false}) {
        mismatches += run(negative ? scratch.s8 : scratch.u8, group, negative,
                          examples, error);
        if (!error.empty())
          return mismatches;
      }
    }
    return mismatches;
  }

private:
  uint64_t run(GroupedProblem &p, int32_t group, bool s8,
               std::vector<Mismatch> &examples, std::string &error) {
    int32_t rows = int32_t(p.scale.size());
    if (rows == 0)
      return 0;
    QuantizePerGroupDescriptor desc{rows,
                                    group,
                                    group,
                                    s8 ? -128 : 0,
                                    s8 ? 127 : 255,
                                    kind_,
                                    s8 ? ElementKind::S8 : ElementKind::U8};
    // One thread per call: the test spreads the scales over the cores.
    const Stream stream = Stream::cpu(1);
    Result<UntypedQuantizePerGroupPlan> plan =
        UntypedQuantizePerGroupPlan::select(stream, desc);
    if (!plan) {
      error = plan.status().message();
      return 0;
    }
    p.output.assign(p.input.size(), 0xA5);
    UntypedQuantizePerGroupArgs args{{p.input.data(), {rows, group}},
                                     {p.scale.data(), {rows, 1}},
                                     {p.zeroPoint.data(), {rows, 1}},
                                     {p.output.data(), {rows, group}}};
    Status status = plan->run(stream, Workspace{}, args);
    if (!status) {
      error = status.message();
      return 0;
    }
    if (std::memcmp(p.output.data(), p.expected.data(), p.output.size()) == 0)
      return 0;
    uint64_t mismatches = 0;
    auto value = [s8](uint8_t byte) {
      return s8 ? int32_t(int8_t(byte)) : int32_t(byte);
    };
    for (size_t i = 0; i < p.output.size(); ++i) {
      if (p.output[i] == p.expected[i])
        continue;
      ++mismatches;
      std::lock_guard<std::mutex> lock(examplesMutex_);
      if (examples.size() < 6)
        examples.push_back(
            {decode(kind_, p.input[i]), decode(kind_, p.scale[i / group]),
             p.zeroPoint[i / group], value(p.output[i]), value(p.expected[i])});
    }
    return mismatches;
  }

  ElementKind kind_;
  std::vector<uint16_t> byValue_, reversed_;
  std::vector<float> byValueDecoded_, reversedDecoded_;
  std::mutex examplesMutex_;
};

std::string describe(const std::vector<Mismatch> &examples) {
  std::ostringstream out;
  out << std::hexfloat;
  for (const Mismatch &m : examples)
    out << "\n  x=" << m.x << " scale=" << m.s << " zero_point=" << std::dec
        << m.zeroPoint << ": got " << m.got << ", expected " << m.expected
        << std::hexfloat;
  return out.str();
}

void checkEveryPair(ElementKind kind) {
  const std::string set = KernelLibrary::builtinCpuKernelSet();
  if (set == "none")
    GTEST_SKIP() << "BARACUDA_CPU_KERNEL_SET must name a kernel set this CPU "
                    "supports";
  if (const char *wanted = std::getenv("BARACUDA_CPU_KERNEL_SET"))
    ASSERT_EQ(set, wanted);
  auto start = std::chrono::steady_clock::now();
  Checker checker(kind);
  std::atomic<uint64_t> total{0};
  std::atomic<uint32_t> nextScale{0};
  std::vector<Mismatch> examples;
  std::mutex errorMutex;
  std::string firstError;
  auto worker = [&] {
    Scratch scratch;
    std::vector<Mismatch> local;
    for (uint32_t s; (s = nextScale.fetch_add(1)) < (1u << 16);) {
      std::string error;
      total += checker.checkScale(uint16_t(s), scratch, local, error);
      if (!error.empty()) {
        std::lock_guard<std::mutex> lock(errorMutex);
        firstError = error;
        nextScale = 1u << 16;
      }
    }
    std::lock_guard<std::mutex> lock(errorMutex);
    for (const Mismatch &m : local)
      if (examples.size() < 6)
        examples.push_back(m);
  };
  unsigned threads = std::max(1u, std::thread::hardware_concurrency());
  std::vector<std::thread> pool;
  for (unsigned t = 0; t < threads; ++t)
    pool.emplace_back(worker);
  for (std::thread &t : pool)
    t.join();
  double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
          .count();
  std::cout << "[ timing   ] " << elementKindName(kind) << ": 2^32 pairs x 2 "
            << "loops on the " << set << " CPU kernels, " << threads
            << " threads: " << seconds << " s" << std::endl;
  ASSERT_TRUE(firstError.empty()) << firstError;
  EXPECT_EQ(total.load(), 0u) << describe(examples);
}

TEST(ReciprocalQuotientTest, F16EveryPairMatchesTheReference) {
  checkEveryPair(ElementKind::F16);
}

TEST(ReciprocalQuotientTest, Bf16EveryPairMatchesTheReference) {
  checkEveryPair(ElementKind::BF16);
}

} // namespace
} // namespace baracuda
