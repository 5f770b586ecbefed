//===- CudaDriver.cpp - CUDA driver entry points loaded at run time -------===//

#include "baracuda/runtime/CudaDriver.h"

#include <dlfcn.h>
#include <link.h>

#include <pthread.h>

#include <atomic>
#include <cstring>
#include <mutex>

namespace baracuda {

namespace {

constexpr const char *kCudaDriverLibrary = "libcuda.so.1";

/// The driver table and what this process knows about the driver. The table
/// is filled once (dlopen + dlsym); cuInit is a separate step that only
/// get() takes, so the CPU backend can consult a libcuda someone else mapped
/// without initializing it.
struct DriverLoadState {
  CudaDriver table;
  std::mutex mutex; ///< Serializes loading and cuInit.
  bool tableTried = false;
  Status tableStatus;
  std::atomic<bool> tableLoaded{false};
  bool initTried = false;
  Status initStatus;
  std::atomic<bool> initialized{false}; ///< get() succeeded.
  /// Some code (us or anyone) initialized the driver in this process.
  std::atomic<bool> driverInitializedHere{false};
  /// A parent initialized the driver and then forked this process: CUDA
  /// memory of the parent's may be mapped here, and the driver's calls fail.
  std::atomic<bool> inheritedInitializedDriver{false};
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

Status fillTable(void *library, CudaDriver &table) {
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
  return Status::success();
}

/// Fills the table once (caller holds the mutex). With `onlyIfMapped`, a
/// libcuda.so.1 that is not in the process yet is not loaded, and the
/// attempt does not count (a later get() loads it).
bool loadTableLocked(DriverLoadState &state, bool onlyIfMapped) {
  if (state.tableTried)
    return state.tableStatus.ok();
  // RTLD_LOCAL: the driver's symbols must not satisfy anyone else's lookups.
  int flags = RTLD_NOW | RTLD_LOCAL | (onlyIfMapped ? RTLD_NOLOAD : 0);
  void *library = dlopen(kCudaDriverLibrary, flags);
  if (!library && onlyIfMapped)
    return false;
  state.tableTried = true;
  if (!library) {
    const char *reason = dlerror();
    state.tableStatus = unsupported(std::string("CUDA driver not available: ") +
                                    (reason ? reason : kCudaDriverLibrary));
    return false;
  }
  state.tableStatus = fillTable(library, state.table);
  state.tableLoaded.store(state.tableStatus.ok(), std::memory_order_release);
  return state.tableStatus.ok();
}

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

/// The table if libcuda.so.1 is in the process (never loads it, never calls
/// cuInit), else nullptr.
const CudaDriver *tableIfMapped() {
  DriverLoadState &state = loadState();
  if (state.tableLoaded.load(std::memory_order_acquire))
    return &state.table;
  // Asked on every CPU run: scan the loaded objects only when the loader has
  // loaded something since the last scan that found no libcuda.
  static std::atomic<unsigned long long> scannedAtAdditions{~0ull};
  unsigned long long additions = loaderAdditions();
  if (additions == scannedAtAdditions.load(std::memory_order_relaxed))
    return nullptr;
  if (!libcudaIsLoaded()) {
    scannedAtAdditions.store(additions, std::memory_order_relaxed);
    return nullptr;
  }
  std::lock_guard<std::mutex> lock(state.mutex);
  if (!loadTableLocked(state, /*onlyIfMapped=*/true)) {
    scannedAtAdditions.store(additions, std::memory_order_relaxed);
    return nullptr;
  }
  return &state.table;
}

/// Whether the driver is initialized in this process, without initializing
/// it: cuDeviceGetCount answers CUDA_ERROR_NOT_INITIALIZED before cuInit.
bool driverInitialized(DriverLoadState &state, const CudaDriver &table) {
  if (state.driverInitializedHere.load(std::memory_order_relaxed))
    return true;
  int count = 0;
  if (table.cuDeviceGetCount(&count) != CUDA_SUCCESS)
    return false; // Not initialized, or a driver that cannot be (a stub).
  state.driverInitializedHere.store(true, std::memory_order_relaxed);
  return true;
}

// fork(): a child of a process that initialized CUDA inherits its mappings
// (device pointers stay valid numbers) but not a usable driver, so the CPU
// backend must keep treating pointers it cannot classify as unknown there.
std::atomic<bool> forkingWithInitializedDriver{false};

void beforeFork() {
  DriverLoadState &state = loadState();
  bool initialized = state.inheritedInitializedDriver.load();
  if (!initialized)
    if (const CudaDriver *table = tableIfMapped())
      initialized = driverInitialized(state, *table);
  forkingWithInitializedDriver.store(initialized);
}

void inForkedChild() {
  if (forkingWithInitializedDriver.load())
    loadState().inheritedInitializedDriver.store(true);
}

[[maybe_unused]] const int kForkHandlersRegistered =
    pthread_atfork(beforeFork, nullptr, inForkedChild);

} // namespace

const CudaDriver *CudaDriver::get(Status *whyNot) {
  DriverLoadState &state = loadState();
  if (state.initialized.load(std::memory_order_acquire))
    return &state.table;
  std::lock_guard<std::mutex> lock(state.mutex);
  if (!loadTableLocked(state, /*onlyIfMapped=*/false)) {
    if (whyNot)
      *whyNot = state.tableStatus;
    return nullptr;
  }
  if (!state.initTried) {
    state.initTried = true;
    if (CUresult result = state.table.cuInit(0))
      state.initStatus =
          cudaError(state.table, result, "CUDA driver not usable: cuInit",
                    StatusCode::Unsupported);
    state.initialized.store(state.initStatus.ok(), std::memory_order_release);
    if (state.initStatus.ok())
      state.driverInitializedHere.store(true, std::memory_order_relaxed);
  }
  if (state.initStatus.ok())
    return &state.table;
  if (whyNot)
    *whyNot = state.initStatus;
  return nullptr;
}

const CudaDriver *CudaDriver::getIfCudaMemoryCanExist() {
  const CudaDriver *table = tableIfMapped();
  if (!table)
    return nullptr;
  DriverLoadState &state = loadState();
  if (state.inheritedInitializedDriver.load(std::memory_order_relaxed) ||
      driverInitialized(state, *table))
    return table;
  return nullptr;
}

std::string CudaDriver::errorString(CUresult result) const {
  std::string code = std::to_string(static_cast<int>(result));
  const char *name = nullptr;
  const char *text = nullptr;
  // A code the driver does not name gets its number, never the name of
  // another code (CUDA_ERROR_UNKNOWN is the real code 999).
  if (cuGetErrorName(result, &name) != CUDA_SUCCESS || !name)
    return "CUDA error " + code + " (unknown to this driver)";
  if (cuGetErrorString(result, &text) != CUDA_SUCCESS || !text)
    text = "no description";
  return std::string(name) + " (" + text + ", code " + code + ")";
}

Result<uint64_t> cudaContextId(const CudaDriver &driver, CUcontext context) {
  if (!driver.cuCtxGetId)
    return unsupported(
        "the CUDA backend needs cuCtxGetId (a CUDA 12.0 or newer driver) to "
        "tell contexts apart; this driver lacks it (the CPU backend works)");
  unsigned long long id = 0;
  if (CUresult result = driver.cuCtxGetId(context, &id))
    return cudaError(driver, result, "cuCtxGetId of the stream's context");
  return uint64_t{id};
}

Status cudaError(const CudaDriver &driver, CUresult result,
                 const std::string &what, StatusCode code) {
  return Status(code, what + ": " + driver.errorString(result));
}

} // namespace baracuda
