// RUN: baracuda-opt %s --convert-baracuda-to-gpu="vectors-per-thread=3 min-blocks-per-multiprocessor=4" | FileCheck %s
// RUN: not baracuda-opt %s --convert-baracuda-to-gpu="vectors-per-thread=-1" 2>&1 | FileCheck %s --check-prefix=BAD

// vectors-per-thread overrides the per-type default: three vector loads per
// main-loop step, and the host grid covers 256 * 3 vectors per block.
// min-blocks-per-multiprocessor becomes nvvm.minctasm on the vectorized
// kernel only (the scalar kernel is small already).
// CHECK-LABEL: func @f16_s8(
// CHECK: %[[PER_BLOCK:.*]] = arith.constant 768 : index
// CHECK: arith.ceildivui %{{.*}}, %[[PER_BLOCK]]
// CHECK: gpu.launch_func @baracuda_kernels::@quantize_per_group_f16_s8_v8
// CHECK: gpu.func @quantize_per_group_f16_s8(
// CHECK-NOT: nvvm.minctasm
// CHECK: gpu.func @quantize_per_group_f16_s8_v8(
// CHECK-SAME: nvvm.minctasm = 4 : i32
// CHECK: scf.for
// CHECK-COUNT-3: vector.load
// CHECK-NOT: vector.store
// CHECK: scf.if

// BAD: error: convert-baracuda-to-gpu: vectors-per-thread must be 0 (per input type) or positive, got -1
func.func @f16_s8(%x: memref<?x256xf16>, %s: memref<?x2xf16>, %zp: memref<?x2xi32>, %o: memref<?x256xsi8>) {
  baracuda.quantize_per_group_into %x, %s, %zp, %o group_size = 128 range = [-128, 127]
       : memref<?x256xf16>, memref<?x2xf16>, memref<?x2xi32>, memref<?x256xsi8>
  return
}
