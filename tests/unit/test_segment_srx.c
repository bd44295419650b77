/* test_segment_srx: SRX 2.0 loading and rules, on the real Okapi and
 * LanguageTool files in $BITEXT_SHARED/segmentation and on broken files. */
#include "bitext.h"
#include "srx.h"
#include "test.h"

#include <unistd.h>

static const char *shared;

/* Segments `text` with the SRX file and returns the segments joined by " | ". */
static const char *srx_seg(const char *file, const char *lang, const char *text)
{
	static char out[4096];
	char path[1024];
	bt_segmenter_opts o = BT_SEGMENTER_OPTS_INIT;
	bt_segmenter *sg = NULL;
	bt_spans sp = BT_SPANS_INIT;
	size_t n = 0;
	snprintf(path, sizeof path, "%s/segmentation/%s", shared, file);
	o.srx_path = path;
	out[0] = '\0';
	if (bt_segmenter_open(&sg, lang, &o) != 0 || bt_segmenter_run(&sp, sg, text, strlen(text)) != 0) {
		snprintf(out, sizeof out, "error: %s", bt_error_last()->msg);
		bt_segmenter_free(sg);
		return out;
	}
	for (size_t i = 0; i < sp.n; i++)
		n += (size_t)snprintf(out + n, sizeof out - n, "%s%.*s", i ? " | " : "",
				      (int)(sp.v[i].end - sp.v[i].start), text + sp.v[i].start);
	bt_spans_dispose(&sp);
	bt_segmenter_free(sg);
	return out;
}

static void test_real_files(void)
{
	const char *t = "Mr. Holmes is from the U.K. not the U.S. Is Dr. Watson from there too? "
			"Yes: both are. \"Right?\" Yes, indeed. Zie blz. 5 o.a. hier. Klaar!";
	char path[1024];
	bt_srx *x = NULL;
	/* Okapi's rules with ICU breaks (useIcu4jBreakRules="yes"). */
	CHECK_STR(srx_seg("okapi_default_icu4j.srx", "en", t),
		  "Mr. Holmes is from the U.K. not the U.S. Is Dr. Watson from there too? | Yes: both are. | "
		  "\"Right?\" | Yes, indeed. | Zie blz. | 5 o.a. hier. | Klaar!");
	CHECK_STR(srx_seg("okapi_default_icu4j.srx", "nl", t),
		  "Mr. Holmes is from the U.K. not the U.S. Is Dr. Watson from there too? | Yes: both are. | "
		  "\"Right?\" | Yes, indeed. | Zie blz. 5 o.a. hier. | Klaar!");
	/* LanguageTool's rules alone; its language codes carry the line mode. */
	CHECK_STR(srx_seg("languagetool_segment.srx", "nl_two", t),
		  "Mr. Holmes is from the U.K. not the U.S. Is Dr. Watson from there too? | Yes: both are. | "
		  "\"Right?\" Yes, indeed. | Zie blz. 5 o.a. hier. | Klaar!");
	CHECK_STR(srx_seg("languagetool_segment.srx", "en_two", "He left at 5 p.m. on Monday. Then he came back."),
		  "He left at 5 p.m. on Monday. | Then he came back.");
	CHECK_STR(srx_seg("languagetool_segment.srx", "en_one", "One line\nAnother line."),
		  "One line | Another line.");

	snprintf(path, sizeof path, "%s/segmentation/okapi_default_icu4j.srx", shared);
	CHECK_INT(bt_srx_open(&x, path, "nl"), 0);
	CHECK(bt_srx_nrules(x) > 100);
	CHECK(bt_srx_uses_icu(x));
	bt_srx_free(x);
	snprintf(path, sizeof path, "%s/segmentation/languagetool_segment.srx", shared);
	CHECK_INT(bt_srx_open(&x, path, "en"), 0);
	CHECK(bt_srx_nrules(x) > 10);
	CHECK(!bt_srx_uses_icu(x));
	bt_srx_free(x);
	bt_srx_free(NULL);
	/* LanguageTool's Polish rules use a look-behind ICU cannot bound. */
	CHECK_INT(bt_srx_open(&x, path, "pl"), BT_EINPUT);
	CHECK(x == NULL);
	CHECK(strstr(bt_error_last()->file, "languagetool_segment.srx") != NULL);
	CHECK(bt_error_last()->line > 0);
	CHECK(strstr(bt_error_last()->msg, "languagerule 'Polish'") != NULL);
	CHECK(strstr(bt_error_last()->msg, "U_REGEX_LOOK_BEHIND_LIMIT") != NULL);
}

static int write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	if (!f)
		return -1;
	fputs(text, f);
	return fclose(f);
}

static void test_broken_files(void)
{
	char path[] = "/tmp/bt_srxXXXXXX";
	int fd = mkstemp(path);
	bt_segmenter_opts o = BT_SEGMENTER_OPTS_INIT;
	bt_segmenter *sg = NULL;
	static const char head[] =
		"<?xml version=\"1.0\"?>\n<srx xmlns=\"http://www.lisa.org/srx20\" version=\"2.0\">\n"
		"<header cascade=\"yes\"/>\n<body>\n<languagerules>\n<languagerule languagerulename=\"Test\">\n"
		"<rule break=\"no\"><beforebreak>\\bMr\\.</beforebreak><afterbreak>\\s</afterbreak></rule>\n";
	static const char tail[] = "</languagerule>\n</languagerules>\n<maprules>\n"
				   "<languagemap languagepattern=\"(en|EN).*\" languagerulename=\"Test\"/>\n"
				   "</maprules>\n</body>\n</srx>\n";
	char doc[2048];
	close(fd);
	o.srx_path = path;

	/* A good one: no-break after "Mr.", break after ". " */
	snprintf(doc, sizeof doc, "%s%s%s", head,
		 "<rule break=\"yes\"><beforebreak>\\.</beforebreak><afterbreak>\\s</afterbreak></rule>\n", tail);
	CHECK(write_file(path, doc) == 0);
	CHECK_INT(bt_segmenter_open(&sg, "en", &o), 0);
	{
		const char *t = "Mr. Smith left. He came back.";
		bt_spans sp = BT_SPANS_INIT;
		CHECK_INT(bt_segmenter_run(&sp, sg, t, strlen(t)), 0);
		CHECK_INT(sp.n, 2);
		CHECK_INT(sp.v[0].end, 15);
		bt_spans_dispose(&sp);
	}
	bt_segmenter_free(sg);
	sg = NULL;
	/* No languagemap for the language. */
	CHECK_INT(bt_segmenter_open(&sg, "fr", &o), BT_EINPUT);
	CHECK(strstr(bt_error_last()->msg, "no languagemap matches language 'fr'") != NULL);

	/* A bad regex: the file, the line, the rule and ICU's error. */
	snprintf(doc, sizeof doc, "%s%s%s", head,
		 "<rule break=\"yes\"><beforebreak>[a-z</beforebreak><afterbreak>\\s</afterbreak></rule>\n", tail);
	CHECK(write_file(path, doc) == 0);
	CHECK_INT(bt_segmenter_open(&sg, "en", &o), BT_EINPUT);
	CHECK(sg == NULL);
	CHECK_STR(bt_error_last()->file, path);
	CHECK_INT(bt_error_last()->line, 8);
	CHECK(strstr(bt_error_last()->msg, "rule 2 of languagerule 'Test'") != NULL);
	CHECK(strstr(bt_error_last()->msg, "beforebreak regex '[a-z'") != NULL);
	CHECK(strstr(bt_error_last()->msg, "U_REGEX_") != NULL);

	/* Not XML. */
	CHECK(write_file(path, "<srx><body>\n<languagerules>\n</srx>\n") == 0);
	CHECK_INT(bt_segmenter_open(&sg, "en", &o), BT_EINPUT);
	CHECK(strstr(bt_error_last()->msg, "not well-formed XML") != NULL);
	CHECK(bt_error_last()->line > 0);
	/* XML, but no SRX. */
	CHECK(write_file(path, "<?xml version=\"1.0\"?><html><body/></html>\n") == 0);
	CHECK_INT(bt_segmenter_open(&sg, "en", &o), BT_EINPUT);
	CHECK(strstr(bt_error_last()->msg, "not an SRX 2.0 file") != NULL);
	/* A map naming a rule set that is not there. */
	snprintf(doc, sizeof doc, "%s%s", head, tail);
	{
		char *p = strstr(doc, "languagerulename=\"Test\"/>");
		memcpy(p, "languagerulename=\"Tost\"/>", 25);
	}
	CHECK(write_file(path, doc) == 0);
	CHECK_INT(bt_segmenter_open(&sg, "en", &o), BT_EINPUT);
	CHECK(strstr(bt_error_last()->msg, "'Tost'") != NULL);
	unlink(path);
	/* No file at all. */
	CHECK_INT(bt_segmenter_open(&sg, "en", &o), BT_EIO);
	CHECK_STR(bt_error_last()->file, path);
}

int main(void)
{
	shared = getenv("BITEXT_SHARED");
	if (!shared || access(shared, R_OK) != 0) {
		printf("BITEXT_SHARED not available: skipped\n");
		return 77;
	}
	test_real_files();
	test_broken_files();
	TEST_END();
}
