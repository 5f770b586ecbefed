//===- BaracudaOps.h - baracuda dialect ops ---------------------*- C++ -*-===//

#ifndef BARACUDA_DIALECT_BARACUDA_IR_BARACUDAOPS_H
#define BARACUDA_DIALECT_BARACUDA_IR_BARACUDAOPS_H

#include "baracuda/Dialect/Baracuda/IR/BaracudaAttrs.h"
#include "baracuda/Dialect/Baracuda/IR/BaracudaDialect.h"
#include "baracuda/Rules/QuantizeFamilyRules.h"
#include "baracuda/Support/ElementKind.h"

#include "mlir/Bytecode/BytecodeOpInterface.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/OpDefinition.h"
#include "mlir/IR/TypeUtilities.h"
#include "mlir/Interfaces/DestinationStyleOpInterface.h"
#include "mlir/Interfaces/RuntimeVerifiableOpInterface.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

#include <optional>

namespace mlir::baracuda {

/// The baracuda element kind of an MLIR element type: f32, f64, f16, bf16,
/// si8 (s8), ui8 (u8), i32 (s32). Signless i8 has no kind: the 8-bit type
/// must say whether it is signed.
std::optional<::baracuda::ElementKind> getElementKind(Type type);

/// The verifier of every op of the quantization family (the interface's).
LogicalResult verifyQuantizeFamilyOp(Operation *op);

/// Memory effects of a family op: none on tensors; on buffers, reads of
/// every input buffer and a write of the destination.
void getQuantizeFamilyEffects(
    Operation *op,
    SmallVectorImpl<SideEffects::EffectInstance<MemoryEffects::Effect>>
        &effects);

/// The run-time half of the verifier: `cf.assert`s for the rules that
/// involve a dynamic size.
void buildQuantizeFamilyRuntimeChecks(
    Operation *op, OpBuilder &builder, Location loc,
    function_ref<std::string(Operation *, StringRef)> generateErrorMessage);

} // namespace mlir::baracuda

#include "baracuda/Dialect/Baracuda/IR/BaracudaInterfaces.h.inc"

#define GET_OP_CLASSES
#include "baracuda/Dialect/Baracuda/IR/BaracudaOps.h.inc"

#endif // BARACUDA_DIALECT_BARACUDA_IR_BARACUDAOPS_H
