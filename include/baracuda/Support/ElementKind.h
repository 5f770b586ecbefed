//===- ElementKind.h - Element kinds of baracuda ops ------------*- C++ -*-===//
//
// MLIR-free. Shared by the dialect (mapping MLIR types to kinds) and the
// runtime (mapping C++ element types to kinds).
//
//===----------------------------------------------------------------------===//

#ifndef BARACUDA_SUPPORT_ELEMENTKIND_H
#define BARACUDA_SUPPORT_ELEMENTKIND_H

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

namespace baracuda {

enum class ElementKind : uint8_t { F32, F64, F16, BF16, S8, U8, S32 };

/// Short name used in kernel symbols and SKUs: "f32", "bf16", "s8", ...
std::string_view elementKindName(ElementKind kind);

/// Inverse of elementKindName; nullopt for an unknown name.
std::optional<ElementKind> parseElementKind(std::string_view name);

/// Size of one element in bytes.
size_t elementKindSize(ElementKind kind);

/// Whether `kind` is an integer kind, and if so its range.
bool isIntegerKind(ElementKind kind);
int64_t integerKindMin(ElementKind kind);
int64_t integerKindMax(ElementKind kind);

} // namespace baracuda

#endif // BARACUDA_SUPPORT_ELEMENTKIND_H
