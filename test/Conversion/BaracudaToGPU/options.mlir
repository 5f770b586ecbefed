// RUN: baracuda-opt %s --convert-baracuda-to-gpu="vectors-per-thread=3 min-blocks-per-multiprocessor=4" | FileCheck %s
// RUN: baracuda-opt %s --convert-baracuda-to-gpu="vectors-per-thread=2" | FileCheck %s --check-prefix=TWO
// RUN: not baracuda-opt %s --convert-baracuda-to-gpu="vectors-per-thread=17" 2>&1 | FileCheck %s --check-prefix=BAD

// vectors-per-thread overrides the per-type default: three vector loads per
// main-loop step, and the host grid covers 256 * 3 vectors per block.
// min-blocks-per-multiprocessor becomes nvvm.minctasm on the vectorized
// kernels only (the scalar kernel is small already).
// CHECK-LABEL: func @f16_s8(
// CHECK: %[[PER_BLOCK:.*]] = arith.constant 768 : index
// CHECK: arith.ceildivui %{{.*}}, %[[PER_BLOCK]]
// CHECK: gpu.launch_func @baracuda_kernels::@quantize_f16_s8_v16
// CHECK: %[[PER_BLOCK2:.*]] = arith.constant 768 : index
// CHECK: arith.ceildivui %{{.*}}, %[[PER_BLOCK2]]
// CHECK: gpu.launch_func @baracuda_kernels::@quantize_f16_s8_v8
// CHECK: gpu.func @quantize_f16_s8(
// CHECK-NOT: nvvm.minctasm
// CHECK: gpu.func @quantize_f16_s8_v16(
// CHECK-SAME: nvvm.minctasm = 4 : i32
// CHECK: scf.for
// CHECK-COUNT-3: vector.load
// CHECK-NOT: vector.store
// CHECK: scf.if
// The option loads every kernel's vectors into registers: no ring variant.
// CHECK-NOT: gpu.func @quantize_f16_s8_v16_ring(
// CHECK: gpu.func @quantize_f16_s8_v8(
// CHECK-SAME: nvvm.minctasm = 4 : i32

// With two vectors per step the main loop runs over block tiles of 2 * 256
// vectors: thread t of the block takes vectors tile * 512 + t and that plus
// blockDim. It loads both (and their scales) before any arithmetic and takes
// one branch for the pair: the fast path for both, else the exact path for
// both, each from the values already loaded (no reload, which would let the
// backend sink the loads into the fast path). A remainder loop takes the
// vectors past the last whole tile, one per thread and grid stride.
// TWO: gpu.func @quantize_f16_s8_v8(
// TWO-SAME: %[[IN:[^:]*]]: memref<?xf16>
// TWO: %[[BID:.*]] = gpu.block_id x
// TWO: %[[BD:.*]] = gpu.block_dim x
// TWO: %[[TID:.*]] = gpu.thread_id x
// TWO: %[[GD:.*]] = gpu.grid_dim x
// TWO: %[[START:.*]] = arith.addi %{{.*}}, %[[TID]] : index
// TWO: %[[STRIDE:.*]] = arith.muli %[[BD]], %[[GD]] : index
// TWO: %[[ITEMS:.*]] = arith.divui
// TWO: %[[C2:.*]] = arith.constant 2 : index
// TWO: %[[TILE:.*]] = arith.muli %[[BD]], %[[C2]]
// TWO: %[[TILES:.*]] = arith.divui %[[ITEMS]], %[[TILE]]
// TWO: scf.for %[[T:.*]] = %[[BID]] to %[[TILES]] step %[[GD]] {
// TWO: %[[TBASE:.*]] = arith.muli %[[T]], %[[TILE]]
// TWO: %[[V:.*]] = arith.addi %[[TBASE]], %[[TID]]
// TWO: vector.load %[[IN]]
// TWO: arith.addi %[[V]], %[[BD]]
// TWO: vector.load %[[IN]]
// TWO-NOT: vector.store
// TWO: scf.if
// TWO-COUNT-2: vector.store
// TWO: } else {
// TWO-NOT: vector.load
// TWO-COUNT-2: vector.store
// TWO: }
// TWO: %[[COVERED:.*]] = arith.muli %[[TILES]], %[[TILE]]
// TWO: %[[REST:.*]] = arith.addi %[[COVERED]], %[[START]]
// TWO: scf.for %{{.*}} = %[[REST]] to %[[ITEMS]] step %[[STRIDE]] {
// TWO: vector.load %[[IN]]
// TWO: vector.store
// TWO-NOT: vector.load
// TWO: gpu.return

// BAD: error: convert-baracuda-to-gpu: vectors-per-thread must be 0 or in [1, 16], got 17
func.func @f16_s8(%x: memref<?x256xf16>, %s: memref<?x2xf16>, %zp: memref<?x2xi32>, %o: memref<?x256xsi8>) {
  baracuda.quantize ins(%x, %s, %zp : memref<?x256xf16>, memref<?x2xf16>, memref<?x2xi32>)
      outs(%o : memref<?x256xsi8>) layout = #baracuda.per_group<size = 128> range = [-128, 127]
  return
}

// The option sets every kernel's vectors per step, the parameter-vector
// kernels of the ops with a range included: they load their vectors into
// registers, with no ring of asynchronous copies (KernelAbi.h's default).
// TWO-LABEL: gpu.func @quantize_f16_s8_pv8(
// TWO-NOT: workgroup
// TWO-NOT: nvgpu.device_async_copy
// TWO: scf.for
// TWO-COUNT-2: vector.load {{.*}} : memref<?xf16>, vector<8xf16>
// TWO-NOT: nvgpu.device_async_copy
// TWO: gpu.return
func.func @last_axis(%x: memref<?x64xf16>, %s: memref<64xf16>, %zp: memref<64xi32>, %q: memref<?x64xsi8>) {
  baracuda.quantize ins(%x, %s, %zp : memref<?x64xf16>, memref<64xf16>, memref<64xi32>)
    outs(%q : memref<?x64xsi8>) layout = #baracuda.per_channel<axis = 1> range = [-128, 127]
  return
}
