/* store_backup.c: a consistent copy of the corpus while others write it
 * (bt_corpus_backup(), bitext.h). */
#include "alloc.h"
#include "error.h"
#include "store_int.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* The folder of `path` synced, so that the rename survives a crash. */
static void sync_dir(const char *path)
{
	const char *slash = strrchr(path, '/');
	char *dir = slash ? bt_strdup(path) : bt_strdup(".");
	int fd;
	if (!dir)
		return;
	if (slash)
		dir[slash == path ? 1 : slash - path] = '\0';
	if ((fd = open(dir, O_RDONLY | O_DIRECTORY)) >= 0) {
		fsync(fd);
		close(fd);
	}
	bt_free(dir);
}

/* The copy's file synced and its size read. */
static int sync_file(const char *tmp, const char *path, long long *bytes)
{
	struct stat st;
	int fd = open(tmp, O_RDWR), rc = 0;
	if (fd < 0)
		return bt_fail(BT_EIO, path, -1, -1, "cannot open the copy: %s", strerror(errno));
	if (fsync(fd) != 0 || fstat(fd, &st) != 0)
		rc = bt_fail(BT_EIO, path, -1, -1, "cannot sync the copy: %s", strerror(errno));
	else
		*bytes = (long long)st.st_size;
	close(fd);
	return rc;
}

/* The temporary into place: link() refuses an existing file at once, so
 * no check-then-rename race can replace one; rename() when forced (or on
 * a file system without hard links). */
static int put_in_place(const char *tmp, const char *path, int force)
{
	if (!force) {
		if (link(tmp, path) == 0) {
			unlink(tmp);
			return 0;
		}
		if (errno == EEXIST)
			return bt_fail(BT_EUSAGE, path, -1, -1, "a file already exists here; give --force to replace it");
		if (errno != EPERM && errno != EOPNOTSUPP && errno != ENOSYS)
			return bt_fail(BT_EIO, path, -1, -1, "cannot put the copy in place: %s", strerror(errno));
		if (access(path, F_OK) == 0)
			return bt_fail(BT_EUSAGE, path, -1, -1, "a file already exists here; give --force to replace it");
	}
	if (rename(tmp, path) != 0)
		return bt_fail(BT_EIO, path, -1, -1, "cannot put the copy in place: %s", strerror(errno));
	return 0;
}

/* Refusals before any work: a file there (unless forced), the corpus
 * itself or its -wal/-shm as the destination. */
static int check_dest(bt_corpus *c, const char *path, int force)
{
	struct stat d, s;
	if (!path || !*path)
		return bt_fail(BT_EUSAGE, NULL, -1, -1, "a backup needs a file name");
	if (lstat(path, &d) != 0)
		return 0;
	if (stat(c->path, &s) == 0 && d.st_dev == s.st_dev && d.st_ino == s.st_ino)
		return bt_fail(BT_EUSAGE, path, -1, -1, "this is the corpus itself; give another file name");
	if (!S_ISREG(d.st_mode))
		return bt_fail(BT_EUSAGE, path, -1, -1, "not a regular file; give another file name");
	if (!force)
		return bt_fail(BT_EUSAGE, path, -1, -1, "a file already exists here; give --force to replace it");
	return 0;
}

/* VACUUM INTO the temporary (the VACUUM runs in one read transaction:
 * the copy is the corpus as of one commit, and writers are not held). */
static int vacuum_into(bt_corpus *c, const char *tmp, const char *path)
{
	sqlite3_stmt *st;
	int r;
	if (sqlite3_prepare_v2(c->db, "VACUUM INTO ?", -1, &st, NULL) != SQLITE_OK)
		return bt_store_fail(c, "backup");
	sqlite3_bind_text(st, 1, tmp, -1, SQLITE_STATIC);
	r = sqlite3_step(st);
	sqlite3_finalize(st);
	if (r != SQLITE_DONE)
		return bt_fail(BT_EDB, path, -1, -1, "backup failed: %s", sqlite3_errmsg(c->db));
	return 0;
}

int bt_corpus_backup(long long *bytes, bt_corpus *c, const char *path, const bt_backup_opts *opts)
{
	BT_OPTS_CHECK(opts, BT_BACKUP_OPTS_VERSION, "bt_corpus_backup");
	int force = opts && opts->force, rc, fd;
	long long dummy;
	char *tmp;
	if (!bytes)
		bytes = &dummy;
	*bytes = 0;
	if (c->in_tx)
		return bt_fail(BT_EUSAGE, c->path, -1, -1, "a backup cannot run inside a transaction");
	if ((rc = check_dest(c, path, force)) != 0)
		return rc;
	if (!(tmp = bt_malloc(strlen(path) + 16)))
		return bt_fail_nomem();
	sprintf(tmp, "%s.tmp-XXXXXX", path);
	/* an empty file is what VACUUM INTO accepts besides none; mkstemp
	 * makes it 0600, as a corpus copy should be */
	if ((fd = mkstemp(tmp)) < 0) {
		rc = bt_fail(BT_EIO, path, -1, -1, "cannot create: %s", strerror(errno));
		bt_free(tmp);
		return rc;
	}
	close(fd);
	if ((rc = vacuum_into(c, tmp, path)) == 0 && (rc = sync_file(tmp, path, bytes)) == 0 &&
	    (rc = put_in_place(tmp, path, force)) == 0)
		sync_dir(path);
	if (rc)
		unlink(tmp);
	bt_free(tmp);
	return rc;
}
