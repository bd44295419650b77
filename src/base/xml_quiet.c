/* xml_quiet.c: see xml_quiet.h. */
#include "xml_quiet.h"

#include <libxml/xmlerror.h>

static void quiet(void *ctx, const char *msg, ...)
{
	(void)ctx;
	(void)msg;
}

void bt_xml_quiet(void)
{
	xmlSetGenericErrorFunc(NULL, quiet);
}
