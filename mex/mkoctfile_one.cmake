# Build one MEX file with mkoctfile, without a shell in between (the run
# path holds a literal $ORIGIN, written %ORIGIN on the command line).
#   cmake -DMKOCTFILE=... -DSRC=... -DOUT=... -DOBJDIR=... -DINCLUDES=a|b -DLIBDIR=... -DRPATH=... -P mkoctfile_one.cmake
# mkoctfile hands its arguments to a shell: the dollar is escaped for it.
string(REPLACE "%ORIGIN" "\\$ORIGIN" rpath "${RPATH}")
string(REPLACE "|" ";" includes "${INCLUDES}")
set(incs)
foreach(i ${includes})
  list(APPEND incs -I${i})
endforeach()
file(MAKE_DIRECTORY ${OBJDIR})
execute_process(COMMAND ${MKOCTFILE} --mex -Wall -Wextra -Wno-unused-parameter ${incs} ${SRC}
    -L${LIBDIR} -lkestrel -Wl,-rpath,${rpath} -o ${OUT}
  WORKING_DIRECTORY ${OBJDIR} RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "mkoctfile failed on ${SRC}")
endif()
