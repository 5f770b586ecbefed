// f64 input divides in f64 on both paths. Its fast path replaces NaN by 0
// before the conversion: PTX converts an f64 NaN to INT_MIN, not 0.
// Group 6 is not a power of two: generic kernel only.
// CHECK-LABEL: func @f64_u8
// CHECK-NOT: extract_aligned_pointer
// CHECK: gpu.launch_func @baracuda_kernels::@quantize_per_group_f64_u8 blocks
// CHECK-LABEL: gpu.func @quantize_per_group_f64_u8(
// CHECK-NOT: arith.extf
// CHECK: scf.if
// CHECK: %[[Q:.*]] = arith.divf {{.*}} : f64
// CHECK: %[[NAN:.*]] = arith.cmpf uno, %[[Q]], %[[Q]] : f64
// CHECK: %[[V:.*]] = arith.select %[[NAN]], %{{.*}}, %[[Q]] : f64
// CHECK: llvm.call_intrinsic "llvm.nvvm.d2i.rn"(%[[V]]) : (f64) -> i32
// CHECK: } else {
// CHECK: arith.fptosi {{.*}} : f64 to i64
// CHECK-NOT: gpu.func
func.func @f64_u8(%x: memref<2x12xf64>, %s: memref<2x2xf64>, %zp: memref<2x2xi32>, %o: memref<2x12xui8>) {
  baracuda.quantize ins(%x, %s, %zp : memref<2x12xf64>, memref<2x2xf64>, memref<2x2xi32>)
      outs(%o : memref<2x12xui8>) layout = #baracuda.per_group<size = 6> range = [0, 255]
  return
}
