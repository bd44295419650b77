/* map.h: `bitext map`, alignment as a mapper (the interface between the
 * files of src/map/).
 *
 * The mapper reads JSON Lines, one document pair a line, and writes one
 * JSON line for each: the pair's segments (and links, or names), or an
 * error object for that line alone. It is the contract of Hadoop
 * Streaming, Spark's RDD.pipe, GNU parallel --pipe and Slurm array jobs.
 * The schema is in README.md ("Alignment on a cluster") and in the help
 * text of map_cmd.c.
 *
 * This room links bitext-core only (the bitext-map executable proves it:
 * it is linked with bitext_core and jansson and nothing else), so a
 * mapper never needs SQLite nor the corpus. It reads bitext-core.h, and
 * glossary/name_words.h for the words of the name finder (the same
 * splitter and word lists as the corpus's names table).
 *
 * What a line's output depends on: that line and the options, nothing
 * else (no state across lines but loaded glossaries and rules), so the
 * output is byte-identical however the input is split into shards. */
#ifndef BT_MAP_H
#define BT_MAP_H

#include "bitext-core.h"

#include <stdio.h>

/* ---- the line reader (map_read.c) ------------------------------------ */

/* Reads up to n bytes into buf: the count, 0 at the end, -1 on error. */
typedef long (*bt_map_read_fn)(void *ud, char *buf, size_t n);

/* Lines end with LF (a CR before it stays, and JSON reads it as white
 * space); the last line may lack its LF. A line longer than `limit`
 * bytes is skipped without being kept: memory stays below limit + 64 KiB
 * whatever the input. */
typedef struct bt_map_reader {
	bt_map_read_fn read;
	void *ud;
	size_t limit;
	char *buf;
	size_t cap, len, pos; /* buf[pos, len) is read but not yet returned */
	int eof;
	long long lineno; /* of the line last returned, 1-based */
} bt_map_reader;

void bt_map_reader_init(bt_map_reader *r, bt_map_read_fn fn, void *ud, size_t limit);
void bt_map_reader_dispose(bt_map_reader *r);
/* The next line: 1 with *line, *len (without the LF) and *full the same
 * length; for a line over the limit *line is NULL and *full its length.
 * 0 at the end of the input; BT_EIO when a read fails, BT_ENOMEM. */
int bt_map_reader_next(bt_map_reader *r, const char **line, size_t *len, size_t *full);

/* ---- one line (map_pair.c) ------------------------------------------- */

enum { BT_MAP_SEGMENT = 0, BT_MAP_ALIGN = 1, BT_MAP_NAMES = 2 };

/* The most a line may have, by default and at most. */
#define BT_MAP_MAX_LINE_DEFAULT (16L << 20)
#define BT_MAP_MAX_LINE_LIMIT (256L << 20)
/* The most sentences a side may have for the aligner, by default: about
 * 0.5 GB in all, at about 2.5 KB a sentence pair (docs/cluster.md). */
#define BT_MAP_MAX_SENTENCES_DEFAULT 200000
/* A segment longer than this is refused, as bitext add refuses it
 * (bitext.h, BT_MAX_SEGMENT). */
#define BT_MAP_MAX_SEGMENT 65536

typedef struct bt_map_opts {
	int task;                      /* BT_MAP_* */
	const char *const *glossaries; /* as bt_aligner_opts */
	size_t n_glossaries;
	int no_default_glossary;
	int passes;
	int no_moves; /* keep the links in text order (--no-moves) */
	size_t max_sentences; /* per side, for the aligner */
	int with_text;        /* each side's decoded text in the output */
	size_t max_line;      /* the reader's limit, for the message */
} bt_map_opts;

/* The kinds of error a line can have (the "kind" of its error object). */
enum {
	BT_MAP_EJSON,    /* not a JSON object */
	BT_MAP_ETOOLONG, /* longer than --max-line */
	BT_MAP_EFIELD,   /* a field missing, of the wrong type, or bad */
	BT_MAP_ELANG,    /* a language that is not known */
	BT_MAP_ETEXT,    /* a side without text, a segment over 64 KiB */
	BT_MAP_EALIGN,   /* the pair cannot be aligned */
	BT_MAP_NKINDS
};
extern const char *const bt_map_kind_names[BT_MAP_NKINDS];

/* What went wrong with a line, for the error object and stderr. */
typedef struct bt_map_err {
	int kind;
	long long byte; /* in the line, or -1 */
	char msg[512];
} bt_map_err;

typedef struct bt_map bt_map;

int bt_map_open(bt_map **out, const bt_map_opts *opts);
void bt_map_free(bt_map *m);
/* Maps line[0, len) and appends its output line (with its LF) to `out`:
 * 0 when it was mapped, 1 when `out` got an error object (its detail in
 * *err), a negative BT_E* code when the mapper itself failed (out of
 * memory): then nothing was appended. */
int bt_map_line(bt_map *m, bt_buf *out, const char *line, size_t len, bt_map_err *err);
/* The error object of a line over the limit (full: its length). */
int bt_map_too_long(bt_map *m, bt_buf *out, size_t full, bt_map_err *err);

/* ---- the names of a pair (map_names.c) ------------------------------- */

/* A name found in a side's text: bytes [start, end) of the text, in
 * segment `seg`, and its key. */
typedef struct bt_map_name {
	size_t seg, start, end;
	size_t key_off, key_len; /* in the finder's key arena */
} bt_map_name;

typedef struct bt_map_names bt_map_names;

int bt_map_names_open(bt_map_names **out);
void bt_map_names_free(bt_map_names *f);
/* Finds the names of both sides of a pair. Side k is text[k] with its
 * segments spans[k] in language lang[k] (a language of bt_name_key(), or
 * with its primary subtag one). The rules: README, "Alignment on a
 * cluster". Results: *names[k] and *n[k], valid until the next call; a
 * key is keys + key_off. */
int bt_map_names_find(bt_map_names *f, const char *const text[2], const bt_spans *const spans[2],
		      const char *const lang[2]);
const bt_map_name *bt_map_names_side(const bt_map_names *f, int side, size_t *n);
const char *bt_map_names_keys(const bt_map_names *f);

/* ---- the command (map_cmd.c) ----------------------------------------- */

/* `bitext map` and `bitext-map`: argv[0] is the command's name. Returns
 * the exit code: 0, 1 (with --strict, when a line failed), 2 usage, 3 I/O. */
int cmd_map(int argc, char **argv);

#endif
