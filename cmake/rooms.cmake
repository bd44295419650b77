# bt_room(NAME [DIR dir] SOURCES s... [ROOMS dir...] [LIBS lib...])
#
# One room of the source tree (src/base, src/text, align, ...) as a CMake
# object library. Its include path holds its own folder (DIR, by default the
# current one), the public headers
# (src/include) and the folders named in ROOMS (relative to the project), so
# an include of another room's internal header compiles only along an
# allowed arrow (src/CMakeLists.txt lists them; tests/arch/includes.sh
# checks the include lines too). LIBS are the outside libraries whose
# headers it needs.
function(bt_room name)
  cmake_parse_arguments(R "" "DIR" "SOURCES;ROOMS;LIBS" ${ARGN})
  if(NOT R_DIR)
    set(R_DIR ${CMAKE_CURRENT_SOURCE_DIR})
  endif()
  add_library(${name} OBJECT ${R_SOURCES})
  set(incs ${R_DIR} ${PROJECT_SOURCE_DIR}/src/include ${PROJECT_BINARY_DIR}/include)
  foreach(r ${R_ROOMS})
    list(APPEND incs ${PROJECT_SOURCE_DIR}/${r})
  endforeach()
  target_include_directories(${name} PRIVATE ${incs})
  set_target_properties(${name} PROPERTIES POSITION_INDEPENDENT_CODE ON)
  target_link_libraries(${name} PRIVATE ${R_LIBS})
endfunction()
