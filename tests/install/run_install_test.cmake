# Installs a built jetsim tree into a scratch prefix, then configures, builds
# and runs consumer/ (find_package(jetsim CONFIG REQUIRED), jetsim::core)
# against that prefix alone.
#
#   cmake -DJETSIM_BINARY_DIR=<top build dir> -DCONSUMER_SOURCE_DIR=<consumer/>
#         -DWORK_DIR=<scratch dir, emptied first>
#         [-DGENERATOR=Ninja] [-DMAKE_PROGRAM=...] [-DCXX_COMPILER=...]
#         [-DCXX_FLAGS=...] [-DLINK_FLAGS=...] [-DBUILD_TYPE=...]
#         -P run_install_test.cmake
#
# CXX_FLAGS and LINK_FLAGS carry what the consumer of *this* build needs to
# link (sanitizer runtimes in the asan/tsan presets).
cmake_minimum_required(VERSION 3.22)

foreach(required JETSIM_BINARY_DIR CONSUMER_SOURCE_DIR WORK_DIR)
  if(NOT DEFINED ${required} OR "${${required}}" STREQUAL "")
    message(FATAL_ERROR "run_install_test.cmake: -D${required}=... is required")
  endif()
endforeach()

set(prefix "${WORK_DIR}/prefix")
set(consumer_build "${WORK_DIR}/consumer-build")
file(REMOVE_RECURSE "${WORK_DIR}")
file(MAKE_DIRECTORY "${WORK_DIR}")

# Runs one step; on failure prints its output and fails the test.
function(run_step description)
  message(STATUS "install test: ${description}")
  execute_process(COMMAND ${ARGN}
                  RESULT_VARIABLE result
                  OUTPUT_VARIABLE output
                  ERROR_VARIABLE output)
  if(NOT result STREQUAL "0")
    string(REPLACE ";" " " command_line "${ARGN}")
    message(FATAL_ERROR "install test: ${description} failed (${result})\n"
                        "command: ${command_line}\n${output}")
  endif()
endfunction()

run_step("cmake --install ${JETSIM_BINARY_DIR} --prefix ${prefix}"
         "${CMAKE_COMMAND}" --install "${JETSIM_BINARY_DIR}" --prefix "${prefix}")

file(GLOB_RECURSE config_files "${prefix}/*/jetsimConfig.cmake")
if(NOT EXISTS "${prefix}/include/jetsim/esent.h" OR NOT config_files)
  message(FATAL_ERROR "install test: ${prefix} lacks include/jetsim/esent.h or jetsimConfig.cmake")
endif()

set(configure_args
  -S "${CONSUMER_SOURCE_DIR}" -B "${consumer_build}"
  "-DCMAKE_PREFIX_PATH=${prefix}"
  -DCMAKE_FIND_USE_PACKAGE_REGISTRY=OFF
  -DCMAKE_FIND_USE_SYSTEM_PACKAGE_REGISTRY=OFF)
if(GENERATOR)
  list(APPEND configure_args -G "${GENERATOR}")
endif()
if(MAKE_PROGRAM)
  list(APPEND configure_args "-DCMAKE_MAKE_PROGRAM=${MAKE_PROGRAM}")
endif()
if(CXX_COMPILER)
  list(APPEND configure_args "-DCMAKE_CXX_COMPILER=${CXX_COMPILER}")
endif()
if(BUILD_TYPE)
  list(APPEND configure_args "-DCMAKE_BUILD_TYPE=${BUILD_TYPE}")
endif()
list(APPEND configure_args "-DCMAKE_CXX_FLAGS=${CXX_FLAGS}" "-DCMAKE_EXE_LINKER_FLAGS=${LINK_FLAGS}")
run_step("configure the consumer against ${prefix}" "${CMAKE_COMMAND}" ${configure_args})

# The package must come from the scratch prefix, not from a system copy.
file(STRINGS "${consumer_build}/CMakeCache.txt" found_dir REGEX "^jetsim_DIR:")
string(REGEX REPLACE "^jetsim_DIR:[A-Z]+=" "" found_dir "${found_dir}")
file(REAL_PATH "${prefix}" real_prefix)
file(REAL_PATH "${found_dir}" real_found_dir)
string(FIND "${real_found_dir}/" "${real_prefix}/" at)
if(NOT at EQUAL 0)
  message(FATAL_ERROR "install test: find_package(jetsim) used ${found_dir}, not the scratch prefix ${prefix}")
endif()

run_step("build the consumer" "${CMAKE_COMMAND}" --build "${consumer_build}")
run_step("run the consumer (JetInit, Begin, Dup, End x2, Term)" "${consumer_build}/app")
message(STATUS "install test: passed")
