/* The C preprocessor's view of QuantizeFamily.def's STEM rows, one
 * "stem|has q|Layout;" per row in the .def's order, for
 * device-check-family-stems.test. */
#include "baracuda/Family/QuantizeFamily.def"
#define ROW_Q(stem, Op, Layout, ...) stem | q | Layout;
#define ROW_IN(stem, Op, Layout, ...) stem | - | Layout;
BARACUDA_QF_STEMS_IN_Q(ROW_Q, , )
BARACUDA_QF_STEMS_IN(ROW_IN, , )
