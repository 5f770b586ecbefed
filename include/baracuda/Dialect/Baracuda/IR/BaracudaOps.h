//===- BaracudaOps.h - baracuda dialect ops ---------------------*- C++ -*-===//

#ifndef BARACUDA_DIALECT_BARACUDA_IR_BARACUDAOPS_H
#define BARACUDA_DIALECT_BARACUDA_IR_BARACUDAOPS_H

#include "baracuda/Dialect/Baracuda/IR/BaracudaDialect.h"
#include "baracuda/Support/ElementKind.h"

#include "mlir/Bytecode/BytecodeOpInterface.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/OpDefinition.h"
#include "mlir/IR/TypeUtilities.h"
#include "mlir/Interfaces/InferTypeOpInterface.h"
#include "mlir/Interfaces/RuntimeVerifiableOpInterface.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

#include <optional>

namespace mlir::baracuda {

/// The baracuda element kind of an MLIR element type: f32, f64, f16, bf16,
/// si8 (s8), ui8 (u8), i32 (s32). Signless i8 has no kind: the output type
/// must say whether it is signed.
std::optional<::baracuda::ElementKind> getElementKind(Type type);

} // namespace mlir::baracuda

#define GET_OP_CLASSES
#include "baracuda/Dialect/Baracuda/IR/BaracudaOps.h.inc"

#endif // BARACUDA_DIALECT_BARACUDA_IR_BARACUDAOPS_H
