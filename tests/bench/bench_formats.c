/* bench_formats.c: how fast each format bitext reads goes through the
 * command, `bitext add`, in MB of text per second: plain text, HTML, DOCX,
 * ODT (two files, one per language) and XLIFF (one file, both sides).
 *
 *   bench_formats BITEXT [MB]
 *
 * BITEXT is the bitext binary (build/default/bitext); MB the megabytes of
 * text per language (default 4). The same generated Dutch and English
 * texts (paragraphs of 4 sentences, a heading every 40 paragraphs) are
 * written in each format as its producers write them (HTML: <h2>/<p> with
 * a meta charset; DOCX: runs with properties and rsids, headings by style;
 * ODT: text:h/text:p in a zip with its mimetype first; XLIFF 1.2: one
 * trans-unit per sentence, state="translated"), into ./bench_formats.d/.
 *
 * For each format: the best of 3 runs of `bitext add` into a new corpus
 * (`init` is not timed), as the child's CPU time (user + system) and wall
 * time, and the text stored over them; and the reader alone in this
 * process (bt_doc_read() per file, bt_xliff_read() for XLIFF), CPU time.
 * "Text" is the plain text of both languages: what the corpus stores. */
#include "bitext.h"
#include "bitext-doc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <zip.h>

#define DIR "bench_formats.d"

static const char *const nl_words[] = {
	"de", "president", "zei", "dat", "het", "land", "bereid", "is", "om", "deel", "te", "nemen", "aan",
	"een", "interview", "met", "BBC", "over", "Oekraïne", "en", "Rusland", "vredesonderhandelingen",
	"Loekasjenko", "troepen", "grens", "oorlog", "volgens", "experts", "niet", "waarschijnlijk"};
static const char *const en_words[] = {
	"the", "president", "said", "that", "the", "country", "is", "ready", "to", "take", "part", "in", "an",
	"interview", "with", "the", "BBC", "about", "Ukraine", "and", "Russia", "peace", "talks", "Lukashenko",
	"troops", "border", "war", "according", "to", "experts", "unlikely"};

/* One side's text: paragraphs of sentences; heading[i] marks headings. */
typedef struct {
	char **sent;   /* sentences, in order */
	int *para;     /* the paragraph of each (a heading is a paragraph of one) */
	int *heading;  /* per paragraph */
	size_t n, n_para;
	size_t bytes;  /* of text: sentences, a space between two, a blank line between paragraphs */
} side;

static char *sentence(unsigned *seed, const char *const *w, size_t nw)
{
	bt_buf b = BT_BUF_INIT;
	int n = 8 + (int)(*seed % 12);
	for (int i = 0; i < n; i++) {
		*seed = *seed * 1103515245u + 12345u;
		if (i)
			bt_buf_put(&b, " ", 1);
		bt_buf_puts(&b, w[(*seed >> 16) % nw]);
	}
	bt_buf_puts(&b, ".");
	return b.ptr;
}

/* Both sides with the same shape (sentence i of one translates i of the other). */
static void generate(side s[2], double mb)
{
	unsigned seed[2] = {42, 42};
	size_t cap = 0;
	memset(s, 0, 2 * sizeof *s);
	while ((double)(s[0].bytes + s[1].bytes) < 2 * mb * 1e6) {
		int head = s[0].n_para % 41 == 0;
		if (s[0].n + 4 >= cap) {
			cap = cap ? 2 * cap : 4096;
			for (int k = 0; k < 2; k++) {
				s[k].sent = realloc(s[k].sent, cap * sizeof *s[k].sent);
				s[k].para = realloc(s[k].para, cap * sizeof *s[k].para);
				s[k].heading = realloc(s[k].heading, cap * sizeof *s[k].heading);
			}
		}
		for (int k = 0; k < 2; k++) {
			int n = head ? 1 : 4;
			s[k].heading[s[k].n_para] = head;
			for (int i = 0; i < n; i++) {
				char *t = head ? NULL : sentence(&seed[k], k ? en_words : nl_words,
								 k ? sizeof en_words / sizeof *en_words
								   : sizeof nl_words / sizeof *nl_words);
				if (head) {
					t = malloc(32);
					snprintf(t, 32, k ? "Chapter %zu" : "Hoofdstuk %zu", s[k].n_para / 41 + 1);
				}
				s[k].bytes += strlen(t) + (i ? 1 : s[k].n ? 2 : 0);
				s[k].para[s[k].n] = (int)s[k].n_para;
				s[k].sent[s[k].n++] = t;
			}
			s[k].n_para++;
		}
	}
}

/* Calls fn(out, sentence index, first of its paragraph, last of it). */
typedef void (*emit_fn)(bt_buf *out, const side *s, size_t i, int first, int last);

static void walk(bt_buf *out, const side *s, emit_fn fn)
{
	for (size_t i = 0; i < s->n; i++)
		fn(out, s, i, i == 0 || s->para[i] != s->para[i - 1], i + 1 == s->n || s->para[i + 1] != s->para[i]);
}

static void emit_text(bt_buf *o, const side *s, size_t i, int first, int last)
{
	bt_buf_puts(o, first && i ? "\n" : first ? "" : " ");
	bt_buf_puts(o, s->sent[i]);
	if (last)
		bt_buf_puts(o, "\n");
}

static void emit_html(bt_buf *o, const side *s, size_t i, int first, int last)
{
	int h = s->heading[s->para[i]];
	bt_buf_puts(o, first ? (h ? "<h2>" : "<p>") : " ");
	bt_buf_puts(o, s->sent[i]);
	if (last)
		bt_buf_puts(o, h ? "</h2>\n" : "</p>\n");
}

static void emit_docx(bt_buf *o, const side *s, size_t i, int first, int last)
{
	if (first)
		bt_buf_printf(o, "<w:p w:rsidR=\"00%06zX\" w:rsidRDefault=\"00A1B2C3\"><w:pPr><w:pStyle w:val=\"%s\"/>"
				 "<w:spacing w:after=\"120\"/></w:pPr>",
			      i & 0xFFFFFF, s->heading[s->para[i]] ? "Heading2" : "Normal");
	bt_buf_printf(o, "<w:r w:rsidRPr=\"00%06zX\"><w:rPr><w:rFonts w:ascii=\"Calibri\" w:hAnsi=\"Calibri\"/>"
			 "<w:lang w:val=\"nl-NL\"/></w:rPr><w:t xml:space=\"preserve\">%s%s</w:t></w:r>",
		      i & 0xFFFFFF, first ? "" : " ", s->sent[i]);
	if (last)
		bt_buf_puts(o, "</w:p>");
}

static void emit_odt(bt_buf *o, const side *s, size_t i, int first, int last)
{
	int h = s->heading[s->para[i]];
	if (first)
		bt_buf_puts(o, h ? "<text:h text:style-name=\"Heading_20_2\" text:outline-level=\"2\">"
				 : "<text:p text:style-name=\"P1\">");
	bt_buf_printf(o, "%s<text:span text:style-name=\"T1\">%s</text:span>", first ? "" : " ", s->sent[i]);
	if (last)
		bt_buf_puts(o, h ? "</text:h>" : "</text:p>");
}

static int zip_put(zip_t *z, const char *name, const char *data, size_t len, int store)
{
	zip_source_t *src = zip_source_buffer(z, data, len, 0);
	zip_int64_t at = src ? zip_file_add(z, name, src, ZIP_FL_OVERWRITE) : -1;
	if (at < 0)
		return 1;
	return store && zip_set_file_compression(z, (zip_uint64_t)at, ZIP_CM_STORE, 0) < 0;
}

static int write_file(const char *path, const bt_buf *b)
{
	FILE *f = fopen(path, "wb");
	int bad = !f || fwrite(b->ptr, 1, b->len, f) != b->len;
	return (f && fclose(f) != 0) || bad;
}

static int write_docx(const char *path, const side *s)
{
	static const char ct[] = "<?xml version=\"1.0\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/"
				 "content-types\"><Override PartName=\"/word/document.xml\" ContentType=\"application/"
				 "vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/></Types>";
	bt_buf x = BT_BUF_INIT;
	int err, rc;
	zip_t *z = zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, &err);
	bt_buf_puts(&x, "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<w:document xmlns:w=\""
			"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body>");
	walk(&x, s, emit_docx);
	bt_buf_puts(&x, "<w:sectPr/></w:body></w:document>\n");
	rc = !z || zip_put(z, "[Content_Types].xml", ct, strlen(ct), 0) ||
	     zip_put(z, "word/document.xml", x.ptr, x.len, 0) || zip_close(z) != 0;
	bt_buf_dispose(&x);
	return rc;
}

static int write_odt(const char *path, const side *s)
{
	static const char mt[] = "application/vnd.oasis.opendocument.text";
	static const char mf[] = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<manifest:manifest xmlns:manifest=\""
				 "urn:oasis:names:tc:opendocument:xmlns:manifest:1.0\" manifest:version=\"1.3\">"
				 "<manifest:file-entry manifest:full-path=\"/\" manifest:media-type=\"application/"
				 "vnd.oasis.opendocument.text\"/><manifest:file-entry manifest:full-path=\"content.xml\" "
				 "manifest:media-type=\"text/xml\"/></manifest:manifest>";
	bt_buf x = BT_BUF_INIT;
	int err, rc;
	zip_t *z = zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, &err);
	bt_buf_puts(&x, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<office:document-content xmlns:office=\""
			"urn:oasis:names:tc:opendocument:xmlns:office:1.0\" xmlns:text=\"urn:oasis:names:tc:"
			"opendocument:xmlns:text:1.0\" office:version=\"1.3\"><office:body><office:text>");
	walk(&x, s, emit_odt);
	bt_buf_puts(&x, "</office:text></office:body></office:document-content>\n");
	rc = !z || zip_put(z, "mimetype", mt, strlen(mt), 1) || zip_put(z, "META-INF/manifest.xml", mf, strlen(mf), 0) ||
	     zip_put(z, "content.xml", x.ptr, x.len, 0) || zip_close(z) != 0;
	bt_buf_dispose(&x);
	return rc;
}

static int write_flat(const char *path, const side *s, const char *head, emit_fn fn, const char *tail)
{
	bt_buf x = BT_BUF_INIT;
	int rc;
	bt_buf_puts(&x, head);
	walk(&x, s, fn);
	bt_buf_puts(&x, tail);
	rc = write_file(path, &x);
	bt_buf_dispose(&x);
	return rc;
}

/* XLIFF 1.2: one unit per sentence (a heading is one too). */
static int write_xliff(const char *path, const side s[2])
{
	bt_buf x = BT_BUF_INIT;
	int rc;
	bt_buf_puts(&x, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<xliff version=\"1.2\" xmlns=\"urn:oasis:"
			"names:tc:xliff:document:1.2\">\n<file original=\"bench.txt\" source-language=\"nl-NL\" "
			"target-language=\"en-GB\" datatype=\"plaintext\"><body>\n");
	for (size_t i = 0; i < s[0].n; i++)
		bt_buf_printf(&x, "<trans-unit id=\"%zu\"><source>%s</source><target state=\"translated\">%s</target>"
				  "</trans-unit>\n",
			      i + 1, s[0].sent[i], s[1].sent[i]);
	bt_buf_puts(&x, "</body></file></xliff>\n");
	rc = write_file(path, &x);
	bt_buf_dispose(&x);
	return rc;
}

static const char *const fmts[] = {"txt", "html", "docx", "odt", "xlf"};

/* The file of format f for language k (XLIFF: the one file). */
static void fpath(char *p, size_t size, int f, int k)
{
	if (strcmp(fmts[f], "xlf") == 0)
		snprintf(p, size, DIR "/pair.xlf");
	else
		snprintf(p, size, DIR "/%s.%s", k ? "en" : "nl", fmts[f]);
}

static int write_all(const side s[2])
{
	static const char *const lang[2] = {"nl", "en"};
	char p[256];
	int rc = 0;
	mkdir(DIR, 0777);
	for (int k = 0; k < 2 && !rc; k++) {
		char head[256];
		snprintf(head, sizeof head, "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n"
					    "</head>\n<body>\n", lang[k]);
		snprintf(p, sizeof p, DIR "/%s.txt", lang[k]);
		rc = write_flat(p, &s[k], "", emit_text, "");
		snprintf(p, sizeof p, DIR "/%s.html", lang[k]);
		rc = rc || write_flat(p, &s[k], head, emit_html, "</body>\n</html>\n");
		snprintf(p, sizeof p, DIR "/%s.docx", lang[k]);
		rc = rc || write_docx(p, &s[k]);
		snprintf(p, sizeof p, DIR "/%s.odt", lang[k]);
		rc = rc || write_odt(p, &s[k]);
	}
	return rc || write_xliff(DIR "/pair.xlf", s);
}

/* Runs BITEXT ARGS... with its output to /dev/null; CPU and wall seconds. */
static int run(char *const argv[], double *cpu, double *wall)
{
	struct rusage ru;
	struct timespec t0, t1;
	int status;
	pid_t pid;
	fflush(stdout); /* or the child writes what this process holds */
	clock_gettime(CLOCK_MONOTONIC, &t0);
	if ((pid = fork()) == 0) {
		if (!freopen("/dev/null", "w", stdout))
			_exit(127);
		execv(argv[0], argv);
		_exit(127);
	}
	if (pid < 0 || wait4(pid, &status, 0, &ru) != pid)
		return 1;
	clock_gettime(CLOCK_MONOTONIC, &t1);
	*cpu = (double)ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6 + (double)ru.ru_stime.tv_sec +
	       ru.ru_stime.tv_usec / 1e6;
	*wall = (double)(t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9;
	return !WIFEXITED(status) || WEXITSTATUS(status) != 0;
}

/* The best of 3 `bitext add` of format f into a new corpus. */
static int time_add(const char *bitext, int f, double *cpu, double *wall)
{
	char src[64], tgt[64], xlf[64], db[] = DIR "/bench.db";
	char *init[] = {(char *)bitext, "--db", db, "init", NULL};
	char *two[] = {(char *)bitext, "--db", db, "add", "--pair", "p", src, tgt, NULL};
	char *one[] = {(char *)bitext, "--db", db, "add", "--pair", "p", xlf, NULL};
	fpath(src, sizeof src, f, 0);
	fpath(tgt, sizeof tgt, f, 1);
	fpath(xlf, sizeof xlf, f, 0);
	*cpu = *wall = 1e30;
	for (int r = 0; r < 3; r++) {
		double c, w;
		unlink(db);
		if (run(init, &c, &w) != 0 || run(strcmp(fmts[f], "xlf") ? two : one, &c, &w) != 0)
			return 1;
		*cpu = c < *cpu ? c : *cpu;
		*wall = w < *wall ? w : *wall;
	}
	return 0;
}

static double cpu_now(void)
{
	return (double)clock() / CLOCKS_PER_SEC;
}

/* The reader alone: CPU seconds (best of 3) and the text it gives. */
static int time_read(int f, double *cpu, size_t *text)
{
	*cpu = 1e30;
	for (int r = 0; r < 3; r++) {
		double t = 0;
		*text = 0;
		for (int k = 0; k < (strcmp(fmts[f], "xlf") ? 2 : 1); k++) {
			bt_buf raw = BT_BUF_INIT;
			char p[64];
			double t0;
			int rc;
			fpath(p, sizeof p, f, k);
			if (bt_read_file(&raw, p) != 0)
				return 1;
			t0 = cpu_now();
			if (strcmp(fmts[f], "xlf")) {
				bt_doc d = BT_DOC_INIT;
				rc = bt_doc_read(&d, raw.ptr, raw.len, NULL);
				*text += d.text.len;
				bt_doc_dispose(&d);
			} else {
				bt_xliff x = BT_XLIFF_INIT;
				rc = bt_xliff_read(&x, raw.ptr, raw.len, p);
				for (size_t i = 0; !rc && i < x.n_segs; i++) {
					for (size_t j = 0; j < x.segs[i].n_src; j++)
						*text += x.segs[i].src[j].len;
					for (size_t j = 0; j < x.segs[i].n_tgt; j++)
						*text += x.segs[i].tgt[j].len;
				}
				bt_xliff_dispose(&x);
			}
			t += cpu_now() - t0;
			bt_buf_dispose(&raw);
			if (rc)
				return 1;
		}
		*cpu = t < *cpu ? t : *cpu;
	}
	return 0;
}

static long long file_size(int f)
{
	struct stat st;
	char p[64];
	long long n = 0;
	for (int k = 0; k < (strcmp(fmts[f], "xlf") ? 2 : 1); k++) {
		fpath(p, sizeof p, f, k);
		if (stat(p, &st) == 0)
			n += st.st_size;
	}
	return n;
}

int main(int argc, char **argv)
{
	static const char *const names[] = {"text", "HTML", "DOCX", "ODT", "XLIFF"};
	side s[2];
	double mb = argc > 2 ? atof(argv[2]) : 4;

	if (argc < 2 || mb <= 0) {
		fprintf(stderr, "usage: bench_formats BITEXT [MB]\n");
		return 2;
	}
	generate(s, mb);
	if (write_all(s)) {
		fprintf(stderr, "bench_formats: cannot write " DIR "/\n");
		return 1;
	}
	printf("text: %.2f MB (nl %.2f, en %.2f), %zu sentences a side, %zu paragraphs\n",
	       (s[0].bytes + s[1].bytes) / 1e6, s[0].bytes / 1e6, s[1].bytes / 1e6, s[0].n, s[0].n_para);
	printf("%-6s %9s %11s %15s %12s %12s\n", "format", "files MB", "reader MB/s", "add CPU s (wall)",
	       "add MB/s CPU", "add MB/s wall");
	for (int f = 0; f < 5; f++) {
		double rcpu, acpu, awall;
		size_t text;
		if (time_read(f, &rcpu, &text) != 0 || time_add(argv[1], f, &acpu, &awall) != 0) {
			fprintf(stderr, "bench_formats: %s failed: %s\n", names[f], bt_error_last()->msg);
			return 1;
		}
		printf("%-6s %9.2f %11.1f %8.2f (%5.2f) %12.1f %12.1f\n", names[f], file_size(f) / 1e6,
		       text / 1e6 / rcpu, acpu, awall, (s[0].bytes + s[1].bytes) / 1e6 / acpu,
		       (s[0].bytes + s[1].bytes) / 1e6 / awall);
	}
	printf("(best of 3 each; reader: bt_doc_read()/bt_xliff_read() in this process; add: `bitext add` of the\n"
	       " pair into a new corpus, the child's user+system CPU and its wall time; MB of text of both sides)\n");
	for (int k = 0; k < 2; k++) {
		for (size_t i = 0; i < s[k].n; i++)
			free(s[k].sent[i]);
		free(s[k].sent), free(s[k].para), free(s[k].heading);
	}
	return 0;
}
