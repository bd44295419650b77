/* zipread.c: see zipread.h. libzip reads the central directory, so a part
 * is found by name without inflating anything else, and it checks each
 * entry's CRC when the entry has been read to its end. */
#include "zipread.h"
#include "error.h"
#include "zip_lazy.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct bt_zip {
	zip_t *za;
	char *name;
	size_t total; /* bytes inflated so far, all parts */
};

const char *bt_zip_part_name(const bt_zip *z, const char *part)
{
	static _Thread_local char buf[1024];
	snprintf(buf, sizeof buf, "%s: %s", z->name, part);
	return buf;
}

/* libzip's error codes in words a translator can act on. */
static const char *zip_words(int ze)
{
	switch (ze) {
	case ZIP_ER_NOZIP:
		return "not a zip archive (damaged or truncated?)";
	case ZIP_ER_INCONS:
		return "damaged zip archive: its directory does not match its entries";
	case ZIP_ER_EOF:
	case ZIP_ER_READ:
	case ZIP_ER_SEEK:
		return "truncated zip archive";
	case ZIP_ER_MULTIDISK:
		return "a zip archive split over several disks";
	case ZIP_ER_CRC:
		return "damaged zip entry: its checksum does not match its contents";
	case ZIP_ER_ZLIB:
	case ZIP_ER_COMPRESSED_DATA:
		return "damaged zip entry: its compressed data cannot be inflated";
	case ZIP_ER_COMPNOTSUPP:
		return "the entry uses a compression method bitext cannot read";
	case ZIP_ER_ENCRNOTSUPP:
	case ZIP_ER_NOPASSWD:
	case ZIP_ER_WRONGPASSWD:
		return "the entry is encrypted (a password-protected document): save it without a password";
	default:
		return NULL;
	}
}

static int zip_fail(const char *name, int ze)
{
	const char *w;
	zip_error_t e;
	if (ze == ZIP_ER_MEMORY)
		return bt_fail_nomem();
	if ((w = zip_words(ze)) != NULL)
		return bt_fail(BT_EINPUT, name, -1, -1, "%s", w);
	zip_error_init_with_code(&e, ze);
	bt_fail(BT_EINPUT, name, -1, -1, "damaged zip archive: %s", zip_error_strerror(&e));
	zip_error_fini(&e);
	return BT_EINPUT;
}

struct bt_libzip_functions bt_libzip;
static const char *const libzip_names[] = {BT_LIBZIP_FUNCTIONS(BT_LAZYLIB_NAME)};
static void **const libzip_slots[] = {BT_LIBZIP_FUNCTIONS(BT_LAZYLIB_SLOT)};
static bt_lazylib libzip_lib = BT_LAZYLIB_INIT(BT_LIBZIP_SONAME, BT_LIBZIP_PACKAGE, "reading DOCX and ODT files",
					       libzip_names, libzip_slots);

int bt_libzip_load(void)
{
	return bt_lazylib_load(&libzip_lib);
}

int bt_zip_open(bt_zip **out, const char *data, size_t len, const char *name)
{
	zip_error_t err;
	zip_source_t *src;
	zip_int64_t n;
	bt_zip *z;
	int ze;

	*out = NULL;
	if (!name)
		name = "<input>";
	if ((ze = bt_libzip_load()) != 0)
		return ze;
	if (!(z = bt_calloc(1, sizeof *z)) || !(z->name = bt_strdup(name))) {
		bt_free(z);
		return bt_fail_nomem();
	}
	zip_error_init(&err);
	if (!(src = zip_source_buffer_create(data, len, 0, &err))) {
		ze = zip_error_code_zip(&err);
		zip_error_fini(&err);
		bt_zip_close(z);
		return zip_fail(name, ze);
	}
	if (!(z->za = zip_open_from_source(src, ZIP_RDONLY, &err))) {
		ze = zip_error_code_zip(&err);
		zip_error_fini(&err);
		zip_source_free(src);
		bt_zip_close(z);
		return zip_fail(name, ze);
	}
	zip_error_fini(&err);
	n = zip_get_num_entries(z->za, 0);
	if (n > BT_ZIP_MAX_ENTRIES) {
		bt_zip_close(z);
		return bt_fail(BT_ELIMIT, name, -1, -1, "a zip of %lld entries: the most a document may have is %d",
			       (long long)n, BT_ZIP_MAX_ENTRIES);
	}
	*out = z;
	return 0;
}

void bt_zip_close(bt_zip *z)
{
	if (!z)
		return;
	if (z->za)
		zip_discard(z->za);
	bt_free(z->name);
	bt_free(z);
}

int bt_zip_any_encrypted(bt_zip *z)
{
	zip_int64_t n = zip_get_num_entries(z->za, 0);
	for (zip_int64_t i = 0; i < n; i++) {
		zip_stat_t st;
		zip_stat_init(&st);
		if (zip_stat_index(z->za, (zip_uint64_t)i, 0, &st) == 0 && (st.valid & ZIP_STAT_ENCRYPTION_METHOD) &&
		    st.encryption_method != ZIP_EM_NONE)
			return 1;
	}
	return 0;
}

int bt_zip_has(bt_zip *z, const char *part)
{
	return zip_name_locate(z->za, part, ZIP_FL_NOCASE) >= 0;
}

static int too_big(bt_zip *z, const char *part, size_t max)
{
	if (max == (size_t)BT_ZIP_MAX_PART)
		return bt_fail(BT_ELIMIT, bt_zip_part_name(z, part), -1, -1,
			       "the entry inflates to more than %zu bytes (256 MiB), the most a part may have"
			       " (a zip bomb?)", max);
	return bt_fail(BT_ELIMIT, bt_zip_part_name(z, part), -1, -1,
		       "the entry inflates to more than %zu bytes, the most this part may have", max);
}

/* Opens a part for reading after the checks that need no inflating. */
static int part_open(bt_zip *z, const char *part, size_t max, zip_file_t **f)
{
	zip_int64_t i = zip_name_locate(z->za, part, ZIP_FL_NOCASE);
	zip_stat_t st;
	*f = NULL;
	if (i < 0)
		return bt_fail(BT_ENOTFOUND, z->name, -1, -1, "no %s in the zip", part);
	zip_stat_init(&st);
	if (zip_stat_index(z->za, (zip_uint64_t)i, 0, &st) != 0)
		return zip_fail(bt_zip_part_name(z, part), zip_error_code_zip(zip_get_error(z->za)));
	if ((st.valid & ZIP_STAT_ENCRYPTION_METHOD) && st.encryption_method != ZIP_EM_NONE)
		return zip_fail(bt_zip_part_name(z, part), ZIP_ER_NOPASSWD);
	if ((st.valid & ZIP_STAT_SIZE) && st.size > max)
		return too_big(z, part, max);
	if ((st.valid & ZIP_STAT_SIZE) && z->total + st.size > (size_t)BT_ZIP_MAX_TOTAL)
		return bt_fail(BT_ELIMIT, bt_zip_part_name(z, part), -1, -1,
			       "the parts read inflate to more than %ld bytes (512 MiB) together (a zip bomb?)",
			       (long)BT_ZIP_MAX_TOTAL);
	if (!(*f = zip_fopen_index(z->za, (zip_uint64_t)i, 0)))
		return zip_fail(bt_zip_part_name(z, part), zip_error_code_zip(zip_get_error(z->za)));
	return 0;
}

int bt_zip_stream(bt_zip *z, const char *part, bt_zip_chunk_fn fn, void *ud)
{
	enum { CHUNK = 1 << 16 };
	zip_file_t *f;
	char *buf;
	size_t got = 0;
	int rc = part_open(z, part, (size_t)BT_ZIP_MAX_PART, &f);

	if (rc)
		return rc;
	if (!(buf = bt_malloc(CHUNK))) {
		zip_fclose(f);
		return bt_fail_nomem();
	}
	for (;;) {
		zip_int64_t n = zip_fread(f, buf, CHUNK);
		if (n < 0) {
			rc = zip_fail(bt_zip_part_name(z, part), zip_error_code_zip(zip_file_get_error(f)));
			break;
		}
		got += (size_t)n;
		z->total += (size_t)n;
		if (got > (size_t)BT_ZIP_MAX_PART) {
			rc = too_big(z, part, (size_t)BT_ZIP_MAX_PART);
			break;
		}
		if (z->total > (size_t)BT_ZIP_MAX_TOTAL) {
			rc = bt_fail(BT_ELIMIT, bt_zip_part_name(z, part), -1, -1,
				     "the parts read inflate to more than %ld bytes (512 MiB) together (a zip bomb?)",
				     (long)BT_ZIP_MAX_TOTAL);
			break;
		}
		if ((rc = fn(ud, buf, (size_t)n, n == 0)) != 0 || n == 0)
			break;
	}
	bt_free(buf);
	zip_fclose(f);
	return rc;
}

struct collect {
	bt_buf *out;
	size_t max;
	int over;
};

static int collect_chunk(void *ud, const char *chunk, size_t n, int last)
{
	struct collect *c = ud;
	(void)last;
	if (c->out->len + n > c->max) {
		c->over = 1;
		return BT_ELIMIT;
	}
	return bt_buf_put(c->out, chunk, n);
}

int bt_zip_read(bt_zip *z, const char *part, size_t max, bt_buf *out)
{
	struct collect c = {out, max, 0};
	int rc;
	zip_file_t *f;
	bt_buf_clear(out);
	/* the declared size first, so that a huge part is refused unread */
	if ((rc = part_open(z, part, max, &f)) != 0)
		return rc;
	zip_fclose(f);
	rc = bt_zip_stream(z, part, collect_chunk, &c);
	if (c.over)
		return too_big(z, part, max);
	if (!rc && (rc = bt_buf_grow(out, 0)) == 0)
		out->ptr[out->len] = '\0';
	return rc;
}

int bt_zip_part_contains(bt_zip *z, const char *part, const char *needle, size_t max)
{
	bt_buf b = BT_BUF_INIT;
	int rc = bt_zip_read(z, part, max, &b);
	if (rc == BT_ELIMIT) {
		/* only the first bytes matter here: a bigger part is simply not it */
		bt_error_clear();
		bt_buf_dispose(&b);
		return 0;
	}
	if (!rc)
		rc = b.ptr && strstr(b.ptr, needle) != NULL;
	bt_buf_dispose(&b);
	return rc;
}
