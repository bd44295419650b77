/* decode.c: raw bytes -> clean NFC UTF-8 text.
 *
 * The order matters: find the encoding (BOM, option, or UTF-8), reject
 * binary input, convert to UTF-8 with iconv, validate, then unify line
 * endings, drop control characters and normalize to NFC with ICU. */
#include "error.h"
#include "utf8.h"

#include <errno.h>
#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <unicode/unorm2.h>
#include <unicode/ustring.h>

static int too_big(const char *path, unsigned long long size, size_t max)
{
	if (size == 0) /* standard input, which has no size: what came */
		return bt_fail(BT_ELIMIT, path, -1, -1, "more than %zu bytes: the most a file may have here is %zu (%zu MiB)",
			       max, max, max >> 20);
	return bt_fail(BT_ELIMIT, path, -1, -1, "the file has %llu bytes: the most a file may have here is %zu (%zu MiB)",
		       size, max, max >> 20);
}

int bt_read_file_max(bt_buf *out, const char *path, size_t max)
{
	FILE *f;
	struct stat st;
	char chunk[65536];
	size_t n;
	int rc = 0, is_stdin = strcmp(path, "-") == 0;

	bt_buf_clear(out);
	if (is_stdin) {
		f = stdin;
	} else {
		if (stat(path, &st) != 0)
			return bt_fail(BT_EIO, path, -1, -1, "cannot open: %s", strerror(errno));
		if (S_ISDIR(st.st_mode))
			return bt_fail(BT_EIO, path, -1, -1, "is a directory, not a file");
		/* before reading: a huge (or sparse) file is refused unread */
		if (S_ISREG(st.st_mode) && (unsigned long long)st.st_size > max)
			return too_big(path, (unsigned long long)st.st_size, max);
		f = fopen(path, "rb");
		if (!f)
			return bt_fail(BT_EIO, path, -1, -1, "cannot open: %s", strerror(errno));
		if (st.st_size > 0 && (rc = bt_buf_grow(out, (size_t)st.st_size)) != 0)
			goto done;
	}
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
		if (out->len + n > max) {
			rc = too_big(is_stdin ? "<stdin>" : path, is_stdin ? 0 : out->len + n, max);
			goto done;
		}
		if ((rc = bt_buf_put(out, chunk, n)) != 0)
			goto done;
	}
	if (ferror(f))
		rc = bt_fail(BT_EIO, path, -1, -1, "read error: %s", strerror(errno));
	/* an empty file is an empty string (a failed grow is out of memory) */
	if (!out->ptr && !rc && (rc = bt_buf_grow(out, 0)) == 0)
		out->ptr[0] = '\0';
done:
	if (!is_stdin)
		fclose(f);
	return rc;
}

int bt_read_file(bt_buf *out, const char *path)
{
	return bt_read_file_max(out, path, SIZE_MAX);
}

/* 1-based line number of byte `off` in data. */
static long line_of(const char *data, size_t off)
{
	long line = 1;
	for (size_t i = 0; i < off; i++)
		line += data[i] == '\n';
	return line;
}

/* Windows-1252 text has high bytes in 0x80-0xFF that mostly do not form
 * UTF-8 sequences; a hint for the error message, never a silent guess. */
static int looks_like_cp1252(const unsigned char *s, size_t n)
{
	size_t high = 0, undefined = 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] >= 0x80)
			high++;
		if (s[i] == 0x81 || s[i] == 0x8D || s[i] == 0x8F || s[i] == 0x90 || s[i] == 0x9D)
			undefined++;
	}
	return high > 0 && undefined == 0;
}

static int check_utf8(const char *data, size_t len, const char *name)
{
	const unsigned char *s = (const unsigned char *)data;
	size_t i = 0;
	while (i < len) {
		size_t k;
		if (s[i] < 0x80) {
			if (s[i] == 0)
				return bt_fail(BT_EINPUT, name, line_of(data, i), (long long)i,
					       "NUL byte: this looks like a binary file%s",
					       (i % 2 == 1 || (i + 1 < len && s[i + 1] != 0))
						       ? " (or UTF-16 without a BOM: try --encoding UTF-16LE)"
						       : "");
			i++;
			continue;
		}
		k = bt_utf8_len(data + i, len - i);
		if (!k)
			return bt_fail(BT_EINPUT, name, line_of(data, i), (long long)i,
				       "invalid UTF-8 (byte 0x%02X)%s", s[i],
				       looks_like_cp1252(s, len)
					       ? "; the file looks like Windows-1252: try --encoding WINDOWS-1252"
					       : "; name the encoding with --encoding");
		i += k;
	}
	return 0;
}

/* Converts with iconv; errors name the byte offset in the input. */
static int convert(bt_buf *out, const char *data, size_t len, const char *from, const char *name)
{
	iconv_t cd = iconv_open("UTF-8", from);
	char *in = (char *)data, *o;
	size_t inleft = len, outleft, done;
	int rc = 0;

	if (cd == (iconv_t)-1)
		return bt_fail(BT_EUSAGE, name, -1, -1, "unknown encoding '%s' (see `iconv -l`)", from);
	bt_buf_clear(out);
	while (inleft > 0) {
		if ((rc = bt_buf_grow(out, inleft * 2 + 16)) != 0)
			break;
		o = out->ptr + out->len;
		outleft = out->cap - out->len - 1;
		done = iconv(cd, &in, &inleft, &o, &outleft);
		out->len = (size_t)(o - out->ptr);
		if (done == (size_t)-1 && errno != E2BIG) {
			size_t off = (size_t)(in - data);
			rc = bt_fail(BT_EINPUT, name, line_of(data, off), (long long)off,
				     errno == EINVAL ? "truncated %s sequence at end of file"
						     : "invalid %s byte sequence",
				     from);
			break;
		}
	}
	iconv_close(cd);
	if (!rc && (rc = bt_buf_grow(out, 0)) == 0)
		out->ptr[out->len] = '\0';
	return rc;
}

/* CRLF and CR -> LF; drops C0 controls but tab and LF, DEL and C1. The
 * input is valid UTF-8, so C1 controls are the pairs C2 80..C2 9F. */
static size_t clean_controls(char *s, size_t len, size_t *new_len)
{
	size_t r = 0, w = 0, removed = 0;
	while (r < len) {
		unsigned char c = (unsigned char)s[r];
		if (c == '\r') {
			s[w++] = '\n';
			r += (r + 1 < len && s[r + 1] == '\n') ? 2 : 1;
		} else if ((c < 0x20 && c != '\t' && c != '\n') || c == 0x7F) {
			removed++, r++;
		} else if (c == 0xC2 && r + 1 < len && (unsigned char)s[r + 1] < 0xA0) {
			removed++, r += 2;
		} else {
			s[w++] = s[r++];
		}
	}
	s[w] = '\0';
	*new_len = w;
	return removed;
}

/* NFC through ICU. Most text is already NFC: the quick check avoids the
 * full normalization pass then. */
static int to_nfc(bt_buf *text, const char *name)
{
	UErrorCode st = U_ZERO_ERROR;
	const UNormalizer2 *nfc = unorm2_getNFCInstance(&st);
	UChar *u = NULL, *v = NULL;
	int32_t ulen = 0, vlen, outlen;
	int rc = 0;

	if (U_FAILURE(st))
		return bt_fail(BT_EINPUT, name, -1, -1, "ICU normalizer unavailable: %s", u_errorName(st));
	if (text->len > INT32_MAX / 2)
		return bt_fail(BT_ELIMIT, name, -1, -1, "document larger than 1 GiB");
	u_strFromUTF8(NULL, 0, &ulen, text->ptr, (int32_t)text->len, &st);
	if (st != U_BUFFER_OVERFLOW_ERROR && U_FAILURE(st))
		return bt_fail(BT_EINPUT, name, -1, -1, "ICU conversion failed: %s", u_errorName(st));
	st = U_ZERO_ERROR;
	u = bt_malloc(sizeof(UChar) * ((size_t)ulen + 1));
	if (!u)
		return bt_fail_nomem();
	u_strFromUTF8(u, ulen + 1, NULL, text->ptr, (int32_t)text->len, &st);
	if (unorm2_quickCheck(nfc, u, ulen, &st) == UNORM_YES && U_SUCCESS(st))
		goto done;
	st = U_ZERO_ERROR;
	vlen = unorm2_normalize(nfc, u, ulen, NULL, 0, &st);
	st = U_ZERO_ERROR;
	v = bt_malloc(sizeof(UChar) * ((size_t)vlen + 1));
	if (!v) {
		rc = bt_fail_nomem();
		goto done;
	}
	unorm2_normalize(nfc, u, ulen, v, vlen + 1, &st);
	if (U_FAILURE(st)) {
		rc = bt_fail(BT_EINPUT, name, -1, -1, "NFC normalization failed: %s", u_errorName(st));
		goto done;
	}
	u_strToUTF8(NULL, 0, &outlen, v, vlen, &st);
	st = U_ZERO_ERROR;
	bt_buf_clear(text);
	if ((rc = bt_buf_grow(text, (size_t)outlen)) != 0)
		goto done;
	u_strToUTF8(text->ptr, outlen + 1, NULL, v, vlen, &st);
	text->len = (size_t)outlen;
	text->ptr[text->len] = '\0';
done:
	bt_free(u);
	bt_free(v);
	return rc;
}

int bt_decode(bt_buf *out, bt_decode_info *info, const char *data, size_t len,
	      const bt_decode_opts *opts)
{
	BT_OPTS_CHECK(opts, BT_DECODE_OPTS_VERSION, "bt_decode");
	static const bt_decode_opts defaults = BT_DECODE_OPTS_INIT;
	const unsigned char *s = (const unsigned char *)data;
	const char *enc = NULL, *name;
	bt_decode_info local;
	int rc;

	if (!opts)
		opts = &defaults;
	if (!info)
		info = &local;
	memset(info, 0, sizeof *info);
	name = opts->name;

	if (len >= 4 && s[0] == 0xFF && s[1] == 0xFE && s[2] == 0 && s[3] == 0)
		enc = "UTF-32LE", data += 4, len -= 4;
	else if (len >= 4 && s[0] == 0 && s[1] == 0 && s[2] == 0xFE && s[3] == 0xFF)
		enc = "UTF-32BE", data += 4, len -= 4;
	else if (len >= 3 && s[0] == 0xEF && s[1] == 0xBB && s[2] == 0xBF)
		enc = "UTF-8", data += 3, len -= 3;
	else if (len >= 2 && s[0] == 0xFF && s[1] == 0xFE)
		enc = "UTF-16LE", data += 2, len -= 2;
	else if (len >= 2 && s[0] == 0xFE && s[1] == 0xFF)
		enc = "UTF-16BE", data += 2, len -= 2;
	info->had_bom = enc != NULL;
	if (opts->encoding && !enc)
		enc = opts->encoding;
	if (!enc)
		enc = "UTF-8";

	if (strcmp(enc, "UTF-8") == 0 || strcmp(enc, "utf-8") == 0 || strcmp(enc, "UTF8") == 0) {
		if ((rc = check_utf8(data, len, name)) != 0)
			return rc;
		bt_buf_clear(out);
		if ((rc = bt_buf_put(out, data, len)) != 0)
			return rc;
	} else {
		if ((rc = convert(out, data, len, enc, name)) != 0)
			return rc;
		if (memchr(out->ptr, '\0', out->len))
			return bt_fail(BT_EINPUT, name, -1, -1,
				       "NUL character after decoding as %s: this looks like a binary file", enc);
	}
	snprintf(info->encoding, sizeof info->encoding, "%s%s", enc, info->had_bom ? " (BOM)" : "");
	info->removed_controls = clean_controls(out->ptr, out->len, &out->len);
	return to_nfc(out, name);
}

/* " date YYYY-MM" (or YYYY-MM-DD) opening the text, before the first
 * sentence: document metadata, not text. */
int bt_meta_strip(char date[16], size_t *body_off, const char *text, size_t len)
{
	size_t i = 0, k;
	date[0] = '\0';
	*body_off = 0;
	while (i < len && (text[i] == ' ' || text[i] == '\t' || text[i] == '\n'))
		i++;
	if (len - i < 13 || memcmp(text + i, "date", 4) != 0 || (text[i + 4] != ' ' && text[i + 4] != '\t'))
		return 0;
	i += 4;
	while (i < len && (text[i] == ' ' || text[i] == '\t'))
		i++;
	for (k = 0; k < 10 && i + k < len; k++) {
		char c = text[i + k];
		int want_dash = k == 4 || k == 7;
		if (want_dash ? c != '-' : (c < '0' || c > '9'))
			break;
	}
	if (k != 7 && k != 10)
		return 0;
	if (i + k < len && !(text[i + k] == ' ' || text[i + k] == '\t' || text[i + k] == '\n'))
		return 0;
	memcpy(date, text + i, k);
	date[k] = '\0';
	i += k;
	while (i < len && (text[i] == ' ' || text[i] == '\t' || text[i] == '\n'))
		i++;
	*body_off = i;
	return 0;
}
