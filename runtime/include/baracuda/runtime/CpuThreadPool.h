//===- CpuThreadPool.h - The CPU backend's threads --------------*- C++ -*-===//
//
// The CPU backend splits a problem into chunks and runs them on a pool of
// worker threads that the runtime owns (one per process, started on first
// use), the calling thread included. Ops reach it through
// CpuParallel.h's partition (chunks on group and 64-byte boundaries), so
// every op of the family gets the same policy: small problems stay on the
// calling thread, large ones use the stream's thread count.
//
//===----------------------------------------------------------------------===//

#ifndef BARACUDA_RUNTIME_CPUTHREADPOOL_H
#define BARACUDA_RUNTIME_CPUTHREADPOOL_H

#include "baracuda/runtime/Result.h"

#include <cstdint>

namespace baracuda {

/// Largest thread count a CPU stream or BARACUDA_CPU_THREADS may ask for.
constexpr int kMaxCpuThreads = 1024;

/// CPUs this process may run on: the affinity mask (sched_getaffinity),
/// lowered to the cgroup CPU quota (cpu.max, rounded up) where one is set.
/// At least 1. Computed once per process.
int availableCpus();

/// The thread count of a CPU stream that names none: BARACUDA_CPU_THREADS
/// when set (read on every call), else availableCpus(). InvalidProblem when
/// the variable is not an integer in [1, kMaxCpuThreads].
Result<int> defaultCpuThreads();

/// Counters of the process's CPU thread pool, for tests and diagnostics.
struct CpuThreadPoolStats {
  /// Runs that stayed on the calling thread (one chunk or one thread): the
  /// pool's workers were not woken.
  uint64_t inlineRuns = 0;
  /// Runs handed to the pool's workers.
  uint64_t parallelRuns = 0;
  /// Worker threads started so far (the pool grows to the largest thread
  /// count asked for, minus the calling thread).
  int workers = 0;
};
CpuThreadPoolStats cpuThreadPoolStats();

namespace detail {
/// Runs `body(context, chunk)` for every chunk in [0, numChunks) on up to
/// `threads` threads, the calling thread being one of them, and returns when
/// all chunks are done. With one chunk or one thread it runs inline. Safe to
/// call from several threads at once: each caller works on its own chunks
/// while workers help whichever run they join, so no caller waits on a busy
/// pool (no deadlock) and at most `workers` extra threads run (no
/// oversubscription beyond the callers themselves). `body` must not throw.
void cpuParallelFor(int64_t numChunks, int threads,
                    void (*body)(void *context, int64_t chunk), void *context);
} // namespace detail

/// cpuParallelFor with any callable `body(int64_t chunk)`.
template <typename Body>
void cpuParallelFor(int64_t numChunks, int threads, const Body &body) {
  detail::cpuParallelFor(
      numChunks, threads,
      [](void *context, int64_t chunk) {
        (*static_cast<const Body *>(context))(chunk);
      },
      const_cast<void *>(static_cast<const void *>(&body)));
}

} // namespace baracuda

#endif // BARACUDA_RUNTIME_CPUTHREADPOOL_H
