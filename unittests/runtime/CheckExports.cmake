# ctest -R RuntimeLibraryExports: `nm -D` of libbaracuda_runtime.so must list
# every C entry point of baracuda_kernels.h and no kernel symbol.
execute_process(
  COMMAND ${NM} -D --defined-only ${LIBRARY}
  OUTPUT_VARIABLE symbols
  RESULT_VARIABLE result)
if(NOT result EQUAL 0)
  message(FATAL_ERROR "${NM} -D ${LIBRARY} failed (${result})")
endif()

set(expected baracuda_kernels_last_error_message)
foreach(input f32 f64 f16 bf16)
  foreach(output s8 u8)
    list(APPEND expected
      baracuda_kernels_quantize_per_group_${input}_${output}_run
      baracuda_kernels_quantize_per_group_${input}_${output}_can_implement)
  endforeach()
endforeach()

set(missing "")
foreach(symbol IN LISTS expected)
  if(NOT symbols MATCHES " T ${symbol}\n")
    list(APPEND missing ${symbol})
  endif()
endforeach()
if(missing)
  message(FATAL_ERROR "not exported by ${LIBRARY}: ${missing}")
endif()

# The generated kernels stay private to the library.
foreach(pattern "_mlir_ciface_" " baracuda_cpu_" " quantize_per_group_")
  string(FIND "${symbols}" "${pattern}" position)
  if(NOT position EQUAL -1)
    message(FATAL_ERROR "${LIBRARY} exports a kernel symbol (${pattern})")
  endif()
endforeach()
list(LENGTH expected count)
message(STATUS "${LIBRARY}: all ${count} C entry points exported, no kernels")
