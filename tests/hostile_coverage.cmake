# Completeness check for the hostile-caller tests: every function (and
# exported descriptor) declared KES_API in include/kestrel/*.h must be named
# in tests/test_hostile.c or, for the entry points that binary cannot link,
# in tests/test_hostile_mpi.c (kestrel/graph_mpi.h) or
# tests/test_hostile_petsc.c (kestrel/petsc.h, the PETSc bridge).
# Run as: cmake -DKES_SOURCE_DIR=<repo> -P tests/hostile_coverage.cmake
if(NOT KES_SOURCE_DIR)
  get_filename_component(KES_SOURCE_DIR "${CMAKE_CURRENT_LIST_DIR}/.." ABSOLUTE)
endif()
file(GLOB headers "${KES_SOURCE_DIR}/include/kestrel/*.h")
file(READ "${KES_SOURCE_DIR}/tests/test_hostile.c" test_text)
file(READ "${KES_SOURCE_DIR}/tests/test_hostile_mpi.c" test_text_mpi)
file(READ "${KES_SOURCE_DIR}/tests/test_hostile_petsc.c" test_text_petsc)
string(APPEND test_text "\n${test_text_mpi}\n${test_text_petsc}")
set(names "")
foreach(h ${headers})
  file(STRINGS "${h}" lines REGEX "KES_API")
  foreach(line ${lines})
    # a function: KES_API <type> [*]name(   an exported object: KES_API extern ... name;
    if(line MATCHES "KES_API[^(;]*[ *](kes_[a-z0-9_]+)[ \t]*\\(")
      list(APPEND names "${CMAKE_MATCH_1}")
    elseif(line MATCHES "KES_API[ \t]+extern[^;]*[ *](kes_[a-z0-9_]+)[ \t]*;")
      list(APPEND names "${CMAKE_MATCH_1}")
    endif()
  endforeach()
endforeach()
list(REMOVE_DUPLICATES names)
list(LENGTH names total)
if(total LESS 50)
  message(FATAL_ERROR "hostile_coverage: only ${total} KES_API names found in ${KES_SOURCE_DIR}/include/kestrel: the extraction is broken")
endif()
set(missing "")
foreach(n ${names})
  # a whole word: not followed or preceded by an identifier character
  if(NOT test_text MATCHES "(^|[^A-Za-z0-9_])${n}([^A-Za-z0-9_]|$)")
    list(APPEND missing "${n}")
  endif()
endforeach()
list(LENGTH missing nmissing)
if(nmissing GREATER 0)
  string(REPLACE ";" "\n  " pretty "${missing}")
  message(FATAL_ERROR "hostile_coverage: ${nmissing} of ${total} KES_API names never appear in tests/test_hostile.c, tests/test_hostile_mpi.c or tests/test_hostile_petsc.c:\n  ${pretty}")
endif()
message(STATUS "hostile_coverage: all ${total} KES_API names appear in tests/test_hostile.c, tests/test_hostile_mpi.c or tests/test_hostile_petsc.c")
