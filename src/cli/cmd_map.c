/* cmd_map.c: `bitext map` is the mapper program bitext-map (src/map/),
 * run in this process's place.
 *
 * Why a program of its own and not code linked here: the mapper is
 * bitext-core only (what a cluster node installs), and it uses
 * bitext-core's internal helpers, which the shared libbitext this command
 * links keeps hidden; linking a second, static copy of bitext-core into
 * the command would give one process two copies of its state (the error
 * detail above all). So, as git runs git-COMMAND, the command runs the
 * bitext-map installed beside it, else the first one on the PATH. */
#include "cli.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

/* The folder of this executable, with a trailing '/', into dir; 0 when
 * it cannot be told (no /proc). */
static int own_dir(char *dir, size_t size)
{
	ssize_t n = readlink("/proc/self/exe", dir, size - 1);
	char *slash;
	if (n <= 0 || (size_t)n >= size - 1)
		return 0;
	dir[n] = '\0';
	if (!(slash = strrchr(dir, '/')))
		return 0;
	slash[1] = '\0';
	return 1;
}

int cmd_map(int argc, char **argv)
{
	char path[PATH_MAX + 16];
	(void)argc;
	argv[0] = "bitext-map";
	if (own_dir(path, PATH_MAX) && strlen(path) + sizeof "bitext-map" <= sizeof path) {
		strcat(path, "bitext-map");
		if (access(path, X_OK) == 0)
			execv(path, argv);
	}
	execvp("bitext-map", argv);
	fprintf(stderr, "bitext: map: cannot run bitext-map (%s); it is installed beside bitext\n", strerror(errno));
	return EXIT_IO;
}
