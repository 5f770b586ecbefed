// The group size class: a group of 8 f16 elements fits the narrow kernel
// (8 elements per vector) but not the wide one (16), which is not emitted.
// CHECK-LABEL: func @f16_group8(
// CHECK-NOT: arith.cmpi uge
// CHECK: gpu.launch_func @baracuda_kernels::@quantize_per_group_f16_u8_v8
// CHECK: gpu.launch_func @baracuda_kernels::@quantize_per_group_f16_u8 blocks
// CHECK-NOT: _v16
// CHECK: gpu.func @quantize_per_group_f16_u8(
// CHECK: gpu.func @quantize_per_group_f16_u8_v8(
// CHECK-NOT: gpu.func
func.func @f16_group8(%x: memref<4x64xf16>, %s: memref<4x8xf16>, %zp: memref<4x8xi32>, %o: memref<4x64xui8>) {
  baracuda.quantize ins(%x, %s, %zp : memref<4x64xf16>, memref<4x8xf16>, memref<4x8xi32>)
      outs(%o : memref<4x64xui8>) layout = #baracuda.per_group<size = 8> range = [0, 255]
  return
}
