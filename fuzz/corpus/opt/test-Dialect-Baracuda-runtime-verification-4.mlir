// Per tensor: the parameters are scalars; only the data shapes are compared.
// CHECK-LABEL: func @per_tensor(
// CHECK: cf.assert %{{.*}}, "{{.*}}quantize_backward (per_tensor): input shape [?] must equal grad_output shape [?]
// CHECK: cf.assert %{{.*}}, "{{.*}}grad_input shape [?] must equal grad_output shape [?]
// CHECK-NOT: cf.assert
// CHECK: baracuda.quantize_backward ins
func.func @per_tensor(%dy: memref<?xf16>, %x: memref<?xf16>, %s: f32, %zp: i32, %dx: memref<?xf16>) {
  baracuda.quantize_backward ins(%dy, %x, %s, %zp : memref<?xf16>, memref<?xf16>, f32, i32)
    outs(%dx : memref<?xf16>) layout = #baracuda.per_tensor range = [-128, 127]
  return
}
