//===- Tensor.h - Non-owning dense tensor views ------------------*- C++
//-*-===//
//
// What plans take as operands: a pointer plus a shape, dense and row-major.
// The pointer is a host pointer for the CPU backend and a device-accessible
// pointer (CUdeviceptr cast to a pointer) for the CUDA backend. `T = void`
// gives the untyped views used under the typed API and by the C ABI.
//
//===----------------------------------------------------------------------===//

#ifndef BARACUDA_RUNTIME_TENSOR_H
#define BARACUDA_RUNTIME_TENSOR_H

#include <array>
#include <cstddef>
#include <cstdint>

namespace baracuda {

/// A read-only view of a dense row-major tensor of `Rank` dims.
template <typename T, size_t Rank> struct TensorRef {
  const T *data = nullptr;
  std::array<int64_t, Rank> shape{};
};

/// A writable view of a dense row-major tensor of `Rank` dims.
template <typename T, size_t Rank> struct TensorMut {
  T *data = nullptr;
  std::array<int64_t, Rank> shape{};
};

} // namespace baracuda

#endif // BARACUDA_RUNTIME_TENSOR_H
