/* test_api.c: the public headers' conventions hold at run time: options
 * of another layout (their `version`) are refused with BT_EUSAGE and a
 * message naming the function, NULL options are the defaults, and the
 * *_INIT macros give the documented defaults. */
#include "test.h"

#include "bitext.h"

#include <unistd.h>

static void check_refused(int rc, const char *fn, unsigned version)
{
	char want[64];
	snprintf(want, sizeof want, "options of version 7, not %u", version);
	CHECK_INT(rc, BT_EUSAGE);
	CHECK(strstr(bt_error_last()->msg, fn) != NULL);
	CHECK(strstr(bt_error_last()->msg, want) != NULL);
}

int main(void)
{
	char path[] = "/tmp/bt_test_api_XXXXXX";
	bt_corpus_opts co = BT_CORPUS_OPTS_INIT;
	bt_decode_opts dopts = BT_DECODE_OPTS_INIT;
	bt_segmenter_opts so = BT_SEGMENTER_OPTS_INIT;
	bt_concord_opts qo = BT_CONCORD_OPTS_INIT;
	bt_tmx_export_opts eo = BT_TMX_EXPORT_OPTS_INIT;
	bt_xliff_import_opts xo = BT_XLIFF_IMPORT_OPTS_INIT;
	bt_corpus *c = NULL;
	bt_segmenter *sg = NULL;
	bt_buf out = BT_BUF_INIT;
	int fd = mkstemp(path);

	/* defaults of the designated *_INIT macros */
	CHECK_INT(co.version, BT_CORPUS_OPTS_VERSION);
	CHECK_INT(qo.sides, BT_CONCORD_SRC);
	CHECK_INT(qo.limit, 20);
	CHECK_INT(eo.creation_time, -1);
	CHECK_INT(xo.version, BT_XLIFF_IMPORT_OPTS_VERSION);
	CHECK_INT(xo.all_translated, 0);
	CHECK_INT(BT_CONCORD_BOTH, BT_CONCORD_SRC | BT_CONCORD_TGT);
	CHECK_INT(BT_CONCORD_TGT, 1 << BT_SIDE_TGT);

	/* another layout is refused, naming the function */
	dopts.version = 7;
	check_refused(bt_decode(&out, NULL, "a", 1, &dopts), "bt_decode", BT_DECODE_OPTS_VERSION);
	so.version = 7;
	check_refused(bt_segmenter_open(&sg, "nl", &so), "bt_segmenter_open", BT_SEGMENTER_OPTS_VERSION);
	CHECK(sg == NULL);
	xo.version = 7;
	check_refused(bt_xliff_import(NULL, NULL, "p", "x.xlf", &xo), "bt_xliff_import", BT_XLIFF_IMPORT_OPTS_VERSION);
	co.version = 7;
	close(fd);
	unlink(path);
	co.create = 1;
	check_refused(bt_corpus_open(&c, path, &co), "bt_corpus_open", BT_CORPUS_OPTS_VERSION);
	CHECK(c == NULL);
	CHECK(access(path, F_OK) != 0); /* nothing was created */

	/* NULL options: the defaults */
	CHECK_INT(bt_decode(&out, NULL, "a", 1, NULL), 0);
	CHECK_INT(bt_segmenter_open(&sg, "nl", NULL), 0);
	bt_segmenter_free(sg);
	bt_buf_dispose(&out);
	TEST_END();
}
