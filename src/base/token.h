/* token.h: what a word is (internal to bitext-core): the one tokenizer.
 *
 * The aligner, the concordance and the name engines each need the words of
 * a text; when each decides for itself they disagree (Wit-Rusland one word
 * or two, Loekasjenko's with or without its 's, 45.000 a number or two),
 * and a name found by one is missed by the other. This scan is the one
 * answer; each user takes what it needs of it: whole tokens, or the parts
 * a token is joined from (bt_token_part).
 *
 * Characters (Unicode general categories; text is NFC):
 *   word characters  letters (L), marks (M), decimal digits (Nd)
 *   hyphens          - U+2010 U+2011
 *   apostrophes      ' U+2018 U+2019 U+2032 (U+02BC, U+02B9 and U+02BA are
 *                    letters, Lm, so they are word characters already)
 *   space            White_Space, controls and format characters (U+200B):
 *                    they only separate
 *   anything else    punctuation and symbols: one BT_TOK_PUNCT token each
 *
 * Tokens, in text order, never overlapping:
 *   BT_TOK_WORD    word characters, joined across a hyphen or an apostrophe
 *                  with word characters on both sides (Wit-Rusland, e-mail,
 *                  Loekasjenko's, d'Hondt, z'n, COVID-19), and ending in an
 *                  apostrophe after a final s, x or z (Belarus', Inez': the
 *                  genitive) or after a word of one letter or qu (l', d',
 *                  qu': an elision); elsewhere a final apostrophe is a
 *                  closing quote
 *   BT_TOK_NUMBER  digits only, joined across '.' or ',' between digits
 *                  (45.000, 1.200,50, 10.30, 3,14); with BT_TOKEN_SPACED
 *                  also across a space, no-break space or thin space before
 *                  a group of exactly three digits (8 848, 1 200 000) in a
 *                  number of at most 12 bytes so far
 *   BT_TOK_URL     scheme://... or www.... up to the next space, less the
 *                  final punctuation (.,;:!?'" and a ')' or ']' it does not
 *                  open), and e-mail addresses (redactie@nos.nl): ASCII
 *   BT_TOK_PUNCT   one other character (€, ., „, ?); an ill-formed UTF-8
 *                  byte is one U+FFFD token
 * So o.a. is o . a . (abbreviations are the segmenter's business), and
 * €1.200,50 is € then the number 1.200,50.
 *
 * Not thread-bound: the functions keep no state; use them anywhere. */
#ifndef BT_TOKEN_H
#define BT_TOKEN_H

#include "bitext-core.h"

#include <stddef.h>
#include <stdint.h>

enum { BT_TOK_WORD = 1, BT_TOK_NUMBER, BT_TOK_URL, BT_TOK_PUNCT };

/* bt_token.flags */
enum {
	BT_TOK_CAP = 1 << 0,     /* the first character is upper or title case */
	BT_TOK_HYPHEN = 1 << 1,  /* holds a joining hyphen */
	BT_TOK_APOS = 1 << 2,    /* holds a joining or genitive apostrophe */
	BT_TOK_LETTERS = 1 << 3, /* holds a letter */
	BT_TOK_DIGITS = 1 << 4,  /* holds a digit */
	BT_TOK_NUMSEP = 1 << 5,  /* holds a separator of digits (. , or a group space) */
};

/* bt_token_next() options */
enum { BT_TOKEN_SPACED = 1 << 0 /* numbers grouped by spaces (8 848) */ };

typedef struct bt_token {
	size_t start, end; /* bytes of the text */
	int kind;          /* BT_TOK_* */
	unsigned flags;    /* BT_TOK_CAP ... */
	int32_t cp;        /* BT_TOK_PUNCT: the character (U+FFFD for a bad byte) */
} bt_token;

/* The next token of s[0, len) from *pos on, into *out; *pos moves past it.
 * 0, or BT_ITEROVER when only space is left. Start with *pos = 0. */
int bt_token_next(bt_token *out, size_t *pos, const char *s, size_t len, unsigned opts);

/* Where a part of a token may end (bt_token_part) */
enum {
	BT_JOIN_HYPHEN = 1 << 0, /* Wit | Rusland */
	BT_JOIN_APOS = 1 << 1,   /* Loekasjenko | s; a genitive apostrophe is dropped */
	BT_JOIN_NUM = 1 << 2,    /* 1 | 200 | 50; 8 | 848 */
	BT_JOIN_ALL = 7          /* the runs of word characters alone; a URL's always */
};

/* The parts of token t (from text s) when it is cut at the joiners named
 * in `split`: the next one from *pos on (start with *pos = t->start) in
 * [*ps, *pe), and in *joiner the character that joined it to the part
 * before (0 for the first). 0, or BT_ITEROVER after the last. A
 * punctuation token is one part. */
int bt_token_part(size_t *ps, size_t *pe, int32_t *joiner, size_t *pos, const bt_token *t, const char *s,
		  unsigned split);

#endif
