//===- GpuBinaryExport.h - Export gpu.binary objects ------------*- C++ -*-===//

#ifndef BARACUDA_TARGET_GPUBINARYEXPORT_H
#define BARACUDA_TARGET_GPUBINARYEXPORT_H

namespace mlir::baracuda {
/// Registers `baracuda-gpu-binary-to-cpp` (a C++ file embedding every
/// gpu.binary object, for the runtime; see Support/EmbeddedCudaImage.h) and
/// `baracuda-extract-gpu-object` (the raw bytes of one object: PTX text,
/// cubin or fatbin, chosen with --gpu-object-chip).
void registerGpuBinaryExportTranslations();
} // namespace mlir::baracuda

#endif // BARACUDA_TARGET_GPUBINARYEXPORT_H
