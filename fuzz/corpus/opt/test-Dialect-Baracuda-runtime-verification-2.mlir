// Everything static: the verifier checked it all.
// CHECK-NOT: llvm.func @printf
// CHECK-LABEL: func @all_static(
// CHECK-NOT: cf.assert
// CHECK-NOT: llvm.call
// CHECK: baracuda.quantize ins
func.func @all_static(%x: memref<3x8xf32>, %s: memref<3x2xf32>, %zp: memref<3x2xi32>, %o: memref<3x8xsi8>) {
  baracuda.quantize ins(%x, %s, %zp : memref<3x8xf32>, memref<3x2xf32>, memref<3x2xi32>)
    outs(%o : memref<3x8xsi8>) layout = #baracuda.per_group<size = 4> range = [-128, 127]
  return
}
