/* lazylib.c: shared libraries opened when first needed (lazylib.h says why). */
#include "lazylib.h"
#include "error.h"

#include <dlfcn.h>
#include <stdio.h>
#include <string.h>

/* pthread_once() takes no argument: the library being loaded is handed
 * over in a thread-local, each load being the only one of its thread. */
static _Thread_local bt_lazylib *loading;

static void load_once(void)
{
	bt_lazylib *lib = loading;
	void *h = dlopen(lib->soname, RTLD_NOW | RTLD_LOCAL);
	if (!h) {
		const char *e = dlerror();
		snprintf(lib->why, sizeof lib->why, "cannot be loaded (%s)", e ? e : "no reason given");
		lib->rc = BT_EIO;
		return;
	}
	for (size_t i = 0; i < lib->n; i++) {
		void *f;
		dlerror();
		f = dlsym(h, lib->names[i]);
		if (!f) {
			/* an older library than the build's: it lacks a function */
			snprintf(lib->why, sizeof lib->why, "has no function %s (a version older than the one bitext was built with)",
				 lib->names[i]);
			lib->rc = BT_EIO;
			return;
		}
		*lib->slots[i] = f;
	}
}

int bt_lazylib_load(bt_lazylib *lib)
{
	loading = lib;
	pthread_once(&lib->once, load_once);
	loading = NULL;
	if (lib->rc)
		return bt_fail(lib->rc, NULL, -1, -1, "%s needs the shared library %s, which %s; on Debian: apt-get install %s",
			       lib->purpose, lib->soname, lib->why, lib->package);
	return 0;
}
