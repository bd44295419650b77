/* test_bench_errors.c: the benchmarks' breakdown of alignment errors
 * (tb_error_count in tests/bench/textberg.h, printed by bench_align and
 * bench_perturb --errors), on two small documents counted by hand. */
#include "bitext-core.h"
#include "test.h"

/* textberg.h is the benchmarks' header of static helpers; this test uses
 * a few of them */
#pragma GCC diagnostic ignored "-Wunused-function"
#include "../bench/textberg.h"

static tb_link gold_link(size_t s0, size_t ns, size_t t0, size_t nt)
{
	tb_link g;
	memset(&g, 0, sizeof g);
	for (size_t i = 0; i < ns; i++)
		g.s[i] = s0 + i;
	for (size_t j = 0; j < nt; j++)
		g.t[j] = t0 + j;
	g.ns = ns, g.nt = nt;
	return g;
}

int main(void)
{
	/* doc 1: every error among few sentences */
	tb_link g1[] = {gold_link(0, 1, 0, 1), gold_link(1, 2, 1, 1), gold_link(3, 1, 2, 2), gold_link(4, 1, 0, 0),
			gold_link(5, 1, 4, 1), gold_link(6, 1, 5, 1), gold_link(7, 1, 6, 1), gold_link(0, 0, 7, 1)};
	bt_link o1[] = {{0, 1, 0, 1, 1, 0}, {1, 1, 1, 1, 1, 0}, {2, 1, 2, 0, 1, 0}, {3, 1, 2, 2, 1, 0},
			{4, 1, 4, 0, 1, 0}, {5, 2, 4, 2, 1, 0}, {7, 1, 6, 2, 1, 0}};
	/* doc 2: a gold link of sentences 0 and 2 (no link of consecutive
	 * sentences is it), and a link over 4 source sentences that joins
	 * 5 source sentences in one group */
	tb_link g2[] = {gold_link(0, 1, 0, 1), gold_link(1, 1, 1, 1), gold_link(3, 1, 2, 1), gold_link(4, 1, 3, 1),
			gold_link(5, 1, 4, 1), gold_link(0, 0, 5, 1)};
	bt_link o2[] = {{0, 1, 0, 1, 1, 0}, {1, 1, 1, 1, 1, 0}, {2, 4, 2, 3, 1, 0}, {0, 0, 5, 1, 1, 0}};
	g2[0].s[1] = 2, g2[0].ns = 2;
	tb_doc docs[2];
	memset(docs, 0, sizeof docs);
	docs[0].n = 8, docs[0].m = 8, docs[0].gold = g1, docs[0].ngold = 8;
	docs[0].out = (bt_links){o1, 7, 7};
	docs[1].n = 6, docs[1].m = 6, docs[1].gold = g2, docs[1].ngold = 6;
	docs[1].out = (bt_links){o2, 4, 4};
	tb_set st;
	memset(&st, 0, sizeof st);
	st.v = docs, st.n = 2;

	tb_error_counts c;
	CHECK_INT(tb_error_count(&st, &c), 0);
	CHECK_INT(c.gold, 14);
	CHECK_INT(c.made, 11);
	/* missed: 1-1: doc 1 [5]:[4] [6]:[5] [7]:[6], doc 2 [3]:[2] [4]:[3]
	 * [5]:[4]; 1-2/2-1: [1,2]:[1], [0,2]:[0]; 0-1: []:[7] */
	CHECK_INT(c.missed[0], 6);
	CHECK_INT(c.missed[1], 2);
	CHECK_INT(c.missed[2], 1);
	CHECK_INT(c.missed[3], 0);
	/* not in the gold: 1-1 [1]:[1] (doc 1), [0]:[0] (doc 2); 1-2
	 * [7]:[6,7]; 1-0 [2]:[]; other [5,6]:[4,5], [2-5]:[2-4] */
	CHECK_INT(c.wrong[0], 2);
	CHECK_INT(c.wrong[1], 1);
	CHECK_INT(c.wrong[2], 1);
	CHECK_INT(c.wrong[3], 2);
	/* where: [0,2]:[0] not contiguous; doc 1's five in groups of at most
	 * 2 sentences a side; doc 2's three in a group of 5 source sentences */
	CHECK_INT(c.where[0], 1);
	CHECK_INT(c.where[1], 5);
	CHECK_INT(c.where[2], 3);
	TEST_END();
}
