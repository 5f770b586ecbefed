//===- ReciprocalQuotientTest.cpp - f16/bf16 CPU kernels, every pair ------===//
//
// The fast path of the quantize kernels (lib/Conversion/QuantizeCommon/
// QuantizeElement.cpp) replaces RN(x / s) for f16/bf16 input by a product
// with RN(1 / s) and a Markstein correction (two fmas), for 2^-126 <= |s| <=
// 2^126 and zero s (hasExactReciprocalQuotient says for which scale types;
// the backward and per-tensor tests at the end of this file cover
// quantize_backward's dy / s and f32 scales). This test runs the runtime's
// compiled CPU kernels
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
// only) and of 7 (their scalar loop only). Subnormal scales take the exact
// path, also compared.
//
//===----------------------------------------------------------------------===//

#include "baracuda/Testing/QuantizeReference.h"
#include "baracuda/baracuda_kernels.h"
#include "BuiltinKernelSet.h"
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
#include <random>
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

#define SKIP_WITHOUT_KERNEL_SET(set)                                           \
  if ((set) == "none")                                                         \
  GTEST_SKIP() << "BARACUDA_CPU_KERNEL_SET must name a kernel set this CPU "   \
                  "supports"

/// Runs `worker` on one thread per core and waits for all of them.
template <typename Worker> void onEveryCore(Worker worker) {
  unsigned threads = std::max(1u, std::thread::hardware_concurrency());
  std::vector<std::thread> pool;
  for (unsigned t = 0; t < threads; ++t)
    pool.emplace_back(worker);
  for (std::thread &t : pool)
    t.join();
}

/// Runs `perScale(s)` for every 16-bit scale pattern s on all cores.
template <typename PerScale> void forEveryScale(PerScale perScale) {
  std::atomic<uint32_t> nextScale{0};
  onEveryCore([&] {
    for (uint32_t s; (s = nextScale.fetch_add(1)) < (1u << 16);)
      perScale(uint16_t(s));
  });
}

void checkEveryPair(ElementKind kind) {
  const std::string set = testing::builtinKernelSet();
  SKIP_WITHOUT_KERNEL_SET(set);
  auto start = std::chrono::steady_clock::now();
  Checker checker(kind);
  std::atomic<uint64_t> total{0};
  std::vector<Mismatch> examples;
  std::mutex errorMutex;
  std::string firstError;
  forEveryScale([&](uint16_t s) {
    thread_local Scratch scratch;
    std::vector<Mismatch> local;
    std::string error;
    total += checker.checkScale(s, scratch, local, error);
    std::lock_guard<std::mutex> lock(errorMutex);
    if (!error.empty() && firstError.empty())
      firstError = error;
    for (const Mismatch &m : local)
      if (examples.size() < 6)
        examples.push_back(m);
  });
  unsigned threads = std::max(1u, std::thread::hardware_concurrency());
  double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
          .count();
  std::cout << "[ timing   ] " << elementKindName(kind) << ": 2^32 pairs x 2 "
            << "loops on the " << set << " CPU kernels, " << threads
            << " threads: " << seconds << " s" << std::endl;
  ASSERT_TRUE(firstError.empty()) << firstError;
  EXPECT_EQ(total.load(), 0u) << describe(examples);
}

/// The 16-bit pattern of the reference's T-typed result (widened to double,
/// so exact in float).
uint16_t encode(ElementKind kind, double value) {
  return kind == ElementKind::F16 ? testing::floatToHalf(float(value))
                                  : testing::floatToBf16(float(value));
}

bool sameResult(ElementKind kind, uint16_t got, uint16_t expected) {
  return got == expected ||
         (std::isnan(decode(kind, got)) && std::isnan(decode(kind, expected)));
}

/// quantize_backward's dx = dy / scale (x = 0 inside the range): every
/// (dy, scale) pair of 16-bit patterns through the per-group C entry point,
/// groups of 16 (the kernels' 16-wide vector loop), one problem per scale.
void checkEveryBackwardPair(ElementKind kind) {
  const std::string set = testing::builtinKernelSet();
  SKIP_WITHOUT_KERNEL_SET(set);
  auto run = kind == ElementKind::F16
                 ? baracuda_kernels_quantize_per_group_backward_f16_run
                 : baracuda_kernels_quantize_per_group_backward_bf16_run;
  constexpr int32_t kAxis = 1 << 16, kGroup = 16;
  std::vector<uint16_t> dy(kAxis);
  for (int32_t i = 0; i < kAxis; ++i)
    dy[i] = uint16_t(i);
  const std::vector<uint16_t> x(kAxis, 0);
  const std::vector<int32_t> zeroPoint(kAxis / kGroup, 0);
  auto start = std::chrono::steady_clock::now();
  std::atomic<uint64_t> total{0};
  std::mutex mutex;
  std::string firstError, examples;
  forEveryScale([&](uint16_t s) {
    std::vector<uint16_t> scale(kAxis / kGroup, s), dx(kAxis, 0x5A5A);
    int32_t status =
        run(1, kAxis, kGroup, -128, 127, dy.data(), x.data(), scale.data(),
            zeroPoint.data(), dx.data(), nullptr, 0, BARACUDA_CPU_STREAM);
    if (status != 0) {
      std::lock_guard<std::mutex> lock(mutex);
      if (firstError.empty())
        firstError = baracuda_kernels_last_error_message();
      return;
    }
    float sv = decode(kind, s);
    for (int32_t i = 0; i < kAxis; ++i) {
      uint16_t expected =
          encode(kind, testing::quantizeBackwardOne(decode(kind, dy[i]), 0.0,
                                                    sv, 0, -128, 127, kind));
      if (sameResult(kind, dx[i], expected) || total++ >= 6)
        continue;
      std::ostringstream out;
      out << std::hexfloat << "\n  dy=" << decode(kind, dy[i])
          << " scale=" << sv << ": got " << decode(kind, dx[i]) << ", expected "
          << decode(kind, expected);
      std::lock_guard<std::mutex> lock(mutex);
      examples += out.str();
    }
  });
  double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
          .count();
  std::cout << "[ timing   ] " << elementKindName(kind)
            << " backward: 2^32 pairs on the " << set
            << " CPU kernels: " << seconds << " s" << std::endl;
  ASSERT_TRUE(firstError.empty()) << firstError;
  EXPECT_EQ(total.load(), 0u) << examples;
}

/// f32 scales for f16 data (per-tensor scales arrive in f32): at every
/// exponent of the fast path's range [2^-126, 2^126], the significands 1,
/// 1 + 2^-23, 1 + 2^-1 + ... (0x555555), 2 - 2^-23 and two random ones, of
/// both signs; and scales just outside the range, which take the exact path.
std::vector<float> perTensorScales() {
  std::vector<float> scales;
  std::mt19937 random(2026);
  for (int exponent = -126; exponent <= 126; ++exponent) {
    // 2^126 itself is the largest scale of the range.
    uint32_t mask = exponent == 126 ? 0u : 0x7fffffu;
    for (uint32_t significand :
         {0u, 1u & mask, 0x555555u & mask, mask, uint32_t(random()) & mask,
          uint32_t(random()) & mask})
      scales.push_back(
          std::ldexp(1.0f + float(significand) * 0x1p-23f, exponent));
  }
  for (float outside : {0x1.000002p126f, 0x1.fffffep127f, 0x1p-127f,
                        0x1.fffffcp-127f, 0x1p-149f})
    scales.push_back(outside);
  // Scales at which one correction would be wrong for bf16 data: below
  // 2^-100 for quantize (x = 0x1.68p-123 at the first), and for the
  // returned dx at any scale (dy = 0x1.24p-127 at the second).
  for (float bf16Witness : {0x1.fbc4c4p-120f, 0x1.8a783cp-20f})
    scales.push_back(bf16Witness);
  size_t positive = scales.size();
  for (size_t i = 0; i < positive; ++i)
    scales.push_back(-scales[i]);
  return scales;
}

/// quantize_per_tensor (s8 with zero point 0 and u8 with 255: roundeven(x /
/// s) in [-255, 127]) and quantize_per_tensor_backward (dx = dy / s) of all
/// 2^16 values of `kind` at each scale of perTensorScales(), against the
/// reference. The f16 fast path takes x / s and dy / s from RN(1 / s) and
/// Markstein's correction for an f32 scale too (docs/Semantics.md says why
/// that is exact); bf16 takes x / s so from |s| = 2^-100 up, and dy / s in
/// f64 on the GPU, by division on the CPU.
void checkPerTensorF32Scales(ElementKind kind) {
  const std::string set = testing::builtinKernelSet();
  SKIP_WITHOUT_KERNEL_SET(set);
  const bool f16 = kind == ElementKind::F16;
  auto quantizeS8 = f16 ? baracuda_kernels_quantize_per_tensor_f16_s8_run
                        : baracuda_kernels_quantize_per_tensor_bf16_s8_run;
  auto quantizeU8 = f16 ? baracuda_kernels_quantize_per_tensor_f16_u8_run
                        : baracuda_kernels_quantize_per_tensor_bf16_u8_run;
  auto backward = f16 ? baracuda_kernels_quantize_per_tensor_backward_f16_run
                      : baracuda_kernels_quantize_per_tensor_backward_bf16_run;
  constexpr int64_t kCount = 1 << 16;
  std::vector<uint16_t> every(kCount);
  for (int64_t i = 0; i < kCount; ++i)
    every[i] = uint16_t(i);
  const std::vector<uint16_t> zeros(kCount, 0);
  const std::vector<float> scales = perTensorScales();
  std::atomic<size_t> next{0};
  std::atomic<uint64_t> mismatches{0};
  std::mutex mutex;
  std::string firstError, examples;
  auto note = [&](const char *what, float x, float s, double got,
                  double expected) {
    if (mismatches++ >= 6)
      return;
    std::ostringstream out;
    out << std::hexfloat << "\n  " << what << " x=" << x << " scale=" << s
        << ": got " << got << ", expected " << expected;
    std::lock_guard<std::mutex> lock(mutex);
    examples += out.str();
  };
  auto fail = [&](int32_t status) {
    std::lock_guard<std::mutex> lock(mutex);
    if (firstError.empty())
      firstError =
          std::to_string(status) + ": " + baracuda_kernels_last_error_message();
  };
  auto worker = [&] {
    std::vector<uint8_t> q(kCount);
    std::vector<uint16_t> dx(kCount);
    for (size_t i; (i = next.fetch_add(1)) < scales.size();) {
      float s = scales[i];
      for (bool s8 : {true, false}) {
        int32_t zp = s8 ? 0 : 255, lo = s8 ? -128 : 0, hi = s8 ? 127 : 255;
        std::fill(q.begin(), q.end(), 0x5A);
        int32_t status = (s8 ? quantizeS8 : quantizeU8)(
            kCount, s, zp, lo, hi, every.data(), q.data(), nullptr, 0,
            BARACUDA_CPU_STREAM);
        if (status != 0)
          return fail(status);
        for (int64_t k = 0; k < kCount; ++k) {
          float x = decode(kind, every[k]);
          int32_t expected = testing::quantizeOne(x, s, zp, lo, hi, kind);
          int32_t got = s8 ? int32_t(int8_t(q[k])) : int32_t(q[k]);
          if (got != expected)
            note(s8 ? "quantize s8" : "quantize u8", x, s, got, expected);
        }
      }
      std::fill(dx.begin(), dx.end(), 0x5A5A);
      int32_t status =
          backward(kCount, s, 0, -128, 127, zeros.data(), every.data(),
                   dx.data(), nullptr, 0, BARACUDA_CPU_STREAM);
      if (status != 0)
        return fail(status);
      for (int64_t k = 0; k < kCount; ++k) {
        float dy = decode(kind, every[k]);
        uint16_t expected = encode(
            kind, testing::quantizeBackwardOne(dy, 0.0, s, 0, -128, 127, kind));
        if (!sameResult(kind, dx[k], expected))
          note("backward dy", dy, s, decode(kind, dx[k]),
               decode(kind, expected));
      }
    }
  };
  onEveryCore(worker);
  ASSERT_TRUE(firstError.empty()) << firstError;
  EXPECT_EQ(mismatches.load(), 0u) << examples;
}

/// The arithmetic behind one correction for bf16 data with an f32 scale
/// (getRoundedQuotientCorrections), outside the kernels: for every pair of
/// a bf16 significand and an f32 one (2^7 x 2^23), q1 = fma(fma(-s, q0, x),
/// y, q0) with q0 = RN(x * y), y = RN(1 / s) equals the division RN(x / s).
/// Every step scales exactly with x's and s's exponents while its operands
/// and results are normal, so the pairs in [1, 2) stand for every pair of
/// that range; docs/Semantics.md gives the rest (tiny x, huge quotients,
/// special values), which the kernel tests above cover at witness scales.
TEST(ReciprocalQuotientTest, Bf16SignificandsWithF32ScalesOneCorrection) {
  std::atomic<uint32_t> nextSignificand{0};
  std::atomic<uint64_t> mismatches{0};
  std::mutex mutex;
  std::string examples;
  onEveryCore([&] {
    for (uint32_t mx; (mx = nextSignificand.fetch_add(1)) < (1u << 7);) {
      float x;
      uint32_t xBits = 0x3f800000u | (mx << 16);
      std::memcpy(&x, &xBits, sizeof x);
      for (uint32_t ms = 0; ms < (1u << 23); ++ms) {
        float s;
        uint32_t sBits = 0x3f800000u | ms;
        std::memcpy(&s, &sBits, sizeof s);
        float y = 1.0f / s;
        float q0 = x * y;
        float q1 = std::fma(std::fma(-s, q0, x), y, q0);
        if (q1 == x / s || mismatches++ >= 6)
          continue;
        std::ostringstream out;
        out << std::hexfloat << "\n  x=" << x << " s=" << s << ": " << q1
            << ", division " << x / s;
        std::lock_guard<std::mutex> lock(mutex);
        examples += out.str();
      }
    }
  });
  EXPECT_EQ(mismatches.load(), 0u) << examples;
}

TEST(ReciprocalQuotientTest, F16WithF32ScalesMatchesTheReference) {
  checkPerTensorF32Scales(ElementKind::F16);
}

TEST(ReciprocalQuotientTest, Bf16WithF32ScalesMatchesTheReference) {
  checkPerTensorF32Scales(ElementKind::BF16);
}

TEST(ReciprocalQuotientTest, F16EveryPairMatchesTheReference) {
  checkEveryPair(ElementKind::F16);
}

TEST(ReciprocalQuotientTest, Bf16EveryPairMatchesTheReference) {
  checkEveryPair(ElementKind::BF16);
}

TEST(ReciprocalQuotientTest, F16BackwardEveryPairMatchesTheReference) {
  checkEveryBackwardPair(ElementKind::F16);
}

TEST(ReciprocalQuotientTest, Bf16BackwardEveryPairMatchesTheReference) {
  checkEveryBackwardPair(ElementKind::BF16);
}

} // namespace
} // namespace baracuda
