// RUN: baracuda-opt %s --convert-baracuda-to-gpu -split-input-file -verify-diagnostics

// What convert-baracuda-to-gpu cannot lower is rejected with a message.

// A user symbol named like the generated kernel module.
// expected-error @+1 {{'gpu.module' op defines symbol '@baracuda_kernels', which convert-baracuda-to-gpu generates}}
gpu.module @baracuda_kernels {
}
func.func @user(%x: memref<2x8xf32>, %s: memref<2x2xf32>, %zp: memref<2x2xi32>, %o: memref<2x8xsi8>) {
  baracuda.quantize ins(%x, %s, %zp : memref<2x8xf32>, memref<2x2xf32>, memref<2x2xi32>)
      outs(%o : memref<2x8xsi8>) layout = #baracuda.per_group<size = 4> range = [-128, 127]
  return
}

// -----

// expected-error @+1 {{'func.func' op defines symbol '@baracuda_kernels'}}
func.func private @baracuda_kernels()
func.func @user(%x: memref<2x8xf32>, %s: memref<2x2xf32>, %zp: memref<2x2xi32>, %o: memref<2x8xsi8>) {
  baracuda.quantize ins(%x, %s, %zp : memref<2x8xf32>, memref<2x2xf32>, memref<2x2xi32>)
      outs(%o : memref<2x8xsi8>) layout = #baracuda.per_group<size = 4> range = [-128, 127]
  return
}

// -----

module {
  builtin.module @inner {
    func.func @nested(%x: memref<2x8xf32>, %s: memref<2x2xf32>, %zp: memref<2x2xi32>, %o: memref<2x8xsi8>) {
      // expected-error @+1 {{op inside a nested builtin.module is not lowered by convert-baracuda-to-gpu}}
      baracuda.quantize ins(%x, %s, %zp : memref<2x8xf32>, memref<2x2xf32>, memref<2x2xi32>)
          outs(%o : memref<2x8xsi8>) layout = #baracuda.per_group<size = 4> range = [-128, 127]
      return
    }
  }
}

// -----

func.func @tensor_form(%x: tensor<2x8xf32>, %s: tensor<2x2xf32>, %zp: tensor<2x2xi32>) -> tensor<2x8xsi8> {
  %q_init = tensor.empty() : tensor<2x8xsi8>
  // expected-error @+1 {{must be bufferized before convert-baracuda-to-gpu}}
  %q = baracuda.quantize ins(%x, %s, %zp : tensor<2x8xf32>, tensor<2x2xf32>, tensor<2x2xi32>)
         outs(%q_init : tensor<2x8xsi8>) layout = #baracuda.per_group<size = 4> range = [-128, 127] -> tensor<2x8xsi8>
  return %q : tensor<2x8xsi8>
}
