//===- CApiTestSupport.h - The C entry points as a table ------------------===//

#ifndef BARACUDA_UNITTESTS_RUNTIME_CAPITESTSUPPORT_H
#define BARACUDA_UNITTESTS_RUNTIME_CAPITESTSUPPORT_H

#include "baracuda/Support/ElementKind.h"
#include "baracuda/baracuda_kernels.h"

#include <cstddef>
#include <cstdint>
#include <ostream>
#include <string>
#include <vector>

namespace baracuda::test {

using QuantizeRunFn = int32_t (*)(int32_t, int32_t, int32_t, int32_t, int32_t,
                                  const void *, const void *, const void *,
                                  void *, void *, size_t, void *);
using QuantizeCanImplementFn = int32_t (*)(int32_t, int32_t, int32_t, int32_t,
                                           int32_t, const void *, const void *,
                                           const void *, const void *);

/// The _run / _can_implement symbols of one (in, out) pair.
struct CQuantizeEntryPoints {
  std::string name; ///< "f32_s8"
  ElementKind input;
  ElementKind output;
  QuantizeRunFn run;
  QuantizeCanImplementFn canImplement;
};

inline void PrintTo(const CQuantizeEntryPoints &entry, std::ostream *os) {
  *os << entry.name;
}

/// All 16 entry points, from the header's own pair list.
inline std::vector<CQuantizeEntryPoints> allCQuantizeEntryPoints() {
  std::vector<CQuantizeEntryPoints> entries;
#define BARACUDA_TEST_ENTRY(in, out)                                           \
  entries.push_back(                                                           \
      {#in "_" #out, *parseElementKind(#in), *parseElementKind(#out),          \
       &baracuda_kernels_quantize_per_group_##in##_##out##_run,                \
       &baracuda_kernels_quantize_per_group_##in##_##out##_can_implement});
  BARACUDA_KERNELS_QUANTIZE_PER_GROUP_PAIRS(BARACUDA_TEST_ENTRY)
#undef BARACUDA_TEST_ENTRY
  return entries;
}

/// Names value-parameterized tests after the pair.
struct CQuantizeEntryPointNames {
  template <typename Info> std::string operator()(const Info &info) const {
    return info.param.name;
  }
};

} // namespace baracuda::test

#endif // BARACUDA_UNITTESTS_RUNTIME_CAPITESTSUPPORT_H
