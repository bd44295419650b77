/* cli.h: the `bitext` command: a thin layer over libbitext.
 *
 * Each subcommand is one function in the command table (main.c) and
 * parses its own options with getopt_long. It returns the process exit
 * code: 0 ok, 1 bad input, 2 usage, 3 I/O or database. */
#ifndef BT_CLI_H
#define BT_CLI_H

#include "bitext.h"

#include <stdio.h>

enum { EXIT_OK = 0, EXIT_INPUT = 1, EXIT_USAGE = 2, EXIT_IO = 3 };

typedef struct cli_cmd {
	const char *name;
	const char *summary;                 /* one line for `bitext --help` */
	int (*run)(int argc, char **argv);   /* argv[0] is the command name */
} cli_cmd;

/* The corpus path: --db, else $BITEXT_DB, else ./bitext.db. Borrowed. */
const char *cli_db_path(void);
void cli_set_db_path(const char *path);

/* Prints the last library error as `bitext: FILE:LINE:BYTE: message` (the
 * parts that are known) and returns the exit code for its class. */
int cli_report(void);
/* Prints `bitext: message` and returns EXIT_USAGE, for bad arguments; adds
 * a pointer to `bitext CMD --help`. */
int cli_usage_error(const char *cmd, const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 2, 3)))
#endif
	;
/* An unknown option or a missing value, after getopt_long() returned '?'
 * or ':' (optind and optopt as it left them): names the option, also
 * when it is a letter inside a cluster (-Poetin), and returns EXIT_USAGE. */
int cli_bad_option(const char *cmd, char **argv);
/* `s` fit for a terminal (bt_text_escape); the string lasts until the
 * fourth call after this one. */
const char *cli_esc(const char *s);
/* Exit code for a BT_E* code. */
int cli_exit_code(int bt_code);
/* Checks stdout for write errors before exit (a full disk, a closed pipe). */
int cli_finish_stdout(int exit_code);
/* Opens the corpus for a command; on failure reports and returns NULL with
 * *exit_code set. */
bt_corpus *cli_open_corpus(int readonly, int *exit_code);
/* Before aligning: keeps the large blocks of the aligner's passes in the
 * heap, one heap for all threads, and offers its first part for huge
 * pages (fewer first-touch page faults); does nothing off glibc. */
void cli_heap_for_bulk(void);
/* After bt_corpus_align(): a person's decisions the aligner could not
 * keep, and links it cut around them, said on stderr (where a script's
 * log keeps warnings). */
void cli_warn_align(const bt_corpus_align_result *r);
/* Progress line on stderr, only when stderr is a terminal. */
void cli_progress(void *ud, size_t done, size_t total, const char *what);

/* Documents (bitext-doc.h): the options add, import, segment and
 * align-files share, and the --verbose line about a document read. */
typedef struct cli_doc_args {
	int format;      /* --format NAME */
	unsigned flags;  /* --no-headers, --alt-text */
	int verbose;     /* --verbose */
} cli_doc_args;
/* Handles --format (`format_opt`), --no-headers ('H') and --alt-text
 * ('A') given getopt's code; 1 when it was one of them, 0 when not, -1
 * (usage error printed) for a bad format name. */
int cli_doc_option(cli_doc_args *a, const char *cmd, int code, int format_opt, const char *arg);
/* "PATH: docx, UTF-8, 12 blocks: 2 headings, 9 paragraphs, 1 footnote;
 * left out: 1 tracked deletion ..." on stdout (a bt_doc_fn). */
void cli_print_doc(void *ud, const char *path, const bt_doc *doc);

/* Commands (one file per area). */
int cmd_init(int argc, char **argv);
int cmd_add(int argc, char **argv);
int cmd_import(int argc, char **argv);
int cmd_stats(int argc, char **argv);
int cmd_align(int argc, char **argv);       /* cmd_align.c */
int cmd_align_files(int argc, char **argv); /* cmd_align.c */
int cmd_eval(int argc, char **argv);        /* cmd_align.c */
int cmd_glossary(int argc, char **argv);
int cmd_export(int argc, char **argv);     /* cmd_tmx.c */
int cmd_import_tmx(int argc, char **argv); /* cmd_tmx.c */
int cmd_names(int argc, char **argv);
int cmd_segment(int argc, char **argv);    /* cmd_segment.c */
int cmd_concord(int argc, char **argv);    /* cmd_concord.c */
int cmd_serve(int argc, char **argv);      /* cmd_serve.c */
int cmd_map(int argc, char **argv);        /* src/map/map_cmd.c (links bitext-core only) */
int cmd_import_jsonl(int argc, char **argv); /* cmd_cluster.c */
int cmd_merge(int argc, char **argv);        /* cmd_cluster.c */
int cmd_backup(int argc, char **argv);       /* cmd_history.c */
int cmd_history(int argc, char **argv);
int cmd_undo(int argc, char **argv);
int cmd_redo(int argc, char **argv);
int cmd_correct(int argc, char **argv);     /* cmd_correct.c */
int cmd_corrections(int argc, char **argv);

#endif
