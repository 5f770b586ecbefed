//===- OptFuzzer.cpp - Fuzz target: baracuda-opt's pipelines --------------===//
//
// One input = one MLIR module as text, taken through what `baracuda-opt`
// does with it, in process and with baracuda-opt's registrations: parse
// (which verifies), then each registered baracuda pipeline on a fresh copy,
// by name through the pass registry. Text that does not parse or verify is
// simply rejected. A finding, which aborts with the pipeline and the reason
// (libFuzzer saves the input), is:
//
//  - a crash or a failed assertion anywhere on the way;
//  - a pass that succeeds but leaves IR that does not verify (the pass
//    manager's own verifier is replaced by one that names the pass);
//  - a pipeline that fails without an error diagnostic, or succeeds after
//    emitting one;
//  - baracuda-to-llvm or baracuda-to-nvvm succeeding with a baracuda op
//    left in the module (baracuda-bufferize keeps them, on memrefs).
//
// baracuda-to-nvvm runs with format=isa: the same passes up to PTX text,
// without a ptxas process per input.
//
//===----------------------------------------------------------------------===//

#include "baracuda/Conversion/Passes.h"
#include "baracuda/Dialect/Baracuda/IR/BaracudaDialect.h"
#include "baracuda/Dialect/Baracuda/Transforms/BufferizableOpInterfaceImpl.h"
#include "baracuda/Pipelines/Pipelines.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/IR/Verifier.h"
#include "mlir/InitAllDialects.h"
#include "mlir/InitAllExtensions.h"
#include "mlir/InitAllPasses.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Pass/PassInstrumentation.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassRegistry.h"
#include "mlir/Target/LLVM/NVVM/Target.h"
#include "mlir/Target/LLVMIR/Dialect/All.h"

#include "llvm/Support/raw_ostream.h"

#include <cstdio>
#include <cstdlib>
#include <string>

using namespace mlir;

namespace {

struct Pipeline {
  const char *name;     ///< for messages
  const char *pipeline; ///< textual pipeline, parsed through the registry
  bool lowersBaracuda;  ///< no baracuda op may survive a success
};

const Pipeline kPipelines[] = {
    {"baracuda-bufferize", "baracuda-bufferize", false},
    {"baracuda-to-llvm", "baracuda-to-llvm", true},
    {"baracuda-to-nvvm", "baracuda-to-nvvm{format=isa}", true},
};

[[noreturn]] void finding(const std::string &what) {
  std::fprintf(stderr, "baracuda-opt fuzz finding: %s\n", what.c_str());
  std::fflush(stderr);
  std::abort();
}

/// baracuda-opt's registrations (tools/baracuda-opt/baracuda-opt.cpp), once.
MLIRContext &fuzzContext() {
  static MLIRContext *context = [] {
    registerAllPasses();
    mlir::baracuda::registerBaracudaPasses();
    mlir::baracuda::registerBaracudaPipelines();
    DialectRegistry registry;
    registerAllDialects(registry);
    registerAllExtensions(registry);
    NVVM::registerNVVMTargetInterfaceExternalModels(registry);
    registerAllToLLVMIRTranslations(registry);
    registry.insert<mlir::baracuda::BaracudaDialect>();
    mlir::baracuda::registerBufferizableOpInterfaceExternalModels(registry);
    // One thread: deterministic, and a crash's stack is the fuzzer's own.
    auto *ctx = new MLIRContext(registry, MLIRContext::Threading::DISABLED);
    ctx->loadAllAvailableDialects();
    return ctx;
  }();
  return *context;
}

/// Verifies the IR after every successful pass, naming the pass that broke
/// it (the pass manager's verifier only makes the run fail).
class VerifyAfterEachPass : public PassInstrumentation {
public:
  explicit VerifyAfterEachPass(std::string pipeline)
      : pipeline_(std::move(pipeline)) {}
  void runAfterPass(Pass *pass, Operation *op) override {
    if (failed(verify(op)))
      finding(pipeline_ + ": pass '" + pass->getArgument().str() +
              "' succeeded but left IR that does not verify");
  }

private:
  std::string pipeline_;
};

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  MLIRContext &context = fuzzContext();
  int errors = 0;
  std::string lastError;
  ScopedDiagnosticHandler handler(&context, [&](Diagnostic &diagnostic) {
    if (diagnostic.getSeverity() == DiagnosticSeverity::Error) {
      ++errors;
      lastError = diagnostic.str();
    }
    return success(); // Handled: nothing printed per input.
  });

  // The lexer reads up to a NUL: the text needs one after its end.
  std::string text(reinterpret_cast<const char *>(data), size);
  ParserConfig config(&context);
  OwningOpRef<ModuleOp> module = parseSourceString<ModuleOp>(text, config);
  if (!module)
    return 0; // Not IR, or IR the verifier rejects: baracuda-opt says so.

  for (const Pipeline &pipeline : kPipelines) {
    OwningOpRef<ModuleOp> copy = cast<ModuleOp>((*module)->clone());
    PassManager pm(&context);
    std::string parseError;
    llvm::raw_string_ostream parseErrors(parseError);
    if (failed(parsePassPipeline(pipeline.pipeline, pm, parseErrors)))
      finding(std::string(pipeline.name) + ": not registered: " + parseError);
    pm.enableVerifier(false);
    pm.addInstrumentation(std::make_unique<VerifyAfterEachPass>(pipeline.name));

    errors = 0;
    lastError.clear();
    if (failed(pm.run(*copy))) {
      if (errors == 0)
        finding(std::string(pipeline.name) + ": failed without an error");
      continue;
    }
    if (errors != 0)
      finding(std::string(pipeline.name) +
              ": succeeded after emitting an error: " + lastError);
    if (!pipeline.lowersBaracuda)
      continue;
    copy->walk([&](Operation *op) {
      if (op->getName().getDialectNamespace() ==
          mlir::baracuda::BaracudaDialect::getDialectNamespace())
        finding(std::string(pipeline.name) + ": succeeded but left '" +
                op->getName().getStringRef().str() + "' unlowered");
    });
  }
  return 0;
}
