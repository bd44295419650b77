/* hello-core.c: a program on the installed libbitext-core (tests/install/install.sh). */
#include <bitext-core.h>
#include <stdio.h>
#include <string.h>

int main(void)
{
	const char *t = "Dhr. Jansen kwam om 10.30 uur aan, zei prof. De Vries. Hij betaalde €1.200,50!";
	bt_segmenter_opts o = BT_SEGMENTER_OPTS_INIT;
	bt_segmenter *sg = NULL;
	bt_spans s = BT_SPANS_INIT;
	if (bt_segmenter_open(&sg, "nl", &o) || bt_segmenter_run(&s, sg, t, strlen(t)))
		return fprintf(stderr, "hello-core: %s\n", bt_error_last()->msg), 1;
	for (size_t i = 0; i < s.n; i++)
		printf("%.*s\n", (int)(s.v[i].end - s.v[i].start), t + s.v[i].start);
	bt_spans_dispose(&s);
	bt_segmenter_free(sg);
	return 0;
}
