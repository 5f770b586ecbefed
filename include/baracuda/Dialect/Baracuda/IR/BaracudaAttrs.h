//===- BaracudaAttrs.h - baracuda dialect attributes ------------*- C++ -*-===//

#ifndef BARACUDA_DIALECT_BARACUDA_IR_BARACUDAATTRS_H
#define BARACUDA_DIALECT_BARACUDA_IR_BARACUDAATTRS_H

#include "baracuda/Rules/QuantizeFamilyRules.h"

#include "mlir/IR/Attributes.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/DialectImplementation.h"

#include "baracuda/Dialect/Baracuda/IR/BaracudaAttrInterfaces.h.inc"

#define GET_ATTRDEF_CLASSES
#include "baracuda/Dialect/Baracuda/IR/BaracudaAttrs.h.inc"

namespace mlir::baracuda {
/// The layout attribute of `layout` (the inverse of getLayout()).
ParameterLayoutAttrInterface
getParameterLayoutAttr(MLIRContext *context,
                       const ::baracuda::ParameterLayout &layout);
} // namespace mlir::baracuda

#endif // BARACUDA_DIALECT_BARACUDA_IR_BARACUDAATTRS_H
