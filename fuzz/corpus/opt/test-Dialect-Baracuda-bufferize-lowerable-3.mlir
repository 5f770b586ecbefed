// Inside scf.for with the result yielded: written in place into the loop's
// buffer, which is the function's argument.
// CHECK-LABEL: func @in_loop(
// CHECK-SAME: %[[INIT:[a-z0-9]+]]: memref<2x8xsi8>, %{{.*}}: index)
// CHECK: scf.for
// CHECK: baracuda.quantize ins({{.*}}) outs(%[[INIT]] : memref<2x8xsi8>)
// CHECK: return %[[INIT]]
func.func @in_loop(%x: tensor<2x8xf32>, %s: tensor<2x2xf32>, %zp: tensor<2x2xi32>,
                   %init: tensor<2x8xsi8>, %n: index) -> tensor<2x8xsi8> {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %r = scf.for %i = %c0 to %n step %c1 iter_args(%acc = %init) -> tensor<2x8xsi8> {
    %q = baracuda.quantize ins(%x, %s, %zp : tensor<2x8xf32>, tensor<2x2xf32>, tensor<2x2xi32>)
           outs(%acc : tensor<2x8xsi8>) layout = #baracuda.per_group<size = 4> range = [-128, 127]
           -> tensor<2x8xsi8>
    scf.yield %q : tensor<2x8xsi8>
  }
  return %r : tensor<2x8xsi8>
}
