//===- CApi.cpp - C ABI of the baracuda runtime (baracuda_kernels.h) ------===//
//
// The error-message state shared by every entry point: the thread's last
// message and the catch-all that turns any exception into status 5. The
// entry points themselves, quantize_per_group's included, are
// QuantizeFamilyCApi.cpp's, from the family table.
//
//===----------------------------------------------------------------------===//

#include "baracuda/baracuda_kernels.h"

#include "CApiInternal.h"

#include <exception>
#include <string>

namespace baracuda {

thread_local std::string lastErrorMessage;

/// Records `status` as the thread's last outcome and returns its code.
int32_t finishCApiCall(const Status &status) noexcept {
  try {
    if (status.ok())
      lastErrorMessage.clear(); // clear() keeps the buffer: no allocation.
    else
      lastErrorMessage = status.message();
  } catch (...) {
    lastErrorMessage.clear(); // Out of memory for the message: keep the code.
  }
  return static_cast<int32_t>(status.code());
}

/// The catch-all of every entry point: nothing crosses the C boundary.
int32_t finishCApiException(const char *function) noexcept {
  try {
    std::string what = "unknown exception";
    try {
      throw;
    } catch (const std::exception &error) {
      what = error.what();
    } catch (...) {
    }
    return finishCApiCall(
        internalError(std::string(function) + ": internal error: " + what));
  } catch (...) {
    lastErrorMessage.clear();
    return static_cast<int32_t>(StatusCode::Internal);
  }
}

namespace {

static_assert(BARACUDA_KERNELS_SUCCESS == int32_t(StatusCode::Success) &&
                  BARACUDA_KERNELS_MISALIGNED_OPERAND ==
                      int32_t(StatusCode::MisalignedOperand) &&
                  BARACUDA_KERNELS_INVALID_PROBLEM ==
                      int32_t(StatusCode::InvalidProblem) &&
                  BARACUDA_KERNELS_UNSUPPORTED ==
                      int32_t(StatusCode::Unsupported) &&
                  BARACUDA_KERNELS_WORKSPACE_TOO_SMALL ==
                      int32_t(StatusCode::WorkspaceTooSmall) &&
                  BARACUDA_KERNELS_INTERNAL_ERROR ==
                      int32_t(StatusCode::Internal),
              "baracuda_kernels.h status codes must equal StatusCode");

} // namespace

} // namespace baracuda

extern "C" {

const char *baracuda_kernels_last_error_message(void) {
  return baracuda::lastErrorMessage.c_str();
}

} // extern "C"
