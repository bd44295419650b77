/* test_token.c: what a word is (src/base/token.h): the cases files of
 * tests/cases/token/, the flags, and invariants over the fuzz seeds.
 *
 * A cases file is blocks separated by blank lines; `#` starts a comment
 * line. A block is an input line, a line with a single ".", and the
 * expected line:
 *   TEXT                 the tokens of TEXT as KIND:text separated by
 *                        spaces (W word, N number, U URL, P punctuation)
 *   @spaced TEXT         the same with BT_TOKEN_SPACED
 *   @parts CUT TEXT      the parts of TEXT's first token cut at CUT (none,
 *                        hyphen, apos, num, all) separated by |, each after
 *                        its joiner (- ' or . for any other)
 * In TEXT and the expectation \xHH stands for a byte and \s, \t for a
 * space and a tab. Usage: test_token FILE... */
#include "test.h"
#include "token.h"

#include <ctype.h>
#include <dirent.h>

static void unescape(bt_buf *out, const char *s, size_t len)
{
	bt_buf_clear(out);
	for (size_t i = 0; i < len; i++) {
		char c = s[i];
		if (c == '\\' && i + 3 < len && s[i + 1] == 'x' && isxdigit((unsigned char)s[i + 2]) &&
		    isxdigit((unsigned char)s[i + 3])) {
			char hex[3] = {s[i + 2], s[i + 3], 0};
			c = (char)strtol(hex, NULL, 16);
			i += 3;
		} else if (c == '\\' && i + 1 < len && (s[i + 1] == 's' || s[i + 1] == 't')) {
			c = s[++i] == 's' ? ' ' : '\t';
		}
		bt_buf_put(out, &c, 1);
	}
	if (!out->ptr)
		bt_buf_put(out, "", 0);
}

static void tokens(bt_buf *out, const char *s, size_t len, unsigned opts)
{
	static const char kinds[] = "?WNUP";
	bt_token t;
	size_t pos = 0;
	bt_buf_clear(out);
	bt_buf_put(out, "", 0);
	while (bt_token_next(&t, &pos, s, len, opts) == 0)
		bt_buf_printf(out, "%s%c:%.*s", out->len ? " " : "", kinds[t.kind], (int)(t.end - t.start), s + t.start);
}

static void parts(bt_buf *out, const char *s, size_t len, unsigned split)
{
	bt_token t;
	size_t pos = 0, ps, pe;
	int32_t j;
	bt_buf_clear(out);
	bt_buf_put(out, "", 0);
	if (bt_token_next(&t, &pos, s, len, 0) != 0)
		return;
	pos = t.start;
	while (bt_token_part(&ps, &pe, &j, &pos, &t, s, split) == 0)
		bt_buf_printf(out, "%s%s%.*s", out->len ? "|" : "", j == '-' ? "-" : j == '\'' ? "'" : j ? "." : "",
			      (int)(pe - ps), s + ps);
}

/* One block: the input line and the expected one. */
static void run_case(const char *file, int line, const char *in, size_t inlen, const char *want, size_t wantlen)
{
	static const struct {
		const char *name;
		unsigned split;
	} cuts[] = {{"none", 0}, {"hyphen", BT_JOIN_HYPHEN}, {"apos", BT_JOIN_APOS}, {"num", BT_JOIN_NUM}, {"all", BT_JOIN_ALL}};
	bt_buf text = BT_BUF_INIT, exp = BT_BUF_INIT, got = BT_BUF_INIT;
	if (inlen > 8 && memcmp(in, "@spaced ", 8) == 0) {
		unescape(&text, in + 8, inlen - 8);
		tokens(&got, text.ptr, text.len, BT_TOKEN_SPACED);
	} else if (inlen > 7 && memcmp(in, "@parts ", 7) == 0) {
		const char *cut = in + 7, *sp = memchr(cut, ' ', inlen - 7);
		size_t k = 0, n = sp ? (size_t)(sp - cut) : 0;
		while (k < sizeof cuts / sizeof *cuts && !(strlen(cuts[k].name) == n && memcmp(cuts[k].name, cut, n) == 0))
			k++;
		if (!sp || k == sizeof cuts / sizeof *cuts) {
			fprintf(stderr, "%s:%d: bad @parts line\n", file, line);
			test_failed++;
			goto done;
		}
		unescape(&text, sp + 1, inlen - (size_t)(sp + 1 - in));
		parts(&got, text.ptr, text.len, cuts[k].split);
	} else {
		unescape(&text, in, inlen);
		tokens(&got, text.ptr, text.len, 0);
	}
	unescape(&exp, want, wantlen);
	if (got.len == exp.len && memcmp(got.ptr, exp.ptr, got.len) == 0) {
		test_passed++;
	} else {
		test_failed++;
		fprintf(stderr, "%s:%d: got \"%s\", want \"%s\"\n", file, line, got.ptr, exp.ptr);
	}
done:
	bt_buf_dispose(&text), bt_buf_dispose(&exp), bt_buf_dispose(&got);
}

static void run_file(const char *file)
{
	bt_buf b = BT_BUF_INIT;
	const char *p, *end, *in = NULL;
	size_t inlen = 0;
	int line = 0, in_line = 0, state = 0; /* 0 input next, 1 "." next, 2 expectation next */
	if (bt_read_file(&b, file) != 0) {
		fprintf(stderr, "%s: cannot read\n", file);
		test_failed++;
		return;
	}
	for (p = b.ptr, end = b.ptr + b.len; p < end;) {
		const char *eol = memchr(p, '\n', (size_t)(end - p));
		size_t n;
		if (!eol)
			eol = end;
		n = (size_t)(eol - p);
		line++;
		if (state == 0 && n && p[0] != '#') {
			in = p, inlen = n, in_line = line, state = 1;
		} else if (state == 1) {
			state = n == 1 && p[0] == '.' ? 2 : (fprintf(stderr, "%s:%d: want .\n", file, line), test_failed++, 0);
		} else if (state == 2) {
			run_case(file, in_line, in, inlen, p, n);
			state = 0;
		}
		p = eol + 1;
	}
	bt_buf_dispose(&b);
}

static unsigned flags_of(const char *s)
{
	bt_token t;
	size_t pos = 0;
	return bt_token_next(&t, &pos, s, strlen(s), 0) == 0 ? t.flags : 0;
}

/* Whatever the bytes: tokens in order, inside the text, not empty, never
 * starting with space; each token's parts in order and inside it, for
 * every way of cutting. Run over the seed inputs of the fuzz targets. */
static long check_invariants(const char *s, size_t len)
{
	bt_token t;
	size_t pos = 0, last = 0;
	long bad = 0;
	while (bt_token_next(&t, &pos, s, len, BT_TOKEN_SPACED) == 0) {
		if (t.start < last || t.end <= t.start || t.end > len || pos != t.end || (unsigned char)s[t.start] <= ' ')
			bad++;
		for (unsigned split = 0; split <= BT_JOIN_ALL; split++) {
			size_t at = t.start, prev = t.start, ps, pe;
			int32_t j;
			while (bt_token_part(&ps, &pe, &j, &at, &t, s, split) == 0) {
				if (ps < prev || pe <= ps || pe > t.end)
					bad++;
				prev = pe;
			}
		}
		last = t.end;
	}
	return bad + (pos != len);
}

static void test_invariants(void)
{
	static const char *const dirs[] = {"fuzz_segment", "fuzz_names", "fuzz_decode", "fuzz_tmx"};
	const char *src = getenv("BITEXT_SOURCE");
	long bad = 0, files = 0;
	if (!src)
		return;
	for (size_t d = 0; d < sizeof dirs / sizeof *dirs; d++) {
		char path[4096];
		DIR *dir;
		struct dirent *e;
		snprintf(path, sizeof path, "%s/tests/fuzz/corpus/%s", src, dirs[d]);
		if (!(dir = opendir(path)))
			continue;
		while ((e = readdir(dir)) != NULL) {
			char file[8192];
			FILE *f;
			static char buf[1 << 16];
			size_t n;
			if (e->d_name[0] == '.')
				continue;
			snprintf(file, sizeof file, "%s/%s", path, e->d_name);
			if (!(f = fopen(file, "rb")))
				continue;
			n = fread(buf, 1, sizeof buf, f);
			fclose(f);
			bad += check_invariants(buf, n);
			files++;
		}
		closedir(dir);
	}
	CHECK(files > 100);
	CHECK_INT(bad, 0);
}

int main(int argc, char **argv)
{
	test_invariants();
	for (int i = 1; i < argc; i++)
		run_file(argv[i]);
	CHECK(argc > 1);
	CHECK_INT(flags_of("Wit-Rusland"), BT_TOK_CAP | BT_TOK_HYPHEN | BT_TOK_LETTERS);
	CHECK_INT(flags_of("d'Hondt"), BT_TOK_APOS | BT_TOK_LETTERS);
	CHECK_INT(flags_of("COVID-19"), BT_TOK_CAP | BT_TOK_HYPHEN | BT_TOK_LETTERS | BT_TOK_DIGITS);
	CHECK_INT(flags_of("45.000"), BT_TOK_DIGITS | BT_TOK_NUMSEP);
	CHECK_INT(flags_of("45"), BT_TOK_DIGITS);
	CHECK_INT(flags_of("\xC3\x89\xC3\xA9n"), BT_TOK_CAP | BT_TOK_LETTERS); /* Één */
	TEST_END();
}
