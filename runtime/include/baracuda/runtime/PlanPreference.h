//===- PlanPreference.h - What a caller asks of Plan::select ----*- C++ -*-===//

#ifndef BARACUDA_RUNTIME_PLANPREFERENCE_H
#define BARACUDA_RUNTIME_PLANPREFERENCE_H

#include <cstdint>

namespace baracuda {

/// Steers Plan::select among the kernel variants that fit a problem.
enum class PlanPreference : uint8_t {
  /// The fastest variant for the problem: among those whose constraints the
  /// descriptor meets and whose kernel the library has, the widest vectors,
  /// except that the wide vectorized kernel is left to problems of its size
  /// class (at least one wave of its threads on the device). run() still
  /// falls back to narrower variants for operands that miss its alignment.
  Default,
  /// The generic variant only: natural element alignment, any group size;
  /// useful to compare variants or to time the generic kernel.
  PreferGeneric,
  /// The widest vectorized variant that fits, whatever the problem size:
  /// Default without the size class; to compare or test the wide kernel on
  /// small problems.
  PreferWidestVectors,
};

} // namespace baracuda

#endif // BARACUDA_RUNTIME_PLANPREFERENCE_H
