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
enum { AL_B11, AL_B10, AL_B01, AL_B12, AL_B21, AL_B22, AL_B13, AL_B31, AL_B23, AL_B32, AL_B14, AL_B41, AL_NBEAD };
/* The most sentences on one side of a bead. */
#define AL_MAXB 4
extern const int bt_al_bead_shape[AL_NBEAD][2]; /* {source n, target n} */

/* ---- token classes (the chance that a token's translation shows) ---- */
enum { AL_C_NUM, AL_C_PUNCT, AL_C_DICT, AL_C_NAME, AL_C_WORD, AL_NCLASS };

/* Model and search parameters; bt_al_params_default() gives the values tuned
 * on the Text+Berg dev set. */
typedef struct al_params {
	double prior[AL_NBEAD];    /* log prior of each bead type */
	double null_ext;           /* log prior of a 1-0 after a 1-0 (0-1 after 0-1) */
	double null_cross;         /* log prior of a 1-0 after a 0-1 and the reverse */
	double w_len, w_lex;       /* weights of the length and lexical terms */
	double w_miss;             /* weight of unmatched tokens against matched */
	double w_spill;            /* weight of tokens matched next to a link, not in it */
	double w_spill1;           /* ... in the first pass */
	double w_weak;             /* scales the learned weak_gain (learn.c) */
	double len_prune;          /* links of 3+ sentences with a length term below this are not tried */
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
	unsigned beads;            /* the bead types the search tries (bit k: bead k) */
	unsigned beads1;           /* ... in the first pass, which only finds the way */
	int band;                  /* half-width of the search band */
	int band2;                 /* the same in the second pass */
	double band_slack;         /* extra width per row away from an anchor */
	double band_box;           /* largest box between anchors, per row */
	int max_widen;             /* times the band may be widened */
	int cognate_prefix;        /* letters of the C: key */
	int cognate_min;           /* shortest word that gets a C: or K: key */
	int cognate_norm;          /* C: keys spell c/k, ph/f ... alike (features.c) */
	int name_keys;             /* 1: K: keys from glossary/names.h */
	int passes;                /* 1 or 2 */
	double confident;          /* lexical score of a confident 1-1 link */
	int learn_min_count;       /* co-occurrences for a learned pair */
	double learn_min_dice;
	double conf_scale;         /* first-pass confidence: logistic(evidence * scale) */
	double conf_temp;          /* temperature of the link posteriors (calibrated) */
	double lex_min_count;      /* a lexicon pair the aligner trusts: expected count */
	double lex_min_dice;       /* ... and 2 count / (freq s + freq t) */
	int lex_max;               /* ... and at most this many a word */
	int doc_lexicon;           /* pass 2 learns pairs with IBM Model 1 (1) or Dice (0) */
	int doc_lex_pairs;         /* ... from at most this many links */
	int doc_lex_iterations;    /* ... in this many rounds of EM */
	int lex_no_doc;            /* with a corpus lexicon, pass 2 learns no pairs of its own */
	double move_min_keys;      /* a block pair to try shares rare keys worth this */
	double move_gain;          /* ... and becomes links when it scores this much better */
	double move_weak;          /* links scored below this are offered to the matching */
	double move_gain1;         /* move_gain for a block of a single link */
	double move_gain_blind;    /* ... for blocks alike in size without rare keys in common */
	int move_blind;            /* such blocks are tried at all (bt_align: not with a dictionary) */
	double move_beat;          /* ... and by this much the links its sentences came from */
	double move_blind_ratio;   /* blocks paired blind: the larger at most this times the smaller */
	double move_grow;          /* a block linked grows into neighbouring links scored below this (0: not) */
	double move_grow_beat;     /* ... when it gains this much over them */
	/* Calibration: a link's score is logistic(cal_bias + cal_logit x +
	 * ...), x the logit of its posterior; fitted on Text+Berg dev and its
	 * perturbed copies (tests/bench/bench_perturb --dump-links) */
	int calibrate;
	double cal_bias, cal_logit, cal_null, cal_null_logit, cal_opp, cal_moved, cal_big, cal_nodict,
		cal_nodict_logit;
	/* ... a 1-0 or 0-1 link in a run of 1, or of 2 or 3, such links of
	 * its side: a block left alone is deliberate, a sentence or two left
	 * alone between links is mostly one that belongs to a neighbour */
	double cal_run1, cal_run23;
} al_params;

void bt_al_params_default(al_params *p);
/* Sets one parameter from "name=value" (tuning and benchmarks);
 * BT_EUSAGE for an unknown name. */
int bt_al_params_set(al_params *p, const char *assignment);

/* ---- folding and stemming (tokens.c) ---- */

typedef struct al_stemmer al_stemmer;
/* Rules from the data file glossary/suffixes.tsv for `lang`; a language
 * without rules only folds. */
int bt_al_stemmer_open(al_stemmer **out, const char *lang);
void bt_al_stemmer_free(al_stemmer *st);
/* Appends the stem of an already flattened (folded, ASCII-ish) word. */
int bt_al_stem(const al_stemmer *st, bt_buf *out, const char *flat, size_t len);
/* Does this language form closed compounds (de, nl, ...)? */
int bt_al_stemmer_compounds(const al_stemmer *st);

typedef struct al_folder al_folder;
int bt_al_folder_open(al_folder **out);
void bt_al_folder_free(al_folder *f);
/* Case folding plus removal of diacritics (Latin-ASCII), appended. Text
 * in ASCII and the letters U+00C0..U+017F is flattened by a table, the
 * rest by ICU (bt_al_flatten_icu, also for tests). */
int bt_al_flatten(al_folder *f, bt_buf *out, const char *s, size_t len);
/* The spelling of a flattened word that cognate (C:) keys compare: c/k,
 * ph/f, th/t, qu/k, y/i, z/s alike and double letters single; writes at
 * most len bytes to out and returns how many. */
size_t bt_al_cognate_spelling(char *out, const char *w, size_t len);
/* Does the sentence end in a colon or semicolon (trailing space aside):
 * a clause a translator often joins with the next one? In Greek ';' is
 * the question mark. */
int bt_al_ends_weak(const char *t, size_t len, const char *lang);
int bt_al_flatten_icu(al_folder *f, bt_buf *out, const char *s, size_t len);

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
int bt_al_tokenize(al_rawtoks *out, const char *s, size_t len);
void bt_al_rawtoks_dispose(al_rawtoks *t);
/* The digits of a number token, separators dropped, appended. */
int bt_al_number_digits(bt_buf *out, const char *s, size_t len);

/* Name key (glossary/names.h), appended to out; BT_ENOTFOUND when the
 * language or the word cannot be keyed. */
typedef struct bt_namer bt_namer;
int bt_al_name_key(bt_namer *nm, bt_buf *out, const char *name, size_t len, const char *lang);

/* ---- strings and the lexicon (strtab.c, lexicon.c) ---- */

/* FNV-1a of s[0, len), seeded. */
uint64_t bt_al_hash(const char *s, size_t len, uint64_t seed);

/* Interned strings, ids 0, 1, ... in the order added. */
typedef struct al_strtab {
	uint32_t *slots;
	size_t nslots;
	uint32_t *off, *len;
	size_t n, cap;
	bt_buf arena;
} al_strtab;
int bt_al_strtab_add(al_strtab *t, const char *s, size_t len, uint32_t *id);
long bt_al_strtab_find(const al_strtab *t, const char *s, size_t len); /* -1: absent */
const char *bt_al_strtab_get(const al_strtab *t, uint32_t id, size_t *len);
void bt_al_strtab_dispose(al_strtab *t);

/* A word pair of the lexicon. */
typedef struct al_lex_entry {
	uint32_t s, t;
	float p_fwd, p_bwd, count;
} al_lex_entry;

/* Word ids 0 and 1 of each side are the empty word (NULL) and the class
 * of words seen once (RARE). */
enum { AL_LEX_NULL = 0, AL_LEX_RARE = 1 };

struct bt_lexicon {
	char lang[2][32];
	al_folder *folder;
	al_stemmer *stem[2];
	int iterations;
	size_t max_pairs;
	double min_score;
	al_strtab words[2];
	float *freq[2];          /* training pairs holding each word (prior included) */
	size_t freq_cap[2];
	al_lex_entry *e;         /* the model, sorted by (s, t) */
	size_t ne;
	uint32_t *row_s;         /* entries of source word w: e[row_s[w] .. row_s[w+1]) */
	uint32_t *by_t, *row_t;  /* entry ids sorted by (t, s), and their rows */
	size_t nrow[2];          /* words the rows cover (words added since have none) */
	size_t ecap;             /* room in e for bt_lexicon_put (0: exactly ne) */
	int unsorted;            /* bt_lexicon_put added entries: sort and index before use */
	double pairs_trained;
	/* training pairs: word ids, pair p = src toks [po[2p], po[2p+1]),
	 * tgt toks [po[2p+1], po[2p+2]) */
	uint32_t *toks;
	size_t ntoks, toks_cap;
	size_t *po;
	size_t npairs, po_cap;
	size_t offered, stride;  /* thinning beyond max_pairs */
	int threads;             /* bt_lexicon_set_threads: 2 or more trains both directions side by side */
	al_rawtoks rt;
	bt_buf fl, st;
};

/* The lexicon's form of a word (flattened and stemmed) into `out`
 * (cleared first). */
int bt_al_lex_form(al_folder *f, const al_stemmer *st, bt_buf *out, const char *w, size_t len);
/* The lexicon's id of a form on a side, or -1. */
long bt_al_lex_word(const bt_lexicon *lx, int side, const char *form, size_t len);
/* The pairs of word `id` of `side` the aligner trusts (count and Dice at
 * least lex_min_count and lex_min_dice), at most lex_max (and 8), by
 * count. */
struct al_params;
size_t bt_al_lex_best(const al_lex_entry *best[8], const bt_lexicon *lx, int side, long id, const struct al_params *p);
/* Adds a training pair of word ids of the lexicon (ids of 0 and 1 are
 * skipped). */
int bt_al_lex_add_ids(bt_lexicon *lx, const uint32_t *src, size_t ns, const uint32_t *tgt, size_t nt);
/* For lexicon_io.c: an empty lexicon object, its tools and word ids 0
 * and 1, and the rows over its sorted entries. */
int bt_al_lex_alloc(bt_lexicon **out, const char *src_lang, const char *tgt_lang);
int bt_al_lex_open_tools(bt_lexicon *lx);
/* Opens the lexicon's folder and stemmers when not yet open. */
int bt_al_lex_tools(bt_lexicon *lx);
int bt_al_lex_index(bt_lexicon *lx);
/* Sorts and indexes entries bt_lexicon_put added (one of each pair kept). */
int bt_al_lex_settle(bt_lexicon *lx);

/* ---- threads (pool.c) ----
 *
 * A pool runs a job in parts on `threads` threads, part 0 on the caller.
 * The parts of every job the aligner hands it write apart, and each part
 * computes what one thread would: the links are the same whatever the
 * number of threads. NULL is a pool of one (the caller alone). */
typedef struct al_pool al_pool;
typedef void (*al_pool_fn)(void *arg, int part, int nparts);
/* *out is NULL for threads <= 1. */
int bt_al_pool_new(al_pool **out, int threads);
void bt_al_pool_free(al_pool *p);
int bt_al_pool_parts(const al_pool *p);
/* fn(arg, k, n) for every part k of n; returns when all have. */
void bt_al_pool_run(al_pool *p, al_pool_fn fn, void *arg);
/* fn(arg, i) for i = 0 .. n-1 (n <= AL_POOL_EACH_MAX), shared among the
 * threads; the first i that fails gives the return code and the error
 * (bt_error_last), whichever thread it failed on. */
#define AL_POOL_EACH_MAX 4
int bt_al_pool_each(al_pool *p, int n, int (*fn)(void *arg, int i), void *arg);
/* Smaller work stays on the calling thread: a job handed to the pool
 * costs some microseconds. Cells of a search's band; sentences of a
 * document (both sides). */
#define AL_POOL_MIN_CELLS 4096
#define AL_POOL_MIN_SENTENCES 1000

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
	const bt_lexicon *lex;   /* bt_aligner_use_lexicon, or NULL */
	int moves;               /* bt_aligner_opts.moves */
	bt_align_trace_fn trace; /* bt_aligner_opts.trace, or NULL */
	void *trace_ud;
	al_pool *pool;           /* bt_aligner_opts.threads > 1, else NULL */
};

/* A line of the trace (bt_aligner_opts.trace), printf-style; nothing
 * without a trace function. */
void bt_al_trace(const bt_aligner *a, const char *fmt, ...)
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
	float delta[AL_MAXB + 1], base[AL_MAXB + 1]; /* for k = 1..AL_MAXB sentences on the other side */
} al_type;

typedef struct al_sent {
	uint32_t all_off, all_n;   /* all tokens (type ids) in al_side.all */
	uint32_t tok_off, ntok;    /* evidence tokens (types with keys) */
	uint32_t key_off, nkey;    /* distinct keys of the sentence (any order) */
	uint32_t chars;            /* non-space characters */
	int kind;
	unsigned para;
	int weak_end;              /* ends in ':' or ';' (a clause, not a sentence) */
	float base[AL_MAXB + 1];   /* sum of the tokens' base[k] */
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
	double weak_gain[2]; /* per side, for each sentence ending in ':' or ';' inside a link */
	/* learned lexicon: pairs (source type, target type), 2 ids each */
	uint32_t *learned; size_t nlearned, learned_cap;
	size_t n_evidence[2]; /* evidence tokens per side */
	int have_base;        /* the types' own keys are computed */
} al_doc;

int bt_al_doc_build(al_doc *d, bt_aligner *a, const bt_sentences *src, const bt_sentences *tgt);
/* Recomputes keys (with learned pairs), document frequencies and the
 * per-type probabilities. */
int bt_al_doc_features(al_doc *d, bt_aligner *a);
int bt_al_doc_probabilities(al_doc *d, const al_params *p, const double p1[2][AL_NCLASS]);
/* The posting lists (key -> sentences) serve the probabilities and the
 * anchors; the search does not need them. */
void bt_al_doc_drop_postings(al_doc *d);
void bt_al_doc_dispose(al_doc *d);

/* ---- the search (anchors.c, dp.c) ---- */

/* A band: for each row i (source sentences consumed, 0..n) the range of
 * target sentences consumed [lo[i], hi[i]]. */
typedef struct al_band {
	size_t n, m;
	size_t *lo, *hi;
	size_t *row;       /* first cell of each row; row[n+1] = cells */
	size_t margin;     /* a path this close to an edge "touches" it */
} al_band;
void bt_al_band_dispose(al_band *b);
/* Band of half-width w around centre[i] (a target position per row). */
int bt_al_band_from_centre(al_band *b, size_t n, size_t m, const double *centre, size_t w);
/* Band of half-width w (+ slack[i] when slack is not NULL) around
 * [from[i], to[i]] (a path's extent in each row: a run of 0-1 links stays
 * in one row). */
int bt_al_band_from_range(al_band *b, size_t n, size_t m, const double *from, const double *to, const double *slack,
		       size_t w);
/* The first band's extent in each row, [from[r], to[r]] (n+1 entries):
 * through the chain of anchors, the box between two anchors when its area
 * is at most box_area per row, else a strip along the line between them
 * whose half-width grows by slack_per_row with the distance to the nearer
 * anchor. */
int bt_al_anchor_band(double *from, double *to, const al_doc *d, double slack_per_row, double box_area);

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
 * conf_temp), else a logistic of its evidence; AL_POST_SETTLED: only when
 * the path does not touch the band's edge. */
enum { AL_POST_SETTLED = 2 };
int bt_al_dp_run(al_path *out, const al_doc *d, const al_params *p, const al_band *b, int posteriors, al_pool *pool);
/* The same in a box of the document: the band's rows and columns count
 * from source sentence s0 and target sentence t0 (the links come out in
 * the document's numbering). The context holds what every box of one
 * document shares; it reads the document, which must not change. The
 * pool (NULL: none) shares the work of its searches. */
typedef struct al_dpctx al_dpctx;
int bt_al_dpctx_new(al_dpctx **out, const al_doc *d, al_pool *pool);
void bt_al_dpctx_free(al_dpctx *c);
int bt_al_dp_box(al_path *out, al_dpctx *c, const al_params *p, const al_band *b, size_t s0, size_t t0, int posteriors);
/* The bead score of the beads [s0, s0+a) x [t0, t0+b): length and lexical
 * parts and the total including the prior. */
double bt_al_bead_score(const al_doc *d, const al_params *p, size_t s0, int a, size_t t0, int b, double *lex,
		     double *len);
void bt_al_path_dispose(al_path *p);

/* ---- between the passes (learn.c) ---- */

/* The variance of the length deviation between unrelated sentences. */
void bt_al_random_spread(al_doc *d);
/* Length ratio and variance from the path's confident 1-1 links. */
void bt_al_estimate_length(al_doc *d, const al_path *p, const al_params *prm);
/* How much likelier a sentence ending in ':' or ';' is than another to
 * be joined with the next in a link, by the path: weak_gain, per side. */
void bt_al_estimate_weak(al_doc *d, const al_path *p, const al_params *prm);
/* Per side and class, how often a token is matched in a confident link
 * (also counted per type). */
int bt_al_estimate_p1(al_doc *d, const al_path *p, const al_params *prm, double p1[2][AL_NCLASS]);
/* The document's learned pairs (d->learned) from the confident 1-1 links:
 * word pairs that occur together far more than apart (Dice). */
int bt_al_learn_dice(al_doc *d, const al_path *p, const al_params *prm);
/* The same from a lexicon trained on the confident 1-1 links (IBM Model
 * 1, lexicon.c), or from a lexicon given. */
int bt_al_learn_doc_lexicon(al_doc *d, bt_aligner *a, const al_path *p, const bt_sentences *src, const bt_sentences *tgt);
int bt_al_learn_from_lexicon(al_doc *d, bt_aligner *a, const bt_lexicon *lx);

/* ---- moved blocks (moves.c) ---- */

/* Matches blocks of sentences left alone on both sides (links of the
 * document d) wherever they stand, and adds the links they make. */
/* stats (may be NULL): blocks alone at the start (source, target), block
 * pairs aligned to be weighed, and pairs that became links. */
typedef struct al_move_stats {
	size_t runs[2], tried, linked;
} al_move_stats;
int bt_al_moves(bt_links *links, const al_doc *d, const al_params *p, al_move_stats *stats);
/* Puts links covering n x m sentences in the order bt_align promises and
 * marks the ones that cross (BT_LINK_MOVED). */
int bt_al_order_links(bt_links *l, size_t n, size_t m);

/* The links' scores from posteriors to probabilities of being right
 * (al_params cal_*). nodict: the aligner has neither glossary nor
 * lexicon. */
void bt_al_calibrate(bt_links *l, const al_params *p, int nodict);

/* Both passes on one document (both sides non-empty). The document and
 * the path stay for the caller to read and dispose. */
int bt_al_align_doc(bt_aligner *a, al_doc *d, al_path *path, const bt_sentences *src, const bt_sentences *tgt);

#endif
