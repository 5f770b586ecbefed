//===- Element.h - C++ element types of the typed runtime API ---*- C++ -*-===//
//
// Maps the C++ types a caller passes to the typed plans onto ElementKind. The
// 16-bit float types are plain storage: the runtime never does arithmetic on
// them, it only hands their bits to the kernels.
//
//===----------------------------------------------------------------------===//

#ifndef BARACUDA_RUNTIME_ELEMENT_H
#define BARACUDA_RUNTIME_ELEMENT_H

#include "baracuda/Support/ElementKind.h"

#include <cstdint>

namespace baracuda {

/// IEEE binary16, as its raw bits.
struct Half {
  uint16_t bits;
};

/// bfloat16 (the upper half of a binary32), as its raw bits.
struct BFloat16 {
  uint16_t bits;
};

static_assert(sizeof(Half) == 2 && alignof(Half) == 2, "Half is a 16-bit word");
static_assert(sizeof(BFloat16) == 2 && alignof(BFloat16) == 2,
              "BFloat16 is a 16-bit word");

/// ElementTraits<T>::kind is the ElementKind of C++ type T; undefined for a
/// type that is no element, so a wrong plan type fails to compile.
template <typename T> struct ElementTraits;

#define BARACUDA_ELEMENT_TRAITS(Type, Kind)                                    \
  template <> struct ElementTraits<Type> {                                     \
    static constexpr ElementKind kind = ElementKind::Kind;                     \
  };
BARACUDA_ELEMENT_TRAITS(float, F32)
BARACUDA_ELEMENT_TRAITS(double, F64)
BARACUDA_ELEMENT_TRAITS(Half, F16)
BARACUDA_ELEMENT_TRAITS(BFloat16, BF16)
BARACUDA_ELEMENT_TRAITS(int8_t, S8)
BARACUDA_ELEMENT_TRAITS(uint8_t, U8)
BARACUDA_ELEMENT_TRAITS(int32_t, S32)
#undef BARACUDA_ELEMENT_TRAITS

template <typename T>
inline constexpr ElementKind elementKindOf = ElementTraits<T>::kind;

} // namespace baracuda

#endif // BARACUDA_RUNTIME_ELEMENT_H
