//===- Result.h - A value or the Status explaining its absence --*- C++ -*-===//

#ifndef BARACUDA_RUNTIME_RESULT_H
#define BARACUDA_RUNTIME_RESULT_H

#include "baracuda/Support/Status.h"

#include <cassert>
#include <optional>
#include <utility>

namespace baracuda {

/// Either a T or a failed Status. Accessing the value of a failed Result is a
/// programming error (asserted).
template <typename T> class [[nodiscard]] Result {
public:
  Result(T value) : value_(std::move(value)) {}
  /// `status` must be a failure.
  Result(Status status) : status_(std::move(status)) {
    assert(!status_.ok() && "a Result without a value needs a failed Status");
    if (status_.ok())
      status_ = Status(StatusCode::Internal, "Result built from success");
  }

  bool ok() const { return value_.has_value(); }
  explicit operator bool() const { return ok(); }

  /// Success when ok(), else why there is no value.
  const Status &status() const { return status_; }

  T &value() & {
    assert(ok());
    return *value_;
  }
  const T &value() const & {
    assert(ok());
    return *value_;
  }
  T &&value() && {
    assert(ok());
    return std::move(*value_);
  }
  T *operator->() { return &value(); }
  const T *operator->() const { return &value(); }
  T &operator*() & { return value(); }
  const T &operator*() const & { return value(); }

private:
  std::optional<T> value_;
  Status status_;
};

} // namespace baracuda

#endif // BARACUDA_RUNTIME_RESULT_H
