# cmake/deps.cmake: the Debian packages a preset needs, installed when missing.
#
# The list is .ci/packages (one package a line: `SET PACKAGE [cmd:COMMAND]`,
# SET build or test). The demo preset sets BITEXT_PACKAGES=build, the test
# presets BITEXT_PACKAGES=test (build and test); a plain `cmake -S . -B build`
# sets nothing and installs nothing. Included before project(), so that even
# make and the C library headers can come this way. BITEXT_INSTALL_DEPS=OFF
# (cache or environment) turns it off.
#
# Also a script, for .ci/run: cmake -DBITEXT_PACKAGES=test -P cmake/deps.cmake

if(CMAKE_SCRIPT_MODE_FILE)
  cmake_minimum_required(VERSION 3.25)
endif()
set(BITEXT_PACKAGES_LIST ${CMAKE_CURRENT_LIST_DIR}/../.ci/packages)

# bitext_packages_read(OUT SET): the packages of SET ("build", or "test" for
# build and test) as entries PACKAGE or PACKAGE=COMMAND.
function(bitext_packages_read out set)
  file(STRINGS ${BITEXT_PACKAGES_LIST} lines)
  set(sets build)
  if(set STREQUAL "test")
    list(APPEND sets test)
  elseif(NOT set STREQUAL "build")
    message(FATAL_ERROR "bitext: BITEXT_PACKAGES is '${set}': it must be build or test")
  endif()
  set(pkgs)
  foreach(line IN LISTS lines)
    string(REGEX REPLACE "#.*" "" line "${line}")
    string(STRIP "${line}" line)
    if(line STREQUAL "")
      continue()
    endif()
    if(NOT line MATCHES "^(build|test)[ \t]+([a-z0-9][a-z0-9.+-]*)([ \t]+cmd:([^ \t]+))?$")
      message(FATAL_ERROR "bitext: .ci/packages: cannot read the line '${line}' (SET PACKAGE [cmd:COMMAND])")
    endif()
    if(CMAKE_MATCH_1 IN_LIST sets)
      if(CMAKE_MATCH_4)
        list(APPEND pkgs "${CMAKE_MATCH_2}=${CMAKE_MATCH_4}")
      else()
        list(APPEND pkgs "${CMAKE_MATCH_2}")
      endif()
    endif()
  endforeach()
  set(${out} ${pkgs} PARENT_SCOPE)
endfunction()

# bitext_packages_missing(OUT SET): those of SET that dpkg does not list as
# installed (and whose command, when one is named, is not on the PATH).
function(bitext_packages_missing out set)
  bitext_packages_read(entries ${set})
  set(names)
  foreach(e IN LISTS entries)
    string(REGEX REPLACE "=.*" "" n "${e}")
    list(APPEND names ${n})
  endforeach()
  # One dpkg-query for all; packages it does not know go to stderr.
  execute_process(COMMAND dpkg-query -W "-f=\${Package} \${Status}\n" ${names}
    OUTPUT_VARIABLE status ERROR_QUIET)
  set(missing)
  foreach(e IN LISTS entries)
    string(REGEX REPLACE "=.*" "" n "${e}")
    if(status MATCHES "(^|\n)${n} install ok installed")
      continue()
    endif()
    if(e MATCHES "=(.*)$")
      find_program(have ${CMAKE_MATCH_1} NO_CACHE)
      if(have)
        continue()
      endif()
    endif()
    list(APPEND missing ${n})
  endforeach()
  set(${out} ${missing} PARENT_SCOPE)
endfunction()

# bitext_install_deps(SET WHAT): installs what SET lacks, printing it; WHAT
# names who asks ("the test preset").
function(bitext_install_deps set what)
  find_program(dpkg_query dpkg-query NO_CACHE)
  find_program(apt_get apt-get NO_CACHE)
  if(NOT dpkg_query OR NOT apt_get)
    bitext_packages_read(entries ${set})
    list(TRANSFORM entries REPLACE "=.*" "")
    list(JOIN entries " " list)
    message(STATUS "bitext: not a Debian system (no dpkg-query or apt-get): the Debian names of "
      "what ${what} needs are: ${list}")
    return()
  endif()
  bitext_packages_missing(missing ${set})
  if(NOT missing)
    message(STATUS "bitext: all Debian packages for ${what} are installed")
    return()
  endif()
  list(JOIN missing " " list)
  execute_process(COMMAND id -u OUTPUT_VARIABLE uid OUTPUT_STRIP_TRAILING_WHITESPACE)
  if(NOT uid STREQUAL "0")
    message(FATAL_ERROR "bitext: ${what} needs Debian packages that are missing: ${list}\n"
      "Installing them needs root, so this is left to you:\n"
      "  sudo apt-get install -y ${list}\n"
      "then run the same command again. To go on without them, configure with "
      "-DBITEXT_INSTALL_DEPS=OFF (or set BITEXT_INSTALL_DEPS=OFF in the environment).\n")
  endif()
  message(STATUS "bitext: installing Debian packages for ${what}: ${list}")
  set(env ${CMAKE_COMMAND} -E env DEBIAN_FRONTEND=noninteractive)
  execute_process(COMMAND ${env} ${apt_get} update -q RESULT_VARIABLE rc)
  if(rc EQUAL 0)
    execute_process(COMMAND ${env} ${apt_get} install -y -q ${missing} RESULT_VARIABLE rc)
  endif()
  bitext_packages_missing(still ${set})
  if(NOT rc EQUAL 0 OR still)
    list(JOIN still " " left)
    message(FATAL_ERROR "bitext: apt-get could not install everything (exit ${rc}; still missing: ${left}).\n"
      "Try by hand:\n  apt-get update && apt-get install -y ${list}\n")
  endif()
  message(STATUS "bitext: installed ${list}")
endfunction()

if(CMAKE_SCRIPT_MODE_FILE)
  if(NOT BITEXT_PACKAGES)
    message(FATAL_ERROR "usage: cmake -DBITEXT_PACKAGES=build|test [-DLIST=ON] -P cmake/deps.cmake")
  endif()
  if(LIST)
    # Print the package names, one a line (for scripts).
    bitext_packages_read(entries ${BITEXT_PACKAGES})
    list(TRANSFORM entries REPLACE "=.*" "")
    list(JOIN entries "\n" out)
    execute_process(COMMAND ${CMAKE_COMMAND} -E echo "${out}")
  else()
    bitext_install_deps(${BITEXT_PACKAGES} "the ${BITEXT_PACKAGES} set")
  endif()
  return()
endif()

# In a configure: only when a preset asked for a set.
# The environment wins when it says something: a workflow preset takes no -D.
if(DEFINED ENV{BITEXT_INSTALL_DEPS} AND NOT "$ENV{BITEXT_INSTALL_DEPS}" STREQUAL "")
  set(BITEXT_INSTALL_DEPS "$ENV{BITEXT_INSTALL_DEPS}" CACHE BOOL
    "Install the missing Debian packages the preset's BITEXT_PACKAGES names" FORCE)
endif()
option(BITEXT_INSTALL_DEPS "Install the missing Debian packages the preset's BITEXT_PACKAGES names" ON)
set(BITEXT_PACKAGES "" CACHE STRING "Debian packages to install when missing: build (demo), test (tests), or empty")
if(BITEXT_PACKAGES AND NOT BITEXT_INSTALL_DEPS)
  message(STATUS "bitext: BITEXT_INSTALL_DEPS is OFF: the Debian packages of the '${BITEXT_PACKAGES}' set "
    "are neither checked nor installed (-DBITEXT_INSTALL_DEPS=ON or BITEXT_INSTALL_DEPS=ON to turn it on)")
elseif(BITEXT_PACKAGES)
  if(BITEXT_PACKAGES STREQUAL "build")
    bitext_install_deps(build "the demo (the build)")
  else()
    bitext_install_deps(${BITEXT_PACKAGES} "the tests (build and test)")
  endif()
endif()
