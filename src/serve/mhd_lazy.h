/* mhd_lazy.h: libmicrohttpd, opened when bitext serve starts (lazylib.h
 * says why). Include it instead of <microhttpd.h>; call bt_mhd_load()
 * before the first MHD_ function. */
#ifndef BT_MHD_LAZY_H
#define BT_MHD_LAZY_H

#include "lazylib.h"

#include <microhttpd.h>

/* Every libmicrohttpd function bitext calls. */
#define BT_MHD_FUNCTIONS(X)                                                                                    \
	X(MHD_add_response_header)                                                                             \
	X(MHD_create_post_processor)                                                                           \
	X(MHD_create_response_from_buffer)                                                                     \
	X(MHD_destroy_post_processor)                                                                          \
	X(MHD_destroy_response)                                                                                \
	X(MHD_get_connection_info)                                                                             \
	X(MHD_get_daemon_info)                                                                                 \
	X(MHD_lookup_connection_value)                                                                         \
	X(MHD_post_process)                                                                                    \
	X(MHD_queue_response)                                                                                  \
	X(MHD_resume_connection)                                                                               \
	X(MHD_start_daemon)                                                                                    \
	X(MHD_stop_daemon)                                                                                     \
	X(MHD_suspend_connection)

struct bt_mhd_functions {
#define BT_MHD_SLOT(f) __typeof__(&f) f;
	BT_MHD_FUNCTIONS(BT_MHD_SLOT)
#undef BT_MHD_SLOT
};
extern struct bt_mhd_functions bt_mhd;

/* 0, or BT_EIO with the detail set (the library is missing). */
int bt_mhd_load(void);

#define MHD_add_response_header (bt_mhd.MHD_add_response_header)
#define MHD_create_post_processor (bt_mhd.MHD_create_post_processor)
#define MHD_create_response_from_buffer (bt_mhd.MHD_create_response_from_buffer)
#define MHD_destroy_post_processor (bt_mhd.MHD_destroy_post_processor)
#define MHD_destroy_response (bt_mhd.MHD_destroy_response)
#define MHD_get_connection_info (bt_mhd.MHD_get_connection_info)
#define MHD_get_daemon_info (bt_mhd.MHD_get_daemon_info)
#define MHD_lookup_connection_value (bt_mhd.MHD_lookup_connection_value)
#define MHD_post_process (bt_mhd.MHD_post_process)
#define MHD_queue_response (bt_mhd.MHD_queue_response)
#define MHD_resume_connection (bt_mhd.MHD_resume_connection)
#define MHD_start_daemon (bt_mhd.MHD_start_daemon)
#define MHD_stop_daemon (bt_mhd.MHD_stop_daemon)
#define MHD_suspend_connection (bt_mhd.MHD_suspend_connection)

#endif
