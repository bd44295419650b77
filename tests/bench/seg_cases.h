/* seg_cases.h: reads the peer segmentation suites (shared/bench/segmentation/
 * *.json: a list of {"id", "text", "expected": [...], ...}) with a small JSON
 * reader that knows just enough: objects, arrays, strings with escapes,
 * numbers, true, false, null. Header-only, for the bench and the gate. */
#ifndef BT_SEG_CASES_H
#define BT_SEG_CASES_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct seg_case {
	char *id, *text, *lt_mode;
	char **expected;
	size_t n_expected;
} seg_case;

typedef struct json_in {
	const char *p, *end;
	int err;
} json_in;

static void json_ws(json_in *j)
{
	while (j->p < j->end && (*j->p == ' ' || *j->p == '\n' || *j->p == '\t' || *j->p == '\r'))
		j->p++;
}

static void put_utf8(char **o, unsigned c)
{
	char *s = *o;
	if (c < 0x80) {
		*s++ = (char)c;
	} else if (c < 0x800) {
		*s++ = (char)(0xC0 | (c >> 6));
		*s++ = (char)(0x80 | (c & 0x3F));
	} else if (c < 0x10000) {
		*s++ = (char)(0xE0 | (c >> 12));
		*s++ = (char)(0x80 | ((c >> 6) & 0x3F));
		*s++ = (char)(0x80 | (c & 0x3F));
	} else {
		*s++ = (char)(0xF0 | (c >> 18));
		*s++ = (char)(0x80 | ((c >> 12) & 0x3F));
		*s++ = (char)(0x80 | ((c >> 6) & 0x3F));
		*s++ = (char)(0x80 | (c & 0x3F));
	}
	*o = s;
}

static unsigned json_hex4(json_in *j)
{
	unsigned v = 0;
	for (int k = 0; k < 4; k++) {
		char c = j->p < j->end ? *j->p++ : 0;
		v = v * 16 + (unsigned)(c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10
						   : c >= 'A' && c <= 'F' ? c - 'A' + 10 : (j->err = 1, 0));
	}
	return v;
}

/* A string at j->p (on the opening quote): a malloc'd UTF-8 copy. */
static char *json_string(json_in *j)
{
	char *out = malloc((size_t)(j->end - j->p) + 1), *o = out;
	j->p++;
	while (j->p < j->end && *j->p != '"') {
		char c = *j->p++;
		if (c != '\\') {
			*o++ = c;
			continue;
		}
		c = j->p < j->end ? *j->p++ : 0;
		switch (c) {
		case 'n': *o++ = '\n'; break;
		case 't': *o++ = '\t'; break;
		case 'r': *o++ = '\r'; break;
		case 'b': *o++ = '\b'; break;
		case 'f': *o++ = '\f'; break;
		case 'u': {
			unsigned u = json_hex4(j);
			if (u >= 0xD800 && u < 0xDC00 && j->p + 6 <= j->end && j->p[0] == '\\' && j->p[1] == 'u') {
				j->p += 2;
				u = 0x10000 + ((u - 0xD800) << 10) + (json_hex4(j) - 0xDC00);
			}
			put_utf8(&o, u);
			break;
		}
		default: *o++ = c;
		}
	}
	if (j->p >= j->end)
		j->err = 1;
	j->p++;
	*o = '\0';
	return out;
}

/* Skips any value. */
static void json_skip(json_in *j)
{
	json_ws(j);
	if (j->p >= j->end) {
		j->err = 1;
		return;
	}
	if (*j->p == '"') {
		free(json_string(j));
	} else if (*j->p == '{' || *j->p == '[') {
		char close = *j->p == '{' ? '}' : ']';
		j->p++;
		json_ws(j);
		while (!j->err && j->p < j->end && *j->p != close) {
			if (close == '}') {
				json_ws(j);
				free(json_string(j));
				json_ws(j);
				j->p++; /* : */
			}
			json_skip(j);
			json_ws(j);
			if (j->p < j->end && *j->p == ',')
				j->p++, json_ws(j);
		}
		j->p++;
	} else {
		while (j->p < j->end && !strchr(",]} \n\t\r", *j->p))
			j->p++;
	}
}

/* Loads a suite; returns the number of cases or -1. */
static long seg_cases_load(const char *path, seg_case **out)
{
	FILE *f = fopen(path, "rb");
	char *buf;
	long size, n = 0, cap = 0;
	json_in j;
	seg_case *v = NULL;
	*out = NULL;
	if (!f)
		return -1;
	fseek(f, 0, SEEK_END);
	size = ftell(f);
	fseek(f, 0, SEEK_SET);
	buf = malloc((size_t)size + 1);
	if (fread(buf, 1, (size_t)size, f) != (size_t)size) {
		fclose(f);
		free(buf);
		return -1;
	}
	fclose(f);
	j.p = buf;
	j.end = buf + size;
	j.err = 0;
	json_ws(&j);
	if (j.p >= j.end || *j.p != '[') {
		free(buf);
		return -1;
	}
	j.p++;
	for (;;) {
		seg_case c;
		json_ws(&j);
		if (j.err || j.p >= j.end || *j.p == ']')
			break;
		if (*j.p == ',') {
			j.p++;
			continue;
		}
		if (*j.p != '{') {
			j.err = 1;
			break;
		}
		memset(&c, 0, sizeof c);
		j.p++;
		for (;;) {
			char *key;
			json_ws(&j);
			if (j.err || j.p >= j.end || *j.p == '}')
				break;
			if (*j.p == ',') {
				j.p++;
				continue;
			}
			key = json_string(&j);
			json_ws(&j);
			j.p++; /* : */
			json_ws(&j);
			if (strcmp(key, "expected") == 0 && *j.p == '[') {
				size_t ecap = 0;
				j.p++;
				for (;;) {
					json_ws(&j);
					if (j.err || j.p >= j.end || *j.p == ']')
						break;
					if (*j.p == ',') {
						j.p++;
						continue;
					}
					if (c.n_expected == ecap) {
						ecap = ecap ? ecap * 2 : 8;
						c.expected = realloc(c.expected, ecap * sizeof *c.expected);
					}
					c.expected[c.n_expected++] = json_string(&j);
				}
				j.p++;
			} else if (*j.p == '"' && (!strcmp(key, "id") || !strcmp(key, "text") || !strcmp(key, "lt_mode"))) {
				char *s = json_string(&j);
				if (!strcmp(key, "id"))
					c.id = s;
				else if (!strcmp(key, "text"))
					c.text = s;
				else
					c.lt_mode = s;
			} else {
				json_skip(&j);
			}
			free(key);
		}
		j.p++;
		if (n == cap) {
			cap = cap ? cap * 2 : 64;
			v = realloc(v, (size_t)cap * sizeof *v);
		}
		v[n++] = c;
	}
	free(buf);
	if (j.err) {
		free(v);
		return -1;
	}
	*out = v;
	return n;
}

static void seg_cases_free(seg_case *v, long n)
{
	for (long i = 0; i < n; i++) {
		free(v[i].id);
		free(v[i].text);
		free(v[i].lt_mode);
		for (size_t k = 0; k < v[i].n_expected; k++)
			free(v[i].expected[k]);
		free(v[i].expected);
	}
	free(v);
}

#endif
