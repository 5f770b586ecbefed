//===- Workspace.h - Caller-provided scratch memory of a plan ---*- C++ -*-===//

#ifndef BARACUDA_RUNTIME_WORKSPACE_H
#define BARACUDA_RUNTIME_WORKSPACE_H

#include <cstddef>

namespace baracuda {

/// Scratch memory a plan may use during run(): at least
/// `plan.workspace_size()` bytes, on the plan's backend (host memory for the
/// CPU backend, device memory for CUDA). Plans that need none accept {}.
struct Workspace {
  void *data = nullptr;
  size_t bytes = 0;
};

} // namespace baracuda

#endif // BARACUDA_RUNTIME_WORKSPACE_H
