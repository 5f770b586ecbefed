//===- CpuParallel.cpp - How a CPU problem splits into chunks -------------===//

#include "CpuParallel.h"

#include <algorithm>
#include <numeric>

namespace baracuda {

CpuGroupPartition
partitionGroupsForCpu(int64_t numGroups, int64_t groupSize,
                      const std::vector<int64_t> &elementBytes,
                      const std::vector<int64_t> &groupBytes, int threads) {
  int64_t bytesPerGroup = 0;
  for (int64_t bytes : elementBytes)
    bytesPerGroup += bytes * groupSize;
  for (int64_t bytes : groupBytes)
    bytesPerGroup += bytes;
  bytesPerGroup = std::max<int64_t>(bytesPerGroup, 1);
  if (threads <= 1 || numGroups <= 1 ||
      numGroups < kCpuParallelMinBytes / bytesPerGroup)
    return {std::max<int64_t>(numGroups, 1), 1, 1};

  // Groups per chunk must be a multiple of this for every stream's chunk to
  // start on a 64-byte boundary (relative to the buffer's start): for a
  // stream of b bytes per group, 64 / gcd(64, b) groups.
  int64_t alignGroups = 1;
  auto align = [&](int64_t bytesPerGroupOfStream) {
    int64_t groups = kCpuChunkAlignmentBytes /
                     std::gcd(kCpuChunkAlignmentBytes, bytesPerGroupOfStream);
    alignGroups = std::lcm(alignGroups, groups);
  };
  for (int64_t bytes : elementBytes)
    align(bytes * groupSize);
  for (int64_t bytes : groupBytes)
    align(bytes);

  int64_t target = int64_t{threads} * kCpuChunksPerThread;
  int64_t groups = (numGroups + target - 1) / target;
  groups =
      std::max(groups, (kCpuMinChunkBytes + bytesPerGroup - 1) / bytesPerGroup);
  groups = (groups + alignGroups - 1) / alignGroups * alignGroups;
  int64_t chunks = (numGroups + groups - 1) / groups;
  return {groups, chunks, static_cast<int>(std::min<int64_t>(threads, chunks))};
}

} // namespace baracuda
