//===- QuantizeFamilyRules.cpp - Rules of the quantization family ---------===//

#include "baracuda/Rules/QuantizeFamilyRules.h"

namespace baracuda {

namespace {
std::string str(int64_t v) { return std::to_string(v); }

/// The role of an operand of QuantizeFamily.def's rows, as the rules see it.
constexpr OperandRole DataTRole = OperandRole::Float;
constexpr OperandRole DataQRole = OperandRole::Quantized;
constexpr OperandRole ScaleTRole = OperandRole::Scale;
constexpr OperandRole ZeroPointRole = OperandRole::ZeroPoint;
constexpr OperandRole OutTRole = OperandRole::Float;
constexpr OperandRole OutQRole = OperandRole::Quantized;

/// One op's row of QuantizeFamily.def, the family's one list.
struct FamilyOpRow {
  FamilyOp op;
  std::string_view name;
  bool hasQuantized;
  bool hasRange;
  bool selectsData;
  int threadsPerBlock;
  std::vector<FamilyOperand> operands;
};

#define BARACUDA_QF_CHECK_THREADS_PER_BLOCK(kind, ...)                         \
  static_assert(isValidThreadsPerBlock(BARACUDA_QF_THREADS_PER_BLOCK_##kind),  \
                "BARACUDA_QF_THREADS_PER_BLOCK_" #kind                         \
                " must be a multiple of 32 from 32 to 1024");
BARACUDA_QF_OPS(BARACUDA_QF_CHECK_THREADS_PER_BLOCK, unused)
#undef BARACUDA_QF_CHECK_THREADS_PER_BLOCK

const std::vector<FamilyOpRow> &familyOpRows() {
#define BARACUDA_QF_OPERAND_ROW(name, role) {#name, role##Role},
#define BARACUDA_QF_OP_ROW(kind, symbol, hasQ, hasRange, operands)             \
  {FamilyOp::kind,                                                             \
   #symbol,                                                                    \
   hasQ != 0,                                                                  \
   hasRange != 0,                                                              \
   BARACUDA_QF_SELECTS_DATA_##kind != 0,                                       \
   BARACUDA_QF_THREADS_PER_BLOCK_##kind,                                       \
   {operands}},
  static const std::vector<FamilyOpRow> rows = {
      BARACUDA_QF_OPS(BARACUDA_QF_OP_ROW, BARACUDA_QF_OPERAND_ROW)};
#undef BARACUDA_QF_OP_ROW
#undef BARACUDA_QF_OPERAND_ROW
  return rows;
}

const FamilyOpRow &rowOf(FamilyOp op) {
  for (const FamilyOpRow &row : familyOpRows())
    if (row.op == op)
      return row;
  return familyOpRows().front(); // Unreachable: every FamilyOp has a row.
}
} // namespace

std::string_view familyOpName(FamilyOp op) { return rowOf(op).name; }

const std::vector<FamilyOperand> &familyOperands(FamilyOp op) {
  return rowOf(op).operands;
}

bool familyOpHasRange(FamilyOp op) { return rowOf(op).hasRange; }

bool familyOpHasQuantized(FamilyOp op) { return rowOf(op).hasQuantized; }

bool familyResultSelectsData(FamilyOp op) { return rowOf(op).selectsData; }

int familyThreadsPerBlock(FamilyOp op) { return rowOf(op).threadsPerBlock; }

std::string_view layoutKindName(LayoutKind kind) {
  switch (kind) {
  case LayoutKind::PerTensor:
    return "per_tensor";
  case LayoutKind::PerChannel:
    return "per_channel";
  case LayoutKind::PerToken:
    return "per_token";
  case LayoutKind::PerGroup:
    return "per_group";
  }
  return "?";
}

std::string layoutText(const ParameterLayout &layout) {
  std::string text(layoutKindName(layout.kind));
  if (layout.kind == LayoutKind::PerChannel)
    text += "<axis = " + str(layout.axis) + ">";
  if (layout.kind == LayoutKind::PerGroup)
    text += "<size = " + str(layout.groupSize) + ">";
  return text;
}

std::string shapeText(const MaybeShape &shape) {
  std::string text = "[";
  for (size_t d = 0; d < shape.size(); ++d) {
    if (d)
      text += ", ";
    text += shape[d] ? str(*shape[d]) : "?";
  }
  return text + "]";
}

std::string groupDivisibilityRuleMessage(const std::string &dim,
                                         const std::string &value,
                                         const std::string &group) {
  return dim + (value.empty() ? "" : " (" + value + ")") +
         " must be a multiple of group_size (" + group + ")";
}

std::string operandShapeRuleMessage(const std::string &operand,
                                    const std::string &shape,
                                    const std::string &what,
                                    const std::string &required) {
  return operand + " shape " + shape + " must be " + what + " = " + required;
}

std::string parameterShapeWords(const ParameterLayout &layout,
                                const std::string &data) {
  switch (layout.kind) {
  case LayoutKind::PerTensor:
    return "[]";
  case LayoutKind::PerChannel:
    return "[dim " + str(layout.axis) + " of " + data + "]";
  case LayoutKind::PerToken:
    return "[dim 0 of " + data + "]";
  case LayoutKind::PerGroup:
    return "[dim 0 of " + data + ", dim 1 of " + data + " / " +
           str(layout.groupSize) + "]";
  }
  return "?";
}

Status validateLayout(const ParameterLayout &layout, int64_t rank) {
  std::string name = layoutText(layout);
  switch (layout.kind) {
  case LayoutKind::PerTensor:
    return Status::success();
  case LayoutKind::PerChannel:
    if (layout.axis < 0 || layout.axis >= rank)
      return invalidProblem(name + ": axis (" + str(layout.axis) +
                            ") must lie in [0, rank) = [0, " + str(rank) + ")");
    return Status::success();
  case LayoutKind::PerToken:
  case LayoutKind::PerGroup:
    if (rank != 2)
      return invalidProblem(name + ": the data must be 2-D ([" +
                            (layout.kind == LayoutKind::PerToken
                                 ? "tokens, features"
                                 : "outer, axis") +
                            "]), got rank " + str(rank));
    if (layout.kind == LayoutKind::PerGroup && layout.groupSize <= 0)
      return invalidProblem("group_size (" + str(layout.groupSize) +
                            ") must be positive");
    return Status::success();
  }
  return invalidProblem("unknown parameter layout");
}

Status validateDataShape(const ParameterLayout &layout,
                         const MaybeShape &data) {
  // Known dims are checked one by one first, so the product below cannot
  // overflow: at most 2^31 per dim, and it stops past kMaxFamilyElements.
  for (size_t d = 0; d < data.size(); ++d) {
    if (!data[d])
      continue;
    if (*data[d] < 0)
      return invalidProblem("dim " + str(d) + " of the data (" + str(*data[d]) +
                            ") must be non-negative");
    if (*data[d] > kMaxFamilyDimSize)
      return invalidProblem("dim " + str(d) + " of the data (" + str(*data[d]) +
                            ") must be at most " + str(kMaxFamilyDimSize) +
                            " (the runtime's descriptors are 32-bit)");
  }
  bool empty = false;
  for (const MaybeDim &dim : data)
    empty |= dim && *dim == 0;
  if (!empty) {
    int64_t known = 1;
    for (const MaybeDim &dim : data) {
      if (!dim)
        continue;
      if (known > kMaxFamilyElements / *dim)
        return invalidProblem("the data " + shapeText(data) +
                              " must have at most 2^60 elements");
      known *= *dim;
    }
  }
  if (layout.kind == LayoutKind::PerGroup && data.size() == 2 && data[1] &&
      *data[1] % layout.groupSize != 0)
    return invalidProblem(groupDivisibilityRuleMessage(
        "dim 1 of the data", str(*data[1]), str(layout.groupSize)));
  return Status::success();
}

MaybeShape parameterShape(const ParameterLayout &layout,
                          const MaybeShape &data) {
  switch (layout.kind) {
  case LayoutKind::PerTensor:
    return {};
  case LayoutKind::PerChannel:
    return {data[layout.axis]};
  case LayoutKind::PerToken:
    return {data[0]};
  case LayoutKind::PerGroup: {
    MaybeDim groups;
    if (data[1])
      groups = *data[1] / layout.groupSize;
    return {data[0], groups};
  }
  }
  return {};
}

BlockPeriod blockAndPeriod(const ParameterLayout &layout,
                           const std::vector<int64_t> &data) {
  int64_t numElements = 1;
  for (int64_t dim : data)
    numElements *= dim;
  if (numElements == 0)
    return {};
  switch (layout.kind) {
  case LayoutKind::PerTensor:
    return {numElements, 1};
  case LayoutKind::PerChannel: {
    int64_t inner = 1;
    for (size_t d = layout.axis + 1; d < data.size(); ++d)
      inner *= data[d];
    return {inner, data[layout.axis]};
  }
  case LayoutKind::PerToken:
    return {data[1], data[0]};
  case LayoutKind::PerGroup:
    return {layout.groupSize, numElements / layout.groupSize};
  }
  return {};
}

bool isFamilyFloatElement(ElementKind kind) {
  return kind == ElementKind::F32 || kind == ElementKind::F64 ||
         kind == ElementKind::F16 || kind == ElementKind::BF16;
}

bool isFamilyQuantizedElement(ElementKind kind) {
  return kind == ElementKind::S8 || kind == ElementKind::U8;
}

ElementKind familyComputeElement(ElementKind floatElement) {
  return floatElement == ElementKind::F64 ? ElementKind::F64 : ElementKind::F32;
}

Status validateRange(FamilyOp op, std::optional<ElementKind> quantized,
                     int64_t qMin, int64_t qMax) {
  if (!familyOpHasRange(op))
    return Status::success();
  if (qMax < qMin)
    return invalidProblem("q_max (" + str(qMax) +
                          ") must be greater than or equal to q_min (" +
                          str(qMin) + ")");
  if (!quantized)
    return Status::success();
  int64_t lo = integerKindMin(*quantized);
  int64_t hi = integerKindMax(*quantized);
  std::string range = std::string(elementKindName(*quantized)) + " range [" +
                      str(lo) + ", " + str(hi) + "]";
  if (qMin < lo || qMin > hi)
    return invalidProblem("q_min (" + str(qMin) + ") must lie in the " + range);
  if (qMax < lo || qMax > hi)
    return invalidProblem("q_max (" + str(qMax) + ") must lie in the " + range);
  return Status::success();
}

} // namespace baracuda
