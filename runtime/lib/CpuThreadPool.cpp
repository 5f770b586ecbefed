//===- CpuThreadPool.cpp - The CPU backend's threads ----------------------===//

#include "baracuda/runtime/CpuThreadPool.h"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <condition_variable>
#include <cstdlib>
#include <deque>
#include <fstream>
#include <mutex>
#include <new>
#include <string>
#include <system_error>
#include <thread>
#include <vector>

#include <pthread.h>
#include <sched.h>

namespace baracuda {

namespace {

/// ceil(quota / period) of cgroup v2's cpu.max ("max 100000" = no quota) or
/// cgroup v1's cfs files; 0 when there is no quota.
int cgroupCpuQuota() {
  double quota = -1, period = 0;
  if (std::ifstream v2("/sys/fs/cgroup/cpu.max"); v2) {
    std::string text;
    v2 >> text >> period;
    if (text != "max")
      quota = std::atof(text.c_str());
  } else {
    std::ifstream q("/sys/fs/cgroup/cpu/cpu.cfs_quota_us");
    std::ifstream p("/sys/fs/cgroup/cpu/cpu.cfs_period_us");
    if (q && p)
      q >> quota, p >> period;
  }
  if (quota <= 0 || period <= 0)
    return 0;
  return std::max(1, static_cast<int>(std::ceil(quota / period)));
}

int computeAvailableCpus() {
  int cpus = 0;
  cpu_set_t set;
  if (sched_getaffinity(0, sizeof(set), &set) == 0)
    cpus = CPU_COUNT(&set);
  if (cpus <= 0)
    cpus = static_cast<int>(std::thread::hardware_concurrency());
  cpus = std::max(cpus, 1);
  if (int quota = cgroupCpuQuota(); quota > 0)
    cpus = std::min(cpus, quota);
  return cpus;
}

class ThreadPool;
ThreadPool &pool();

/// One cpuParallelFor call. Lives on its caller's stack; the caller leaves
/// only once no helper is inside it.
struct Run {
  void (*body)(void *, int64_t);
  void *context;
  int64_t numChunks;
  std::atomic<int64_t> nextChunk{0};
  int helpersWanted; // Guarded by the pool's mutex from here on.
  int helpersJoined = 0;
  int helpersInside = 0;
  std::condition_variable helpersLeft;

  void runChunks() {
    for (int64_t chunk = nextChunk.fetch_add(1, std::memory_order_relaxed);
         chunk < numChunks;
         chunk = nextChunk.fetch_add(1, std::memory_order_relaxed))
      body(context, chunk);
  }
};

/// Never destroyed, its workers detached: nothing joins at exit (a worker
/// may sleep in the pool while static destructors run), and a child of
/// fork(), which inherits the pool's state but none of its threads, starts
/// afresh (pthread_atfork below) instead of waiting for workers it lacks.
class ThreadPool {
public:
  ThreadPool() {
    pthread_atfork([] { pool().quiesceForFork(); },
                   [] { pool().mutex_.unlock(); },
                   [] {
                     ThreadPool &self = pool();
                     // The forking thread held the lock; in the child it is
                     // this thread.
                     self.workers_ = 0;
                     self.parked_ = 0;
                     self.queue_.clear();
                     // The parent's sleeping workers are not in the child:
                     // a fresh condition variable, without their waits.
                     new (&self.workAvailable_) std::condition_variable;
                     new (&self.allParked_) std::condition_variable;
                     self.mutex_.unlock();
                   });
  }

  void parallelFor(int64_t numChunks, int threads,
                   void (*body)(void *, int64_t), void *context) {
    if (numChunks <= 0)
      return;
    if (numChunks == 1 || threads <= 1) {
      inlineRuns_.fetch_add(1, std::memory_order_relaxed);
      for (int64_t chunk = 0; chunk < numChunks; ++chunk)
        body(context, chunk);
      return;
    }
    parallelRuns_.fetch_add(1, std::memory_order_relaxed);
    Run run;
    run.body = body;
    run.context = context;
    run.numChunks = numChunks;
    run.helpersWanted =
        static_cast<int>(std::min<int64_t>(threads - 1, numChunks - 1));
    {
      std::lock_guard<std::mutex> lock(mutex_);
      growTo(run.helpersWanted);
      queue_.push_back(&run);
    }
    if (run.helpersWanted == 1)
      workAvailable_.notify_one();
    else
      workAvailable_.notify_all();
    run.runChunks();
    // Every chunk is claimed; wait for the helpers still running theirs, and
    // take the run off the queue if some never came.
    std::unique_lock<std::mutex> lock(mutex_);
    auto queued = std::find(queue_.begin(), queue_.end(), &run);
    if (queued != queue_.end())
      queue_.erase(queued);
    run.helpersLeft.wait(lock, [&] { return run.helpersInside == 0; });
  }

  CpuThreadPoolStats stats() {
    CpuThreadPoolStats stats;
    stats.inlineRuns = inlineRuns_.load(std::memory_order_relaxed);
    stats.parallelRuns = parallelRuns_.load(std::memory_order_relaxed);
    std::lock_guard<std::mutex> lock(mutex_);
    stats.workers = workers_;
    return stats;
  }

private:
  /// Takes the lock for fork() once every started worker sleeps in
  /// workAvailable_: no worker is then starting up inside the C library,
  /// running a chunk, or between the pool's own states, so the child copies
  /// a pool at rest (and libc state no worker holds). Waits for other
  /// threads' runs in flight, which end on their own.
  void quiesceForFork() {
    std::unique_lock<std::mutex> lock(mutex_);
    allParked_.wait(lock, [&] { return parked_ == workers_; });
    lock.release(); // Held across fork(); the handlers after it unlock.
  }

  /// Starts workers up to `count`. Called with mutex_ held. A thread that
  /// cannot start (no memory for its stack, a process thread limit) is not
  /// an error: a run needs no helper, since its caller claims chunks until
  /// none are left; a later run tries again.
  void growTo(int count) {
    for (; workers_ < count; ++workers_) {
      try {
        std::thread([this] { work(); }).detach();
      } catch (const std::system_error &) {
        return;
      }
    }
  }

  void work() {
    std::unique_lock<std::mutex> lock(mutex_);
    while (true) {
      if (queue_.empty()) {
        if (++parked_ == workers_)
          allParked_.notify_all();
        workAvailable_.wait(lock, [&] { return !queue_.empty(); });
        --parked_;
      }
      Run *run = queue_.front();
      ++run->helpersInside;
      if (++run->helpersJoined == run->helpersWanted)
        queue_.pop_front();
      lock.unlock();
      run->runChunks();
      lock.lock();
      if (--run->helpersInside == 0)
        run->helpersLeft.notify_one();
    }
  }

  std::mutex mutex_;
  std::condition_variable workAvailable_;
  std::condition_variable allParked_; // parked_ reached workers_.
  std::deque<Run *> queue_;
  int workers_ = 0;
  int parked_ = 0; // Workers asleep in workAvailable_.
  std::atomic<uint64_t> inlineRuns_{0};
  std::atomic<uint64_t> parallelRuns_{0};
};

ThreadPool &pool() {
  static ThreadPool *instance = new ThreadPool;
  return *instance;
}

} // namespace

int availableCpus() {
  static const int cpus = computeAvailableCpus();
  return cpus;
}

Result<int> defaultCpuThreads() {
  const char *text = std::getenv("BARACUDA_CPU_THREADS");
  if (!text || !*text)
    return availableCpus();
  char *end = nullptr;
  long long value = std::strtoll(text, &end, 10);
  if (end == text || *end != '\0' || value < 1 || value > kMaxCpuThreads)
    return invalidProblem(std::string("BARACUDA_CPU_THREADS ('") + text +
                          "') must be an integer in [1, " +
                          std::to_string(kMaxCpuThreads) + "]");
  return static_cast<int>(value);
}

CpuThreadPoolStats cpuThreadPoolStats() { return pool().stats(); }

namespace detail {
void cpuParallelFor(int64_t numChunks, int threads,
                    void (*body)(void *context, int64_t chunk), void *context) {
  pool().parallelFor(numChunks, threads, body, context);
}
} // namespace detail

} // namespace baracuda
