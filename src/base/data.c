/* data.c: embedded rule data, with a folder override for rule editing. */
#include "data.h"
#include "error.h"

#include <stdio.h>
#include <string.h>

#include "bt_embedded.h" /* generated: bt_embedded_files[], bt_embedded_n */

/* Folders named by bt_data_set_path(), or NULL. */
static char *data_path;

int bt_data_set_path(const char *dirs)
{
	char *copy = NULL;
	if (dirs && *dirs && !(copy = bt_strdup(dirs)))
		return bt_fail_nomem();
	bt_free(data_path);
	data_path = copy;
	return 0;
}

int bt_data_load(bt_buf *out, const char *name)
{
	const char *dirs = data_path;
	bt_buf_clear(out);
	while (dirs && *dirs) {
		const char *end = strchr(dirs, ':');
		size_t n = end ? (size_t)(end - dirs) : strlen(dirs);
		char path[4096];
		FILE *f;
		snprintf(path, sizeof path, "%.*s/%s", (int)n, dirs, name);
		if ((f = fopen(path, "rb")) != NULL) {
			fclose(f);
			return bt_read_file(out, path);
		}
		dirs = end ? end + 1 : "";
	}
	for (size_t i = 0; i < bt_embedded_n; i++)
		if (strcmp(bt_embedded_files[i].name, name) == 0)
			return bt_buf_put(out, (const char *)bt_embedded_files[i].data, bt_embedded_files[i].len);
	return bt_fail(BT_ENOTFOUND, NULL, -1, -1, "no data file '%s' in this build", name);
}
