//===- BaracudaDialect.cpp - baracuda dialect -----------------------------===//

#include "baracuda/Dialect/Baracuda/IR/BaracudaDialect.h"
#include "baracuda/Dialect/Baracuda/IR/BaracudaOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/ControlFlow/IR/ControlFlow.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

using namespace mlir;
using namespace mlir::baracuda;

#include "baracuda/Dialect/Baracuda/IR/BaracudaOpsDialect.cpp.inc"

void BaracudaDialect::initialize() {
  registerAttributes();
  addOperations<
#define GET_OP_LIST
#include "baracuda/Dialect/Baracuda/IR/BaracudaOps.cpp.inc"
      >();
}
