//===- CpuParallel.h - How a CPU problem splits into chunks ---------------===//
//
// Internal. The one partition policy of the CPU backend's ops: a problem of
// groups (quantize_per_group's groups today; any op whose work is
// independent per group or per row) splits into chunks of whole groups, each
// starting at a 64-byte boundary of every stream (no two threads write one
// cache line, loads start aligned), run by cpuParallelFor. Chunk boundaries
// fall between groups, and each group is computed by the same code whatever
// chunk it is in, so the result is bit-identical for any thread count.
//
//===----------------------------------------------------------------------===//

#ifndef BARACUDA_RUNTIME_LIB_CPUPARALLEL_H
#define BARACUDA_RUNTIME_LIB_CPUPARALLEL_H

#include <cstdint>
#include <vector>

#pragma GCC visibility push(hidden)

namespace baracuda {

/// Below this many bytes moved (read + written), a problem runs on the
/// calling thread: waking workers costs more than it saves. Measured with
/// `baracuda-cpu-bench --small-sweep` on the 32-core device host
/// (docs/performance.md): 16 threads lose up to 664 KB (0.32-0.90x of one
/// thread) and win from 1.3 MB (2.0x, 3.6x at 2.7 MB).
constexpr int64_t kCpuParallelMinBytes = int64_t{1} << 20;

/// Chunks per thread, so a thread that starts late or runs slower (another
/// process, a busier core) is evened out by the others.
constexpr int64_t kCpuChunksPerThread = 4;

/// Smallest chunk worth a separate claim (one atomic increment).
constexpr int64_t kCpuMinChunkBytes = int64_t{64} << 10;

/// The cache line: chunk starts are multiples of it in every stream.
constexpr int64_t kCpuChunkAlignmentBytes = 64;

struct CpuGroupPartition {
  int64_t groupsPerChunk;
  int64_t numChunks;
  /// Threads worth using: min(threads, numChunks).
  int threads;
};

/// Splits `numGroups` groups of `groupSize` elements into chunks for
/// `threads` threads. `elementBytes` are the element sizes of the streams
/// with one element per element (input, output), `groupBytes` those with one
/// element per group (scale, zero point).
CpuGroupPartition
partitionGroupsForCpu(int64_t numGroups, int64_t groupSize,
                      const std::vector<int64_t> &elementBytes,
                      const std::vector<int64_t> &groupBytes, int threads);

} // namespace baracuda

#pragma GCC visibility pop

#endif // BARACUDA_RUNTIME_LIB_CPUPARALLEL_H
