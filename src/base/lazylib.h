/* lazylib.h: a shared library opened when it is first needed (internal).
 *
 * libmicrohttpd (bitext serve), libzip (DOCX, ODT) and libxlsxwriter (xlsx
 * files) bring 14 more libraries with them (GnuTLS, p11-kit, OpenSSL's
 * libcrypto ...). Linked, they were loaded and relocated by every command,
 * about 10 of the 19 ms a `bitext --version` took (issue 17), though most
 * commands use none of them. So libbitext opens each with dlopen(), by the
 * soname it was built against, when a function of it is first needed; a
 * machine without it then fails only the commands that need it, with a
 * message that names the library and its Debian package.
 *
 * A user declares the functions it calls in a private header, as
 * src/serve/mhd_lazy.h does: a table of pointers typed from the library's
 * own header, filled by bt_lazylib_load(), and macros that send the calls
 * there, so the code that calls them reads as plain calls. */
#ifndef BT_LAZYLIB_H
#define BT_LAZYLIB_H

#include <pthread.h>
#include <stddef.h>

typedef struct bt_lazylib {
	const char *soname;  /* "libmicrohttpd.so.12": the build's (cmake/libraries.cmake) */
	const char *package; /* the Debian package that has it, for the message */
	const char *purpose; /* what needs it: "the web server of bitext serve" */
	const char *const *names; /* the functions ... */
	void **const *slots;      /* ... and where each goes (see below), n of each */
	size_t n;
	pthread_once_t once;
	int rc; /* the load's result, kept: a second call fails the same way */
	char why[240];
} bt_lazylib;

/* One table entry: the slot is the typed pointer's address as void **, the
 * conversion POSIX gives for dlsym() (its rationale: *(void **)&fptr). */
#define BT_LAZYLIB_INIT(soname, package, purpose, names, slots)                                                 \
	{(soname), (package), (purpose), (names), (slots), sizeof(names) / sizeof(names)[0], PTHREAD_ONCE_INIT, 0, \
	 ""}

/* The two lists a user makes from its X-macro list of functions:
 *   static const char *const names[] = {BT_MHD_FUNCTIONS(BT_LAZYLIB_NAME)};
 *   static void **const slots[] = {BT_MHD_FUNCTIONS(BT_LAZYLIB_SLOT)};
 * The slot list is written where the header's macros send each name to
 * its pointer, so &f is that pointer's address. */
#define BT_LAZYLIB_NAME(f) #f,
#define BT_LAZYLIB_SLOT(f) (void **)&f,

/* Opens the library and fills every slot, once per process; 0, or BT_EIO
 * (the library or one of its functions is missing: the detail names both,
 * the package and what needs it). Thread-safe. The library stays open. */
int bt_lazylib_load(bt_lazylib *lib);

#endif
