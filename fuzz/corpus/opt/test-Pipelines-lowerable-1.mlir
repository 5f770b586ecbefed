// An input sliced out of a larger tensor is copied to a contiguous buffer.
// CHECK-LABEL: llvm.func @sliced_input(
// CPU: llvm.call @baracuda_cpu_quantize_per_group_f32_s8
// GPU: gpu.launch_func
// CHECK-NOT: baracuda.quantize ins
func.func @sliced_input(%x: tensor<4x16xf32>, %s: tensor<2x2xf32>, %zp: tensor<2x2xi32>) -> tensor<2x8xsi8> {
  %xs = tensor.extract_slice %x[1, 4] [2, 8] [1, 1] : tensor<4x16xf32> to tensor<2x8xf32>
  %q_init = tensor.empty() : tensor<2x8xsi8>
  %q = baracuda.quantize ins(%xs, %s, %zp : tensor<2x8xf32>, tensor<2x2xf32>, tensor<2x2xi32>)
         outs(%q_init : tensor<2x8xsi8>) layout = #baracuda.per_group<size = 4> range = [-128, 127] -> tensor<2x8xsi8>
  return %q : tensor<2x8xsi8>
}
