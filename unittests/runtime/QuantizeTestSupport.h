//===- QuantizeTestSupport.h - Shared pieces of the quantize tests --------===//
//
// Problems (random and edge-case data), the run-on-a-backend helpers that
// poison the output and guard its end, and the bit-exact comparison against
// the independent host reference (baracuda/Testing/QuantizeReference.h).
// The CPU and CUDA tests run the same matrix through these.
//
//===----------------------------------------------------------------------===//

#ifndef BARACUDA_UNITTESTS_RUNTIME_QUANTIZETESTSUPPORT_H
#define BARACUDA_UNITTESTS_RUNTIME_QUANTIZETESTSUPPORT_H

#include "Support/StringAssertions.h"
#include "baracuda/Family/QuantizeFamily.h"
#include "baracuda/Testing/QuantizeReference.h"
#include "baracuda/runtime/CudaDevice.h"
#include "baracuda/runtime/QuantizePerGroupPlan.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <cstring>
#include <functional>
#include <random>
#include <string>
#include <utility>
#include <vector>

namespace baracuda::test {

// --- The 8 (input, output) pairs ---------------------------------------===//

template <typename In, typename Out> struct QuantizePair {
  using Input = In;
  using Output = Out;
};

using AllQuantizePairs = ::testing::Types<
    QuantizePair<float, int8_t>, QuantizePair<float, uint8_t>,
    QuantizePair<double, int8_t>, QuantizePair<double, uint8_t>,
    QuantizePair<Half, int8_t>, QuantizePair<Half, uint8_t>,
    QuantizePair<BFloat16, int8_t>, QuantizePair<BFloat16, uint8_t>>;

/// Names typed tests "f32_s8", ... instead of 0, 1, ...
struct QuantizePairNames {
  template <typename Pair> static std::string GetName(int) {
    return std::string(elementKindName(elementKindOf<typename Pair::Input>)) +
           "_" +
           std::string(elementKindName(elementKindOf<typename Pair::Output>));
  }
};

/// The (in, out) kinds of all pairs, for value-parameterized tests.
std::vector<std::pair<ElementKind, ElementKind>> allQuantizeKindPairs();

// --- Data ---------------------------------------------------------------===//

/// The seed of the random tests: $BARACUDA_TEST_SEED or a fixed default.
/// Printed (and recorded as a test property) so a failure can be replayed.
uint64_t testSeed();

/// `value` stored as element type T (f16/bf16 round to nearest even).
/// Fills `count` elements of `element` at `base` for a family operand of
/// `role`: data normal(0, 40) with an edge value every `specialEvery`-th
/// element (±0, ties 2.5 / -3.5, NaN, ±Inf, 1e30, the denormal 1e-40);
/// scales |normal| / 20, 0 every 7th, negative every 5th; zero points in
/// [-20, 20]; s8 / u8 data any byte.
void fillFamilyOperand(QuantizeOperandRole role, ElementKind element,
                       uint8_t *base, size_t count, int specialEvery,
                       std::mt19937_64 &random,
                       std::normal_distribution<double> &normal);

/// CUDA device 0, opened once for the whole test program; nullptr when it
/// cannot be opened.
const CudaDevice *sharedDevice();

/// Skips the test where no CUDA device is usable, else makes sharedDevice()
/// current (failing the test where it cannot be opened).
#define BARACUDA_REQUIRE_CUDA_DEVICE()                                         \
  do {                                                                         \
    if (std::optional<std::string> reason = cudaUnavailableReason())           \
      GTEST_SKIP() << *reason;                                                 \
    const CudaDevice *device = sharedDevice();                                 \
    ASSERT_NE(device, nullptr) << CudaDevice::open().status().message();       \
    ASSERT_TRUE(device->makeCurrent().ok());                                   \
  } while (false)

/// Writes `value` as one element of `element` at `at` (the floating kinds
/// rounded to nearest; s8, u8 and s32 truncated from the integer value).
void storeElement(ElementKind element, double value, uint8_t *at);

template <typename T> T storeAs(double value);
template <> inline float storeAs<float>(double value) { return float(value); }
template <> inline double storeAs<double>(double value) { return value; }
template <> inline Half storeAs<Half>(double value) {
  return Half{testing::floatToHalf(float(value))};
}
template <> inline BFloat16 storeAs<BFloat16>(double value) {
  return BFloat16{testing::floatToBf16(float(value))};
}

/// Element `index` of an array of `kind`, widened to double (for messages).
double loadAsDouble(ElementKind kind, const void *data, size_t index);

/// A quantize_per_group problem with its host data.
struct QuantizeProblem {
  std::string label;
  QuantizePerGroupDescriptor desc;
  std::vector<uint8_t> input; ///< desc.input_element, [outer, axis]
  std::vector<uint8_t> scale; ///< desc.input_element, [outer, groups]
  std::vector<int32_t> zeroPoint;

  int64_t numElements() const {
    return int64_t(desc.outer_size) * desc.axis_size;
  }
  int64_t numGroups() const {
    return int64_t(desc.outer_size) * desc.num_groups();
  }
  size_t outputBytes() const {
    return size_t(numElements()) * elementKindSize(desc.output_element);
  }
};

/// A random problem: per-group scales of many magnitudes and signs (some
/// powers of two, so ties are exact; a few zero, and always the middle group
/// of a problem of two groups or more), zero points around the
/// range, and inputs spread over 1.3x the range so clamping happens.
QuantizeProblem randomProblem(ElementKind in, ElementKind out,
                              const std::string &label, int32_t outer,
                              int32_t axis, int32_t group, int32_t qMin,
                              int32_t qMax, std::mt19937_64 &random);

/// The edge cases, every value x every scale x every zero point: ties at .5
/// of both parities, +-0, NaN, +-Inf, +-1e38, denormals (f32, f16 and f64),
/// scale 0 / NaN / Inf / denormal, odd and huge zero points (INT32_MIN,
/// INT32_MAX); then, per input kind, ties whose rounding direction changes
/// the clamped output on the exact paths (f32/f64 beyond the fast paths'
/// zero-point limits, bf16 with a subnormal scale), one group each. With group
/// 1 each element is its own group (only the generic kernel fits); with
/// kEdgeCaseVectorGroup every group holds all the values, so the vectorized
/// kernels meet them all, next to each other in a vector.
QuantizeProblem edgeCaseProblem(ElementKind in, ElementKind out, int32_t qMin,
                                int32_t qMax, int32_t group = 1);

/// A power of two at least the number of edge-case values and a multiple of
/// every vector width (KernelAbi.h): every vectorized kernel fits it.
inline constexpr int32_t kEdgeCaseVectorGroup = 64;

/// The odd shapes of the matrix: outer 1, axis == group, group 1,
/// group > 1024, empty outer, empty axis, a larger one.
struct ShapeCase {
  const char *label;
  int32_t outer, axis, group;
};
const std::vector<ShapeCase> &oddShapes();

/// The (q_min, q_max) ranges tested for an output kind: the full range, an
/// int4 range, a single value, an off-center range.
std::vector<std::pair<int32_t, int32_t>> quantRanges(ElementKind out);

/// The host reference's output for `problem`.
std::vector<uint8_t> referenceOutput(const QuantizeProblem &problem);

/// Bit-exact comparison; on mismatch lists the first elements with their x,
/// scale, zero point, got and expected.
::testing::AssertionResult bitExact(const QuantizeProblem &problem,
                                    const std::vector<uint8_t> &actual,
                                    const std::vector<uint8_t> &expected);

// --- Running ------------------------------------------------------------===//

/// Two poison bytes: an element the kernel leaves unwritten fails with at
/// least one of them (the expected value cannot equal both).
inline constexpr uint8_t kPoisonBytes[2] = {0xA5, 0x5A};
/// Poisoned bytes after the output, which must survive the run.
inline constexpr size_t kGuardBytes = 64;

/// Runs `problem` on some backend with the output poisoned to `poison`, and
/// returns the output bytes (failing if the guard after them changed).
using QuantizeRunner = std::function<Result<std::vector<uint8_t>>(
    const QuantizeProblem &problem, uint8_t poison)>;

/// The typed CPU plan (QuantizePerGroupPlan<In, Out> on Stream::cpu()).
Result<std::vector<uint8_t>> runOnCpu(
    const QuantizeProblem &problem, uint8_t poison,
    PlanPreference preference = PlanPreference::Default,
    std::shared_ptr<const KernelLibrary> library = KernelLibrary::builtin());

/// Checks `run` against the reference on `problem`, once per poison byte.
void expectMatchesReference(const QuantizeProblem &problem,
                            const QuantizeRunner &run);

/// The whole matrix for one pair: every odd shape x every quant range on
/// random data, then the edge cases for every quant range.
void expectMatrixMatchesReference(ElementKind in, ElementKind out,
                                  const QuantizeRunner &run);

/// Runs the typed plan QuantizePerGroupPlan<In, Out> whose kinds are
/// `problem.desc`'s, given the untyped args. Used by the runners.
Status runTypedPlan(const Stream &stream, const QuantizeProblem &problem,
                    const void *input, const void *scale,
                    const int32_t *zeroPoint, void *output,
                    PlanPreference preference,
                    std::shared_ptr<const KernelLibrary> library,
                    KernelSku *sku = nullptr);

/// The compiler's CPU kernel object linked as a test shared object (for
/// KernelLibrary::fromCpuSharedObject): next to the test binary's ../lib, or
/// where the build put it.
std::string testCpuKernelsSharedObject();

} // namespace baracuda::test

#endif // BARACUDA_UNITTESTS_RUNTIME_QUANTIZETESTSUPPORT_H
