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

void al_params_default(al_params *p)
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
	p->w_len = 1.0;
	p->w_lex = 0.3;
	p->w_miss = 1.0;
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
	p->band = 6;
	p->band2 = 4;
	p->band_slack = 0.25;
	p->band_box = 40;
	p->max_widen = 5;
	p->cognate_prefix = 5;
	p->cognate_min = 4;
	p->name_keys = 1;
	p->passes = 2;
	p->confident = 2.0;
	p->learn_min_count = 2;
	p->learn_min_dice = 0.3;
	p->conf_scale = 0.5;
	p->conf_temp = 3.0;
}

/* The parameters al_params_set() knows by name (besides the priors and
 * the p1 rates, named by bead and class). */
typedef struct param_name {
	const char *name;
	size_t off;
	char type; /* 'd' double, 'i' int, 'p' positive double */
} param_name;

#define PD(f) {#f, offsetof(al_params, f), 'd'}
#define PI(f) {#f, offsetof(al_params, f), 'i'}
static const param_name param_names[] = {
	PD(w_len),      PD(w_lex),          PD(w_miss),       PD(dilution),     PD(p1_type_smooth),
	PD(p1_smooth),  PD(len_var),        PD(kind_penalty), PD(para_penalty), PI(band),
	PD(band_box),   PD(band_slack),     PI(band2),        PI(max_widen),    PI(cognate_prefix),
	PI(cognate_min), PI(name_keys),     PI(passes),       PD(confident),    PI(learn_min_count),
	PD(learn_min_dice), PD(conf_scale), {"conf_temp", offsetof(al_params, conf_temp), 'p'},
};
#undef PD
#undef PI

/* The prior and p1 parameters: prior11 ... prior31, p1s_num, p1t_word,
 * p1_dict (both sides). Returns 1 when `name` was one of them. */
static int set_named_rate(al_params *p, const char *name, size_t nl, double v)
{
	static const char *const beads[AL_NBEAD] = {"11", "10", "01", "12", "21", "22", "13", "31"};
	static const char *const cls[AL_NCLASS] = {"num", "punct", "dict", "name", "word"};
	char want[32];
	for (int k = 0; k < AL_NBEAD; k++) {
		snprintf(want, sizeof want, "prior%s", beads[k]);
		if (nl == strlen(want) && memcmp(name, want, nl) == 0) {
			p->prior[k] = log(v);
			return 1;
		}
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

int al_params_set(al_params *p, const char *as)
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
	free(l->v);
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
	free(a->hstem_slots);
	free(a->hstem);
	free(a->hstem_entries);
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
		if ((rc = al_params_set(&a->prm, opts->params[i])) != 0)
			return rc;
	a->trace = opts->trace;
	a->trace_ud = opts->trace_ud;
	return 0;
}

static int load_glossaries(bt_aligner *a, const bt_aligner_opts *opts)
{
	int rc;
	if (!opts->no_default_glossary) {
		rc = bt_dict_load_default(a->dict, a->lang[0], a->lang[1]);
		if (rc && rc != BT_ENOTFOUND)
			return rc;
	}
	for (size_t i = 0; i < opts->n_glossaries; i++)
		if ((rc = bt_dict_load_file(a->dict, opts->glossaries[i], reversed_by_name(a, opts->glossaries[i]))) != 0)
			return rc;
	note_phrases(a);
	return 0;
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
	if (!(a = calloc(1, sizeof *a)))
		return bt_fail_nomem();
	snprintf(a->lang[0], sizeof a->lang[0], "%s", src_lang);
	snprintf(a->lang[1], sizeof a->lang[1], "%s", tgt_lang);
	lower_ascii(a->lang[0]);
	lower_ascii(a->lang[1]);
	al_params_default(&a->prm);
	if ((rc = apply_opts(a, opts)) != 0 || (rc = bt_dict_new(&a->dict)) != 0 ||
	    (rc = al_folder_open(&a->folder)) != 0 || (rc = bt_namer_open(&a->namer)) != 0 ||
	    (rc = al_stemmer_open(&a->stem[0], a->lang[0])) != 0 || (rc = al_stemmer_open(&a->stem[1], a->lang[1])) != 0 ||
	    (rc = load_glossaries(a, opts)) != 0) {
		bt_aligner_free(a);
		return rc;
	}
	*out = a;
	return 0;
}

void al_trace(const bt_aligner *a, const char *fmt, ...)
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

void bt_aligner_free(bt_aligner *a)
{
	if (!a)
		return;
	bt_dict_free(a->dict);
	bt_dict_free(a->phrase_first);
	al_stemmer_free(a->stem[0]);
	al_stemmer_free(a->stem[1]);
	al_folder_free(a->folder);
	bt_namer_free(a->namer);
	drop_stem_index(a);
	free(a->tr_cache);
	bt_buf_dispose(&a->tr_arena);
	free(a);
}

int bt_aligner_add_pair(bt_aligner *a, const char *src, size_t src_len, const char *tgt, size_t tgt_len)
{
	int rc = bt_dict_add(a->dict, src, src_len, tgt, tgt_len);
	if (rc)
		return rc;
	/* the stem index is rebuilt on the next alignment; cached
	 * translations of an entry that grew are recomputed */
	drop_stem_index(a);
	free(a->tr_cache);
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

size_t bt_aligner_glossary_size(const bt_aligner *a)
{
	return bt_dict_n_pairs(a->dict);
}

/* ---- estimation between the passes ---- */

/* Variance of the length deviation between unrelated sentences. */
static void random_spread(al_doc *d)
{
	size_t n = d->side[0].n, m = d->side[1].n, N = 1000;
	double sum = 0;
	uint64_t x = 88172645463325252ULL;
	d->rand_var = 25;
	if (n < 2 || m < 2)
		return;
	for (size_t k = 0; k < N; k++) {
		size_t i, j;
		double ls, lt, mean, dev;
		x ^= x << 13, x ^= x >> 7, x ^= x << 17;
		i = (size_t)(x % n);
		x ^= x << 13, x ^= x >> 7, x ^= x << 17;
		j = (size_t)(x % m);
		ls = d->side[0].s[i].chars;
		lt = d->side[1].s[j].chars;
		mean = (ls + lt / d->c) / 2;
		dev = lt / d->c - ls;
		/* capped: a giant sentence would make every pair look fine */
		dev = dev * dev / (d->len_var * mean + 1);
		sum += dev < 400 ? dev : 400;
	}
	d->rand_var = sum / (double)N;
}

static int is_confident(const al_path *p, size_t x, const al_params *prm)
{
	const bt_link *l = &p->links.v[x];
	return l->src_n == 1 && l->tgt_n == 1 && p->ev[x] >= prm->confident;
}

/* Length ratio and variance from the confident 1-1 links. */
static void estimate_length(al_doc *d, const al_path *p, const al_params *prm)
{
	double ss = 0, st = 0, v = 0;
	size_t n = 0;
	for (size_t x = 0; x < p->links.n; x++)
		if (is_confident(p, x, prm)) {
			ss += d->side[0].s[p->links.v[x].src_first].chars;
			st += d->side[1].s[p->links.v[x].tgt_first].chars;
			n++;
		}
	if (n < 10 || ss <= 0 || st <= 0)
		return;
	d->c = st / ss;
	for (size_t x = 0; x < p->links.n; x++)
		if (is_confident(p, x, prm)) {
			double ls = d->side[0].s[p->links.v[x].src_first].chars;
			double lt = d->side[1].s[p->links.v[x].tgt_first].chars;
			double mean = (ls + lt / d->c) / 2, dev = lt / d->c - ls;
			v += dev * dev / (mean + 1);
		}
	v /= (double)n;
	/* shrink towards the prior with few links */
	d->len_var = (v * (double)n + prm->len_var * 20) / ((double)n + 20);
	if (d->len_var < 1)
		d->len_var = 1;
}

/* Per side and class, how often a token is matched in a confident link. */
static int estimate_p1(al_doc *d, const al_path *p, const al_params *prm, double p1[2][AL_NCLASS])
{
	double hit[2][AL_NCLASS] = {{0}}, all[2][AL_NCLASS] = {{0}};
	uint32_t *stamp = calloc(d->keys.n ? d->keys.n : 1, sizeof *stamp), mark = 0;
	if (!stamp)
		return bt_fail_nomem();
	for (size_t x = 0; x < p->links.n; x++) {
		size_t ij[2];
		if (!is_confident(p, x, prm))
			continue;
		ij[0] = p->links.v[x].src_first;
		ij[1] = p->links.v[x].tgt_first;
		for (int s = 0; s < 2; s++) {
			al_side *X = &d->side[s];
			const al_side *Y = &d->side[1 - s];
			const al_sent *se = &X->s[ij[s]], *ot = &Y->s[ij[1 - s]];
			mark++;
			for (uint32_t k = 0; k < ot->nkey; k++)
				stamp[Y->skeys[ot->key_off + k]] = mark;
			for (uint32_t k = 0; k < se->ntok; k++) {
				al_type *ty = &X->types[X->toks[se->tok_off + k]];
				int h = 0;
				for (uint32_t q = 0; q < ty->nkey && !h; q++)
					h = stamp[X->keys[ty->key_off + q]] == mark;
				hit[s][ty->cls] += h;
				all[s][ty->cls] += 1;
				ty->p1_hits += (float)h;
				ty->p1_seen += 1;
			}
		}
	}
	free(stamp);
	for (int s = 0; s < 2; s++)
		for (int c = 0; c < AL_NCLASS; c++) {
			p1[s][c] = (hit[s][c] + prm->p1_smooth * prm->p1[s][c]) / (all[s][c] + prm->p1_smooth);
			if (p1[s][c] < 0.02)
				p1[s][c] = 0.02;
			if (p1[s][c] > 0.98)
				p1[s][c] = 0.98;
		}
	return 0;
}

typedef struct cand {
	uint32_t s, t;
	double dice;
} cand;

static int by_src_dice(const void *a, const void *b)
{
	const cand *x = a, *y = b;
	if (x->s != y->s)
		return x->s < y->s ? -1 : 1;
	return x->dice > y->dice ? -1 : x->dice < y->dice;
}

/* Co-occurrence counts of (source type, target type), open addressing. */
typedef struct pairtab {
	uint64_t *slots; /* (s << 32 | t) + 1, 0 empty */
	uint32_t *counts;
	size_t nslots, n;
} pairtab;

static size_t pair_hash(uint64_t key, size_t nslots)
{
	return (size_t)(key * 0x9E3779B97F4A7C15ULL >> 20) & (nslots - 1);
}

static int pairtab_grow(pairtab *pt)
{
	size_t nn = pt->nslots ? pt->nslots * 2 : 1u << 16;
	uint64_t *ns = calloc(nn, sizeof *ns);
	uint32_t *nc = calloc(nn, sizeof *nc);
	if (!ns || !nc) {
		free(ns);
		free(nc);
		return bt_fail_nomem();
	}
	for (size_t q = 0; q < pt->nslots; q++)
		if (pt->slots[q]) {
			size_t h = pair_hash(pt->slots[q], nn);
			while (ns[h])
				h = (h + 1) & (nn - 1);
			ns[h] = pt->slots[q];
			nc[h] = pt->counts[q];
		}
	free(pt->slots);
	free(pt->counts);
	pt->slots = ns;
	pt->counts = nc;
	pt->nslots = nn;
	return 0;
}

static int pairtab_add(pairtab *pt, uint32_t s, uint32_t t)
{
	uint64_t key = ((uint64_t)s << 32 | t) + 1;
	size_t h;
	int rc;
	if (pt->n + 1 > pt->nslots / 2 && (rc = pairtab_grow(pt)) != 0)
		return rc;
	h = pair_hash(key, pt->nslots);
	while (pt->slots[h] && pt->slots[h] != key)
		h = (h + 1) & (pt->nslots - 1);
	if (!pt->slots[h]) {
		pt->slots[h] = key;
		pt->n++;
	}
	pt->counts[h]++;
	return 0;
}

static void pairtab_dispose(pairtab *pt)
{
	free(pt->slots);
	free(pt->counts);
	memset(pt, 0, sizeof *pt);
}

/* Counts for the lexicon: fs[s] and ft[t] the links holding each word
 * type, the table the links holding both. */
typedef struct cooc {
	pairtab pt;
	uint32_t *fs, *ft, *seen_s, *seen_t;
	uint64_t *seen_t2;
} cooc;

static void cooc_dispose(cooc *c)
{
	pairtab_dispose(&c->pt);
	free(c->fs);
	free(c->ft);
	free(c->seen_s);
	free(c->seen_t);
	free(c->seen_t2);
}

/* Counts one confident link (its `mark` is distinct from every other's). */
static int count_link(cooc *c, const al_doc *d, const bt_link *l, uint32_t mark)
{
	const al_side *S = &d->side[0], *T = &d->side[1];
	const al_sent *a = &S->s[l->src_first], *b = &T->s[l->tgt_first];
	int rc;
	for (uint32_t j = 0; j < b->all_n; j++) {
		uint32_t tt = T->all[b->all_off + j];
		if (c->seen_t[tt] != mark) {
			c->seen_t[tt] = mark;
			c->ft[tt]++;
		}
	}
	for (uint32_t i = 0; i < a->all_n; i++) {
		uint32_t ts = S->all[a->all_off + i];
		if (S->types[ts].kind != AL_T_WORD || S->types[ts].count < 2 || c->seen_s[ts] == mark)
			continue;
		c->seen_s[ts] = mark;
		c->fs[ts]++;
		for (uint32_t j = 0; j < b->all_n && j < 64; j++) {
			uint32_t tt = T->all[b->all_off + j];
			uint64_t stamp = (uint64_t)mark * 1000003u + i; /* each target type once per link */
			if (T->types[tt].kind != AL_T_WORD || T->types[tt].count < 2 || c->seen_t2[tt] == stamp)
				continue;
			c->seen_t2[tt] = stamp;
			if ((rc = pairtab_add(&c->pt, ts, tt)) != 0)
				return rc;
		}
	}
	return 0;
}

/* The pairs that pass the thresholds, sorted by source type and Dice. */
static int dice_candidates(cand **out, size_t *nout, const cooc *c, const al_params *prm)
{
	cand *cv = NULL;
	size_t nc = 0;
	for (size_t q = 0; q < c->pt.nslots; q++) {
		uint32_t ts, tt, cnt;
		double dice;
		if (!c->pt.slots[q])
			continue;
		ts = (uint32_t)((c->pt.slots[q] - 1) >> 32);
		tt = (uint32_t)(c->pt.slots[q] - 1);
		cnt = c->pt.counts[q];
		dice = 2.0 * (double)cnt / (double)(c->fs[ts] + c->ft[tt]);
		if ((int)cnt < prm->learn_min_count || dice < prm->learn_min_dice)
			continue;
		if (nc % 1024 == 0) {
			cand *ncv = realloc(cv, (nc + 1024) * sizeof *ncv);
			if (!ncv) {
				free(cv);
				return bt_fail_nomem();
			}
			cv = ncv;
		}
		cv[nc++] = (cand){ts, tt, dice};
	}
	if (nc)
		qsort(cv, nc, sizeof *cv, by_src_dice);
	*out = cv;
	*nout = nc;
	return 0;
}

static int push_learned(al_doc *d, uint32_t s, uint32_t t)
{
	if (d->nlearned == d->learned_cap) {
		size_t ncap = d->learned_cap ? d->learned_cap * 2 : 256;
		uint32_t *nl = realloc(d->learned, ncap * 2 * sizeof *nl);
		if (!nl)
			return bt_fail_nomem();
		d->learned = nl;
		d->learned_cap = ncap;
	}
	d->learned[2 * d->nlearned] = s;
	d->learned[2 * d->nlearned + 1] = t;
	d->nlearned++;
	return 0;
}

/* A lexicon learned from the confident 1-1 links: word pairs that occur
 * together far more often than apart (Dice), at most two per source
 * word. At most 2000 links are read, evenly spread, so that the cost
 * stays linear. */
static int learn_lexicon(al_doc *d, const al_path *p, const al_params *prm)
{
	size_t nconf = 0, step, used = 0, nc = 0;
	const al_side *S = &d->side[0], *T = &d->side[1];
	cooc c;
	cand *cv = NULL;
	int rc = 0;

	memset(&c, 0, sizeof c);
	d->nlearned = 0;
	for (size_t x = 0; x < p->links.n; x++)
		nconf += is_confident(p, x, prm);
	if (nconf < 10)
		return 0;
	step = nconf > 2000 ? nconf / 2000 : 1;
	c.fs = calloc(S->ntypes + 1, sizeof *c.fs);
	c.ft = calloc(T->ntypes + 1, sizeof *c.ft);
	c.seen_s = calloc(S->ntypes + 1, sizeof *c.seen_s);
	c.seen_t = calloc(T->ntypes + 1, sizeof *c.seen_t);
	c.seen_t2 = calloc(T->ntypes + 1, sizeof *c.seen_t2);
	if (!c.fs || !c.ft || !c.seen_s || !c.seen_t || !c.seen_t2 || (rc = pairtab_grow(&c.pt)) != 0) {
		rc = rc ? rc : bt_fail_nomem();
		goto done;
	}
	for (size_t x = 0, k = 0; x < p->links.n; x++) {
		if (!is_confident(p, x, prm) || k++ % step)
			continue;
		if ((rc = count_link(&c, d, &p->links.v[x], (uint32_t)++used)) != 0)
			goto done;
	}
	if ((rc = dice_candidates(&cv, &nc, &c, prm)) != 0)
		goto done;
	for (size_t x = 0, run = 0; x < nc && !rc; x++) {
		run = (x > 0 && cv[x].s == cv[x - 1].s) ? run + 1 : 0;
		if (run < 2)
			rc = push_learned(d, cv[x].s, cv[x].t);
	}
done:
	cooc_dispose(&c);
	free(cv);
	return rc;
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
static int search(al_path *path, bt_aligner *a, const al_doc *d, double *from, double *to, int band, int final)
{
	al_band b = {0, 0, NULL, NULL, NULL, 0};
	size_t n = d->side[0].n, m = d->side[1].n, w = (size_t)(band > 1 ? band : 1);
	double *extra = calloc(n + 1, sizeof *extra);
	int rc = 0;
	if (!extra)
		return bt_fail_nomem();
	for (int round = 0;; round++) {
		if ((rc = al_band_from_range(&b, n, m, from, to, extra, w)) != 0 ||
		    (rc = al_dp_run(path, d, &a->prm, &b, final)) != 0)
			break;
		a->last_cells += b.row[n + 1];
		al_trace(a, "align: %zu x %zu, band %zu, %zu cells, touched %zu, path score %.4f", n, m, w, b.row[n + 1],
			 path->ntouch, path->score);
		if (!path->touched || round >= a->prm.max_widen)
			break;
		path_range(from, to, &path->links, n, m);
		widen_near_touches(extra, path, n, m, w, round);
	}
	al_band_dispose(&b);
	free(extra);
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
	al_trace(a, "align: %-12s %.3f s", what, now - *t);
	*t = now;
}

/* The first pass: features, probabilities, anchors and the search in the
 * band they give. */
static int first_pass(bt_aligner *a, al_doc *d, al_path *path, double *from, double *to, double *t)
{
	double p1[2][AL_NCLASS];
	int rc;
	memcpy(p1, a->prm.p1, sizeof p1);
	if ((rc = al_doc_features(d, a)) != 0)
		return rc;
	phase(a, "features", t);
	if ((rc = al_doc_probabilities(d, &a->prm, p1)) != 0)
		return rc;
	random_spread(d);
	phase(a, "probabilities", t);
	if ((rc = al_anchor_band(from, to, d, a->prm.band_slack, a->prm.band_box)) != 0)
		return rc;
	al_doc_drop_postings(d);
	phase(a, "anchors", t);
	if ((rc = search(path, a, d, from, to, a->prm.band, a->prm.passes < 2)) != 0)
		return rc;
	phase(a, "pass 1", t);
	return 0;
}

/* A further pass learns from the one before (the lexicon, the length
 * ratio and variance, the match rates) and searches a narrow band around
 * its path. */
static int next_pass(bt_aligner *a, al_doc *d, al_path *path, double *from, double *to, int final, double *t)
{
	double p1[2][AL_NCLASS];
	int rc;
	for (int s = 0; s < 2; s++)
		for (size_t k = 0; k < d->side[s].ntypes; k++)
			d->side[s].types[k].p1_hits = d->side[s].types[k].p1_seen = 0;
	if ((rc = learn_lexicon(d, path, &a->prm)) != 0)
		return rc;
	phase(a, "learning", t);
	if ((rc = al_doc_features(d, a)) != 0)
		return rc;
	estimate_length(d, path, &a->prm);
	memcpy(p1, a->prm.p1, sizeof p1);
	if ((rc = estimate_p1(d, path, &a->prm, p1)) != 0 || (rc = al_doc_probabilities(d, &a->prm, p1)) != 0)
		return rc;
	al_doc_drop_postings(d);
	random_spread(d);
	phase(a, "features 2", t);
	path_range(from, to, &path->links, d->side[0].n, d->side[1].n);
	if ((rc = search(path, a, d, from, to, a->prm.band2, final)) != 0)
		return rc;
	phase(a, "pass 2", t);
	return 0;
}

int al_align_doc(bt_aligner *a, al_doc *d, al_path *path, const bt_sentences *src, const bt_sentences *tgt)
{
	double *from = NULL, *to = NULL, t = phase_clock();
	size_t n = src->n;
	int rc;

	memset(d, 0, sizeof *d);
	a->last_passes_done = 0;
	a->last_cells = 0;
	if (!(from = malloc((n + 1) * sizeof *from)) || !(to = malloc((n + 1) * sizeof *to))) {
		free(from);
		return bt_fail_nomem();
	}
	if ((rc = al_doc_build(d, a, src, tgt)) != 0)
		goto done;
	phase(a, "tokens", &t);
	if ((rc = first_pass(a, d, path, from, to, &t)) != 0)
		goto done;
	a->last_passes_done = 1;
	for (int pass = 2; pass <= a->prm.passes; pass++) {
		if ((rc = next_pass(a, d, path, from, to, pass == a->prm.passes, &t)) != 0)
			goto done;
		a->last_passes_done = pass;
	}
done:
	free(from);
	free(to);
	return rc;
}

int bt_align(bt_aligner *a, bt_links *out, const bt_sentences *src, const bt_sentences *tgt)
{
	al_doc d;
	al_path path = {BT_LINKS_INIT, NULL, 0, 0, 0, NULL, 0, 0};
	size_t n = src->n, m = tgt->n;
	int rc = 0;

	out->n = 0;
	if (n == 0 || m == 0) {
		for (size_t i = 0; i < n; i++)
			if ((rc = bt_links_push(out, &(bt_link){i, 1, 0, 0, 1.0})) != 0)
				return rc;
		for (size_t j = 0; j < m; j++)
			if ((rc = bt_links_push(out, &(bt_link){0, 0, j, 1, 1.0})) != 0)
				return rc;
		return 0;
	}
	if ((rc = al_align_doc(a, &d, &path, src, tgt)) == 0)
		for (size_t x = 0; x < path.links.n && !rc; x++)
			rc = bt_links_push(out, &path.links.v[x]);
	al_path_dispose(&path);
	al_doc_dispose(&d);
	return rc;
}
