//===- CudaImageKernelNames.h - The kernels a CUDA image holds ------------===//
//
// Test support, MLIR-free and driver-free: reads the names of the kernel entry
// points (what cuModuleGetFunction finds) out of the bytes of an embedded
// image, so that a test without a GPU can compare them with the catalog.
//
//===----------------------------------------------------------------------===//

#ifndef BARACUDA_UNITTESTS_RUNTIME_CUDAIMAGEKERNELNAMES_H
#define BARACUDA_UNITTESTS_RUNTIME_CUDAIMAGEKERNELNAMES_H

#include "baracuda/Support/EmbeddedCudaImage.h"
#include "baracuda/runtime/Result.h"

#include <cstddef>
#include <set>
#include <string>

namespace baracuda::test {

/// The kernel entry points of a cubin: its global functions marked as
/// entries (STO_CUDA_ENTRY), not the device functions they call.
Result<std::set<std::string>> cubinKernelNames(const unsigned char *data,
                                               size_t size);

/// The kernel entry points of `image` as the driver loads it on a GPU of
/// `image.smVersion`: the cubin of that chip (a "fatbin" holds one beside its
/// PTX, which fatbinary compresses and ptxas compiled that cubin from; a "bin"
/// is one). Fails, naming the image, where there is no plain cubin of that
/// chip to read, so a format change cannot make a comparison pass empty.
Result<std::set<std::string>>
embeddedImageKernelNames(const EmbeddedCudaImage &image);

} // namespace baracuda::test

#endif // BARACUDA_UNITTESTS_RUNTIME_CUDAIMAGEKERNELNAMES_H
