// RUN: baracuda-opt %s --convert-baracuda-to-gpu | FileCheck %s --check-prefixes=CHECK,T256
// RUN: baracuda-opt %s --convert-baracuda-to-gpu="threads-per-block=128" | FileCheck %s --check-prefixes=CHECK,T128
// RUN: baracuda-opt %s --convert-baracuda-to-gpu="threads-per-block=1024" | FileCheck %s --check-prefixes=CHECK,T1024
// RUN: not baracuda-opt %s --convert-baracuda-to-gpu="threads-per-block=100" 2>&1 | FileCheck %s --check-prefix=BAD
// RUN: not baracuda-opt %s --convert-baracuda-to-gpu="threads-per-block=1056" 2>&1 | FileCheck %s --check-prefix=BIG

// A kernel's block: its op's (QuantizeFamily.def, 256 for every op), or
// threads-per-block for every kernel. It sets the kernel's known block size
// (PTX .maxntid, which the runtime checks at module load), the launch's
// threads and the grid's elements per block, the staging and ring buffers
// (one slot per thread) and the staged kernels' resident blocks (2048
// threads per multiprocessor).

// CHECK-LABEL: func.func @dequantize_f16(
// T256: %[[T:.*]] = arith.constant 256 : index
// T128: %[[T:.*]] = arith.constant 128 : index
// T1024: %[[T:.*]] = arith.constant 1024 : index
// CHECK: %[[PER_BLOCK:.*]] = arith.constant {{256|128|1024}} : index
// CHECK: arith.ceildivui %{{.*}}, %[[PER_BLOCK]]
// CHECK: gpu.launch_func @baracuda_kernels::@dequantize_f16_s8_v16 blocks in (%{{.*}}, %{{.*}}, %{{.*}}) threads in (%[[T]], %{{.*}}, %{{.*}})
func.func @dequantize_f16(%q: memref<?x256xsi8>, %s: memref<?x2xf16>, %zp: memref<?x2xi32>, %o: memref<?x256xf16>) {
  baracuda.dequantize ins(%q, %s, %zp : memref<?x256xsi8>, memref<?x2xf16>, memref<?x2xi32>)
      outs(%o : memref<?x256xf16>) layout = #baracuda.per_group<size = 128>
  return
}

// CHECK-LABEL: func.func @last_axis(
// CHECK: gpu.launch_func @baracuda_kernels::@quantize_f16_s8_pv8 blocks in (%{{.*}}, %{{.*}}, %{{.*}}) threads in (%[[T2:[^,]*]],
// CHECK: gpu.launch_func @baracuda_kernels::@quantize_f16_s8 blocks in (%{{.*}}, %{{.*}}, %{{.*}}) threads in (%[[T2]],
func.func @last_axis(%x: memref<?x64xf16>, %s: memref<64xf16>, %zp: memref<64xi32>, %q: memref<?x64xsi8>) {
  baracuda.quantize ins(%x, %s, %zp : memref<?x64xf16>, memref<64xf16>, memref<64xi32>)
    outs(%q : memref<?x64xsi8>) layout = #baracuda.per_channel<axis = 1> range = [-128, 127]
  return
}

// Every kernel, the generic one included, is built for the block.
// CHECK: gpu.func @dequantize_f16_s8(
// T256-SAME: known_block_size = array<i32: 256, 1, 1>
// T128-SAME: known_block_size = array<i32: 128, 1, 1>
// T1024-SAME: known_block_size = array<i32: 1024, 1, 1>
// The staged wide kernel: a 16-element f16 slot per thread, and as many
// resident blocks as make 2048 threads.
// CHECK: gpu.func @dequantize_f16_s8_v16(
// T256-SAME: memref<4096xf16, #gpu.address_space<workgroup>>
// T128-SAME: memref<2048xf16, #gpu.address_space<workgroup>>
// T1024-SAME: memref<16384xf16, #gpu.address_space<workgroup>>
// T256-SAME: known_block_size = array<i32: 256, 1, 1>, nvvm.minctasm = 8 : i32
// T128-SAME: known_block_size = array<i32: 128, 1, 1>, nvvm.minctasm = 16 : i32
// T1024-SAME: known_block_size = array<i32: 1024, 1, 1>, nvvm.minctasm = 2 : i32
// CHECK: gpu.func @dequantize_f16_s8_v8(
// T256-SAME: known_block_size = array<i32: 256, 1, 1>
// T128-SAME: known_block_size = array<i32: 128, 1, 1>
// T1024-SAME: known_block_size = array<i32: 1024, 1, 1>
// CHECK: gpu.func @quantize_f16_s8(
// T256-SAME: known_block_size = array<i32: 256, 1, 1>
// T128-SAME: known_block_size = array<i32: 128, 1, 1>
// T1024-SAME: known_block_size = array<i32: 1024, 1, 1>
// The parameter-vector kernel's ring: four slots of 8 f16 per thread.
// CHECK: gpu.func @quantize_f16_s8_pv8(
// T256-SAME: memref<8192xf16, #gpu.address_space<workgroup>>
// T128-SAME: memref<4096xf16, #gpu.address_space<workgroup>>
// T1024-SAME: memref<32768xf16, #gpu.address_space<workgroup>>
// T256-SAME: known_block_size = array<i32: 256, 1, 1>
// T128-SAME: known_block_size = array<i32: 128, 1, 1>
// T1024-SAME: known_block_size = array<i32: 1024, 1, 1>

// BAD: error: convert-baracuda-to-gpu: threads-per-block must be 0 or a multiple of 32 in [32, 1024], got 100
// BIG: error: convert-baracuda-to-gpu: threads-per-block must be 0 or a multiple of 32 in [32, 1024], got 1056
