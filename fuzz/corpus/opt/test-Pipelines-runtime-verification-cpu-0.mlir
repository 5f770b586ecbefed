// End to end: a dynamic-shape function lowered by --baracuda-to-llvm checks,
// when called, the rules the verifier could not check (issue 9's inputs),
// and stops with the sizes and the rule's message instead of reading out of
// bounds.
// REQUIRES: clang
// RUN: baracuda-opt %s --baracuda-to-llvm | baracuda-translate --mlir-to-llvmir -o %t.ll
// RUN: clang -O1 -w %t.ll %S/Inputs/quantize_harness.c -lm -o %t.exe
// RUN: %t.exe 2 8 2 2 2 2 | FileCheck %s --check-prefix=VALID --implicit-check-not=run-time
// RUN: not --crash %t.exe 2 6 2 1 2 1 2>&1 | FileCheck %s --check-prefix=AXIS
// RUN: not --crash %t.exe 1 6 1 1 1 1 2>&1 | FileCheck %s --check-prefix=AXIS
// RUN: not --crash %t.exe 5 0 5 0 1 9 2>&1 | FileCheck %s --check-prefix=ZERO-POINT
// RUN: not --crash %t.exe 2 8 3 2 2 2 2>&1 | FileCheck %s --check-prefix=SCALE
// A strided operand (columns 4.. of a 2x12 input) is copied and quantized.
// RUN: %t.exe slice 2 12 2 2 2 2 | FileCheck %s --check-prefix=SLICE
// Turned off, nothing is checked.
// RUN: baracuda-opt %s '--baracuda-to-llvm=runtime-verification=false' | FileCheck %s --check-prefix=OFF

// x = 3i, scale 2, zero point 1: q = roundeven(1.5 i) + 1 (ties to even).
// VALID: output [2, 8]: 1 3 4 5 7 9 10 11 13 15 16 17 19 21 22 23

// x = 3 (12 r + 4 + j), j < 8: roundeven(1.5 (12 r + 4 + j)) + 1.
// SLICE: output [2, 8]: 7 9 10 11 13 15 16 17 25 27 28 29 31 33 34 35

// AXIS: quantize: sizes at run time: input [{{[12]}}, 6], scale [{{[12]}}, 1], zero_point [{{[12]}}, 1], output [{{[12]}}, 6]
// AXIS: ERROR: Runtime op verification failed
// AXIS: quantize (per_group<size = 4>): dim 1 of input must be a multiple of group_size (4)
// AXIS-NOT: output

// ZERO-POINT: quantize: sizes at run time: input [5, 0], scale [5, 0], zero_point [1, 9], output [5, 0]
// ZERO-POINT: quantize (per_group<size = 4>): zero_point shape [?, ?] must be [dim 0 of input, dim 1 of input / 4]
// ZERO-POINT-NOT: output

// SCALE: quantize: sizes at run time: input [2, 8], scale [3, 2], zero_point [2, 2], output [2, 8]
// SCALE: quantize (per_group<size = 4>): scale shape [?, ?] must be [dim 0 of input, dim 1 of input / 4]
// SCALE-NOT: output

// OFF-NOT: llvm.call @abort
// OFF-NOT: assert_msg
// OFF: llvm.func @quantize(

func.func @quantize(%x: tensor<?x?xf32>, %s: tensor<?x?xf32>, %zp: tensor<?x?xi32>) -> tensor<?x?xsi8>
    attributes {llvm.emit_c_interface} {
  %q_c0 = arith.constant 0 : index
  %q_d0 = tensor.dim %x, %q_c0 : tensor<?x?xf32>
  %q_c1 = arith.constant 1 : index
  %q_d1 = tensor.dim %x, %q_c1 : tensor<?x?xf32>
  %q_init = tensor.empty(%q_d0, %q_d1) : tensor<?x?xsi8>
  %q = baracuda.quantize ins(%x, %s, %zp : tensor<?x?xf32>, tensor<?x?xf32>, tensor<?x?xi32>)
         outs(%q_init : tensor<?x?xsi8>) layout = #baracuda.per_group<size = 4> range = [-128, 127] -> tensor<?x?xsi8>
  return %q : tensor<?x?xsi8>
}

func.func @quantize_slice(%x: tensor<?x?xf32>, %s: tensor<?x?xf32>, %zp: tensor<?x?xi32>) -> tensor<?x?xsi8>
    attributes {llvm.emit_c_interface} {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c4 = arith.constant 4 : index
  %rows = tensor.dim %x, %c0 : tensor<?x?xf32>
  %cols = tensor.dim %x, %c1 : tensor<?x?xf32>
  %width = arith.subi %cols, %c4 : index
  %xs = tensor.extract_slice %x[0, 4] [%rows, %width] [1, 1] : tensor<?x?xf32> to tensor<?x?xf32>
  %q_c0 = arith.constant 0 : index
  %q_d0 = tensor.dim %xs, %q_c0 : tensor<?x?xf32>
  %q_c1 = arith.constant 1 : index
  %q_d1 = tensor.dim %xs, %q_c1 : tensor<?x?xf32>
  %q_init = tensor.empty(%q_d0, %q_d1) : tensor<?x?xsi8>
  %q = baracuda.quantize ins(%xs, %s, %zp : tensor<?x?xf32>, tensor<?x?xf32>, tensor<?x?xi32>)
         outs(%q_init : tensor<?x?xsi8>) layout = #baracuda.per_group<size = 4> range = [-128, 127] -> tensor<?x?xsi8>
  return %q : tensor<?x?xsi8>
}
