//===- Status.h - Status codes shared by compiler and runtime ---*- C++ -*-===//
//
// MLIR-free. The numeric codes are the ABI of the C entry points and match the
// baracuda-kernels-sys status codes.
//
//===----------------------------------------------------------------------===//

#ifndef BARACUDA_SUPPORT_STATUS_H
#define BARACUDA_SUPPORT_STATUS_H

#include <cstdint>
#include <string>
#include <utility>

namespace baracuda {

/// Status codes returned across the C ABI (values are stable).
enum class StatusCode : int32_t {
  Success = 0,
  MisalignedOperand = 1,
  InvalidProblem = 2,
  Unsupported = 3,
  WorkspaceTooSmall = 4,
  Internal = 5,
};

/// Returns a short stable name for `code` ("invalid problem", ...).
const char *statusCodeName(StatusCode code);

/// A status value: a code plus, on failure, a message naming the broken rule
/// and the numbers involved.
class [[nodiscard]] Status {
public:
  Status() = default;
  Status(StatusCode code, std::string message)
      : code_(code), message_(std::move(message)) {}

  static Status success() { return Status(); }

  bool ok() const { return code_ == StatusCode::Success; }
  explicit operator bool() const { return ok(); }
  StatusCode code() const { return code_; }
  const std::string &message() const { return message_; }

private:
  StatusCode code_ = StatusCode::Success;
  std::string message_;
};

inline Status invalidProblem(std::string message) {
  return Status(StatusCode::InvalidProblem, std::move(message));
}
inline Status unsupported(std::string message) {
  return Status(StatusCode::Unsupported, std::move(message));
}
inline Status misalignedOperand(std::string message) {
  return Status(StatusCode::MisalignedOperand, std::move(message));
}
inline Status internalError(std::string message) {
  return Status(StatusCode::Internal, std::move(message));
}

} // namespace baracuda

#endif // BARACUDA_SUPPORT_STATUS_H
