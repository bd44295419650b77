/* bitext-export.h: BT_EXPORT marks the functions of the public headers
 * (bitext-core.h, bitext.h). The libraries are compiled with symbols hidden
 * by default (-fvisibility=hidden), so a shared libbitext or libbitext-core
 * exports exactly the functions that carry it and nothing of the internals.
 * The same object files go into the static and the shared libraries, so the
 * mark is the same for both; to a program that includes the header it
 * changes nothing. */
#ifndef BITEXT_EXPORT_H
#define BITEXT_EXPORT_H

#if defined(__GNUC__) && __GNUC__ >= 4
#define BT_EXPORT __attribute__((visibility("default")))
#else
/* Other compilers (and Windows' dllexport/dllimport) are not supported yet:
 * bitext is built and tested on Debian with gcc and clang. */
#define BT_EXPORT
#endif

#endif
