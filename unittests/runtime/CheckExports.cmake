# ctest -R RuntimeLibraryExports: `nm -D` of libbaracuda_runtime.so must list
# baracuda_kernels_last_error_message and no kernel symbol.
execute_process(
  COMMAND ${NM} -D --defined-only ${LIBRARY}
  OUTPUT_VARIABLE symbols
  RESULT_VARIABLE result)
if(NOT result EQUAL 0)
  message(FATAL_ERROR "${NM} -D ${LIBRARY} failed (${result})")
endif()

# The family's entry points are checked against the family table by
# FamilyCApiTableTest.EveryEntryPointIsExported; here the one function outside
# it, and that every export is a C entry point or the C++ API.
set(expected baracuda_kernels_last_error_message)
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
string(REGEX MATCHALL " T baracuda_kernels_[a-z0-9_]+\n" entry_points
  "${symbols}")
list(LENGTH entry_points count)
message(STATUS "${LIBRARY}: ${count} C entry points exported, no kernels")
