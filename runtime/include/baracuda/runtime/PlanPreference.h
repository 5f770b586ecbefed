//===- PlanPreference.h - What a caller asks of Plan::select ----*- C++ -*-===//

#ifndef BARACUDA_RUNTIME_PLANPREFERENCE_H
#define BARACUDA_RUNTIME_PLANPREFERENCE_H

#include <cstdint>

namespace baracuda {

/// Steers Plan::select among the kernel variants that fit a problem.
enum class PlanPreference : uint8_t {
  /// The fastest variant whose constraints the descriptor meets and whose
  /// kernel the library has (run() still falls back to the generic variant
  /// for operands that miss its alignment).
  Default,
  /// The generic variant only: natural element alignment, any group size;
  /// useful to compare variants or to time the generic kernel.
  PreferGeneric,
};

} // namespace baracuda

#endif // BARACUDA_RUNTIME_PLANPREFERENCE_H
