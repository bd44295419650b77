# cmake/libraries.cmake: the two libraries, each shared and static, the
# command over them, and what `cmake --install` puts where.
#
#   target              file                         holds
#   bitext_core         libbitext-core.a             bitext-core's rooms
#   bitext_core_shared  libbitext-core.so.MAJ.MIN    the same
#   libbitext           libbitext.a                  bitext's rooms (links libbitext-core.a)
#   libbitext_shared    libbitext.so.MAJ.MIN         bitext's rooms AND bitext-core's
#
# The rooms are object libraries compiled once (position-independent) and
# linked into both kinds, so a static and a shared library cost one
# compilation. Symbols are hidden by default; the shared libraries export
# exactly the functions marked BT_EXPORT in bitext-core.h and bitext.h
# (tests/install/exports.sh checks it).
#
# Why the shared libbitext does not link libbitext-core.so but holds its
# objects: bitext's rooms (store, concordance, TMX) call bitext-core's
# internal helpers (bt_fail, bt_malloc, the embedded data, the tokenizer),
# which libbitext-core.so keeps hidden; exporting them would make every
# internal helper part of the ABI. So a program links one of the two: -lbitext
# (everything in bitext.h and bitext-core.h) or -lbitext-core (the pure part).
# Linking both shared puts two copies of bitext-core's state (the per-thread
# error detail, caches) in one process: bitext.pc and bitext::bitext never
# do it. Static archives have no such problem: libbitext.a holds bitext's
# own objects and links libbitext-core.a.
#
# The command links the shared libbitext: it is then the first user of the
# public ABI, so a function the command needs but the headers do not export
# fails to link in every build; and an installed command shares its library
# with the other programs that use it. It finds the library through a
# relative RPATH ($ORIGIN/../lib), so an installed prefix can be moved.
# The test programs link the static libraries: they test internals.

include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

configure_file(${PROJECT_SOURCE_DIR}/cmake/bitext-version.h.in
  ${PROJECT_BINARY_DIR}/include/bitext-version.h @ONLY)

# 0.x releases may break the ABI at each minor version, so the soname
# carries MAJOR.MINOR until 1.0 (libbitext.so.0.1), MAJOR after.
if(PROJECT_VERSION_MAJOR EQUAL 0)
  set(BITEXT_SOVERSION ${PROJECT_VERSION_MAJOR}.${PROJECT_VERSION_MINOR})
else()
  set(BITEXT_SOVERSION ${PROJECT_VERSION_MAJOR})
endif()

set(BITEXT_CORE_OBJECTS $<TARGET_OBJECTS:bt_base> $<TARGET_OBJECTS:bt_text>
  $<TARGET_OBJECTS:bt_glossary> $<TARGET_OBJECTS:bt_align>)
set(BITEXT_OBJECTS $<TARGET_OBJECTS:bt_docs> $<TARGET_OBJECTS:bt_store> $<TARGET_OBJECTS:bt_modules>
  $<$<BOOL:${BITEXT_TESTING}>:$<TARGET_OBJECTS:bt_testing>> $<TARGET_OBJECTS:bt_concord> $<TARGET_OBJECTS:bt_tmx> $<TARGET_OBJECTS:bt_jsonl> $<TARGET_OBJECTS:bt_sheet> $<TARGET_OBJECTS:bt_serve>)
# What each library's code needs; private, since the public headers include
# none of them (a static library still passes them on to the link).
set(BITEXT_CORE_DEPS ICU::i18n ICU::uc Iconv::Iconv LibXml2::LibXml2 ZLIB::ZLIB m Threads::Threads ${CMAKE_DL_LIBS})
# libmicrohttpd, libzip and libxlsxwriter are not linked: libbitext opens
# them with dlopen when first needed (src/base/lazylib.h), hence the dl
# library (in libc since glibc 2.34; named for older ones).
set(BITEXT_DEPS SQLite::SQLite3 PkgConfig::JANSSON Threads::Threads ${CMAKE_DL_LIBS})

# bitext_library(TARGET FILE_NAME EXPORT_NAME STATIC|SHARED OBJECTS...)
function(bitext_library target file export kind)
  add_library(${target} ${kind} ${ARGN})
  set_target_properties(${target} PROPERTIES OUTPUT_NAME ${file} EXPORT_NAME ${export})
  target_include_directories(${target} PUBLIC
    $<BUILD_INTERFACE:${PROJECT_SOURCE_DIR}/src/include>
    $<BUILD_INTERFACE:${PROJECT_BINARY_DIR}/include>
    $<INSTALL_INTERFACE:${CMAKE_INSTALL_INCLUDEDIR}>)
  if(kind STREQUAL "SHARED")
    set_target_properties(${target} PROPERTIES VERSION ${PROJECT_VERSION} SOVERSION ${BITEXT_SOVERSION})
    # Every symbol a shared library needs must come from its own
    # dependencies (the sanitizers' runtimes are resolved in the program).
    if(NOT BITEXT_SANITIZE)
      target_link_options(${target} PRIVATE LINKER:--no-undefined)
    endif()
  endif()
endfunction()

bitext_library(bitext_core bitext-core bitext-core-static STATIC ${BITEXT_CORE_OBJECTS})
target_link_libraries(bitext_core PRIVATE ${BITEXT_CORE_DEPS})
bitext_library(libbitext bitext bitext-static STATIC ${BITEXT_OBJECTS})
target_link_libraries(libbitext PUBLIC bitext_core PRIVATE ${BITEXT_DEPS})

bitext_library(bitext_core_shared bitext-core bitext-core-shared SHARED ${BITEXT_CORE_OBJECTS})
target_link_libraries(bitext_core_shared PRIVATE ${BITEXT_CORE_DEPS})
bitext_library(libbitext_shared bitext bitext-shared SHARED ${BITEXT_CORE_OBJECTS} ${BITEXT_OBJECTS})
target_link_libraries(libbitext_shared PRIVATE ${BITEXT_CORE_DEPS} ${BITEXT_DEPS})

# The command (src/CMakeLists.txt) links libbitext_shared; installed, it
# finds it relative to itself unless the library directory is a system one.
file(RELATIVE_PATH BITEXT_BIN_TO_LIB ${CMAKE_INSTALL_FULL_BINDIR} ${CMAKE_INSTALL_FULL_LIBDIR})
if(NOT CMAKE_INSTALL_FULL_LIBDIR IN_LIST CMAKE_C_IMPLICIT_LINK_DIRECTORIES)
  set_target_properties(bitext PROPERTIES INSTALL_RPATH "$ORIGIN/${BITEXT_BIN_TO_LIB}")
endif()

# ---- install: command, libraries, headers, CMake package, pkg-config
# files, man pages, bash completion
set(BITEXT_CMAKE_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/bitext)
install(TARGETS bitext bitext-map RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(TARGETS bitext_core_shared libbitext_shared EXPORT bitext-shared
  LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR})
install(TARGETS bitext_core libbitext EXPORT bitext-static
  ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR})
install(FILES
  ${PROJECT_SOURCE_DIR}/src/include/bitext.h
  ${PROJECT_SOURCE_DIR}/src/include/bitext-core.h
  ${PROJECT_SOURCE_DIR}/src/include/bitext-doc.h
  ${PROJECT_SOURCE_DIR}/src/include/bitext-export.h
  ${PROJECT_BINARY_DIR}/include/bitext-version.h
  DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})

install(EXPORT bitext-shared NAMESPACE bitext:: FILE bitext-shared-targets.cmake
  DESTINATION ${BITEXT_CMAKE_DIR})
install(EXPORT bitext-static NAMESPACE bitext:: FILE bitext-static-targets.cmake
  DESTINATION ${BITEXT_CMAKE_DIR})
configure_package_config_file(${PROJECT_SOURCE_DIR}/cmake/bitextConfig.cmake.in
  ${PROJECT_BINARY_DIR}/bitextConfig.cmake INSTALL_DESTINATION ${BITEXT_CMAKE_DIR})
# Before 1.0 a minor version may break the API, so only the same minor fits.
write_basic_package_version_file(${PROJECT_BINARY_DIR}/bitextConfigVersion.cmake
  COMPATIBILITY SameMinorVersion)
install(FILES ${PROJECT_BINARY_DIR}/bitextConfig.cmake ${PROJECT_BINARY_DIR}/bitextConfigVersion.cmake
  DESTINATION ${BITEXT_CMAKE_DIR})

# pkg-config files that find their prefix from where they lie (${pcfiledir}),
# so that `cmake --install --prefix P` needs no reconfigure.
file(RELATIVE_PATH BITEXT_PC_PREFIX /prefix/${CMAKE_INSTALL_LIBDIR}/pkgconfig /prefix)
string(REGEX REPLACE "/$" "" BITEXT_PC_PREFIX "${BITEXT_PC_PREFIX}")
foreach(pc bitext bitext-core)
  configure_file(${PROJECT_SOURCE_DIR}/cmake/${pc}.pc.in ${PROJECT_BINARY_DIR}/${pc}.pc @ONLY)
  install(FILES ${PROJECT_BINARY_DIR}/${pc}.pc DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)
endforeach()

file(GLOB BITEXT_MAN_PAGES CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/docs/man/*.1)
install(FILES ${BITEXT_MAN_PAGES} DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
install(FILES ${PROJECT_SOURCE_DIR}/completion/bitext.bash
  DESTINATION ${CMAKE_INSTALL_DATADIR}/bash-completion/completions RENAME bitext)
