//===- CudaDriver.cpp - CUDA driver entry points loaded at run time -------===//

#include "baracuda/runtime/CudaDriver.h"

#include <dlfcn.h>
#include <link.h>

#include <atomic>
#include <cstring>
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

namespace {

/// How many objects the dynamic loader has loaded so far (dlpi_adds only
/// grows): reading it stops at the first object, so it is cheap.
unsigned long long loaderAdditions() {
  unsigned long long additions = 0;
  dl_iterate_phdr(
      [](dl_phdr_info *info, size_t, void *data) {
        *static_cast<unsigned long long *>(data) = info->dlpi_adds;
        return 1;
      },
      &additions);
  return additions;
}

/// Whether an object named libcuda.so* is loaded. (dlopen with RTLD_NOLOAD
/// would answer too, but it probes the file system on every call.)
bool libcudaIsLoaded() {
  bool found = false;
  dl_iterate_phdr(
      [](dl_phdr_info *info, size_t, void *data) {
        const char *name = info->dlpi_name ? info->dlpi_name : "";
        const char *slash = std::strrchr(name, '/');
        const char *base = slash ? slash + 1 : name;
        if (std::strncmp(base, "libcuda.so", 10) != 0)
          return 0;
        *static_cast<bool *>(data) = true;
        return 1;
      },
      &found);
  return found;
}

} // namespace

const CudaDriver *CudaDriver::getIfAlreadyInProcess() {
  DriverLoadState &state = loadState();
  if (state.loaded.load(std::memory_order_acquire))
    return &state.table;
  // CPU plans ask on every run: scan the loaded objects only when the loader
  // has loaded something since the last scan that found no libcuda.
  static std::atomic<unsigned long long> scannedAtAdditions{~0ull};
  unsigned long long additions = loaderAdditions();
  if (additions == scannedAtAdditions.load(std::memory_order_relaxed))
    return nullptr;
  if (!libcudaIsLoaded()) {
    scannedAtAdditions.store(additions, std::memory_order_relaxed);
    return nullptr;
  }
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
