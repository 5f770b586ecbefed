//===- CApiInternal.h - Shared pieces of the C entry points ---------------===//
//
// Internal. The thread's last-error message (baracuda_kernels_last_error_
// message) and the catch-all every entry point ends in, plus
// quantize_per_group's implementation over its own plan, which the family's
// entry point for that stem calls while the compiler lowers quantize only in
// its old form (QuantizeFamily.def's BARACUDA_QF_LOWERED_Quantize is 0).
//
//===----------------------------------------------------------------------===//

#ifndef BARACUDA_RUNTIME_LIB_CAPIINTERNAL_H
#define BARACUDA_RUNTIME_LIB_CAPIINTERNAL_H

#include "baracuda/Support/ElementKind.h"
#include "baracuda/Support/Status.h"

#include <cstddef>
#include <cstdint>

// Internal to libbaracuda_runtime.so: never exported.
#pragma GCC visibility push(hidden)

namespace baracuda {

/// Records `status` as the thread's last outcome and returns its code.
int32_t finishCApiCall(const Status &status) noexcept;

/// The catch-all of every entry point (call inside catch): nothing crosses
/// the C boundary; status 5 with the exception's text.
int32_t finishCApiException(const char *function) noexcept;

int32_t legacyQuantizePerGroupRun(ElementKind in, ElementKind out,
                                  int32_t outer, int32_t axis, int32_t group,
                                  int32_t qMin, int32_t qMax, const void *input,
                                  const void *scale, const void *zeroPoint,
                                  void *output, void *workspace,
                                  size_t workspaceBytes,
                                  void *cudaStream) noexcept;
int32_t legacyQuantizePerGroupCanImplement(
    ElementKind in, ElementKind out, int32_t outer, int32_t axis, int32_t group,
    int32_t qMin, int32_t qMax, const void *input, const void *scale,
    const void *zeroPoint, const void *output) noexcept;

} // namespace baracuda

#pragma GCC visibility pop

#endif // BARACUDA_RUNTIME_LIB_CAPIINTERNAL_H
