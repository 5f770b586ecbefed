//===- Npy.h - Minimal .npy reader and writer for baracuda-run ------------===//
//
// Reads and writes NumPy .npy files (format 1.0, 2.0 and 3.0 headers) holding
// dense, C-order, little-endian arrays of any rank (0-D included) of the
// element kinds the ops use.
// bfloat16 has no NumPy dtype, so it travels as raw 16-bit words ('<u2').
//
//===----------------------------------------------------------------------===//

#ifndef BARACUDA_TOOLS_BARACUDARUN_NPY_H
#define BARACUDA_TOOLS_BARACUDARUN_NPY_H

#include "baracuda/Support/ElementKind.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace baracuda::run {

/// A dense, C-order array as raw little-endian bytes.
struct NpyArray {
  ElementKind kind = ElementKind::F32;
  std::vector<int64_t> shape;
  std::vector<uint8_t> bytes;

  int64_t numElements() const {
    int64_t n = 1;
    for (int64_t dim : shape)
      n *= dim;
    return n;
  }
};

/// The .npy dtype string of `kind`: '<f4', '<f8', '<f2', '<u2' (bf16 words),
/// '<i4', '|i1', '|u1'.
std::string_view npyDescrOf(ElementKind kind);

/// Inverse of npyDescrOf; also accepts '=' and '|' for the byte order of any
/// kind and '<' for one-byte kinds. nullopt for anything else (e.g. '>f4').
std::optional<ElementKind> elementKindOfNpyDescr(std::string_view descr);

/// Reads `path` into `array`. Only C-order arrays of the dtypes above are
/// accepted. On failure returns false and sets `error` to a message naming
/// the file and the problem.
bool readNpy(const std::string &path, NpyArray &array, std::string &error);

/// Writes `array` to `path` with a version 1.0 header. On failure returns
/// false and sets `error`.
bool writeNpy(const std::string &path, const NpyArray &array,
              std::string &error);

} // namespace baracuda::run

#endif // BARACUDA_TOOLS_BARACUDARUN_NPY_H
