//===- WideQuotientTest.cpp - f32/f64 quotients on the hard pairs --------===//
//
// The f32 and f64 CPU kernels compute x / s (and quantize_backward's dy / s)
// with the IEEE division: the 16-bit kernels' shortcut, the product with
// RN(1 / s) plus one Markstein correction (hasExactReciprocalQuotient), is
// not exact for them. 2^64 pairs cannot all be run, so this test runs the
// runtime's compiled CPU kernels (ctest runs it once per builtin kernel set)
// on the pairs of WideQuotientCases.h, where any such shortcut, or a wrong
// division, shows. quantize_per_channel_backward's dx = dy / s (x = 0,
// inside the range) shows the quotient's every bit; quantize_per_channel
// (s8, zero point 0) shows roundeven(x / s). WideQuotientCudaTest runs the
// same pairs on the GPU kernels, whose returned f32 quotients are computed
// in f64. Planted, the 16-bit shortcut for f32 and f64 (scripts/mutate.py,
// element-reciprocal-wide-types) fails here at tiny x (x = -0x1.8p-148, s =
// 0x1.000002p-126).
//
//===----------------------------------------------------------------------===//

#include "BuiltinKernelSet.h"
#include "WideQuotientCases.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <sstream>
#include <vector>

namespace baracuda {
namespace {

using namespace testing::wide_quotient;

/// Both layouts of the problem through the CPU kernels of the kernel set
/// under test; compares with the reference.
template <typename T> void checkWideQuotients(size_t rows) {
  if (testing::builtinKernelSet() == "none")
    GTEST_SKIP() << "BARACUDA_CPU_KERNEL_SET names a set this CPU lacks";
  uint64_t mismatches = 0;
  size_t scales = 0;
  std::ostringstream examples;
  examples << std::hexfloat;
  for (const Problem<T> &p : problems<T>(rows)) {
    scales = p.channels();
    std::vector<int8_t> q(p.size(), 0x5A);
    std::vector<T> dx(p.size(),
                      fromBits<T>(typename Traits<T>::Bits(0x5A5A5A5A)));
    ASSERT_EQ(p.quantize(p.x.data(), p.s.data(), p.zeroPoint.data(), q.data(),
                         BARACUDA_CPU_STREAM),
              0)
        << baracuda_kernels_last_error_message();
    ASSERT_EQ(p.backward(p.zerosX.data(), p.s.data(), p.zeroPoint.data(),
                         p.x.data(), dx.data(), BARACUDA_CPU_STREAM),
              0)
        << baracuda_kernels_last_error_message();
    mismatches += countMismatches(p, q, dx, examples);
  }
  EXPECT_EQ(mismatches, 0u) << scales << " scales x " << rows
                            << " dividends x 2 layouts" << examples.str();
}

TEST(WideQuotientTest, F32MatchesTheDivision) {
  checkWideQuotients<float>(4096);
}

#if BARACUDA_HAVE_WIDE_F64
TEST(WideQuotientTest, F64MatchesTheDivision) {
  checkWideQuotients<double>(2048);
}
#endif

} // namespace
} // namespace baracuda
