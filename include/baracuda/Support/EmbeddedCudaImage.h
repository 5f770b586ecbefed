//===- EmbeddedCudaImage.h - GPU images compiled into the runtime ---------===//
//
// MLIR-free. `baracuda-translate --baracuda-gpu-binary-to-cpp` writes a C++
// file that defines these two symbols from the objects of a `gpu.binary`; the
// runtime links that file and loads the image that fits the device.
//
//===----------------------------------------------------------------------===//

#ifndef BARACUDA_SUPPORT_EMBEDDEDCUDAIMAGE_H
#define BARACUDA_SUPPORT_EMBEDDEDCUDAIMAGE_H

#include <cstddef>

namespace baracuda {

/// One object of a gpu.binary: a fatbin (cubin + PTX) for one target chip.
struct EmbeddedCudaImage {
  const char *module;        ///< gpu.binary symbol, e.g. "baracuda_kernels"
  const char *chip;          ///< target chip, e.g. "sm_90"
  int smVersion;             ///< 10 * major + minor of `chip`, e.g. 90
  const char *format;        ///< "fatbin", "bin" (cubin) or "assembly" (PTX)
  const unsigned char *data; ///< the object bytes (PTX is NUL-terminated)
  size_t size;               ///< bytes in `data`, without a trailing NUL
};

extern const EmbeddedCudaImage kEmbeddedCudaImages[];
extern const size_t kNumEmbeddedCudaImages;

} // namespace baracuda

#endif // BARACUDA_SUPPORT_EMBEDDEDCUDAIMAGE_H
