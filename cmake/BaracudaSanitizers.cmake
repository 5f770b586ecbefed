# Sanitizer builds (scripts/sanitize.sh).
#
#   BARACUDA_SANITIZE=address,undefined   ASan + UBSan
#   BARACUDA_SANITIZE=thread              TSan
#
# Flags go on every target configured after this file is included. UB is
# fatal (-fno-sanitize-recover), so a test that hits it fails instead of
# printing a line nobody reads. The kernel objects the compiler produced are
# linked as they are: sanitizers see the runtime around them, not the kernels.

set(BARACUDA_SANITIZE "" CACHE STRING
  "Sanitizers for every target (-fsanitize=...): address,undefined or thread")
if(BARACUDA_SANITIZE MATCHES "thread" AND BARACUDA_SANITIZE MATCHES "address")
  message(FATAL_ERROR
    "BARACUDA_SANITIZE=${BARACUDA_SANITIZE}: thread and address sanitizers "
    "cannot be combined; configure two builds")
endif()

if(BARACUDA_SANITIZE)
  add_compile_options(-fsanitize=${BARACUDA_SANITIZE}
                      -fno-sanitize-recover=all -fno-omit-frame-pointer -g)
  add_link_options(-fsanitize=${BARACUDA_SANITIZE})
  if(CMAKE_CXX_COMPILER_ID MATCHES "Clang")
    # clang links the sanitizer runtime into executables only; shared
    # libraries built with --no-undefined (the runtime) need it shared.
    add_link_options(-shared-libsan)
  endif()
endif()
