/* gen_corpus.h: a synthetic document-pair generator for benchmarks and
 * crash tests. Text is assembled from a fixed vocabulary with a fixed
 * pseudo-random sequence, so runs are repeatable; it has the shape of
 * news text (sentences of 5-30 words, paragraphs, headings, numbers,
 * abbreviations, quotes) so every part of ingestion does real work. */
#ifndef BT_GEN_CORPUS_H
#define BT_GEN_CORPUS_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static uint64_t gen_state = 88172645463325252ULL;

static inline uint32_t gen_next(void)
{
	gen_state ^= gen_state << 13;
	gen_state ^= gen_state >> 7;
	gen_state ^= gen_state << 17;
	return (uint32_t)gen_state;
}

static const char *const gen_nl[] = {
	"de", "het", "een", "president", "Loekasjenko", "Poetin", "Oekraïne", "Wit-Rusland", "oorlog",
	"zei", "dat", "troepen", "grens", "volgens", "o.a.", "ca.", "24 februari 2022", "45.000",
	"regering", "Minsk", "Kiev", "Moskou", "is", "niet", "ook", "met", "van", "in", "op", "heeft",
	"militaire", "“speciale operatie”", "onderhandelingen", "sancties", "Zelenski", "landen"};
static const char *const gen_en[] = {
	"the", "a", "president", "Lukashenko", "Putin", "Ukraine", "Belarus", "war", "said", "that",
	"troops", "border", "according", "to", "e.g.", "approx.", "24 February 2022", "45,000",
	"government", "Minsk", "Kyiv", "Moscow", "is", "not", "also", "with", "of", "in", "on", "has",
	"military", "“special operation”", "negotiations", "sanctions", "Zelensky", "countries"};

/* Appends about `bytes` bytes of text in the vocabulary `v` to f. */
static inline void gen_text(FILE *f, const char *const *v, size_t nv, size_t bytes, int with_date)
{
	size_t written = 0;
	if (with_date)
		written += (size_t)fprintf(f, " date 2023-%02u ", 1 + gen_next() % 12);
	while (written < bytes) {
		unsigned sentences = 1 + gen_next() % 5;
		if (gen_next() % 6 == 0)
			written += (size_t)fprintf(f, "%s %s\n\n", v[4 + gen_next() % 4], v[gen_next() % nv]);
		for (unsigned s = 0; s < sentences; s++) {
			unsigned words = 5 + gen_next() % 25;
			for (unsigned w = 0; w < words; w++) {
				const char *word = v[gen_next() % nv];
				if (w == 0) /* capitalize an ASCII first letter */
					written += (size_t)fprintf(f, "%c%s", (word[0] >= 'a' && word[0] <= 'z') ? word[0] - 32 : word[0], word + 1);
				else
					written += (size_t)fprintf(f, " %s", word);
			}
			written += (size_t)fprintf(f, "%s", s + 1 < sentences ? ". " : ".");
		}
		written += (size_t)fprintf(f, "\n\n");
	}
}

/* Writes DIR/nl/pNNNNN.txt and DIR/en/pNNNNN.txt, n pairs of ~kb KiB each.
 * Returns the total bytes written, or 0 on error. */
static inline size_t gen_corpus(const char *dir, unsigned n, unsigned kb)
{
	char path[4096];
	size_t total = 0;
	snprintf(path, sizeof path, "%s", dir);
	mkdir(path, 0777);
	snprintf(path, sizeof path, "%s/nl", dir);
	mkdir(path, 0777);
	snprintf(path, sizeof path, "%s/en", dir);
	mkdir(path, 0777);
	for (unsigned i = 0; i < n; i++) {
		for (int side = 0; side < 2; side++) {
			FILE *f;
			snprintf(path, sizeof path, "%s/%s/p%05u.txt", dir, side ? "en" : "nl", i);
			if (!(f = fopen(path, "wb")))
				return 0;
			if (side)
				gen_text(f, gen_en, sizeof gen_en / sizeof *gen_en, (size_t)kb * 1024, 0);
			else
				gen_text(f, gen_nl, sizeof gen_nl / sizeof *gen_nl, (size_t)kb * 1024, 1);
			total += (size_t)ftell(f);
			fclose(f);
		}
	}
	return total;
}

#endif
