// Calls `_mlir_ciface_quantize` (a dynamic-shape function lowered by
// --baracuda-to-llvm, group size 4) with the shapes given on the command
// line: input rows cols, scale rows cols, zero point rows cols. Prints the
// output of a valid call; an invalid one must stop at a run-time check.
// With "slice" first, calls `_mlir_ciface_quantize_slice` instead, which
// quantizes the input's columns from 4 on (a strided operand).
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#define DESCRIPTOR(name, type)                                                \
  typedef struct {                                                            \
    type *allocated;                                                          \
    type *aligned;                                                            \
    int64_t offset;                                                           \
    int64_t sizes[2];                                                         \
    int64_t strides[2];                                                       \
  } name;
DESCRIPTOR(F32Memref, float)
DESCRIPTOR(I32Memref, int32_t)
DESCRIPTOR(I8Memref, int8_t)

void _mlir_ciface_quantize(I8Memref *result, F32Memref *input,
                           F32Memref *scale, I32Memref *zeroPoint);
void _mlir_ciface_quantize_slice(I8Memref *result, F32Memref *input,
                                 F32Memref *scale, I32Memref *zeroPoint);

#define FILL(desc, rows, cols, type, value)                                   \
  do {                                                                        \
    (desc).sizes[0] = (rows);                                                 \
    (desc).sizes[1] = (cols);                                                 \
    (desc).strides[0] = (cols);                                               \
    (desc).strides[1] = 1;                                                    \
    (desc).offset = 0;                                                        \
    /* Exactly the elements the shape holds: a read past them is a bug. */    \
    (desc).allocated = (desc).aligned =                                       \
        (type *)malloc(sizeof(type) * ((rows) * (cols) + 1));                 \
    for (int64_t i = 0; i < (rows) * (cols); ++i)                             \
      (desc).aligned[i] = (type)(value);                                      \
  } while (0)

int main(int argc, char **argv) {
  int slice = argc > 1 && argv[1][0] == 's';
  argv += slice;
  argc -= slice;
  if (argc != 7) {
    fprintf(stderr, "usage: %s in_rows in_cols s_rows s_cols zp_rows zp_cols\n",
            argv[0]);
    return 2;
  }
  int64_t n[6];
  for (int i = 0; i < 6; ++i)
    n[i] = atoll(argv[i + 1]);
  // puts() reports a failed check just before abort(), which does not flush.
  setvbuf(stdout, NULL, _IONBF, 0);
  F32Memref input, scale;
  I32Memref zeroPoint;
  FILL(input, n[0], n[1], float, 3.0f * i);
  FILL(scale, n[2], n[3], float, 2.0f);
  FILL(zeroPoint, n[4], n[5], int32_t, 1);
  I8Memref result;
  (slice ? _mlir_ciface_quantize_slice : _mlir_ciface_quantize)(
      &result, &input, &scale, &zeroPoint);
  printf("output [%lld, %lld]:", (long long)result.sizes[0],
         (long long)result.sizes[1]);
  for (int64_t i = 0; i < result.sizes[0] * result.sizes[1]; ++i)
    printf(" %d", result.aligned[result.offset + i]);
  printf("\n");
  return 0;
}
