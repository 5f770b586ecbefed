//===- CheckHostMemorySpaces.cpp - Host memrefs the LLVM lowering takes ---===//

#include "baracuda/Conversion/Passes.h"

#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/BuiltinTypes.h"

namespace mlir::baracuda {
#define GEN_PASS_DEF_CHECKHOSTMEMORYSPACESPASS
#include "baracuda/Conversion/Passes.h.inc"
} // namespace mlir::baracuda

using namespace mlir;

namespace {

/// The memory space of a memref type, if it is one the LLVM type converter
/// cannot map to an address space: anything but none or an integer.
Attribute unlowerableMemorySpace(Type type) {
  Attribute space;
  if (auto memref = dyn_cast<MemRefType>(type))
    space = memref.getMemorySpace();
  else if (auto unranked = dyn_cast<UnrankedMemRefType>(type))
    space = unranked.getMemorySpace();
  if (!space || isa<IntegerAttr>(space))
    return {};
  return space;
}

struct CheckHostMemorySpacesPass
    : public mlir::baracuda::impl::CheckHostMemorySpacesPassBase<
          CheckHostMemorySpacesPass> {
  void runOnOperation() override {
    bool ok = true;
    getOperation()->walk<WalkOrder::PreOrder>([&](Operation *op) -> WalkResult {
      if (isa<gpu::GPUModuleOp>(op))
        return WalkResult::skip(); // Device code: its own address spaces.
      // One error per op, for the first such type it defines or declares.
      SmallVector<Type> types(op->getResultTypes());
      for (NamedAttribute attr : op->getAttrs())
        if (auto typeAttr = dyn_cast<TypeAttr>(attr.getValue())) {
          Type type = typeAttr.getValue();
          if (auto function = dyn_cast<FunctionType>(type))
            llvm::append_range(types,
                               llvm::concat<const Type>(function.getInputs(),
                                                        function.getResults()));
          else
            types.push_back(type);
        }
      for (Region &region : op->getRegions())
        for (Block &block : region)
          llvm::append_range(types, block.getArgumentTypes());
      for (Type type : types) {
        Attribute space = unlowerableMemorySpace(type);
        if (!space)
          continue;
        op->emitError() << "baracuda-check-host-memory-spaces: host code "
                           "uses "
                        << type << ", in memory space " << space
                        << ", which the LLVM lowering cannot place (it takes "
                           "no memory space or an integer one)";
        ok = false;
        break;
      }
      return WalkResult::advance();
    });
    if (!ok)
      signalPassFailure();
  }
};

} // namespace
