// Per channel: the parameters have the channel axis's size; the other data
// operands the data's shape.
// CHECK-LABEL: func @per_channel(
// CHECK: cf.assert %{{.*}}, "{{.*}}dequantize (per_channel<axis = 1>): output shape [2, ?, 3] must equal input shape [?, ?, 3]
// CHECK: cf.assert %{{.*}}, "{{.*}}scale shape [?] must be [dim 1 of input]
// CHECK-NOT: cf.assert %{{.*}}, "{{.*}}zero_point shape
// CHECK: baracuda.dequantize ins
func.func @per_channel(%q: memref<?x?x3xsi8>, %s: memref<?xf32>, %zp: memref<16xi32>, %y: memref<2x?x3xf32>) {
  baracuda.dequantize ins(%q, %s, %zp : memref<?x?x3xsi8>, memref<?xf32>, memref<16xi32>)
    outs(%y : memref<2x?x3xf32>) layout = #baracuda.per_channel<axis = 1>
  return
}
