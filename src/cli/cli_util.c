/* cli_util.c: what every command shares: the corpus path, error
 * reporting, exit codes, progress. */
#include "cli.h"

#include <getopt.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#if defined(__GLIBC__)
#include <malloc.h>
#include <stdint.h>
#include <sys/mman.h>
#endif

static const char *db_path;

void cli_set_db_path(const char *path)
{
	db_path = path;
}

const char *cli_db_path(void)
{
	const char *env;
	if (db_path)
		return db_path;
	env = getenv("BITEXT_DB");
	return env && *env ? env : "bitext.db";
}

int cli_exit_code(int code)
{
	switch (code) {
	case BT_OK:
		return EXIT_OK;
	case BT_EINPUT:
	case BT_ELIMIT:
	case BT_ENOTFOUND:
		return EXIT_INPUT;
	case BT_EUSAGE:
		return EXIT_USAGE;
	default:
		return EXIT_IO;
	}
}

const char *cli_esc(const char *s)
{
	/* a few at once, for one printf; the command has one thread */
	static bt_buf ring[4];
	static unsigned next;
	bt_buf *b = &ring[next++ % 4];
	bt_buf_clear(b);
	if (!s)
		return "";
	if (bt_text_escape(b, s, strlen(s)) != 0)
		return "(out of memory)";
	return b->ptr;
}

int cli_report(void)
{
	const bt_error *e = bt_error_last();
	fputs("bitext: ", stderr);
	if (e->file[0]) {
		fputs(cli_esc(e->file), stderr);
		if (e->line >= 0)
			fprintf(stderr, ":%ld", e->line);
		if (e->byte >= 0)
			fprintf(stderr, ":%lld", e->byte);
		fputs(": ", stderr);
	}
	fprintf(stderr, "%s\n", e->msg[0] ? cli_esc(e->msg) : "unknown error");
	return cli_exit_code(e->code ? e->code : BT_EIO);
}

int cli_usage_error(const char *cmd, const char *fmt, ...)
{
	va_list ap;
	char msg[2048];
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	fprintf(stderr, "bitext: %s (see `bitext %s --help`)\n", cli_esc(msg), cmd);
	return EXIT_USAGE;
}

/* Whether `a` is a cluster of short options holding letter c. */
static int cluster_has(const char *a, int c)
{
	return a && a[0] == '-' && a[1] && a[1] != '-' && strchr(a + 1, c);
}

int cli_bad_option(const char *cmd, char **argv)
{
	const char *arg = NULL;
	int c = optopt;
	/* a letter inside a cluster (-Poetin): getopt stays on the argument
	 * holding it, or has just left it after its last letter; otherwise a
	 * long option (--bogus, or --pair without its value) */
	if (c > 0 && c < 128 && cluster_has(argv[optind], c))
		arg = argv[optind];
	else if (c > 0 && c < 128 && cluster_has(argv[optind - 1], c))
		arg = argv[optind - 1];
	if (!arg)
		return cli_usage_error(cmd, "%s: unknown option or missing value '%s'", cmd, argv[optind - 1]);
	if (arg[2])
		return cli_usage_error(cmd,
				       "%s: unknown option '-%c' in '%s' (an argument that starts with '-' goes after "
				       "'--': bitext %s -- %s)",
				       cmd, c, arg, cmd, arg);
	return cli_usage_error(cmd, "%s: unknown option or missing value '-%c'", cmd, c);
}

int cli_finish_stdout(int exit_code)
{
	if (fflush(stdout) != 0 || ferror(stdout)) {
		fprintf(stderr, "bitext: error writing standard output\n");
		return exit_code ? exit_code : EXIT_IO;
	}
	return exit_code;
}

/* An upgrade of an older corpus is said, a line a step, whatever the
 * output is: it changes the file and may take seconds. */
static void upgrade_note(void *ud, size_t done, size_t total, const char *what)
{
	(void)ud, (void)done, (void)total;
	fprintf(stderr, "bitext: %s: %s\n", cli_esc(cli_db_path()), what);
}

bt_corpus *cli_open_corpus(int readonly, int *exit_code)
{
	bt_corpus *c = NULL;
	bt_corpus_opts o = BT_CORPUS_OPTS_INIT;
	o.readonly = readonly;
	o.upgrade = upgrade_note;
	if (bt_corpus_open(&c, cli_db_path(), &o) != 0) {
		*exit_code = cli_report();
		return NULL;
	}
	*exit_code = EXIT_OK;
	return c;
}

void cli_progress(void *ud, size_t done, size_t total, const char *what)
{
	(void)ud;
	if (!isatty(STDERR_FILENO))
		return;
	fprintf(stderr, "\r\033[K%zu/%zu %s", done, total, what);
	if (done == total)
		fputc('\n', stderr);
	fflush(stderr);
}

int cli_doc_option(cli_doc_args *a, const char *cmd, int code, int format_opt, const char *arg)
{
	if (code == format_opt) {
		if (bt_format_from_name(&a->format, arg) != 0) {
			cli_usage_error(cmd, "%s", bt_error_last()->msg);
			return -1;
		}
		return 1;
	}
	if (code == 'H') {
		a->flags |= BT_DOC_NO_HEADERS;
		return 1;
	}
	if (code == 'A') {
		a->flags |= BT_DOC_ALT_TEXT;
		return 1;
	}
	return 0;
}

void cli_print_doc(void *ud, const char *path, const bt_doc *doc)
{
	size_t kinds[BT_BLOCK_N] = {0};
	int first = 1;
	(void)ud;
	printf("%s: %s, %s", path, bt_format_name(doc->format), doc->encoding);
	if (doc->lang[0])
		printf(", lang %s", doc->lang);
	if (doc->format != BT_FORMAT_TEXT) {
		for (size_t i = 0; i < doc->n_blocks; i++)
			kinds[doc->blocks[i].kind]++;
		printf(", %zu block%s", doc->n_blocks, doc->n_blocks == 1 ? "" : "s");
		for (int k = 0; k < BT_BLOCK_N; k++)
			if (kinds[k]) {
				printf("%s %zu %s", first ? ":" : ",", kinds[k], bt_block_kind_name(k));
				first = 0;
			}
	}
	first = 1;
	for (int c = 0; c < BT_DOC_COUNT_N; c++)
		if (doc->counts[c]) {
			printf("%s %zu %s", first ? "; changed or left out:" : ",", doc->counts[c], bt_doc_count_name(c));
			first = 0;
		}
	putchar('\n');
}

/* The aligner builds large arrays pass after pass. glibc gives a block
 * over its mmap threshold a mapping of its own and unmaps it on free, and
 * trims the heap's top, so the next pass meets fresh pages; the first
 * touch of each 4 KiB page is a trap (about 10 us on the virtual machines
 * measured: a fifth of aligning 10k sentences, 12,650 traps; 1,100 with
 * this). Here the blocks stay in the heap, its top is kept, and the first
 * HEAP_PAD of it is offered to the kernel for huge pages (2 MiB, one trap
 * each; honoured where transparent huge pages are "always" or "madvise").
 * The price is memory: freed blocks are kept for reuse, not returned.
 * The aligner's threads (--threads) share this one heap: they allocate
 * little, and in heaps of their own (glibc's arenas) what one thread
 * freed would not serve another (10k sentences a side, two glossaries:
 * 66.7 MB peak with arenas, 58.6 MB without; the time the same). */
void cli_heap_for_bulk(void)
{
#if defined(__GLIBC__) && defined(MADV_HUGEPAGE)
	enum { HUGE = 2 << 20, HEAP_PAD = 64 << 20 };
	uintptr_t from, to;
	char *p;
	if (!mallopt(M_ARENA_MAX, 1) || !mallopt(M_MMAP_THRESHOLD, 256 << 20) || !mallopt(M_TRIM_THRESHOLD, 512 << 20) ||
	    !mallopt(M_TOP_PAD, HEAP_PAD) || !(p = malloc(HUGE)))
		return;
	/* a block larger than the heap's first free space moves its top:
	 * HEAP_PAD past the block, untouched, so not yet memory */
	from = ((uintptr_t)p + HUGE - 1) & ~(uintptr_t)(HUGE - 1);
	to = (uintptr_t)sbrk(0) & ~(uintptr_t)(HUGE - 1);
	if (to > from)
		(void)madvise((void *)from, to - from, MADV_HUGEPAGE); /* EINVAL without THP: no harm */
	free(p);
	(void)mallopt(M_TOP_PAD, 0);
#endif
}

void cli_warn_align(const bt_corpus_align_result *r)
{
	if (r->manual_dropped)
		fprintf(stderr,
			"bitext: %zu manual link%s no longer fit%s the sentences of %s pair (the texts changed): "
			"aligned again\n",
			r->manual_dropped, r->manual_dropped == 1 ? "" : "s", r->manual_dropped == 1 ? "s" : "",
			r->manual_dropped == 1 ? "its" : "their");
	if (r->links_cut)
		fprintf(stderr,
			"bitext: %zu link%s the aligner made across the sentences of a moved manual link %s cut "
			"into single sentences, scored 0 (low confidence first on the review page shows them)\n",
			r->links_cut, r->links_cut == 1 ? "" : "s", r->links_cut == 1 ? "was" : "were");
}
