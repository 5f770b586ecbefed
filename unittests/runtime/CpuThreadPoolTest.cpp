//===- CpuThreadPoolTest.cpp - The CPU backend on several threads ---------===//
//
// The CPU stream splits problems over the runtime's thread pool
// (CpuThreadPool.h, CpuParallel.h). These tests check that the split never
// changes a bit, that concurrent callers share the pool safely, that the
// thread count follows Stream::cpu(threads) and BARACUDA_CPU_THREADS, and
// that small problems stay on the calling thread.
//
//===----------------------------------------------------------------------===//

#include "CpuParallel.h"
#include "QuantizeTestSupport.h"

#include "baracuda/baracuda_kernels.h"
#include "baracuda/runtime/CpuThreadPool.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <mutex>
#include <set>
#include <thread>

#include <execinfo.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

namespace baracuda::test {
namespace {

/// Runs `problem` on `stream`; the output is checked for writes past its end.
Result<std::vector<uint8_t>> runOn(const Stream &stream,
                                   const QuantizeProblem &problem) {
  std::vector<uint8_t> output(problem.outputBytes() + kGuardBytes,
                              kPoisonBytes[0]);
  Status status =
      runTypedPlan(stream, problem, problem.input.data(), problem.scale.data(),
                   problem.zeroPoint.data(), output.data(),
                   PlanPreference::Default, KernelLibrary::builtin());
  if (!status.ok())
    return status;
  for (size_t i = problem.outputBytes(); i < output.size(); ++i)
    if (output[i] != kPoisonBytes[0])
      return internalError("wrote past the output, at byte " +
                           std::to_string(i));
  output.resize(problem.outputBytes());
  return output;
}

/// Sets an environment variable for one scope.
class ScopedEnv {
public:
  ScopedEnv(const char *name, const char *value) : name_(name) {
    if (const char *old = std::getenv(name))
      old_ = old, hadOld_ = true;
    if (value)
      setenv(name, value, 1);
    else
      unsetenv(name);
  }
  ~ScopedEnv() {
    if (hadOld_)
      setenv(name_, old_.c_str(), 1);
    else
      unsetenv(name_);
  }

private:
  const char *name_;
  std::string old_;
  bool hadOld_ = false;
};

/// Shapes above the size threshold whose groups, rows and chunks do not line
/// up: odd group sizes, group 1, one long row, a last chunk shorter than
/// the others.
const ShapeCase kParallelShapes[] = {
    {"odd group, odd outer", 2001, 231, 7},
    {"group 3, 3 rows", 3, 3 * 80021, 3},
    {"group 1, one row", 1, 600011, 1},
    {"group > axis / 2", 257, 1536, 1536},
    {"typical", 129, 4096, 128},
};

TEST(CpuThreadPoolTest, ManyThreadsBitIdenticalToOneOnOddShapes) {
  std::mt19937_64 random(testSeed());
  for (auto [in, out] : allQuantizeKindPairs())
    for (const ShapeCase &shape : kParallelShapes) {
      int32_t qMin = out == ElementKind::S8 ? -100 : 3;
      int32_t qMax = out == ElementKind::S8 ? 120 : 250;
      QuantizeProblem problem =
          randomProblem(in, out, shape.label, shape.outer, shape.axis,
                        shape.group, qMin, qMax, random);
      SCOPED_TRACE(std::string(elementKindName(in)) + "_" +
                   std::string(elementKindName(out)) + ", " + problem.label);
      Result<std::vector<uint8_t>> single = runOn(Stream::cpu(1), problem);
      ASSERT_TRUE(single.ok()) << single.status().message();
      EXPECT_TRUE(bitExact(problem, *single, referenceOutput(problem)));
      for (int threads : {2, 3, 8}) {
        SCOPED_TRACE(std::to_string(threads) + " threads");
        uint64_t before = cpuThreadPoolStats().parallelRuns;
        Result<std::vector<uint8_t>> many =
            runOn(Stream::cpu(threads), problem);
        ASSERT_TRUE(many.ok()) << many.status().message();
        // The problem really went through the pool.
        EXPECT_EQ(cpuThreadPoolStats().parallelRuns, before + 1);
        EXPECT_TRUE(bitExact(problem, *many, *single));
      }
    }
}

TEST(CpuThreadPoolTest, ConcurrentCallersGetTheirOwnResults) {
  std::mt19937_64 random(testSeed());
  constexpr int kCallers = 8;
  std::vector<QuantizeProblem> problems;
  std::vector<std::vector<uint8_t>> expected;
  auto pairs = allQuantizeKindPairs();
  for (int c = 0; c < kCallers; ++c) {
    auto [in, out] = pairs[c % pairs.size()];
    problems.push_back(
        randomProblem(in, out, "caller " + std::to_string(c), 97 + c,
                      1000 + 8 * c, 8, out == ElementKind::S8 ? -128 : 0,
                      out == ElementKind::S8 ? 127 : 255, random));
    expected.push_back(referenceOutput(problems.back()));
  }
  std::atomic<int> failures{0};
  std::vector<std::thread> callers;
  for (int c = 0; c < kCallers; ++c)
    callers.emplace_back([&, c] {
      // Mixed thread counts: 1 (inline), below and above the pool's size.
      Stream stream = Stream::cpu(1 + c % 5);
      for (int repeat = 0; repeat < 10; ++repeat) {
        Result<std::vector<uint8_t>> output = runOn(stream, problems[c]);
        if (!output.ok() || *output != expected[c])
          failures.fetch_add(1);
      }
    });
  for (std::thread &caller : callers)
    caller.join();
  EXPECT_EQ(failures.load(), 0);
}

TEST(CpuThreadPoolTest, ConcurrentCallersOfTheC_ABI) {
  std::mt19937_64 random(testSeed());
  QuantizeProblem problem =
      randomProblem(ElementKind::F32, ElementKind::S8, "C ABI", 300, 1024, 64,
                    -128, 127, random);
  std::vector<uint8_t> expected = referenceOutput(problem);
  std::atomic<int> failures{0};
  std::vector<std::thread> callers;
  for (int c = 0; c < 6; ++c)
    callers.emplace_back([&] {
      for (int repeat = 0; repeat < 10; ++repeat) {
        std::vector<uint8_t> output(problem.outputBytes());
        int32_t status = baracuda_kernels_quantize_per_group_f32_s8_run(
            problem.desc.outer_size, problem.desc.axis_size,
            problem.desc.group_size, problem.desc.q_min, problem.desc.q_max,
            problem.input.data(), problem.scale.data(),
            problem.zeroPoint.data(), output.data(), nullptr, 0,
            BARACUDA_CPU_STREAM);
        if (status != BARACUDA_KERNELS_SUCCESS || output != expected)
          failures.fetch_add(1);
      }
    });
  for (std::thread &caller : callers)
    caller.join();
  EXPECT_EQ(failures.load(), 0);
}

/// In a forked child: after `seconds`, print where the child's main thread is
/// to stderr and exit 3, so that a hang names its place in the test log.
void dieWithBacktraceAfter(unsigned seconds) {
  void *warmUp[1];
  backtrace(warmUp, 1); // Loads libgcc now, not inside the handler.
  signal(SIGALRM, [](int) {
    static const char header[] = "forked child hung; its main thread is in:\n";
    (void)!write(STDERR_FILENO, header, sizeof(header) - 1);
    void *frames[64];
    backtrace_symbols_fd(frames, backtrace(frames, 64), STDERR_FILENO);
    _exit(3);
  });
  alarm(seconds);
}

/// How `child` ended ("exit N", "signal N"), waiting up to 60 s (the child's
/// own watchdog fires at 45 s); "hung" (and killed) after that.
std::string waitForChild(pid_t child) {
  int status = 0;
  pid_t done = 0;
  for (int waited = 0; waited < 6000 && done == 0; ++waited) {
    done = waitpid(child, &status, WNOHANG);
    if (done == 0)
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  if (done == 0) {
    kill(child, SIGKILL);
    waitpid(child, &status, 0);
    return "hung";
  }
  if (WIFEXITED(status))
    return "exit " + std::to_string(WEXITSTATUS(status));
  return "signal " + std::to_string(WTERMSIG(status));
}

// A child of fork() inherits the pool's state but none of its workers: it
// must still run large problems (on fresh workers) and exit without waiting
// for the parent's threads.
TEST(CpuThreadPoolTest, ForkedChildRunsAndExits) {
#if defined(__SANITIZE_THREAD__)
  GTEST_SKIP() << "TSan cannot start threads in the child of a "
                  "multi-threaded fork (the plain and ASan builds run this)";
#elif defined(__has_feature)
#if __has_feature(thread_sanitizer)
  GTEST_SKIP() << "TSan cannot start threads in the child of a "
                  "multi-threaded fork (the plain and ASan builds run this)";
#endif
#endif
  std::mt19937_64 random(testSeed());
  QuantizeProblem problem =
      randomProblem(ElementKind::F32, ElementKind::S8, "fork", 512, 1024, 64,
                    -128, 127, random);
  std::vector<uint8_t> expected = referenceOutput(problem);
  ASSERT_TRUE(runOn(Stream::cpu(6), problem).ok()); // 5 workers started.
  pid_t child = fork();
  ASSERT_NE(child, -1);
  if (child == 0) {
    dieWithBacktraceAfter(45);
    uint64_t before = cpuThreadPoolStats().parallelRuns;
    Result<std::vector<uint8_t>> output = runOn(Stream::cpu(4), problem);
    // Fresh workers: the child starts with none, then the 3 it asked for.
    bool good = output.ok() && *output == expected &&
                cpuThreadPoolStats().parallelRuns == before + 1 &&
                cpuThreadPoolStats().workers == 3;
    std::exit(good ? 0 : 1); // Runs static destructors, as a child would.
  }
  EXPECT_EQ(waitForChild(child), "exit 0");
}

// A worker thread that cannot start (here: no address space for its stack)
// must not fail the run: the threads that did start, the caller at least,
// run all chunks. Before, std::thread's exception left the pool.
TEST(CpuThreadPoolTest, ThreadsThatCannotStartLeaveTheRunToTheOthers) {
#if defined(__SANITIZE_THREAD__) || defined(__SANITIZE_ADDRESS__)
  GTEST_SKIP() << "sanitizers need address space that RLIMIT_AS takes away";
#elif defined(__has_feature)
#if __has_feature(thread_sanitizer) || __has_feature(address_sanitizer)
  GTEST_SKIP() << "sanitizers need address space that RLIMIT_AS takes away";
#endif
#endif
  std::mt19937_64 random(testSeed());
  // 10 MB moved: enough chunks for all 128 threads asked for below, more
  // than the forked child's cache of the parent's thread stacks holds.
  QuantizeProblem problem =
      randomProblem(ElementKind::F32, ElementKind::S8, "no-threads", 2048, 1024,
                    64, -128, 127, random);
  std::vector<uint8_t> expected = referenceOutput(problem);
  pid_t child = fork();
  ASSERT_NE(child, -1);
  if (child == 0) {
    dieWithBacktraceAfter(45);
    bool good = false;
    try {
      // Room for the output, not for one more 8 MiB thread stack.
      long pages = 0;
      std::ifstream("/proc/self/statm") >> pages;
      rlim_t bytes = static_cast<rlim_t>(pages) * sysconf(_SC_PAGESIZE);
      struct rlimit limit = {bytes + (6 << 20), bytes + (6 << 20)};
      if (pages > 0 && setrlimit(RLIMIT_AS, &limit) == 0) {
        Result<std::vector<uint8_t>> output = runOn(Stream::cpu(128), problem);
        good = output.ok() && *output == expected;
      }
    } catch (...) {
      _exit(2);
    }
    _exit(good ? 0 : 1);
  }
  EXPECT_EQ(waitForChild(child), "exit 0");
}

TEST(CpuThreadPoolTest, RunsOnAtMostTheThreadsAskedFor) {
  for (int threads : {1, 2, 5}) {
    SCOPED_TRACE(std::to_string(threads) + " threads");
    std::mutex mutex;
    std::set<std::thread::id> seen;
    std::atomic<int64_t> done{0};
    cpuParallelFor(64, threads, [&](int64_t) {
      {
        std::lock_guard<std::mutex> lock(mutex);
        seen.insert(std::this_thread::get_id());
      }
      // Long enough for every woken helper to claim a chunk.
      std::this_thread::sleep_for(std::chrono::milliseconds(2));
      done.fetch_add(1);
    });
    EXPECT_EQ(done.load(), 64); // Returns only when every chunk is done.
    EXPECT_LE(static_cast<int>(seen.size()), threads);
    EXPECT_EQ(seen.count(std::this_thread::get_id()), 1u); // The caller works.
    if (threads > 1)
      EXPECT_GT(seen.size(), 1u);
  }
  EXPECT_GE(cpuThreadPoolStats().workers, 4);
}

TEST(CpuThreadPoolTest, StreamAndEnvironmentSetTheThreadCount) {
  {
    ScopedEnv env("BARACUDA_CPU_THREADS", nullptr);
    EXPECT_EQ(*Stream::cpu().cpuThreads(), availableCpus());
    EXPECT_EQ(*Stream::cpu(3).cpuThreads(), 3);
  }
  {
    ScopedEnv env("BARACUDA_CPU_THREADS", "6");
    EXPECT_EQ(*Stream::cpu().cpuThreads(), 6);
    EXPECT_EQ(*Stream::cpu(2).cpuThreads(), 2); // The stream wins.
  }
  std::mt19937_64 random(testSeed());
  QuantizeProblem large = randomProblem(ElementKind::F32, ElementKind::U8,
                                        "large", 256, 1024, 32, 0, 255, random);
  {
    // One thread from the environment: a large problem stays inline.
    ScopedEnv env("BARACUDA_CPU_THREADS", "1");
    CpuThreadPoolStats before = cpuThreadPoolStats();
    ASSERT_TRUE(runOn(Stream::cpu(), large).ok());
    CpuThreadPoolStats after = cpuThreadPoolStats();
    EXPECT_EQ(after.parallelRuns, before.parallelRuns);
    EXPECT_EQ(after.inlineRuns, before.inlineRuns + 1);
  }
  {
    ScopedEnv env("BARACUDA_CPU_THREADS", "1");
    CpuThreadPoolStats before = cpuThreadPoolStats();
    ASSERT_TRUE(runOn(Stream::cpu(4), large).ok());
    EXPECT_EQ(cpuThreadPoolStats().parallelRuns, before.parallelRuns + 1);
  }
  {
    ScopedEnv env("BARACUDA_CPU_THREADS", "3");
    uint64_t before = cpuThreadPoolStats().parallelRuns;
    ASSERT_TRUE(runOn(Stream::cpu(), large).ok());
    EXPECT_EQ(cpuThreadPoolStats().parallelRuns, before + 1);
  }
}

TEST(CpuThreadPoolTest, BadThreadCountsAreRejected) {
  std::mt19937_64 random(testSeed());
  QuantizeProblem problem = randomProblem(
      ElementKind::F32, ElementKind::S8, "small", 2, 64, 32, -128, 127, random);
  for (const char *bad : {"0", "-2", "abc", "4x", "1025"}) {
    SCOPED_TRACE(bad);
    ScopedEnv env("BARACUDA_CPU_THREADS", bad);
    Result<std::vector<uint8_t>> output = runOn(Stream::cpu(), problem);
    ASSERT_FALSE(output.ok());
    EXPECT_EQ(output.status().code(), StatusCode::InvalidProblem);
    EXPECT_TRUE(contains(output.status().message(),
                         "BARACUDA_CPU_THREADS ('" + std::string(bad) +
                             "') must be an integer in [1, 1024]"));
    // The C ABI reports it too.
    std::vector<uint8_t> out(problem.outputBytes());
    EXPECT_EQ(baracuda_kernels_quantize_per_group_f32_s8_run(
                  2, 64, 32, -128, 127, problem.input.data(),
                  problem.scale.data(), problem.zeroPoint.data(), out.data(),
                  nullptr, 0, BARACUDA_CPU_STREAM),
              BARACUDA_KERNELS_INVALID_PROBLEM);
  }
  {
    ScopedEnv env("BARACUDA_CPU_THREADS", "1024");
    EXPECT_EQ(*Stream::cpu().cpuThreads(), 1024);
  }
  for (int bad : {0, -1, 1025}) {
    Result<std::vector<uint8_t>> output = runOn(Stream::cpu(bad), problem);
    ASSERT_FALSE(output.ok());
    EXPECT_TRUE(contains(output.status().message(),
                         "Stream::cpu(threads): threads (" +
                             std::to_string(bad) + ") must be in [1, 1024]"));
  }
  EXPECT_FALSE(Stream::cuda(nullptr).cpuThreads().ok());
}

TEST(CpuThreadPoolTest, SmallProblemsDoNotWakeThePool) {
  std::mt19937_64 random(testSeed());
  // 4 KiB of input: far below kCpuParallelMinBytes.
  QuantizeProblem small = randomProblem(ElementKind::F32, ElementKind::S8,
                                        "4 KiB", 4, 256, 64, -128, 127, random);
  CpuThreadPoolStats before = cpuThreadPoolStats();
  Result<std::vector<uint8_t>> output = runOn(Stream::cpu(8), small);
  ASSERT_TRUE(output.ok()) << output.status().message();
  EXPECT_TRUE(bitExact(small, *output, referenceOutput(small)));
  CpuThreadPoolStats after = cpuThreadPoolStats();
  EXPECT_EQ(after.parallelRuns, before.parallelRuns);
  EXPECT_EQ(after.inlineRuns, before.inlineRuns + 1);
}

TEST(CpuParallelTest, ChunksAreWholeGroupsOn64ByteBoundaries) {
  struct Case {
    int64_t groups, groupSize, in, out;
    int threads;
  };
  for (Case c : {Case{100000, 7, 4, 1, 16}, Case{300007, 1, 2, 1, 3},
                 Case{4096 * 64, 128, 8, 1, 32}, Case{80021, 3, 2, 1, 2}}) {
    SCOPED_TRACE(std::to_string(c.groups) + " groups of " +
                 std::to_string(c.groupSize));
    CpuGroupPartition p = partitionGroupsForCpu(
        c.groups, c.groupSize, {c.in, c.out}, {c.in, 4}, c.threads);
    ASSERT_GT(p.numChunks, 1);
    EXPECT_EQ((p.groupsPerChunk * c.groupSize * c.in) % 64, 0);
    EXPECT_EQ((p.groupsPerChunk * c.groupSize * c.out) % 64, 0);
    EXPECT_EQ((p.groupsPerChunk * c.in) % 64, 0);
    EXPECT_EQ((p.groupsPerChunk * 4) % 64, 0);
    // The chunks cover the groups, the last one possibly shorter.
    EXPECT_GE(p.groupsPerChunk * p.numChunks, c.groups);
    EXPECT_LT(p.groupsPerChunk * (p.numChunks - 1), c.groups);
    EXPECT_LE(p.threads, c.threads);
  }
}

TEST(CpuParallelTest, TheSizeThresholdSplitsOnlyLargeProblems) {
  // bytes per group: 128 * (4 + 1) + 4 + 4 = 648.
  int64_t below = kCpuParallelMinBytes / 648 - 1;
  EXPECT_EQ(partitionGroupsForCpu(below, 128, {4, 1}, {4, 4}, 8).numChunks, 1);
  EXPECT_GT(partitionGroupsForCpu(below + 2, 128, {4, 1}, {4, 4}, 8).numChunks,
            1);
  EXPECT_EQ(partitionGroupsForCpu(1 << 20, 128, {4, 1}, {4, 4}, 1).numChunks,
            1);
}

} // namespace
} // namespace baracuda::test

namespace baracuda::test {
namespace {

// ctest runs the CPU suites once per kernel set (unittests/runtime/
// CMakeLists.txt); this checks that the set asked for is the one running.
TEST(CpuKernelSetTest, BuiltinRunsTheSetAskedFor) {
  std::string set = KernelLibrary::builtinCpuKernelSet();
  if (const char *wanted = std::getenv("BARACUDA_CPU_KERNEL_SET"))
    EXPECT_EQ(set, wanted);
  else
    EXPECT_NE(set, "none");
}

} // namespace
} // namespace baracuda::test
