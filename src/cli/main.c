/* main.c: `bitext`, the command table and global options. */
#include "cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#ifdef BITEXT_TESTING
#include "testing.h"
#endif

/* One line per command; keep sorted by how a user meets them. */
static const cli_cmd commands[] = {
	{"init", "create a corpus database", cmd_init},
	{"add", "add or replace one document pair", cmd_add},
	{"import", "import every pair DIR/<src>/X + DIR/<tgt>/X", cmd_import},
	{"stats", "counts of pairs, documents, segments and links", cmd_stats},
	{"align", "align the sentences of the corpus's pairs and store the links", cmd_align},
	{"align-files", "align two files (no database): TSV or Vecalign output", cmd_align_files},
	{"eval", "score alignments against gold ones: `eval align`", cmd_eval},
	{"glossary", "glossary entries: import, export, list", cmd_glossary},
	{"names", "name table of the corpus (TSV, CSV, TBX); name keys (names key)", cmd_names},
	{"segment", "split a text into sentences, one per line", cmd_segment},
	{"export", "write the aligned corpus: `export tmx` (TMX 1.4b)", cmd_export},
	{"import-tmx", "read a TMX translation memory as aligned pairs", cmd_import_tmx},
	{"concord", "search the corpus: keyword in context with translations", cmd_concord},
	{"serve", "review and correct alignments, search the corpus, in a browser", cmd_serve},
	{"map", "JSON Lines of document pairs -> segments, links, names (a cluster mapper)", cmd_map},
	{"import-jsonl", "read the mapper's JSON Lines into the corpus", cmd_import_jsonl},
	{"merge", "copy the pairs of other corpora (shards, other machines) into this one", cmd_merge},
	{"backup", "a consistent copy of the corpus, also while it is being written", cmd_backup},
	{"history", "the recorded changes of links (align, edits, re-adds)", cmd_history},
	{"undo", "take back the last change of links (of one pair with --pair)", cmd_undo},
	{"redo", "make again the change the last undo took back", cmd_redo},
	{"correct", "edit, split or join a segment of a pair's document", cmd_correct},
	{"corrections", "the corrections of segments, as TSV", cmd_corrections},
};
#define N_COMMANDS (sizeof commands / sizeof commands[0])

static void usage(FILE *f)
{
	fprintf(f, "usage: bitext [--db PATH] COMMAND [OPTIONS] [ARGS]\n\n"
		   "Build, align and search translation-aligned bilingual corpora.\n\n"
		   "Commands:\n");
	for (size_t i = 0; i < N_COMMANDS; i++)
		fprintf(f, "  %-14s %s\n", commands[i].name, commands[i].summary);
	fprintf(f, "\nGlobal options:\n"
		   "  --db PATH      the corpus database (default: $BITEXT_DB, else ./bitext.db)\n"
		   "  --help         this help; `bitext COMMAND --help` for a command\n"
		   "  --version      print the version\n\n"
		   "Exit status: 0 ok, 1 bad input, 2 usage error, 3 I/O or database error.\n");
}

#ifdef BITEXT_TESTING
static const char *fault_log;

/* BITEXT_FAULT_LOG=FILE: at exit, the armed fault's count ("allocations N
 * failed F", testing.h) is added to FILE, so that a sweep learns how many
 * fault points a run has (a first run with N = 0) and whether its fault
 * was reached. */
static void write_fault_log(void)
{
	char line[128];
	FILE *f;
	if (bt_test_control(BT_TESTCTRL_FAULT_REPORT, line, sizeof line) != 0 || !line[0])
		return;
	if ((f = fopen(fault_log, "a")) != NULL) {
		fputs(line, f);
		fclose(f);
	}
}

/* Test builds: BITEXT_FAULT arms one fault of the library's (testing.h,
 * tests/fault/sweep.sh). */
static int arm_faults(void)
{
	const char *spec = getenv("BITEXT_FAULT");
	if (!spec || !*spec)
		return 0;
	if (bt_test_control(BT_TESTCTRL_FAULT, spec) != 0) {
		fprintf(stderr, "bitext: BITEXT_FAULT: %s\n", bt_error_last()->msg);
		return EXIT_USAGE;
	}
	if ((fault_log = getenv("BITEXT_FAULT_LOG")) != NULL && *fault_log)
		atexit(write_fault_log);
	return 0;
}
#endif

/* What the library leaves to the program: process-wide settings and the
 * environment. */
static int setup(void)
{
	const char *data = getenv("BITEXT_DATA");
#ifdef BITEXT_TESTING
	int rc;
#endif
	/* No memory statistics: they take a global lock at every SQLite
	 * allocation (7% of a TMX import), and bitext never reads them. Only
	 * possible before SQLite starts, so before anything else. */
	sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
	/* rule authors' folders, read before the built-in rules */
	if (data && *data && bt_data_set_path(data) != 0)
		return cli_report();
#ifdef BITEXT_TESTING
	if ((rc = arm_faults()) != 0)
		return rc;
#endif
	return 0;
}

int main(int argc, char **argv)
{
	int i = 1, rc;
	if ((rc = setup()) != 0)
		return rc;
	while (i < argc && argv[i][0] == '-') {
		if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
			usage(stdout);
			return cli_finish_stdout(EXIT_OK);
		} else if (strcmp(argv[i], "--version") == 0) {
			printf("bitext %s\n", BT_VERSION);
			return cli_finish_stdout(EXIT_OK);
		} else if (strcmp(argv[i], "--db") == 0 && i + 1 < argc) {
			cli_set_db_path(argv[i + 1]);
			i += 2;
		} else if (strncmp(argv[i], "--db=", 5) == 0) {
			cli_set_db_path(argv[i] + 5);
			i++;
		} else {
			fprintf(stderr, "bitext: unknown option '%s'\n", cli_esc(argv[i]));
			usage(stderr);
			return EXIT_USAGE;
		}
	}
	if (i >= argc) {
		usage(stderr);
		return EXIT_USAGE;
	}
	if (strcmp(argv[i], "help") == 0) {
		usage(stdout);
		return cli_finish_stdout(EXIT_OK);
	}
	for (size_t k = 0; k < N_COMMANDS; k++)
		if (strcmp(argv[i], commands[k].name) == 0)
			return cli_finish_stdout(commands[k].run(argc - i, argv + i));
	fprintf(stderr, "bitext: unknown command '%s' (see `bitext --help`)\n", cli_esc(argv[i]));
	return EXIT_USAGE;
}
