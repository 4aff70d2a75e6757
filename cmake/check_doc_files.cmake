# cmake -DHEADERS="a.h;b.h" -P check_doc_files.cmake
# Doxygen documents a header's functions, and warns about undocumented ones,
# only when the file itself carries a @file block; without it a header
# passes WARN_AS_ERROR with nothing checked.  So every public header needs one.
set(missing "")
foreach(h IN LISTS HEADERS)
  file(READ "${h}" text)
  if(NOT text MATCHES "[@\\\\]file[ \t\r\n]")
    list(APPEND missing "${h}")
  endif()
endforeach()
if(missing)
  list(JOIN missing "\n  " pretty)
  message(FATAL_ERROR "docs: these public headers have no Doxygen @file block, so Doxygen would not check "
    "their declarations:\n  ${pretty}")
endif()
