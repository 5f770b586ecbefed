//===- ElementKind.cpp - Element kinds of baracuda ops --------------------===//

#include "baracuda/Support/ElementKind.h"

#include <limits>

namespace baracuda {

std::string_view elementKindName(ElementKind kind) {
  switch (kind) {
  case ElementKind::F32:
    return "f32";
  case ElementKind::F64:
    return "f64";
  case ElementKind::F16:
    return "f16";
  case ElementKind::BF16:
    return "bf16";
  case ElementKind::S8:
    return "s8";
  case ElementKind::U8:
    return "u8";
  case ElementKind::S32:
    return "s32";
  }
  return "?";
}

std::optional<ElementKind> parseElementKind(std::string_view name) {
  for (ElementKind kind :
       {ElementKind::F32, ElementKind::F64, ElementKind::F16, ElementKind::BF16,
        ElementKind::S8, ElementKind::U8, ElementKind::S32})
    if (elementKindName(kind) == name)
      return kind;
  return std::nullopt;
}

size_t elementKindSize(ElementKind kind) {
  switch (kind) {
  case ElementKind::F64:
    return 8;
  case ElementKind::F32:
  case ElementKind::S32:
    return 4;
  case ElementKind::F16:
  case ElementKind::BF16:
    return 2;
  case ElementKind::S8:
  case ElementKind::U8:
    return 1;
  }
  return 0;
}

bool isIntegerKind(ElementKind kind) {
  return kind == ElementKind::S8 || kind == ElementKind::U8 ||
         kind == ElementKind::S32;
}

int64_t integerKindMin(ElementKind kind) {
  switch (kind) {
  case ElementKind::S8:
    return std::numeric_limits<int8_t>::min();
  case ElementKind::U8:
    return 0;
  case ElementKind::S32:
    return std::numeric_limits<int32_t>::min();
  default:
    return 0;
  }
}

int64_t integerKindMax(ElementKind kind) {
  switch (kind) {
  case ElementKind::S8:
    return std::numeric_limits<int8_t>::max();
  case ElementKind::U8:
    return std::numeric_limits<uint8_t>::max();
  case ElementKind::S32:
    return std::numeric_limits<int32_t>::max();
  default:
    return 0;
  }
}

} // namespace baracuda
