/* test_names_cases.c: runs the name-key cases files (tests/cases/names/).
 *
 * A file is a list of blocks separated by blank lines; `#` starts a
 * comment line. A block is one or more input lines `LANG NAME` (the first
 * space ends LANG; NAME may hold spaces), a line with a single ".", and one
 * expectation line:
 *   KEY             every name has exactly this key
 *   @exact KEY      every name, keyed with BT_NAME_EXACT, has this key
 *   @same           all names share one key
 *   @distinct       no two names share a key (different people, places)
 *   @close          two names whose keys differ and are one edit apart
 *                   (bt_name_key_relate says BT_NAMEREL_CLOSE)
 *   @surname        two names, a full name and a surname alone, related
 *                   BT_NAMEREL_SURNAME
 *   @error CODE     every name fails with CODE: input, usage or limit
 * In NAME, \xHH stands for a byte (for invalid UTF-8) and \s for a space
 * at the end. Usage: test_names_cases FILE... */
#include "test.h"
#include "bitext-core.h"

#include <ctype.h>

#define MAX_NAMES 64

typedef struct kase {
	char lang[16];
	char name[512];
	size_t len;
	int line;
} kase;

static const char *path;

static void unescape(kase *k, const char *s)
{
	size_t n = 0;
	while (*s && n + 1 < sizeof k->name) {
		if (s[0] == '\\' && s[1] == 'x' && isxdigit((unsigned char)s[2]) &&
		    isxdigit((unsigned char)s[3])) {
			char hex[3] = {s[2], s[3], 0};
			k->name[n++] = (char)strtol(hex, NULL, 16);
			s += 4;
		} else if (s[0] == '\\' && s[1] == 's') {
			k->name[n++] = ' ';
			s += 2;
		} else {
			k->name[n++] = *s++;
		}
	}
	k->name[n] = '\0';
	k->len = n;
}

static int key_of(bt_namer *nm, const kase *k, unsigned flags, bt_buf *out)
{
	int rc = bt_namer_key(out, nm, k->name, k->len, k->lang, flags);
	if (rc)
		fprintf(stderr, "%s:%d: %s \"%s\": error %d: %s\n", path, k->line, k->lang, k->name, rc,
			bt_error_last()->msg);
	return rc;
}

static void fail(const kase *k, const char *what, const char *got)
{
	test_failed++;
	fprintf(stderr, "%s:%d: %s \"%s\": %s (key \"%s\")\n", path, k->line, k->lang, k->name, what,
		got ? got : "");
}

static void run_block(bt_namer *nm, kase *ks, size_t n, const char *expect, int eline)
{
	bt_buf keys[MAX_NAMES];
	size_t i, j;
	int ok = 1;

	if (n == 0) {
		fprintf(stderr, "%s:%d: expectation without names\n", path, eline);
		test_failed++;
		return;
	}
	if (strncmp(expect, "@error ", 7) == 0) {
		const char *code = expect + 7;
		int want = strcmp(code, "input") == 0   ? BT_EINPUT
			   : strcmp(code, "usage") == 0 ? BT_EUSAGE
			   : strcmp(code, "limit") == 0 ? BT_ELIMIT
							: 0;
		bt_buf out = BT_BUF_INIT;
		for (i = 0; i < n; i++) {
			int rc = bt_namer_key(&out, nm, ks[i].name, ks[i].len, ks[i].lang, 0);
			if (want && rc == want && bt_error_last()->msg[0])
				test_passed++;
			else
				fail(&ks[i], rc ? "failed with another code" : "was keyed, want an error",
				     out.ptr);
		}
		bt_buf_dispose(&out);
		return;
	}
	for (i = 0; i < n; i++) {
		keys[i] = (bt_buf)BT_BUF_INIT;
		if (key_of(nm, &ks[i], strncmp(expect, "@exact ", 7) == 0 ? BT_NAME_EXACT : 0, &keys[i])) {
			test_failed++;
			ok = 0;
		}
	}
	if (!ok)
		goto done;
	if (strcmp(expect, "@same") == 0) {
		for (i = 1; i < n; i++)
			if (strcmp(keys[i].ptr, keys[0].ptr) != 0) {
				fail(&ks[i], "differs from the block's first key", keys[i].ptr);
				fprintf(stderr, "%s:%d:   first: %s \"%s\" -> \"%s\"\n", path, ks[0].line, ks[0].lang,
					ks[0].name, keys[0].ptr);
				ok = 0;
			}
		ok ? test_passed++ : 0;
	} else if (strcmp(expect, "@distinct") == 0) {
		for (i = 0; i < n; i++)
			for (j = i + 1; j < n; j++)
				if (strcmp(keys[i].ptr, keys[j].ptr) == 0) {
					fail(&ks[j], "shares its key with an earlier name", keys[j].ptr);
					ok = 0;
				}
		ok ? test_passed++ : 0;
	} else if (strcmp(expect, "@close") == 0 || strcmp(expect, "@surname") == 0) {
		int want = expect[1] == 'c' ? BT_NAMEREL_CLOSE : BT_NAMEREL_SURNAME;
		if (n != 2) {
			fprintf(stderr, "%s:%d: %s needs two names\n", path, eline, expect);
			test_failed++;
		} else if (bt_name_key_relate(keys[0].ptr, keys[0].len, keys[1].ptr, keys[1].len) != want ||
			   bt_name_key_relate(keys[1].ptr, keys[1].len, keys[0].ptr, keys[0].len) != want) {
			fail(&ks[1], expect, keys[1].ptr);
			fprintf(stderr, "%s:%d:   against \"%s\"\n", path, ks[0].line, keys[0].ptr);
		} else {
			test_passed++;
		}
	} else {
		const char *want = strncmp(expect, "@exact ", 7) == 0 ? expect + 7 : expect;
		for (i = 0; i < n; i++) {
			if (strcmp(keys[i].ptr, want) == 0)
				test_passed++;
			else {
				char what[1100];
				snprintf(what, sizeof what, "want \"%s\"", want);
				fail(&ks[i], what, keys[i].ptr);
			}
		}
	}
done:
	for (i = 0; i < n; i++)
		bt_buf_dispose(&keys[i]);
}

static int run_file(bt_namer *nm, const char *file)
{
	FILE *f = fopen(file, "r");
	char line[1024];
	kase ks[MAX_NAMES];
	size_t n = 0;
	int lineno = 0, after_dot = 0, blocks = 0;

	path = file;
	if (!f) {
		perror(file);
		return -1;
	}
	while (fgets(line, sizeof line, f)) {
		size_t len = strlen(line);
		lineno++;
		while (len && (line[len - 1] == '\n' || line[len - 1] == '\r'))
			line[--len] = '\0';
		if (line[0] == '#')
			continue;
		if (len == 0) {
			if (n && !after_dot) {
				fprintf(stderr, "%s:%d: block without '.' and expectation\n", file, lineno);
				test_failed++;
			}
			n = 0;
			after_dot = 0;
			continue;
		}
		if (after_dot) {
			run_block(nm, ks, n, line, lineno);
			blocks++;
			n = 0;
			after_dot = 0;
			continue;
		}
		if (strcmp(line, ".") == 0) {
			after_dot = 1;
			continue;
		}
		if (n == MAX_NAMES) {
			fprintf(stderr, "%s:%d: too many names in a block\n", file, lineno);
			test_failed++;
			continue;
		}
		{
			char *sp = strchr(line, ' ');
			if (!sp || (size_t)(sp - line) >= sizeof ks[n].lang) {
				fprintf(stderr, "%s:%d: want 'LANG NAME'\n", file, lineno);
				test_failed++;
				continue;
			}
			memcpy(ks[n].lang, line, (size_t)(sp - line));
			ks[n].lang[sp - line] = '\0';
			unescape(&ks[n], sp + 1);
			ks[n].line = lineno;
			n++;
		}
	}
	fclose(f);
	if (n) {
		fprintf(stderr, "%s: the last block has no expectation\n", file);
		test_failed++;
	}
	if (blocks == 0) {
		fprintf(stderr, "%s: no cases\n", file);
		test_failed++;
	}
	return 0;
}

int main(int argc, char **argv)
{
	bt_namer *nm = NULL;
	if (argc < 2) {
		fprintf(stderr, "usage: test_names_cases FILE...\n");
		return 2;
	}
	if (bt_namer_open(&nm) != 0)
		return 1;
	for (int i = 1; i < argc; i++)
		if (run_file(nm, argv[i]) != 0)
			test_failed++;
	bt_namer_free(nm);
	TEST_END();
}
