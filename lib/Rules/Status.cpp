//===- Status.cpp - Status codes shared by compiler and runtime -----------===//

#include "baracuda/Support/Status.h"

namespace baracuda {

const char *statusCodeName(StatusCode code) {
  switch (code) {
  case StatusCode::Success:
    return "success";
  case StatusCode::MisalignedOperand:
    return "misaligned operand";
  case StatusCode::InvalidProblem:
    return "invalid problem";
  case StatusCode::Unsupported:
    return "unsupported";
  case StatusCode::WorkspaceTooSmall:
    return "workspace too small";
  case StatusCode::Internal:
    return "internal error";
  }
  return "unknown status";
}

} // namespace baracuda
