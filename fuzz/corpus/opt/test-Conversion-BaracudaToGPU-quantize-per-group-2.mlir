// f64 input: a narrow vector is four elements (two 16-byte loads), so the
// group's parameters and the 4-byte store are shared by four elements; a
// wide one is eight (four loads, an 8-byte store). 8x256 elements are far
// below a wave of either, but the host code only knows that at run time.
// CHECK-LABEL: func @f64_s8(
// CHECK: gpu.launch_func @baracuda_kernels::@quantize_per_group_f64_s8_v8
// CHECK: %[[C4:.*]] = arith.constant 4 : index
// CHECK: arith.remui %{{.*}}, %[[C4]] : index
// CHECK: gpu.launch_func @baracuda_kernels::@quantize_per_group_f64_s8_v4
// CHECK: gpu.launch_func @baracuda_kernels::@quantize_per_group_f64_s8 blocks
// CHECK: gpu.func @quantize_per_group_f64_s8(
// CHECK: gpu.func @quantize_per_group_f64_s8_v8(
// CHECK-SAME: %[[WIN:[^:]*]]: memref<?xf64>
// CHECK: vector.load %[[WIN]]{{.*}} {alignment = 16 : i64} : memref<?xf64>, vector<8xf64>
// CHECK: vector.store {{.*}} {alignment = 8 : i64} : memref<?xi8>, vector<8xi8>
// CHECK: gpu.func @quantize_per_group_f64_s8_v4(
// CHECK-SAME: %[[IN:[^:]*]]: memref<?xf64>
// CHECK: scf.for
// CHECK: vector.load %[[IN]]{{.*}} {alignment = 16 : i64} : memref<?xf64>, vector<4xf64>
// CHECK: arith.divf {{.*}} : vector<4xf64>
// CHECK: vector.store {{.*}} {alignment = 4 : i64} : memref<?xi8>, vector<4xi8>
// CHECK-NOT: scf.for
// CHECK: gpu.return
func.func @f64_s8(%x: memref<8x256xf64>, %s: memref<8x2xf64>, %zp: memref<8x2xi32>, %o: memref<8x256xsi8>) {
  baracuda.quantize ins(%x, %s, %zp : memref<8x256xf64>, memref<8x2xf64>, memref<8x2xi32>)
      outs(%o : memref<8x256xsi8>) layout = #baracuda.per_group<size = 128> range = [-128, 127]
  return
}
