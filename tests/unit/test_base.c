/* test_base.c: the helpers of src/base: the allocator and its fault point,
 * the hash, the string table, the UTF-8 reader, the CSV writer, libxml2's
 * error handler put back after a parse, a library opened when first
 * needed. */
#include "test.h"
#include "csv.h"
#include "error.h"
#include "hash.h"
#include "lazylib.h"
#include "srx.h"
#include "strtab.h"
#include "utf8.h"
#ifdef BITEXT_TESTING
#include "testing.h"
#endif

#include <stdint.h>
#include <unistd.h>

#include <libxml/globals.h>
#include <libxml/parser.h>
#include <unicode/utf8.h>

static void test_alloc(void)
{
	char *s = bt_strndup("Loekasjenko's", 11);
	CHECK_STR(s, "Loekasjenko");
	bt_free(s);
	CHECK(bt_calloc(SIZE_MAX / 2, 4) == NULL); /* n * size overflows */
	s = bt_malloc(0);                           /* one byte, not NULL */
	CHECK(s != NULL);
	bt_free(s);
	bt_free(NULL);
	/* the growable array: room made by doubling, contents kept, an
	 * overflow refused with the array as it was */
	{
		int *v = NULL, *w;
		size_t cap = 0, bad = 0;
		for (size_t n = 0; n < 1000; n++) {
			if (!(w = bt_grow(v, &cap, n + 1, sizeof *w))) {
				bad++;
				break;
			}
			v = w;
			v[n] = (int)n;
		}
		for (size_t n = 0; n < 1000; n++)
			bad += v[n] != (int)n;
		CHECK_INT(bad, 0);
		CHECK_INT(cap, 1024);
		CHECK(bt_grow(v, &cap, 1000, sizeof *v) == v); /* room: no move */
		CHECK(bt_grow(v, &cap, SIZE_MAX / 2, sizeof *v) == NULL);
		CHECK_INT(cap, 1024);
		CHECK_INT(v[999], 999);
		bt_free(v);
	}
#ifdef BITEXT_TESTING
	/* alloc:2: the second allocation fails, the others go through, and
	 * the report counts them */
	{
		char line[128], *a, *b, *c;
		CHECK_INT(bt_test_control(BT_TESTCTRL_FAULT, "alloc:2"), 0);
		a = bt_malloc(8), b = bt_strdup("x"), c = bt_calloc(2, 2);
		CHECK(a != NULL && b == NULL && c != NULL);
		CHECK_INT(bt_test_control(BT_TESTCTRL_FAULT_REPORT, line, sizeof line), 0);
		CHECK_STR(line, "allocations 3 failed 1\n");
		bt_free(a), bt_free(c);
		CHECK_INT(bt_test_control(BT_TESTCTRL_FAULT, ""), 0);
		CHECK_INT(bt_test_control(BT_TESTCTRL_FAULT_REPORT, line, sizeof line), 0);
		CHECK_STR(line, "");
		CHECK_INT(bt_test_control(BT_TESTCTRL_FAULT, "alloc:"), BT_EUSAGE);
		CHECK_INT(bt_test_control(BT_TESTCTRL_FAULT, "enospc:1"), BT_EUSAGE);
		CHECK_INT(bt_test_control(99), BT_EUSAGE);
	}
#endif
}

/* Values worked out apart (Python, the same basis and prime): the hash is
 * stored in corpora, so it must never change. */
static void test_hash(void)
{
	CHECK(bt_hash("", 0) == 0x14650fb0739d0383ULL);
	CHECK(bt_hash("a", 1) == 0x44bd8ad473cd9906ULL);
	CHECK(bt_hash("foobar", 6) == 0x88fad7c0a8ff07f2ULL);
	CHECK(bt_hash("Loekasjenko", 11) == 0x0675098e88eb863dULL);
	CHECK(bt_hash_more(bt_hash("foo", 3), "bar", 3) == bt_hash("foobar", 6));
}

static void test_strtab(void)
{
	bt_strtab t = BT_STRTAB_INIT;
	uint32_t id = 99;
	size_t len;
	char w[32];
	int bad = 0;

	CHECK_INT(bt_strtab_find(&t, &id, "x", 1), 0); /* empty */
	CHECK_INT(bt_strtab_intern(&t, &id, "Poetin", 6), 1);
	CHECK_INT(id, 0);
	CHECK_INT(bt_strtab_intern(&t, &id, "Loekasjenko", 11), 1);
	CHECK_INT(id, 1);
	CHECK_INT(bt_strtab_intern(&t, &id, "Poetin", 6), 0);
	CHECK_INT(id, 0);
	CHECK_INT(bt_strtab_intern(&t, &id, "Poe", 3), 1); /* a prefix is another string */
	CHECK_INT(bt_strtab_intern(&t, &id, "", 0), 1);    /* so is "" */
	CHECK_INT(bt_strtab_intern(&t, &id, "a\0b", 3), 1); /* bytes, not C strings */
	CHECK_INT(bt_strtab_find(&t, &id, "a\0c", 3), 0);
	CHECK_INT(bt_strtab_find(&t, &id, "Loekasjenko", 11), 1);
	CHECK_INT(id, 1);
	CHECK_STR(bt_strtab_str(&t, 1, &len), "Loekasjenko");
	CHECK_INT(len, 11);
	CHECK_INT(bt_strtab_count(&t), 5);
	/* many: ids dense in order, every one found, through several growths */
	for (int i = 0; i < 100000; i++) {
		int n = snprintf(w, sizeof w, "w%d", i);
		if (bt_strtab_intern(&t, &id, w, (size_t)n) != 1 || id != (uint32_t)i + 5)
			bad++;
	}
	for (int i = 0; i < 100000; i += 7) {
		int n = snprintf(w, sizeof w, "w%d", i);
		if (!bt_strtab_find(&t, &id, w, (size_t)n) || id != (uint32_t)i + 5 ||
		    strcmp(bt_strtab_str(&t, id, NULL), w) != 0)
			bad++;
	}
	CHECK_INT(bad, 0);
	CHECK_INT(bt_strtab_find(&t, &id, "w100000", 7), 0);
	bt_strtab_clear(&t);
	CHECK_INT(bt_strtab_count(&t), 0);
	CHECK_INT(bt_strtab_find(&t, &id, "Poetin", 6), 0);
	CHECK_INT(bt_strtab_intern(&t, &id, "Putin", 5), 1);
	CHECK_INT(id, 0);
	bt_strtab_dispose(&t);
	CHECK_INT(bt_strtab_reserve(&t, 1000), 0);
	CHECK_INT(bt_strtab_intern(&t, &id, "x", 1), 1);
#ifdef BITEXT_TESTING
	/* an allocation that fails while the table grows leaves it whole */
	{
		int failed = 0;
		for (int k = 1; k <= 4; k++) {
			bt_strtab g = BT_STRTAB_INIT;
			char name[16];
			snprintf(name, sizeof name, "alloc:%d", k);
			bt_test_control(BT_TESTCTRL_FAULT, name);
			for (int i = 0; i < 200; i++) {
				int n = snprintf(w, sizeof w, "w%d", i), rc = bt_strtab_intern(&g, &id, w, (size_t)n);
				if (rc == BT_ENOMEM) {
					failed++;
					if (bt_strtab_count(&g) != (size_t)i || bt_strtab_find(&g, &id, w, (size_t)n))
						bad++;
					i--; /* the same string again: the fault has fired */
				}
			}
			bt_test_control(BT_TESTCTRL_FAULT, NULL);
			if (bt_strtab_count(&g) != 200 || !bt_strtab_find(&g, &id, "w199", 4) || id != 199)
				bad++;
			bt_strtab_dispose(&g);
		}
		CHECK_INT(failed, 4);
		CHECK_INT(bad, 0);
	}
#endif
	bt_strtab_dispose(&t);
}

static void test_utf8(void)
{
	static const struct {
		const char *s;
		size_t n, len;
		int32_t cp;
	} cases[] = {
		{"a", 1, 1, 'a'},
		{"\xC2\x80", 2, 2, 0x80},
		{"\xC3\xA9", 2, 2, 0xE9},
		{"\xE2\x82\xAC", 3, 3, 0x20AC}, /* € */
		{"\xED\x9F\xBF", 3, 3, 0xD7FF},  /* last before the surrogates */
		{"\xEE\x80\x80", 3, 3, 0xE000},  /* first after them */
		{"\xEF\xBF\xBF", 3, 3, 0xFFFF},
		{"\xF0\x90\x80\x80", 4, 4, 0x10000},
		{"\xF4\x8F\xBF\xBF", 4, 4, 0x10FFFF},
		{"\x80", 1, 0, 0xFFFD},             /* a lone continuation byte */
		{"\xC0\x80", 2, 0, 0xFFFD},         /* overlong NUL */
		{"\xC1\xBF", 2, 0, 0xFFFD},         /* overlong */
		{"\xE0\x9F\xBF", 3, 0, 0xFFFD},     /* overlong */
		{"\xED\xA0\x80", 3, 0, 0xFFFD},     /* a surrogate */
		{"\xF0\x8F\xBF\xBF", 4, 0, 0xFFFD}, /* overlong */
		{"\xF4\x90\x80\x80", 4, 0, 0xFFFD}, /* above U+10FFFF */
		{"\xF5\x80\x80\x80", 4, 0, 0xFFFD},
		{"\xC3", 1, 0, 0xFFFD},             /* cut short */
		{"\xE2\x82", 2, 0, 0xFFFD},
		{"\xC3\x28", 2, 0, 0xFFFD},         /* no continuation */
	};
	long mismatches = 0;
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		int32_t cp = -1;
		size_t k = bt_utf8_decode(cases[i].s, cases[i].n, &cp);
		if (k != cases[i].len || cp != cases[i].cp) {
			fprintf(stderr, "utf8 case %zu: length %zu, U+%04X\n", i, k, (unsigned)cp);
			mismatches++;
		}
	}
	CHECK_INT(mismatches, 0);
	/* against ICU's U8_NEXT on every two-byte start and telling third and
	 * fourth bytes */
	{
		static const unsigned char tails[] = {0x00, 0x41, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xF4, 0xFF};
		unsigned char b[4];
		for (int b0 = 0; b0 < 256; b0++)
			for (int b1 = 0; b1 < 256; b1++)
				for (size_t t2 = 0; t2 < sizeof tails; t2++)
					for (size_t t3 = 0; t3 < sizeof tails; t3++) {
						int32_t i = 0, cp;
						UChar32 c;
						size_t k;
						b[0] = (unsigned char)b0, b[1] = (unsigned char)b1, b[2] = tails[t2], b[3] = tails[t3];
						U8_NEXT(b, i, 4, c);
						k = bt_utf8_decode((const char *)b, 4, &cp);
						if (c < 0 ? k != 0 : (k != (size_t)i || cp != c))
							mismatches++;
					}
	}
	CHECK_INT(mismatches, 0);
	CHECK_INT(bt_utf8_check("", 0), 0);
	CHECK_INT(bt_utf8_check("plain ascii, longer than eight", 30), 30);
	CHECK_INT(bt_utf8_check("abcdefghij\xC3", 11), 10);
	CHECK_INT(bt_utf8_check("Wit-Rusland \xE2\x82\xAC" "1.200,50 \xED\xA0\x80!", 28), 24);
	CHECK_INT(bt_utf8_check("Oekra\xC3\xAFne", 8), 8);
}

static void check_csv(const char *in, size_t len, const char *want)
{
	bt_buf b = BT_BUF_INIT;
	CHECK_INT(bt_csv_field(&b, in, len), 0);
	CHECK_STR(b.ptr ? b.ptr : "", want);
	bt_buf_dispose(&b);
}

static void test_csv(void)
{
	check_csv("Loekasjenko", 11, "Loekasjenko");
	check_csv("", 0, "");
	check_csv(" spaces stay ", 13, " spaces stay ");
	check_csv("Wit-Rusland, Belarus", 20, "\"Wit-Rusland, Belarus\"");
	check_csv("zei \"nee\"", 9, "\"zei \"\"nee\"\"\"");
	check_csv("\"", 1, "\"\"\"\"");
	check_csv("two\nlines", 9, "\"two\nlines\"");
	check_csv("two\r\nlines", 10, "\"two\r\nlines\"");
	check_csv("a lone\rCR", 9, "\"a lone\rCR\""); /* a record break to spreadsheets */
}

/* The generic error handler a program set is its own again after a
 * parse that quieted libxml2, and was not called during it. */
static int calls;
static void counting_handler(void *ctx, const char *msg, ...)
{
	(void)ctx, (void)msg;
	calls++;
}

static void test_xml_handler(void)
{
	char path[] = "/tmp/bt_srx_XXXXXX";
	int fd = mkstemp(path);
	/* bytes its declared encoding cannot convert: libxml2 reports those
	 * through the generic handler */
	const char *x = "<?xml version=\"1.0\" encoding=\"EUC-JP\"?><srx>\xFF\xFE\xFD</srx>";
	bt_srx *srx = NULL;
	int dummy;
	CHECK(fd >= 0 && write(fd, x, strlen(x)) == (ssize_t)strlen(x));
	close(fd);
	xmlSetGenericErrorFunc(&dummy, counting_handler);
	/* libxml2 alone calls the handler on this file ... */
	xmlFreeDoc(xmlReadFile(path, NULL, XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING));
	CHECK(calls > 0);
	calls = 0;
	/* ... bitext's reader of it does not, and puts the handler back */
	CHECK_INT(bt_srx_open(&srx, path, "nl"), BT_EINPUT);
	CHECK_INT(calls, 0);
	CHECK(xmlGenericError == counting_handler);
	CHECK(xmlGenericErrorContext == &dummy);
	xmlSetGenericErrorFunc(NULL, NULL);
	unlink(path);
}

/* Language tags: canonical forms ICU gives, refusals with the fix. */
static void test_lang(void)
{
	static const char *const ok[][2] = {{"nl", "nl"},	     {"NL", "nl"},	   {"nl_NL", "nl-NL"},
					    {"nl-be", "nl-BE"},	     {"en-GB", "en-GB"},   {"zh-hant", "zh-Hant"},
					    {"eng", "en"},	     {"nld", "nl"},	   {"zh_Hant_TW", "zh-Hant-TW"},
					    {"sr-Latn-RS", "sr-Latn-RS"}};
	char out[32], p[8];
	for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
		CHECK_INT(bt_lang_canonical(out, sizeof out, ok[i][0]), 0);
		CHECK_STR(out, ok[i][1]);
	}
	CHECK_INT(bt_lang_canonical(out, sizeof out, "dutch"), BT_EUSAGE);
	CHECK_STR(bt_error_last()->msg, "unknown language tag 'dutch': use its BCP 47 code, nl");
	CHECK_INT(bt_lang_canonical(out, sizeof out, "qq"), BT_EUSAGE);
	CHECK_INT(bt_lang_canonical(out, sizeof out, "nl-"), BT_EUSAGE);
	CHECK_INT(bt_lang_canonical(out, sizeof out, ""), BT_EUSAGE);
	CHECK_INT(bt_lang_canonical(out, 4, "nl-NL"), BT_EUSAGE); /* no room: refused, not cut */
	bt_lang_primary(p, sizeof p, "nl-BE");
	CHECK_STR(p, "nl");
	bt_lang_primary(p, sizeof p, "EN_gb");
	CHECK_STR(p, "en");
}

/* bt_lazylib_load(): a function found and called, and the two failures
 * with the messages a user reads. */
static double (*lazy_cos)(double);
static void *lazy_missing;

static void test_lazylib(void)
{
	static const char *const cos_names[] = {"cos"};
	static void **const cos_slots[] = {(void **)&lazy_cos};
	static const char *const missing_names[] = {"cos", "bt_no_such_function"};
	static void **const missing_slots[] = {(void **)&lazy_cos, &lazy_missing};
	static bt_lazylib libm = BT_LAZYLIB_INIT("libm.so.6", "libc6", "the test", cos_names, cos_slots);
	static bt_lazylib old = BT_LAZYLIB_INIT("libm.so.6", "libc6", "the test", missing_names, missing_slots);
	static bt_lazylib none = BT_LAZYLIB_INIT("libbitext-no-such.so.1", "libbitext-no-such1", "the test",
						 cos_names, cos_slots);
	CHECK_INT(bt_lazylib_load(&libm), 0);
	CHECK(lazy_cos && lazy_cos(0.0) == 1.0);
	CHECK_INT(bt_lazylib_load(&libm), 0); /* once: the same again */
	CHECK_INT(bt_lazylib_load(&old), BT_EIO);
	CHECK_STR(bt_error_last()->msg, "the test needs the shared library libm.so.6, which has no function "
					"bt_no_such_function (a version older than the one bitext was built with); "
					"on Debian: apt-get install libc6");
	for (int i = 0; i < 2; i++) { /* the second call fails as the first did */
		CHECK_INT(bt_lazylib_load(&none), BT_EIO);
		CHECK_STR(bt_error_last()->msg,
			  "the test needs the shared library libbitext-no-such.so.1, which cannot be loaded "
			  "(libbitext-no-such.so.1: cannot open shared object file: No such file or directory); "
			  "on Debian: apt-get install libbitext-no-such1");
	}
}

int main(void)
{
	test_alloc();
	test_hash();
	test_strtab();
	test_utf8();
	test_csv();
	test_xml_handler();
	test_lang();
	test_lazylib();
	TEST_END();
}
