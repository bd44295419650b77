/* align.c: the aligner object and the two passes. */
#include "align.h"
#include "error.h"

#include <math.h>
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

int al_params_set(al_params *p, const char *as)
{
	static const char *const beads[AL_NBEAD] = {"11", "10", "01", "12", "21", "22", "13", "31"};
	static const char *const cls[AL_NCLASS] = {"num", "punct", "dict", "name", "word"};
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
#define IS(name) (nl == strlen(name) && memcmp(as, name, nl) == 0)
	for (int k = 0; k < AL_NBEAD; k++) {
		char name[16];
		snprintf(name, sizeof name, "prior%s", beads[k]);
		if (IS(name)) {
			p->prior[k] = log(v);
			return 0;
		}
	}
	for (int s = 0; s < 2; s++)
		for (int c = 0; c < AL_NCLASS; c++) {
			char name[32];
			snprintf(name, sizeof name, "p1%s_%s", s ? "t" : "s", cls[c]);
			if (IS(name)) {
				p->p1[s][c] = v;
				return 0;
			}
			snprintf(name, sizeof name, "p1_%s", cls[c]);
			if (IS(name)) {
				p->p1[0][c] = p->p1[1][c] = v;
				return 0;
			}
		}
	if (IS("w_len"))
		p->w_len = v;
	else if (IS("w_lex"))
		p->w_lex = v;
	else if (IS("w_miss"))
		p->w_miss = v;
	else if (IS("dilution"))
		p->dilution = v;
	else if (IS("p1_type_smooth"))
		p->p1_type_smooth = v;
	else if (IS("p1_smooth"))
		p->p1_smooth = v;
	else if (IS("len_var"))
		p->len_var = v;
	else if (IS("kind_penalty"))
		p->kind_penalty = v;
	else if (IS("para_penalty"))
		p->para_penalty = v;
	else if (IS("band"))
		p->band = (int)v;
	else if (IS("band_box"))
		p->band_box = v;
	else if (IS("band_slack"))
		p->band_slack = v;
	else if (IS("band2"))
		p->band2 = (int)v;
	else if (IS("max_widen"))
		p->max_widen = (int)v;
	else if (IS("cognate_prefix"))
		p->cognate_prefix = (int)v;
	else if (IS("cognate_min"))
		p->cognate_min = (int)v;
	else if (IS("name_keys"))
		p->name_keys = (int)v;
	else if (IS("passes"))
		p->passes = (int)v;
	else if (IS("confident"))
		p->confident = v;
	else if (IS("learn_min_count"))
		p->learn_min_count = (int)v;
	else if (IS("learn_min_dice"))
		p->learn_min_dice = v;
	else if (IS("conf_scale"))
		p->conf_scale = v;
	else if (IS("conf_temp") && v > 0)
		p->conf_temp = v;
	else
		return bt_fail(BT_EUSAGE, NULL, -1, -1, "unknown aligner parameter '%.*s'", (int)nl, as);
#undef IS
	return 0;
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

int bt_aligner_open(bt_aligner **out, const char *src_lang, const char *tgt_lang, const bt_aligner_opts *opts)
{
	static const bt_aligner_opts defaults = BT_ALIGNER_OPTS_INIT;
	bt_aligner *a;
	int rc;
	*out = NULL;
	if (!opts)
		opts = &defaults;
	if ((rc = check_lang(src_lang)) != 0 || (rc = check_lang(tgt_lang)) != 0)
		return rc;
	if (!(a = calloc(1, sizeof *a)))
		return bt_fail_nomem();
	snprintf(a->lang[0], sizeof a->lang[0], "%s", src_lang);
	snprintf(a->lang[1], sizeof a->lang[1], "%s", tgt_lang);
	for (char *p = a->lang[0]; *p; p++)
		*p = (char)(*p >= 'A' && *p <= 'Z' ? *p + 32 : *p);
	for (char *p = a->lang[1]; *p; p++)
		*p = (char)(*p >= 'A' && *p <= 'Z' ? *p + 32 : *p);
	al_params_default(&a->prm);
	if (opts->passes == 1)
		a->prm.passes = 1;
	/* BITEXT_ALIGN_PARAMS="name=value,...": model parameters for tuning
	 * and experiments, as BITEXT_DATA is for rule files */
	{
		const char *env = getenv("BITEXT_ALIGN_PARAMS");
		while (env && *env) {
			char one[128];
			size_t len = strcspn(env, ",");
			snprintf(one, sizeof one, "%.*s", (int)(len < sizeof one ? len : sizeof one - 1), env);
			if (len && (rc = al_params_set(&a->prm, one)) != 0)
				goto fail;
			env += len + (env[len] == ',');
		}
	}
	if ((rc = bt_dict_new(&a->dict)) != 0 || (rc = al_folder_open(&a->folder)) != 0 ||
	    (rc = bt_namer_open(&a->namer)) != 0 ||
	    (rc = al_stemmer_open(&a->stem[0], a->lang[0])) != 0 || (rc = al_stemmer_open(&a->stem[1], a->lang[1])) != 0)
		goto fail;
	if (!opts->no_default_glossary) {
		rc = bt_dict_load_default(a->dict, a->lang[0], a->lang[1]);
		if (rc == BT_ENOTFOUND)
			rc = 0;
		if (rc)
			goto fail;
	}
	for (size_t i = 0; i < opts->n_glossaries; i++)
		if ((rc = bt_dict_load_file(a->dict, opts->glossaries[i], reversed_by_name(a, opts->glossaries[i]))) != 0)
			goto fail;
	note_phrases(a);
	*out = a;
	return 0;
fail:
	bt_aligner_free(a);
	return rc;
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

/* A lexicon learned from the confident 1-1 links: word pairs that occur
 * together far more often than apart (Dice), at most two per source
 * word. At most 2000 links are read, evenly spread, so that the cost
 * stays linear. */
static int learn_lexicon(al_doc *d, const al_path *p, const al_params *prm)
{
	size_t nconf = 0, step, used = 0, npairs = 0, nc = 0, nslots = 0;
	uint64_t *slots = NULL, *seen_t2 = NULL;
	uint32_t *fs = NULL, *ft = NULL, *seen_s = NULL, *seen_t = NULL, *counts = NULL;
	cand *cv = NULL;
	const al_side *S = &d->side[0], *T = &d->side[1];
	int rc = 0;

	d->nlearned = 0;
	for (size_t x = 0; x < p->links.n; x++)
		nconf += is_confident(p, x, prm);
	if (nconf < 10)
		return 0;
	step = nconf > 2000 ? nconf / 2000 : 1;
	fs = calloc(S->ntypes + 1, sizeof *fs);
	ft = calloc(T->ntypes + 1, sizeof *ft);
	seen_s = calloc(S->ntypes + 1, sizeof *seen_s);
	seen_t = calloc(T->ntypes + 1, sizeof *seen_t);
	seen_t2 = calloc(T->ntypes + 1, sizeof *seen_t2);
	if (!fs || !ft || !seen_s || !seen_t || !seen_t2) {
		rc = bt_fail_nomem();
		goto done;
	}
	/* co-occurrence counts in an open-addressing table of (s, t) */
	nslots = 1u << 16;
	if (!(slots = calloc(nslots, sizeof *slots)) || !(counts = calloc(nslots, sizeof *counts))) {
		rc = bt_fail_nomem();
		goto done;
	}
	for (size_t x = 0, c = 0; x < p->links.n; x++) {
		const al_sent *a, *b;
		uint32_t mark;
		if (!is_confident(p, x, prm) || c++ % step)
			continue;
		used++;
		mark = (uint32_t)used;
		a = &S->s[p->links.v[x].src_first];
		b = &T->s[p->links.v[x].tgt_first];
		for (uint32_t j = 0; j < b->all_n; j++) {
			uint32_t tt = T->all[b->all_off + j];
			if (seen_t[tt] != mark) {
				seen_t[tt] = mark;
				ft[tt]++;
			}
		}
		for (uint32_t i = 0; i < a->all_n; i++) {
			uint32_t ts = S->all[a->all_off + i];
			if (S->types[ts].kind != AL_T_WORD || S->types[ts].count < 2 || seen_s[ts] == mark)
				continue;
			seen_s[ts] = mark;
			fs[ts]++;
			for (uint32_t j = 0; j < b->all_n && j < 64; j++) {
				uint32_t tt = T->all[b->all_off + j];
				uint64_t key;
				size_t h;
				/* each target type once per link */
				if (T->types[tt].kind != AL_T_WORD || T->types[tt].count < 2 || seen_t2[tt] == (uint64_t)mark * 1000003u + i)
					continue;
				seen_t2[tt] = (uint64_t)mark * 1000003u + i;
				key = ((uint64_t)ts << 32 | tt) + 1;
				if (npairs + 1 > nslots / 2) {
					/* grow: rehash */
					size_t nn = nslots * 2;
					uint64_t *ns = calloc(nn, sizeof *ns);
					uint32_t *nc2 = calloc(nn, sizeof *nc2);
					if (!ns || !nc2) {
						free(ns);
						free(nc2);
						rc = bt_fail_nomem();
						goto done;
					}
					for (size_t q = 0; q < nslots; q++)
						if (slots[q]) {
							size_t hh = (size_t)(slots[q] * 0x9E3779B97F4A7C15ULL >> 20) & (nn - 1);
							while (ns[hh])
								hh = (hh + 1) & (nn - 1);
							ns[hh] = slots[q];
							nc2[hh] = counts[q];
						}
					free(slots);
					free(counts);
					slots = ns;
					counts = nc2;
					nslots = nn;
				}
				h = (size_t)(key * 0x9E3779B97F4A7C15ULL >> 20) & (nslots - 1);
				while (slots[h] && slots[h] != key)
					h = (h + 1) & (nslots - 1);
				if (!slots[h]) {
					slots[h] = key;
					npairs++;
				}
				counts[h]++;
			}
		}
	}
	for (size_t q = 0; q < nslots; q++) {
		uint32_t ts, tt, cnt;
		double dice;
		if (!slots[q])
			continue;
		ts = (uint32_t)((slots[q] - 1) >> 32);
		tt = (uint32_t)(slots[q] - 1);
		cnt = counts[q];
		dice = 2.0 * (double)cnt / (double)(fs[ts] + ft[tt]);
		if ((int)cnt >= prm->learn_min_count && dice >= prm->learn_min_dice) {
			if (nc % 1024 == 0) {
				cand *ncv = realloc(cv, (nc + 1024) * sizeof *ncv);
				if (!ncv) {
					rc = bt_fail_nomem();
					goto done;
				}
				cv = ncv;
			}
			cv[nc++] = (cand){ts, tt, dice};
		}
	}
	if (nc)
		qsort(cv, nc, sizeof *cv, by_src_dice);
	for (size_t x = 0, run = 0; x < nc; x++) {
		run = (x > 0 && cv[x].s == cv[x - 1].s) ? run + 1 : 0;
		if (run >= 2)
			continue;
		if (d->nlearned == d->learned_cap) {
			size_t ncap = d->learned_cap ? d->learned_cap * 2 : 256;
			uint32_t *nl = realloc(d->learned, ncap * 2 * sizeof *nl);
			if (!nl) {
				rc = bt_fail_nomem();
				goto done;
			}
			d->learned = nl;
			d->learned_cap = ncap;
		}
		d->learned[2 * d->nlearned] = cv[x].s;
		d->learned[2 * d->nlearned + 1] = cv[x].t;
		d->nlearned++;
	}
done:
	free(slots);
	free(counts);
	free(seen_t2);
	free(fs);
	free(ft);
	free(seen_s);
	free(seen_t);
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

/* Runs the dynamic program in a band around [from, to]. Where the best
 * path touches the band's edge, the band may be too narrow: it is drawn
 * again around that path, and the rows near the touches get extra width,
 * doubled each time they touch again. The rest of the band stays narrow,
 * so a few hard places do not make the whole search wide. */
static int search(al_path *path, const al_doc *d, const al_params *p, double *from, double *to, int band,
		  size_t *cells, int final)
{
	al_band b = {0, 0, NULL, NULL, NULL, 0};
	size_t n = d->side[0].n, m = d->side[1].n, w = (size_t)(band > 1 ? band : 1);
	double *extra = calloc(n + 1, sizeof *extra);
	int rc = 0;
	if (!extra)
		return bt_fail_nomem();
	for (int round = 0;; round++) {
		if ((rc = al_band_from_range(&b, n, m, from, to, extra, w)) != 0 ||
		    (rc = al_dp_run(path, d, p, &b, final)) != 0)
			break;
		*cells += b.row[n + 1];
		if (getenv("BITEXT_ALIGN_DEBUG")) {
			fprintf(stderr, "align: %zu x %zu, band %zu, %zu cells, touched %zu\n", n, m, w, b.row[n + 1],
				path->ntouch);
			if (getenv("BITEXT_ALIGN_DEBUG")[0] == '2')
				for (size_t i = 0; i <= n && i < 20; i++)
					fprintf(stderr, "  row %zu: %zu..%zu\n", i, b.lo[i], b.hi[i]);
		}
		if (!path->touched || round >= p->max_widen)
			break;
		path_range(from, to, &path->links, n, m);
		for (size_t k = 0; k < path->ntouch; k++) {
			size_t r = path->touch[k], reach = 4 * w + 8, lo = r > reach ? r - reach : 0;
			for (size_t i = lo; i <= n && i <= r + reach; i++) {
				double x = extra[i] ? extra[i] * 2 : (double)w;
				if (x > (double)(n > m ? n : m))
					x = (double)(n > m ? n : m);
				/* each row grows once per round */
				if (extra[i] < x && extra[i] < (double)w * (double)(1u << (round + 1)))
					extra[i] = x;
			}
		}
	}
	al_band_dispose(&b);
	free(extra);
	return rc;
}

/* Phase times on stderr when BITEXT_ALIGN_DEBUG is set (tuning). */
static double phase_clock(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void phase(const char *what, double *t)
{
	double now;
	if (!getenv("BITEXT_ALIGN_DEBUG"))
		return;
	now = phase_clock();
	fprintf(stderr, "align: %-12s %.3f s\n", what, now - *t);
	*t = now;
}

int al_align_doc(bt_aligner *a, al_doc *d, al_path *path, const bt_sentences *src, const bt_sentences *tgt)
{
	double *from = NULL, *to = NULL, p1[2][AL_NCLASS], t = phase_clock();
	size_t n = src->n, m = tgt->n;
	int rc;

	memset(d, 0, sizeof *d);
	a->last_passes_done = 0;
	a->last_cells = 0;
	if (!(from = malloc((n + 1) * sizeof *from)) || !(to = malloc((n + 1) * sizeof *to))) {
		free(from);
		return bt_fail_nomem();
	}
	memcpy(p1, a->prm.p1, sizeof p1);
	if ((rc = al_doc_build(d, a, src, tgt)) != 0)
		goto done;
	phase("tokens", &t);
	if ((rc = al_doc_features(d, a)) != 0)
		goto done;
	phase("features", &t);
	if ((rc = al_doc_probabilities(d, &a->prm, p1)) != 0)
		goto done;
	random_spread(d);
	phase("probabilities", &t);
	if ((rc = al_anchor_band(from, to, d, a->prm.band_slack, a->prm.band_box)) != 0)
		goto done;
	al_doc_drop_postings(d);
	phase("anchors", &t);
	if ((rc = search(path, d, &a->prm, from, to, a->prm.band, &a->last_cells, a->prm.passes < 2)) != 0)
		goto done;
	phase("pass 1", &t);
	a->last_passes_done = 1;
	/* Each further pass learns from the one before: the lexicon, the
	 * length ratio and variance, the match rates. */
	for (int pass = 2; pass <= a->prm.passes; pass++) {
		for (size_t t = 0; t < d->side[0].ntypes; t++)
			d->side[0].types[t].p1_hits = d->side[0].types[t].p1_seen = 0;
		for (size_t t = 0; t < d->side[1].ntypes; t++)
			d->side[1].types[t].p1_hits = d->side[1].types[t].p1_seen = 0;
		if ((rc = learn_lexicon(d, path, &a->prm)) != 0)
			goto done;
		phase("learning", &t);
		if ((rc = al_doc_features(d, a)) != 0)
			goto done;
		estimate_length(d, path, &a->prm);
		memcpy(p1, a->prm.p1, sizeof p1);
		if ((rc = estimate_p1(d, path, &a->prm, p1)) != 0 || (rc = al_doc_probabilities(d, &a->prm, p1)) != 0)
			goto done;
		al_doc_drop_postings(d);
		random_spread(d);
		phase("features 2", &t);
		path_range(from, to, &path->links, n, m);
		if ((rc = search(path, d, &a->prm, from, to, a->prm.band2, &a->last_cells, pass == a->prm.passes)) != 0)
			goto done;
		phase("pass 2", &t);
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
	al_path path = {BT_LINKS_INIT, NULL, 0, 0, NULL, 0, 0};
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
