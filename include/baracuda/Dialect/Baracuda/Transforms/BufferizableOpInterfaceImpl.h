//===- BufferizableOpInterfaceImpl.h - One-shot bufferization -*- C++ -*-===//

#ifndef BARACUDA_DIALECT_BARACUDA_TRANSFORMS_BUFFERIZABLEOPINTERFACEIMPL_H
#define BARACUDA_DIALECT_BARACUDA_TRANSFORMS_BUFFERIZABLEOPINTERFACEIMPL_H

namespace mlir {
class DialectRegistry;

namespace baracuda {
/// Lets one-shot bufferization turn `baracuda.quantize_per_group` into a fresh
/// output allocation plus `baracuda.quantize_per_group_into`.
void registerBufferizableOpInterfaceExternalModels(DialectRegistry &registry);
} // namespace baracuda
} // namespace mlir

#endif // BARACUDA_DIALECT_BARACUDA_TRANSFORMS_BUFFERIZABLEOPINTERFACEIMPL_H
