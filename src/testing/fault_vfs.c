/* fault_vfs.c: SQLite's fault points for the test builds (testing.h).
 *
 * dbwrite:N makes the N-th write SQLite does to any file (the database, its
 * WAL) fail as a disk I/O error, dbfull:N as a full disk: an SQLite VFS over
 * the default one, registered as the default when one of them is armed, so
 * the whole library's writes go through it. sqlalloc:N makes SQLite's N-th
 * allocation fail: its allocator wrapped, which SQLite allows only before it
 * starts. Nothing is registered or wrapped unless a test arms one. Not
 * thread-safe, as the command runs that use it need not be. */
#include "fault_vfs.h"
#include "error.h"

#include <sqlite3.h>
#include <stdio.h>

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

/* sqlalloc:N: the N-th allocation SQLite makes fails. */
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

static int install_vfs(void)
{
	if (orig)
		return sqlite3_vfs_register(&vfs, 1) == SQLITE_OK ? 0 : BT_EDB;
	if (!(orig = sqlite3_vfs_find(NULL)) || orig->iVersion < 2)
		return bt_fail(BT_EDB, NULL, -1, -1, "fault injection: no SQLite VFS to wrap");
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
	if (sqlite3_vfs_register(&vfs, 1) != SQLITE_OK)
		return bt_fail(BT_EDB, NULL, -1, -1, "fault injection: cannot register the VFS");
	return 0;
}

/* Wraps SQLite's allocator; possible only before SQLite initializes. */
static int install_mem(void)
{
	if (fault_mem.xMalloc)
		return 0;
	if (sqlite3_config(SQLITE_CONFIG_GETMALLOC, &real_mem) != SQLITE_OK)
		return bt_fail(BT_EDB, NULL, -1, -1, "fault injection: cannot read SQLite's allocator");
	fault_mem = real_mem;
	fault_mem.xMalloc = m_malloc;
	fault_mem.xRealloc = m_realloc;
	if (sqlite3_config(SQLITE_CONFIG_MALLOC, &fault_mem) != SQLITE_OK) {
		fault_mem.xMalloc = NULL;
		return bt_fail(BT_EDB, NULL, -1, -1, "fault injection: sqlalloc must be armed before SQLite starts");
	}
	return 0;
}

static int armed_kind;

int bt_fault_db_arm(int kind, long at)
{
	int rc = 0;
	if (armed_kind == BT_DBFAULT_WRITE || armed_kind == BT_DBFAULT_FULL) {
		sqlite3_vfs_register(orig, 1); /* the default again */
		sqlite3_vfs_unregister(&vfs);
	}
	armed_kind = 0;
	writes = allocs = 0;
	write_at = alloc_at = 0;
	fired = 0;
	if (kind == BT_DBFAULT_WRITE || kind == BT_DBFAULT_FULL) {
		disk_full = kind == BT_DBFAULT_FULL;
		write_at = at;
		rc = install_vfs();
	} else if (kind == BT_DBFAULT_ALLOC) {
		alloc_at = at;
		rc = install_mem();
	}
	if (rc == 0)
		armed_kind = kind;
	return rc;
}

int bt_fault_db_report(char *buf, size_t size)
{
	if (armed_kind == BT_DBFAULT_WRITE || armed_kind == BT_DBFAULT_FULL)
		snprintf(buf, size, "dbwrites %ld failed %d\n", writes, fired);
	else if (armed_kind == BT_DBFAULT_ALLOC)
		snprintf(buf, size, "sqlallocs %ld failed %d\n", allocs, fired);
	return 0;
}
