/* hello.c: a program on the installed libbitext (tests/install/install.sh). */
#include <bitext.h>
#include <stdio.h>

int main(int argc, char **argv)
{
	bt_corpus_opts o = BT_CORPUS_OPTS_INIT;
	bt_corpus *c = NULL;
	bt_buf key = BT_BUF_INIT;
	o.create = 1;
	if (argc < 2 || bt_corpus_open(&c, argv[1], &o) || bt_name_key(&key, "Loekasjenko", 11, "nl"))
		return fprintf(stderr, "hello: %s\n", bt_error_last()->msg), 1;
	printf("bitext %s: %s -> %s, key %s\n", BT_VERSION, bt_corpus_src_lang(c), bt_corpus_tgt_lang(c), key.ptr);
	bt_buf_dispose(&key);
	bt_corpus_free(c);
	return 0;
}
