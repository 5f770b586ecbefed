//===- ScopedCudaContext.h - Make a CUDA context current for a scope ------===//
//
// Internal. Modules are loaded into, and kernels launched in, the current
// context; a stream may belong to another one, so the runtime pushes the
// stream's context for the call and pops it after. Costs one
// cuCtxGetCurrent when the context is current already (the common case).
//
//===----------------------------------------------------------------------===//

#ifndef BARACUDA_RUNTIME_LIB_SCOPEDCUDACONTEXT_H
#define BARACUDA_RUNTIME_LIB_SCOPEDCUDACONTEXT_H

#include "baracuda/runtime/CudaDriver.h"

namespace baracuda {

class ScopedCudaContext {
public:
  ScopedCudaContext(const CudaDriver &driver, CUcontext context)
      : driver_(driver) {
    CUcontext current = nullptr;
    result_ = driver.cuCtxGetCurrent(&current);
    if (result_ == CUDA_SUCCESS && current != context) {
      result_ = driver.cuCtxPushCurrent(context);
      pushed_ = result_ == CUDA_SUCCESS;
    }
  }
  ~ScopedCudaContext() {
    if (pushed_) {
      CUcontext popped = nullptr;
      (void)driver_.cuCtxPopCurrent(&popped);
    }
  }
  ScopedCudaContext(const ScopedCudaContext &) = delete;
  ScopedCudaContext &operator=(const ScopedCudaContext &) = delete;

  /// CUDA_SUCCESS when `context` is current for the scope.
  CUresult result() const { return result_; }

private:
  const CudaDriver &driver_;
  CUresult result_ = CUDA_SUCCESS;
  bool pushed_ = false;
};

} // namespace baracuda

#endif // BARACUDA_RUNTIME_LIB_SCOPEDCUDACONTEXT_H
