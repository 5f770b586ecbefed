# Sanitizer and fuzzer builds (scripts/sanitize.sh, scripts/fuzz.sh).
#
#   BARACUDA_SANITIZE=address,undefined   ASan + UBSan
#   BARACUDA_SANITIZE=thread              TSan
#   BARACUDA_FUZZ=ON                      libFuzzer targets under fuzz/ (clang
#                                         only; coverage for every target)
#
# Flags go on every target configured after this file is included. UB is
# fatal (-fno-sanitize-recover), so a test that hits it fails instead of
# printing a line nobody reads. The kernel objects the compiler produced are
# linked as they are: sanitizers see the runtime around them, not the kernels
# (fuzz/capi puts guard pages after every buffer for that reason).

set(BARACUDA_SANITIZE "" CACHE STRING
  "Sanitizers for every target (-fsanitize=...): address,undefined or thread")
option(BARACUDA_FUZZ
  "Build the libFuzzer targets in fuzz/ (needs clang); without it fuzz/ builds
   replay drivers that ctest runs over the corpus and the regressions" OFF)

if(BARACUDA_SANITIZE MATCHES "thread" AND BARACUDA_SANITIZE MATCHES "address")
  message(FATAL_ERROR
    "BARACUDA_SANITIZE=${BARACUDA_SANITIZE}: thread and address sanitizers "
    "cannot be combined; configure two builds")
endif()

if(BARACUDA_FUZZ AND NOT CMAKE_CXX_COMPILER_ID MATCHES "Clang")
  message(FATAL_ERROR
    "BARACUDA_FUZZ=ON needs clang (libFuzzer), not ${CMAKE_CXX_COMPILER_ID}: "
    "configure with CC=clang-22 CXX=clang++-22")
endif()

if(CMAKE_CXX_COMPILER_ID MATCHES "Clang")
  # Where clang keeps its sanitizer and libFuzzer runtimes.
  execute_process(COMMAND ${CMAKE_CXX_COMPILER} -print-runtime-dir
    OUTPUT_VARIABLE BARACUDA_CLANG_RUNTIME_DIR OUTPUT_STRIP_TRAILING_WHITESPACE)
endif()

if(BARACUDA_SANITIZE)
  add_compile_options(-fsanitize=${BARACUDA_SANITIZE}
                      -fno-sanitize-recover=all -fno-omit-frame-pointer -g)
  add_link_options(-fsanitize=${BARACUDA_SANITIZE})
  if(CMAKE_CXX_COMPILER_ID MATCHES "Clang")
    # clang links the sanitizer runtime into executables only; shared
    # libraries built with --no-undefined (the runtime) need it shared, and
    # found at run time.
    add_link_options(-shared-libsan
                     "LINKER:-rpath,${BARACUDA_CLANG_RUNTIME_DIR}")
  endif()
endif()

if(BARACUDA_FUZZ)
  # Coverage feedback from every target; fuzz/ links libFuzzer (its main)
  # into its executables only.
  add_compile_options(-fsanitize=fuzzer-no-link)
endif()
