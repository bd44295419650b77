/* cli_util.c: what every command shares: the corpus path, error
 * reporting, exit codes, progress. */
#include "cli.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

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

int cli_report(void)
{
	const bt_error *e = bt_error_last();
	fputs("bitext: ", stderr);
	if (e->file[0]) {
		fputs(e->file, stderr);
		if (e->line >= 0)
			fprintf(stderr, ":%ld", e->line);
		if (e->byte >= 0)
			fprintf(stderr, ":%lld", e->byte);
		fputs(": ", stderr);
	}
	fprintf(stderr, "%s\n", e->msg[0] ? e->msg : "unknown error");
	return cli_exit_code(e->code ? e->code : BT_EIO);
}

int cli_usage_error(const char *cmd, const char *fmt, ...)
{
	va_list ap;
	fputs("bitext: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, " (see `bitext %s --help`)\n", cmd);
	return EXIT_USAGE;
}

int cli_finish_stdout(int exit_code)
{
	if (fflush(stdout) != 0 || ferror(stdout)) {
		fprintf(stderr, "bitext: error writing standard output\n");
		return exit_code ? exit_code : EXIT_IO;
	}
	return exit_code;
}

bt_corpus *cli_open_corpus(int readonly, int *exit_code)
{
	bt_corpus *c = NULL;
	bt_corpus_opts o = BT_CORPUS_OPTS_INIT;
	o.readonly = readonly;
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
