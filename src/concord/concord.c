/* concord.c: the concordance: query compiler, search, hits, statistics.
 *
 * The user's query is parsed here, never by FTS5: we build the FTS5
 * expression from folded tokens in quotes, so no user text can be FTS5 or
 * SQL syntax, and every mistake gets a message of ours. */
#include "hash.h"
#include "concord.h"
#include "dict.h"
#include "error.h"
#include "strtab.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <unicode/uchar.h>
#include <unicode/ustring.h>
#include <unicode/utf8.h>

/* ---- memory that lives as long as a page or a query ---- */

struct blk {
	struct blk *next;
	size_t used, cap;
	_Alignas(16) char data[];
};

struct bt_concord_mem {
	struct blk *head;
};

static void *mem_alloc(struct bt_concord_mem *m, size_t n)
{
	struct blk *b = m->head;
	n = (n + 15) & ~(size_t)15;
	if (!b || b->cap - b->used < n) {
		size_t cap = n > 65536 ? n : 65536;
		if (!(b = bt_malloc(sizeof *b + cap)))
			return NULL;
		b->next = m->head;
		b->used = 0;
		b->cap = cap;
		m->head = b;
	}
	b->used += n;
	return b->data + b->used - n;
}

static char *mem_strndup(struct bt_concord_mem *m, const char *s, size_t n)
{
	char *d = mem_alloc(m, n + 1);
	if (d) {
		memcpy(d, s, n);
		d[n] = '\0';
	}
	return d;
}

static void mem_free(struct bt_concord_mem *m)
{
	while (m && m->head) {
		struct blk *b = m->head;
		m->head = b->next;
		bt_free(b);
	}
}

/* ---- the query ---- */

enum { Q_PHRASE, Q_NEAR, Q_AND, Q_OR, Q_NOT };

typedef struct qnode {
	int type;
	struct qnode *a, *b;  /* AND, OR, NOT */
	/* phrase: folded tokens; prefix: the last one is a prefix */
	char **toks;
	size_t ntok;
	int prefix;
	char *glob;  /* a word with ? or an inner/leading *: its folded GLOB pattern */
	char **alts; /* ...and the index's words that match it (bt_concord_query_patterns()) */
	char *sglob; /* exact spelling: the pattern as typed, case-folded unless case counts */
	size_t nalts;
	char **surf; /* exact spelling: the tokens as typed, case-folded unless case counts */
	char **keys; /* name keys of a single unquoted word */
	size_t nkeys;
	/* NEAR */
	struct qnode **kids;
	size_t nkids;
	int dist;
	size_t pos;  /* character position in the query, for messages */
} qnode;

struct concord_query {
	struct bt_concord_mem mem;
	qnode *root;
	bt_buf fts;
	qnode **leaves; /* positive phrases: what a hit is marked with */
	size_t nleaves;
	int exact;      /* 0, CONCORD_EXACT_SPELLING or CONCORD_EXACT_CASE */
	int has_glob;   /* a wildcard word somewhere */
};

enum { L_WORD, L_QUOTED, L_LP, L_RP, L_AND, L_OR, L_NOT, L_NEAR, L_NEARGROUP, L_COMMA, L_END };

typedef struct lexeme {
	int type;
	size_t start, end; /* bytes of the word or phrase inside the query */
	int prefix;
	int pattern;       /* holds ? or a * that does not end it */
	int dist;          /* NEAR/N */
	size_t pos;        /* 1-based character position */
} lexeme;

typedef struct parser {
	const char *q;
	size_t len;
	lexeme *lx;
	size_t nlx, i;
	concord_query *out;
	concord_tokenizer *tk;
	concord_keyer *keyer;
	const char *const *langs;
	int exact;
	size_t nterms;
	int depth;
	concord_tokens toks;
	bt_buf key;
} parser;

static size_t char_pos(const char *q, size_t byte)
{
	size_t n = 1;
	for (size_t i = 0; i < byte; i++)
		n += ((unsigned char)q[i] & 0xC0) != 0x80;
	return n;
}

static int qfail(int code, const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 2, 3)))
#endif
	;

static int qfail(int code, const char *fmt, ...)
{
	char msg[900];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	return bt_fail(code, NULL, -1, -1, "query: %s", msg);
}

static int is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

static int lex_push(parser *p, int type, size_t start, size_t end, size_t at)
{
	if (p->nlx % 64 == 0) {
		lexeme *v = bt_realloc(p->lx, (p->nlx + 64) * sizeof *v);
		if (!v)
			return bt_fail_nomem();
		p->lx = v;
	}
	p->lx[p->nlx] = (lexeme){type, start, end, 0, 0, 10, char_pos(p->q, at)};
	p->nlx++;
	return 0;
}

static int lex(parser *p)
{
	const char *q = p->q;
	size_t i = 0, n = p->len;
	int in_near = 0, rc;
	while (i < n) {
		size_t s = i;
		if (is_space(q[i])) {
			i++;
			continue;
		}
		if (q[i] == '"') {
			size_t e = i + 1;
			while (e < n && q[e] != '"')
				e++;
			if (e == n)
				return qfail(BT_EINPUT, "unclosed quote: the \" at character %zu has no partner",
					     char_pos(q, i));
			if ((rc = lex_push(p, L_QUOTED, i + 1, e, i)) != 0)
				return rc;
			i = e + 1;
			if (i < n && q[i] == '*') {
				p->lx[p->nlx - 1].prefix = 1;
				i++;
			}
			continue;
		}
		if (q[i] == '(' || q[i] == ')') {
			if ((rc = lex_push(p, q[i] == '(' ? L_LP : L_RP, i, i + 1, i)) != 0)
				return rc;
			if (q[i] == ')')
				in_near = 0;
			i++;
			continue;
		}
		if (in_near && q[i] == ',') {
			if ((rc = lex_push(p, L_COMMA, i, i + 1, i)) != 0)
				return rc;
			i++;
			continue;
		}
		while (i < n && !is_space(q[i]) && q[i] != '"' && q[i] != '(' && q[i] != ')' &&
		       !(in_near && q[i] == ','))
			i++;
		/* an operator is a whole word in capitals */
		if (i - s == 3 && memcmp(q + s, "AND", 3) == 0) {
			rc = lex_push(p, L_AND, s, i, s);
		} else if (i - s == 2 && memcmp(q + s, "OR", 2) == 0) {
			rc = lex_push(p, L_OR, s, i, s);
		} else if (i - s == 3 && memcmp(q + s, "NOT", 3) == 0) {
			rc = lex_push(p, L_NOT, s, i, s);
		} else if (i - s == 4 && memcmp(q + s, "NEAR", 4) == 0 && i < n && q[i] == '(') {
			rc = lex_push(p, L_NEARGROUP, s, i, s);
			if (!rc)
				rc = lex_push(p, L_LP, i, i + 1, i);
			i++;
			in_near = 1;
		} else if (i - s >= 4 && memcmp(q + s, "NEAR", 4) == 0 && (i - s == 4 || q[s + 4] == '/')) {
			long d = 10;
			if (i - s > 4) {
				char *end;
				d = strtol(q + s + 5, &end, 10);
				if (end != q + i || i - s == 5 || d < 0 || d > 1000)
					return qfail(BT_EINPUT,
						     "NEAR/N at character %zu: N must be a number from 0 to 1000",
						     char_pos(q, s));
			}
			rc = lex_push(p, L_NEAR, s, i, s);
			if (!rc)
				p->lx[p->nlx - 1].dist = (int)d;
		} else {
			size_t e = i;
			int prefix = 0, pattern = 0;
			if (q[e - 1] == '*') {
				prefix = 1;
				e--;
			}
			for (size_t k = s; k < e; k++)
				pattern |= q[k] == '*' || q[k] == '?';
			if (pattern) /* *oorlog, oorl?g, *wapen* */
				e = i, prefix = 0;
			if (e == s)
				return qfail(BT_EINPUT, "'*' at character %zu follows no word (write pre*)",
					     char_pos(q, s));
			rc = lex_push(p, L_WORD, s, e, s);
			if (!rc)
				p->lx[p->nlx - 1].prefix = prefix, p->lx[p->nlx - 1].pattern = pattern;
		}
		if (rc)
			return rc;
	}
	return lex_push(p, L_END, n, n, n);
}

static qnode *new_node(parser *p, int type, size_t pos)
{
	qnode *n = mem_alloc(&p->out->mem, sizeof *n);
	if (n) {
		memset(n, 0, sizeof *n);
		n->type = type;
		n->pos = pos;
	}
	return n;
}

static const char *lex_name(int type)
{
	switch (type) {
	case L_AND: return "AND";
	case L_OR: return "OR";
	case L_NOT: return "NOT";
	case L_NEAR: return "NEAR";
	default: return "?";
	}
}

static int has_letter(const char *s, size_t len)
{
	int32_t i = 0;
	while (i < (int32_t)len) {
		UChar32 c;
		U8_NEXT(s, i, (int32_t)len, c);
		if (c >= 0 && u_isalpha(c))
			return 1;
	}
	return 0;
}

static int keep_surface(parser *p, qnode *n, const char *s);
static int make_pattern(parser *p, const lexeme *l, qnode **out);

/* s[0, len) case-folded (diacritics kept) into out; with `keep_case`, as is. */
static int fold_case(bt_buf *out, const char *s, size_t len, int keep_case)
{
	UChar stack[256], fstack[256];
	UChar *u = stack, *f = fstack;
	int32_t un = 0, fn = 0, bn = 0;
	UErrorCode st = U_ZERO_ERROR;
	int rc = 0;
	bt_buf_clear(out);
	if (keep_case || len > 200) /* long words: compared as typed */
		return bt_buf_put(out, s, len);
	u_strFromUTF8(u, 256, &un, s, (int32_t)len, &st);
	if (U_SUCCESS(st))
		fn = u_strFoldCase(f, 256, u, un, U_FOLD_CASE_DEFAULT, &st);
	if (U_SUCCESS(st) && fn <= 256) {
		char b[1024];
		u_strToUTF8(b, sizeof b, &bn, f, fn, &st);
		if (U_SUCCESS(st) && bn < (int32_t)sizeof b)
			return bt_buf_put(out, b, (size_t)bn);
	}
	rc = bt_buf_put(out, s, len);
	return rc;
}

/* A word or quoted phrase becomes a phrase of folded tokens. */
static int make_phrase(parser *p, const lexeme *l, qnode **out)
{
	const char *s = p->q + l->start;
	size_t len = l->end - l->start;
	qnode *n;
	int rc;
	*out = NULL;
	if (l->pattern)
		return make_pattern(p, l, out);
	if ((rc = bt_concord_tokenize(p->tk, s, len, &p->toks)) != 0)
		return rc;
	if (p->toks.n == 0) {
		if (l->type == L_QUOTED && len == 0)
			return qfail(BT_EINPUT, "empty phrase \"\" at character %zu", l->pos);
		return qfail(BT_EINPUT, "nothing to search for in '%.*s' at character %zu (a word needs a letter or digit)",
			     (int)(len > 60 ? 60 : len), s, l->pos);
	}
	p->nterms += p->toks.n;
	if (p->nterms > BT_CONCORD_MAX_TERMS)
		return qfail(BT_ELIMIT, "more than %d terms (narrow it down)", BT_CONCORD_MAX_TERMS);
	if (l->prefix) {
		const char *last = concord_tok_fold(&p->toks, p->toks.n - 1);
		/* the index keeps 3-letter prefixes (store.c, migration 5) */
		if (char_pos(last, strlen(last)) - 1 < 3)
			return qfail(BT_EINPUT, "prefix '%s*' at character %zu is too short (three letters at least before *)",
				     last, l->pos);
	}
	if (!(n = new_node(p, Q_PHRASE, l->pos)) || !(n->toks = mem_alloc(&p->out->mem, p->toks.n * sizeof *n->toks)))
		return bt_fail_nomem();
	n->ntok = p->toks.n;
	n->prefix = l->prefix;
	for (size_t i = 0; i < p->toks.n; i++) {
		const char *f = concord_tok_fold(&p->toks, i);
		if (!(n->toks[i] = mem_strndup(&p->out->mem, f, p->toks.v[i].nfold)))
			return bt_fail_nomem();
	}
	if (p->exact && (rc = keep_surface(p, n, s)) != 0)
		return rc;
	/* Name variants: a single unquoted word with a letter, not a prefix,
	 * typed with a capital as names are. A word in lower case matches its
	 * spelling only: name keys are lossy (offline and Online, printer and
	 * Pointer are one edit apart), which must never cost precision on
	 * ordinary words. */
	if (!p->exact && l->type == L_WORD && !l->prefix && p->toks.n == 1 && p->langs &&
	    has_letter(s + p->toks.v[0].start, p->toks.v[0].end - p->toks.v[0].start) &&
	    bt_concord_is_cap(s + p->toks.v[0].start, p->toks.v[0].end - p->toks.v[0].start)) {
		size_t nl = 0;
		const char *w = s + p->toks.v[0].start;
		size_t wn = p->toks.v[0].end - p->toks.v[0].start;
		while (p->langs[nl])
			nl++;
		if (!(n->keys = mem_alloc(&p->out->mem, (nl ? nl : 1) * sizeof *n->keys)))
			return bt_fail_nomem();
		for (size_t k = 0; k < nl; k++) {
			int dup = 0;
			if ((rc = bt_concord_key(p->keyer, &p->key, w, wn, p->langs[k])) != 0)
				return rc;
			if (!p->key.len)
				continue;
			for (size_t j = 0; j < n->nkeys; j++)
				dup |= strcmp(n->keys[j], p->key.ptr) == 0;
			if (dup)
				continue;
			if (!(n->keys[n->nkeys] = mem_strndup(&p->out->mem, p->key.ptr, p->key.len)))
				return bt_fail_nomem();
			n->nkeys++;
		}
	}
	*out = n;
	return 0;
}

static int parse_or(parser *p, qnode **out);

/* A word with wildcards: ? one letter, * any letters, anywhere. Its literal
 * runs are folded as the index folds words; each must be one token, so
 * a pattern never spans two words. */
static int make_pattern(parser *p, const lexeme *l, qnode **out)
{
	const char *s = p->q + l->start;
	size_t len = l->end - l->start, lit = 0;
	bt_buf g = BT_BUF_INIT, sg = BT_BUF_INIT;
	qnode *n = NULL;
	int rc = 0;
	for (size_t i = 0; !rc && i < len;) {
		size_t e = i;
		if (s[i] == '*' || s[i] == '?') {
			if (!(s[i] == '*' && g.len && g.ptr[g.len - 1] == '*')) /* ** is * */
				rc = bt_buf_put(&g, s + i, 1);
			if (!rc)
				rc = bt_buf_put(&sg, s + i, 1);
			lit += s[i] == '?';
			i++;
			continue;
		}
		while (e < len && s[e] != '*' && s[e] != '?')
			e++;
		if ((rc = bt_concord_tokenize(p->tk, s + i, e - i, &p->toks)) != 0)
			break;
		if (p->toks.n != 1 || p->toks.v[0].start != 0 || p->toks.v[0].end != e - i) {
			rc = qfail(BT_EINPUT, "'%.*s' at character %zu: a wildcard word holds letters, digits, ? and * only",
				   (int)(len > 60 ? 60 : len), s, l->pos);
			break;
		}
		lit += char_pos(concord_tok_fold(&p->toks, 0), p->toks.v[0].nfold) - 1;
		for (const char *f = concord_tok_fold(&p->toks, 0); !rc && *f; f++)
			rc = *f == '[' ? bt_buf_puts(&g, "[[]") : bt_buf_put(&g, f, 1);
		if (!rc && p->exact && (rc = fold_case(&p->key, s + i, e - i, p->exact == CONCORD_EXACT_CASE)) == 0)
			rc = bt_buf_put(&sg, p->key.ptr, p->key.len);
		i = e;
	}
	if (!rc && lit < 3)
		rc = qfail(BT_EINPUT, "'%.*s' at character %zu: a wildcard word needs three letters at least",
			   (int)(len > 60 ? 60 : len), s, l->pos);
	if (!rc && !(n = new_node(p, Q_PHRASE, l->pos)))
		rc = bt_fail_nomem();
	if (!rc && (!(n->glob = mem_strndup(&p->out->mem, g.ptr, g.len)) || !(n->toks = mem_alloc(&p->out->mem, sizeof *n->toks))))
		rc = bt_fail_nomem();
	if (!rc) {
		n->toks[0] = n->glob;
		n->ntok = 1;
		p->out->has_glob = 1;
		if (p->exact && !(n->sglob = mem_strndup(&p->out->mem, sg.ptr ? sg.ptr : "", sg.len)))
			rc = bt_fail_nomem();
		p->nterms++;
		*out = n;
	}
	bt_buf_dispose(&g);
	bt_buf_dispose(&sg);
	return rc;
}

/* Exact spelling: the phrase's tokens as typed (case-folded unless case
 * counts), which a hit's tokens must equal besides their folded forms. */
static int keep_surface(parser *p, qnode *n, const char *s)
{
	int rc;
	if (!(n->surf = mem_alloc(&p->out->mem, n->ntok * sizeof *n->surf)))
		return bt_fail_nomem();
	for (size_t i = 0; i < n->ntok; i++) {
		const concord_token *t = &p->toks.v[i];
		if ((rc = fold_case(&p->key, s + t->start, t->end - t->start, p->exact == CONCORD_EXACT_CASE)) != 0)
			return rc;
		if (!(n->surf[i] = mem_strndup(&p->out->mem, p->key.ptr ? p->key.ptr : "", p->key.len)))
			return bt_fail_nomem();
	}
	return 0;
}

static const lexeme *peek(parser *p)
{
	return &p->lx[p->i];
}

static int starts_term(int t)
{
	return t == L_WORD || t == L_QUOTED || t == L_LP || t == L_NEARGROUP;
}

static int missing_right(const lexeme *op, const lexeme *at)
{
	if (at->type == L_END)
		return qfail(BT_EINPUT, "%s at character %zu needs a term on its right", lex_name(op->type), op->pos);
	if (at->type == L_RP)
		return qfail(BT_EINPUT, "%s at character %zu needs a term on its right, not ')'", lex_name(op->type),
			     op->pos);
	return qfail(BT_EINPUT, "%s at character %zu is followed by %s: a term must come between", lex_name(op->type),
		     op->pos, lex_name(at->type));
}

static int parse_near_group(parser *p, qnode **out)
{
	const lexeme *kw = peek(p);
	qnode *n = new_node(p, Q_NEAR, kw->pos);
	size_t cap = 0;
	int rc;
	*out = NULL;
	if (!n)
		return bt_fail_nomem();
	n->dist = 10;
	p->i += 2; /* NEAR ( */
	for (;;) {
		const lexeme *l = peek(p);
		if (l->type == L_WORD || l->type == L_QUOTED) {
			qnode *ph;
			if ((rc = make_phrase(p, l, &ph)) != 0)
				return rc;
			ph->nkeys = 0; /* NEAR terms match as spelled */
			if (ph->glob)
				return qfail(BT_EINPUT, "NEAR(...) at character %zu: wildcards other than a final * are not"
					     " allowed inside NEAR", kw->pos);
			if (n->nkids == cap) {
				qnode **v = mem_alloc(&p->out->mem, (cap ? cap * 2 : 4) * sizeof *v);
				if (!v)
					return bt_fail_nomem();
				if (n->nkids)
					memcpy(v, n->kids, n->nkids * sizeof *v);
				n->kids = v;
				cap = cap ? cap * 2 : 4;
			}
			n->kids[n->nkids++] = ph;
			p->i++;
			continue;
		}
		if (l->type == L_COMMA) {
			const lexeme *d = &p->lx[p->i + 1];
			char *end;
			long v = -1;
			if (d->type == L_WORD && !d->prefix)
				v = strtol(p->q + d->start, &end, 10);
			if (d->type != L_WORD || d->prefix || end != p->q + d->end || d->end == d->start || v < 0 || v > 1000)
				return qfail(BT_EINPUT,
					     "NEAR(...) at character %zu: after the comma comes a distance from 0 to 1000",
					     kw->pos);
			n->dist = (int)v;
			p->i += 2;
			l = peek(p);
			if (l->type != L_RP)
				return qfail(BT_EINPUT, "NEAR(...) at character %zu: ')' must follow the distance", kw->pos);
		}
		if (l->type == L_RP) {
			p->i++;
			break;
		}
		if (l->type == L_END)
			return qfail(BT_EINPUT, "unclosed parenthesis: NEAR( at character %zu has no ')'", kw->pos);
		return qfail(BT_EINPUT, "NEAR(...) at character %zu holds words and \"phrases\" only, not %s",
			     kw->pos, l->type == L_LP ? "'('" : lex_name(l->type));
	}
	if (n->nkids < 2)
		return qfail(BT_EINPUT, "NEAR(...) at character %zu needs two terms at least", kw->pos);
	*out = n;
	return 0;
}

static int parse_primary(parser *p, qnode **out)
{
	const lexeme *l = peek(p);
	int rc;
	*out = NULL;
	switch (l->type) {
	case L_WORD:
	case L_QUOTED:
		rc = make_phrase(p, l, out);
		p->i++;
		return rc;
	case L_NEARGROUP:
		return parse_near_group(p, out);
	case L_LP: {
		size_t at = l->pos;
		if (++p->depth > 32)
			return qfail(BT_ELIMIT, "parentheses nested more than 32 deep");
		p->i++;
		if (peek(p)->type == L_RP)
			return qfail(BT_EINPUT, "empty parentheses at character %zu", at);
		if ((rc = parse_or(p, out)) != 0)
			return rc;
		if (peek(p)->type != L_RP)
			return qfail(BT_EINPUT, "unclosed parenthesis: the ( at character %zu has no ')'", at);
		p->i++;
		p->depth--;
		return 0;
	}
	case L_RP:
		return qfail(BT_EINPUT, "')' at character %zu has no '('", l->pos);
	case L_END:
		return qfail(BT_EINPUT, "empty query");
	case L_NOT:
		return qfail(BT_EINPUT, "NOT at character %zu needs a term on its left (write: a NOT b)", l->pos);
	default:
		return qfail(BT_EINPUT, "%s at character %zu needs a term on its left", lex_name(l->type), l->pos);
	}
}

static int parse_near(parser *p, qnode **out)
{
	qnode *a;
	int rc = parse_primary(p, &a);
	if (rc)
		return rc;
	while (peek(p)->type == L_NEAR) {
		const lexeme *op = peek(p);
		qnode *b, *n;
		p->i++;
		if (!starts_term(peek(p)->type))
			return missing_right(op, peek(p));
		if ((rc = parse_primary(p, &b)) != 0)
			return rc;
		if ((a->type != Q_PHRASE && a->type != Q_NEAR) || b->type != Q_PHRASE)
			return qfail(BT_EINPUT, "NEAR at character %zu joins words and \"phrases\", not groups", op->pos);
		b->nkeys = 0;
		if (b->glob || (a->type == Q_PHRASE && a->glob))
			return qfail(BT_EINPUT, "NEAR at character %zu: wildcards other than a final * are not allowed"
				     " inside NEAR", op->pos);
		if (a->type == Q_PHRASE) {
			a->nkeys = 0;
			if (!(n = new_node(p, Q_NEAR, op->pos)) || !(n->kids = mem_alloc(&p->out->mem, 2 * sizeof *n->kids)))
				return bt_fail_nomem();
			n->kids[0] = a;
			n->kids[1] = b;
			n->nkids = 2;
			n->dist = op->dist;
		} else {
			qnode **v = mem_alloc(&p->out->mem, (a->nkids + 1) * sizeof *v);
			if (!v)
				return bt_fail_nomem();
			memcpy(v, a->kids, a->nkids * sizeof *v);
			v[a->nkids] = b;
			a->kids = v;
			a->nkids++;
			if (op->dist > a->dist)
				a->dist = op->dist;
			n = a;
		}
		a = n;
	}
	*out = a;
	return 0;
}

static int parse_not(parser *p, qnode **out)
{
	qnode *a;
	int rc = parse_near(p, &a);
	if (rc)
		return rc;
	while (peek(p)->type == L_NOT) {
		const lexeme *op = peek(p);
		qnode *b, *n;
		p->i++;
		if (!starts_term(peek(p)->type))
			return missing_right(op, peek(p));
		if ((rc = parse_near(p, &b)) != 0)
			return rc;
		if (!(n = new_node(p, Q_NOT, op->pos)))
			return bt_fail_nomem();
		n->a = a, n->b = b;
		a = n;
	}
	*out = a;
	return 0;
}

static int parse_and(parser *p, qnode **out)
{
	qnode *a;
	int rc = parse_not(p, &a);
	if (rc)
		return rc;
	for (;;) {
		const lexeme *op = peek(p);
		qnode *b, *n;
		if (op->type == L_AND) {
			p->i++;
			if (!starts_term(peek(p)->type))
				return missing_right(op, peek(p));
		} else if (!starts_term(op->type)) {
			break;
		}
		if ((rc = parse_not(p, &b)) != 0)
			return rc;
		if (!(n = new_node(p, Q_AND, op->pos)))
			return bt_fail_nomem();
		n->a = a, n->b = b;
		a = n;
	}
	*out = a;
	return 0;
}

static int parse_or(parser *p, qnode **out)
{
	qnode *a;
	int rc = parse_and(p, &a);
	if (rc)
		return rc;
	while (peek(p)->type == L_OR) {
		const lexeme *op = peek(p);
		qnode *b, *n;
		p->i++;
		if (!starts_term(peek(p)->type))
			return missing_right(op, peek(p));
		if ((rc = parse_and(p, &b)) != 0)
			return rc;
		if (!(n = new_node(p, Q_OR, op->pos)))
			return bt_fail_nomem();
		n->a = a, n->b = b;
		a = n;
	}
	*out = a;
	return 0;
}

/* ---- FTS5 expression ---- */

static int put_string(bt_buf *b, char *const *toks, size_t n, int prefix)
{
	int rc = bt_buf_put(b, "\"", 1);
	for (size_t i = 0; !rc && i < n; i++) {
		if (i)
			rc = bt_buf_put(b, " ", 1);
		for (const char *s = toks[i]; !rc && *s; s++)
			rc = *s == '"' ? bt_buf_put(b, "\"\"", 2) : bt_buf_put(b, s, 1);
	}
	if (!rc)
		rc = bt_buf_puts(b, prefix ? "\" *" : "\"");
	return rc;
}

/* The index's words a pattern matched, or a phrase that matches nothing. */
static int emit_pattern(bt_buf *b, const qnode *n)
{
	int rc = bt_buf_put(b, "(", 1);
	if (!rc && !n->nalts)
		rc = bt_buf_puts(b, "text : \"-\"");
	for (size_t k = 0; !rc && k < n->nalts; k++) {
		if (k)
			rc = bt_buf_puts(b, " OR ");
		if (!rc)
			rc = bt_buf_puts(b, "text : ");
		if (!rc)
			rc = put_string(b, &n->alts[k], 1, 0);
	}
	return rc ? rc : bt_buf_put(b, ")", 1);
}

static int emit(bt_buf *b, const qnode *n)
{
	int rc = 0;
	switch (n->type) {
	case Q_PHRASE:
		if (n->glob)
			return emit_pattern(b, n);
		if (n->nkeys)
			rc = bt_buf_put(b, "(", 1);
		if (!rc)
			rc = bt_buf_puts(b, "text : ");
		if (!rc)
			rc = put_string(b, n->toks, n->ntok, n->prefix);
		for (size_t k = 0; !rc && k < n->nkeys; k++) {
			rc = bt_buf_puts(b, " OR name : ");
			if (!rc)
				rc = put_string(b, &n->keys[k], 1, 0);
		}
		if (!rc && n->nkeys)
			rc = bt_buf_put(b, ")", 1);
		return rc;
	case Q_NEAR:
		rc = bt_buf_puts(b, "text : NEAR(");
		for (size_t k = 0; !rc && k < n->nkids; k++) {
			if (k)
				rc = bt_buf_put(b, " ", 1);
			if (!rc)
				rc = put_string(b, n->kids[k]->toks, n->kids[k]->ntok, n->kids[k]->prefix);
		}
		if (!rc)
			rc = bt_buf_printf(b, ", %d)", n->dist);
		return rc;
	default:
		if ((rc = bt_buf_put(b, "(", 1)) != 0 || (rc = emit(b, n->a)) != 0)
			return rc;
		rc = bt_buf_puts(b, n->type == Q_AND ? " AND " : n->type == Q_OR ? " OR " : " NOT ");
		if (!rc)
			rc = emit(b, n->b);
		if (!rc)
			rc = bt_buf_put(b, ")", 1);
		return rc;
	}
}

static int collect_leaves(concord_query *q, qnode *n, size_t *cap)
{
	int rc;
	if (n->type == Q_PHRASE) {
		if (q->nleaves == *cap) {
			size_t c = *cap ? *cap * 2 : 8;
			qnode **v = mem_alloc(&q->mem, c * sizeof *v);
			if (!v)
				return bt_fail_nomem();
			if (q->nleaves)
				memcpy(v, q->leaves, q->nleaves * sizeof *v);
			q->leaves = v;
			*cap = c;
		}
		q->leaves[q->nleaves++] = n;
		return 0;
	}
	if (n->type == Q_NEAR) {
		for (size_t k = 0; k < n->nkids; k++)
			if ((rc = collect_leaves(q, n->kids[k], cap)) != 0)
				return rc;
		return 0;
	}
	if ((rc = collect_leaves(q, n->a, cap)) != 0)
		return rc;
	/* what follows NOT is never shown as a match */
	return n->type == Q_NOT ? 0 : collect_leaves(q, n->b, cap);
}

int bt_concord_query_parse(concord_query **out, const char *query, concord_tokenizer *tk, concord_keyer *keyer,
			const char *const *langs, int exact)
{
	parser p;
	concord_query *q;
	size_t len = strlen(query), cap = 0;
	int32_t i = 0;
	int rc;

	*out = NULL;
	if (len > BT_CONCORD_MAX_QUERY)
		return qfail(BT_ELIMIT, "too long: %zu bytes (at most %d)", len, BT_CONCORD_MAX_QUERY);
	while (i < (int32_t)len) {
		UChar32 c;
		int32_t at = i;
		U8_NEXT(query, i, (int32_t)len, c);
		if (c < 0)
			return qfail(BT_EINPUT, "not valid UTF-8 (byte %d)", (int)at);
	}
	if (!(q = bt_calloc(1, sizeof *q)))
		return bt_fail_nomem();
	memset(&p, 0, sizeof p);
	p.q = query;
	p.len = len;
	p.out = q;
	p.tk = tk;
	p.keyer = keyer;
	p.langs = langs;
	p.exact = exact;
	q->exact = exact;
	if ((rc = lex(&p)) != 0)
		goto done;
	if (p.lx[0].type == L_END) {
		rc = qfail(BT_EINPUT, "empty query");
		goto done;
	}
	if ((rc = parse_or(&p, &q->root)) != 0)
		goto done;
	if (peek(&p)->type != L_END) {
		const lexeme *l = peek(&p);
		rc = l->type == L_RP ? qfail(BT_EINPUT, "')' at character %zu has no '('", l->pos)
				     : qfail(BT_EINPUT, "unexpected %s at character %zu", lex_name(l->type), l->pos);
		goto done;
	}
	if ((rc = emit(&q->fts, q->root)) != 0 || (rc = collect_leaves(q, q->root, &cap)) != 0)
		goto done;
done:
	bt_free(p.lx);
	bt_concord_tokens_dispose(&p.toks);
	bt_buf_dispose(&p.key);
	if (rc) {
		bt_concord_query_free(q);
		return rc;
	}
	*out = q;
	return 0;
}

void bt_concord_query_free(concord_query *q)
{
	if (!q)
		return;
	mem_free(&q->mem);
	bt_buf_dispose(&q->fts);
	bt_free(q);
}

const char *bt_concord_query_fts(const concord_query *q)
{
	return q->fts.ptr;
}

/* ---- names one letter apart ---- */

static int add_key(concord_query *q, qnode *n, const char *key, size_t len)
{
	char **v;
	for (size_t i = 0; i < n->nkeys; i++)
		if (strlen(n->keys[i]) == len && memcmp(n->keys[i], key, len) == 0)
			return 0;
	if (!(v = mem_alloc(&q->mem, (n->nkeys + 1) * sizeof *v)))
		return bt_fail_nomem();
	if (n->nkeys)
		memcpy(v, n->keys, n->nkeys * sizeof *v);
	if (!(v[n->nkeys] = mem_strndup(&q->mem, key, len)))
		return bt_fail_nomem();
	n->keys = v;
	n->nkeys++;
	return 0;
}

/* Adds to each word's keys the keys in the index one edit away
 * (bt_name_key_relate: BT_NAMEREL_CLOSE), found by a shared first half or
 * a shared last half, which one edit always leaves. */
static int expand_node(concord_query *q, qnode *n, sqlite3_stmt *st)
{
	int rc = 0;
	if (n->type == Q_PHRASE) {
		size_t n0 = n->nkeys;
		for (size_t k = 0; k < n0 && !rc; k++) {
			const char *key = n->keys[k];
			size_t len = strlen(key), half = len / 2, rhalf = (len - 1) / 2, added = 0;
			char lo[128], hi[128], rlo[128], rhi[128];
			if (len < 5 || len >= sizeof lo - 1)
				continue;
			memcpy(lo, key, half), lo[half] = '\0';
			memcpy(hi, key, half), hi[half] = '\x7f', hi[half + 1] = '\0';
			for (size_t i = 0; i < rhalf; i++)
				rlo[i] = rhi[i] = key[len - 1 - i];
			rlo[rhalf] = '\0';
			rhi[rhalf] = '\x7f', rhi[rhalf + 1] = '\0';
			sqlite3_reset(st);
			sqlite3_bind_text(st, 1, lo, -1, SQLITE_TRANSIENT);
			sqlite3_bind_text(st, 2, hi, -1, SQLITE_TRANSIENT);
			sqlite3_bind_text(st, 3, rlo, -1, SQLITE_TRANSIENT);
			sqlite3_bind_text(st, 4, rhi, -1, SQLITE_TRANSIENT);
			while (!rc && added < 8 && sqlite3_step(st) == SQLITE_ROW) {
				const char *cand = (const char *)sqlite3_column_text(st, 0);
				size_t cl = (size_t)sqlite3_column_bytes(st, 0);
				if (cand && bt_name_key_relate(key, len, cand, cl) == BT_NAMEREL_CLOSE) {
					rc = add_key(q, n, cand, cl);
					added++;
				}
			}
			sqlite3_reset(st);
		}
		return rc;
	}
	if (n->type == Q_NEAR)
		return 0;
	if ((rc = expand_node(q, n->a, st)) != 0)
		return rc;
	return expand_node(q, n->b, st);
}

int bt_concord_query_expand(concord_query *q, bt_corpus *c)
{
	sqlite3_stmt *st;
	int rc = bt_store_prepare(c, &st,
				  "SELECT key FROM concord_keys WHERE key >= ?1 AND key < ?2"
				  " UNION SELECT key FROM concord_keys WHERE rkey >= ?3 AND rkey < ?4");
	if (rc)
		return rc;
	rc = expand_node(q, q->root, st);
	sqlite3_finalize(st);
	if (!rc) {
		bt_buf_clear(&q->fts);
		rc = emit(&q->fts, q->root);
	}
	return rc;
}

/* ---- wildcard words ---- */

static int pattern_node(concord_query *q, qnode *n, sqlite3_stmt *st)
{
	int rc = 0;
	if (n->type == Q_NEAR)
		return 0;
	if (n->type != Q_PHRASE)
		return (rc = pattern_node(q, n->a, st)) != 0 ? rc : pattern_node(q, n->b, st);
	if (!n->glob)
		return 0;
	sqlite3_reset(st);
	sqlite3_bind_text(st, 1, n->glob, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 2, BT_CONCORD_MAX_WILDCARD + 1);
	n->nalts = 0;
	if (!(n->alts = mem_alloc(&q->mem, (BT_CONCORD_MAX_WILDCARD + 1) * sizeof *n->alts)))
		return bt_fail_nomem();
	while (!rc && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *t = (const char *)sqlite3_column_text(st, 0);
		rc = 0;
		if (n->nalts == BT_CONCORD_MAX_WILDCARD)
			rc = qfail(BT_ELIMIT, "more than %d words of the corpus match '%s' at character %zu (make it longer)",
				   BT_CONCORD_MAX_WILDCARD, n->glob, n->pos);
		else if (!(n->alts[n->nalts++] = mem_strndup(&q->mem, t ? t : "", t ? strlen(t) : 0)))
			rc = bt_fail_nomem();
	}
	if (rc == SQLITE_DONE)
		rc = 0;
	else if (rc > 0)
		rc = bt_fail(BT_EDB, NULL, -1, -1, "the concordance index: %s", sqlite3_errmsg(sqlite3_db_handle(st)));
	sqlite3_reset(st);
	return rc;
}

/* What the index holds now, as 16 hex digits: a hash of FTS5's structure
 * record, which every write to the index changes. */
static int index_signature(bt_corpus *c, char out[17])
{
	sqlite3_stmt *st;
	int rc = bt_store_prepare(c, &st, "SELECT block FROM concord_fts_data WHERE id = 10");
	uint64_t h = BT_HASH_INIT;
	if (rc)
		return rc;
	if (sqlite3_step(st) == SQLITE_ROW)
		h = bt_hash(sqlite3_column_blob(st, 0), (size_t)sqlite3_column_bytes(st, 0));
	sqlite3_finalize(st);
	snprintf(out, 17, "%016llx", (unsigned long long)h);
	return 0;
}

/* The index's words in a table of their own with a trigram index
 * (concord_terms), so that a wildcard word is looked up, not found by
 * reading every word's list of segments (fts5vocab does, 0.8 s at 1M
 * pairs). Made again, in one transaction, when the index changed since it
 * was made (the setting concord_terms holds the index's signature then).
 * *ok is 1 when it is up to date, 0 when it is not and the corpus is
 * read-only (the caller reads fts5vocab). */
static int terms_table(bt_corpus *c, int *ok)
{
	char sig[17];
	bt_buf v = BT_BUF_INIT;
	int rc;
	*ok = 0;
	if ((rc = index_signature(c, sig)) != 0)
		return rc;
	rc = bt_store_get_setting(c, "concord_terms", &v);
	*ok = rc == 0 && strcmp(v.ptr, sig) == 0;
	bt_buf_dispose(&v);
	if (rc && rc != BT_ENOTFOUND)
		return rc;
	bt_error_clear();
	if (*ok || bt_store_readonly(c))
		return 0;
	if ((rc = bt_store_begin(c)) != 0)
		return rc;
	if ((rc = bt_store_exec(c, "CREATE VIRTUAL TABLE IF NOT EXISTS concord_terms USING fts5(term, tokenize='trigram case_sensitive 1');"
				   "DELETE FROM concord_terms;"
				   "INSERT INTO concord_terms(term) SELECT term FROM temp.concord_vocab WHERE col = 'text'")) != 0 ||
	    (rc = bt_store_set_setting(c, "concord_terms", sig)) != 0 || (rc = bt_store_commit(c)) != 0) {
		bt_store_rollback(c);
		return rc;
	}
	*ok = 1;
	return 0;
}

int bt_concord_query_patterns(concord_query *q, bt_corpus *c)
{
	sqlite3_stmt *st;
	int rc, terms;
	if (!q->has_glob)
		return 0;
	/* the index's own word list, as a temporary view of it */
	if ((rc = bt_store_exec(c, "CREATE VIRTUAL TABLE IF NOT EXISTS temp.concord_vocab"
				   " USING fts5vocab(main, concord_fts, col)")) != 0 ||
	    (rc = terms_table(c, &terms)) != 0)
		return rc;
	if ((rc = bt_store_prepare(c, &st, terms ? "SELECT term FROM concord_terms WHERE term GLOB ?1 LIMIT ?2"
						 : "SELECT term FROM temp.concord_vocab WHERE col = 'text' AND term GLOB ?1"
						   " LIMIT ?2")) != 0)
		return rc;
	rc = pattern_node(q, q->root, st);
	sqlite3_finalize(st);
	if (!rc) {
		bt_buf_clear(&q->fts);
		rc = emit(&q->fts, q->root);
	}
	return rc;
}

/* ---- marks: where a hit matches ---- */

static int span_cmp(const void *a, const void *b)
{
	const bt_concord_span *x = a, *y = b;
	return x->start < y->start ? -1 : x->start > y->start ? 1 : x->end < y->end ? -1 : x->end > y->end;
}

static int push_span(bt_concord_span **v, size_t *n, size_t *cap, size_t start, size_t end)
{
	if (*n == *cap) {
		size_t c = *cap ? *cap * 2 : 8;
		bt_concord_span *w = bt_realloc(*v, c * sizeof *w);
		if (!w)
			return bt_fail_nomem();
		*v = w;
		*cap = c;
	}
	(*v)[(*n)++] = (bt_concord_span){start, end};
	return 0;
}

/* Sorts spans and merges the ones that overlap. */
static void spans_merge(bt_concord_span *v, size_t *n)
{
	size_t w = 0;
	if (!*n)
		return;
	qsort(v, *n, sizeof *v, span_cmp);
	for (size_t r = 1; r < *n; r++) {
		if (v[r].start <= v[w].end) {
			if (v[r].end > v[w].end)
				v[w].end = v[r].end;
		} else {
			v[++w] = v[r];
		}
	}
	*n = w + 1;
}

static int tok_is(const concord_tokens *t, size_t i, const char *want, int prefix)
{
	const char *f = concord_tok_fold(t, i);
	size_t n = strlen(want);
	if (prefix)
		return t->v[i].nfold >= n && memcmp(f, want, n) == 0;
	return t->v[i].nfold == n && memcmp(f, want, n) == 0;
}

/* Exact spelling: do the tokens from i on read as the phrase was typed? */
static int same_surface(const concord_query *q, const qnode *ph, const char *text, const concord_tokens *t, size_t i,
			bt_buf *buf, int *ok)
{
	int rc;
	for (size_t j = 0; *ok && j < ph->ntok; j++) {
		const concord_token *k = &t->v[i + j];
		size_t n = strlen(ph->surf[j]);
		if ((rc = fold_case(buf, text + k->start, k->end - k->start, q->exact == CONCORD_EXACT_CASE)) != 0)
			return rc;
		if (ph->prefix && j + 1 == ph->ntok)
			*ok = buf->len >= n && memcmp(buf->ptr, ph->surf[j], n) == 0;
		else
			*ok = buf->len == n && memcmp(buf->ptr, ph->surf[j], n) == 0;
	}
	return 0;
}

int bt_concord_query_marks(const concord_query *q, concord_keyer *keyer, const char *lang, const char *text,
			const concord_tokens *t, bt_concord_span **marks, size_t *n)
{
	bt_concord_span *v = NULL;
	size_t nv = 0, cap = 0;
	bt_buf key = BT_BUF_INIT;
	int rc = 0;
	for (size_t l = 0; l < q->nleaves; l++) {
		const qnode *ph = q->leaves[l];
		for (size_t i = 0; i + ph->ntok <= t->n; i++) {
			int ok = 1;
			if (ph->glob) {
				ok = 0;
				for (size_t k = 0; !ok && k < ph->nalts; k++)
					ok = tok_is(t, i, ph->alts[k], 0);
				/* exact spelling: the word as typed, wildcards and all */
				if (ok && ph->sglob) {
					const concord_token *w = &t->v[i];
					if ((rc = fold_case(&key, text + w->start, w->end - w->start,
							    q->exact == CONCORD_EXACT_CASE)) != 0)
						goto done;
					ok = sqlite3_strglob(ph->sglob, key.ptr ? key.ptr : "") == 0;
				}
			}
			for (size_t j = 0; ok && !ph->glob && j < ph->ntok; j++)
				ok = tok_is(t, i + j, ph->toks[j], ph->prefix && j + 1 == ph->ntok);
			if (ok && ph->surf && (rc = same_surface(q, ph, text, t, i, &key, &ok)) != 0)
				goto done;
			if (!ok && ph->nkeys && t->v[i].cap) {
				if ((rc = bt_concord_key(keyer, &key, text + t->v[i].start, t->v[i].end - t->v[i].start,
						      lang)) != 0)
					goto done;
				for (size_t k = 0; !ok && k < ph->nkeys && key.len; k++)
					ok = strcmp(key.ptr, ph->keys[k]) == 0;
			}
			if (ok && (rc = push_span(&v, &nv, &cap, t->v[i].start, t->v[i + ph->ntok - 1].end)) != 0)
				goto done;
		}
	}
	spans_merge(v, &nv);
done:
	bt_buf_dispose(&key);
	if (rc) {
		bt_free(v);
		return rc;
	}
	*marks = v;
	*n = nv;
	return 0;
}

/* ---- search ---- */

/* Everything one search or stats run needs. */
typedef struct searcher {
	bt_corpus *c;
	const bt_concord_opts *o;
	concord_tokenizer *tk;
	concord_keyer *keyer;
	sqlite3_stmt *known; /* KNOWN_KEY_SQL, lent to the keyer */
	concord_query *q;
	bt_store_match *hits;
	bt_store_match_opts mo; /* what hits was opened with */
	bt_store_hit hit; /* the last hit's side, pair and date */
	concord_tokens toks, other;
	concord_tokens has, lacks; /* --tgt-has, --tgt-lacks */
	int tr;               /* 1: they are applied by the index of translations
				 (concord_tr.c), with tr_match (tr_not: the
				 hits it does not match) */
	int tr_not;
	bt_buf tr_match;
	bt_buf key, buf;
	bt_buf others, others_text; /* o->other_languages: a link's kept tuvs */
	int lv[BT_CONCORD_MAX_LEVELS]; /* sort levels: -n for nL, n for nR */
	size_t n_lv;
	concord_lex *lex;     /* the corpus's word model, NULL: none (model_page(),
				 model_sampled() use it once the hits are loaded) */
	bt_word_links wl;     /* the last hit's word alignment */
	bt_concord_span model; /* what the model links the first match to, in the
				  other side's text ({0, 0}: nothing) */
} searcher;

/* o->sort_by ("1R,2R,1L") into s->lv. */
static int parse_levels(searcher *s, const char *spec)
{
	const char *p = spec;
	s->n_lv = 0;
	if (!spec || !*spec)
		return 0;
	for (;;) {
		if (s->n_lv == BT_CONCORD_MAX_LEVELS || p[0] < '1' || p[0] > '9' || !strchr("LlRr", p[1]) || !p[1] ||
		    (p[2] != ',' && p[2] != '\0'))
			return bt_fail(BT_EUSAGE, NULL, -1, -1,
				       "sort '%s': levels are positions like 1L or 2R, comma-separated, at most %d",
				       spec, BT_CONCORD_MAX_LEVELS);
		s->lv[s->n_lv++] = (p[1] == 'L' || p[1] == 'l') ? -(p[0] - '0') : p[0] - '0';
		if (p[2] == '\0')
			return 0;
		p += 3;
	}
}

static void searcher_dispose(searcher *s)
{
	bt_word_links_dispose(&s->wl);
	if (s->keyer)
		bt_concord_keyer_known(s->keyer, NULL);
	sqlite3_finalize(s->known);
	bt_store_match_free(s->hits);
	bt_concord_query_free(s->q);
	bt_concord_tokenizer_free(s->tk);
	bt_concord_tokens_dispose(&s->toks);
	bt_concord_tokens_dispose(&s->other);
	bt_concord_tokens_dispose(&s->has);
	bt_concord_tokens_dispose(&s->lacks);
	bt_buf_dispose(&s->key);
	bt_buf_dispose(&s->buf);
	bt_buf_dispose(&s->others);
	bt_buf_dispose(&s->others_text);
	bt_buf_dispose(&s->tr_match);
}

static int check_date(const char *d, const char *what)
{
	size_t n = d ? strlen(d) : 0;
	static const char *const shape = "dddd-dd-dd";
	if (!d)
		return 0;
	if (n != 4 && n != 7 && n != 10)
		goto bad;
	for (size_t i = 0; i < n; i++)
		if (shape[i] == 'd' ? (d[i] < '0' || d[i] > '9') : d[i] != '-')
			goto bad;
	return 0;
bad:
	return bt_fail(BT_EUSAGE, NULL, -1, -1, "bad %s date '%s' (use YYYY, YYYY-MM or YYYY-MM-DD)", what, d);
}

/* The row id range of a pair's segments: filtering by rowid lets FTS5
 * skip the rest of the index. */
static int doc_range(searcher *s, long long *lo, long long *hi)
{
	int exists = 0, rc = bt_store_pair_seg_range(s->c, s->o->doc, lo, hi, &exists);
	if (!rc && !exists)
		rc = bt_fail(BT_ENOTFOUND, NULL, -1, -1, "no pair '%s' in the corpus", s->o->doc);
	return rc;
}

/* Indexes what others wrote (segments, or links whose translations wait
 * in concord_tr_pending), when we may write; *tr_ready: whether the index
 * of translations can be read then (translation_filter()). */
static int catch_up(bt_corpus *c, int *tr_ready)
{
	long long n = 0;
	bt_buf v = BT_BUF_INIT;
	int rc, stale;
	if ((rc = bt_concord_tr_ready(c, tr_ready)) != 0 || bt_store_readonly(c) ||
	    (rc = bt_concord_pending(c, &n)) != 0)
		return rc;
	rc = bt_store_get_setting(c, "concord_keys", &v);
	stale = rc == BT_ENOTFOUND || (rc == 0 && strcmp(v.ptr, bt_concord_key_version()) != 0);
	bt_buf_dispose(&v);
	if (rc && rc != BT_ENOTFOUND)
		return rc;
	if (n == 0 && !stale && *tr_ready)
		return 0;
	/* the commit indexes the queue */
	if ((rc = bt_store_begin(c)) != 0 || (rc = bt_store_commit(c)) != 0)
		return rc;
	return bt_concord_tr_ready(c, tr_ready);
}

static int exact_mode(const bt_concord_opts *o)
{
	return o->match_case ? CONCORD_EXACT_CASE : o->exact_spelling ? CONCORD_EXACT_SPELLING : 0;
}

/* --tgt-has or --tgt-lacks, and not by the index of translations */
static int words_filtered(const searcher *s)
{
	return (s->o->tgt_has || s->o->tgt_lacks) && !s->tr;
}

/* Filters the index cannot apply: each hit is read and checked. */
static int post_filtered(const searcher *s)
{
	return s->o->use_min_score || exact_mode(s->o) || words_filtered(s);
}

/* Words in a row, as an FTS5 phrase. */
static int put_phrase(bt_buf *b, const concord_tokens *w)
{
	int rc = bt_buf_put(b, "\"", 1);
	for (size_t i = 0; !rc && i < w->n; i++) {
		const char *t = concord_tok_fold(w, i);
		if (i)
			rc = bt_buf_put(b, " ", 1);
		for (; !rc && *t; t++) /* a token has no quote; doubled if it had */
			rc = bt_buf_put(b, t, *t == '"' ? 2 : 1);
	}
	return rc ? rc : bt_buf_put(b, "\"", 1);
}

/* --tgt-has and --tgt-lacks as a MATCH of concord_tr, when it is ready:
 * the rows (aligned segments) whose translation has the words, and not
 * the others; lacking alone, the hits that have a row but that the words
 * do not match (tr_not): read beside the hits, the rows of the words are
 * fewer than those that lack them. */
static int translation_filter(searcher *s, int ready)
{
	const bt_concord_opts *o = s->o;
	int rc;
	if ((!o->tgt_has && !o->tgt_lacks) || !ready)
		return 0;
	bt_buf_clear(&s->tr_match);
	s->tr_not = !o->tgt_has;
	rc = put_phrase(&s->tr_match, o->tgt_has ? &s->has : &s->lacks);
	if (!rc && o->tgt_has && o->tgt_lacks && (rc = bt_buf_puts(&s->tr_match, " NOT ")) == 0)
		rc = put_phrase(&s->tr_match, &s->lacks);
	s->tr = rc == 0;
	return rc;
}

/* The words of a --tgt-has or --tgt-lacks filter, as index tokens. */
static int filter_words(searcher *s, const char *words, const char *opt, concord_tokens *out)
{
	int rc;
	if (!words)
		return 0;
	if (strlen(words) > BT_CONCORD_MAX_QUERY)
		return bt_fail(BT_ELIMIT, NULL, -1, -1, "%s: too long (at most %d bytes)", opt, BT_CONCORD_MAX_QUERY);
	if ((rc = bt_concord_tokenize(s->tk, words, strlen(words), out)) != 0)
		return rc;
	if (!out->n)
		return bt_fail(BT_EINPUT, NULL, -1, -1, "%s '%s': nothing to search for (a word needs a letter or digit)",
			       opt, words);
	return 0;
}

static int searcher_open(searcher *s, bt_corpus *c, const char *query, const bt_concord_opts *o, int stats)
{
	const char *langs[3] = {bt_corpus_src_lang(c), bt_corpus_tgt_lang(c), NULL};
	bt_store_match_opts m = {0};
	long long lo = 0, hi = 0;
	int rc, tr_ready = 0;

	memset(s, 0, sizeof *s);
	s->c = c;
	s->o = o;
	if (o->sides < 0 || o->sides > BT_CONCORD_BOTH)
		return bt_fail(BT_EUSAGE, NULL, -1, -1, "bad side %d", o->sides);
	if (o->sort < BT_CONCORD_SORT_DOC || o->sort > BT_CONCORD_SORT_DATE)
		return bt_fail(BT_EUSAGE, NULL, -1, -1, "bad sort %d", o->sort);
	if ((rc = parse_levels(s, o->sort_by)) != 0)
		return rc;
	if (o->limit > BT_CONCORD_MAX_LIMIT)
		return bt_fail(BT_EUSAGE, NULL, -1, -1, "limit %zu is more than %d", o->limit, BT_CONCORD_MAX_LIMIT);
	if (o->use_min_score && !isfinite(o->min_score))
		return bt_fail(BT_EUSAGE, NULL, -1, -1, "bad minimum score");
	if ((rc = check_date(o->since, "since")) != 0 || (rc = check_date(o->until, "until")) != 0)
		return rc;
	if ((rc = bt_concord_tokenizer_open(&s->tk, bt_store_db(c))) != 0 || (rc = bt_concord_keyer_shared(&s->keyer)) != 0)
		return rc;
	/* no such table in a corpus indexed before it existed, opened
	 * read-only: keys are made instead */
	if (sqlite3_prepare_v2(bt_store_db(c), KNOWN_KEY_SQL, -1, &s->known, NULL) == SQLITE_OK)
		bt_concord_keyer_known(s->keyer, s->known);
	if ((rc = bt_concord_query_parse(&s->q, query, s->tk, s->keyer, langs, exact_mode(o))) != 0 ||
	    (rc = filter_words(s, o->tgt_has, "--tgt-has", &s->has)) != 0 ||
	    (rc = filter_words(s, o->tgt_lacks, "--tgt-lacks", &s->lacks)) != 0)
		return rc;
	if ((rc = catch_up(c, &tr_ready)) != 0 || (rc = translation_filter(s, tr_ready)) != 0)
		return rc;
	if ((rc = bt_concord_query_patterns(s->q, c)) != 0)
		return rc;
	if (!exact_mode(o) && (rc = bt_concord_query_expand(s->q, c)) != 0)
		return rc;
	if (o->doc && (rc = doc_range(s, &lo, &hi)) != 0)
		return rc;

	m.table = "concord_fts";
	m.match = bt_concord_query_fts(s->q);
	m.side = o->sides == BT_CONCORD_TGT ? 1 : o->sides == BT_CONCORD_BOTH ? -1 : 0;
	m.pair = o->doc, m.lo = lo, m.hi = hi;
	m.since = o->since, m.until = o->until;
	m.by_date = !stats && !s->n_lv && o->sort == BT_CONCORD_SORT_DATE;
	/* the statement pages itself unless hits are filtered by score here
	 * or sorted by their text */
	m.limit = !stats && !s->n_lv && (o->sort == BT_CONCORD_SORT_DOC || o->sort == BT_CONCORD_SORT_DATE) &&
			  !post_filtered(s)
			  ? (long long)(o->limit ? o->limit : 20) + 1
			  : -1;
	m.offset = (long long)o->offset;
	m.runs = "concord_runs";
	m.what = "the concordance index";
	m.fix = "try `bitext concord --reindex`";
	if (s->tr) {
		m.filter = "concord_tr";
		m.filter_match = s->tr_match.ptr;
		m.filter_not = s->tr_not;
	}
	s->mo = m;
	return bt_store_match_open(&s->hits, c, &m);
}

/* The next hit's segment id. */
static int next_hit(searcher *s, long long *id)
{
	int rc = bt_store_match_next(s->hits, &s->hit);
	if (!rc)
		*id = s->hit.id;
	return rc;
}

static int query_has_key(const concord_query *q, const char *key)
{
	for (size_t l = 0; l < q->nleaves; l++)
		for (size_t k = 0; k < q->leaves[l]->nkeys; k++)
			if (strcmp(q->leaves[l]->keys[k], key) == 0)
				return 1;
	return 0;
}

/* Marks where the words of `term` occur in a row in the other side. */
static int mark_term(searcher *s, const char *term, size_t len, bt_concord_span **v, size_t *nv, size_t *cap)
{
	concord_tokens et = {0};
	int rc = bt_concord_tokenize(s->tk, term, len, &et);
	for (size_t j = 0; !rc && et.n && j + et.n <= s->other.n; j++) {
		int ok = 1;
		for (size_t k = 0; ok && k < et.n; k++)
			ok = tok_is(&s->other, j + k, concord_tok_fold(&et, k), 0);
		if (ok)
			rc = push_span(v, nv, cap, s->other.v[j].start, s->other.v[j + et.n - 1].end);
	}
	bt_concord_tokens_dispose(&et);
	return rc;
}

/* The glossary bitext ships for a direction, loaded once per thread and
 * kept (bt_concord_cache_release()). */
static _Thread_local struct own_dict {
	char from[32], to[32];
	bt_dict *d;
	int tried;
} own_dicts[2];

static bt_dict *own_glossary(searcher *s, int side)
{
	const char *from = side == BT_SIDE_SRC ? bt_corpus_src_lang(s->c) : bt_corpus_tgt_lang(s->c);
	const char *to = side == BT_SIDE_SRC ? bt_corpus_tgt_lang(s->c) : bt_corpus_src_lang(s->c);
	struct own_dict *o = &own_dicts[side == BT_SIDE_SRC ? 0 : 1];
	if (o->tried && strcmp(o->from, from) == 0 && strcmp(o->to, to) == 0)
		return o->d;
	bt_dict_free(o->d);
	o->d = NULL;
	o->tried = 1;
	snprintf(o->from, sizeof o->from, "%s", from);
	snprintf(o->to, sizeof o->to, "%s", to);
	if (bt_dict_new(&o->d) == 0 && bt_dict_load_default(o->d, from, to) != 0) {
		bt_dict_free(o->d); /* none for these languages */
		o->d = NULL;
	}
	return o->d;
}

void bt_concord_cache_release(void)
{
	for (int i = 0; i < 2; i++) {
		bt_dict_free(own_dicts[i].d);
		memset(&own_dicts[i], 0, sizeof own_dicts[i]);
	}
	bt_concord_keyer_release();
	bt_concord_lex_release();
}

/* A glossary entry's term marked in the other side (find_equivs()). */
struct mark_ctx {
	searcher *s;
	bt_concord_span **v;
	size_t *nv, *cap;
};

static int mark_entry(void *ud, const char *term)
{
	struct mark_ctx *mc = ud;
	return mark_term(mc->s, term, strlen(term), mc->v, mc->nv, mc->cap);
}

/* Does the text between two spans hold at most one word? */
static int near_words(const char *t, size_t from, size_t to)
{
	int words = 0, in = 0;
	for (size_t i = from; i < to; i++) {
		int sp = t[i] == ' ' || t[i] == '\t' || t[i] == '\n';
		words += !sp && !in;
		in = !sp;
	}
	return words <= 1;
}

/* What the corpus's word model links the match to in the other side
 * (every mark), and, in s->model, the first match's: its linked words from
 * the first to the last when at most a word apart, else the first. */
static int model_equivs(searcher *s, const bt_concord_hit *h, size_t k, bt_concord_span **v, size_t *nv, size_t *cap)
{
	int own_src = h->side == BT_SIDE_SRC, rc;
	const char *other = own_src ? h->tgt : h->src;
	size_t group = 0;
	s->model = (bt_concord_span){0, 0};
	if (!s->lex)
		return 0;
	if ((rc = bt_concord_lex_align(s->lex, &s->wl, k)) != 0)
		return rc;
	/* the first match: its marks with only spaces between (a phrase) */
	while (group + 1 < h->n_marks && h->marks[group].end <= h->marks[group + 1].start &&
	       strspn(h->text + h->marks[group].end, " ") >= h->marks[group + 1].start - h->marks[group].end)
		group++;
	for (size_t k = 0; k < h->n_marks; k++) {
		size_t ms = h->offset + h->marks[k].start, me = h->offset + h->marks[k].end;
		int first = k <= group;
		for (size_t x = 0; x < s->wl.n; x++) {
			const bt_word_link *w = &s->wl.v[x];
			size_t a = own_src ? w->src_start : w->tgt_start, b = own_src ? w->src_end : w->tgt_end;
			size_t oa = own_src ? w->tgt_start : w->src_start, ob = own_src ? w->tgt_end : w->src_end;
			if (!(a < me && ms < b))
				continue;
			if ((rc = push_span(v, nv, cap, oa, ob)) != 0)
				return rc;
			if (!first)
				continue;
			if (s->model.end == 0)
				s->model = (bt_concord_span){oa, ob};
			else if (oa >= s->model.end && near_words(other, s->model.end, oa))
				s->model.end = ob;
			else if (ob <= s->model.start && near_words(other, ob, s->model.start))
				s->model.start = oa;
		}
	}
	return 0;
}

/* The other side's words that say the same as the match: same name key,
 * same spelling, or a glossary entry (the corpus's or bitext's own). */
static int find_equivs(searcher *s, struct bt_concord_mem *m, bt_concord_hit *h, const char *other,
		       const char *other_lang)
{
	bt_concord_span *v = NULL;
	size_t nv = 0, cap = 0;
	const concord_tokens *mt = &s->toks;
	int rc;
	s->model = (bt_concord_span){0, 0};
	if (!h->n_marks || !*other)
		return 0;
	if ((rc = bt_concord_tokenize(s->tk, other, strlen(other), &s->other)) != 0)
		return rc;
	for (size_t i = 0; i < mt->n; i++) {
		const concord_token *a = &mt->v[i];
		int in = 0;
		char akey[256] = "";
		for (size_t k = 0; k < h->n_marks && !in; k++)
			in = a->start >= h->marks[k].start && a->end <= h->marks[k].end;
		if (!in || a->nfold < 2)
			continue;
		if (a->cap) {
			if ((rc = bt_concord_key(s->keyer, &s->key, h->text + a->start, a->end - a->start, h->lang)) != 0)
				goto done;
			if (s->key.len && s->key.len < sizeof akey)
				memcpy(akey, s->key.ptr, s->key.len + 1);
		}
		for (size_t j = 0; j < s->other.n; j++) {
			const concord_token *b = &s->other.v[j];
			int same = b->nfold == a->nfold &&
				   memcmp(concord_tok_fold(&s->other, j), concord_tok_fold(mt, i), a->nfold) == 0;
			if (!same && akey[0] && b->cap) {
				if ((rc = bt_concord_key(s->keyer, &s->key, other + b->start, b->end - b->start,
						      other_lang)) != 0)
					goto done;
				/* the match's own key, or one the query asked for
				 * (Loeksjenko found by Lukashenko: Lukashenko) */
				same = s->key.len && (strcmp(s->key.ptr, akey) == 0 || query_has_key(s->q, s->key.ptr));
			}
			if (same && (rc = push_span(&v, &nv, &cap, b->start, b->end)) != 0)
				goto done;
		}
	}
	/* glossary: the first match as written, and in lower case */
	{
		const char *mtext = h->text + h->match.start;
		size_t mlen = h->match.end - h->match.start;
		UChar u[256], lu[512];
		char lower[1024];
		int32_t un = 0, ln = 0, bn = 0;
		UErrorCode st = U_ZERO_ERROR;
		struct mark_ctx mc = {s, &v, &nv, &cap};
		u_strFromUTF8(u, 256, &un, mtext, (int32_t)mlen, &st);
		if (U_SUCCESS(st) && un <= 256)
			ln = u_strToLower(lu, 512, u, un, "", &st);
		if (U_SUCCESS(st) && ln <= 512)
			u_strToUTF8(lower, sizeof lower, &bn, lu, ln, &st);
		if (U_FAILURE(st) || bn >= (int32_t)sizeof lower)
			bn = 0;
		if ((rc = bt_store_glossary_lookup(s->c, h->side, mtext, mlen, lower, (size_t)bn,
						   mark_entry, &mc)) != 0)
			goto done;
	}
	{
		bt_dict *d = own_glossary(s, h->side);
		long e = d ? bt_dict_find(d, h->text + h->match.start, h->match.end - h->match.start) : -1;
		uint32_t it = 0;
		const char *t;
		size_t tl;
		if (e < -1) { /* out of memory, not "no entry" */
			rc = BT_ENOMEM;
			goto done;
		}
		while (e >= 0 && (t = bt_dict_next(d, (size_t)e, &it, &tl)) != NULL)
			if ((rc = mark_term(s, t, tl, &v, &nv, &cap)) != 0)
				goto done;
	}
	spans_merge(v, &nv);
	if (nv) {
		bt_concord_span *e = mem_alloc(m, nv * sizeof *e);
		if (!e) {
			rc = bt_fail_nomem();
			goto done;
		}
		memcpy(e, v, nv * sizeof *e);
		h->equiv = e;
		h->n_equiv = nv;
	}
	rc = 0;
done:
	bt_free(v);
	return rc;
}

/* Joins the segments [first, first+n) of one side of a pair. */
static int side_text(searcher *s, struct bt_concord_mem *m, const char *pair, int side, unsigned first, unsigned n,
		     const char **out)
{
	bt_store_segs *it = NULL;
	bt_store_seg g;
	int rc;
	bt_buf_clear(&s->buf);
	if ((rc = bt_store_segs_open(&it, s->c, pair, side, first, n)) != 0)
		return rc;
	while ((rc = bt_store_segs_next(it, &g)) == 0)
		if ((s->buf.len && (rc = bt_buf_put(&s->buf, " ", 1)) != 0) || (rc = bt_buf_put(&s->buf, g.text, g.len)) != 0)
			break;
	bt_store_segs_free(it);
	if (rc != BT_ITEROVER)
		return rc;
	if (!(*out = mem_strndup(m, s->buf.ptr ? s->buf.ptr : "", s->buf.len)))
		return bt_fail_nomem();
	return 0;
}

/* The segment's fields copied into the hit (bt_store_seg_get()). */
struct seg_copy {
	struct bt_concord_mem *m;
	bt_concord_hit *h;
};

static int copy_seg(void *ud, const bt_store_seg *g)
{
	struct seg_copy *sc = ud;
	bt_concord_hit *h = sc->h;
	h->ordinal = g->ordinal;
	h->side = g->side ? BT_SIDE_TGT : BT_SIDE_SRC;
	if (!(h->text = mem_strndup(sc->m, g->text, g->len)) ||
	    !(h->lang = mem_strndup(sc->m, g->lang ? g->lang : "", g->lang ? strlen(g->lang) : 0)) ||
	    !(h->doc = mem_strndup(sc->m, g->pair ? g->pair : "", g->pair ? strlen(g->pair) : 0)) ||
	    !(h->date = mem_strndup(sc->m, g->date ? g->date : "", g->date ? strlen(g->date) : 0)))
		return bt_fail_nomem();
	return 0;
}

/* Appends s[0, n) with XML's entities replaced (&amp; &lt; &gt; &quot;
 * &apos; and &#N; &#xN; below 128; another stays as written). */
static int put_unescaped(bt_buf *out, const char *s, size_t n)
{
	static const char *const ent[] = {"&amp;", "&", "&lt;", "<", "&gt;", ">", "&quot;", "\"", "&apos;", "'"};
	int rc = 0;
	for (size_t i = 0; i < n && !rc;) {
		size_t k = 0;
		const char *rep = NULL;
		for (size_t e = 0; e < sizeof ent / sizeof ent[0] && s[i] == '&'; e += 2)
			if (n - i >= strlen(ent[e]) && memcmp(s + i, ent[e], strlen(ent[e])) == 0)
				rep = ent[e + 1], k = strlen(ent[e]);
		if (!rep && s[i] == '&' && i + 2 < n && s[i + 1] == '#') {
			char *end;
			long v = s[i + 2] == 'x' ? strtol(s + i + 3, &end, 16) : strtol(s + i + 2, &end, 10);
			if ((size_t)(end - s) < n && *end == ';' && v > 0 && v < 128) {
				char c = (char)v;
				rc = bt_buf_put(out, &c, 1);
				i = (size_t)(end - s) + 1;
				continue;
			}
		}
		rc = rep ? bt_buf_puts(out, rep) : bt_buf_put(out, s + i, 1);
		i += rep ? k : 1;
	}
	return rc;
}

/* The text of each kept <tuv> of `xml` (a TMX unit's other languages, as
 * import-tmx kept them) as "TAG<TAB>text\n": the <seg>'s text without its
 * inline codes' content (which is native code), entities replaced. */
static int others_text(bt_buf *out, const char *xml)
{
	const char *p = xml, *tuv;
	int rc = 0;
	bt_buf_clear(out);
	while (!rc && (tuv = strstr(p, "<tuv")) != NULL) {
		const char *gt = strchr(tuv, '>'), *lang, *seg, *end, *q;
		int codes = 0;
		if (!gt)
			break;
		lang = strstr(tuv, "lang=\"");
		seg = strstr(gt, "<seg");
		end = seg ? strstr(seg, "</seg>") : NULL;
		if (!lang || lang > gt || !seg || !end || !(seg = strchr(seg, '>')))
			break;
		lang += 6;
		if ((rc = bt_buf_put(out, lang, strcspn(lang, "\""))) != 0 || (rc = bt_buf_put(out, "\t", 1)) != 0)
			break;
		for (q = seg + 1; q < end && !rc;) {
			const char *lt = memchr(q, '<', (size_t)(end - q)), *tg;
			if (!codes && (rc = put_unescaped(out, q, (size_t)((lt ? lt : end) - q))) != 0)
				break;
			if (!lt || !(tg = strchr(lt, '>')))
				break;
			/* bpt ept ph it ut hold native code; hi holds text */
			if (strncmp(lt + 1, "hi", 2) != 0 && strncmp(lt + 2, "hi", 2) != 0 && tg[-1] != '/')
				codes += lt[1] == '/' ? -1 : 1;
			q = tg + 1;
		}
		if (!rc)
			rc = bt_buf_put(out, "\n", 1);
		p = end + 6;
	}
	return rc;
}

/* The link's texts in other languages into h->others (opts->other_languages). */
static int load_others(searcher *s, struct bt_concord_mem *m, bt_concord_hit *h, unsigned src_first, unsigned tgt_first)
{
	int rc;
	if ((rc = bt_store_link_others(s->c, h->doc, src_first, tgt_first, &s->others)) != 0 ||
	    (rc = others_text(&s->others_text, s->others.ptr ? s->others.ptr : "")) != 0)
		return rc;
	if (!(h->others = mem_strndup(m, s->others_text.ptr ? s->others_text.ptr : "", s->others_text.len)))
		return bt_fail_nomem();
	return 0;
}

/* Reads the segment and its link. With `full`, also the aligned texts,
 * the marks and the equivalents. */
/* Where the hit starts in its side's text. */
static size_t hit_offset(const bt_concord_hit *h)
{
	const char *all = h->side == BT_SIDE_SRC ? h->src : h->tgt;
	const char *at = strstr(all, h->text);
	return at ? (size_t)(at - all) : 0;
}

/* Both sides' text of a hit, its offset, and the link's other languages
 * if asked; for a hit with no link, its own text. */
static int hit_texts(searcher *s, struct bt_concord_mem *m, bt_concord_hit *h, const unsigned first[2],
		     const unsigned count[2])
{
	int rc, own;
	if (!h->aligned) {
		h->src = h->side == BT_SIDE_SRC ? h->text : "";
		h->tgt = h->side == BT_SIDE_TGT ? h->text : "";
		return 0;
	}
	/* the hit's own side, when the link has only the hit there, is its
	 * text */
	own = count[h->side] == 1 && first[h->side] == h->ordinal ? h->side : -1;
	if (own >= 0)
		*(own ? &h->tgt : &h->src) = h->text;
	if ((own != 0 && (rc = side_text(s, m, h->doc, 0, first[0], count[0], &h->src)) != 0) ||
	    (own != 1 && (rc = side_text(s, m, h->doc, 1, first[1], count[1], &h->tgt)) != 0))
		return rc;
	h->offset = hit_offset(h);
	return s->o->other_languages ? load_others(s, m, h, first[0], first[1]) : 0;
}

/* What load_hit() reads: the segment and its link; also both sides' text;
 * also the marks of the match and of its equivalents. */
enum { LOAD_LINK = 0, LOAD_FULL = 1, LOAD_TEXTS = 2 };

static int load_hit(searcher *s, struct bt_concord_mem *m, long long id, int full, bt_concord_hit *h)
{
	struct seg_copy sc = {m, h};
	unsigned first[2] = {0, 0}, count[2] = {0, 0};
	bt_link l;
	int rc = 0, found = 0;
	memset(h, 0, sizeof *h);
	h->segment = id, h->others = "";
	if ((rc = bt_store_seg_get(s->c, id, copy_seg, &sc)) != 0)
		return rc == BT_ENOTFOUND ? bt_fail(BT_EDB, bt_store_path(s->c), -1, -1,
						    "the concordance index names segment %lld, which does not exist;"
						    " try `bitext concord --reindex`", id)
					  : rc;
	if ((rc = bt_store_link_at(s->c, h->doc, h->side, h->ordinal, &l, &found)) != 0)
		return rc;
	if (found) {
		first[0] = (unsigned)l.src_first;
		count[0] = (unsigned)l.src_n;
		first[1] = (unsigned)l.tgt_first;
		count[1] = (unsigned)l.tgt_n;
		h->score = l.score;
		/* the nearest link at or before the segment must cover it */
		h->aligned = h->side == BT_SIDE_SRC ? h->ordinal < first[0] + count[0]
						       : h->ordinal < first[1] + count[1];
	}
	if (!h->aligned) {
		h->score = 0;
		first[0] = first[1] = count[0] = count[1] = 0;
	}
	h->src_n = count[0];
	h->tgt_n = count[1];
	if (!full)
		return 0;

	if ((rc = hit_texts(s, m, h, first, count)) != 0)
		return rc;
	if (full == LOAD_TEXTS)
		return 0;

	if ((rc = bt_concord_tokenize(s->tk, h->text, strlen(h->text), &s->toks)) != 0)
		return rc;
	{
		bt_concord_span *v = NULL;
		size_t n = 0;
		if ((rc = bt_concord_query_marks(s->q, s->keyer, h->lang, h->text, &s->toks, &v, &n)) != 0)
			return rc;
		if (n) {
			bt_concord_span *e = mem_alloc(m, n * sizeof *e);
			if (!e) {
				bt_free(v);
				return bt_fail_nomem();
			}
			memcpy(e, v, n * sizeof *e);
			h->marks = e;
			h->n_marks = n;
			h->match = e[0];
		} else {
			/* a match the index saw that our own pass does not find
			 * (should not happen): show the segment whole */
			h->match = (bt_concord_span){0, 0};
		}
		bt_free(v);
	}
	if (h->aligned)
		return find_equivs(s, m, h, h->side == BT_SIDE_SRC ? h->tgt : h->src,
				   h->side == BT_SIDE_SRC ? bt_corpus_tgt_lang(s->c) : bt_corpus_src_lang(s->c));
	return 0;
}

/* Sort keys for left and right sorting: folded words, nearest first. */
typedef struct sort_item {
	sqlite3_int64 id;
	char *key;
} sort_item;

static int sort_item_cmp(const void *a, const void *b)
{
	const sort_item *x = a, *y = b;
	int c = strcmp(x->key, y->key);
	return c ? c : (x->id > y->id) - (x->id < y->id);
}

/* The folded word at sort level lv (-n: n-th left of the match, n: n-th
 * right of it), "" when the segment has none there. */
static const char *level_word(const searcher *s, const bt_concord_hit *h, int lv)
{
	int k = 0;
	if (lv < 0) {
		for (size_t i = s->toks.n; i-- > 0;)
			if (s->toks.v[i].end <= h->match.start && ++k == -lv)
				return concord_tok_fold(&s->toks, i);
		return "";
	}
	for (size_t i = 0; i < s->toks.n; i++)
		if (s->toks.v[i].start >= h->match.end && ++k == lv)
			return concord_tok_fold(&s->toks, i);
	return "";
}

static int sort_key(searcher *s, struct bt_concord_mem *m, const bt_concord_hit *h, int left, char **out)
{
	bt_buf *b = &s->key;
	int rc = 0;
	bt_buf_clear(b);
	if (h->n_marks == 0) {
		*out = "";
		return 0;
	}
	if (s->n_lv) {
		for (size_t l = 0; !rc && l < s->n_lv; l++)
			if ((rc = bt_buf_puts(b, level_word(s, h, s->lv[l]))) == 0)
				rc = bt_buf_put(b, "\x01", 1);
	} else if (left) {
		for (size_t i = s->toks.n; !rc && i-- > 0;) {
			if (s->toks.v[i].end > h->match.start)
				continue;
			rc = bt_buf_puts(b, concord_tok_fold(&s->toks, i));
			if (!rc)
				rc = bt_buf_put(b, "\x01", 1);
		}
	} else {
		for (size_t i = 0; !rc && i < s->toks.n; i++) {
			if (s->toks.v[i].start < h->match.start)
				continue;
			rc = bt_buf_puts(b, concord_tok_fold(&s->toks, i));
			if (!rc)
				rc = bt_buf_put(b, "\x01", 1);
		}
	}
	if (rc)
		return rc;
	if (!(*out = mem_strndup(m, b->ptr ? b->ptr : "", b->len)))
		return bt_fail_nomem();
	return 0;
}

void bt_concord_page_dispose(bt_concord_page *p)
{
	if (!p)
		return;
	bt_free(p->hits);
	if (p->mem) {
		mem_free(p->mem);
		bt_free(p->mem);
	}
	memset(p, 0, sizeof *p);
}

static int page_push(bt_concord_page *p, size_t *cap, bt_concord_hit **slot)
{
	if (p->n == *cap) {
		size_t c = *cap ? *cap * 2 : 32;
		bt_concord_hit *v = bt_realloc(p->hits, c * sizeof *v);
		if (!v)
			return bt_fail_nomem();
		p->hits = v;
		*cap = c;
	}
	*slot = &p->hits[p->n++];
	return 0;
}

static int passes(const bt_concord_opts *o, const bt_concord_hit *h)
{
	return !o->use_min_score || (h->aligned && h->score >= o->min_score);
}

/* Do the tokens `w` occur in a row in s->other? */
static int other_has(const searcher *s, const concord_tokens *w)
{
	for (size_t j = 0; j + w->n <= s->other.n; j++) {
		int ok = 1;
		for (size_t k = 0; ok && k < w->n; k++)
			ok = tok_is(&s->other, j + k, concord_tok_fold(w, k), 0);
		if (ok)
			return 1;
	}
	return 0;
}

/* Does hit `id` pass the filters the index cannot apply (post_filtered())? */
static int keep_hit(searcher *s, long long id, int *ok)
{
	struct bt_concord_mem scratch = {NULL};
	const bt_concord_opts *o = s->o;
	/* the marks only for exact spelling; the translation's words for
	 * --tgt-has/--tgt-lacks need its text, not its marks and equivalents
	 * (5 times the time a hit: a filter that drops most hits reads them
	 * all) */
	int words = words_filtered(s);
	int full = exact_mode(o) ? LOAD_FULL : words ? LOAD_TEXTS : LOAD_LINK;
	bt_concord_hit h;
	int rc = load_hit(s, &scratch, id, full, &h);
	*ok = 0;
	if (!rc && passes(o, &h) && (!exact_mode(o) || h.n_marks > 0)) {
		const char *other = h.side == BT_SIDE_SRC ? h.tgt : h.src;
		*ok = 1;
		if (words) {
			*ok = h.aligned && *other;
			if (*ok && (rc = bt_concord_tokenize(s->tk, other, strlen(other), &s->other)) == 0)
				*ok = (!o->tgt_has || other_has(s, &s->has)) && (!o->tgt_lacks || !other_has(s, &s->lacks));
		}
	}
	mem_free(&scratch);
	return rc;
}

static double clock_ms(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

/* The page's totals: hits and the documents they are in, counted up to a
 * cap by a second pass over the index (ids and pair names only, unless a
 * filter must read each hit). The pass costs about a microsecond a hit
 * (each is joined to its document), so a common word would cost the first
 * page a tenth of a second: past BT_CONCORD_COUNT_SURE hits it stops after
 * BT_CONCORD_COUNT_MS, and the page says "more than N", unless the caller
 * asked for count_all. The first hits are always counted, so that a total
 * does not depend on the machine's speed until it is large. */
static int count_hits(searcher *s, bt_concord_page *out)
{
	bt_store_match_opts m = s->mo;
	bt_store_match *it = NULL;
	bt_strtab pairs = BT_STRTAB_INIT;
	bt_store_hit h;
	int post = post_filtered(s), rc;
	size_t cap = post ? BT_CONCORD_MAX_COUNT_FILTERED : BT_CONCORD_MAX_COUNT, n = 0, seen = 0;
	double until = s->o->count_all ? 0 : clock_ms() + BT_CONCORD_COUNT_MS;
	uint32_t pid;
	m.limit = -1;
	m.offset = 0;
	m.by_date = 0;
	if ((rc = bt_store_match_open(&it, s->c, &m)) != 0)
		return rc;
	while ((rc = bt_store_match_next(it, &h)) == 0) {
		int ok = 1;
		if (n == cap || (until > 0 && ++seen > (post ? BT_CONCORD_COUNT_SURE_FILTERED : BT_CONCORD_COUNT_SURE) &&
		     (seen & (post ? 7u : 63u)) == 0 && clock_ms() > until)) {
			out->capped = 1;
			break;
		}
		if (post && (rc = keep_hit(s, h.id, &ok)) != 0)
			break;
		if (!ok)
			continue;
		n++;
		if ((rc = bt_strtab_intern(&pairs, &pid, h.pair ? h.pair : "", h.pair ? strlen(h.pair) : 0)) < 0)
			break;
	}
	if (rc == BT_ITEROVER || rc >= 0) {
		rc = 0;
		out->total = n;
		out->docs = bt_strtab_count(&pairs);
	}
	bt_strtab_dispose(&pairs);
	bt_store_match_free(it);
	return rc;
}

/* The totals of a page that holds every hit. */
static int page_total(bt_concord_page *out)
{
	bt_strtab pairs = BT_STRTAB_INIT;
	uint32_t pid;
	int rc = 0;
	for (size_t i = 0; rc >= 0 && i < out->n; i++)
		rc = bt_strtab_intern(&pairs, &pid, out->hits[i].doc, strlen(out->hits[i].doc));
	out->total = out->n;
	out->docs = bt_strtab_count(&pairs);
	bt_strtab_dispose(&pairs);
	return rc < 0 ? rc : 0;
}

/* A hit's sort key (left or right context) into *k, from its marks. */
static int hit_sort_key(searcher *s, struct bt_concord_mem *keys, bt_concord_hit *h, int left, char **k)
{
	bt_concord_span *v = NULL;
	size_t nm = 0;
	int rc = bt_concord_tokenize(s->tk, h->text, strlen(h->text), &s->toks);
	if (rc)
		return rc;
	rc = bt_concord_query_marks(s->q, s->keyer, h->lang, h->text, &s->toks, &v, &nm);
	h->marks = v;
	h->n_marks = nm;
	if (nm)
		h->match = v[0];
	if (!rc)
		rc = sort_key(s, keys, h, left, k);
	bt_free(v);
	return rc;
}

/* Sorted by context: every hit and its sort key, then the page. */
static int search_sorted(searcher *s, bt_concord_page *out, const bt_concord_opts *opts, size_t limit)
{
	struct bt_concord_mem keys = {NULL};
	sort_item *items = NULL;
	size_t n = 0, icap = 0, cap = 0;
	sqlite3_int64 id;
	bt_concord_hit h;
	int rc;
	while ((rc = next_hit(s, &id)) == 0) {
		struct bt_concord_mem scratch = {NULL};
		char *k = NULL;
		int ok = 1;
		if (n == BT_CONCORD_MAX_SORT) {
			rc = bt_fail(BT_ELIMIT, NULL, -1, -1, "more than %d hits to sort; narrow the query or sort by doc",
				     BT_CONCORD_MAX_SORT);
			break;
		}
		if (post_filtered(s))
			rc = keep_hit(s, id, &ok);
		if (!rc)
			rc = load_hit(s, &scratch, id, 0, &h);
		if (!rc && ok) {
			rc = hit_sort_key(s, &keys, &h, opts->sort == BT_CONCORD_SORT_LEFT, &k);
			if (!rc && n == icap) {
				size_t ic = icap ? icap * 2 : 256;
				sort_item *w = bt_realloc(items, ic * sizeof *w);
				if (!w)
					rc = bt_fail_nomem();
				else
					items = w, icap = ic;
			}
			if (!rc)
				items[n++] = (sort_item){id, k};
		}
		mem_free(&scratch);
		if (rc)
			break;
	}
	if (rc == BT_ITEROVER) {
		rc = 0;
		if (n > 1) /* items is NULL with no hit */
			qsort(items, n, sizeof *items, sort_item_cmp);
		out->total = n;
		for (size_t i = opts->offset; !rc && i < n && i < opts->offset + limit; i++) {
			bt_concord_hit *slot = NULL;
			if ((rc = page_push(out, &cap, &slot)) == 0)
				rc = load_hit(s, out->mem, items[i].id, 1, slot);
		}
		out->more = n > opts->offset + limit;
	}
	bt_free(items);
	mem_free(&keys);
	return rc ? rc : count_hits(s, out);
}

/* Corpus or date order: the statement pages itself unless hits are
 * filtered by score here. */
static int search_in_order(searcher *s, bt_concord_page *out, const bt_concord_opts *opts, size_t limit)
{
	size_t cap = 0, skipped = 0;
	sqlite3_int64 id;
	int rc;
	while ((rc = next_hit(s, &id)) == 0) {
		bt_concord_hit *slot = NULL;
		if (post_filtered(s)) {
			int ok = 0;
			if ((rc = keep_hit(s, id, &ok)) != 0)
				break;
			if (!ok)
				continue;
			if (skipped < opts->offset) {
				skipped++;
				continue;
			}
		}
		if (out->n == limit) {
			out->more = 1;
			break;
		}
		if ((rc = page_push(out, &cap, &slot)) != 0 || (rc = load_hit(s, out->mem, id, 1, slot)) != 0)
			break;
	}
	if (rc == BT_ITEROVER && !out->more && opts->offset == 0)
		return page_total(out); /* the page holds every hit: no second pass */
	if (rc == BT_ITEROVER)
		rc = 0;
	return rc ? rc : count_hits(s, out);
}

/* A batch of hits for the word model: the k-th, made in *scratch if need
 * be, or NULL when it has nothing to align; and what is done with each. */
typedef const bt_concord_hit *(*model_hit_fn)(void *ud, size_t k, bt_concord_hit *scratch);
typedef int (*model_each_fn)(void *ud, size_t k, size_t in_batch, const bt_concord_hit *h);

/* The rows of all the batch's words read in one go (a row per word is
 * what a new process pays for), then each hit handed to `each`. */
static int model_batch(searcher *s, size_t n, model_hit_fn hit, model_each_fn each, void *ud)
{
	concord_lex_pair *p = n ? bt_calloc(n, sizeof *p) : NULL;
	const bt_concord_hit *h;
	bt_concord_hit scratch;
	size_t m = 0;
	int rc;
	if (n && !p)
		return bt_fail_nomem();
	/* a match on the source side needs only its own words' links */
	for (size_t k = 0; k < n; k++)
		if ((h = hit(ud, k, &scratch)) != NULL)
			p[m++] = h->side == BT_SIDE_SRC ? (concord_lex_pair){h->src, h->tgt, h->marks, h->n_marks, h->offset}
							 : (concord_lex_pair){h->src, h->tgt, NULL, 0, 0};
	rc = bt_concord_lex_prefetch(s->lex, p, m);
	for (size_t k = 0, b = 0; !rc && k < n; k++)
		if ((h = hit(ud, k, &scratch)) != NULL)
			rc = each(ud, k, b++, h);
	bt_free(p);
	return rc;
}

struct page_model {
	searcher *s;
	bt_concord_page *out;
	bt_concord_span *v;
	size_t cap;
};

static const bt_concord_hit *page_hit(void *ud, size_t k, bt_concord_hit *scratch)
{
	const bt_concord_hit *h = &((struct page_model *)ud)->out->hits[k];
	(void)scratch;
	return h->aligned && h->n_marks && *(h->side == BT_SIDE_SRC ? h->tgt : h->src) ? h : NULL;
}

/* The hit's known equivalents and the model's links, merged. */
static int page_hit_model(void *ud, size_t k, size_t in_batch, const bt_concord_hit *hit)
{
	struct page_model *pm = ud;
	bt_concord_hit *h = &pm->out->hits[k];
	bt_concord_span *e;
	size_t nv = 0;
	int rc = 0;
	(void)hit;
	for (size_t i = 0; !rc && i < h->n_equiv; i++)
		rc = push_span(&pm->v, &nv, &pm->cap, h->equiv[i].start, h->equiv[i].end);
	if (rc || (rc = model_equivs(pm->s, h, in_batch, &pm->v, &nv, &pm->cap)) != 0)
		return rc;
	spans_merge(pm->v, &nv);
	if (nv == h->n_equiv)
		return 0; /* nothing new */
	if (!(e = mem_alloc(pm->out->mem, nv * sizeof *e)))
		return bt_fail_nomem();
	memcpy(e, pm->v, nv * sizeof *e);
	h->equiv = e;
	h->n_equiv = nv;
	return 0;
}

/* What the word model links each aligned hit's match to, added to its
 * equivalents. */
static int model_page(searcher *s, bt_concord_page *out)
{
	struct page_model pm = {s, out, NULL, 0};
	int rc = model_batch(s, out->n, page_hit, page_hit_model, &pm);
	bt_free(pm.v);
	return rc;
}

int bt_concord_search(bt_concord_page *out, bt_corpus *c, const char *query, const bt_concord_opts *opts)
{
	BT_OPTS_CHECK(opts, BT_CONCORD_OPTS_VERSION, "bt_concord_search");
	static const bt_concord_opts defaults = BT_CONCORD_OPTS_INIT;
	searcher s;
	size_t limit;
	int rc, snap = 0;

	bt_concord_page_dispose(out);
	if (!opts)
		opts = &defaults;
	limit = opts->limit ? opts->limit : 20;
	if (!(out->mem = bt_calloc(1, sizeof *out->mem)))
		return bt_fail_nomem();
	if ((rc = searcher_open(&s, c, query, opts, 0)) != 0 || (rc = bt_store_snapshot_begin(c, &snap)) != 0)
		goto done;
	/* the word model marks the page's hits together (model_page()) */
	if ((rc = bt_concord_lex_open(&s.lex, c)) != 0)
		goto done;
	if (s.n_lv || opts->sort == BT_CONCORD_SORT_LEFT || opts->sort == BT_CONCORD_SORT_RIGHT)
		rc = search_sorted(&s, out, opts, limit);
	else
		rc = search_in_order(&s, out, opts, limit);
	if (!rc && s.lex)
		rc = model_page(&s, out);
done:
	bt_store_snapshot_end(c, snap);
	searcher_dispose(&s);
	if (rc)
		bt_concord_page_dispose(out);
	return rc;
}

/* ---- statistics ---- */

/* A small string -> counter map for the statistics. */
typedef struct cnt_entry {
	const char *key;    /* folded form */
	size_t len;         /* its length, and its hash: compared first */
	uint64_t hash;
	const char *surface;
	int surface_initial; /* surface taken from a sentence-initial word */
	size_t n;
	size_t last;        /* the hit that counted it last: once per hit */
	int known;
	int lift;           /* --stats: 1 an equivalent by frequency, -1 not, 0 not known yet */
	double df;          /* with lift: the segments of its side that hold it */
} cnt_entry;

typedef struct cnt_map {
	cnt_entry *v;
	size_t n, cap;
} cnt_map;

static uint64_t str_hash(const char *s, size_t n)
{
	return bt_hash(s, n);
}

static int cnt_get(cnt_map *m, struct bt_concord_mem *mem, const char *key, size_t n, cnt_entry **out)
{
	uint64_t h;
	size_t i;
	if (m->n * 2 >= m->cap) {
		size_t cap = m->cap ? m->cap * 2 : 1024;
		cnt_entry *v = bt_calloc(cap, sizeof *v);
		if (!v)
			return bt_fail_nomem();
		for (size_t k = 0; k < m->cap; k++) {
			if (!m->v[k].key)
				continue;
			i = m->v[k].hash & (cap - 1);
			while (v[i].key)
				i = (i + 1) & (cap - 1);
			v[i] = m->v[k];
		}
		bt_free(m->v);
		m->v = v;
		m->cap = cap;
	}
	h = str_hash(key, n);
	i = h & (m->cap - 1);
	while (m->v[i].key) {
		if (m->v[i].hash == h && m->v[i].len == n && memcmp(m->v[i].key, key, n) == 0) {
			*out = &m->v[i];
			return 0;
		}
		i = (i + 1) & (m->cap - 1);
	}
	if (!(m->v[i].key = mem_strndup(mem, key, n)))
		return bt_fail_nomem();
	m->v[i].len = n, m->v[i].hash = h;
	m->v[i].last = (size_t)-1;
	m->n++;
	*out = &m->v[i];
	return 0;
}

static int count_cmp(const void *a, const void *b)
{
	const bt_concord_count *x = a, *y = b;
	if (x->n != y->n)
		return x->n < y->n ? 1 : -1;
	return strcmp(x->key, y->key);
}

static int date_cmp(const void *a, const void *b)
{
	const bt_concord_count *x = a, *y = b;
	if (!*x->key != !*y->key)
		return *x->key ? -1 : 1;
	return strcmp(x->key, y->key);
}

static int equiv_cmp(const void *a, const void *b)
{
	const bt_concord_equiv *x = a, *y = b;
	if (x->dice != y->dice)
		return x->dice < y->dice ? 1 : -1;
	if (x->n != y->n)
		return x->n < y->n ? 1 : -1;
	return strcmp(x->text, y->text);
}

static int cand_cmp(const void *a, const void *b)
{
	const cnt_entry *x = *(cnt_entry *const *)a, *y = *(cnt_entry *const *)b;
	if (x->known != y->known)
		return x->known ? -1 : 1;
	if (x->n != y->n)
		return x->n < y->n ? 1 : -1;
	return strcmp(x->key, y->key);
}

static int map_to_counts(cnt_map *m, bt_concord_count **out, size_t *n, struct bt_concord_mem *mem,
			 int (*cmp)(const void *, const void *))
{
	size_t k = 0;
	*out = NULL;
	*n = 0;
	if (!m->n)
		return 0;
	if (!(*out = mem_alloc(mem, m->n * sizeof **out)))
		return bt_fail_nomem();
	for (size_t i = 0; i < m->cap; i++)
		if (m->v[i].key)
			(*out)[k++] = (bt_concord_count){m->v[i].key, m->v[i].n};
	qsort(*out, k, sizeof **out, cmp);
	*n = k;
	return 0;
}

/* How many segments hold the words, counted up to `cap`: past it the Dice
 * score is too small to matter, and counting a common word in full costs
 * as much as reading the index. */
static int corpus_df(searcher *s, const char *words, long long cap, long long *df)
{
	char *toks[3];
	size_t n = 0;
	bt_buf e = BT_BUF_INIT;
	char tmp[512];
	int rc;
	snprintf(tmp, sizeof tmp, "%s", words);
	for (char *w = tmp, *sp; w && n < 3; w = sp) {
		if ((sp = strchr(w, ' ')) != NULL)
			*sp++ = '\0';
		toks[n++] = w;
	}
	if ((rc = bt_buf_puts(&e, "text : ")) != 0 || (rc = put_string(&e, toks, n, 0)) != 0)
		goto done;
	/* counted on the side the equivalents come from, when it is one */
	rc = bt_store_match_count(s->c, "concord_fts", e.ptr,
				  s->o->sides == BT_CONCORD_TGT ? 0 : s->o->sides != BT_CONCORD_BOTH ? 1 : -1, cap, df);
done:
	bt_buf_dispose(&e);
	return rc;
}

static int add_gram(cnt_map *m, struct bt_concord_mem *mem, const char *key, size_t nkey, const char *surface,
		    size_t nsurface, int initial, size_t hit, int known)
{
	cnt_entry *e;
	int rc = cnt_get(m, mem, key, nkey, &e);
	if (rc)
		return rc;
	if (e->last != hit) {
		e->last = hit;
		e->n++;
	}
	e->known |= known;
	if (!e->surface || (e->surface_initial && !initial)) {
		if (!(e->surface = mem_strndup(mem, surface, nsurface)))
			return bt_fail_nomem();
		e->surface_initial = initial;
	}
	return 0;
}

/* A word's entry, or NULL. */
static cnt_entry *cnt_find(const cnt_map *m, const char *key, size_t n)
{
	uint64_t h;
	size_t i;
	if (!m->cap)
		return NULL;
	h = str_hash(key, n);
	for (i = h & (m->cap - 1); m->v[i].key; i = (i + 1) & (m->cap - 1))
		if (m->v[i].hash == h && m->v[i].len == n && memcmp(m->v[i].key, key, n) == 0)
			return &m->v[i];
	return NULL;
}

/* The translation of one sampled hit, kept for the second pass. */
struct sampled {
	const char *text;
	bt_concord_span *equiv; /* its known equivalents */
	size_t n_equiv;
	/* for the word model (count_model()): the hit's side, its link's
	 * text on that side, where the segment starts in it, its marks */
	int side;
	const char *own;
	size_t offset;
	bt_concord_span *marks, match;
	size_t n_marks;
};

/* Counts the words (pass 1) or the phrases of two and three words (pass
 * 2) of one sampled translation, each once per hit. A phrase is counted
 * only when each of its words is in at least `min_n` hits (phrase_floor()). */
static int count_grams(searcher *s, cnt_map *m, struct bt_concord_mem *mem, const struct sampled *t, size_t hit,
		       int pass, size_t min_n)
{
	const char *other = t->text;
	concord_tokens *o = &s->other;
	int rc;
	if ((rc = bt_concord_tokenize(s->tk, other, strlen(other), o)) != 0)
		return rc;
	for (size_t i = 0; i < o->n; i++) {
		const concord_token *w = &o->v[i];
		int known = 0, initial = w->start == 0 || (w->start >= 2 && strchr(".!?\"”", other[w->start - 2]));
		if (pass == 1) {
			for (size_t k = 0; k < t->n_equiv && !known; k++)
				known = w->start >= t->equiv[k].start && w->end <= t->equiv[k].end;
			if ((rc = add_gram(m, mem, concord_tok_fold(o, i), w->nfold, other + w->start,
					   w->end - w->start, initial, hit, known)) != 0)
				return rc;
			continue;
		}
		bt_buf_clear(&s->key);
		for (size_t len = 1; len <= 3 && i + len <= o->n; len++) {
			const concord_token *u = &o->v[i + len - 1];
			const cnt_entry *e = cnt_find(m, concord_tok_fold(o, i + len - 1), u->nfold);
			if (!e || e->n < min_n)
				break;
			if ((len > 1 && (rc = bt_buf_put(&s->key, " ", 1)) != 0) ||
			    (rc = bt_buf_put(&s->key, concord_tok_fold(o, i + len - 1), u->nfold)) != 0)
				return rc;
			if (len > 1 && (rc = add_gram(m, mem, s->key.ptr, s->key.len, other + w->start,
						      u->end - w->start, initial, hit, 0)) != 0)
				return rc;
		}
	}
	return 0;
}

/* Counts what the word model linked hit `h`'s first match to (s->model),
 * keyed as count_grams() keys words and phrases; *unlinked counts the
 * hits where it linked nothing. */
static int count_model(searcher *s, cnt_map *m, struct bt_concord_mem *mem, const bt_concord_hit *h, size_t hit,
		       const bt_concord_span *seen, size_t n_seen, size_t *unlinked)
{
	const char *other = h->side == BT_SIDE_SRC ? h->tgt : h->src;
	concord_tokens *o = &s->other;
	size_t first = (size_t)-1, last = 0;
	int rc, known = 0;
	if (s->model.end == 0) {
		++*unlinked;
		return 0;
	}
	if ((rc = bt_concord_tokenize(s->tk, other, strlen(other), o)) != 0)
		return rc;
	bt_buf_clear(&s->key);
	for (size_t i = 0; i < o->n; i++) {
		const concord_token *w = &o->v[i];
		if (w->start < s->model.start || w->end > s->model.end)
			continue;
		if ((s->key.len && (rc = bt_buf_put(&s->key, " ", 1)) != 0) ||
		    (rc = bt_buf_put(&s->key, concord_tok_fold(o, i), w->nfold)) != 0)
			return rc;
		first = first == (size_t)-1 ? w->start : first;
		last = w->end;
	}
	if (!s->key.len) {
		++*unlinked;
		return 0;
	}
	/* known: a name, spelling or glossary entry found it too */
	for (size_t k = 0; k < n_seen && !known; k++)
		known = first < seen[k].end && seen[k].start < last;
	return add_gram(m, mem, s->key.ptr, s->key.len, other + first, last - first,
			first == 0 || (first >= 2 && strchr(".!?\"”", other[first - 2])), hit, known);
}

struct sampled_model {
	searcher *s;
	cnt_map *m;
	struct bt_concord_mem *mem;
	const struct sampled *smp;
	size_t *unlinked;
	bt_concord_span *v;
	size_t cap;
};

/* A sampled hit as the model reads it: its link's two sides, its marks. */
static const bt_concord_hit *sampled_hit(void *ud, size_t k, bt_concord_hit *h)
{
	const struct sampled *t = &((struct sampled_model *)ud)->smp[k];
	memset(h, 0, sizeof *h);
	h->side = t->side;
	h->src = t->side == BT_SIDE_SRC ? t->own : t->text;
	h->tgt = t->side == BT_SIDE_SRC ? t->text : t->own;
	h->text = t->own + t->offset;
	h->offset = t->offset;
	h->marks = t->marks;
	h->n_marks = t->n_marks;
	h->match = t->match;
	h->aligned = 1;
	return h;
}

static int sampled_hit_model(void *ud, size_t k, size_t in_batch, const bt_concord_hit *h)
{
	struct sampled_model *sm = ud;
	size_t nv = 0;
	int rc = model_equivs(sm->s, h, in_batch, &sm->v, &nv, &sm->cap);
	return rc ? rc
		  : count_model(sm->s, sm->m, sm->mem, h, k, sm->smp[k].equiv, sm->smp[k].n_equiv, sm->unlinked);
}

/* What the word model links each sampled hit's match to, counted. */
static int model_sampled(searcher *s, cnt_map *m, struct bt_concord_mem *mem, const struct sampled *smp, size_t n,
			 size_t *unlinked)
{
	struct sampled_model sm = {s, m, mem, smp, unlinked, NULL, 0};
	int rc = model_batch(s, n, sampled_hit, sampled_hit_model, &sm);
	bt_free(sm.v);
	return rc;
}

/* Keeps hit `h`'s translation and known equivalents for count_grams(). */
static int keep_sampled(struct bt_concord_mem *mem, const bt_concord_hit *h, struct sampled *t)
{
	const char *other = h->side == BT_SIDE_SRC ? h->tgt : h->src, *own = h->side == BT_SIDE_SRC ? h->src : h->tgt;
	if (!(t->text = mem_strndup(mem, other, strlen(other))) || !(t->own = mem_strndup(mem, own, strlen(own))))
		return bt_fail_nomem();
	t->side = h->side;
	t->offset = h->offset;
	t->match = h->match;
	t->n_marks = h->n_marks;
	t->marks = NULL;
	if (h->n_marks) {
		if (!(t->marks = mem_alloc(mem, h->n_marks * sizeof *t->marks)))
			return bt_fail_nomem();
		memcpy(t->marks, h->marks, h->n_marks * sizeof *t->marks);
	}
	t->n_equiv = h->n_equiv;
	t->equiv = NULL;
	if (h->n_equiv) {
		if (!(t->equiv = mem_alloc(mem, h->n_equiv * sizeof *t->equiv)))
			return bt_fail_nomem();
		memcpy(t->equiv, h->equiv, h->n_equiv * sizeof *t->equiv);
	}
	return 0;
}

void bt_concord_summary_dispose(bt_concord_summary *st)
{
	if (!st)
		return;
	if (st->mem) {
		mem_free(st->mem);
		bt_free(st->mem);
	}
	memset(st, 0, sizeof *st);
}

/* ---- the background of --stats on a large corpus ---- */

/* How often each word and phrase of two or three words occurs in a sample of the
 * equivalents' side: on a large corpus, counting each candidate's
 * segments in the index cost 200 counts of up to 200,000 rows (14 s for a
 * common word at 1M pairs); a fixed sample of that side's segments,
 * taken at random ids, estimates the same share in milliseconds. */
struct background {
	searcher *s;
	cnt_map grams;
	struct bt_concord_mem *mem;
	int side;      /* BT_SIDE_SRC/TGT, or -1: both */
	size_t n;      /* segments taken */
	size_t probes; /* ids tried */
	sqlite3_stmt *kept; /* the counts as kept in the corpus, else NULL */
};

static int background_seg(void *ud, const bt_store_seg *g)
{
	struct background *bg = ud;
	searcher *s = bg->s;
	int rc;
	if (bg->side >= 0 && g->side != bg->side)
		return 0;
	if ((rc = bt_concord_tokenize(s->tk, g->text, g->len, &s->other)) != 0)
		return rc;
	bg->n++;
	for (size_t i = 0; i < s->other.n; i++) {
		bt_buf_clear(&s->key);
		for (size_t len = 1; len <= 3 && i + len <= s->other.n; len++) {
			const concord_token *u = &s->other.v[i + len - 1];
			cnt_entry *e;
			if ((len > 1 && (rc = bt_buf_put(&s->key, " ", 1)) != 0) ||
			    (rc = bt_buf_put(&s->key, concord_tok_fold(&s->other, i + len - 1), u->nfold)) != 0 ||
			    (rc = cnt_get(&bg->grams, bg->mem, s->key.ptr, s->key.len, &e)) != 0)
				return rc;
			if (e->last != bg->n)
				e->last = bg->n, e->n++;
		}
	}
	return 0;
}

/* Up to `want` segments of bg->side at ids drawn with a fixed seed (the
 * same figures every run), trying at most four ids a segment. */
static int background_sample(struct background *bg, long long max_id, size_t want)
{
	uint64_t x = 0x9E3779B97F4A7C15ull;
	int rc = 0;
	while (bg->n < want && bg->probes < 4 * want) {
		long long id;
		x ^= x << 13, x ^= x >> 7, x ^= x << 17; /* xorshift64 */
		id = 1 + (long long)(x % (uint64_t)max_id);
		bg->probes++;
		rc = bt_store_seg_get(bg->s->c, id, background_seg, bg);
		if (rc == BT_ENOTFOUND) { /* a deleted segment's id */
			bt_error_clear();
			rc = 0;
		}
		if (rc)
			break;
	}
	return rc;
}

/* The background's setting: its sample's size and the longest phrase it
 * counts, as "signature n probes longest" (a kept background of two-word
 * phrases is sampled again). */
#define BACKGROUND_LONGEST 3

static const char *background_setting(int side)
{
	return side == BT_SIDE_SRC ? "concord_background_src" : side == BT_SIDE_TGT ? "concord_background_tgt"
										   : "concord_background";
}

/* The background of bg->side: the one kept in the corpus (table
 * concord_background) when the index has not changed since it was made,
 * else a new sample, kept for the next --stats when the corpus can be
 * written (in one transaction; 2,000 segments hold some 40,000 words and
 * phrases). Sampling reads 2,000 to 8,000 rows at random places: most of
 * the time of a --stats on a large corpus. */
static int background_get(struct background *bg, bt_corpus *c, long long max_id)
{
	char sig[17];
	bt_buf v = BT_BUF_INIT;
	unsigned long long n = 0, probes = 0;
	unsigned longest = 0;
	char got[17] = "";
	int rc;
	if ((rc = index_signature(c, sig)) != 0)
		return rc;
	rc = bt_store_get_setting(c, background_setting(bg->side), &v);
	if (rc && rc != BT_ENOTFOUND) {
		bt_buf_dispose(&v);
		return rc;
	}
	bt_error_clear();
	if (!rc && sscanf(v.ptr, "%16s %llu %llu %u", got, &n, &probes, &longest) == 4 && strcmp(got, sig) == 0 && n &&
	    probes && longest == BACKGROUND_LONGEST &&
	    sqlite3_prepare_v2(bt_store_db(c), "SELECT n FROM concord_background WHERE side = ?1 AND gram = ?2", -1,
			       &bg->kept, NULL) == SQLITE_OK) {
		bt_buf_dispose(&v);
		bg->n = (size_t)n, bg->probes = (size_t)probes;
		sqlite3_bind_int(bg->kept, 1, bg->side);
		return 0;
	}
	bt_buf_dispose(&v);
	if ((rc = background_sample(bg, max_id, BT_CONCORD_STATS_BACKGROUND)) != 0 || !bg->n || bt_store_readonly(c))
		return rc;
	if ((rc = bt_store_begin(c)) != 0)
		return rc;
	if ((rc = bt_store_exec(c, "CREATE TABLE IF NOT EXISTS concord_background(side INTEGER NOT NULL,"
				   " gram TEXT NOT NULL, n INTEGER NOT NULL, PRIMARY KEY(side, gram)) WITHOUT ROWID")) == 0) {
		sqlite3_stmt *del = NULL, *ins = NULL;
		char val[64];
		if ((rc = bt_store_prepare(c, &del, "DELETE FROM concord_background WHERE side = ?")) == 0 &&
		    (rc = bt_store_prepare(c, &ins, "INSERT INTO concord_background(side, gram, n) VALUES (?, ?, ?)")) == 0) {
			sqlite3_bind_int(del, 1, bg->side);
			if (sqlite3_step(del) != SQLITE_DONE)
				rc = bt_store_fail(c, "keep the --stats background");
			for (size_t i = 0; !rc && i < bg->grams.cap; i++) {
				if (!bg->grams.v[i].key)
					continue;
				sqlite3_bind_int(ins, 1, bg->side);
				sqlite3_bind_text(ins, 2, bg->grams.v[i].key, -1, SQLITE_STATIC);
				sqlite3_bind_int64(ins, 3, (sqlite3_int64)bg->grams.v[i].n);
				if (sqlite3_step(ins) != SQLITE_DONE)
					rc = bt_store_fail(c, "keep the --stats background");
				sqlite3_reset(ins);
			}
		}
		sqlite3_finalize(del);
		sqlite3_finalize(ins);
		snprintf(val, sizeof val, "%s %zu %zu %d", sig, bg->n, bg->probes, BACKGROUND_LONGEST);
		if (!rc)
			rc = bt_store_set_setting(c, background_setting(bg->side), val);
	}
	if (rc || (rc = bt_store_commit(c)) != 0)
		bt_store_rollback(c);
	return rc;
}

/* How many of the background's segments hold the word or phrase. */
static int background_count(struct background *bg, const char *gram, size_t *n)
{
	cnt_entry *e = NULL;
	int rc;
	*n = 0;
	if (bg->kept) {
		sqlite3_bind_text(bg->kept, 2, gram, -1, SQLITE_STATIC);
		if ((rc = sqlite3_step(bg->kept)) == SQLITE_ROW)
			*n = (size_t)sqlite3_column_int64(bg->kept, 0);
		sqlite3_reset(bg->kept);
		return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : bt_fail(BT_EDB, NULL, -1, -1, "read the --stats background");
	}
	if ((rc = cnt_get(&bg->grams, bg->mem, gram, strlen(gram), &e)) != 0)
		return rc;
	*n = e->n;
	return 0;
}

/* The candidates scored: the known ones and the most frequent. */
#define STATS_CANDIDATES 200

static int size_desc(const void *a, const void *b)
{
	size_t x = *(const size_t *)a, y = *(const size_t *)b;
	return x < y ? 1 : x > y ? -1 : 0;
}

/* The fewest hits a word of a phrase must be in for the phrase to be
 * among the `want` most frequent candidates: the count of the want-th
 * most frequent word (at least min_n). A phrase is in no more hits than
 * its words, and `want` words are at least that frequent; phrases of rarer
 * words are not counted at all (on text of many distinct words, counting
 * them all was a quarter of a --stats). */
static int phrase_floor(const cnt_map *m, size_t min_n, size_t want, size_t *floor_n)
{
	size_t *v, n = 0;
	*floor_n = min_n;
	if (!m->n)
		return 0;
	if (!(v = bt_malloc(m->n * sizeof *v)))
		return bt_fail_nomem();
	for (size_t i = 0; i < m->cap; i++)
		if (m->v[i].key && m->v[i].n >= min_n)
			v[n++] = m->v[i].n;
	if (n > want) {
		qsort(v, n, sizeof *v, size_desc);
		*floor_n = v[want - 1];
	}
	bt_free(v);
	return 0;
}

/* What deciding on candidates needs (bt_concord_stats()). */
struct scoring {
	searcher *s;
	struct background *bg; /* bg->n 0: counted in the index */
	cnt_map *grams;
	double side_total;     /* segments of the equivalents' side */
	double all_aligned;    /* the hits' translations among them */
	long long cap;         /* counted up to this in the index */
	size_t sampled;        /* aligned hits whose translations were counted */
};

/* The share of m hits that n hits are, as low as it may be at 95%
 * confidence (Wilson's lower bound, one-sided): in 3 hits of 3, "in" or
 * "to" is no sign of anything. */
static double share_low(size_t n, size_t m)
{
	const double z = 1.645;
	double p = (double)n / (double)m, k = (double)m;
	return (p + z * z / (2 * k) - z * sqrt(p * (1 - p) / k + z * z / (4 * k * k))) / (1 + z * z / k);
}

/* Whether `e` is more frequent in the hits' translations than in the
 * other segments of their side: at least BT_CONCORD_STATS_LIFT times,
 * taking its share of the hits as low as it may be (the, of, in are not);
 * a known one is. Sets e->df, with `joint` the hits in all
 * that are estimated to hold it. */
static int lifted(struct scoring *x, cnt_entry *e, double joint)
{
	double df, rest;
	int rc;
	if (e->lift)
		return 0;
	if (x->bg->n) {
		size_t b = 0;
		if ((rc = background_count(x->bg, e->key, &b)) != 0)
			return rc;
		/* unseen in the sample: half a segment's share; never fewer
		 * than the hits that hold it */
		df = x->side_total * (b ? (double)b : 0.5) / (double)x->bg->n;
		if (df < joint)
			df = joint;
	} else {
		long long n = 0;
		if ((rc = corpus_df(x->s, e->key, x->cap, &n)) != 0)
			return rc;
		df = (double)(n > 0 ? n : 0);
	}
	e->df = df;
	/* against the segments that are not these translations: a name's
	 * first name is mostly in them, and would seem common */
	rest = x->side_total - x->all_aligned;
	e->lift = e->known || rest < 1 ||
			  share_low(e->n, x->sampled) >= BT_CONCORD_STATS_LIFT * (df > joint ? df - joint : 0) / rest
		  ? 1
		  : -1;
	return 0;
}

/* Whether candidate `e` is an equivalent: lifted(), and for a phrase of
 * words apart, its first and last words too, so that "the war" or "war
 * of" is not listed beside "war" (a word inside may be any: "state of
 * emergency"). A phrase written as one word (Putin's, e-mail) is taken
 * whole. */
static int is_equiv(struct scoring *x, cnt_entry *e, double joint, int *ok)
{
	const char *sp = strchr(e->key, ' ');
	int rc;
	*ok = 0;
	if ((rc = lifted(x, e, joint)) != 0 || e->lift < 0)
		return rc;
	if (sp && !e->known && strpbrk(e->surface, " \t\n")) {
		const char *last = strrchr(e->key, ' ') + 1;
		cnt_entry *w[2] = {cnt_find(x->grams, e->key, (size_t)(sp - e->key)),
				   cnt_find(x->grams, last, e->len - (size_t)(last - e->key))};
		for (int i = 0; i < 2; i++) {
			/* a word's joint count, as a phrase's: its share of the
			 * sampled hits, scaled as `joint` is */
			if (!w[i] || (rc = lifted(x, w[i], joint * (double)w[i]->n / (double)e->n)) != 0)
				return rc;
			if (w[i]->lift < 0)
				return 0;
		}
	}
	*ok = 1;
	return 0;
}

/* 1 when the words of `inner` are words of `outer` in a row (both
 * folded, a space between words). */
static int has_words(const char *outer, size_t nouter, const char *inner, size_t ninner)
{
	for (const char *p = outer; ninner < nouter && (p = strstr(p, inner)) != NULL; p++)
		if ((p == outer || p[-1] == ' ') && (p[ninner] == '\0' || p[ninner] == ' '))
			return 1;
	return 0;
}

/* Leaves out a word or phrase whose hits are mostly those of a longer
 * phrase kept beside it ("special military" beside "special military
 * operation"): the longer one is in at least 4 of its 5. A known one
 * stays. Returns how many are left, in order. */
static size_t drop_subsumed(bt_concord_equiv *v, cnt_entry **of, size_t n)
{
	size_t kept = 0;
	for (size_t i = 0; i < n; i++) {
		int drop = 0;
		for (size_t j = 0; j < n && !drop && !of[i]->known; j++)
			drop = j != i && 5 * of[j]->n >= 4 * of[i]->n && has_words(of[j]->key, of[j]->len, of[i]->key, of[i]->len);
		if (!drop) {
			v[kept] = v[i];
			of[kept++] = of[i];
		}
	}
	return kept;
}

/* Summary of every hit: the hits per side, document and date are counted
 * in all of them; alignment and equivalents in a sample of at most
 * BT_CONCORD_STATS_SAMPLE hits (BT_CONCORD_STATS_MODEL_SAMPLE with a word
 * model) spread evenly over the hits (all of them
 * when there are no more), as loading a hit with its translation is what
 * costs. */
int bt_concord_stats(bt_concord_summary *out, bt_corpus *c, const char *query, const bt_concord_opts *opts)
{
	BT_OPTS_CHECK(opts, BT_CONCORD_OPTS_VERSION, "bt_concord_stats");
	static const bt_concord_opts defaults = BT_CONCORD_OPTS_INIT;
	searcher s;
	cnt_map docs = {0}, dates = {0}, grams = {0}, linked = {0};
	cnt_map *from;
	struct background bg = {0};
	struct bt_concord_mem *mem;
	long long *ids = NULL, max_id = 0;
	struct sampled *smp = NULL;
	cnt_entry **of = NULL, *last_doc = NULL, *last_date = NULL;
	size_t floor_n = 1; /* the candidate of each equivalent kept */
	size_t n_ids = 0, cap_ids = 0, want;
	sqlite3_int64 id;
	int rc, snap = 0;

	bt_concord_summary_dispose(out);
	if (!opts)
		opts = &defaults;
	if (!(mem = out->mem = bt_calloc(1, sizeof *out->mem)))
		return bt_fail_nomem();
	if ((rc = searcher_open(&s, c, query, opts, 1)) != 0 || (rc = bt_store_snapshot_begin(c, &snap)) != 0)
		goto done;
	/* the word model aligns the sampled hits together (model_sampled()) */
	if ((rc = bt_concord_lex_open(&s.lex, c)) != 0)
		goto done;
	while ((rc = next_hit(&s, &id)) == 0) {
		const char *pair = s.hit.pair;
		const char *date = s.hit.date;
		int ok = 1;
		if (post_filtered(&s) && (rc = keep_hit(&s, id, &ok)) != 0)
			break;
		if (!ok)
			continue;
		if (n_ids == cap_ids) {
			size_t cap = cap_ids ? 2 * cap_ids : 1024;
			long long *v = bt_realloc(ids, cap * sizeof *v);
			if (!v) {
				rc = bt_fail_nomem();
				break;
			}
			ids = v, cap_ids = cap;
		}
		ids[n_ids++] = id;
		out->hits++;
		if (s.hit.side)
			out->tgt_hits++;
		else
			out->src_hits++;
		/* hits come a document at a time: the last entry is the next
		 * hit's, mostly (an entry stays where it is until the next
		 * cnt_get() of its map) */
		if (!last_doc || strcmp(last_doc->key, pair ? pair : "") != 0) {
			if ((rc = cnt_get(&docs, mem, pair ? pair : "", pair ? strlen(pair) : 0, &last_doc)) != 0)
				break;
		}
		last_doc->n++;
		if (!last_date || strcmp(last_date->key, date ? date : "") != 0) {
			if ((rc = cnt_get(&dates, mem, date ? date : "", date ? strlen(date) : 0, &last_date)) != 0)
				break;
		}
		last_date->n++;
	}
	if (rc != BT_ITEROVER)
		goto done;
	if ((rc = map_to_counts(&docs, &out->docs, &out->n_docs, mem, count_cmp)) != 0 ||
	    (rc = map_to_counts(&dates, &out->dates, &out->n_dates, mem, date_cmp)) != 0)
		goto done;

	/* the model judges each hit it aligns; counts need more hits, and
	 * aligning a hit costs what loading it does (1M pairs: --stats of a
	 * common word 103 ms with 1,000) */
	want = s.lex ? BT_CONCORD_STATS_MODEL_SAMPLE : BT_CONCORD_STATS_SAMPLE;
	if (n_ids < want)
		want = n_ids;
	if (want && !(smp = bt_calloc(want, sizeof *smp))) {
		rc = bt_fail_nomem();
		goto done;
	}
	for (size_t k = 0; k < want; k++) {
		struct bt_concord_mem scratch = {NULL};
		bt_concord_hit h;
		rc = load_hit(&s, &scratch, ids[k * n_ids / want], 1, &h);
		out->checked++;
		if (!rc && h.aligned) {
			out->aligned++;
			/* the words are counted below when the model links none */
			if ((rc = keep_sampled(mem, &h, &smp[out->sampled])) == 0 && !s.lex)
				rc = count_grams(&s, &grams, mem, &smp[out->sampled], out->sampled, 1, 1);
			out->sampled++;
		}
		mem_free(&scratch);
		if (rc)
			goto done;
	}
	if (s.lex && (rc = model_sampled(&s, &linked, mem, smp, out->sampled, &out->unlinked)) != 0)
		goto done;
	/* the background below may be written */
	bt_store_snapshot_end(c, snap);
	snap = 0;
	/* the word model's links when it linked any; else the words and
	 * phrases the translations hold more often than others do */
	out->model = s.lex && linked.n;
	from = out->model ? &linked : &grams;
	if (!out->model) {
		out->unlinked = 0;
		for (size_t k = 0; s.lex && k < out->sampled; k++)
			if ((rc = count_grams(&s, &grams, mem, &smp[k], k, 1, 1)) != 0)
				goto done;
		if ((rc = phrase_floor(&grams, out->sampled > 1 ? 2 : 1, STATS_CANDIDATES, &floor_n)) != 0)
			goto done;
		for (size_t k = 0; k < out->sampled; k++)
			if ((rc = count_grams(&s, &grams, mem, &smp[k], k, 2, floor_n)) != 0)
				goto done;
	}

	/* equivalents: candidates seen in at least two hits (or the only
	 * one); the known ones and the 200 most frequent are scored: Dice of
	 * the hits and the segments of their side that hold them. Those are
	 * counted in the index on a small corpus, and estimated from a sample
	 * of BT_CONCORD_STATS_BACKGROUND segments on a large one. */
	if (from->n && out->sampled) {
		size_t k = 0, kept = 0, want_eq = STATS_CANDIDATES, min_n = out->sampled > 1 ? 2 : 1;
		long long cap = 20 * (long long)out->sampled + 1000;
		/* aligned hits in all, estimated from the share in the sample */
		double all_aligned = (double)out->aligned * (double)out->hits / (double)out->checked;
		double scale = all_aligned / (double)out->sampled, side_total = 0;
		cnt_entry **cand = bt_calloc(from->n, sizeof *cand);
		bt_concord_equiv *v = mem_alloc(mem, (want_eq < from->n ? want_eq : from->n) * sizeof *v);
		if (!cand || !v || !(of = bt_calloc(want_eq < from->n ? want_eq : from->n, sizeof *of))) {
			bt_free(cand);
			rc = bt_fail_nomem();
			goto done;
		}
		if ((rc = bt_store_seg_id_max(c, &max_id)) != 0) {
			bt_free(cand);
			goto done;
		}
		bg.side = opts->sides == BT_CONCORD_TGT ? BT_SIDE_SRC : opts->sides != BT_CONCORD_BOTH ? BT_SIDE_TGT : -1;
		if (max_id > 4 * BT_CONCORD_STATS_BACKGROUND) {
			bg.s = &s, bg.mem = mem;
			if ((rc = background_get(&bg, c, max_id)) != 0) {
				bt_free(cand);
				goto done;
			}
			out->background = bg.n;
			side_total = (double)max_id * (double)bg.n / (double)(bg.probes ? bg.probes : 1);
		} else {
			long long n = 0;
			if ((rc = bt_store_side_seg_count(c, bg.side, &n)) != 0) {
				bt_free(cand);
				goto done;
			}
			side_total = (double)n;
		}
		for (size_t i = 0; i < from->cap; i++)
			if (from->v[i].key && from->v[i].n >= min_n)
				cand[k++] = &from->v[i];
			else if (from->v[i].key && out->model)
				out->not_equivs++; /* linked in one hit only */
		qsort(cand, k, sizeof *cand, cand_cmp);
		if (k > want_eq)
			k = want_eq;
		{
			struct scoring x = {&s, &bg, &grams, side_total, all_aligned, cap, out->sampled};
			for (size_t i = 0; i < k && !rc; i++) {
				double joint = scale * (double)cand[i]->n;
				int ok = 0;
				/* the model's links are equivalents; their
				 * counts in the others give the Dice score */
				if (out->model ? (rc = lifted(&x, cand[i], joint)) != 0
					       : (rc = is_equiv(&x, cand[i], joint, &ok)) != 0 || !ok) {
					out->not_equivs += !rc;
					continue;
				}
				of[kept] = cand[i];
				v[kept] = (bt_concord_equiv){cand[i]->surface, cand[i]->n, 0, cand[i]->known};
				v[kept].dice = 2.0 * joint / (all_aligned + cand[i]->df);
				if (v[kept].dice > 1)
					v[kept].dice = 1;
				kept++;
			}
			if (rc) {
				bt_free(cand);
				goto done;
			}
		}
		bt_free(cand);
		{
			size_t before = kept;
			kept = drop_subsumed(v, of, kept);
			out->not_equivs += before - kept; /* said, not silently gone */
		}
		bt_free(of);
		of = NULL;
		qsort(v, kept, sizeof *v, equiv_cmp);
		out->equivs = v;
		out->n_equivs = kept > 10 ? 10 : kept;
	}
	rc = 0;
done:
	bt_store_snapshot_end(c, snap);
	bt_free(of);
	bt_free(smp);
	bt_free(ids);
	bt_free(docs.v);
	bt_free(dates.v);
	bt_free(grams.v);
	bt_free(linked.v);
	bt_free(bg.grams.v);
	sqlite3_finalize(bg.kept);
	searcher_dispose(&s);
	if (rc)
		bt_concord_summary_dispose(out);
	return rc;
}
