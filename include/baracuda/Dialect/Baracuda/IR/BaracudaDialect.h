//===- BaracudaDialect.h - baracuda dialect ---------------------*- C++ -*-===//

#ifndef BARACUDA_DIALECT_BARACUDA_IR_BARACUDADIALECT_H
#define BARACUDA_DIALECT_BARACUDA_IR_BARACUDADIALECT_H

#include "mlir/IR/Dialect.h"

#include "baracuda/Dialect/Baracuda/IR/BaracudaOpsDialect.h.inc"

#endif // BARACUDA_DIALECT_BARACUDA_IR_BARACUDADIALECT_H
