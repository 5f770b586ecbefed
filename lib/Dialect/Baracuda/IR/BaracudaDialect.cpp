//===- BaracudaDialect.cpp - baracuda dialect -----------------------------===//

#include "baracuda/Dialect/Baracuda/IR/BaracudaDialect.h"
#include "baracuda/Dialect/Baracuda/IR/BaracudaOps.h"

using namespace mlir;
using namespace mlir::baracuda;

#include "baracuda/Dialect/Baracuda/IR/BaracudaOpsDialect.cpp.inc"

void BaracudaDialect::initialize() {
  addOperations<
#define GET_OP_LIST
#include "baracuda/Dialect/Baracuda/IR/BaracudaOps.cpp.inc"
      >();
}
