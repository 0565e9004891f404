/*
 * The command-line splitter and every kubectl verb's argument parsing:
 * each line of the input is split as a shell would, then run against a
 * small live cluster (tests/fuzz/cluster.h) with the controllers settling
 * after it, as on the dashboard's `:` line. Lines that name files outside
 * the scratch directory are skipped (a fuzzer must not read /dev/zero or
 * walk /), and so is `edit`, which starts an editor.
 */
#include "fuzz.h"

#include <fcntl.h>

#include "ksim/kubectl.h"

#include "cluster.h"

#define MAX_LINES 8

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	static const char rs[] = "apiVersion: apps/v1\nkind: ReplicaSet\nmetadata: {name: web}\n"
				 "spec:\n  replicas: 3\n  selector: {matchLabels: {app: web}}\n"
				 "  template:\n    metadata: {labels: {app: web}}\n"
				 "    spec: {containers: [{name: nginx, image: nginx:1.25}]}\n";
	static const char job[] =
	    "apiVersion: batch/v1\nkind: Job\nmetadata: {name: hello}\n"
	    "spec: {template: {spec: {restartPolicy: Never, containers: [{name: c, image: busybox, command: [echo, hello]}]}}}\n";
	char path[512];
	int null = open("/dev/null", O_RDONLY);

	(void)argc;
	(void)argv;
	/* `apply -f -` reads stdin: give it nothing. */
	if (null < 0 || dup2(null, 0) < 0)
		fatal("fuzz: cannot open /dev/null");
	close(null);
	snprintf(path, sizeof path, "%s/rs.yaml", fuzz_dir());
	fuzz_write(path, rs, sizeof rs - 1);
	snprintf(path, sizeof path, "%s/job.yaml", fuzz_dir());
	fuzz_write(path, job, sizeof job - 1);
	if (chdir(fuzz_dir()) != 0)
		fatal("fuzz: cannot enter %s", fuzz_dir());
	return 0;
}

/* A word that could reach outside the scratch directory, or the editor. */
static bool risky(int argc, char **argv)
{
	for (int i = 0; i < argc; i++) {
		const char *w = argv[i];
		if (w[0] == '/' || w[0] == '~' || strstr(w, "..") ||
		    (w[0] == '-' && strchr(w, '/') && strncmp(w, "--from=", 7) != 0))
			return true;
	}
	for (int i = 0; i < argc; i++)
		if (strcmp(argv[i], "kubectl") != 0)
			return strcmp(argv[i], "edit") == 0;
	return false;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fuzz_text(data, size), *line = text;
	struct session s;
	struct strbuf out, err;

	sb_init(&out);
	sb_init(&err);
	fuzz_cluster_open(&s);
	for (int n = 0; line && n < MAX_LINES; n++) {
		char *next = strchr(line, '\n'), **argv;
		struct ksim_error split_err;
		int argc;

		if (next)
			*next++ = '\0';
		if (kubectl_split(line, &argc, &argv, &split_err) == 0) {
			if (!risky(argc, argv))
				session_exec(&s, line, &out, &err);
			kubectl_split_free(argc, argv);
		}
		line = next;
	}
	session_destroy(&s);
	sb_free(&out);
	sb_free(&err);
	free(text);
	return 0;
}
