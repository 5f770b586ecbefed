//===- CudaDriver.cpp - CUDA driver entry points loaded at run time -------===//

#include "baracuda/runtime/CudaDriver.h"

#include <dlfcn.h>

#include <atomic>
#include <mutex>

namespace baracuda {

namespace {

constexpr const char *kCudaDriverLibrary = "libcuda.so.1";

/// The outcome of the one load attempt of this process.
struct DriverLoadState {
  CudaDriver table;
  Status status;
  std::atomic<bool> loaded{false};
};

DriverLoadState &loadState() {
  // Leaked on purpose: kernels may still be queued at exit, and the table
  // must outlive every static destructor that could touch the driver.
  static DriverLoadState *state = new DriverLoadState();
  return *state;
}

void *lookUp(void *library, const char *symbol, const char *fallbackSymbol) {
  void *address = dlsym(library, symbol);
  if (!address && fallbackSymbol)
    address = dlsym(library, fallbackSymbol);
  return address;
}

Status loadDriver(CudaDriver &table) {
  // RTLD_LOCAL: the driver's symbols must not satisfy anyone else's lookups.
  void *library = dlopen(kCudaDriverLibrary, RTLD_NOW | RTLD_LOCAL);
  if (!library) {
    const char *reason = dlerror();
    return unsupported(std::string("CUDA driver not available: ") +
                       (reason ? reason : kCudaDriverLibrary));
  }
#define BARACUDA_LOAD_REQUIRED(member, symbol, fallbackSymbol)                 \
  table.member = reinterpret_cast<decltype(table.member)>(                     \
      lookUp(library, symbol, fallbackSymbol));                                \
  if (!table.member)                                                           \
    return unsupported(std::string("CUDA driver not available: ") +            \
                       kCudaDriverLibrary + " has no entry point " + symbol);
  BARACUDA_CUDA_DRIVER_REQUIRED_SYMBOLS(BARACUDA_LOAD_REQUIRED)
#undef BARACUDA_LOAD_REQUIRED
#define BARACUDA_LOAD_OPTIONAL(member, symbol, fallbackSymbol)                 \
  table.member = reinterpret_cast<decltype(table.member)>(                     \
      lookUp(library, symbol, fallbackSymbol));
  BARACUDA_CUDA_DRIVER_OPTIONAL_SYMBOLS(BARACUDA_LOAD_OPTIONAL)
#undef BARACUDA_LOAD_OPTIONAL

  CUresult result = table.cuInit(0);
  if (result != CUDA_SUCCESS)
    return cudaError(table, result, "CUDA driver not usable: cuInit",
                     StatusCode::Unsupported);
  return Status::success();
}

} // namespace

const CudaDriver *CudaDriver::get(Status *whyNot) {
  static std::once_flag once;
  DriverLoadState &state = loadState();
  std::call_once(once, [&state] {
    state.status = loadDriver(state.table);
    state.loaded.store(state.status.ok(), std::memory_order_release);
  });
  if (state.status.ok())
    return &state.table;
  if (whyNot)
    *whyNot = state.status;
  return nullptr;
}

const CudaDriver *CudaDriver::getIfAlreadyInProcess() {
  DriverLoadState &state = loadState();
  if (state.loaded.load(std::memory_order_acquire))
    return &state.table;
  // RTLD_NOLOAD only finds a library that is already mapped: no pointer can
  // be CUDA memory unless libcuda is in the process.
  void *library = dlopen(kCudaDriverLibrary, RTLD_NOW | RTLD_NOLOAD);
  if (!library)
    return nullptr;
  dlclose(library); // Drops the reference RTLD_NOLOAD added.
  return get();
}

std::string CudaDriver::errorString(CUresult result) const {
  const char *name = nullptr;
  const char *text = nullptr;
  if (cuGetErrorName(result, &name) != CUDA_SUCCESS || !name)
    name = "CUDA_ERROR_UNKNOWN";
  if (cuGetErrorString(result, &text) != CUDA_SUCCESS || !text)
    text = "unrecognized error code";
  return std::string(name) + " (" + text + ", code " +
         std::to_string(static_cast<int>(result)) + ")";
}

Status cudaError(const CudaDriver &driver, CUresult result,
                 const std::string &what, StatusCode code) {
  return Status(code, what + ": " + driver.errorString(result));
}

} // namespace baracuda
