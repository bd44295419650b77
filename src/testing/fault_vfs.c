/* fault_vfs.c: test hooks for SQLite's writes and allocations (error.h).
 *
 * BITEXT_FAULT=dbwrite:N makes the N-th write SQLite does to any file
 * (the database, its WAL) fail as a disk I/O error, dbfull:N as a full
 * disk; dbwrite:0 fails none and only counts. It is an SQLite VFS over the
 * default one, made the default when the variable asks for it, so the
 * whole library's writes go through it; without the variable nothing is
 * registered. BITEXT_FAULT=sqlalloc:N makes SQLite's N-th allocation fail
 * (its allocator wrapped, which SQLite allows only before it starts). With
 * BITEXT_FAULT_LOG=FILE the count is appended to FILE at exit ("dbwrites N
 * failed F", "sqlallocs N failed F"). Not thread-safe, as the CLI runs that
 * use it need not be. */
#include "error.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct fault_file {
	sqlite3_file base;
	sqlite3_file *real; /* the default VFS's file, right after this struct */
} fault_file;

static sqlite3_vfs vfs, *orig;
static long write_at, writes;
static int disk_full, fired;

#define REAL(f) (((fault_file *)(f))->real)

static int f_close(sqlite3_file *f)
{
	return REAL(f)->pMethods->xClose(REAL(f));
}
static int f_read(sqlite3_file *f, void *p, int n, sqlite3_int64 off)
{
	return REAL(f)->pMethods->xRead(REAL(f), p, n, off);
}
static int f_write(sqlite3_file *f, const void *p, int n, sqlite3_int64 off)
{
	if (++writes == write_at) {
		fired = 1;
		return disk_full ? SQLITE_FULL : SQLITE_IOERR_WRITE;
	}
	return REAL(f)->pMethods->xWrite(REAL(f), p, n, off);
}
static int f_truncate(sqlite3_file *f, sqlite3_int64 size)
{
	return REAL(f)->pMethods->xTruncate(REAL(f), size);
}
static int f_sync(sqlite3_file *f, int flags)
{
	return REAL(f)->pMethods->xSync(REAL(f), flags);
}
static int f_size(sqlite3_file *f, sqlite3_int64 *size)
{
	return REAL(f)->pMethods->xFileSize(REAL(f), size);
}
static int f_lock(sqlite3_file *f, int l)
{
	return REAL(f)->pMethods->xLock(REAL(f), l);
}
static int f_unlock(sqlite3_file *f, int l)
{
	return REAL(f)->pMethods->xUnlock(REAL(f), l);
}
static int f_reserved(sqlite3_file *f, int *out)
{
	return REAL(f)->pMethods->xCheckReservedLock(REAL(f), out);
}
static int f_control(sqlite3_file *f, int op, void *arg)
{
	return REAL(f)->pMethods->xFileControl(REAL(f), op, arg);
}
static int f_sector(sqlite3_file *f)
{
	return REAL(f)->pMethods->xSectorSize(REAL(f));
}
static int f_device(sqlite3_file *f)
{
	return REAL(f)->pMethods->xDeviceCharacteristics(REAL(f));
}
static int f_shm_map(sqlite3_file *f, int pg, int pgsz, int extend, void volatile **pp)
{
	return REAL(f)->pMethods->xShmMap(REAL(f), pg, pgsz, extend, pp);
}
static int f_shm_lock(sqlite3_file *f, int off, int n, int flags)
{
	return REAL(f)->pMethods->xShmLock(REAL(f), off, n, flags);
}
static void f_shm_barrier(sqlite3_file *f)
{
	REAL(f)->pMethods->xShmBarrier(REAL(f));
}
static int f_shm_unmap(sqlite3_file *f, int del)
{
	return REAL(f)->pMethods->xShmUnmap(REAL(f), del);
}
/* Memory-mapped reads are refused, so that every page goes through
 * xRead/xWrite (SQLite falls back to them). */
static int f_fetch(sqlite3_file *f, sqlite3_int64 off, int n, void **pp)
{
	(void)f, (void)off, (void)n;
	*pp = NULL;
	return SQLITE_OK;
}
static int f_unfetch(sqlite3_file *f, sqlite3_int64 off, void *p)
{
	(void)f, (void)off, (void)p;
	return SQLITE_OK;
}

static const sqlite3_io_methods methods = {
	3,	      f_close,	    f_read,	f_write,       f_truncate,	f_sync,	      f_size,
	f_lock,	      f_unlock,	    f_reserved, f_control,     f_sector,	f_device,     f_shm_map,
	f_shm_lock,   f_shm_barrier, f_shm_unmap, f_fetch,	f_unfetch,
};

static int f_open(sqlite3_vfs *v, const char *name, sqlite3_file *f, int flags, int *out_flags)
{
	fault_file *ff = (fault_file *)f;
	int rc;
	(void)v;
	ff->real = (sqlite3_file *)(ff + 1);
	rc = orig->xOpen(orig, name, ff->real, flags, out_flags);
	/* SQLite calls xClose only when pMethods is set */
	f->pMethods = rc == SQLITE_OK && ff->real->pMethods ? &methods : NULL;
	return rc;
}

/* The rest is the default VFS's own. */
static int v_delete(sqlite3_vfs *v, const char *n, int sync)
{
	(void)v;
	return orig->xDelete(orig, n, sync);
}
static int v_access(sqlite3_vfs *v, const char *n, int flags, int *out)
{
	(void)v;
	return orig->xAccess(orig, n, flags, out);
}
static int v_full(sqlite3_vfs *v, const char *n, int size, char *out)
{
	(void)v;
	return orig->xFullPathname(orig, n, size, out);
}
static int v_random(sqlite3_vfs *v, int n, char *out)
{
	(void)v;
	return orig->xRandomness(orig, n, out);
}
static int v_sleep(sqlite3_vfs *v, int us)
{
	(void)v;
	return orig->xSleep(orig, us);
}
static int v_time(sqlite3_vfs *v, double *t)
{
	(void)v;
	return orig->xCurrentTime(orig, t);
}
static int v_error(sqlite3_vfs *v, int n, char *out)
{
	(void)v;
	return orig->xGetLastError ? orig->xGetLastError(orig, n, out) : 0;
}
static int v_time64(sqlite3_vfs *v, sqlite3_int64 *t)
{
	(void)v;
	return orig->xCurrentTimeInt64(orig, t);
}

static void fault_vfs_log(void)
{
	const char *path = getenv("BITEXT_FAULT_LOG");
	FILE *f = path ? fopen(path, "a") : NULL;
	if (f) {
		fprintf(f, "dbwrites %ld failed %d\n", writes, fired);
		fclose(f);
	}
}

/* BITEXT_FAULT=sqlalloc:N: the N-th allocation SQLite makes fails. */
static sqlite3_mem_methods real_mem, fault_mem;
static long alloc_at, allocs;

static void *m_malloc(int n)
{
	if (++allocs == alloc_at) {
		fired = 1;
		return NULL;
	}
	return real_mem.xMalloc(n);
}
static void *m_realloc(void *p, int n)
{
	if (++allocs == alloc_at) {
		fired = 1;
		return NULL;
	}
	return real_mem.xRealloc(p, n);
}
static void sqlalloc_log(void)
{
	const char *path = getenv("BITEXT_FAULT_LOG");
	FILE *f = path ? fopen(path, "a") : NULL;
	if (f) {
		fprintf(f, "sqlallocs %ld failed %d\n", allocs, fired);
		fclose(f);
	}
}

void bt_fault_vfs_install(void)
{
	static int done;
	const char *f = getenv("BITEXT_FAULT");
	if (done)
		return;
	done = 1;
	/* before SQLite initializes: the allocator can be set only then */
	if (f && strncmp(f, "sqlalloc:", 9) == 0) {
		alloc_at = strtol(f + 9, NULL, 10);
		if (sqlite3_config(SQLITE_CONFIG_GETMALLOC, &real_mem) == SQLITE_OK) {
			fault_mem = real_mem;
			fault_mem.xMalloc = m_malloc;
			fault_mem.xRealloc = m_realloc;
			if (sqlite3_config(SQLITE_CONFIG_MALLOC, &fault_mem) == SQLITE_OK && getenv("BITEXT_FAULT_LOG"))
				atexit(sqlalloc_log);
		}
		return;
	}
	if (!f || (strncmp(f, "dbwrite:", 8) != 0 && strncmp(f, "dbfull:", 7) != 0))
		return;
	disk_full = f[2] == 'f';
	write_at = strtol(f + (disk_full ? 7 : 8), NULL, 10);
	if (!(orig = sqlite3_vfs_find(NULL)) || orig->iVersion < 2)
		return;
	vfs.iVersion = 2;
	vfs.szOsFile = (int)sizeof(fault_file) + orig->szOsFile;
	vfs.mxPathname = orig->mxPathname;
	vfs.zName = "bitext-fault";
	vfs.xOpen = f_open;
	vfs.xDelete = v_delete;
	vfs.xAccess = v_access;
	vfs.xFullPathname = v_full;
	vfs.xRandomness = v_random;
	vfs.xSleep = v_sleep;
	vfs.xCurrentTime = v_time;
	vfs.xGetLastError = v_error;
	vfs.xCurrentTimeInt64 = v_time64;
	if (sqlite3_vfs_register(&vfs, 1) == SQLITE_OK && getenv("BITEXT_FAULT_LOG"))
		atexit(fault_vfs_log);
}
