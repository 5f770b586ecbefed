//===- BufferizableOpInterfaceImpl.h - One-shot bufferization -*- C++ -*-===//

#ifndef BARACUDA_DIALECT_BARACUDA_TRANSFORMS_BUFFERIZABLEOPINTERFACEIMPL_H
#define BARACUDA_DIALECT_BARACUDA_TRANSFORMS_BUFFERIZABLEOPINTERFACEIMPL_H

namespace mlir {
class DialectRegistry;

namespace baracuda {
/// Lets one-shot bufferization rebuild every op of the quantization family
/// on buffers: destination-style, the result is the `outs` operand's buffer.
void registerBufferizableOpInterfaceExternalModels(DialectRegistry &registry);
} // namespace baracuda
} // namespace mlir

#endif // BARACUDA_DIALECT_BARACUDA_TRANSFORMS_BUFFERIZABLEOPINTERFACEIMPL_H
