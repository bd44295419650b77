/* align.h: the aligner's internal interface (the public one is the
 * "Sentence alignment" section of bitext.h).
 *
 * How a document pair is aligned:
 *   1. Features (features.c): each sentence becomes a list of evidence
 *      tokens. A token type carries keys: N:<digits> for numbers, P:<c> for
 *      ? ! quotes and brackets, C:<prefix> for orthographic cognates, K:<name
 *      key> for names, G:<stem> for glossary translations (on the source side
 *      the stems of the translations, on the target side the word's own
 *      stem) and L:<id> for pairs learned in the first pass. A source token
 *      is matched in a target sentence when one of its keys occurs there,
 *      and the other way round.
 *   2. The cost model (dp.c): a bead's score is the log-likelihood ratio of
 *      "translation" against "random pairing": for every evidence token,
 *      matched or not, log(p1/p0) or log((1-p1)/(1-p0)), where p0 is the
 *      chance of a match with random sentences of the document (measured)
 *      and p1 the chance in a translation (per token class, re-estimated in
 *      the second pass); plus a Gale–Church length term against its
 *      random-pairing spread, plus the log prior of the bead type.
 *   3. The search (anchors.c, dp.c): anchors (keys unique on both sides,
 *      chained monotonically) give a centre line; the dynamic program runs
 *      in a band around it, and again with a wider band centred on its own
 *      path when the path touches the edge. Cost is linear in the number of
 *      sentences.
 *   4. Two passes (align.c): the first pass's confident 1-1 links give the
 *      length variance, the per-class match rates and a lexicon of
 *      co-occurring words (Dice), and the second pass aligns again with them.
 */
#ifndef BT_ALIGN_H
#define BT_ALIGN_H

#include "bitext-core.h"
#include "dict.h"

#include <stdint.h>

/* ---- bead types ---- */
enum { AL_B11, AL_B10, AL_B01, AL_B12, AL_B21, AL_B22, AL_B13, AL_B31, AL_NBEAD };
extern const int al_bead_shape[AL_NBEAD][2]; /* {source n, target n} */

/* ---- token classes (the chance that a token's translation shows) ---- */
enum { AL_C_NUM, AL_C_PUNCT, AL_C_DICT, AL_C_NAME, AL_C_WORD, AL_NCLASS };

/* Model and search parameters; al_params_default() gives the values tuned
 * on the Text+Berg dev set. */
typedef struct al_params {
	double prior[AL_NBEAD];    /* log prior of each bead type */
	double w_len, w_lex;       /* weights of the length and lexical terms */
	double w_miss;             /* weight of unmatched tokens against matched */
	double dilution;           /* how p0 grows with the sentences of a bead:
				      p0(k) = 1 - (1-q)^(1 + dilution (k-1)) */
	double p1[2][AL_NCLASS];   /* per side (0 src, 1 tgt) and class */
	double p1_smooth;          /* pseudo-count of p1 when re-estimated */
	double p1_type_smooth;     /* pseudo-count of a word's own p1 */
	double len_var;            /* Gale–Church variance per character (start) */
	double kind_penalty;       /* heading beside a sentence in one bead: less
				      than the 0-1 prior costs over 1-2, since
				      a run-in heading the segmenter missed is
				      likelier than a heading left untranslated */
	double para_penalty;       /* a bead that crosses a paragraph break */
	int band;                  /* half-width of the search band */
	int band2;                 /* the same in the second pass */
	double band_slack;         /* extra width per row away from an anchor */
	double band_box;           /* largest box between anchors, per row */
	int max_widen;             /* times the band may be widened */
	int cognate_prefix;        /* letters of the C: key */
	int cognate_min;           /* shortest word that gets a C: or K: key */
	int name_keys;             /* 1: K: keys from glossary/names.h */
	int passes;                /* 1 or 2 */
	double confident;          /* lexical score of a confident 1-1 link */
	int learn_min_count;       /* co-occurrences for a learned pair */
	double learn_min_dice;
	double conf_scale;         /* first-pass confidence: logistic(evidence * scale) */
	double conf_temp;          /* temperature of the link posteriors (calibrated) */
} al_params;

void al_params_default(al_params *p);
/* Sets one parameter from "name=value" (tuning and benchmarks);
 * BT_EUSAGE for an unknown name. */
int al_params_set(al_params *p, const char *assignment);

/* ---- folding and stemming (tokens.c) ---- */

typedef struct al_stemmer al_stemmer;
/* Rules from the data file glossary/suffixes.tsv for `lang`; a language
 * without rules only folds. */
int al_stemmer_open(al_stemmer **out, const char *lang);
void al_stemmer_free(al_stemmer *st);
/* Appends the stem of an already flattened (folded, ASCII-ish) word. */
int al_stem(const al_stemmer *st, bt_buf *out, const char *flat, size_t len);
/* Does this language form closed compounds (de, nl, ...)? */
int al_stemmer_compounds(const al_stemmer *st);

typedef struct al_folder al_folder;
int al_folder_open(al_folder **out);
void al_folder_free(al_folder *f);
/* Case folding plus removal of diacritics (Latin-ASCII), appended. */
int al_flatten(al_folder *f, bt_buf *out, const char *s, size_t len);

/* Raw tokens of a sentence. */
enum { AL_T_WORD, AL_T_NUM, AL_T_PUNCT };
typedef struct al_rawtok {
	size_t start, end; /* bytes in the sentence */
	int kind;
	int cap;           /* a word that starts with an upper-case letter */
	char punct;        /* for AL_T_PUNCT: '?', '!', '"' or '(' */
} al_rawtok;
typedef struct al_rawtoks {
	al_rawtok *v;
	size_t n, cap;
} al_rawtoks;
int al_tokenize(al_rawtoks *out, const char *s, size_t len);
void al_rawtoks_dispose(al_rawtoks *t);
/* The digits of a number token, separators dropped, appended. */
int al_number_digits(bt_buf *out, const char *s, size_t len);

/* Name key (glossary/names.h), appended to out; BT_ENOTFOUND when the
 * language or the word cannot be keyed. */
typedef struct bt_namer bt_namer;
int al_name_key(bt_namer *nm, bt_buf *out, const char *name, size_t len, const char *lang);

/* ---- the aligner object ---- */

struct bt_aligner {
	char lang[2][32];
	bt_dict *dict;
	al_stemmer *stem[2];
	al_folder *folder;
	bt_namer *namer;   /* name keys (K:), NULL if it could not open */
	al_params prm;
	/* stem of each single-word headword -> entries (built lazily) */
	uint32_t *hstem_slots; /* open addressing: index+1 into hstem */
	size_t hstem_nslots;
	struct al_hstem *hstem;
	size_t hstem_n, hstem_cap;
	uint32_t *hstem_entries;
	bt_buf hstem_arena;
	int hstem_built;
	/* translation stems of each dict entry (lazily): offset+1 into
	 * tr_arena of a list of NUL-terminated strings ended by an empty one */
	uint32_t *tr_cache;
	size_t tr_cache_n;
	bt_buf tr_arena;
	int has_phrases; /* the dict has multi-word sources */
	bt_dict *phrase_first; /* their first words, as a set (lazily) */
	int last_passes_done;
	size_t last_cells;   /* DP cells of the last bt_align (tests, benchmarks) */
	bt_align_trace_fn trace; /* bt_aligner_opts.trace, or NULL */
	void *trace_ud;
};

/* A line of the trace (bt_aligner_opts.trace), printf-style; nothing
 * without a trace function. */
void al_trace(const bt_aligner *a, const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 2, 3)))
#endif
	;

typedef struct al_hstem {
	uint32_t off, len;   /* stem in hstem_arena */
	uint32_t first, n;   /* entries in hstem_entries */
} al_hstem;

/* ---- the per-document model (features.c) ---- */

/* Evidence tokens a sentence keeps at most (one 64-bit match mask). */
#define AL_MAX_TOKENS 64

typedef struct al_type {
	uint32_t str_off, str_len; /* folded form in the side's arena */
	uint32_t key_off, nkey;    /* key ids in the side's keys[] */
	uint32_t base_off, base_n; /* its own keys (without learned ones) in base[] */
	uint8_t cls, kind, cap, inert;
	uint32_t count;
	double q;                  /* chance a random other-side sentence matches */
	double p1;
	float p1_hits, p1_seen;    /* in confident links (second pass) */
	float delta[4], base[4];   /* for k = 1..3 sentences on the other side */
} al_type;

typedef struct al_sent {
	uint32_t all_off, all_n;   /* all tokens (type ids) in al_side.all */
	uint32_t tok_off, ntok;    /* evidence tokens (types with keys) */
	uint32_t key_off, nkey;    /* distinct keys of the sentence (any order) */
	uint32_t chars;            /* non-space characters */
	int kind;
	unsigned para;
	float base[4];             /* sum of the tokens' base[k] */
} al_sent;

typedef struct al_side {
	al_sent *s;
	size_t n;
	uint32_t *all;    size_t nall, all_cap;     /* token types, all tokens */
	uint32_t *toks;   size_t ntoks, toks_cap;   /* evidence tokens */
	al_type *types;   size_t ntypes, types_cap;
	uint32_t *keys;   size_t nkeys, keys_cap;   /* type key lists */
	uint32_t *base;   size_t nbase, base_cap;   /* the types' own keys */
	uint32_t *skeys;  size_t nskeys, skeys_cap; /* sentence key sets */
	uint32_t *post;   size_t *post_off;         /* key -> sentences */
	uint32_t *type_slots; size_t type_nslots;
	bt_buf arena;
	double chars;     /* total */
	int has_kind, has_para;
} al_side;

/* Interned key strings. */
typedef struct al_keys {
	uint32_t *slots; size_t nslots;
	uint32_t *off, *len; size_t n, cap;
	uint32_t *df[2];    /* sentences per side holding the key */
	uint32_t *where[2]; /* a sentence holding it */
	size_t df_n;        /* keys the df arrays cover */
	bt_buf arena;
} al_keys;

typedef struct al_doc {
	al_side side[2];
	al_keys keys;
	double c;          /* target chars per source char */
	double len_var;    /* Gale–Church variance per char */
	double rand_var;   /* variance of delta between random sentences */
	/* learned lexicon: pairs (source type, target type), 2 ids each */
	uint32_t *learned; size_t nlearned, learned_cap;
	size_t n_evidence[2]; /* evidence tokens per side */
	int have_base;        /* the types' own keys are computed */
} al_doc;

int al_doc_build(al_doc *d, bt_aligner *a, const bt_sentences *src, const bt_sentences *tgt);
/* Recomputes keys (with learned pairs), document frequencies and the
 * per-type probabilities. */
int al_doc_features(al_doc *d, bt_aligner *a);
int al_doc_probabilities(al_doc *d, const al_params *p, const double p1[2][AL_NCLASS]);
/* The posting lists (key -> sentences) serve the probabilities and the
 * anchors; the search does not need them. */
void al_doc_drop_postings(al_doc *d);
void al_doc_dispose(al_doc *d);

/* ---- the search (anchors.c, dp.c) ---- */

/* A band: for each row i (source sentences consumed, 0..n) the range of
 * target sentences consumed [lo[i], hi[i]]. */
typedef struct al_band {
	size_t n, m;
	size_t *lo, *hi;
	size_t *row;       /* first cell of each row; row[n+1] = cells */
	size_t margin;     /* a path this close to an edge "touches" it */
} al_band;
void al_band_dispose(al_band *b);
/* Band of half-width w around centre[i] (a target position per row). */
int al_band_from_centre(al_band *b, size_t n, size_t m, const double *centre, size_t w);
/* Band of half-width w (+ slack[i] when slack is not NULL) around
 * [from[i], to[i]] (a path's extent in each row: a run of 0-1 links stays
 * in one row). */
int al_band_from_range(al_band *b, size_t n, size_t m, const double *from, const double *to, const double *slack,
		       size_t w);
/* The first band's extent in each row, [from[r], to[r]] (n+1 entries):
 * through the chain of anchors, the box between two anchors when its area
 * is at most box_area per row, else a strip along the line between them
 * whose half-width grows by slack_per_row with the distance to the nearer
 * anchor. */
int al_anchor_band(double *from, double *to, const al_doc *d, double slack_per_row, double box_area);

typedef struct al_path {
	bt_links links;
	double *ev;        /* evidence of each link (for confidence) */
	size_t ev_cap;
	double score;      /* the path's total score */
	int touched;       /* the path touches the band edge */
	size_t *touch;     /* rows where it does */
	size_t ntouch, touch_cap;
} al_path;

/* The best path in the band. With posteriors set, each link's score is
 * its posterior probability over all paths in the band (at temperature
 * conf_temp), else a logistic of its evidence. */
int al_dp_run(al_path *out, const al_doc *d, const al_params *p, const al_band *b, int posteriors);
/* The bead score of the beads [s0, s0+a) x [t0, t0+b): length and lexical
 * parts and the total including the prior. */
double al_bead_score(const al_doc *d, const al_params *p, size_t s0, int a, size_t t0, int b, double *lex,
		     double *len);
void al_path_dispose(al_path *p);

/* Both passes on one document (both sides non-empty). The document and
 * the path stay for the caller to read and dispose. */
int al_align_doc(bt_aligner *a, al_doc *d, al_path *path, const bt_sentences *src, const bt_sentences *tgt);

#endif
