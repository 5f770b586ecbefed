// A tensor-level function quantizing f16 activations to s8 with one
// (scale, zero point) per group of 128 elements along the last axis. The op
// is destination-style: it writes into `outs` (here a fresh tensor).
func.func @quantize_f16_s8(%x: tensor<?x4096xf16>, %scale: tensor<?x32xf16>,
                           %zp: tensor<?x32xi32>) -> tensor<?x4096xsi8> {
  %c0 = arith.constant 0 : index
  %rows = tensor.dim %x, %c0 : tensor<?x4096xf16>
  %init = tensor.empty(%rows) : tensor<?x4096xsi8>
  %q = baracuda.quantize
         ins(%x, %scale, %zp : tensor<?x4096xf16>, tensor<?x32xf16>, tensor<?x32xi32>)
         outs(%init : tensor<?x4096xsi8>)
         layout = #baracuda.per_group<size = 128> range = [-128, 127]
         -> tensor<?x4096xsi8>
  return %q : tensor<?x4096xsi8>
}
