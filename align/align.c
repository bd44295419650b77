/* align.c: the aligner object and the two passes. */
#include "align.h"
#include "error.h"

#include <math.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* ---- parameters ---- */

void bt_al_params_default(al_params *p)
{
	memset(p, 0, sizeof *p);
	p->prior[AL_B11] = log(0.80);
	p->prior[AL_B10] = log(0.003);
	p->prior[AL_B01] = log(0.003);
	p->prior[AL_B12] = log(0.05);
	p->prior[AL_B21] = log(0.05);
	p->prior[AL_B22] = log(0.01);
	p->prior[AL_B13] = log(0.005);
	p->prior[AL_B31] = log(0.005);
	p->prior[AL_B23] = log(0.001);
	p->prior[AL_B32] = log(0.001);
	p->prior[AL_B14] = log(0.001);
	p->prior[AL_B41] = log(0.001);
	p->null_ext = log(0.15);
	p->null_cross = log(0.003);
	p->w_len = 1.0;
	p->w_lex = 0.3;
	p->w_miss = 1.0;
	p->w_spill = 0.8;
	p->w_spill1 = 0;
	p->w_weak = 0.8; /* on dev: strict 0.872 -> 0.906 without a dictionary (align/README.md) */
	p->len_prune = -12;
	p->dilution = 1.0;
	for (int s = 0; s < 2; s++) {
		p->p1[s][AL_C_NUM] = 0.8;
		p->p1[s][AL_C_PUNCT] = 0.6;
		p->p1[s][AL_C_DICT] = 0.5;
		p->p1[s][AL_C_NAME] = 0.4;
		p->p1[s][AL_C_WORD] = 0.2;
	}
	p->p1_smooth = 20;
	p->p1_type_smooth = 20;
	p->len_var = 6.8;
	p->kind_penalty = -2;
	p->para_penalty = -3;
	p->beads = (1u << AL_NBEAD) - 1;
	p->beads1 = (1u << AL_B23) - 1; /* 1-1 ... 3-1 */
	p->band = 5;
	p->band2 = 4;
	p->band_slack = 0.25;
	p->band_box = 40;
	p->max_widen = 5;
	p->cognate_prefix = 5;
	p->cognate_min = 4;
	p->cognate_norm = 1;
	p->name_keys = 2;
	p->passes = 2;
	p->confident = 2.0;
	p->learn_min_count = 2;
	p->learn_min_dice = 0.3;
	p->conf_scale = 0.5;
	p->conf_temp = 3.0;
	p->lex_min_count = 2.0;
	p->lex_min_dice = 0.3;
	p->lex_max = 3;
	p->doc_lexicon = 1;
	p->doc_lex_pairs = 500;
	p->doc_lex_iterations = 5;
	p->lex_no_doc = 1;
	p->move_min_keys = 1.0;
	p->move_gain = 10.0;
	p->move_weak = 0.3;
	p->move_gain1 = 10.0;
	p->move_gain_blind = 20.0;
	p->move_blind = 1; /* without a dictionary only (bt_align) */
	p->move_beat = 10.0;
	p->move_grow = 0.7;
	p->move_grow_beat = 0;
	p->move_blind_ratio = 3.0; /* 1.5 missed moved blocks in longer runs (align/README.md) */
	/* fitted on dev, original and perturbed (align/README.md, Scores);
	 * cal_opp never occurred there: a rule, not a fit */
	p->calibrate = 1;
	p->cal_bias = 0.812;
	p->cal_logit = 1.188;
	p->cal_null = 2.234;
	p->cal_null_logit = -0.879;
	p->cal_run1 = -4.287;
	p->cal_run23 = -3.476;
	p->cal_opp = -1.5;
	p->cal_moved = -0.030;
	p->cal_big = -0.276;
	p->cal_nodict = 0.442;
	p->cal_nodict_logit = -0.097;
}

/* The parameters bt_al_params_set() knows by name (besides the priors and
 * the p1 rates, named by bead and class). */
typedef struct param_name {
	const char *name;
	size_t off;
	char type; /* 'd' double, 'i' int, 'p' positive double */
} param_name;

#define PD(f) {#f, offsetof(al_params, f), 'd'}
#define PI(f) {#f, offsetof(al_params, f), 'i'}
static const param_name param_names[] = {
	PI(beads),      PI(beads1),
	PD(w_len),      PD(w_lex),          PD(w_miss),       PD(w_spill),      PD(w_spill1),      PD(w_weak),      PD(len_prune),       PD(dilution),     PD(p1_type_smooth),
	PD(p1_smooth),  PD(len_var),        PD(kind_penalty), PD(para_penalty), PI(band),
	PD(band_box),   PD(band_slack),     PI(band2),        PI(max_widen),    PI(cognate_prefix),
	PI(cognate_min), PI(cognate_norm), PI(name_keys),     PI(passes),       PD(confident),    PI(learn_min_count),
	PD(learn_min_dice), PD(conf_scale), {"conf_temp", offsetof(al_params, conf_temp), 'p'},
	PI(calibrate),      PD(cal_bias),    PD(cal_logit),    PD(cal_null),     PD(cal_null_logit),
	PD(cal_opp),        PD(cal_moved),   PD(cal_big),      PD(cal_nodict),   PD(cal_nodict_logit),
	PD(cal_run1),       PD(cal_run23),
	PD(move_min_keys),  PD(move_gain),   PD(move_weak),   PD(move_gain1),  PD(move_gain_blind), PD(move_beat), PD(move_blind_ratio), PD(move_grow), PD(move_grow_beat),
	PD(lex_min_count),  PD(lex_min_dice), PI(lex_max),     PI(doc_lexicon),  PI(doc_lex_pairs), PI(doc_lex_iterations),  PI(lex_no_doc),
};
#undef PD
#undef PI

/* The prior and p1 parameters: prior11 ... prior31, p1s_num, p1t_word,
 * p1_dict (both sides). Returns 1 when `name` was one of them. */
static int set_named_rate(al_params *p, const char *name, size_t nl, double v)
{
	static const char *const beads[AL_NBEAD] = {"11", "10", "01", "12", "21", "22",
						    "13", "31", "23", "32", "14", "41"};
	static const char *const cls[AL_NCLASS] = {"num", "punct", "dict", "name", "word"};
	char want[32];
	for (int k = 0; k < AL_NBEAD; k++) {
		snprintf(want, sizeof want, "prior%s", beads[k]);
		if (nl == strlen(want) && memcmp(name, want, nl) == 0) {
			p->prior[k] = log(v);
			return 1;
		}
	}
	if (nl == 8 && memcmp(name, "null_ext", 8) == 0) {
		p->null_ext = log(v);
		return 1;
	}
	if (nl == 10 && memcmp(name, "null_cross", 10) == 0) {
		p->null_cross = log(v);
		return 1;
	}
	for (int c = 0; c < AL_NCLASS; c++)
		for (int s = 0; s < 3; s++) {
			/* p1s_: the source side, p1t_: the target side, p1_: both */
			snprintf(want, sizeof want, "p1%s_%s", s == 0 ? "s" : s == 1 ? "t" : "", cls[c]);
			if (nl == strlen(want) && memcmp(name, want, nl) == 0) {
				if (s != 1)
					p->p1[0][c] = v;
				if (s != 0)
					p->p1[1][c] = v;
				return 1;
			}
		}
	return 0;
}

int bt_al_params_set(al_params *p, const char *as)
{
	const char *eq = strchr(as, '=');
	size_t nl;
	double v;
	char *end;
	if (!eq)
		return bt_fail(BT_EUSAGE, NULL, -1, -1, "parameter '%s': expected name=value", as);
	nl = (size_t)(eq - as);
	v = strtod(eq + 1, &end);
	if (end == eq + 1 || *end)
		return bt_fail(BT_EUSAGE, NULL, -1, -1, "parameter '%s': bad number", as);
	if (set_named_rate(p, as, nl, v))
		return 0;
	for (size_t k = 0; k < sizeof param_names / sizeof param_names[0]; k++) {
		const param_name *pn = &param_names[k];
		if (nl != strlen(pn->name) || memcmp(as, pn->name, nl) != 0)
			continue;
		if (pn->type == 'p' && !(v > 0))
			return bt_fail(BT_EUSAGE, NULL, -1, -1, "parameter '%s': must be positive", as);
		if (pn->type == 'i')
			*(int *)((char *)p + pn->off) = (int)v;
		else
			*(double *)((char *)p + pn->off) = v;
		return 0;
	}
	return bt_fail(BT_EUSAGE, NULL, -1, -1, "unknown aligner parameter '%.*s'", (int)nl, as);
}

/* ---- links ---- */

int bt_links_push(bt_links *l, const bt_link *k)
{
	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 64;
		bt_link *v = bt_realloc(l->v, cap * sizeof *v);
		if (!v)
			return bt_fail_nomem();
		l->v = v;
		l->cap = cap;
	}
	l->v[l->n++] = *k;
	return 0;
}

void bt_links_dispose(bt_links *l)
{
	bt_free(l->v);
	l->v = NULL;
	l->n = l->cap = 0;
}

/* ---- the aligner ---- */

/* ISO 639-1 -> 639-3 for the FreeDict file names. */
static const char *lang3(const char *l)
{
	static const char *const t[][2] = {
		{"de", "deu"}, {"fr", "fra"}, {"nl", "nld"}, {"en", "eng"}, {"es", "spa"}, {"it", "ita"},
		{"pt", "por"}, {"ru", "rus"}, {"pl", "pol"}, {"sv", "swe"}, {"da", "dan"}, {"fi", "fin"},
		{"cs", "ces"}, {"hu", "hun"}, {"el", "ell"}, {"tr", "tur"}, {"uk", "ukr"}, {"be", "bel"},
		{"no", "nor"}, {"nb", "nob"}, {"ro", "ron"}, {"bg", "bul"}, {"hr", "hrv"}, {"sr", "srp"},
		{"sk", "slk"}, {"sl", "slv"}, {"lt", "lit"}, {"lv", "lav"}, {"et", "est"}, {"ga", "gle"},
		{"ja", "jpn"}, {"zh", "zho"}, {"ar", "ara"}, {"he", "heb"}, {"la", "lat"}, {"af", "afr"},
	};
	for (size_t i = 0; i < sizeof t / sizeof t[0]; i++)
		if (strncmp(l, t[i][0], 2) == 0 && (l[2] == 0 || l[2] == '-' || l[2] == '_'))
			return t[i][1];
	return l;
}

/* Is the glossary at `path` written target -> source? Judged by its name:
 * freedict-XXX-YYY.index, or a TSV named TGT-SRC.tsv. */
static int reversed_by_name(const bt_aligner *a, const char *path)
{
	const char *base = strrchr(path, '/');
	char want_rev[80];
	base = base ? base + 1 : path;
	if (strncmp(base, "freedict-", 9) == 0) {
		snprintf(want_rev, sizeof want_rev, "freedict-%s-%s.", lang3(a->lang[1]), lang3(a->lang[0]));
		return strncmp(base, want_rev, strlen(want_rev)) == 0;
	}
	snprintf(want_rev, sizeof want_rev, "%s-%s.", a->lang[1], a->lang[0]);
	return strncmp(base, want_rev, strlen(want_rev)) == 0;
}

static void note_phrases(bt_aligner *a)
{
	size_t n = bt_dict_n(a->dict), len;
	a->has_phrases = 0;
	for (size_t i = 0; i < n && !a->has_phrases; i++) {
		const char *src = bt_dict_source(a->dict, i, &len);
		if (memchr(src, ' ', len))
			a->has_phrases = 1;
	}
}

static void drop_stem_index(bt_aligner *a)
{
	bt_free(a->hstem_slots);
	bt_free(a->hstem);
	bt_free(a->hstem_entries);
	bt_buf_dispose(&a->hstem_arena);
	a->hstem_slots = NULL;
	a->hstem = NULL;
	a->hstem_entries = NULL;
	a->hstem_nslots = a->hstem_n = a->hstem_cap = 0;
	a->hstem_built = 0;
}

static int check_lang(const char *l)
{
	size_t n = l ? strlen(l) : 0;
	if (n < 2 || n > 31 || strspn(l, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-_") != n)
		return bt_fail(BT_EUSAGE, NULL, -1, -1, "bad language code '%s' (use a BCP 47 tag such as nl or en-GB)",
			       l ? l : "");
	return 0;
}

int bt_aligner_opts_init(bt_aligner_opts *opts, unsigned version)
{
	static const bt_aligner_opts defaults = BT_ALIGNER_OPTS_INIT;
	if (version < 1 || version > BT_ALIGNER_OPTS_VERSION)
		return bt_fail(BT_EUSAGE, NULL, -1, -1, "aligner options version %u unknown (this library knows 1 to %u)",
			       version, (unsigned)BT_ALIGNER_OPTS_VERSION);
	*opts = defaults;
	opts->version = version;
	if (version < 2)
		opts->moves = 0; /* version 1 matched moved blocks only when asked */
	return 0;
}

static void lower_ascii(char *p)
{
	for (; *p; p++)
		*p = (char)(*p >= 'A' && *p <= 'Z' ? *p + 32 : *p);
}

/* The parts of the options that shape the model: passes and parameters. */
static int apply_opts(bt_aligner *a, const bt_aligner_opts *opts)
{
	int rc;
	if (opts->passes == 1)
		a->prm.passes = 1;
	for (size_t i = 0; i < opts->n_params; i++)
		if ((rc = bt_al_params_set(&a->prm, opts->params[i])) != 0)
			return rc;
	a->trace = opts->trace;
	a->trace_ud = opts->trace_ud;
	a->moves = opts->moves;
	/* a caller built against version 2 has no `threads` field */
	if (opts->version >= 3) {
		if (opts->threads < 0 || opts->threads > BT_ALIGNER_MAX_THREADS)
			return bt_fail(BT_EUSAGE, NULL, -1, -1, "aligner threads: %d is not between 0 and %d",
				       opts->threads, BT_ALIGNER_MAX_THREADS);
		if ((rc = bt_al_pool_new(&a->pool, opts->threads)) != 0)
			return rc;
	}
	return 0;
}

/* Glossary files read together on the pool's threads: the first of a
 * group into the aligner's dictionary, the others into dictionaries of
 * their own, merged after it in order (bt_dict_merge): the dictionary is
 * the one reading them in turn gives. */
typedef struct gloss_job {
	bt_aligner *a;
	const char *const *paths;
	bt_dict *own[AL_POOL_EACH_MAX];
} gloss_job;

static int load_glossary(void *arg, int i)
{
	gloss_job *job = arg;
	return bt_dict_load_file(i ? job->own[i] : job->a->dict, job->paths[i], reversed_by_name(job->a, job->paths[i]));
}

static int load_glossaries(bt_aligner *a, const bt_aligner_opts *opts)
{
	int rc = 0;
	size_t group = (size_t)bt_al_pool_parts(a->pool);
	if (group > AL_POOL_EACH_MAX)
		group = AL_POOL_EACH_MAX;
	if (!opts->no_default_glossary) {
		rc = bt_dict_load_default(a->dict, a->lang[0], a->lang[1]);
		if (rc && rc != BT_ENOTFOUND)
			return rc;
	}
	rc = 0;
	for (size_t i = 0; i < opts->n_glossaries && !rc; i += group) {
		gloss_job job = {a, opts->glossaries + i, {NULL}};
		int k = (int)(opts->n_glossaries - i < group ? opts->n_glossaries - i : group);
		for (int x = 1; x < k && !rc; x++)
			rc = bt_dict_new(&job.own[x]);
		if (!rc)
			rc = bt_al_pool_each(k > 1 ? a->pool : NULL, k, load_glossary, &job);
		for (int x = 1; x < k; x++) {
			if (!rc && job.own[x])
				rc = bt_dict_merge(a->dict, job.own[x]);
			bt_dict_free(job.own[x]);
		}
	}
	if (!rc)
		note_phrases(a);
	return rc;
}

int bt_aligner_open(bt_aligner **out, const char *src_lang, const char *tgt_lang, const bt_aligner_opts *opts)
{
	static const bt_aligner_opts defaults = BT_ALIGNER_OPTS_INIT;
	bt_aligner *a;
	int rc;
	*out = NULL;
	if (!opts)
		opts = &defaults;
	if (opts->version < 1 || opts->version > BT_ALIGNER_OPTS_VERSION)
		return bt_fail(BT_EUSAGE, NULL, -1, -1, "aligner options version %u unknown (start from BT_ALIGNER_OPTS_INIT)",
			       opts->version);
	if ((rc = check_lang(src_lang)) != 0 || (rc = check_lang(tgt_lang)) != 0)
		return rc;
	if (!(a = bt_calloc(1, sizeof *a)))
		return bt_fail_nomem();
	snprintf(a->lang[0], sizeof a->lang[0], "%s", src_lang);
	snprintf(a->lang[1], sizeof a->lang[1], "%s", tgt_lang);
	lower_ascii(a->lang[0]);
	lower_ascii(a->lang[1]);
	bt_al_params_default(&a->prm);
	if ((rc = apply_opts(a, opts)) != 0 || (rc = bt_dict_new(&a->dict)) != 0 ||
	    (rc = bt_al_folder_open(&a->folder)) != 0 || (rc = bt_namer_open(&a->namer)) != 0 ||
	    (rc = bt_al_stemmer_open(&a->stem[0], a->lang[0])) != 0 || (rc = bt_al_stemmer_open(&a->stem[1], a->lang[1])) != 0 ||
	    (rc = load_glossaries(a, opts)) != 0) {
		bt_aligner_free(a);
		return rc;
	}
	*out = a;
	return 0;
}

void bt_al_trace(const bt_aligner *a, const char *fmt, ...)
{
	char line[256];
	va_list ap;
	if (!a->trace)
		return;
	va_start(ap, fmt);
	vsnprintf(line, sizeof line, fmt, ap);
	va_end(ap);
	a->trace(a->trace_ud, line);
}

int bt_aligner_threads(const bt_aligner *a)
{
	return bt_al_pool_parts(a->pool);
}

void bt_aligner_free(bt_aligner *a)
{
	if (!a)
		return;
	bt_dict_free(a->dict);
	bt_dict_free(a->phrase_first);
	bt_al_stemmer_free(a->stem[0]);
	bt_al_stemmer_free(a->stem[1]);
	bt_al_folder_free(a->folder);
	bt_namer_free(a->namer);
	drop_stem_index(a);
	bt_free(a->tr_cache);
	bt_buf_dispose(&a->tr_arena);
	bt_al_pool_free(a->pool);
	bt_free(a);
}

int bt_aligner_add_pair(bt_aligner *a, const char *src, size_t src_len, const char *tgt, size_t tgt_len)
{
	size_t had = bt_dict_n_pairs(a->dict);
	int rc = bt_dict_add(a->dict, src, src_len, tgt, tgt_len);
	if (rc)
		return rc;
	/* a pair the aligner has already (the corpus's glossary, given again
	 * at every align) changes nothing: the indexes stay */
	if (bt_dict_n_pairs(a->dict) == had)
		return 0;
	/* the stem index is rebuilt on the next alignment; cached
	 * translations of an entry that grew are recomputed */
	drop_stem_index(a);
	bt_free(a->tr_cache);
	a->tr_cache = NULL;
	a->tr_cache_n = 0;
	bt_buf_clear(&a->tr_arena);
	if (memchr(src, ' ', src_len)) {
		a->has_phrases = 1;
		bt_dict_free(a->phrase_first);
		a->phrase_first = NULL;
	}
	return 0;
}

static int same_lang(const char *x, const char *y)
{
	for (; *x && *y; x++, y++)
		if ((*x | 32) != (*y | 32))
			return 0;
	return *x == *y;
}

int bt_aligner_use_lexicon(bt_aligner *a, const bt_lexicon *lx)
{
	if (lx && (!same_lang(lx->lang[0], a->lang[0]) || !same_lang(lx->lang[1], a->lang[1])))
		return bt_fail(BT_EUSAGE, NULL, -1, -1, "the lexicon is for %s-%s but the aligner for %s-%s", lx->lang[0],
			       lx->lang[1], a->lang[0], a->lang[1]);
	a->lex = lx;
	return 0;
}

const bt_lexicon *bt_aligner_lexicon(const bt_aligner *a)
{
	return a->lex;
}

const char *bt_aligner_lang(const bt_aligner *a, int side)
{
	return a->lang[side == BT_SIDE_TGT];
}

size_t bt_aligner_glossary_size(const bt_aligner *a)
{
	return bt_dict_n_pairs(a->dict);
}

/* ---- search with a widening band ---- */

/* The extent of a path in each row: from[i] and to[i] are the first and
 * last target positions it visits in row i (rows inside a 2-x or 3-x link
 * get the interpolated position). */
static void path_range(double *from, double *to, const bt_links *l, size_t n, size_t m)
{
	size_t i = 0, j = 0;
	from[0] = to[0] = 0;
	for (size_t x = 0; x < l->n; x++) {
		size_t a = l->v[x].src_n, b = l->v[x].tgt_n;
		if (a == 0) {
			to[i] = (double)(j + b);
		} else {
			for (size_t k = 1; k <= a; k++)
				from[i + k] = to[i + k] = (double)j + (double)b * (double)k / (double)a;
		}
		i += a;
		j += b;
	}
	for (; i <= n; i++) {
		if (i > 0 || to[0] < (double)m)
			from[i] = from[i] < (double)m ? from[i] : (double)m;
		to[i] = (double)m;
	}
}

/* Rows near the places where the path touched the band's edge get extra
 * width: w the first time, doubled each time they touch again (each row
 * grows once per round, up to the larger side). */
static void widen_near_touches(double *extra, const al_path *path, size_t n, size_t m, size_t w, int round)
{
	double cap = (double)(n > m ? n : m);
	for (size_t k = 0; k < path->ntouch; k++) {
		size_t r = path->touch[k], reach = 4 * w + 8, lo = r > reach ? r - reach : 0;
		for (size_t i = lo; i <= n && i <= r + reach; i++) {
			double x = extra[i] ? extra[i] * 2 : (double)w;
			if (x > cap)
				x = cap;
			if (extra[i] < x && extra[i] < (double)w * (double)(1u << (round + 1)))
				extra[i] = x;
		}
	}
}

/* Runs the dynamic program in a band around [from, to]. Where the best
 * path touches the band's edge, the band may be too narrow: it is drawn
 * again around that path, and the rows near the touches get extra width,
 * doubled each time they touch again. The rest of the band stays narrow,
 * so a few hard places do not make the whole search wide. */
static int search(al_path *path, bt_aligner *a, const al_doc *d, double *from, double *to, int band, int final,
		  const al_params *p)
{
	al_band b = {0, 0, NULL, NULL, NULL, 0};
	size_t n = d->side[0].n, m = d->side[1].n, w = (size_t)(band > 1 ? band : 1);
	double *extra = bt_calloc(n + 1, sizeof *extra);
	int rc = 0;
	if (!extra)
		return bt_fail_nomem();
	for (int round = 0;; round++) {
		if ((rc = bt_al_band_from_range(&b, n, m, from, to, extra, w)) != 0 ||
		    (rc = bt_al_dp_run(path, d, p, &b, final && round < a->prm.max_widen ? AL_POST_SETTLED : final,
					 a->pool)) != 0)
			break;
		a->last_cells += b.row[n + 1];
		bt_al_trace(a, "align: %zu x %zu, band %zu, %zu cells, touched %zu, path score %.4f", n, m, w, b.row[n + 1],
			 path->ntouch, path->score);
		if (!path->touched || round >= a->prm.max_widen)
			break;
		path_range(from, to, &path->links, n, m);
		widen_near_touches(extra, path, n, m, w, round);
	}
	bt_al_band_dispose(&b);
	bt_free(extra);
	return rc;
}

/* Phase times in the trace (tuning). */
static double phase_clock(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void phase(const bt_aligner *a, const char *what, double *t)
{
	double now;
	if (!a->trace)
		return;
	now = phase_clock();
	bt_al_trace(a, "align: %-12s %.3f s", what, now - *t);
	*t = now;
}

/* The first pass: features, probabilities, anchors and the search in the
 * band they give. */
static int first_pass(bt_aligner *a, al_doc *d, al_path *path, double *from, double *to, double *t)
{
	double p1r[2][AL_NCLASS];
	al_params p1;
	int rc;
	memcpy(p1r, a->prm.p1, sizeof p1r);
	if ((rc = bt_al_doc_features(d, a)) != 0)
		return rc;
	phase(a, "features", t);
	if ((rc = bt_al_doc_probabilities(d, &a->prm, p1r)) != 0)
		return rc;
	bt_al_random_spread(d);
	phase(a, "probabilities", t);
	if ((rc = bt_al_anchor_band(from, to, d, a->prm.band_slack, a->prm.band_box)) != 0)
		return rc;
	bt_al_doc_drop_postings(d);
	phase(a, "anchors", t);
	p1 = a->prm;
	if (a->prm.passes >= 2) {
		p1.beads = a->prm.beads1;
		p1.w_spill = a->prm.w_spill1;
	}
	if ((rc = search(path, a, d, from, to, a->prm.band, a->prm.passes < 2, &p1)) != 0)
		return rc;
	phase(a, "pass 1", t);
	return 0;
}

/* A further pass learns from the one before (the lexicon, the length
 * ratio and variance, the match rates) and searches a narrow band around
 * its path. */
static int next_pass(bt_aligner *a, al_doc *d, al_path *path, const bt_sentences *src, const bt_sentences *tgt,
		     double *from, double *to, int final, double *t)
{
	double p1[2][AL_NCLASS];
	int rc;
	for (int s = 0; s < 2; s++)
		for (size_t k = 0; k < d->side[s].ntypes; k++)
			d->side[s].types[k].p1_hits = d->side[s].types[k].p1_seen = 0;
	if (a->lex && a->prm.lex_no_doc)
		d->nlearned = 0; /* the corpus's lexicon speaks for this document too */
	else if ((rc = a->prm.doc_lexicon ? bt_al_learn_doc_lexicon(d, a, path, src, tgt) : bt_al_learn_dice(d, path, &a->prm)) != 0)
		return rc;
	phase(a, "learning", t);
	if ((rc = bt_al_doc_features(d, a)) != 0)
		return rc;
	bt_al_estimate_length(d, path, &a->prm);
	bt_al_estimate_weak(d, path, &a->prm);
	bt_al_trace(a, "learned: length ratio %.3f, variance %.2f; a sentence ending in ':' or ';' inside a link %.2f / %.2f",
		    d->c, d->len_var, d->weak_gain[0], d->weak_gain[1]);
	memcpy(p1, a->prm.p1, sizeof p1);
	if ((rc = bt_al_estimate_p1(d, path, &a->prm, p1)) != 0 || (rc = bt_al_doc_probabilities(d, &a->prm, p1)) != 0)
		return rc;
	bt_al_doc_drop_postings(d);
	bt_al_random_spread(d);
	phase(a, "features 2", t);
	path_range(from, to, &path->links, d->side[0].n, d->side[1].n);
	if ((rc = search(path, a, d, from, to, a->prm.band2, final, &a->prm)) != 0)
		return rc;
	phase(a, "pass 2", t);
	return 0;
}

int bt_al_align_doc(bt_aligner *a, al_doc *d, al_path *path, const bt_sentences *src, const bt_sentences *tgt)
{
	double *from = NULL, *to = NULL, t = phase_clock();
	size_t n = src->n;
	int rc;

	memset(d, 0, sizeof *d);
	a->last_passes_done = 0;
	a->last_cells = 0;
	if (!(from = bt_malloc((n + 1) * sizeof *from)) || !(to = bt_malloc((n + 1) * sizeof *to))) {
		bt_free(from);
		return bt_fail_nomem();
	}
	if ((rc = bt_al_doc_build(d, a, src, tgt)) != 0)
		goto done;
	phase(a, "tokens", &t);
	if ((rc = first_pass(a, d, path, from, to, &t)) != 0)
		goto done;
	a->last_passes_done = 1;
	for (int pass = 2; pass <= a->prm.passes; pass++) {
		if ((rc = next_pass(a, d, path, src, tgt, from, to, pass == a->prm.passes, &t)) != 0)
			goto done;
		a->last_passes_done = pass;
	}
done:
	bt_free(from);
	bt_free(to);
	return rc;
}

int bt_align(bt_links *out, bt_aligner *a, const bt_sentences *src, const bt_sentences *tgt)
{
	al_doc d;
	al_path path = {BT_LINKS_INIT, NULL, 0, 0, 0, NULL, 0, 0};
	size_t n = src->n, m = tgt->n;
	int rc = 0;

	out->n = 0;
	if (n == 0 || m == 0) {
		for (size_t i = 0; i < n; i++)
			if ((rc = bt_links_push(out, &(bt_link){i, 1, 0, 0, 1.0, 0})) != 0)
				return rc;
		for (size_t j = 0; j < m; j++)
			if ((rc = bt_links_push(out, &(bt_link){0, 0, j, 1, 1.0, 0})) != 0)
				return rc;
		return 0;
	}
	if ((rc = bt_al_align_doc(a, &d, &path, src, tgt)) == 0 && a->moves) {
		/* with a dictionary, a moved block shares rare keys with its
		 * translation; blocks alike only in size then add more wrong
		 * moves than right ones (align/README.md) */
		al_params mp = a->prm;
		al_move_stats ms = {{0, 0}, 0, 0};
		if (bt_dict_n_pairs(a->dict) > 0)
			mp.move_blind = 0;
		if ((rc = bt_al_moves(&path.links, &d, &mp, &ms)) == 0) {
			bt_al_trace(a, "moves: %zu source and %zu target blocks alone, %zu pairs weighed, %zu linked",
				    ms.runs[0], ms.runs[1], ms.tried, ms.linked);
			rc = bt_al_order_links(&path.links, n, m);
		}
	}
	if (!rc && a->prm.calibrate)
		bt_al_calibrate(&path.links, &a->prm, bt_dict_n_pairs(a->dict) == 0 && !a->lex);
	if (!rc)
		for (size_t x = 0; x < path.links.n && !rc; x++)
			rc = bt_links_push(out, &path.links.v[x]);
	bt_al_path_dispose(&path);
	bt_al_doc_dispose(&d);
	return rc;
}
