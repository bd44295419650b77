/* cmd_serve.c: `bitext serve`: the review and concordance pages. */
#include "cli.h"

#include <arpa/inet.h>
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>

static const char help[] =
	"usage: bitext [--db PATH] serve [--port N] [--bind ADDRESS [--allow-remote]]\n"
	"                                [--host NAME]... [--threads N] [--log]\n\n"
	"Serve the corpus to a web browser: a review page to check and correct the\n"
	"alignment of each document pair (merge, split, move a sentence, mark a\n"
	"link wrong or right; corrections are stored as manual links, which\n"
	"`bitext align` keeps and TMX export marks), and a concordance page with\n"
	"the query language of `bitext concord`. Prints the address to open, and\n"
	"runs until Ctrl-C (or SIGTERM).\n\n"
	"Options:\n"
	"  --port N          the port (default 8421; 0: any free port)\n"
	"  --bind ADDRESS    the address to listen on (default 127.0.0.1)\n"
	"  --allow-remote    allow an address other machines can reach; anyone\n"
	"                    who can reach it can read and correct the corpus\n"
	"  --host NAME       a name the server answers to, besides localhost and\n"
	"                    the address it listens on (for --bind 0.0.0.0 or ::,\n"
	"                    any address of it); requests naming another host are\n"
	"                    refused (DNS rebinding). Repeat for more names.\n"
	"  --threads N       requests served at once (default 4, at most 64)\n"
	"  --log             one line per request on stderr\n\n"
	"Exit status: 0 stopped by a signal, 2 usage error, 3 I/O or database error\n"
	"(no corpus, the port in use).\n";

enum { O_PORT = 256, O_BIND, O_REMOTE, O_HOST, O_THREADS, O_LOG, O_HELP };

static const struct option options[] = {
	{"port", required_argument, NULL, O_PORT},    {"bind", required_argument, NULL, O_BIND},
	{"allow-remote", no_argument, NULL, O_REMOTE}, {"threads", required_argument, NULL, O_THREADS},
	{"log", no_argument, NULL, O_LOG},	      {"help", no_argument, NULL, O_HELP},
	{"host", required_argument, NULL, O_HOST},
	{NULL, 0, NULL, 0}};

static int number(const char *arg, const char *opt, unsigned long min, unsigned long max, unsigned *out)
{
	char *end;
	unsigned long v;
	errno = 0;
	if (!*arg || strspn(arg, "0123456789") != strlen(arg))
		goto bad;
	v = strtoul(arg, &end, 10);
	if (errno || *end || v < min || v > max)
		goto bad;
	*out = (unsigned)v;
	return 0;
bad:
	return cli_usage_error("serve", "%s needs a whole number from %lu to %lu, not '%s'", opt, min, max, arg);
}

/* One line per request: the path is decoded (%0a is a line feed, %1b an
 * escape), so method and path are escaped (bt_text_escape); the line is
 * written with one call so that threads do not interleave. */
static void log_request(void *ud, const char *method, const char *path, unsigned status, double ms)
{
	bt_buf m = BT_BUF_INIT, p = BT_BUF_INIT;
	(void)ud;
	if (bt_text_escape(&m, method, strlen(method)) == 0 && bt_text_escape(&p, path, strlen(path)) == 0)
		fprintf(stderr, "%s %s %u %.1f ms\n", m.ptr, p.ptr, status, ms);
	else
		fprintf(stderr, "(out of memory) %u %.1f ms\n", status, ms);
	bt_buf_dispose(&m);
	bt_buf_dispose(&p);
}

int cmd_serve(int argc, char **argv)
{
	bt_serve_opts so = BT_SERVE_OPTS_INIT;
	bt_server *s = NULL;
	const char *hosts[16];
	sigset_t stop;
	int opt, sig = 0;

	so.port = 8421;
	optind = 1;
	opterr = 0;
	while ((opt = getopt_long(argc, argv, "h", options, NULL)) != -1) {
		switch (opt) {
		case 'h':
		case O_HELP:
			fputs(help, stdout);
			return EXIT_OK;
		case O_PORT:
			if (number(optarg, "--port", 0, 65535, &so.port))
				return EXIT_USAGE;
			break;
		case O_BIND:
			so.bind = optarg;
			break;
		case O_REMOTE:
			so.allow_remote = 1;
			break;
		case O_HOST:
			if (so.n_hosts == sizeof hosts / sizeof hosts[0])
				return cli_usage_error("serve", "at most 16 --host names");
			hosts[so.n_hosts++] = optarg;
			so.hosts = hosts;
			break;
		case O_THREADS:
			if (number(optarg, "--threads", 1, 64, &so.threads))
				return EXIT_USAGE;
			break;
		case O_LOG:
			so.log = log_request;
			break;
		default:
			return cli_bad_option("serve", argv);
		}
	}
	if (optind != argc)
		return cli_usage_error("serve", "serve takes no arguments");

	/* The server's threads inherit this mask, so the signals come to
	 * sigwait below and the server is stopped from here, cleanly. */
	sigemptyset(&stop);
	sigaddset(&stop, SIGINT);
	sigaddset(&stop, SIGTERM);
	sigaddset(&stop, SIGHUP);
	pthread_sigmask(SIG_BLOCK, &stop, NULL);
	signal(SIGPIPE, SIG_IGN);

	if (bt_serve_start(&s, cli_db_path(), &so) != 0) {
		const bt_error *e = bt_error_last();
		unsigned char a[16];
		/* only an address that is not loopback is helped by --allow-remote */
		if (e->code == BT_EUSAGE && so.bind && !so.allow_remote &&
		    (inet_pton(AF_INET, so.bind, a) == 1 || inet_pton(AF_INET6, so.bind, a) == 1))
			return cli_usage_error("serve", "%s: add --allow-remote to serve other machines", e->msg);
		if (e->code == BT_EUSAGE)
			return cli_usage_error("serve", "%s", e->msg);
		return cli_report();
	}
	if (so.allow_remote && so.bind)
		fprintf(stderr,
			"bitext: warning: listening on %s: anyone who can reach this address can read and correct the "
			"corpus\n",
			so.bind);
	printf("bitext: serving %s at %s\n", cli_esc(cli_db_path()), bt_serve_url(s));
	printf("  review:      %sreview\n  concordance: %sconcord\nPress Ctrl-C to stop.\n", bt_serve_url(s),
	       bt_serve_url(s));
	fflush(stdout);
	while (sigwait(&stop, &sig) != 0)
		;
	bt_serve_stop(s);
	fprintf(stderr, "bitext: stopped (%s)\n", sig == SIGINT ? "interrupt" : sig == SIGTERM ? "terminated" : "hangup");
	return EXIT_OK;
}
