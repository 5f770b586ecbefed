//===- Stream.cpp - Where a plan runs: the CPU or a CUDA stream -----------===//

#include "baracuda/runtime/Stream.h"

#include "baracuda/runtime/CpuThreadPool.h"
#include "baracuda/runtime/CudaDriver.h"

#include <string>

namespace baracuda {

const char *backendName(Backend backend) {
  return backend == Backend::Cpu ? "cpu" : "cuda";
}

Result<int> Stream::cpuThreads() const {
  if (!isCpu())
    return unsupported("a CUDA stream has no CPU threads");
  if (!cpuThreadsGiven_)
    return defaultCpuThreads();
  if (cpuThreads_ < 1 || cpuThreads_ > kMaxCpuThreads)
    return invalidProblem("Stream::cpu(threads): threads (" +
                          std::to_string(cpuThreads_) + ") must be in [1, " +
                          std::to_string(kMaxCpuThreads) + "]");
  return cpuThreads_;
}

Result<CUcontext> Stream::cudaContext() const {
  if (!isCuda())
    return unsupported("the CPU stream has no CUDA context");
  Status whyNot;
  const CudaDriver *driver = CudaDriver::get(&whyNot);
  if (!driver)
    return whyNot;
  CUcontext context = nullptr;
  if (stream_) {
    if (CUresult result = driver->cuStreamGetCtx(stream_, &context))
      return cudaError(*driver, result, "cuStreamGetCtx of the CUDA stream");
    return context;
  }
  if (CUresult result = driver->cuCtxGetCurrent(&context))
    return cudaError(*driver, result, "cuCtxGetCurrent");
  if (!context)
    return internalError(
        "the default CUDA stream (nullptr) needs a current CUDA context on the "
        "calling thread, and none is current; make one current or pass a "
        "stream");
  return context;
}

} // namespace baracuda
