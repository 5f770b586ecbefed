// Inside scf.for, the result yielded.
// CHECK-LABEL: llvm.func @in_loop(
// CPU: llvm.call @baracuda_cpu_quantize_per_group_f32_s8
// GPU: gpu.launch_func
// CHECK-NOT: baracuda.quantize ins
func.func @in_loop(%x: tensor<2x8xf32>, %s: tensor<2x2xf32>, %zp: tensor<2x2xi32>, %init: tensor<2x8xsi8>, %n: index) -> tensor<2x8xsi8> {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %r = scf.for %i = %c0 to %n step %c1 iter_args(%acc = %init) -> tensor<2x8xsi8> {
    %q_init = tensor.empty() : tensor<2x8xsi8>
    %q = baracuda.quantize ins(%x, %s, %zp : tensor<2x8xf32>, tensor<2x2xf32>, tensor<2x2xi32>)
           outs(%q_init : tensor<2x8xsi8>) layout = #baracuda.per_group<size = 4> range = [-128, 127] -> tensor<2x8xsi8>
    scf.yield %q : tensor<2x8xsi8>
  }
  return %r : tensor<2x8xsi8>
}
