/* gen_pairs.h: generated document pairs that read like Dutch news and its
 * English translation, for the mapper's benchmark and the cluster tests.
 *
 * gen_corpus.h draws the two sides independently (good for ingestion,
 * useless to an aligner); here both sides come from one sequence of
 * sentence plans, each written out by a Dutch and an English template,
 * so they share names (in each language's spelling: Loekasjenko /
 * Lukashenko), numbers (45.000 / 45,000), dates and quotes. Like real
 * translations they are not one-to-one everywhere: now and then the
 * English joins two sentences into one, or leaves a sentence out, and
 * paragraphs open with headings. A fixed xorshift sequence makes every
 * run the same. */
#ifndef BT_GEN_PAIRS_H
#define BT_GEN_PAIRS_H

#include "bitext-core.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

typedef struct gp_rng {
	uint64_t s;
} gp_rng;

static inline uint32_t gp_next(gp_rng *r)
{
	r->s ^= r->s << 13;
	r->s ^= r->s >> 7;
	r->s ^= r->s << 17;
	return (uint32_t)(r->s >> 11);
}

/* Names and places in both spellings; nouns and adjectives in both. */
static const char *const gp_person[][2] = {
	{"Loekasjenko", "Lukashenko"}, {"Poetin", "Putin"}, {"Zelenski", "Zelensky"},
	{"Joe Biden", "Joe Biden"}, {"Emmanuel Macron", "Emmanuel Macron"}, {"Olaf Scholz", "Olaf Scholz"},
	{"Mark Rutte", "Mark Rutte"}, {"Jens Stoltenberg", "Jens Stoltenberg"},
	{"Svetlana Tichanovskaja", "Sviatlana Tsikhanouskaya"}, {"Sergej Lavrov", "Sergei Lavrov"},
	{"Dmitri Peskov", "Dmitry Peskov"}, {"Tony van der Togt", "Tony van der Togt"},
	{"Ursula von der Leyen", "Ursula von der Leyen"}, {"Aleksandr Loekasjenko", "Alexander Lukashenko"}};
static const char *const gp_place[][2] = {
	{"Oekraïne", "Ukraine"}, {"Wit-Rusland", "Belarus"}, {"Moskou", "Moscow"}, {"Kiev", "Kyiv"},
	{"Minsk", "Minsk"}, {"Warschau", "Warsaw"}, {"Brussel", "Brussels"}, {"Polen", "Poland"},
	{"Rusland", "Russia"}, {"Litouwen", "Lithuania"}, {"Charkiv", "Kharkiv"}, {"Den Haag", "The Hague"},
	{"Vilnius", "Vilnius"}, {"Berlijn", "Berlin"}, {"Parijs", "Paris"}};
static const char *const gp_noun[][2] = {
	{"de wederopbouw", "reconstruction"}, {"energie", "energy"}, {"de grensbewaking", "border security"},
	{"humanitaire hulp", "humanitarian aid"}, {"wapens", "weapons"}, {"de landbouw", "agriculture"},
	{"vluchtelingen", "refugees"}, {"de spoorwegen", "the railways"}, {"graan", "grain"},
	{"luchtverdediging", "air defence"}, {"onderwijs", "education"}, {"ziekenhuizen", "hospitals"}};
static const char *const gp_adj[][2] = {
	{"onrustig", "tense"}, {"stabiel", "stable"}, {"ernstig", "serious"}, {"onduidelijk", "unclear"},
	{"verbeterd", "improved"}, {"hopeloos", "hopeless"}, {"rustig", "calm"}};
static const char *const gp_month[][2] = {
	{"januari", "January"}, {"februari", "February"}, {"maart", "March"}, {"april", "April"},
	{"mei", "May"}, {"juni", "June"}, {"juli", "July"}, {"augustus", "August"},
	{"september", "September"}, {"oktober", "October"}, {"november", "November"}, {"december", "December"}};
static const char *const gp_quote[][2] = {
	{"Wij zullen niet wijken", "We will not give way"}, {"Dit is een donkere dag", "This is a dark day"},
	{"De onderhandelingen gaan door", "The negotiations continue"},
	{"Niemand wil deze oorlog", "Nobody wants this war"}};

#define GP_N(a) (sizeof a / sizeof a[0])

/* A number as the language writes it: 45.000 / 45,000. */
static inline void gp_number(bt_buf *b, unsigned long v, int en)
{
	char d[32];
	int n = snprintf(d, sizeof d, "%lu", v);
	for (int i = 0; i < n; i++) {
		if (i > 0 && (n - i) % 3 == 0)
			bt_buf_put(b, en ? "," : ".", 1);
		bt_buf_put(b, d + i, 1);
	}
}

/* One planned sentence: the template and its fillers, drawn once and
 * written in both languages. */
typedef struct gp_plan {
	unsigned t, p, p2, pl, noun, adj, month, day, year, quote;
	unsigned long num;
	unsigned hh, mm;
} gp_plan;

static inline void gp_draw(gp_rng *r, gp_plan *x)
{
	x->t = gp_next(r) % 9;
	x->p = gp_next(r) % GP_N(gp_person);
	x->p2 = gp_next(r) % GP_N(gp_person);
	x->pl = gp_next(r) % GP_N(gp_place);
	x->noun = gp_next(r) % GP_N(gp_noun);
	x->adj = gp_next(r) % GP_N(gp_adj);
	x->month = gp_next(r) % 12;
	x->day = 1 + gp_next(r) % 28;
	x->year = 1990 + gp_next(r) % 35;
	x->quote = gp_next(r) % GP_N(gp_quote);
	x->num = 100 + gp_next(r) % 250000;
	x->hh = 7 + gp_next(r) % 14;
	x->mm = gp_next(r) % 60;
}

/* Writes plan x in language en (0 Dutch, 1 English). */
static inline void gp_write(bt_buf *b, const gp_plan *x, int en)
{
	const char *P = gp_person[x->p][en], *P2 = gp_person[x->p2][en], *PL = gp_place[x->pl][en];
	const char *NO = gp_noun[x->noun][en], *AD = gp_adj[x->adj][en], *MO = gp_month[x->month][en];
	switch (x->t) {
	case 0:
		bt_buf_printf(b, en ? "%s said on %u %s %u that %s is sending " : "%s zei op %u %s %u dat %s ", P, x->day,
			      MO, x->year, PL);
		gp_number(b, x->num, en);
		bt_buf_puts(b, en ? " soldiers to the border." : " soldaten naar de grens stuurt.");
		break;
	case 1:
		bt_buf_printf(b, en ? "According to %s, the situation in %s is %s." : "Volgens %s is de situatie in %s %s.", P,
			      PL, AD);
		break;
	case 2:
		bt_buf_printf(b, en ? "The government of %s set aside " : "De regering van %s trok ", PL);
		gp_number(b, x->num, en);
		bt_buf_printf(b, en ? " euros for %s." : " euro uit voor %s.", NO);
		break;
	case 3:
		bt_buf_printf(b, en ? "The talks between %s and %s lasted %u hours." : "Het gesprek tussen %s en %s duurde %u uur.",
			      P, P2, 1 + x->hh % 9);
		break;
	case 4:
		bt_buf_printf(b, en ? "In %u, " : "In %u woonden er ", x->year);
		gp_number(b, x->num * 7, en);
		bt_buf_printf(b, en ? " people lived in %s." : " mensen in %s.", PL);
		break;
	case 5:
		bt_buf_printf(b, en ? "Why would %s want %s?" : "Waarom zou %s %s willen?", P, NO);
		break;
	case 6:
		bt_buf_printf(b, en ? "“%s”, %s said in %s." : "“%s”, zei %s in %s.", gp_quote[x->quote][en], P, PL);
		break;
	case 7: /* Dutch puts the time before the place */
		if (en)
			bt_buf_printf(b, "Mr %s arrived in %s at %u.%02u, among others with %s.", P, PL, x->hh, x->mm, P2);
		else
			bt_buf_printf(b, "Dhr. %s kwam om %u.%02u uur aan in %s, o.a. met %s.", P, x->hh, x->mm, PL, P2);
		break;
	default:
		if (en)
			bt_buf_printf(b, "%s will discuss %s with %s on %u %s.", P, NO, P2, x->day, MO);
		else
			bt_buf_printf(b, "%s bespreekt op %u %s %s met %s.", P, x->day, MO, NO, P2);
		break;
	}
}

/* Appends a document pair of about n sentences a side to src and tgt. */
static inline void gp_pair(gp_rng *r, bt_buf *src, bt_buf *tgt, unsigned n, int date)
{
	bt_buf s = BT_BUF_INIT, t = BT_BUF_INIT;
	unsigned i = 0;
	if (date) {
		unsigned y = 2015 + gp_next(r) % 10, m = 1 + gp_next(r) % 12;
		bt_buf_printf(src, " date %u-%02u\n", y, m);
		bt_buf_printf(tgt, " date %u-%02u\n", y, m);
	}
	while (i < n) {
		unsigned para = 3 + gp_next(r) % 5;
		if (gp_next(r) % 3 == 0) { /* a heading */
			unsigned pl = gp_next(r) % GP_N(gp_place), no = gp_next(r) % GP_N(gp_noun);
			bt_buf_printf(src, "%s en %s\n\n", gp_place[pl][0], gp_noun[no][0]);
			bt_buf_printf(tgt, "%s and %s\n\n", gp_place[pl][1], gp_noun[no][1]);
		}
		for (unsigned k = 0; k < para && i < n; k++, i++) {
			gp_plan x;
			unsigned what = gp_next(r) % 40;
			gp_draw(r, &x);
			bt_buf_clear(&s);
			bt_buf_clear(&t);
			gp_write(&s, &x, 0);
			gp_write(&t, &x, 1);
			bt_buf_printf(src, "%s%s", k ? " " : "", s.ptr);
			if (what == 0) /* left out of the translation */
				continue;
			if (what == 1 && t.len > 1) { /* joined with the next one */
				t.ptr[t.len - 1] = ';';
			}
			bt_buf_printf(tgt, "%s%s", k ? " " : "", t.ptr);
		}
		bt_buf_puts(src, "\n\n");
		bt_buf_puts(tgt, "\n\n");
	}
	bt_buf_dispose(&s);
	bt_buf_dispose(&t);
}

#endif
