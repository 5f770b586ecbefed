// An op in a nested builtin.module fails both pipelines with a message
// instead of leaving the op in an output that exits 0; run on the nested
// module, the pipeline lowers it.
// RUN: not baracuda-opt %s --baracuda-to-llvm 2>&1 | FileCheck %s --check-prefix=CPU
// RUN: not baracuda-opt %s '--baracuda-to-nvvm=chips=sm_90 format=isa' 2>&1 | FileCheck %s --check-prefix=GPU
// RUN: baracuda-opt %s --pass-pipeline='builtin.module(builtin.module(baracuda-to-llvm))' | FileCheck %s --check-prefix=NESTED

// CPU: error: 'baracuda.quantize' op inside a nested builtin.module is not lowered by convert-baracuda-to-scf
// GPU: error: 'baracuda.quantize' op inside a nested builtin.module is not lowered by convert-baracuda-to-gpu
// NESTED: module @inner
// NESTED-NOT: baracuda.quantize ins
// NESTED: llvm.func @baracuda_cpu_quantize_f32_s8(

module {
  module @inner {
    func.func @f(%x: tensor<2x8xf32>, %s: tensor<2x2xf32>, %zp: tensor<2x2xi32>) -> tensor<2x8xsi8> {
      %q_init = tensor.empty() : tensor<2x8xsi8>
      %q = baracuda.quantize ins(%x, %s, %zp : tensor<2x8xf32>, tensor<2x2xf32>, tensor<2x2xi32>)
             outs(%q_init : tensor<2x8xsi8>) layout = #baracuda.per_group<size = 4> range = [-128, 127] -> tensor<2x8xsi8>
      return %q : tensor<2x8xsi8>
    }
  }
}
