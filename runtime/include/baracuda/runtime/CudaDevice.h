//===- CudaDevice.h - Small CUDA helpers for tests and tools ----*- C++ -*-===//
//
// RAII wrappers over the dynamically loaded driver (CudaDriver.h) so tests
// and tools need neither libcuda at link time nor the CUDA runtime. Not a
// general CUDA API: just what checking and timing kernels needs.
//
//===----------------------------------------------------------------------===//

#ifndef BARACUDA_RUNTIME_CUDADEVICE_H
#define BARACUDA_RUNTIME_CUDADEVICE_H

#include "baracuda/runtime/Result.h"

#include <cuda.h>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

namespace baracuda {

/// Why CUDA cannot be used here, or nullopt when device 0 can: "no CUDA
/// driver (<why>)" or "no CUDA device (<why>)". Cheap after the first call.
std::optional<std::string> cudaUnavailableReason();

/// A device's primary context, retained for the object's lifetime.
class CudaDevice {
public:
  /// Retains device `ordinal`'s primary context and makes it current on the
  /// calling thread. Errors: Unsupported without driver or device, Internal
  /// for other driver failures.
  static Result<CudaDevice> open(int ordinal = 0);

  CudaDevice(CudaDevice &&other) noexcept;
  CudaDevice &operator=(CudaDevice &&other) noexcept;
  CudaDevice(const CudaDevice &) = delete;
  CudaDevice &operator=(const CudaDevice &) = delete;
  /// Releases the primary context (it lives on while others retain it).
  ~CudaDevice();

  CUdevice device() const { return device_; }
  CUcontext context() const { return context_; }
  /// 10 * major + minor, e.g. 90.
  int smVersion() const { return smVersion_; }
  int multiprocessorCount() const { return multiprocessorCount_; }
  const std::string &name() const { return name_; }

  /// Makes the context current on the calling thread (each thread that uses
  /// the default stream needs this once).
  Status makeCurrent() const;

private:
  CudaDevice() = default;

  CUdevice device_ = 0;
  CUcontext context_ = nullptr;
  int smVersion_ = 0;
  int multiprocessorCount_ = 0;
  std::string name_;
};

/// Where a CudaBuffer's memory lives.
enum class CudaMemoryKind : uint8_t {
  Device,     ///< cuMemAlloc: device only
  Managed,    ///< cuMemAllocManaged: host and device
  PinnedHost, ///< cuMemAllocHost: host memory the device can access
};

/// Memory of the current context, freed on destruction. A zero-byte buffer
/// holds no allocation (data() is nullptr).
class CudaBuffer {
public:
  static Result<CudaBuffer>
  allocate(size_t bytes, CudaMemoryKind kind = CudaMemoryKind::Device);

  CudaBuffer(CudaBuffer &&other) noexcept;
  CudaBuffer &operator=(CudaBuffer &&other) noexcept;
  CudaBuffer(const CudaBuffer &) = delete;
  CudaBuffer &operator=(const CudaBuffer &) = delete;
  ~CudaBuffer();

  /// The address as a pointer, as plans take it.
  void *data() const { return reinterpret_cast<void *>(address_); }
  CUdeviceptr address() const { return address_; }
  size_t bytes() const { return bytes_; }
  CudaMemoryKind kind() const { return kind_; }

  /// Copies and fill, synchronous with every stream of the buffer's context,
  /// blocking or not: each starts after all work queued in the context
  /// before the call and has finished when it returns (InvalidProblem when
  /// out of bounds; a fault of the earlier work is returned as its error).
  Status copyFromHost(const void *source, size_t bytes, size_t offset = 0);
  Status copyToHost(void *destination, size_t bytes, size_t offset = 0) const;
  Status fill(uint8_t byte);

private:
  CudaBuffer() = default;
  void release();

  CUdeviceptr address_ = 0;
  size_t bytes_ = 0;
  CudaMemoryKind kind_ = CudaMemoryKind::Device;
  /// The context current at allocation (the transfers run in it).
  CUcontext context_ = nullptr;
};

/// A CUDA stream of the current context, destroyed on destruction.
class CudaStream {
public:
  static Result<CudaStream> create();

  CudaStream(CudaStream &&other) noexcept;
  CudaStream &operator=(CudaStream &&other) noexcept;
  CudaStream(const CudaStream &) = delete;
  CudaStream &operator=(const CudaStream &) = delete;
  ~CudaStream();

  CUstream get() const { return stream_; }
  /// Waits for all work on the stream; reports faults of that work.
  Status synchronize() const;

private:
  CudaStream() = default;
  CUstream stream_ = nullptr;
};

/// A CUDA event for timing, destroyed on destruction.
class CudaEvent {
public:
  static Result<CudaEvent> create();

  CudaEvent(CudaEvent &&other) noexcept;
  CudaEvent &operator=(CudaEvent &&other) noexcept;
  CudaEvent(const CudaEvent &) = delete;
  CudaEvent &operator=(const CudaEvent &) = delete;
  ~CudaEvent();

  CUevent get() const { return event_; }
  Status record(CUstream stream) const;
  Status synchronize() const;
  /// Milliseconds between two recorded, completed events.
  static Result<float> elapsedMilliseconds(const CudaEvent &start,
                                           const CudaEvent &end);

private:
  CudaEvent() = default;
  CUevent event_ = nullptr;
};

} // namespace baracuda

#endif // BARACUDA_RUNTIME_CUDADEVICE_H
