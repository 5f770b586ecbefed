//===- Pipelines.h - Named baracuda pipelines -------------------*- C++ -*-===//

#ifndef BARACUDA_PIPELINES_PIPELINES_H
#define BARACUDA_PIPELINES_PIPELINES_H

#include "baracuda/Support/KernelAbi.h"

#include "mlir/Pass/PassOptions.h"
#include "mlir/Support/LLVM.h"

#include <optional>
#include <string>

namespace mlir {
class OpPassManager;

namespace baracuda {

/// Options of `baracuda-to-llvm`.
struct BaracudaToLLVMPipelineOptions
    : public PassPipelineOptions<BaracudaToLLVMPipelineOptions> {
  Option<bool> runtimeVerification{
      *this, "runtime-verification",
      llvm::cl::desc("Emit run-time checks (cf.assert) of the rules the "
                     "verifier could not check statically (dynamic sizes)"),
      llvm::cl::init(true)};
};

/// Options of `baracuda-to-nvvm`.
struct BaracudaToNVVMPipelineOptions
    : public PassPipelineOptions<BaracudaToNVVMPipelineOptions> {
  Option<bool> runtimeVerification{
      *this, "runtime-verification",
      llvm::cl::desc("Emit run-time checks (cf.assert, in the host code) of "
                     "the rules the verifier could not check statically "
                     "(dynamic sizes)"),
      llvm::cl::init(true)};
  ListOption<std::string> chips{
      *this, "chips",
      llvm::cl::desc("GPU targets, one gpu.object each (default sm_80,sm_90)"),
      llvm::cl::list_init<std::string>({"sm_80", "sm_90"})};
  Option<std::string> features{*this, "features",
                               llvm::cl::desc("PTX features of every target"),
                               llvm::cl::init("+ptx80")};
  Option<std::string> format{
      *this, "format",
      llvm::cl::desc("gpu-module-to-binary format: fatbin (cubin + PTX), "
                     "bin (cubin), isa (PTX text), llvm"),
      llvm::cl::init("fatbin")};
  Option<std::string> toolkit{*this, "toolkit",
                              llvm::cl::desc("CUDA toolkit (for ptxas)"),
                              llvm::cl::init("/usr/local/cuda")};
  Option<int> optLevel{*this, "opt-level",
                       llvm::cl::desc("NVVM optimization level"),
                       llvm::cl::init(3)};
  Option<int> vectorsPerThread{
      *this, "vectors-per-thread",
      llvm::cl::desc("convert-baracuda-to-gpu's vectors-per-thread (0: the "
                     "per-kernel rule)"),
      llvm::cl::init(0)};
  Option<int> threadsPerBlock{
      *this, "threads-per-block",
      llvm::cl::desc("convert-baracuda-to-gpu's threads-per-block (0: each "
                     "op's)"),
      llvm::cl::init(0)};
  Option<int> minBlocksPerMultiprocessor{
      *this, "min-blocks-per-multiprocessor",
      llvm::cl::desc("convert-baracuda-to-gpu's min-blocks-per-multiprocessor"),
      llvm::cl::init(::baracuda::kQuantizeMinBlocksPerMultiprocessor)};
};

/// Checks the options' values (chips, format, numeric bounds); on failure
/// returns a message naming the option, the value and what is accepted.
std::optional<std::string>
validateBaracudaToNVVMPipelineOptions(const BaracudaToNVVMPipelineOptions &);

/// Tensor-level baracuda IR to a module whose GPU code is a `gpu.binary`
/// (cubin + PTX per chip) and whose host code is in the llvm dialect.
void buildBaracudaToNVVMPipeline(OpPassManager &pm,
                                 const BaracudaToNVVMPipelineOptions &options);

/// Tensor-level baracuda IR to host code in the llvm dialect (CPU backend).
void buildBaracudaToLLVMPipeline(OpPassManager &pm,
                                 const BaracudaToLLVMPipelineOptions &options);

/// The one-shot bufferization both pipelines start with.
void buildBaracudaBufferizePipeline(OpPassManager &pm);

/// Registers baracuda-bufferize, baracuda-to-nvvm and baracuda-to-llvm.
void registerBaracudaPipelines();

} // namespace baracuda
} // namespace mlir

#endif // BARACUDA_PIPELINES_PIPELINES_H
