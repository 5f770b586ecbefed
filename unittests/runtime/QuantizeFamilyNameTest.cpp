//===- QuantizeFamilyNameTest.cpp - The family's readable op names --------===//
//
// quantizeFamilyName starts every plan and C ABI message of the family, and
// tests elsewhere match those messages: its 24 strings (6 ops x 4 layouts)
// are pinned here. It is derived from QuantizeFamily.def's OP rows, so a new
// op gets its name without a hand edit; the second test holds the derived
// names next to the .def's C entry-point stems.
//
//===----------------------------------------------------------------------===//

#include "baracuda/runtime/QuantizeFamilyPlan.h"

#include "baracuda/Family/QuantizeFamily.def"

#include <gtest/gtest.h>

#include <string>

namespace baracuda {
namespace {

TEST(QuantizeFamilyName, EveryOpAndLayoutKeepsItsName) {
  struct Case {
    FamilyOp op;
    LayoutKind layout;
    const char *name;
  };
  using F = FamilyOp;
  using L = LayoutKind;
  const Case cases[] = {
      {F::Quantize, L::PerTensor, "quantize_per_tensor"},
      {F::Quantize, L::PerChannel, "quantize_per_channel"},
      {F::Quantize, L::PerToken, "quantize_per_token"},
      {F::Quantize, L::PerGroup, "quantize_per_group"},
      {F::Dequantize, L::PerTensor, "dequantize_per_tensor"},
      {F::Dequantize, L::PerChannel, "dequantize_per_channel"},
      {F::Dequantize, L::PerToken, "dequantize_per_token"},
      {F::Dequantize, L::PerGroup, "dequantize_per_group"},
      {F::QuantizeBackward, L::PerTensor, "quantize_per_tensor_backward"},
      {F::QuantizeBackward, L::PerChannel, "quantize_per_channel_backward"},
      {F::QuantizeBackward, L::PerToken, "quantize_per_token_backward"},
      {F::QuantizeBackward, L::PerGroup, "quantize_per_group_backward"},
      {F::DequantizeBackward, L::PerTensor, "dequantize_per_tensor_backward"},
      {F::DequantizeBackward, L::PerChannel, "dequantize_per_channel_backward"},
      {F::DequantizeBackward, L::PerToken, "dequantize_per_token_backward"},
      {F::DequantizeBackward, L::PerGroup, "dequantize_per_group_backward"},
      {F::FakeQuantize, L::PerTensor, "fake_quantize_per_tensor"},
      {F::FakeQuantize, L::PerChannel, "fake_quantize_per_channel"},
      {F::FakeQuantize, L::PerToken, "fake_quantize_per_token"},
      {F::FakeQuantize, L::PerGroup, "fake_quantize_per_group"},
      {F::FakeQuantizeBackward, L::PerTensor,
       "fake_quantize_per_tensor_backward"},
      {F::FakeQuantizeBackward, L::PerChannel,
       "fake_quantize_per_channel_backward"},
      {F::FakeQuantizeBackward, L::PerToken,
       "fake_quantize_per_token_backward"},
      {F::FakeQuantizeBackward, L::PerGroup,
       "fake_quantize_per_group_backward"},
  };
  for (const Case &c : cases)
    EXPECT_EQ(quantizeFamilyName(c.op, c.layout), c.name);
}

// A C entry-point stem is the readable name of its (op, layout), except that
// a per-tensor stem may leave out "_per_tensor" (fake_quantize,
// fake_quantize_backward: the reference's names).
TEST(QuantizeFamilyName, EveryStemIsItsNameOrTheShortPerTensorForm) {
  struct Stem {
    const char *stem;
    FamilyOp op;
    LayoutKind layout;
  };
#define BARACUDA_QF_STEM_ROW(stem, Op, Layout, ...)                            \
  {#stem, FamilyOp::Op, LayoutKind::Layout},
  const Stem stems[] = {BARACUDA_QF_STEMS_IN_Q(BARACUDA_QF_STEM_ROW, , )
                            BARACUDA_QF_STEMS_IN(BARACUDA_QF_STEM_ROW, , )};
#undef BARACUDA_QF_STEM_ROW
  for (const Stem &s : stems) {
    std::string name = quantizeFamilyName(s.op, s.layout);
    std::string shortForm = name;
    if (s.layout == LayoutKind::PerTensor)
      shortForm.erase(shortForm.find("_per_tensor"), 11);
    EXPECT_TRUE(s.stem == name || s.stem == shortForm)
        << s.stem << " vs " << name;
  }
}

} // namespace
} // namespace baracuda
