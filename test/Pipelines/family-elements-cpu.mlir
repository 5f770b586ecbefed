// End to end on the CPU: the element builders of every op of the
// quantization family, through the CPU kernel skeleton and the
// --baracuda-to-llvm pipeline, against hand-computed results at the edge
// cases (ties with odd and even zero points, +-0, NaN, +-Inf, huge values,
// scale 0, the mask exactly at q_min and q_max, a zero point beyond i32
// after subtraction, bf16/f16 rounding ties), on both the fast and the exact
// path, and the parameter layout p(i) = (i / block) % period with partial
// last blocks. Inputs/family_harness.c calls the kernels' C interfaces.
// REQUIRES: clang
// RUN: baracuda-opt %s '--baracuda-to-llvm=runtime-verification=false' | baracuda-translate --mlir-to-llvmir -o %t.ll
// RUN: clang -O1 -w %t.ll %S/Inputs/family_harness.c -lm -o %t.exe
// RUN: %t.exe | FileCheck %s --implicit-check-not=MISMATCH

// CHECK: quantize fast: ok
// CHECK: quantize per_tensor fast: ok
// CHECK: quantize exact: ok
// CHECK: quantize scale 0: ok
// CHECK: dequantize: ok
// CHECK: dequantize per_tensor u8 huge zero point: ok
// CHECK: dequantize per_tensor Inf scale: ok
// CHECK: dequantize bf16 tie to even: ok
// CHECK: quantize_backward fast: ok
// CHECK: quantize_backward exact: ok
// CHECK: quantize_backward per_tensor: ok
// CHECK: fake_quantize_backward exact: ok
// CHECK: fake_quantize_backward fast: ok
// CHECK: fake_quantize_backward per_tensor: ok
// CHECK: quantize_backward scale 2: ok
// CHECK: quantize_backward scale 0: ok
// CHECK: fake_quantize_backward scale 0: ok
// CHECK: quantize_backward per_tensor f64: ok
// CHECK: quantize_backward per_tensor f64 shifted: ok
// CHECK: dequantize_backward: ok
// CHECK: dequantize_backward per_tensor scale 0: ok
// CHECK: fake_quantize fast: ok
// CHECK: fake_quantize exact: ok
// CHECK: fake_quantize per_tensor: ok
// CHECK: fake_quantize scale 0: ok
// CHECK: fake_quantize f16 fast: ok
// CHECK: fake_quantize f16 exact: ok
// CHECK: layout block 2 period 3: ok
// CHECK: layout block 7 period 4: ok
// CHECK: layout block 20 period 2: ok
// CHECK: per_tensor block 4: ok

func.func @q(%x: memref<?xf32>, %s: memref<?xf32>, %zp: memref<?xi32>, %q: memref<?xsi8>) {
  baracuda.quantize ins(%x, %s, %zp : memref<?xf32>, memref<?xf32>, memref<?xi32>)
    outs(%q : memref<?xsi8>) layout = #baracuda.per_channel<axis = 0> range = [-128, 127]
  return
}
func.func @qt(%x: memref<?xf32>, %s: f32, %zp: i32, %q: memref<?xsi8>) {
  baracuda.quantize ins(%x, %s, %zp : memref<?xf32>, f32, i32)
    outs(%q : memref<?xsi8>) layout = #baracuda.per_tensor range = [-128, 127]
  return
}
func.func @dq(%q: memref<?xsi8>, %s: memref<?xf32>, %zp: memref<?xi32>, %y: memref<?xf32>) {
  baracuda.dequantize ins(%q, %s, %zp : memref<?xsi8>, memref<?xf32>, memref<?xi32>)
    outs(%y : memref<?xf32>) layout = #baracuda.per_channel<axis = 0>
  return
}
func.func @dqt(%q: memref<?xui8>, %s: f32, %zp: i32, %y: memref<?xf32>) {
  baracuda.dequantize ins(%q, %s, %zp : memref<?xui8>, f32, i32)
    outs(%y : memref<?xf32>) layout = #baracuda.per_tensor
  return
}
func.func @dq_bf16(%q: memref<?xui8>, %s: memref<?xbf16>, %zp: memref<?xi32>, %y: memref<?xbf16>) {
  baracuda.dequantize ins(%q, %s, %zp : memref<?xui8>, memref<?xbf16>, memref<?xi32>)
    outs(%y : memref<?xbf16>) layout = #baracuda.per_channel<axis = 0>
  return
}
func.func @qb(%dy: memref<?xf32>, %x: memref<?xf32>, %s: memref<?xf32>, %zp: memref<?xi32>, %dx: memref<?xf32>) {
  baracuda.quantize_backward ins(%dy, %x, %s, %zp : memref<?xf32>, memref<?xf32>, memref<?xf32>, memref<?xi32>)
    outs(%dx : memref<?xf32>) layout = #baracuda.per_channel<axis = 0> range = [-128, 127]
  return
}
func.func @qbt(%dy: memref<?xf32>, %x: memref<?xf32>, %s: f32, %zp: i32, %dx: memref<?xf32>) {
  baracuda.quantize_backward ins(%dy, %x, %s, %zp : memref<?xf32>, memref<?xf32>, f32, i32)
    outs(%dx : memref<?xf32>) layout = #baracuda.per_tensor range = [-128, 127]
  return
}
func.func @qbt_f64(%dy: memref<?xf64>, %x: memref<?xf64>, %s: f64, %zp: i32, %dx: memref<?xf64>) {
  baracuda.quantize_backward ins(%dy, %x, %s, %zp : memref<?xf64>, memref<?xf64>, f64, i32)
    outs(%dx : memref<?xf64>) layout = #baracuda.per_tensor range = [-128, 127]
  return
}
func.func @db(%dy: memref<?xf32>, %s: memref<?xf32>, %dq: memref<?xf32>) {
  baracuda.dequantize_backward ins(%dy, %s : memref<?xf32>, memref<?xf32>)
    outs(%dq : memref<?xf32>) layout = #baracuda.per_channel<axis = 0>
  return
}
func.func @dbt(%dy: memref<?xf32>, %s: f32, %dq: memref<?xf32>) {
  baracuda.dequantize_backward ins(%dy, %s : memref<?xf32>, f32)
    outs(%dq : memref<?xf32>) layout = #baracuda.per_tensor
  return
}
func.func @fq(%x: memref<?xf32>, %s: memref<?xf32>, %zp: memref<?xi32>, %y: memref<?xf32>) {
  baracuda.fake_quantize ins(%x, %s, %zp : memref<?xf32>, memref<?xf32>, memref<?xi32>)
    outs(%y : memref<?xf32>) layout = #baracuda.per_channel<axis = 0> range = [-128, 127]
  return
}
func.func @fqt(%x: memref<?xf32>, %s: f32, %zp: i32, %y: memref<?xf32>) {
  baracuda.fake_quantize ins(%x, %s, %zp : memref<?xf32>, f32, i32)
    outs(%y : memref<?xf32>) layout = #baracuda.per_tensor range = [-128, 127]
  return
}
func.func @fq_f16(%x: memref<?xf16>, %s: memref<?xf16>, %zp: memref<?xi32>, %y: memref<?xf16>) {
  baracuda.fake_quantize ins(%x, %s, %zp : memref<?xf16>, memref<?xf16>, memref<?xi32>)
    outs(%y : memref<?xf16>) layout = #baracuda.per_channel<axis = 0> range = [-128, 127]
  return
}
func.func @fb(%dy: memref<?xf32>, %x: memref<?xf32>, %s: memref<?xf32>, %zp: memref<?xi32>, %dx: memref<?xf32>) {
  baracuda.fake_quantize_backward ins(%dy, %x, %s, %zp : memref<?xf32>, memref<?xf32>, memref<?xf32>, memref<?xi32>)
    outs(%dx : memref<?xf32>) layout = #baracuda.per_channel<axis = 0> range = [-128, 127]
  return
}
func.func @fbt(%dy: memref<?xf32>, %x: memref<?xf32>, %s: f32, %zp: i32, %dx: memref<?xf32>) {
  baracuda.fake_quantize_backward ins(%dy, %x, %s, %zp : memref<?xf32>, memref<?xf32>, f32, i32)
    outs(%dx : memref<?xf32>) layout = #baracuda.per_tensor range = [-128, 127]
  return
}
