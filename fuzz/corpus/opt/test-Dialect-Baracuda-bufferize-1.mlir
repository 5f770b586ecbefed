// The destination is written in place: no allocation, the argument's buffer
// is the result.
// CHECK-LABEL: func @in_place(
// CHECK-SAME: %[[OUTARG:[a-z0-9]+]]: memref<2x8xui8>) -> memref<2x8xui8>
// CHECK-NOT: memref.alloc
// CHECK: baracuda.dequantize_backward ins({{.*}} : memref<2x8xf64>, f64) outs(%{{.*}} : memref<2x8xf64>)
// CHECK: baracuda.quantize ins({{.*}} : memref<2x8xf64>, f64, i32) outs(%[[OUTARG]] : memref<2x8xui8>) layout = #baracuda.per_tensor range = [0, 255]
// CHECK: return %[[OUTARG]]
func.func @in_place(%x: tensor<2x8xf64>, %s: f64, %zp: i32, %dx: tensor<2x8xf64>,
                    %out: tensor<2x8xui8>) -> tensor<2x8xui8> {
  %g = baracuda.dequantize_backward ins(%x, %s : tensor<2x8xf64>, f64)
         outs(%dx : tensor<2x8xf64>) layout = #baracuda.per_tensor -> tensor<2x8xf64>
  %q = baracuda.quantize ins(%g, %s, %zp : tensor<2x8xf64>, f64, i32)
         outs(%out : tensor<2x8xui8>) layout = #baracuda.per_tensor range = [0, 255]
         -> tensor<2x8xui8>
  return %q : tensor<2x8xui8>
}
