/* cmd_history.c: backup, history, undo, redo. */
#include "cli.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Options of these commands: --pair ID, --force, --keep N; --help prints
 * `help`. Returns -1 to go on, or an exit code. */
typedef struct hist_args {
	const char *pair, *keep;
	int force;
} hist_args;

static int parse(int argc, char **argv, const char *help, const char *allowed, hist_args *a)
{
	static const struct option all[] = {{"pair", required_argument, NULL, 'p'},
					    {"force", no_argument, NULL, 'f'},
					    {"keep", required_argument, NULL, 'k'},
					    {"help", no_argument, NULL, 'h'},
					    {NULL, 0, NULL, 0}};
	struct option o[5];
	int n = 0, c;
	for (size_t i = 0; all[i].name; i++)
		if (all[i].val == 'h' || strchr(allowed, all[i].val))
			o[n++] = all[i];
	o[n] = (struct option){NULL, 0, NULL, 0};
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "+h", o, NULL)) != -1) {
		if (c == 'h') {
			fputs(help, stdout);
			return EXIT_OK;
		}
		if (c == '?' || c == ':')
			return cli_bad_option(argv[0], argv);
		if (c == 'p')
			a->pair = optarg;
		else if (c == 'f')
			a->force = 1;
		else if (c == 'k')
			a->keep = optarg;
	}
	return -1;
}

/* ---- backup ---- */

int cmd_backup(int argc, char **argv)
{
	static const char help[] =
		"usage: bitext [--db PATH] backup [--force] FILE\n\n"
		"Write a consistent copy of the corpus to FILE, also while `bitext serve`\n"
		"or another command writes it (copying the file with cp is not: recent\n"
		"changes sit in the -wal file beside it). The copy is written under a\n"
		"temporary name beside FILE and renamed when whole, so an interrupted\n"
		"backup leaves nothing at FILE. The copy is a corpus: --db FILE opens it.\n\n"
		"  --force  replace an existing FILE\n";
	hist_args a = {NULL, NULL, 0};
	bt_backup_opts o = BT_BACKUP_OPTS_INIT;
	bt_corpus *c;
	long long bytes = 0;
	int rc = parse(argc, argv, help, "f", &a);
	if (rc >= 0)
		return rc;
	if (optind + 1 != argc)
		return cli_usage_error("backup", "backup takes one FILE");
	if (!(c = cli_open_corpus(1, &rc)))
		return rc;
	o.force = a.force;
	if (bt_corpus_backup(&bytes, c, argv[optind], &o) != 0)
		rc = cli_report();
	else
		printf("backed up %s to %s (%lld bytes)\n", cli_esc(cli_db_path()), cli_esc(argv[optind]), bytes);
	bt_corpus_free(c);
	return rc;
}

/* ---- history ---- */

static int print_entry(void *ud, const bt_history_entry *e)
{
	(void)ud;
	printf("%lld\t%.10s %.5s\t%s\t%s\t%lld -> %lld links\t%s\n", e->id, e->at, e->at + 11, cli_esc(e->pair), e->what,
	       e->links_before, e->links_after,
	       e->undone ? "undone" : e->segments_changed ? "done (sentences changed)" : "done");
	return 0;
}

static int parse_keep(const char *s, long long *out)
{
	char *end;
	errno = 0;
	*out = strtoll(s, &end, 10);
	return !*s || *end || errno || *out < 0 || *out > 1000000;
}

int cmd_history(int argc, char **argv)
{
	static const char help[] =
		"usage: bitext [--db PATH] history [--pair ID] [--keep N]\n\n"
		"List the recorded changes of links, newest first, one per line:\n"
		"number, date (UTC), pair, what changed them (align, links edit, re-add,\n"
		"correct edit/split/join), links before -> after, and done or undone.\n"
		"`bitext undo` takes back the last one. The last 100 changes of each pair\n"
		"are kept.\n\n"
		"  --pair ID  only this pair's changes\n"
		"  --keep N   keep the last N changes of each pair from now on (0: record\n"
		"             none), dropping older ones\n";
	hist_args a = {NULL, NULL, 0};
	bt_corpus *c;
	long long keep;
	int rc = parse(argc, argv, help, "pk", &a);
	if (rc >= 0)
		return rc;
	if (optind != argc)
		return cli_usage_error("history", "history takes no arguments");
	if (a.keep && parse_keep(a.keep, &keep))
		return cli_usage_error("history", "--keep takes a whole number from 0 to 1000000, not '%s'", a.keep);
	if (!(c = cli_open_corpus(!a.keep, &rc)))
		return rc;
	if (a.keep) {
		if (bt_corpus_history_keep(&keep, c, keep) != 0)
			rc = cli_report();
		else
			printf("keeping the last %lld changes of each pair\n", keep);
	} else if (bt_corpus_history(c, a.pair, print_entry, NULL) != 0) {
		rc = cli_report();
	}
	bt_corpus_free(c);
	return rc;
}

/* ---- undo, redo ---- */

static int undo_redo(int argc, char **argv, int redo)
{
	static const char undo_help[] =
		"usage: bitext [--db PATH] undo [--pair ID]\n\n"
		"Take back the last recorded change of links (`bitext history` lists\n"
		"them): the pair's links become what they were before it, in one\n"
		"transaction. Refused (exit 1) when there is nothing to undo, or when the\n"
		"pair's sentences or links changed since in a way the history does not\n"
		"hold (the pair added again).\n\n"
		"  --pair ID  the last change of this pair\n";
	static const char redo_help[] = "usage: bitext [--db PATH] redo [--pair ID]\n\n"
					"Make again the change the last `bitext undo` took back.\n\n"
					"  --pair ID  the next change of this pair\n";
	hist_args a = {NULL, NULL, 0};
	bt_undo_opts o = BT_UNDO_OPTS_INIT;
	bt_history_entry e;
	bt_corpus *c;
	int rc = parse(argc, argv, redo ? redo_help : undo_help, "p", &a);
	if (rc >= 0)
		return rc;
	if (optind != argc)
		return cli_usage_error(argv[0], "%s takes no arguments", argv[0]);
	if (!(c = cli_open_corpus(0, &rc)))
		return rc;
	o.pair = a.pair;
	o.redo = redo;
	if (bt_corpus_undo(&e, c, &o) != 0) {
		/* a change that cannot be undone is the user's situation, not
		 * an I/O failure */
		rc = bt_error_last()->code == BT_ECONFLICT ? (cli_report(), EXIT_INPUT) : cli_report();
	} else {
		printf("%s '%s' on pair %s of %.10s %.5s: %lld link%s restored%s\n", redo ? "redid" : "undid", e.what,
		       cli_esc(e.pair), e.at, e.at + 11, redo ? e.links_after : e.links_before,
		       (redo ? e.links_after : e.links_before) == 1 ? "" : "s",
		       !e.segments_changed		    ? ""
		       : strncmp(e.what, "correct ", 8) == 0 ? ", with the sentences it corrected"
		       : redo				    ? ", with the documents and sentences it added"
							    : ", with the documents and sentences it replaced");
	}
	bt_corpus_free(c);
	return rc;
}

int cmd_undo(int argc, char **argv)
{
	return undo_redo(argc, argv, 0);
}

int cmd_redo(int argc, char **argv)
{
	return undo_redo(argc, argv, 1);
}
