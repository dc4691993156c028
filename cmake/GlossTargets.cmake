# Helpers that give every folder under src/ one library target with declared
# dependencies (CONVENTIONS: "each folder under src/ is one CMake library target
# whose DEPS are the only other folders it may include").

# Warnings apply to our own code only; third-party headers come in as SYSTEM.
set(GLOSS_WARNINGS -Wall -Wextra -Wpedantic -Wshadow -Werror)
if(CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
  list(APPEND GLOSS_WARNINGS -Wthread-safety)
endif()
if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
  # GCC 12 reports Asio's coroutine frames (its own operator new/delete pair)
  # as mismatched when a coroutine is inlined deeply enough: a false positive.
  list(APPEND GLOSS_WARNINGS -Wno-mismatched-new-delete)
endif()

# Test sources are assertions, not the code under test: optimising them (and
# their GoogleTest templates) fully doubled their compile time for nothing, so
# they build at -O1 with line tables only, while the libraries they test keep
# the preset's flags. Later flags win, so these override the build type's.
if(CMAKE_BUILD_TYPE STREQUAL "Debug")
  set(GLOSS_TEST_CODEGEN -g1)
else()
  set(GLOSS_TEST_CODEGEN -O1 -g1)
endif()

# gloss_link_deps(TARGET PUBLIC|PRIVATE dep...) links gloss_<dep> for each dep.
function(gloss_link_deps target visibility)
  foreach(dep IN LISTS ARGN)
    target_link_libraries(${target} ${visibility} gloss_${dep})
  endforeach()
endfunction()

# gloss_library(NAME core SRCS a.cc b.cc DEPS other_gloss_lib EXTERNAL fmt::fmt)
# creates target gloss_<NAME>.
function(gloss_library)
  cmake_parse_arguments(ARG "" "NAME" "SRCS;DEPS;EXTERNAL" ${ARGN})
  set(target gloss_${ARG_NAME})
  add_library(${target} STATIC ${ARG_SRCS})
  target_include_directories(${target} PUBLIC ${PROJECT_SOURCE_DIR}/src)
  target_compile_options(${target} PRIVATE ${GLOSS_WARNINGS})
  if(GLOSS_BUILD_FUZZERS)
    # Coverage feedback for libFuzzer from the code under test, not only the harness.
    target_compile_options(${target} PRIVATE -fsanitize=fuzzer-no-link)
  endif()
  gloss_link_deps(${target} PUBLIC ${ARG_DEPS})
  target_link_libraries(${target} PUBLIC ${ARG_EXTERNAL})
endfunction()

# gloss_test(NAME config_loader SRCS loader_test.cc DEPS config [LABELS unit])
# creates one GoogleTest executable registered with CTest (label "unit" by default).
function(gloss_test)
  cmake_parse_arguments(ARG "" "NAME" "SRCS;DEPS;EXTERNAL;LABELS" ${ARGN})
  if(NOT GLOSS_BUILD_TESTS)
    return()
  endif()
  set(target ${ARG_NAME}_test)
  add_executable(${target} ${ARG_SRCS})
  target_compile_options(${target} PRIVATE ${GLOSS_WARNINGS} ${GLOSS_TEST_CODEGEN})
  gloss_link_deps(${target} PRIVATE ${ARG_DEPS})
  target_link_libraries(${target} PRIVATE gloss_test_support ${ARG_EXTERNAL} GTest::gmock_main)
  if(NOT ARG_LABELS)
    set(ARG_LABELS unit)
  endif()
  # One CTest test per GoogleTest case, listed when ctest runs (not at build
  # time, so sanitizer builds do not run binaries while building).
  gtest_discover_tests(${target}
    DISCOVERY_MODE PRE_TEST
    PROPERTIES LABELS "${ARG_LABELS}" TIMEOUT 120)
endfunction()

# gloss_fuzzer(NAME config_loader SRCS loader_fuzz_test.cc DEPS config)
# creates a libFuzzer executable <NAME>_fuzz_test (clang, GLOSS_BUILD_FUZZERS=ON).
function(gloss_fuzzer)
  cmake_parse_arguments(ARG "" "NAME" "SRCS;DEPS" ${ARGN})
  if(NOT GLOSS_BUILD_FUZZERS)
    return()
  endif()
  set(target ${ARG_NAME}_fuzz_test)
  add_executable(${target} ${ARG_SRCS})
  if(NOT TARGET gloss_fuzzers)
    add_custom_target(gloss_fuzzers)
  endif()
  add_dependencies(gloss_fuzzers ${target})
  target_compile_options(${target} PRIVATE ${GLOSS_WARNINGS} -fsanitize=fuzzer)
  target_link_options(${target} PRIVATE -fsanitize=fuzzer)
  gloss_link_deps(${target} PRIVATE ${ARG_DEPS})
endfunction()

# gloss_benchmark(NAME jwt SRCS jwt_bench.cc DEPS auth) creates <NAME>_bench
# (Google Benchmark), built when GLOSS_BUILD_BENCHMARKS is on; bench/ scripts run them.
function(gloss_benchmark)
  cmake_parse_arguments(ARG "" "NAME" "SRCS;DEPS" ${ARGN})
  if(NOT GLOSS_BUILD_BENCHMARKS)
    return()
  endif()
  set(target ${ARG_NAME}_bench)
  add_executable(${target} ${ARG_SRCS})
  target_compile_options(${target} PRIVATE ${GLOSS_WARNINGS})
  gloss_link_deps(${target} PRIVATE ${ARG_DEPS})
  target_link_libraries(${target} PRIVATE benchmark::benchmark)
endfunction()
