//===- PlanPreference.h - What a caller asks of Plan::select ----*- C++ -*-===//

#ifndef BARACUDA_RUNTIME_PLANPREFERENCE_H
#define BARACUDA_RUNTIME_PLANPREFERENCE_H

#include <cstdint>

namespace baracuda {

/// Steers Plan::select among the kernel variants that fit a problem.
enum class PlanPreference : uint8_t {
  /// The fastest variant whose constraints the descriptor meets and whose
  /// kernel the library has. Its pointer alignment needs may exceed natural
  /// element alignment (can_implement says so with MisalignedOperand).
  Default,
  /// The generic variant, which has the weakest constraints (natural element
  /// alignment only); useful to compare variants or avoid an alignment
  /// requirement the caller cannot promise.
  PreferGeneric,
};

} // namespace baracuda

#endif // BARACUDA_RUNTIME_PLANPREFERENCE_H
