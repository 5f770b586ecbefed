//===- KernelLibrary.cpp - Where plans get their kernels from -------------===//

#include "baracuda/runtime/KernelLibrary.h"

#include "BuiltinCpuKernels.h"
#include "KernelCatalog.h"
#include "ScopedCudaContext.h"

#include "baracuda/Support/EmbeddedCudaImage.h"
#include "baracuda/Support/KernelAbi.h"
#include "baracuda/runtime/CudaDriver.h"

#include <dlfcn.h>

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <shared_mutex>
#include <unordered_map>
#include <utility>

namespace baracuda {

namespace {

enum class CudaSource { None, Embedded, ExternalImage };

std::string smName(int smVersion) { return "sm_" + std::to_string(smVersion); }

ArchSku archOf(int smVersion) {
  return smVersion >= 90 ? ArchSku::Sm90 : ArchSku::Sm80;
}

/// Rank of an image format when two images target the same chip: a fatbin
/// (cubin + PTX) beats a bare cubin, which beats PTX that must be JIT-ed.
int formatRank(const char *format) {
  if (std::strcmp(format, "fatbin") == 0)
    return 2;
  if (std::strcmp(format, "bin") == 0)
    return 1;
  return 0;
}

/// The embedded image of the kernel module with the largest sm version not
/// above the device's, or null.
const EmbeddedCudaImage *pickEmbeddedImage(int deviceSmVersion) {
  const EmbeddedCudaImage *best = nullptr;
  for (size_t i = 0; i < kNumEmbeddedCudaImages; ++i) {
    const EmbeddedCudaImage &image = kEmbeddedCudaImages[i];
    if (std::strcmp(image.module, kGpuKernelModuleName) != 0 ||
        image.smVersion > deviceSmVersion)
      continue;
    if (!best || image.smVersion > best->smVersion ||
        (image.smVersion == best->smVersion &&
         formatRank(image.format) > formatRank(best->format)))
      best = &image;
  }
  return best;
}

/// Peak DRAM bandwidth of `device` (bytes per second, double data rate),
/// or 0 where the driver does not report its memory clock or bus width:
/// only a kernel choice depends on it.
double peakMemoryBytesPerSecond(const CudaDriver &driver, CUdevice device) {
  int clockKHz = 0, busBits = 0;
  if (driver.cuDeviceGetAttribute(&clockKHz,
                                  CU_DEVICE_ATTRIBUTE_MEMORY_CLOCK_RATE,
                                  device) != CUDA_SUCCESS ||
      driver.cuDeviceGetAttribute(
          &busBits, CU_DEVICE_ATTRIBUTE_GLOBAL_MEMORY_BUS_WIDTH, device) !=
          CUDA_SUCCESS)
    return 0;
  return 2.0 * 1e3 * clockKHz * (busBits / 8.0);
}

/// Whether plans launch ring variants on a device of this bandwidth and
/// these SMs: BARACUDA_ASYNC_RINGS "on" / "off" decides for every device
/// (benchmarks and tests run both variants on one GPU with it); unset or
/// anything else, KernelAbi.h's rule.
bool launchesAsyncRings(double memoryBytesPerSecond, int multiprocessors) {
  if (const char *forced = std::getenv("BARACUDA_ASYNC_RINGS")) {
    if (std::strcmp(forced, "on") == 0)
      return true;
    if (std::strcmp(forced, "off") == 0)
      return false;
  }
  return familyPrefersAsyncRings(memoryBytesPerSecond, multiprocessors);
}

/// Whether plans launch 32-bit variants: BARACUDA_INDEX32_VARIANTS "off"
/// says no for every device; unset or anything else, yes where a launch
/// fits them.
bool launchesIndex32Variants() {
  const char *forced = std::getenv("BARACUDA_INDEX32_VARIANTS");
  return !(forced && std::strcmp(forced, "off") == 0);
}

std::string embeddedImageList() {
  std::string list;
  for (size_t i = 0; i < kNumEmbeddedCudaImages; ++i) {
    if (std::strcmp(kEmbeddedCudaImages[i].module, kGpuKernelModuleName) != 0)
      continue;
    list +=
        (list.empty() ? "" : ", ") + smName(kEmbeddedCudaImages[i].smVersion);
  }
  return list.empty() ? "none" : list;
}

} // namespace

// Hidden: an implementation detail of the exported class.
struct __attribute__((visibility("hidden"))) KernelLibrary::Impl {
  std::string description;

  CudaSource cudaSource = CudaSource::None;
  /// The external image, NUL-terminated so PTX text loads as-is.
  std::vector<unsigned char> image;

  /// Indexed by KernelId; nullptr where the library lacks that CPU kernel.
  std::vector<void *> cpuKernels;
  void *sharedObject = nullptr;

  /// One context's module: loaded once, under the slot's own mutex, so a
  /// slow first load (a PTX JIT can take seconds) blocks only callers in
  /// that context. A failed load is remembered for the context's life.
  struct ModuleSlot {
    CUcontext context = nullptr;
    uint64_t contextId = 0;
    std::mutex loadMutex;
    std::atomic<bool> done{false};
    Status failure;
    std::unique_ptr<LoadedCudaModule> module;
  };
  /// Keyed by context id (cuCtxGetId: unique for the process lifetime, so a
  /// context created at a freed context's address never gets a stale
  /// module). Lookups share the lock; inserting a context takes it alone.
  /// A slot outlives its context until the library is dropped: telling
  /// whether another thread's context still exists would take a driver call
  /// on its handle, and CUDA forbids any call on a context while a thread
  /// destroys it (such a probe crashed one in ~10 runs of
  /// CudaLifecycleTest's threads on an H200).
  mutable std::shared_mutex slotsMutex;
  mutable std::unordered_map<uint64_t, std::shared_ptr<ModuleSlot>> slots;
  /// Unique per library for the process lifetime (an address is not: a new
  /// library may reuse a freed one's), the key of the per-thread cache.
  const uint64_t serial = nextSerial();

  static uint64_t nextSerial() {
    static std::atomic<uint64_t> counter{0};
    return ++counter;
  }

  bool hasCpuKernels() const {
    for (void *kernel : cpuKernels)
      if (kernel)
        return true;
    return false;
  }

  Result<std::unique_ptr<LoadedCudaModule>> load(const CudaDriver &driver,
                                                 CUcontext context) const;
};

Result<std::unique_ptr<LoadedCudaModule>>
KernelLibrary::Impl::load(const CudaDriver &driver, CUcontext context) const {
  ScopedCudaContext scoped(driver, context);
  if (scoped.result() != CUDA_SUCCESS)
    return cudaError(driver, scoped.result(),
                     "cannot make the stream's CUDA context current");
  CUdevice device = 0;
  if (CUresult result = driver.cuCtxGetDevice(&device))
    return cudaError(driver, result, "cuCtxGetDevice");
  int major = 0, minor = 0, multiprocessors = 0;
  if (CUresult result = driver.cuDeviceGetAttribute(
          &major, CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR, device))
    return cudaError(driver, result, "cuDeviceGetAttribute(major)");
  if (CUresult result = driver.cuDeviceGetAttribute(
          &minor, CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR, device))
    return cudaError(driver, result, "cuDeviceGetAttribute(minor)");
  if (CUresult result = driver.cuDeviceGetAttribute(
          &multiprocessors, CU_DEVICE_ATTRIBUTE_MULTIPROCESSOR_COUNT, device))
    return cudaError(driver, result,
                     "cuDeviceGetAttribute(multiprocessor count)");

  auto loaded = std::make_unique<LoadedCudaModule>();
  loaded->deviceOrdinal = static_cast<int>(device);
  loaded->deviceSmVersion = 10 * major + minor;
  loaded->multiprocessorCount = multiprocessors;
  loaded->memoryBytesPerSecond = peakMemoryBytesPerSecond(driver, device);
  loaded->fastMemory = familyHasFastMemory(loaded->memoryBytesPerSecond,
                                           loaded->multiprocessorCount);
  loaded->launchesAsyncRings = launchesAsyncRings(
      loaded->memoryBytesPerSecond, loaded->multiprocessorCount);
  loaded->launchesIndex32Variants = launchesIndex32Variants();

  const void *imageData = nullptr;
  std::string imageName;
  if (cudaSource == CudaSource::Embedded) {
    const EmbeddedCudaImage *picked =
        pickEmbeddedImage(loaded->deviceSmVersion);
    if (!picked)
      return unsupported("no embedded CUDA image of module " +
                         std::string(kGpuKernelModuleName) + " fits " +
                         smName(loaded->deviceSmVersion) +
                         " (images need an sm version <= the device's; the "
                         "runtime has: " +
                         embeddedImageList() + ")");
    imageData = picked->data;
    imageName =
        std::string("the embedded ") + picked->format + " for " + picked->chip;
    loaded->arch = archOf(picked->smVersion);
  } else {
    imageData = image.data();
    imageName = description;
    loaded->arch = archOf(loaded->deviceSmVersion);
  }

  if (CUresult result = driver.cuModuleLoadData(&loaded->module, imageData)) {
    // No code for this chip (or PTX too new for the driver) is a capability
    // gap, not a malfunction.
    StatusCode code = result == CUDA_ERROR_NO_BINARY_FOR_GPU ||
                              result == CUDA_ERROR_UNSUPPORTED_PTX_VERSION
                          ? StatusCode::Unsupported
                          : StatusCode::Internal;
    return cudaError(driver, result,
                     "cuModuleLoadData of " + imageName + " on " +
                         smName(loaded->deviceSmVersion),
                     code);
  }

  const std::vector<KernelCatalogEntry> &catalog = kernelCatalog();
  loaded->functions.assign(catalog.size(), nullptr);
  loaded->residentBlocksPerMultiprocessor.assign(catalog.size(), 1);
  for (size_t id = 0; id < catalog.size(); ++id) {
    CUresult result = driver.cuModuleGetFunction(
        &loaded->functions[id], loaded->module, catalog[id].gpuName.c_str());
    if (result == CUDA_ERROR_NOT_FOUND) {
      loaded->functions[id] = nullptr; // This module lacks that kernel.
      continue;
    }
    if (result != CUDA_SUCCESS) {
      Status status = cudaError(driver, result,
                                "cuModuleGetFunction(" + catalog[id].gpuName +
                                    ") in " + imageName);
      (void)driver.cuModuleUnload(loaded->module);
      return status;
    }
    // The kernel must have been built for the block its catalog entry
    // launches it with (gpu.known_block_size, PTX .maxntid). Built for a
    // smaller one, every launch would fail (more threads than .maxntid);
    // built for a larger one, it would run with registers, shared memory
    // and grids sized for different blocks (its loops use the actual block,
    // so its results would hold). Either way the image was compiled from
    // another QuantizeFamily.def (a prebuilt kernel directory, a user's
    // image): refused here, naming the kernel, rather than at its first
    // launch or silently untuned.
    int maxThreads = 0;
    if (CUresult result = driver.cuFuncGetAttribute(
            &maxThreads, CU_FUNC_ATTRIBUTE_MAX_THREADS_PER_BLOCK,
            loaded->functions[id])) {
      Status status = cudaError(driver, result,
                                "cuFuncGetAttribute(" + catalog[id].gpuName +
                                    ", MAX_THREADS_PER_BLOCK) in " + imageName);
      (void)driver.cuModuleUnload(loaded->module);
      return status;
    }
    if (maxThreads != catalog[id].threadsPerBlock) {
      (void)driver.cuModuleUnload(loaded->module);
      return internalError(
          "kernel " + catalog[id].gpuName + " in " + imageName +
          " takes blocks of up to " + std::to_string(maxThreads) +
          " threads; the runtime launches it with " +
          std::to_string(catalog[id].threadsPerBlock) +
          " (QuantizeFamily.def's BARACUDA_QF_THREADS_PER_BLOCK_<op>): the "
          "image was compiled for another block size");
    }
    int blocks = 0;
    if (CUresult result = driver.cuOccupancyMaxActiveBlocksPerMultiprocessor(
            &blocks, loaded->functions[id], catalog[id].threadsPerBlock,
            /*dynamicSMemSize=*/0)) {
      Status status = cudaError(driver, result,
                                "cuOccupancyMaxActiveBlocksPerMultiprocessor(" +
                                    catalog[id].gpuName + ") in " + imageName);
      (void)driver.cuModuleUnload(loaded->module);
      return status;
    }
    loaded->residentBlocksPerMultiprocessor[id] = std::max(blocks, 1);
  }
  return Result<std::unique_ptr<LoadedCudaModule>>(std::move(loaded));
}

KernelLibrary::KernelLibrary(std::unique_ptr<Impl> impl)
    : impl_(std::move(impl)) {}

namespace {

/// Whether the context a slot was loaded in still exists: its handle answers
/// with the same id (a destroyed context's handle fails, or names a newer
/// context created at the same address). Only for the library's destructor:
/// the caller drops a library while no thread destroys a context it ran in,
/// as CUDA asks of cuModuleUnload.
bool contextAlive(const CudaDriver &driver, CUcontext context, uint64_t id) {
  unsigned long long current = 0;
  return driver.cuCtxGetId &&
         driver.cuCtxGetId(context, &current) == CUDA_SUCCESS && current == id;
}

} // namespace

KernelLibrary::~KernelLibrary() {
  // Only modules of live contexts are unloaded: a destroyed context took its
  // modules with it, and unloading one of those crashes inside the driver.
  if (impl_->cudaSource == CudaSource::ExternalImage && !impl_->slots.empty())
    if (const CudaDriver *driver = CudaDriver::get())
      for (auto &[id, slot] : impl_->slots) {
        if (!slot->done.load() || !slot->module ||
            !contextAlive(*driver, slot->context, id))
          continue;
        ScopedCudaContext scoped(*driver, slot->context);
        if (scoped.result() == CUDA_SUCCESS)
          (void)driver->cuModuleUnload(slot->module->module);
      }
  if (impl_->sharedObject)
    dlclose(impl_->sharedObject);
}

std::string KernelLibrary::builtinCpuKernelSet() {
  return baracuda::builtinCpuKernelSet().name;
}

std::shared_ptr<const KernelLibrary> KernelLibrary::builtin() {
  // Leaked on purpose: its modules must stay valid for kernels queued by
  // static destructors, and unloading at exit races driver teardown.
  static const auto *library = new std::shared_ptr<const KernelLibrary>([] {
    auto impl = std::make_unique<Impl>();
    impl->description = "builtin";
    impl->cudaSource = CudaSource::Embedded;
    const std::vector<KernelCatalogEntry> &catalog = kernelCatalog();
    impl->cpuKernels.assign(catalog.size(), nullptr);
    if (!builtinCpuKernels()) {
      // No CPU kernels: select() says so, with the reason.
      impl->description += " (" + baracuda::builtinCpuKernelSet().error + ")";
      return std::shared_ptr<const KernelLibrary>(
          new KernelLibrary(std::move(impl)));
    }
    for (size_t id = 0; id < catalog.size(); ++id)
      for (size_t k = 0; k < numBuiltinCpuKernels(); ++k)
        if (catalog[id].cpuSymbol == builtinCpuKernels()[k].symbol)
          impl->cpuKernels[id] = builtinCpuKernels()[k].entryPoint;
    return std::shared_ptr<const KernelLibrary>(
        new KernelLibrary(std::move(impl)));
  }());
  return *library;
}

Result<std::shared_ptr<const KernelLibrary>>
KernelLibrary::fromCudaImage(const void *data, size_t bytes) {
  if (!data || bytes == 0)
    return invalidProblem("a CUDA image needs at least one byte (got " +
                          std::to_string(bytes) + " bytes at " +
                          (data ? "a valid pointer" : "nullptr") + ")");
  auto impl = std::make_unique<Impl>();
  const auto *begin = static_cast<const unsigned char *>(data);
  impl->image.assign(begin, begin + bytes);
  impl->image.push_back(0);
  impl->description = "CUDA image (" + std::to_string(bytes) + " bytes)";
  impl->cudaSource = CudaSource::ExternalImage;
  impl->cpuKernels.assign(kernelCatalog().size(), nullptr);
  return std::shared_ptr<const KernelLibrary>(
      new KernelLibrary(std::move(impl)));
}

Result<std::shared_ptr<const KernelLibrary>>
KernelLibrary::fromCpuSharedObject(const std::string &path) {
  void *object = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (!object) {
    const char *reason = dlerror();
    return unsupported("cannot load CPU kernels from " + path + ": " +
                       (reason ? reason : "dlopen failed"));
  }
  auto impl = std::make_unique<Impl>();
  impl->description = "CPU shared object " + path;
  impl->sharedObject = object;
  const std::vector<KernelCatalogEntry> &catalog = kernelCatalog();
  impl->cpuKernels.assign(catalog.size(), nullptr);
  for (size_t id = 0; id < catalog.size(); ++id)
    if (!catalog[id].cpuSymbol.empty())
      impl->cpuKernels[id] = dlsym(object, catalog[id].cpuSymbol.c_str());
  if (!impl->hasCpuKernels()) {
    dlclose(object);
    return unsupported(path +
                       " exports none of the baracuda CPU kernels "
                       "(e.g. " +
                       catalog.front().cpuSymbol + ")");
  }
  return std::shared_ptr<const KernelLibrary>(
      new KernelLibrary(std::move(impl)));
}

bool KernelLibrary::hasCudaKernels() const {
  return impl_->cudaSource != CudaSource::None;
}

bool KernelLibrary::hasCpuKernels() const { return impl_->hasCpuKernels(); }

const std::string &KernelLibrary::description() const {
  return impl_->description;
}

Result<const LoadedCudaModule *>
KernelLibrary::cudaModule(CUcontext context) const {
  if (impl_->cudaSource == CudaSource::None)
    return unsupported("kernel library " + impl_->description +
                       " has no CUDA kernels");
  Status whyNot;
  const CudaDriver *driver = CudaDriver::get(&whyNot);
  if (!driver)
    return whyNot;
  Result<uint64_t> id = cudaContextId(*driver, context);
  if (!id)
    return id.status();
  // The common case, a thread launching in the context it used last, takes
  // no lock. An entry stays right: a library's serial and a context's id are
  // never reused, and a module lives as long as both.
  struct LastModule {
    uint64_t librarySerial = 0;
    uint64_t contextId = 0;
    const LoadedCudaModule *module = nullptr;
  };
  static thread_local LastModule last;
  if (last.module && last.librarySerial == impl_->serial &&
      last.contextId == *id)
    return last.module;

  std::shared_ptr<Impl::ModuleSlot> slot;
  {
    std::shared_lock<std::shared_mutex> lock(impl_->slotsMutex);
    auto found = impl_->slots.find(*id);
    if (found != impl_->slots.end())
      slot = found->second;
  }
  if (!slot) {
    std::unique_lock<std::shared_mutex> lock(impl_->slotsMutex);
    auto found = impl_->slots.find(*id);
    if (found != impl_->slots.end()) {
      slot = found->second;
    } else {
      slot = std::make_shared<Impl::ModuleSlot>();
      slot->context = context;
      slot->contextId = *id;
      impl_->slots.emplace(*id, slot);
    }
  }
  if (!slot->done.load(std::memory_order_acquire)) {
    std::lock_guard<std::mutex> lock(slot->loadMutex);
    if (!slot->done.load(std::memory_order_relaxed)) {
      Result<std::unique_ptr<LoadedCudaModule>> loaded =
          impl_->load(*driver, context);
      if (loaded)
        slot->module = std::move(loaded).value();
      else
        slot->failure = loaded.status();
      slot->done.store(true, std::memory_order_release);
    }
  }
  if (!slot->module)
    return slot->failure;
  last = {impl_->serial, *id, slot->module.get()};
  return static_cast<const LoadedCudaModule *>(slot->module.get());
}

void *KernelLibrary::cpuKernel(KernelId id) const {
  return id < impl_->cpuKernels.size() ? impl_->cpuKernels[id] : nullptr;
}

const std::string &KernelLibrary::kernelName(KernelId id) {
  return kernelCatalog()[id].gpuName;
}

} // namespace baracuda
