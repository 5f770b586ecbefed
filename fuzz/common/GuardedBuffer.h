//===- GuardedBuffer.h - Buffers that end at an inaccessible page ---------===//
//
// The compiled kernels are not instrumented by any sanitizer, so an
// out-of-bounds access inside them is invisible to ASan. A GuardedBuffer ends
// exactly where a PROT_NONE page begins: one byte read or written past the
// end faults (SIGSEGV, which libFuzzer reports as a crash with its input).
// Operands the callee must only read can be made read-only, so a write to
// them faults too.
//
//===----------------------------------------------------------------------===//

#ifndef BARACUDA_FUZZ_COMMON_GUARDEDBUFFER_H
#define BARACUDA_FUZZ_COMMON_GUARDEDBUFFER_H

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>

#include <sys/mman.h>
#include <unistd.h>

namespace baracuda::fuzz {

class GuardedBuffer {
public:
  /// `bytes` usable bytes at data(), followed by `slack` bytes (so data()
  /// can be misaligned on purpose) and then the guard page.
  explicit GuardedBuffer(size_t bytes, size_t slack = 0) : bytes_(bytes) {
    const size_t page = size_t(sysconf(_SC_PAGESIZE));
    dataPages_ = (bytes + slack + page - 1) / page * page;
    mapped_ = dataPages_ + page;
    void *map = mmap(nullptr, mapped_, PROT_READ | PROT_WRITE,
                     MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (map == MAP_FAILED)
      std::abort(); // The harness caps sizes; this is the machine's limit.
    base_ = static_cast<uint8_t *>(map);
    if (mprotect(base_ + dataPages_, page, PROT_NONE) != 0)
      std::abort();
    data_ = base_ + dataPages_ - slack - bytes;
  }
  ~GuardedBuffer() { munmap(base_, mapped_); }
  GuardedBuffer(const GuardedBuffer &) = delete;
  GuardedBuffer &operator=(const GuardedBuffer &) = delete;

  uint8_t *data() const { return data_; }
  size_t size() const { return bytes_; }

  /// From now on a write to the buffer faults.
  void makeReadOnly() {
    if (mprotect(base_, dataPages_, PROT_READ) != 0)
      std::abort();
  }

private:
  uint8_t *base_ = nullptr;
  uint8_t *data_ = nullptr;
  size_t bytes_ = 0;
  size_t dataPages_ = 0;
  size_t mapped_ = 0;
};

} // namespace baracuda::fuzz

#endif // BARACUDA_FUZZ_COMMON_GUARDEDBUFFER_H
