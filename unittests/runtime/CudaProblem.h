//===- CudaProblem.h - A quantize problem on one CUDA device ----*- C++ -*-===//
//
// Test support for the multi-device and lifecycle tests: one f32 -> s8
// problem uploaded to the current context, run through the C ABI on a
// stream, and checked bit-exactly against the reference.
//
//===----------------------------------------------------------------------===//

#ifndef BARACUDA_UNITTESTS_RUNTIME_CUDAPROBLEM_H
#define BARACUDA_UNITTESTS_RUNTIME_CUDAPROBLEM_H

#include "QuantizeTestSupport.h"

#include "baracuda/baracuda_kernels.h"
#include "baracuda/runtime/CudaDevice.h"
#include "baracuda/runtime/CudaDriver.h"

#include <gtest/gtest.h>

namespace baracuda::test {

/// One problem's operands in the context current when made.
struct DeviceProblem {
  QuantizeProblem problem;
  CudaBuffer input, scale, zeroPoint, output;

  static Result<DeviceProblem>
  make(uint64_t seed, CudaMemoryKind kind = CudaMemoryKind::Device) {
    std::mt19937_64 random(seed);
    QuantizeProblem problem =
        randomProblem(ElementKind::F32, ElementKind::S8, "multi", 33, 384, 32,
                      -128, 127, random);
    Result<CudaBuffer> input = CudaBuffer::allocate(problem.input.size(), kind);
    Result<CudaBuffer> scale = CudaBuffer::allocate(problem.scale.size(), kind);
    Result<CudaBuffer> zeroPoint =
        CudaBuffer::allocate(problem.zeroPoint.size() * 4, kind);
    Result<CudaBuffer> output =
        CudaBuffer::allocate(problem.outputBytes(), kind);
    for (const Result<CudaBuffer> *buffer :
         {&input, &scale, &zeroPoint, &output})
      if (!buffer->ok())
        return buffer->status();
    DeviceProblem p{std::move(problem), std::move(*input), std::move(*scale),
                    std::move(*zeroPoint), std::move(*output)};
    for (Status status :
         {p.input.copyFromHost(p.problem.input.data(), p.problem.input.size()),
          p.scale.copyFromHost(p.problem.scale.data(), p.problem.scale.size()),
          p.zeroPoint.copyFromHost(p.problem.zeroPoint.data(),
                                   p.problem.zeroPoint.size() * 4),
          p.output.fill(0xA5)})
      if (!status.ok())
        return status;
    return Result<DeviceProblem>(std::move(p));
  }

  /// The C ABI on `stream`, with `input` replaced when given.
  int32_t run(CUstream stream, const void *input = nullptr) const {
    const QuantizePerGroupDescriptor &d = problem.desc;
    return baracuda_kernels_quantize_per_group_f32_s8_run(
        d.outer_size, d.axis_size, d.group_size, d.q_min, d.q_max,
        input ? input : ptr(this->input), ptr(scale), ptr(zeroPoint),
        ptr(output), nullptr, 0, stream);
  }

  ::testing::AssertionResult matchesReference() const {
    std::vector<uint8_t> got(problem.outputBytes());
    Status copied = output.copyToHost(got.data(), got.size());
    if (!copied.ok())
      return ::testing::AssertionFailure() << copied.message();
    return bitExact(problem, got, referenceOutput(problem));
  }

  static void *ptr(const CudaBuffer &buffer) {
    return reinterpret_cast<void *>(buffer.address());
  }
};

} // namespace baracuda::test

#endif // BARACUDA_UNITTESTS_RUNTIME_CUDAPROBLEM_H
