/* lang.c: BCP 47 language tags, checked and canonicalised with ICU
 * (bitext-core.h, "Language tags").
 *
 * A tag is read once, where the user gives it (bitext init), so that a
 * mistake (NL, dutch, nl_NL) shows there and not commands later as a
 * missing folder or a glossary that silently stops applying. */
#include "error.h"

#include "bitext-core.h"

#include <string.h>
#include <unicode/uloc.h>

void bt_lang_primary(char *out, size_t size, const char *tag)
{
	size_t n = strcspn(tag, "-_@");
	if (!size)
		return;
	if (n >= size)
		n = size - 1;
	for (size_t i = 0; i < n; i++)
		out[i] = (char)(tag[i] >= 'A' && tag[i] <= 'Z' ? tag[i] + 32 : tag[i]);
	out[n] = '\0';
}

/* The code of the language whose English name is `name` (ASCII, any
 * case), or NULL: the suggestion for `--src dutch`. */
static const char *code_named(const char *name)
{
	for (const char *const *l = uloc_getISOLanguages(); *l; l++) {
		UChar disp[64];
		UErrorCode st = U_ZERO_ERROR;
		int32_t n = uloc_getDisplayLanguage(*l, "en", disp, 64, &st);
		size_t i = 0;
		if (U_FAILURE(st) || n <= 0 || (size_t)n != strlen(name))
			continue;
		for (; i < (size_t)n; i++) {
			char c = name[i];
			if (disp[i] > 0x7f || (UChar)(c >= 'A' && c <= 'Z' ? c + 32 : c) !=
						      (disp[i] >= 'A' && disp[i] <= 'Z' ? disp[i] + 32 : disp[i]))
				break;
		}
		if (i == (size_t)n)
			return *l;
	}
	return NULL;
}

static int unknown(const char *tag, const char *why)
{
	const char *code = code_named(tag);
	if (code)
		return bt_fail(BT_EUSAGE, NULL, -1, -1, "unknown language tag '%s': use its BCP 47 code, %s", tag, code);
	return bt_fail(BT_EUSAGE, NULL, -1, -1, "unknown language tag '%s' (%s): use a BCP 47 tag such as nl, en-GB or zh-Hant",
		       tag, why);
}

int bt_lang_canonical(char *out, size_t size, const char *tag)
{
	char in[64], id[ULOC_FULLNAME_CAPACITY], can[ULOC_FULLNAME_CAPACITY], lang[ULOC_LANG_CAPACITY];
	UErrorCode st = U_ZERO_ERROR;
	int32_t parsed = 0;
	size_t n = tag ? strlen(tag) : 0;
	if (n == 0 || n >= sizeof in)
		return bt_fail(BT_EUSAGE, NULL, -1, -1, "bad language tag '%s' (1 to 63 characters)", tag ? tag : "");
	for (size_t i = 0; i <= n; i++)
		in[i] = tag[i] == '_' ? '-' : tag[i];
	uloc_forLanguageTag(in, id, sizeof id, &parsed, &st);
	if (U_FAILURE(st) || (size_t)parsed != n)
		return unknown(tag, "not BCP 47");
	uloc_canonicalize(id, can, sizeof can, &st);
	if (U_SUCCESS(st))
		uloc_getLanguage(can, lang, sizeof lang, &st);
	if (U_FAILURE(st) || !lang[0] || !uloc_getISO3Language(lang)[0])
		return unknown(tag, "no such language");
	uloc_toLanguageTag(can, out, (int32_t)size, 1, &st);
	if (U_FAILURE(st) || st == U_STRING_NOT_TERMINATED_WARNING)
		return bt_fail(BT_EUSAGE, NULL, -1, -1, "bad language tag '%s': %s", tag, u_errorName(st));
	return 0;
}
