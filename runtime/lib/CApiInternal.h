//===- CApiInternal.h - Shared pieces of the C entry points ---------------===//
//
// Internal. The thread's last-error message (baracuda_kernels_last_error_
// message) and the catch-all every entry point ends in.
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

} // namespace baracuda

#pragma GCC visibility pop

#endif // BARACUDA_RUNTIME_LIB_CAPIINTERNAL_H
