/* serve_api.c: the JSON API of `bitext serve` (README: "Reviewing
 * alignments in the browser" documents every endpoint). */
#include "serve.h"
#include "error.h"
#include "store.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Links scored below this (and not manual) are "low": the page lists
 * them first on request and the pair list counts them. The scores are
 * calibrated probabilities (bitext.h), so below 0.5 a link is more likely
 * wrong than right. */
#define LOW_SCORE 0.5

#define J(expr)                         \
	do {                            \
		if ((rc = (expr)) != 0) \
			goto nomem;     \
	} while (0)

static unsigned nomem(bt_buf *out)
{
	bt_buf_dispose(out);
	/* a static answer needs no memory */
	return 500;
}

/* A whole number in [0, max] written in decimal digits only. */
static int parse_count(const char *s, unsigned long long max, unsigned long long *out)
{
	char *end;
	unsigned long long v;
	if (!s || !*s || strspn(s, "0123456789") != strlen(s) || strlen(s) > 19)
		return -1;
	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno || *end || v > max)
		return -1;
	*out = v;
	return 0;
}

static int pick(const char *s, const char *const *names)
{
	for (int i = 0; names[i]; i++)
		if (strcmp(s, names[i]) == 0)
			return i;
	return -1;
}

/* ---- /api/info ---- */

unsigned bt_serve_api_info(serve_req *r)
{
	bt_buf *o = r->out;
	int rc;
	long long pairs = 0, links = 0, manual = 0;
	if ((rc = bt_store_counts(r->c, &pairs, &links, &manual)) != 0)
		return bt_serve_fail(o, rc);
	bt_buf_clear(o);
	J(bt_buf_puts(o, "{\"version\":\"" BT_VERSION "\",\"src_lang\":"));
	J(serve_json_cstr(o, bt_corpus_src_lang(r->c)));
	J(bt_buf_puts(o, ",\"tgt_lang\":"));
	J(serve_json_cstr(o, bt_corpus_tgt_lang(r->c)));
	J(bt_buf_printf(o, ",\"pairs\":%lld,\"links\":%lld,\"manual\":%lld,\"low_score\":", pairs, links, manual));
	J(bt_serve_json_num(o, LOW_SCORE));
	J(bt_buf_puts(o, "}\n"));
	return 200;
nomem:
	return nomem(o);
}

/* ---- /api/pairs ---- */

struct pairs_out {
	bt_buf *o;
	size_t n;
};

static int pair_row(void *ud, const bt_store_pair_summary *p)
{
	struct pairs_out *po = ud;
	bt_buf *o = po->o;
	int rc;
	if ((rc = bt_buf_puts(o, po->n++ ? ",\n{\"id\":" : "\n{\"id\":")) != 0 ||
	    (rc = bt_serve_json_str(o, p->id, strlen(p->id))) != 0 || (rc = bt_buf_puts(o, ",\"date\":")) != 0 ||
	    (rc = serve_json_cstr(o, p->date)) != 0 ||
	    (rc = bt_buf_printf(o,
				",\"src_segments\":%lld,\"tgt_segments\":%lld,\"links\":%lld,\"manual\":%lld,\"low\":%lld,"
				"\"reviewed\":%s,\"min_score\":",
				p->src_segments, p->tgt_segments, p->links, p->manual, p->low,
				p->reviewed ? "true" : "false")) != 0)
		return rc;
	if (!p->has_min)
		return bt_buf_puts(o, "null}");
	if ((rc = bt_serve_json_num(o, p->min_score)) != 0)
		return rc;
	return bt_buf_puts(o, "}");
}

unsigned bt_serve_api_pairs(serve_req *r)
{
	struct pairs_out po = {r->out, 0};
	bt_buf *o = r->out;
	int rc;
	bt_buf_clear(o);
	J(bt_buf_puts(o, "{\"pairs\":["));
	if ((rc = bt_store_pair_summaries(r->c, LOW_SCORE, pair_row, &po)) != 0) {
		if (rc == BT_ENOMEM)
			goto nomem;
		return bt_serve_fail(o, rc);
	}
	J(bt_buf_puts(o, "\n]}\n"));
	return 200;
nomem:
	return nomem(o);
}

/* ---- /api/pair ---- */

typedef struct seg {
	size_t off, len;
	int heading;
	int corrected; /* a correction made it (bt_corpus_correct()) */
} seg;

typedef struct side_segs {
	bt_buf text;
	seg *v;
	size_t n, cap;
} side_segs;

static int mark_corrected(void *ud, long long ordinal)
{
	side_segs *s = ud;
	if (ordinal >= 0 && (size_t)ordinal < s->n)
		s->v[ordinal].corrected = 1;
	return 0;
}

static int read_segs(bt_corpus *c, const char *pair, int side, side_segs *s)
{
	bt_store_segs *it = NULL;
	bt_store_seg g;
	int rc;
	if ((rc = bt_store_segs_open(&it, c, pair, side, 0, (size_t)-1)) != 0)
		return rc;
	while ((rc = bt_store_segs_next(it, &g)) == 0) {
		if (s->n == s->cap) {
			size_t cap = s->cap ? s->cap * 2 : 64;
			seg *v = bt_realloc(s->v, cap * sizeof *v);
			if (!v) {
				rc = bt_fail_nomem();
				break;
			}
			s->v = v;
			s->cap = cap;
		}
		s->v[s->n] = (seg){s->text.len, g.len, g.heading, 0};
		if ((rc = bt_buf_put(&s->text, g.text, g.len)) != 0)
			break;
		s->n++;
	}
	bt_store_segs_free(it);
	if (rc == BT_ITEROVER)
		rc = bt_store_corrected_each(c, pair, side, mark_corrected, s);
	return rc;
}

typedef struct plink {
	long long ordinal, sf, sn, tf, tn;
	double score;
	int manual, moved;
} plink;

static int by_score(const void *a, const void *b)
{
	const plink *x = a, *y = b;
	/* manual links have been looked at: they go last */
	if (x->manual != y->manual)
		return x->manual - y->manual;
	if (x->score != y->score)
		return x->score < y->score ? -1 : 1;
	return x->ordinal < y->ordinal ? -1 : x->ordinal > y->ordinal;
}

static int put_segs(bt_buf *o, const side_segs *s, long long first, long long n)
{
	int rc = bt_buf_puts(o, "[");
	for (long long i = first; !rc && i < first + n; i++) {
		if (i < 0 || (size_t)i >= s->n)
			continue; /* links that name missing segments: show what exists */
		if ((rc = bt_buf_printf(o, "%s{\"i\":%lld,\"kind\":\"%s\",\"text\":", i > first ? "," : "", i,
					s->v[i].heading ? "heading" : "sentence")) != 0 ||
		    (rc = bt_serve_json_str(o, s->text.ptr + s->v[i].off, s->v[i].len)) != 0)
			break;
		/* only where true: the page marks it, other answers stay as they were */
		rc = bt_buf_puts(o, s->v[i].corrected ? ",\"corrected\":true}" : "}");
	}
	return rc ? rc : bt_buf_puts(o, "]");
}

struct plinks {
	plink *v;
	size_t n, cap;
};

static int plink_cb(void *ud, const bt_store_link *l)
{
	struct plinks *p = ud;
	if (p->n == p->cap) {
		size_t cap = p->cap ? p->cap * 2 : 64;
		plink *w = bt_realloc(p->v, cap * sizeof *w);
		if (!w)
			return bt_fail_nomem();
		p->v = w, p->cap = cap;
	}
	/* the stored values, a negative one (a corpus edited by hand) too */
	p->v[p->n++] = (plink){l->ordinal,	   (long long)l->l.src_first, (long long)l->l.src_n,
			       (long long)l->l.tgt_first, (long long)l->l.tgt_n,     l->l.score,
			       l->manual,		   (l->l.flags & BT_LINK_MOVED) != 0};
	return 0;
}

unsigned bt_serve_api_pair(serve_req *r)
{
	static const char *const orders[] = {"doc", "score", NULL};
	const char *id = r->param(r->ud, "id"), *order = r->param(r->ud, "order");
	side_segs src, tgt;
	struct plinks pl = {NULL, 0, 0};
	plink *v;
	size_t n;
	bt_buf *o = r->out, date = BT_BUF_INIT;
	int rc = 0, ord = 0, found = 0;
	unsigned status;

	if (!id || !*id)
		return bt_serve_error(o, 400, "missing parameter 'id' (a pair id)");
	if (order && (ord = pick(order, orders)) < 0)
		return bt_serve_error(o, 400, "order is doc or score");
	memset(&src, 0, sizeof src);
	memset(&tgt, 0, sizeof tgt);
	if ((rc = bt_store_pair_date(r->c, id, &date, &found)) != 0) {
		bt_buf_dispose(&date);
		return bt_serve_fail(o, rc);
	}
	if (!found) {
		bt_buf_dispose(&date);
		return bt_serve_error(o, 404, "no pair '%s' in the corpus", id);
	}
	/* one read transaction, so that segments and links agree */
	if ((rc = bt_store_read_begin(r->c)) != 0) {
		bt_buf_dispose(&date);
		return bt_serve_fail(o, rc);
	}
	if ((rc = read_segs(r->c, id, 0, &src)) != 0 || (rc = read_segs(r->c, id, 1, &tgt)) != 0 ||
	    (rc = bt_store_links_read(r->c, id, 0, plink_cb, &pl)) != 0)
		goto fail;
	bt_store_read_end(r->c);
	v = pl.v, n = pl.n;
	if (ord == 1)
		qsort(v, n, sizeof *v, by_score);

	bt_buf_clear(o);
	J(bt_buf_puts(o, "{\"id\":"));
	J(serve_json_cstr(o, id));
	J(bt_buf_puts(o, ",\"date\":"));
	J(date.len ? serve_json_cstr(o, date.ptr) : bt_buf_puts(o, "null"));
	J(bt_buf_puts(o, ",\"src_lang\":"));
	J(serve_json_cstr(o, bt_corpus_src_lang(r->c)));
	J(bt_buf_puts(o, ",\"tgt_lang\":"));
	J(serve_json_cstr(o, bt_corpus_tgt_lang(r->c)));
	J(bt_buf_printf(o, ",\"order\":\"%s\",\"src_segments\":%zu,\"tgt_segments\":%zu,\"low_score\":", orders[ord],
			src.n, tgt.n));
	J(bt_serve_json_num(o, LOW_SCORE));
	J(bt_buf_puts(o, ",\"links\":["));
	for (size_t i = 0; i < n; i++) {
		J(bt_buf_printf(o,
				"%s\n{\"ordinal\":%lld,\"src_first\":%lld,\"src_n\":%lld,\"tgt_first\":%lld,\"tgt_n\":%lld,"
				"\"manual\":%s,%s\"score\":",
				i ? "," : "", v[i].ordinal, v[i].sf, v[i].sn, v[i].tf, v[i].tn, v[i].manual ? "true" : "false",
				v[i].moved ? "\"moved\":true," : ""));
		J(bt_serve_json_num(o, v[i].score));
		J(bt_buf_puts(o, ",\"src\":"));
		J(put_segs(o, &src, v[i].sf, v[i].sn));
		J(bt_buf_puts(o, ",\"tgt\":"));
		J(put_segs(o, &tgt, v[i].tf, v[i].tn));
		J(bt_buf_puts(o, "}"));
	}
	J(bt_buf_puts(o, "\n]}\n"));
	status = 200;
	goto done;
fail:
	bt_store_read_end(r->c);
	status = bt_serve_fail(o, rc);
	goto done;
nomem:
	status = nomem(o);
done:
	bt_free(pl.v);
	bt_buf_dispose(&date);
	bt_buf_dispose(&src.text);
	bt_buf_dispose(&tgt.text);
	bt_free(src.v);
	bt_free(tgt.v);
	return status;
}

/* ---- /api/concord ---- */

/* text as runs: [["plain",0],["match",1],...]; spans sorted, those that
 * overlap an earlier one or leave the text are skipped. */
static int put_runs(bt_buf *o, const char *text, const bt_concord_span *sp, size_t n, int flag)
{
	size_t len = text ? strlen(text) : 0, at = 0, runs = 0;
	int rc = bt_buf_puts(o, "[");
	for (size_t i = 0; !rc && i < n; i++) {
		if (sp[i].start < at || sp[i].end > len || sp[i].end <= sp[i].start)
			continue;
		if (sp[i].start > at) {
			if ((rc = bt_buf_puts(o, runs++ ? ",[" : "[")) != 0 ||
			    (rc = bt_serve_json_str(o, text + at, sp[i].start - at)) != 0 || (rc = bt_buf_puts(o, ",0]")) != 0)
				break;
		}
		if ((rc = bt_buf_puts(o, runs++ ? ",[" : "[")) != 0 ||
		    (rc = bt_serve_json_str(o, text + sp[i].start, sp[i].end - sp[i].start)) != 0 ||
		    (rc = bt_buf_printf(o, ",%d]", flag)) != 0)
			break;
		at = sp[i].end;
	}
	if (!rc && at < len)
		if ((rc = bt_buf_puts(o, runs++ ? ",[" : "[")) == 0 && (rc = bt_serve_json_str(o, text + at, len - at)) == 0)
			rc = bt_buf_puts(o, ",0]");
	return rc ? rc : bt_buf_puts(o, "]");
}

/* The search's options from the request's parameters: 0, or the status
 * of the error answer left in r->out. `max` is the largest limit. */
static unsigned concord_opts(serve_req *r, bt_concord_opts *co, unsigned long long max)
{
	static const char *const sides[] = {"src", "tgt", "both", NULL};
	static const char *const sorts[] = {"doc", "left", "right", "date", NULL};
	const char *v;
	bt_buf *o = r->out;
	unsigned long long num;
	int k;

	if ((v = r->param(r->ud, "lang")) && *v) {
		if ((k = pick(v, sides)) < 0)
			return bt_serve_error(o, 400, "lang is src, tgt or both");
		co->sides = k + 1;
	}
	if ((v = r->param(r->ud, "sort")) && *v) {
		/* anything else is sort levels (1R,2R,1L), checked by the search */
		if ((k = pick(v, sorts)) < 0 && !(*v >= '1' && *v <= '9'))
			return bt_serve_error(o, 400, "sort is doc, left, right, date or levels like 1R,2R,1L");
		if (k < 0)
			co->sort_by = v;
		else
			co->sort = k;
	}
	if ((v = r->param(r->ud, "limit")) && *v) {
		if (parse_count(v, max, &num) || num == 0)
			return bt_serve_error(o, 400, max == 500 ? "limit is a whole number from 1 to 500"
							     : "limit is a whole number from 1 to 10000");
		co->limit = (size_t)num;
	}
	if ((v = r->param(r->ud, "offset")) && *v) {
		if (parse_count(v, 1000000000ULL, &num))
			return bt_serve_error(o, 400, "offset is a whole number from 0");
		co->offset = (size_t)num;
	}
	if ((v = r->param(r->ud, "doc")) && *v)
		co->doc = v;
	if ((v = r->param(r->ud, "since")) && *v)
		co->since = v;
	if ((v = r->param(r->ud, "until")) && *v)
		co->until = v;
	if ((v = r->param(r->ud, "min_score")) && *v) {
		char *end;
		errno = 0;
		co->min_score = strtod(v, &end);
		if (errno || end == v || *end || !isfinite(co->min_score))
			return bt_serve_error(o, 400, "min_score is a number such as 0.5");
		co->use_min_score = 1;
	}
	if ((v = r->param(r->ud, "exact")) && *v) {
		if (strcmp(v, "0") && strcmp(v, "1"))
			return bt_serve_error(o, 400, "exact is 0 or 1");
		co->exact_spelling = *v == '1';
	}
	if ((v = r->param(r->ud, "case")) && *v) {
		if (strcmp(v, "0") && strcmp(v, "1"))
			return bt_serve_error(o, 400, "case is 0 or 1");
		co->match_case = *v == '1';
	}
	/* the translation's words, as --tgt-has and --tgt-lacks (checked by the search) */
	if ((v = r->param(r->ud, "tgt_has")) && *v)
		co->tgt_has = v;
	if ((v = r->param(r->ud, "tgt_lacks")) && *v)
		co->tgt_lacks = v;
	return 0;
}

unsigned bt_serve_api_concord_csv(serve_req *r)
{
	bt_concord_opts co = BT_CONCORD_OPTS_INIT;
	bt_concord_page p = BT_CONCORD_PAGE_INIT;
	bt_concord_fmt f = BT_CONCORD_FMT_INIT;
	const char *q = r->param(r->ud, "q"), *sep = r->param(r->ud, "sep");
	unsigned status;
	int rc;
	if (!q || !*q)
		return bt_serve_error(r->out, 400, "missing parameter 'q' (the query)");
	if (sep && *sep && strcmp(sep, ",") != 0 && strcmp(sep, ";") != 0)
		return bt_serve_error(r->out, 400, "sep is , or ;");
	co.limit = 1000;
	if ((status = concord_opts(r, &co, 10000)) != 0)
		return status;
	if ((rc = bt_concord_search(&p, r->c, q, &co)) != 0) {
		status = bt_serve_fail(r->out, rc);
		bt_concord_page_dispose(&p);
		return status;
	}
	f.format = BT_CONCORD_CSV;
	f.csv_sep = sep && *sep ? *sep : ',';
	f.query = q;
	f.src_lang = bt_corpus_src_lang(r->c);
	f.tgt_lang = bt_corpus_tgt_lang(r->c);
	f.offset = co.offset;
	bt_buf_clear(r->out);
	rc = bt_concord_write(r->out, &p, &f);
	bt_concord_page_dispose(&p);
	return rc ? bt_serve_fail(r->out, rc) : 200;
}

unsigned bt_serve_api_concord(serve_req *r)
{
	bt_concord_opts co = BT_CONCORD_OPTS_INIT;
	bt_concord_page p = BT_CONCORD_PAGE_INIT;
	const char *q = r->param(r->ud, "q");
	bt_buf *o = r->out;
	unsigned status = 200;
	int rc;

	if (!q || !*q)
		return bt_serve_error(o, 400, "missing parameter 'q' (the query)");
	if ((status = concord_opts(r, &co, 500)) != 0)
		return status;
	status = 200;
	if ((rc = bt_concord_search(&p, r->c, q, &co)) != 0) {
		status = bt_serve_fail(o, rc);
		goto done;
	}
	bt_buf_clear(o);
	J(bt_buf_puts(o, "{\"query\":"));
	J(serve_json_cstr(o, q));
	J(bt_buf_printf(o, ",\"offset\":%zu,\"limit\":%zu,\"n\":%zu,\"more\":%s,\"total\":", co.offset, co.limit, p.n,
			p.more ? "true" : "false"));
	/* the search counts its hits up to a cap: past it, the total is unknown */
	if (p.total && !p.capped)
		J(bt_buf_printf(o, "%zu", p.total));
	else if (!p.more)
		J(bt_buf_printf(o, "%zu", co.offset + p.n));
	else
		J(bt_buf_puts(o, "null"));
	J(bt_buf_puts(o, ",\"src_lang\":"));
	J(serve_json_cstr(o, bt_corpus_src_lang(r->c)));
	J(bt_buf_puts(o, ",\"tgt_lang\":"));
	J(serve_json_cstr(o, bt_corpus_tgt_lang(r->c)));
	J(bt_buf_puts(o, ",\"hits\":["));
	for (size_t i = 0; i < p.n; i++) {
		const bt_concord_hit *h = &p.hits[i];
		int src = h->side == BT_SIDE_SRC;
		J(bt_buf_puts(o, i ? ",\n{\"doc\":" : "\n{\"doc\":"));
		J(serve_json_cstr(o, h->doc));
		J(bt_buf_puts(o, ",\"date\":"));
		J(h->date && *h->date ? serve_json_cstr(o, h->date) : bt_buf_puts(o, "null"));
		J(bt_buf_printf(o, ",\"side\":\"%s\",\"lang\":", src ? "src" : "tgt"));
		J(serve_json_cstr(o, h->lang));
		J(bt_buf_printf(o, ",\"segment\":%lld,\"ordinal\":%u,\"aligned\":%s,\"link\":", h->segment, h->ordinal,
				h->aligned ? "true" : "false"));
		if (h->aligned)
			J(bt_buf_printf(o, "\"%u-%u\",\"score\":", h->src_n, h->tgt_n));
		else
			J(bt_buf_puts(o, "null,\"score\":"));
		J(h->aligned ? bt_serve_json_num(o, h->score) : bt_buf_puts(o, "null"));
		J(bt_buf_puts(o, ",\"text\":"));
		J(put_runs(o, h->text, h->marks, h->n_marks, 1));
		J(bt_buf_puts(o, ",\"translation\":"));
		J(put_runs(o, src ? h->tgt : h->src, h->equiv, h->n_equiv, 2));
		J(bt_buf_puts(o, "}"));
	}
	J(bt_buf_puts(o, "\n]}\n"));
	goto done;
nomem:
	status = nomem(o);
done:
	bt_concord_page_dispose(&p);
	return status;
}

/* ---- /api/edit (POST) ---- */

unsigned bt_serve_api_edit(serve_req *r)
{
	static const char *const ops[] = {"merge", "split", "move-prev", "move-next", "unalign", "confirm", "pair", NULL};
	static const char *const seen_names[] = {"src_first", "src_n", "tgt_first", "tgt_n"};
	const char *pair = r->param(r->ud, "pair"), *op = r->param(r->ud, "op"), *v;
	bt_link_edit e = BT_LINK_EDIT_INIT;
	unsigned long long num, seen[4];
	size_t n_links = 0;
	int k, given = 0, rc;
	bt_buf *o = r->out;

	if (!pair || !*pair)
		return bt_serve_error(o, 400, "missing field 'pair'");
	if (!op || (k = pick(op, ops)) < 0)
		return bt_serve_error(o, 400, "op is merge, split, move-prev, move-next, unalign, confirm or pair");
	e.op = BT_LINK_MERGE + k;
	if (e.op != BT_LINK_PAIR && parse_count(r->param(r->ud, "ordinal"), 1ULL << 40, &num))
		return bt_serve_error(o, 400, "ordinal is the link's number, a whole number from 0");
	e.ordinal = e.op == BT_LINK_PAIR ? 0 : (size_t)num;
	for (int i = 0; i < 4; i++) {
		if (!(v = r->param(r->ud, seen_names[i])))
			continue;
		if (parse_count(v, 1ULL << 40, &seen[i]))
			return bt_serve_error(o, 400, "%s is a whole number from 0", seen_names[i]);
		given++;
	}
	if (e.op == BT_LINK_PAIR) {
		/* the sentences to pair, anywhere in the pair */
		if (given != 4)
			return bt_serve_error(o, 400, "a pair needs src_first, src_n, tgt_first and tgt_n: the sentences to link");
		e.pair = (bt_link){(size_t)seen[0], (size_t)seen[1], (size_t)seen[2], (size_t)seen[3], 0.0, 0};
		given = 0;
	}
	if (given != 0 && given != 4)
		return bt_serve_error(o, 400, "give all of src_first, src_n, tgt_first and tgt_n (the link as read), or none");
	if (given) {
		e.check = 1;
		e.seen = (bt_link){(size_t)seen[0], (size_t)seen[1], (size_t)seen[2], (size_t)seen[3], 0.0, 0};
	}
	if (e.op == BT_LINK_SPLIT) {
		unsigned long long sk, tk;
		if (parse_count(r->param(r->ud, "src_k"), 1ULL << 40, &sk) ||
		    parse_count(r->param(r->ud, "tgt_k"), 1ULL << 40, &tk))
			return bt_serve_error(o, 400, "a split needs src_k and tgt_k: the sentences of each side in the first part");
		e.src_k = (size_t)sk;
		e.tgt_k = (size_t)tk;
	}
	if (e.op == BT_LINK_MOVE_PREV || e.op == BT_LINK_MOVE_NEXT) {
		v = r->param(r->ud, "side");
		if (!v || (strcmp(v, "src") && strcmp(v, "tgt")))
			return bt_serve_error(o, 400, "a move needs side: src or tgt");
		e.side = strcmp(v, "tgt") == 0;
	}
	if ((rc = bt_links_edit(&n_links, r->c, pair, &e)) != 0)
		return bt_serve_fail(o, rc);
	bt_buf_clear(o);
	J(bt_buf_puts(o, "{\"ok\":true,\"pair\":"));
	J(serve_json_cstr(o, pair));
	J(bt_buf_printf(o, ",\"op\":\"%s\",\"links\":%zu}\n", ops[k], n_links));
	return 200;
nomem:
	return nomem(o);
}

/* ---- /api/segment (POST): edit, split or join a segment ---- */

unsigned bt_serve_api_segment(serve_req *r)
{
	static const char *const ops[] = {"edit", "split", "join", NULL};
	const char *pair = r->param(r->ud, "pair"), *op = r->param(r->ud, "op"), *side = r->param(r->ud, "side");
	bt_correction k = BT_CORRECTION_INIT;
	unsigned long long num;
	long long id = 0;
	int i, rc;
	bt_buf *o = r->out;

	if (!pair || !*pair)
		return bt_serve_error(o, 400, "missing field 'pair'");
	if (!op || (i = pick(op, ops)) < 0)
		return bt_serve_error(o, 400, "op is edit, split or join");
	if (!side || (strcmp(side, "src") && strcmp(side, "tgt")))
		return bt_serve_error(o, 400, "side is src or tgt");
	if (parse_count(r->param(r->ud, "ordinal"), 1ULL << 40, &num))
		return bt_serve_error(o, 400, "ordinal is the segment's number, a whole number from 0");
	k.op = BT_CORRECT_EDIT + i;
	k.side = strcmp(side, "tgt") == 0;
	k.ordinal = (size_t)num;
	k.seen = r->param(r->ud, "seen");
	if (k.op == BT_CORRECT_EDIT && !(k.text = r->param(r->ud, "text")))
		return bt_serve_error(o, 400, "an edit needs text: the segment's new text");
	if (k.op == BT_CORRECT_SPLIT) {
		if (parse_count(r->param(r->ud, "at"), 1ULL << 40, &num))
			return bt_serve_error(o, 400, "a split needs at: the byte of the segment's text the second part starts at");
		k.at = (size_t)num;
	}
	if ((rc = bt_corpus_correct(&id, r->c, pair, &k)) != 0)
		return bt_serve_fail(o, rc);
	bt_buf_clear(o);
	J(bt_buf_puts(o, "{\"ok\":true,\"pair\":"));
	J(serve_json_cstr(o, pair));
	J(bt_buf_printf(o, ",\"side\":\"%s\",\"op\":\"%s\",\"ordinal\":%zu,\"correction\":%lld}\n", k.side ? "tgt" : "src",
			ops[i], k.ordinal, id));
	return 200;
nomem:
	return nomem(o);
}

/* ---- /api/history (GET), /api/undo and /api/redo (POST) ---- */

/* The change undo would take back and the one redo would make again: in
 * the newest-first list, undone entries come first (a new change drops
 * them), so undo is the first one not undone and redo the last undone. */
typedef struct next_changes {
	bt_history_entry undo, redo;
	int has_undo, has_redo;
} next_changes;

static int next_cb(void *ud, const bt_history_entry *e)
{
	next_changes *n = ud;
	if (e->undone) {
		n->redo = *e, n->has_redo = 1;
		return 0;
	}
	n->undo = *e, n->has_undo = 1;
	return 1; /* stop: nothing older matters */
}

static int put_change(bt_buf *o, const char *key, const bt_history_entry *e, int has)
{
	int rc = bt_buf_printf(o, ",\"%s\":", key);
	if (rc || !has)
		return rc ? rc : bt_buf_puts(o, "null");
	if ((rc = bt_buf_printf(o, "{\"id\":%lld,\"what\":", e->id)) != 0 || (rc = serve_json_cstr(o, e->what)) != 0 ||
	    (rc = bt_buf_puts(o, ",\"at\":")) != 0 || (rc = serve_json_cstr(o, e->at)) != 0)
		return rc;
	return bt_buf_printf(o, ",\"links_before\":%lld,\"links_after\":%lld,\"sentences_replaced\":%s}",
			     e->links_before, e->links_after, e->segments_changed ? "true" : "false");
}

/* {"pair": ID, "undo": change|null, "redo": change|null}: the ids are
 * what /api/undo and /api/redo take as `expect`. */
static unsigned put_history(serve_req *r, const char *pair)
{
	next_changes n;
	bt_buf *o = r->out;
	int rc, exists = 0;
	memset(&n, 0, sizeof n);
	if ((rc = bt_store_pair_exists(r->c, pair, &exists)) != 0)
		return bt_serve_fail(o, rc);
	if (!exists)
		return bt_serve_error(o, 404, "no pair '%s' in the corpus", pair);
	if ((rc = bt_corpus_history(r->c, pair, next_cb, &n)) < 0)
		return bt_serve_fail(o, rc);
	bt_buf_clear(o);
	J(bt_buf_puts(o, "{\"pair\":"));
	J(serve_json_cstr(o, pair));
	J(put_change(o, "undo", &n.undo, n.has_undo));
	J(put_change(o, "redo", &n.redo, n.has_redo));
	J(bt_buf_puts(o, "}\n"));
	return 200;
nomem:
	return nomem(o);
}

unsigned bt_serve_api_history(serve_req *r)
{
	const char *pair = r->param(r->ud, "pair");
	if (!pair || !*pair)
		return bt_serve_error(r->out, 400, "missing parameter 'pair' (a pair id)");
	return put_history(r, pair);
}

/* Undo or redo of the pair's last change; `expect`, the change's id as
 * /api/history gave it, is the page's version: another one now is 409. */
static unsigned undo_redo(serve_req *r, int redo)
{
	const char *pair = r->param(r->ud, "pair"), *expect = r->param(r->ud, "expect");
	bt_undo_opts o = BT_UNDO_OPTS_INIT;
	bt_history_entry e;
	unsigned long long id = 0;
	int rc, exists = 0;
	if (!pair || !*pair)
		return bt_serve_error(r->out, 400, "missing field 'pair'");
	if (expect && (parse_count(expect, 1ULL << 62, &id) || id == 0))
		return bt_serve_error(r->out, 400, "expect is the id of the change, a whole number from 1");
	if ((rc = bt_store_pair_exists(r->c, pair, &exists)) != 0)
		return bt_serve_fail(r->out, rc);
	if (!exists)
		return bt_serve_error(r->out, 404, "no pair '%s' in the corpus", pair);
	o.pair = pair, o.redo = redo, o.expect = (long long)id;
	if ((rc = bt_corpus_undo(&e, r->c, &o)) != 0)
		return rc == BT_ENOTFOUND ? bt_serve_error(r->out, 409, "nothing to %s for pair '%s'", redo ? "redo" : "undo", pair)
					  : bt_serve_fail(r->out, rc);
	return put_history(r, pair);
}

unsigned bt_serve_api_undo(serve_req *r)
{
	return undo_redo(r, 0);
}

unsigned bt_serve_api_redo(serve_req *r)
{
	return undo_redo(r, 1);
}

/* ---- /api/reviewed (POST): mark a pair reviewed as a whole ---- */

/* "0" or "1" into *v; -1 otherwise */
static int parse_flag(const char *s, int *v)
{
	if (!s || (strcmp(s, "0") && strcmp(s, "1")))
		return -1;
	*v = *s == '1';
	return 0;
}

unsigned bt_serve_api_reviewed(serve_req *r)
{
	const char *pair = r->param(r->ud, "pair");
	bt_buf *o = r->out;
	int reviewed, was, rc;

	if (!pair || !*pair)
		return bt_serve_error(o, 400, "missing field 'pair'");
	if (parse_flag(r->param(r->ud, "reviewed"), &reviewed))
		return bt_serve_error(o, 400, "reviewed is 1 (mark the pair reviewed) or 0 (not reviewed)");
	/* the state as the page read it: a second reviewer's change is not overwritten */
	if (parse_flag(r->param(r->ud, "was"), &was))
		return bt_serve_error(o, 400, "was is 0 or 1: whether the pair was reviewed when read");
	if ((rc = bt_store_pair_reviewed_set(r->c, pair, reviewed, was)) != 0)
		return bt_serve_fail(o, rc);
	bt_buf_clear(o);
	J(bt_buf_puts(o, "{\"ok\":true,\"pair\":"));
	J(serve_json_cstr(o, pair));
	J(bt_buf_printf(o, ",\"reviewed\":%s}\n", reviewed ? "true" : "false"));
	return 200;
nomem:
	return nomem(o);
}
