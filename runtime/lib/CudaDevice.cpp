//===- CudaDevice.cpp - Small CUDA helpers for tests and tools ------------===//

#include "baracuda/runtime/CudaDevice.h"

#include "baracuda/runtime/CudaDriver.h"

#include <utility>

namespace baracuda {

namespace {

/// The loaded driver, or the Status saying why there is none.
Result<const CudaDriver *> driver() {
  Status whyNot;
  if (const CudaDriver *table = CudaDriver::get(&whyNot))
    return table;
  return whyNot;
}

} // namespace

std::optional<std::string> cudaUnavailableReason() {
  Result<const CudaDriver *> table = driver();
  if (!table) {
    // cuInit's NO_DEVICE means a driver without devices.
    const std::string &why = table.status().message();
    bool noDevice = why.find("CUDA_ERROR_NO_DEVICE") != std::string::npos;
    return std::string(noDevice ? "no CUDA device (" : "no CUDA driver (") +
           why + ")";
  }
  int count = 0;
  if (CUresult result = (*table)->cuDeviceGetCount(&count))
    return "no CUDA device (cuDeviceGetCount: " +
           (*table)->errorString(result) + ")";
  if (count == 0)
    return std::string("no CUDA device (cuDeviceGetCount returned 0)");
  return std::nullopt;
}

// --- CudaDevice --------------------------------------------------------===//

Result<CudaDevice> CudaDevice::open(int ordinal) {
  Result<const CudaDriver *> table = driver();
  if (!table)
    return table.status();
  const CudaDriver &cu = **table;
  CudaDevice device;
  if (CUresult result = cu.cuDeviceGet(&device.device_, ordinal))
    return cudaError(cu, result, "cuDeviceGet(" + std::to_string(ordinal) + ")",
                     StatusCode::Unsupported);
  if (CUresult result =
          cu.cuDevicePrimaryCtxRetain(&device.context_, device.device_))
    return cudaError(cu, result, "cuDevicePrimaryCtxRetain");
  // From here on ~CudaDevice releases the context on every return.
  int major = 0, minor = 0;
  char name[256] = {};
  if (CUresult result = cu.cuDeviceGetAttribute(
          &major, CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR, device.device_))
    return cudaError(cu, result, "cuDeviceGetAttribute(major)");
  if (CUresult result = cu.cuDeviceGetAttribute(
          &minor, CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR, device.device_))
    return cudaError(cu, result, "cuDeviceGetAttribute(minor)");
  if (CUresult result = cu.cuDeviceGetAttribute(
          &device.multiprocessorCount_,
          CU_DEVICE_ATTRIBUTE_MULTIPROCESSOR_COUNT, device.device_))
    return cudaError(cu, result, "cuDeviceGetAttribute(multiprocessors)");
  if (CUresult result =
          cu.cuDeviceGetName(name, sizeof(name) - 1, device.device_))
    return cudaError(cu, result, "cuDeviceGetName");
  device.smVersion_ = 10 * major + minor;
  device.name_ = name;
  Status current = device.makeCurrent();
  if (!current.ok())
    return current;
  return Result<CudaDevice>(std::move(device));
}

CudaDevice::CudaDevice(CudaDevice &&other) noexcept
    : device_(other.device_), context_(std::exchange(other.context_, nullptr)),
      smVersion_(other.smVersion_),
      multiprocessorCount_(other.multiprocessorCount_),
      name_(std::move(other.name_)) {}

CudaDevice &CudaDevice::operator=(CudaDevice &&other) noexcept {
  if (this != &other) {
    if (context_)
      (void)CudaDriver::get()->cuDevicePrimaryCtxRelease(device_);
    device_ = other.device_;
    context_ = std::exchange(other.context_, nullptr);
    smVersion_ = other.smVersion_;
    multiprocessorCount_ = other.multiprocessorCount_;
    name_ = std::move(other.name_);
  }
  return *this;
}

CudaDevice::~CudaDevice() {
  if (context_)
    (void)CudaDriver::get()->cuDevicePrimaryCtxRelease(device_);
}

Status CudaDevice::makeCurrent() const {
  const CudaDriver &cu = *CudaDriver::get();
  if (CUresult result = cu.cuCtxSetCurrent(context_))
    return cudaError(cu, result, "cuCtxSetCurrent");
  return Status::success();
}

// --- CudaBuffer --------------------------------------------------------===//

Result<CudaBuffer> CudaBuffer::allocate(size_t bytes, CudaMemoryKind kind) {
  Result<const CudaDriver *> table = driver();
  if (!table)
    return table.status();
  const CudaDriver &cu = **table;
  CudaBuffer buffer;
  buffer.kind_ = kind;
  if (bytes == 0)
    return Result<CudaBuffer>(std::move(buffer));
  if (CUresult result = cu.cuCtxGetCurrent(&buffer.context_))
    return cudaError(cu, result, "cuCtxGetCurrent");
  CUresult result = CUDA_SUCCESS;
  switch (kind) {
  case CudaMemoryKind::Device:
    result = cu.cuMemAlloc(&buffer.address_, bytes);
    break;
  case CudaMemoryKind::Managed:
    result =
        cu.cuMemAllocManaged(&buffer.address_, bytes, CU_MEM_ATTACH_GLOBAL);
    break;
  case CudaMemoryKind::PinnedHost: {
    void *host = nullptr;
    result = cu.cuMemAllocHost(&host, bytes);
    buffer.address_ = reinterpret_cast<CUdeviceptr>(host);
    break;
  }
  }
  if (result != CUDA_SUCCESS)
    return cudaError(cu, result,
                     "allocating " + std::to_string(bytes) +
                         " bytes of CUDA "
                         "memory");
  buffer.bytes_ = bytes;
  return Result<CudaBuffer>(std::move(buffer));
}

CudaBuffer::CudaBuffer(CudaBuffer &&other) noexcept
    : address_(std::exchange(other.address_, 0)),
      bytes_(std::exchange(other.bytes_, 0)), kind_(other.kind_),
      context_(std::exchange(other.context_, nullptr)) {}

CudaBuffer &CudaBuffer::operator=(CudaBuffer &&other) noexcept {
  if (this != &other) {
    release();
    address_ = std::exchange(other.address_, 0);
    bytes_ = std::exchange(other.bytes_, 0);
    kind_ = other.kind_;
    context_ = std::exchange(other.context_, nullptr);
  }
  return *this;
}

CudaBuffer::~CudaBuffer() { release(); }

void CudaBuffer::release() {
  if (!address_)
    return;
  const CudaDriver &cu = *CudaDriver::get();
  if (kind_ == CudaMemoryKind::PinnedHost)
    (void)cu.cuMemFreeHost(reinterpret_cast<void *>(address_));
  else
    (void)cu.cuMemFree(address_);
  address_ = 0;
  bytes_ = 0;
}

namespace {
Status checkRange(size_t offset, size_t bytes, size_t size) {
  if (offset > size || bytes > size - offset)
    return invalidProblem("CUDA buffer access [" + std::to_string(offset) +
                          ", " + std::to_string(offset + bytes) +
                          ") exceeds its " + std::to_string(size) + " bytes");
  return Status::success();
}

/// Runs `transfer` (a copy or memset of the legacy default stream) in
/// `context`, after all work queued there before it and finished before
/// returning. The legacy stream does not wait for non-blocking streams (as
/// plans' callers and baracuda-run use), nor they for it, and a copy from
/// pageable memory or a memset may still be under way when the call
/// returns: without both waits a kernel on such a stream can read inputs
/// before their upload lands, and a poison fill can land after the kernel's
/// output (seen on an H200 with eight processes sharing the GPU).
template <typename Transfer>
Status synchronousTransfer(CUcontext context, const char *what,
                           Transfer transfer) {
  const CudaDriver &cu = *CudaDriver::get();
  if (CUresult result = cu.cuCtxPushCurrent(context))
    return cudaError(cu, result, "cuCtxPushCurrent");
  CUresult result = cu.cuCtxSynchronize();
  const char *failed = "cuCtxSynchronize (work before the transfer)";
  if (result == CUDA_SUCCESS) {
    result = transfer(cu);
    failed = what;
  }
  if (result == CUDA_SUCCESS) {
    result = cu.cuCtxSynchronize();
    failed = "cuCtxSynchronize (the transfer)";
  }
  CUcontext popped = nullptr;
  CUresult popResult = cu.cuCtxPopCurrent(&popped);
  if (result != CUDA_SUCCESS)
    return cudaError(cu, result, failed);
  if (popResult != CUDA_SUCCESS)
    return cudaError(cu, popResult, "cuCtxPopCurrent");
  return Status::success();
}
} // namespace

Status CudaBuffer::copyFromHost(const void *source, size_t bytes,
                                size_t offset) {
  Status range = checkRange(offset, bytes, bytes_);
  if (!range.ok() || bytes == 0)
    return range;
  return synchronousTransfer(
      context_, "cuMemcpyHtoD", [&](const CudaDriver &cu) {
        return cu.cuMemcpyHtoD(address_ + offset, source, bytes);
      });
}

Status CudaBuffer::copyToHost(void *destination, size_t bytes,
                              size_t offset) const {
  Status range = checkRange(offset, bytes, bytes_);
  if (!range.ok() || bytes == 0)
    return range;
  return synchronousTransfer(
      context_, "cuMemcpyDtoH", [&](const CudaDriver &cu) {
        return cu.cuMemcpyDtoH(destination, address_ + offset, bytes);
      });
}

Status CudaBuffer::fill(uint8_t byte) {
  if (bytes_ == 0)
    return Status::success();
  return synchronousTransfer(context_, "cuMemsetD8",
                             [&](const CudaDriver &cu) {
                               return cu.cuMemsetD8(address_, byte, bytes_);
                             });
}

// --- CudaStream --------------------------------------------------------===//

Result<CudaStream> CudaStream::create() {
  Result<const CudaDriver *> table = driver();
  if (!table)
    return table.status();
  CudaStream stream;
  if (CUresult result =
          (*table)->cuStreamCreate(&stream.stream_, CU_STREAM_NON_BLOCKING))
    return cudaError(**table, result, "cuStreamCreate");
  return Result<CudaStream>(std::move(stream));
}

CudaStream::CudaStream(CudaStream &&other) noexcept
    : stream_(std::exchange(other.stream_, nullptr)) {}

CudaStream &CudaStream::operator=(CudaStream &&other) noexcept {
  if (this != &other) {
    if (stream_)
      (void)CudaDriver::get()->cuStreamDestroy(stream_);
    stream_ = std::exchange(other.stream_, nullptr);
  }
  return *this;
}

CudaStream::~CudaStream() {
  if (stream_)
    (void)CudaDriver::get()->cuStreamDestroy(stream_);
}

Status CudaStream::synchronize() const {
  const CudaDriver &cu = *CudaDriver::get();
  if (CUresult result = cu.cuStreamSynchronize(stream_))
    return cudaError(cu, result, "cuStreamSynchronize");
  return Status::success();
}

// --- CudaEvent ---------------------------------------------------------===//

Result<CudaEvent> CudaEvent::create() {
  Result<const CudaDriver *> table = driver();
  if (!table)
    return table.status();
  CudaEvent event;
  if (CUresult result =
          (*table)->cuEventCreate(&event.event_, CU_EVENT_DEFAULT))
    return cudaError(**table, result, "cuEventCreate");
  return Result<CudaEvent>(std::move(event));
}

CudaEvent::CudaEvent(CudaEvent &&other) noexcept
    : event_(std::exchange(other.event_, nullptr)) {}

CudaEvent &CudaEvent::operator=(CudaEvent &&other) noexcept {
  if (this != &other) {
    if (event_)
      (void)CudaDriver::get()->cuEventDestroy(event_);
    event_ = std::exchange(other.event_, nullptr);
  }
  return *this;
}

CudaEvent::~CudaEvent() {
  if (event_)
    (void)CudaDriver::get()->cuEventDestroy(event_);
}

Status CudaEvent::record(CUstream stream) const {
  const CudaDriver &cu = *CudaDriver::get();
  if (CUresult result = cu.cuEventRecord(event_, stream))
    return cudaError(cu, result, "cuEventRecord");
  return Status::success();
}

Status CudaEvent::synchronize() const {
  const CudaDriver &cu = *CudaDriver::get();
  if (CUresult result = cu.cuEventSynchronize(event_))
    return cudaError(cu, result, "cuEventSynchronize");
  return Status::success();
}

Result<float> CudaEvent::elapsedMilliseconds(const CudaEvent &start,
                                             const CudaEvent &end) {
  const CudaDriver &cu = *CudaDriver::get();
  float milliseconds = 0;
  if (CUresult result =
          cu.cuEventElapsedTime(&milliseconds, start.event_, end.event_))
    return cudaError(cu, result, "cuEventElapsedTime");
  return milliseconds;
}

} // namespace baracuda
