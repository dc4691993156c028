# gloss_header_check: compiles every header under src/ on its own, so each one
# includes what it uses (CONVENTIONS: "Every header compiles on its own").
# Part of the default build, so `make test` and CI run it; sanitizer and fuzz
# builds skip it (a header's self-containment does not change with them).
function(gloss_add_header_check)
  file(GLOB_RECURSE headers RELATIVE ${PROJECT_SOURCE_DIR}/src CONFIGURE_DEPENDS
       ${PROJECT_SOURCE_DIR}/src/*.h)
  if(NOT GLOSS_BUILD_TESTS)
    list(FILTER headers EXCLUDE REGEX "(^test/|/testing/|_test_fixture\\.h$)")
  endif()
  set(sources)
  foreach(header IN LISTS headers)
    string(MAKE_C_IDENTIFIER ${header} stem)
    set(source ${PROJECT_BINARY_DIR}/header_check/${stem}.cc)
    file(CONFIGURE OUTPUT ${source} CONTENT "#include \"${header}\"\n")
    list(APPEND sources ${source})
  endforeach()
  add_library(gloss_header_check OBJECT ${sources})
  # Only whether each header compiles matters, not the code it would make.
  target_compile_options(gloss_header_check PRIVATE ${GLOSS_WARNINGS} -O0 -g0)
  target_link_libraries(gloss_header_check PRIVATE gloss_sandbox)
  if(GLOSS_BUILD_TESTS)
    target_link_libraries(gloss_header_check PRIVATE gloss_test_support)
  endif()
endfunction()
