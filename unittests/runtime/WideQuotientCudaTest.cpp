//===- WideQuotientCudaTest.cpp - f32/f64 quotients on the GPU ------------===//
//
// WideQuotientTest's hard pairs (WideQuotientCases.h) through the GPU
// kernels: quantize_per_channel and its backward with the channel last (the
// parameter-vector kernels, which divide) and first (one scale per row: the
// vectorized kernels, whose returned f32 quotient dy / s is a reciprocal
// product corrected once in f64, QuantizeLowering::wideReturnedQuotient).
// Skipped without a CUDA device; scripts/device_check.sh runs it.
//
//===----------------------------------------------------------------------===//

#include "QuantizeTestSupport.h"
#include "WideQuotientCases.h"

#include "baracuda/runtime/CudaDevice.h"

#include <gtest/gtest.h>

#include <sstream>
#include <vector>

namespace baracuda::test {
namespace {

using namespace testing::wide_quotient;

/// A device copy of `host`.
template <typename V> Result<CudaBuffer> upload(const std::vector<V> &host) {
  Result<CudaBuffer> buffer = CudaBuffer::allocate(host.size() * sizeof(V));
  if (buffer.ok()) {
    Status copied = buffer->copyFromHost(host.data(), host.size() * sizeof(V));
    if (!copied.ok())
      return copied;
  }
  return buffer;
}

template <typename T> void checkWideQuotientsOnCuda(size_t rows) {
  BARACUDA_REQUIRE_CUDA_DEVICE();
  Result<CudaStream> stream = CudaStream::create();
  ASSERT_TRUE(stream.ok()) << stream.status().message();
  uint64_t mismatches = 0;
  size_t scales = 0;
  std::ostringstream examples;
  examples << std::hexfloat;
  for (const Problem<T> &p : problems<T>(rows)) {
    scales = p.channels();
    // Outputs poisoned as in the CPU test: every element must be written.
    std::vector<int8_t> q(p.size(), 0x5A);
    std::vector<T> dx(p.size(),
                      fromBits<T>(typename Traits<T>::Bits(0x5A5A5A5A)));
    Result<CudaBuffer> x = upload(p.x), s = upload(p.s),
                       zeroPoint = upload(p.zeroPoint),
                       zerosX = upload(p.zerosX), qOut = upload(q),
                       dxOut = upload(dx);
    for (const Result<CudaBuffer> *buffer :
         {&x, &s, &zeroPoint, &zerosX, &qOut, &dxOut})
      ASSERT_TRUE(buffer->ok()) << buffer->status().message();
    ASSERT_EQ(p.quantize(x->data(), s->data(), zeroPoint->data(), qOut->data(),
                         stream->get()),
              0)
        << baracuda_kernels_last_error_message();
    ASSERT_EQ(p.backward(zerosX->data(), s->data(), zeroPoint->data(),
                         x->data(), dxOut->data(), stream->get()),
              0)
        << baracuda_kernels_last_error_message();
    ASSERT_TRUE(stream->synchronize().ok());
    ASSERT_TRUE(qOut->copyToHost(q.data(), q.size()).ok());
    ASSERT_TRUE(dxOut->copyToHost(dx.data(), dx.size() * sizeof(T)).ok());
    mismatches += countMismatches(p, q, dx, examples);
  }
  EXPECT_EQ(mismatches, 0u) << scales << " scales x " << rows
                            << " dividends x 2 layouts" << examples.str();
}

TEST(WideQuotientCudaTest, F32MatchesTheDivision) {
  checkWideQuotientsOnCuda<float>(4096);
}

#if BARACUDA_HAVE_WIDE_F64
TEST(WideQuotientCudaTest, F64MatchesTheDivision) {
  checkWideQuotientsOnCuda<double>(2048);
}
#endif

} // namespace
} // namespace baracuda::test
