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

/// Where work is submitted: either the host CPU (runs synchronously: the
/// call returns when the result is written) or a CUDA stream (work is queued
/// asynchronously). A Stream does not own the CUDA stream it names.
class Stream {
public:
  /// The CPU backend on the runtime's default thread count
  /// (CpuThreadPool.h's defaultCpuThreads(): BARACUDA_CPU_THREADS, else the
  /// CPUs available to the process).
  static Stream cpu() { return Stream(Backend::Cpu, nullptr); }
  /// The CPU backend on at most `threads` threads, the calling one included
  /// (1: the calling thread only). run() rejects a count outside
  /// [1, kMaxCpuThreads] with InvalidProblem.
  static Stream cpu(int threads) {
    Stream stream(Backend::Cpu, nullptr);
    stream.cpuThreads_ = threads;
    stream.cpuThreadsGiven_ = true;
    return stream;
  }
  /// A CUDA stream; nullptr is the legacy default stream of the context that
  /// is current on the calling thread when work is submitted.
  static Stream cuda(CUstream stream) { return Stream(Backend::Cuda, stream); }

  Backend backend() const { return backend_; }
  bool isCpu() const { return backend_ == Backend::Cpu; }
  bool isCuda() const { return backend_ == Backend::Cuda; }
  /// The CUDA stream (nullptr for the default stream and for the CPU).
  CUstream cudaStream() const { return stream_; }
  /// The thread count a CPU stream was made with; 0 for Stream::cpu() (the
  /// default) and for CUDA streams (Stream::cpu(0) is rejected by run()).
  int requestedCpuThreads() const { return cpuThreads_; }
  /// The threads a CPU run uses: requestedCpuThreads(), or
  /// defaultCpuThreads() when that is 0. InvalidProblem when the count (or
  /// BARACUDA_CPU_THREADS) is out of range; Unsupported for a CUDA stream.
  Result<int> cpuThreads() const;

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
  int cpuThreads_ = 0;
  // Separate from cpuThreads_ so that Stream::cpu(0) is an error, not the
  // default.
  bool cpuThreadsGiven_ = false;
};

} // namespace baracuda

#endif // BARACUDA_RUNTIME_STREAM_H
