/* test_decode.c: encodings, validation, normalization, metadata. */
#include "test.h"

#include "bitext.h"

static const char *decode(bt_buf *out, const char *data, size_t len, const char *enc, int *rc)
{
	bt_decode_opts o = BT_DECODE_OPTS_INIT;
	o.encoding = enc;
	o.name = "t.txt";
	*rc = bt_decode(out, NULL, data, len, &o);
	return *rc ? NULL : out->ptr;
}

int main(void)
{
	bt_buf b = BT_BUF_INIT;
	bt_decode_info info;
	int rc;

	/* UTF-8, with and without BOM */
	CHECK_STR(decode(&b, "Oekra\xc3\xafne", 9, NULL, &rc), "Oekra\xc3\xafne");
	CHECK_STR(decode(&b, "\xef\xbb\xbfMinsk", 8, NULL, &rc), "Minsk");
	CHECK_INT(bt_decode(&b, &info, "\xef\xbb\xbfMinsk", 8, NULL), 0);
	CHECK_STR(info.encoding, "UTF-8 (BOM)");
	CHECK_INT(info.had_bom, 1);

	/* UTF-16 with BOM, both byte orders: "Kiev é" */
	CHECK_STR(decode(&b, "\xff\xfeK\0i\0\xe9\0", 8, NULL, &rc), "Ki\xc3\xa9");
	CHECK_STR(decode(&b, "\xfe\xff\0K\0i\0\xe9", 8, NULL, &rc), "Ki\xc3\xa9");
	CHECK_INT(bt_decode(&b, &info, "\xfe\xff\0K", 4, NULL), 0);
	CHECK_STR(info.encoding, "UTF-16BE (BOM)");

	/* Windows-1252 and Latin-1 through iconv: curly quotes and euro only in 1252 */
	CHECK_STR(decode(&b, "\x93" "caf\xe9\x94 \x80", 8, "WINDOWS-1252", &rc),
		  "\xe2\x80\x9c" "caf\xc3\xa9\xe2\x80\x9d \xe2\x82\xac");
	CHECK_STR(decode(&b, "na\xefve", 5, "ISO-8859-1", &rc), "na\xc3\xafve");
	CHECK(decode(&b, "x", 1, "NO-SUCH-ENCODING", &rc) == NULL);
	CHECK_INT(rc, BT_EUSAGE);

	/* invalid UTF-8: byte offset, line, and a hint for Windows-1252 */
	CHECK(decode(&b, "ok\nab\xe9 c", 8, NULL, &rc) == NULL);
	CHECK_INT(rc, BT_EINPUT);
	CHECK_INT(bt_error_last()->byte, 5);
	CHECK_INT(bt_error_last()->line, 2);
	CHECK_STR(bt_error_last()->file, "t.txt");
	CHECK(strstr(bt_error_last()->msg, "invalid UTF-8 (byte 0xE9)") != NULL);
	CHECK(strstr(bt_error_last()->msg, "--encoding WINDOWS-1252") != NULL);
	/* overlong, surrogate, truncated sequences */
	CHECK(decode(&b, "\xc0\xaf", 2, NULL, &rc) == NULL);
	CHECK(decode(&b, "\xed\xa0\x80", 3, NULL, &rc) == NULL);
	CHECK(decode(&b, "ab\xe2\x82", 4, NULL, &rc) == NULL);
	CHECK_INT(bt_error_last()->byte, 2);
	/* a wrong declared encoding: invalid UTF-16 (lone surrogate) */
	CHECK(decode(&b, "\xff\xfe\x00\xd8", 4, NULL, &rc) == NULL);
	CHECK_INT(rc, BT_EINPUT);

	/* NUL bytes: a binary file, or UTF-16 without BOM */
	CHECK(decode(&b, "ab\0cd", 5, NULL, &rc) == NULL);
	CHECK_INT(bt_error_last()->byte, 2);
	CHECK(strstr(bt_error_last()->msg, "binary") != NULL);
	CHECK(decode(&b, "a\0b\0", 4, NULL, &rc) == NULL);
	CHECK(strstr(bt_error_last()->msg, "UTF-16LE") != NULL);

	/* line endings unified, controls removed (not tab, not LF), C1 too */
	CHECK_STR(decode(&b, "a\r\nb\rc\x01\td\x7f\xc2\x85" "e", 13, NULL, &rc), "a\nb\nc\tde");
	CHECK_INT(bt_decode(&b, &info, "a\x01\x02", 3, NULL), 0);
	CHECK_INT(info.removed_controls, 2);

	/* NFC: e + combining acute -> é; Hangul jamo compose; already NFC unchanged */
	CHECK_STR(decode(&b, "Caf" "e\xcc\x81", 6, NULL, &rc), "Caf\xc3\xa9");
	CHECK_STR(decode(&b, "\xe1\x84\x80\xe1\x85\xa1", 6, NULL, &rc), "\xea\xb0\x80");
	CHECK_STR(decode(&b, "", 0, NULL, &rc), "");

	/* metadata: " date YYYY-MM" opening the text */
	{
		char date[16];
		size_t off;
		const char *t = " date 2023-02 Als Wit-Rusland";
		CHECK_INT(bt_meta_strip(date, &off, t, strlen(t)), 0);
		CHECK_STR(date, "2023-02");
		CHECK_STR(t + off, "Als Wit-Rusland");
		t = "date 2023-02-24\nTekst";
		bt_meta_strip(date, &off, t, strlen(t));
		CHECK_STR(date, "2023-02-24");
		CHECK_STR(t + off, "Tekst");
		t = "date is belangrijk.";
		bt_meta_strip(date, &off, t, strlen(t));
		CHECK_STR(date, "");
		CHECK_INT(off, 0);
		t = " date 2023-0x tekst";
		bt_meta_strip(date, &off, t, strlen(t));
		CHECK_STR(date, "");
	}
	bt_buf_dispose(&b);
	TEST_END();
}
