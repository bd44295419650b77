/* zip_lazy.h: libzip, opened when the first DOCX or ODT file is read
 * (lazylib.h says why). Include it instead of <zip.h>; call bt_libzip_load()
 * before the first zip_ function. */
#ifndef BT_ZIP_LAZY_H
#define BT_ZIP_LAZY_H

#include "lazylib.h"

#include <zip.h>

/* Every libzip function bitext calls. */
#define BT_LIBZIP_FUNCTIONS(X)                                                                                 \
	X(zip_discard)                                                                                         \
	X(zip_error_code_zip)                                                                                  \
	X(zip_error_fini)                                                                                      \
	X(zip_error_init)                                                                                      \
	X(zip_error_init_with_code)                                                                            \
	X(zip_error_strerror)                                                                                  \
	X(zip_fclose)                                                                                          \
	X(zip_file_get_error)                                                                                  \
	X(zip_fopen_index)                                                                                     \
	X(zip_fread)                                                                                           \
	X(zip_get_error)                                                                                       \
	X(zip_get_num_entries)                                                                                 \
	X(zip_name_locate)                                                                                     \
	X(zip_open_from_source)                                                                                \
	X(zip_source_buffer_create)                                                                            \
	X(zip_source_free)                                                                                     \
	X(zip_stat_index)                                                                                      \
	X(zip_stat_init)

struct bt_libzip_functions {
#define BT_LIBZIP_SLOT(f) __typeof__(&f) f;
	BT_LIBZIP_FUNCTIONS(BT_LIBZIP_SLOT)
#undef BT_LIBZIP_SLOT
};
extern struct bt_libzip_functions bt_libzip;

/* 0, or BT_EIO with the detail set (the library is missing). */
int bt_libzip_load(void);

#define zip_discard (bt_libzip.zip_discard)
#define zip_error_code_zip (bt_libzip.zip_error_code_zip)
#define zip_error_fini (bt_libzip.zip_error_fini)
#define zip_error_init (bt_libzip.zip_error_init)
#define zip_error_init_with_code (bt_libzip.zip_error_init_with_code)
#define zip_error_strerror (bt_libzip.zip_error_strerror)
#define zip_fclose (bt_libzip.zip_fclose)
#define zip_file_get_error (bt_libzip.zip_file_get_error)
#define zip_fopen_index (bt_libzip.zip_fopen_index)
#define zip_fread (bt_libzip.zip_fread)
#define zip_get_error (bt_libzip.zip_get_error)
#define zip_get_num_entries (bt_libzip.zip_get_num_entries)
#define zip_name_locate (bt_libzip.zip_name_locate)
#define zip_open_from_source (bt_libzip.zip_open_from_source)
#define zip_source_buffer_create (bt_libzip.zip_source_buffer_create)
#define zip_source_free (bt_libzip.zip_source_free)
#define zip_stat_index (bt_libzip.zip_stat_index)
#define zip_stat_init (bt_libzip.zip_stat_init)

#endif
