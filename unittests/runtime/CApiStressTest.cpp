//===- CApiStressTest.cpp - The C ABI from many threads at once -----------===//
//
// 16 threads x 1000 calls of the C ABI on the CPU stream, started together:
// each thread mixes dtype pairs and descriptors (so its cached plan changes
// and is reused), checks every output bit for bit against the independent
// reference, and interleaves failing calls whose message names a value only
// that thread and call use, so a message that leaks between threads, or a
// success that does not clear it, is caught. scripts/sanitize.sh runs it
// under TSan (races) and ASan + UBSan; here it checks the results.
//
//===----------------------------------------------------------------------===//

#include "CApiTestSupport.h"
#include "QuantizeTestSupport.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <random>
#include <string>
#include <thread>
#include <vector>

namespace baracuda::test {
namespace {

constexpr int kThreads = 16;
constexpr int kRunsPerThread = 1000;
/// Distinct problems per thread; each call picks one at random, so the same
/// descriptor often follows itself (plan reuse) and often does not.
constexpr int kProblemsPerThread = 6;

struct StressProblem {
  CQuantizeEntryPoints entry;
  QuantizeProblem problem;
  std::vector<uint8_t> expected;
};

/// What one thread saw: the number of calls that went wrong and the first
/// of them in words (asserted on the main thread, after join).
struct ThreadOutcome {
  int failures = 0;
  std::string first;
  void fail(const std::string &what) {
    if (failures++ == 0)
      first = what;
  }
};

std::vector<StressProblem> makeProblems(int thread, std::mt19937_64 &random) {
  static const std::vector<CQuantizeEntryPoints> entries =
      allCQuantizeEntryPoints();
  std::vector<StressProblem> problems;
  for (int i = 0; i < kProblemsPerThread; ++i) {
    // Every thread covers several pairs; together they cover all 8.
    const CQuantizeEntryPoints &entry =
        entries[(thread + i * 3) % entries.size()];
    const int32_t groups[] = {1, 4, 16, 64, 128};
    int32_t group = groups[random() % 5];
    int32_t outer = 1 + int32_t(random() % 4);
    int32_t axis = group * (1 + int32_t(random() % 4));
    std::vector<std::pair<int32_t, int32_t>> ranges = quantRanges(entry.output);
    auto [qMin, qMax] = ranges[random() % ranges.size()];
    QuantizeProblem problem = randomProblem(
        entry.input, entry.output,
        "thread " + std::to_string(thread) + " problem " + std::to_string(i),
        outer, axis, group, qMin, qMax, random);
    std::vector<uint8_t> expected = referenceOutput(problem);
    problems.push_back({entry, std::move(problem), std::move(expected)});
  }
  return problems;
}

void stressThread(int thread, uint64_t seed, std::atomic<int> &ready,
                  ThreadOutcome &outcome) {
  std::mt19937_64 random(seed + uint64_t(thread) * 0x9E3779B97F4A7C15u);
  std::vector<StressProblem> problems = makeProblems(thread, random);
  std::vector<uint8_t> output;

  // Start together, so the calls of all threads overlap.
  ready.fetch_add(1);
  while (ready.load() < kThreads)
    std::this_thread::yield();

  for (int call = 0; call < kRunsPerThread && outcome.failures < 10; ++call) {
    StressProblem &p = problems[random() % problems.size()];
    const QuantizePerGroupDescriptor &d = p.problem.desc;
    std::string where = "thread " + std::to_string(thread) + " call " +
                        std::to_string(call) + " (" + p.problem.label + ", " +
                        p.entry.name + "): ";
    output.assign(p.problem.outputBytes(), kPoisonBytes[call % 2]);
    bool breakRule = random() % 4 == 0;
    bool onlyCheck = !breakRule && random() % 8 == 0;
    // A group size no other thread or call uses: its message is ours alone.
    int32_t brokenGroup = -(thread * kRunsPerThread + call + 1);
    int32_t group = breakRule ? brokenGroup : d.group_size;

    int32_t status =
        onlyCheck
            ? p.entry.canImplement(d.outer_size, d.axis_size, group, d.q_min,
                                   d.q_max, p.problem.input.data(),
                                   p.problem.scale.data(),
                                   p.problem.zeroPoint.data(), output.data())
            : p.entry.run(d.outer_size, d.axis_size, group, d.q_min, d.q_max,
                          p.problem.input.data(), p.problem.scale.data(),
                          p.problem.zeroPoint.data(), output.data(), nullptr, 0,
                          BARACUDA_CPU_STREAM);
    // Give the other threads time to fail and succeed in between.
    std::this_thread::yield();
    std::string message = baracuda_kernels_last_error_message();

    if (breakRule) {
      std::string want = "quantize_per_group: group_size (" +
                         std::to_string(brokenGroup) + ") must be positive";
      if (status != BARACUDA_KERNELS_INVALID_PROBLEM)
        outcome.fail(where + "broken group gave status " +
                     std::to_string(status));
      else if (message != want)
        outcome.fail(where + "message '" + message + "', want '" + want + "'");
      else if (std::any_of(output.begin(), output.end(), [&](uint8_t byte) {
                 return byte != kPoisonBytes[call % 2];
               }))
        outcome.fail(where + "a failed call wrote the output");
      continue;
    }
    if (status != BARACUDA_KERNELS_SUCCESS) {
      outcome.fail(where + "status " + std::to_string(status) + ": " + message);
      continue;
    }
    if (!message.empty()) {
      outcome.fail(where + "success left the message '" + message + "'");
      continue;
    }
    if (onlyCheck)
      continue;
    ::testing::AssertionResult exact = bitExact(p.problem, output, p.expected);
    if (!exact)
      outcome.fail(where + exact.message());
  }
}

TEST(CApiStressTest, ManyThreadsOnTheCpuStream) {
  std::vector<ThreadOutcome> outcomes(kThreads);
  std::atomic<int> ready{0};
  uint64_t seed = testSeed(); // Read (and recorded) on the test's thread.
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t)
    threads.emplace_back(stressThread, t, seed, std::ref(ready),
                         std::ref(outcomes[t]));
  for (std::thread &thread : threads)
    thread.join();
  for (int t = 0; t < kThreads; ++t)
    EXPECT_EQ(outcomes[t].failures, 0)
        << "thread " << t << ", first failure: " << outcomes[t].first;
}

} // namespace
} // namespace baracuda::test
