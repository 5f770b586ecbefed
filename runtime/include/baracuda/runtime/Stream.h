//===- Stream.h - Where a plan runs: the CPU or a CUDA stream ---*- C++ -*-===//

#ifndef BARACUDA_RUNTIME_STREAM_H
#define BARACUDA_RUNTIME_STREAM_H

#include "baracuda/runtime/Result.h"

#include <cuda.h>

#include <cstdint>

namespace baracuda {

/// The execution backend of a plan.
enum class Backend : uint8_t { Cpu, Cuda };

/// "cpu" or "cuda".
const char *backendName(Backend backend);

/// Where work is submitted: either the host CPU (runs synchronously on the
/// calling thread) or a CUDA stream (work is queued asynchronously). A Stream
/// does not own the CUDA stream it names.
class Stream {
public:
  /// The CPU backend.
  static Stream cpu() { return Stream(Backend::Cpu, nullptr); }
  /// A CUDA stream; nullptr is the legacy default stream of the context that
  /// is current on the calling thread when work is submitted.
  static Stream cuda(CUstream stream) { return Stream(Backend::Cuda, stream); }

  Backend backend() const { return backend_; }
  bool isCpu() const { return backend_ == Backend::Cpu; }
  bool isCuda() const { return backend_ == Backend::Cuda; }
  /// The CUDA stream (nullptr for the default stream and for the CPU).
  CUstream cudaStream() const { return stream_; }

  /// The context the stream belongs to: cuStreamGetCtx for a created stream,
  /// the calling thread's current context for the default stream. Errors:
  /// Unsupported without a usable CUDA driver or for a CPU stream; Internal
  /// when the default stream is used with no context current, or when the
  /// driver rejects the stream.
  Result<CUcontext> cudaContext() const;

private:
  Stream(Backend backend, CUstream stream)
      : backend_(backend), stream_(stream) {}

  Backend backend_;
  CUstream stream_;
};

} // namespace baracuda

#endif // BARACUDA_RUNTIME_STREAM_H
