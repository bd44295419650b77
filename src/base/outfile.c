/* outfile.c: temporary file + fsync + rename (a write fault point in test
 * builds). */
#include "outfile.h"
#include "error.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

struct bt_outfile {
	FILE *f;
	char *path;
	char *tmp; /* NULL for standard output */
	int committed;
	long long written, kicked; /* bytes written; bytes handed to writeback */
};

/* Big exports: every 16 MiB, start the disk writeback of what is written
 * (posix_fadvise DONTNEED does so on Linux, and drops the pages once
 * clean), so that it overlaps the rest of the export instead of all
 * waiting in the final fsync; the page cache is not filled either. */
#define KICK_EVERY (16LL << 20)
static void kick_writeback(bt_outfile *o)
{
	if (!o->tmp || o->written - o->kicked < KICK_EVERY || fflush(o->f) != 0)
		return;
	posix_fadvise(fileno(o->f), o->kicked, o->written - o->kicked, POSIX_FADV_DONTNEED);
	o->kicked = o->written;
}

int bt_outfile_open(bt_outfile **out, const char *path)
{
	bt_outfile *o;
	int fd;
	*out = NULL;
	if (!(o = bt_calloc(1, sizeof *o)) || !(o->path = bt_strdup(path))) {
		bt_free(o);
		return bt_fail_nomem();
	}
	if (strcmp(path, "-") == 0) {
		o->f = stdout;
		*out = o;
		return 0;
	}
	if (!(o->tmp = bt_malloc(strlen(path) + 16))) {
		bt_outfile_free(o);
		return bt_fail_nomem();
	}
	sprintf(o->tmp, "%s.tmp-XXXXXX", path);
	/* mkstemp makes the file 0600; an export is an ordinary file, so it
	 * gets the mode fopen would give it (0666 less the umask). */
	if ((fd = mkstemp(o->tmp)) >= 0) {
		mode_t mask = umask(0);
		umask(mask);
		fchmod(fd, 0666 & ~mask);
	}
	if (fd < 0 || !(o->f = fdopen(fd, "wb"))) {
		int rc = bt_fail(BT_EIO, path, -1, -1, "cannot create: %s", strerror(errno));
		if (fd >= 0)
			close(fd), unlink(o->tmp);
		bt_free(o->tmp);
		o->tmp = NULL;
		bt_outfile_free(o);
		return rc;
	}
	*out = o;
	return 0;
}

int bt_outfile_write(bt_outfile *o, const char *data, size_t len)
{
	if (bt_fault_hit(BT_FAULT_WRITE)) /* test builds: write:N, enospc */
		return bt_fail(BT_EIO, o->path, -1, -1, "write failed: %s (injected)", strerror(ENOSPC));
	if (len && fwrite(data, 1, len, o->f) != len)
		return bt_fail(BT_EIO, o->path, -1, -1, "write failed: %s", strerror(errno));
	o->written += (long long)len;
	kick_writeback(o);
	return 0;
}

int bt_outfile_puts(bt_outfile *o, const char *s)
{
	return bt_outfile_write(o, s, strlen(s));
}

int bt_outfile_commit(bt_outfile *o)
{
	if (fflush(o->f) != 0 || ferror(o->f))
		return bt_fail(BT_EIO, o->path, -1, -1, "write failed: %s", strerror(errno));
	if (!o->tmp) {
		o->committed = 1;
		return 0;
	}
	if (fsync(fileno(o->f)) != 0)
		return bt_fail(BT_EIO, o->path, -1, -1, "fsync failed: %s", strerror(errno));
	if (fclose(o->f) != 0) {
		o->f = NULL;
		return bt_fail(BT_EIO, o->path, -1, -1, "close failed: %s", strerror(errno));
	}
	o->f = NULL;
	if (rename(o->tmp, o->path) != 0)
		return bt_fail(BT_EIO, o->path, -1, -1, "cannot rename into place: %s", strerror(errno));
	o->committed = 1;
	return 0;
}

void bt_outfile_free(bt_outfile *o)
{
	if (!o)
		return;
	if (o->tmp) {
		if (o->f)
			fclose(o->f);
		if (!o->committed)
			unlink(o->tmp);
	}
	bt_free(o->tmp);
	bt_free(o->path);
	bt_free(o);
}

const char *bt_outfile_path(const bt_outfile *o)
{
	return o->path;
}
