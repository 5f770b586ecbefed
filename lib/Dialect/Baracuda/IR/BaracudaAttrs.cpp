//===- BaracudaAttrs.cpp - baracuda dialect attributes --------------------===//

#include "baracuda/Dialect/Baracuda/IR/BaracudaAttrs.h"
#include "baracuda/Dialect/Baracuda/IR/BaracudaDialect.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/DialectImplementation.h"
#include "llvm/ADT/TypeSwitch.h"

using namespace mlir;
using namespace mlir::baracuda;
using ::baracuda::ParameterLayout;

#include "baracuda/Dialect/Baracuda/IR/BaracudaAttrInterfaces.cpp.inc"

#define GET_ATTRDEF_CLASSES
#include "baracuda/Dialect/Baracuda/IR/BaracudaAttrs.cpp.inc"

ParameterLayout PerTensorAttr::getLayout() const {
  return ParameterLayout::perTensor();
}
ParameterLayout PerChannelAttr::getLayout() const {
  return ParameterLayout::perChannel(getAxis());
}
ParameterLayout PerTokenAttr::getLayout() const {
  return ParameterLayout::perToken();
}
ParameterLayout PerGroupAttr::getLayout() const {
  return ParameterLayout::perGroup(getSize());
}

ParameterLayoutAttrInterface
mlir::baracuda::getParameterLayoutAttr(MLIRContext *context,
                                       const ParameterLayout &layout) {
  switch (layout.kind) {
  case ::baracuda::LayoutKind::PerTensor:
    return PerTensorAttr::get(context);
  case ::baracuda::LayoutKind::PerChannel:
    return PerChannelAttr::get(context, layout.axis);
  case ::baracuda::LayoutKind::PerToken:
    return PerTokenAttr::get(context);
  case ::baracuda::LayoutKind::PerGroup:
    return PerGroupAttr::get(context, layout.groupSize);
  }
  return {};
}

void BaracudaDialect::registerAttributes() {
  addAttributes<
#define GET_ATTRDEF_LIST
#include "baracuda/Dialect/Baracuda/IR/BaracudaAttrs.cpp.inc"
      >();
}
