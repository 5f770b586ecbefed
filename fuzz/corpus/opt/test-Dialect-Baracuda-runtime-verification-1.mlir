// Static axis: no divisibility check; only the dynamic rows are compared.
// CHECK-LABEL: func @dynamic_rows(
// CHECK-NOT: arith.remui
// CHECK: cf.assert %{{.*}}, "{{.*}}output shape [?, 8] must equal input shape [?, 8]
// CHECK: cf.assert %{{.*}}, "{{.*}}scale shape [3, 2] must be
// CHECK: cf.assert %{{.*}}, "{{.*}}zero_point shape [?, 2] must be
// CHECK: baracuda.quantize ins
func.func @dynamic_rows(%x: memref<?x8xf32>, %s: memref<3x2xf32>, %zp: memref<?x2xi32>, %o: memref<?x8xsi8>) {
  baracuda.quantize ins(%x, %s, %zp : memref<?x8xf32>, memref<3x2xf32>, memref<?x2xi32>)
    outs(%o : memref<?x8xsi8>) layout = #baracuda.per_group<size = 4> range = [-128, 127]
  return
}
