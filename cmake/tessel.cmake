# Helpers shared by the CMake files: configuration generation, RTL file lists, verilation and
# test registration.

# Verilator options of every model we build for simulation. X-robustness: --x-assign/--x-initial
# unique make every X a random value that the harness seeds (+verilator+rand+reset+2 by default),
# so a design that relies on uninitialised state fails a test instead of passing by luck.
# rtl/axi holds tessel_axi_flat.svh, the flat AXI port lists of the tops. The waiver file is the
# one `make lint` uses, so builds and lint agree on what is clean.
# The RTL's assertions (guarded by TESSEL_ASSERTS so that synthesis can leave them out) are
# compiled into every simulation model: a violated assertion stops the test with its message.
set(TESSEL_VERILATOR_ARGS -Wall --x-assign unique --x-initial unique -O3
    --output-split 20000 --output-split-cfuncs 2000 -I${CMAKE_SOURCE_DIR}/rtl/axi
    --assert +define+TESSEL_ASSERTS ${CMAKE_SOURCE_DIR}/rtl/lint/verilator_waiver.vlt)

# Generates build/config/<cfg>/{tessel_config_pkg.sv,tessel_config.h}; fails the configure step
# for an unknown configuration or a malformed configs.json.
function(tessel_generate_config cfg)
  set(out ${CMAKE_BINARY_DIR}/config/${cfg})
  execute_process(COMMAND ${Python3_EXECUTABLE} ${TESSEL_GEN_CONFIG} --config ${cfg} --out ${out}
                  RESULT_VARIABLE rc ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "configuration '${cfg}': ${err}")
  endif()
  add_library(tessel_config_${cfg} INTERFACE)
  target_include_directories(tessel_config_${cfg} INTERFACE ${out})
endfunction()

# Reads a Verilator file list (.f) into absolute paths. Lines are files relative to the list's
# folder, "-F other.f" includes another list (relative to this one), '//' and '#' start comments.
function(tessel_read_filelist list_file out_var)
  get_filename_component(dir ${list_file} DIRECTORY)
  file(STRINGS ${list_file} lines)
  set(files)
  foreach(line IN LISTS lines)
    string(REGEX REPLACE "(//|#).*$" "" line "${line}")
    string(STRIP "${line}" line)
    if(line STREQUAL "")
      continue()
    elseif(line MATCHES "^-F[ \t]+(.+)$")
      tessel_read_filelist(${dir}/${CMAKE_MATCH_1} sub)
      list(APPEND files ${sub})
    else()
      list(APPEND files ${dir}/${line})
    endif()
  endforeach()
  set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${list_file})
  set(${out_var} ${files} PARENT_SCOPE)
endfunction()

# tessel_verilate(<target> TOP <module> [CONFIG <cfg>] SOURCES <sv files>...)
# One static library holding one verilated top (FST tracing compiled in unless TESSEL_TRACE is
# OFF; when compiled in, it stays off until --trace).
function(tessel_verilate target)
  cmake_parse_arguments(V "" "TOP;CONFIG" "SOURCES" ${ARGN})
  set(sources ${V_SOURCES})
  if(V_CONFIG)
    list(PREPEND sources ${CMAKE_BINARY_DIR}/config/${V_CONFIG}/tessel_config_pkg.sv)
  endif()
  set(extra)
  if(TESSEL_COVERAGE)
    list(APPEND extra COVERAGE)
  endif()
  if(TESSEL_TRACE)
    list(APPEND extra TRACE_FST)
  endif()
  add_library(${target} STATIC)
  verilate(${target} TOP_MODULE ${V_TOP} PREFIX V${V_TOP} ${extra}
           SOURCES ${sources}
           DIRECTORY ${CMAKE_BINARY_DIR}/verilated/${target}
           VERILATOR_ARGS ${TESSEL_VERILATOR_ARGS})
  if(V_CONFIG)
    target_link_libraries(${target} PUBLIC tessel_config_${V_CONFIG})
  endif()
  # Verilator's CMake integration lists the generated C++ files at configure time; an RTL edit
  # can change that list (new file splits), which a build-time re-verilation alone would leave
  # half-linked. Reconfiguring on any RTL change keeps the list right.
  set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${sources})
endfunction()

# tessel_catch_test(<exe> LABEL <label> SOURCES ... LIBS ...)
# A Catch2 test binary whose test cases CTest registers one by one, named "<label>:<case>" and
# labelled <label> (the configuration, or "common"), so that ctest -R / -L / -j work.
function(tessel_catch_test exe)
  cmake_parse_arguments(T "" "LABEL" "SOURCES;LIBS" ${ARGN})
  add_executable(${exe} ${T_SOURCES})
  target_link_libraries(${exe} PRIVATE tessel_catch_main ${T_LIBS})
  if(TESSEL_COVERAGE)
    target_compile_definitions(${exe} PRIVATE TESSEL_COVERAGE=1)
  endif()
  catch_discover_tests(${exe} TEST_PREFIX "${T_LABEL}:" PROPERTIES LABELS ${T_LABEL} TIMEOUT 900)
endfunction()
