# Writes the header of build facts (build_info.h.in) with the source tree's git commit and
# whether it had changes not committed, or "unknown" outside git. Run with cmake -P at
# every build (the lm_build_info target); configure_file rewrites the header only when
# its text changes, so only the file that includes it is compiled again.
#   -DSRC=source tree  -DOUT=header to write  -DVERSION=project version
find_package(Git QUIET)
set(LM_GIT_COMMIT "unknown")
set(LM_GIT_DIRTY -1)
if(GIT_FOUND)
  execute_process(COMMAND ${GIT_EXECUTABLE} -C ${SRC} rev-parse HEAD
                  OUTPUT_VARIABLE commit RESULT_VARIABLE rc ERROR_QUIET
                  OUTPUT_STRIP_TRAILING_WHITESPACE)
  if(rc EQUAL 0 AND commit MATCHES "^[0-9a-f]+$")
    set(LM_GIT_COMMIT ${commit})
    execute_process(COMMAND ${GIT_EXECUTABLE} -C ${SRC} status --porcelain --untracked-files=no
                    OUTPUT_VARIABLE changes RESULT_VARIABLE rc ERROR_QUIET)
    if(rc EQUAL 0 AND changes STREQUAL "")
      set(LM_GIT_DIRTY 0)
    elseif(rc EQUAL 0)
      set(LM_GIT_DIRTY 1)
    endif()
  endif()
endif()
configure_file(${CMAKE_CURRENT_LIST_DIR}/build_info.h.in ${OUT} @ONLY)
