/* xml_quiet.c: see xml_quiet.h. */
#include "xml_quiet.h"

#include <libxml/globals.h>

static void quiet(void *ctx, const char *msg, ...)
{
	(void)ctx;
	(void)msg;
}

void bt_xml_quiet(bt_xml_saved *saved)
{
	saved->func = xmlGenericError;
	saved->ctx = xmlGenericErrorContext;
	xmlSetGenericErrorFunc(NULL, quiet);
}

void bt_xml_restore(const bt_xml_saved *saved)
{
	xmlSetGenericErrorFunc(saved->ctx, saved->func);
}
