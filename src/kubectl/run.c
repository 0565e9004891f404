/*
 * kubectl run NAME --image=IMAGE [--restart=Always|OnFailure|Never]
 * [--labels=K=V,...] [--port=N] [--command] [-i] [-t] [--attach] [--rm]
 * [-- ARG...]: a bare pod labelled run=NAME with one container named NAME,
 * the words after NAME its args (its command with --command), as
 * pkg/cmd/run/run.go makes it. Detached, kubectl prints "pod/NAME created".
 * Attached (-i, --attach), kubectl streams the container's output, deletes
 * the pod afterwards with --rm ("pod "NAME" deleted") and exits with the
 * container's status. ksim folds that session into the command's instant:
 * the command runs at once as a container program (engine_exec: nslookup,
 * wget/curl against Services, cat /etc/resolv.conf, ...) and, with --rm, no
 * pod is left behind (so none shows up either). An interactive shell needs
 * a terminal ksim does not simulate, and says so.
 */
#include "ksim/kubectl.h"

#include <stdlib.h>
#include <string.h>

#include "ksim/manifest.h"

#include "internal.h"
#include "write.h"

struct run_opts {
	const char *image, *restart, *labels, *port;
	bool command, stdin_, tty, attach, attach_set, rm;
};

/* "k=v,k2=v2" as parseLabels reads it; the default is run=NAME. */
static int labels_yaml(struct kubectl *k, const char *name, const char *text, struct strbuf *y)
{
	char *copy, *save = NULL;
	int rc = 0;

	sb_add(y, "  labels:\n");
	if (!text || !*text) {
		sb_add(y, "    run: ");
		tree_yaml_quoted(y, name);
		sb_addc(y, '\n');
		return 0;
	}
	copy = xstrdup(text);
	for (char *spec = strtok_r(copy, ",", &save); spec && !rc; spec = strtok_r(NULL, ",", &save)) {
		char *eq = strchr(spec, '=');
		if (!eq || strchr(eq + 1, '=')) {
			sb_printf(k->err, "error: unexpected label spec: %s\n", spec);
			rc = 1;
		} else if (eq == spec) {
			sb_add(k->err, "error: unexpected empty label key\n");
			rc = 1;
		} else {
			*eq = '\0';
			sb_add(y, "    ");
			tree_yaml_quoted(y, spec);
			sb_add(y, ": ");
			tree_yaml_quoted(y, eq + 1);
			sb_addc(y, '\n');
		}
	}
	free(copy);
	return rc;
}

/* The pod createPod builds, as a manifest. */
static int pod_yaml(struct kubectl *k, const struct run_opts *o, const char *restart, int argc,
		    char **argv, struct strbuf *y)
{
	sb_add(y, "apiVersion: v1\nkind: Pod\nmetadata:\n  name: ");
	tree_yaml_quoted(y, argv[1]);
	sb_addc(y, '\n');
	if (labels_yaml(k, argv[1], o->labels, y))
		return 1;
	sb_printf(y, "spec:\n  restartPolicy: %s\n  containers:\n  - name: ", restart);
	tree_yaml_quoted(y, argv[1]);
	sb_add(y, "\n    image: ");
	tree_yaml_quoted(y, o->image);
	sb_addc(y, '\n');
	if (argc > 2) {
		sb_add(y, o->command ? "    command: [" : "    args: [");
		for (int i = 2; i < argc; i++) {
			if (i > 2)
				sb_add(y, ", ");
			tree_yaml_quoted(y, argv[i]);
		}
		sb_add(y, "]\n");
	}
	if (o->port)
		sb_printf(y, "    ports: [{containerPort: %s}]\n", o->port);
	return 0;
}

/* The attached session: the command runs at once in the new pod, its output shown. */
struct attached {
	int argc;
	char **argv; /* the command */
	struct strbuf *out;
	int status;
};

/*
 * The API server's side: the name must be free and the pod valid. Unless
 * only checking, the pod is created, with "pod/NAME created" when shown.
 * With a set, its command runs first in the pod as decoded.
 */
static int make_pod(struct kubectl *k, const struct strbuf *yaml, const char *name, bool create,
		    bool shown, struct attached *a)
{
	struct manifest m;
	int rc = generated_load(k, KIND_POD, name, yaml, NULL, &m);

	if (rc)
		return rc;
	if (a) {
		struct pod *p = m.objects[0].obj;
		p->meta.ns = api_object_ns(k->c, k->ns, KIND_POD, &p->meta);
		a->status = engine_exec(k->c, p, &cluster_spec(k->c, p->spec)->containers[0], a->argv,
					(uint32_t)a->argc, a->out);
	}
	if (create)
		rc = generated_create(k, &m, shown);
	manifest_free(k->c, &m);
	return rc;
}

/* What the attached session ends with: KUBECTL_ERROR when the command failed, as kubectl exits non-zero. */
static int attached_end(struct kubectl *k, const char *name, const struct attached *a, bool rm,
			const char *restart)
{
	if (rm)
		sb_printf(k->out, "pod \"%s\" deleted\n", name);
	/* With restartPolicy Always kubectl does not wait for an exit code. */
	if (!a->status || strcmp(restart, "Always") == 0)
		return 0;
	sb_printf(k->err, "pod %s/%s terminated (Error)\n", cluster_str(k->c, k->ns), name);
	return KUBECTL_ERROR;
}

/* RunOptions.Complete and Validate, in kubectl's order. */
static int validate(struct kubectl *k, struct run_opts *o, int argc, const char **restart)
{
	*restart = o->restart ? o->restart : o->stdin_ ? "OnFailure" : "Always";
	if (strcmp(*restart, "Always") && strcmp(*restart, "OnFailure") && strcmp(*restart, "Never")) {
		sb_printf(k->err,
			  "error: invalid restart policy: %s, valid values are: Always, OnFailure, "
			  "Never\n",
			  *restart);
		return 1;
	}
	if (!o->attach_set && o->stdin_)
		o->attach = true;
	if (argc < 2) {
		sb_add(k->err, "error: NAME is required for run\n");
		return 1;
	}
	if (!o->image || !*o->image) {
		sb_add(k->err, "error: --image is required\n");
		return 1;
	}
	if (o->tty && !o->stdin_) {
		sb_add(k->err, "error: -i/--stdin is required for containers with -t/--tty=true\n");
		return 1;
	}
	if (o->port && strspn(o->port, "0123456789") != strlen(o->port)) {
		sb_add(k->err, "error: --port must be a number\n");
		return 1;
	}
	if (!o->attach && o->rm) {
		sb_add(k->err, "error: --rm should only be used for attached containers\n");
		return 1;
	}
	return 0;
}

static int run_exec(struct kubectl *k, int argc, char **argv)
{
	struct run_opts o = { 0 };
	const struct kubectl_flag flags[] = {
		{ NULL, "image", &o.image, NULL },     { NULL, "restart", &o.restart, NULL },
		{ "l", "labels", &o.labels, NULL },    { NULL, "port", &o.port, NULL },
		{ NULL, "command", NULL, &o.command }, { "i", "stdin", NULL, &o.stdin_ },
		{ "t", "tty", NULL, &o.tty },          { NULL, "attach", NULL, &o.attach_set },
		{ NULL, "rm", NULL, &o.rm },           { NULL, NULL, NULL, NULL },
	};
	const char *restart;
	struct strbuf yaml;
	int rc;

	if (kubectl_flags(k, flags, &argc, argv))
		return 1;
	o.attach = o.attach_set;
	if (validate(k, &o, argc, &restart))
		return 1;
	if (o.attach && (argc < 3 || kubectl_interactive_shell(argc - 2, argv + 2))) {
		sb_printf(k->err,
			  "error: ksim does not simulate an interactive shell in pod \"%s\"; give it "
			  "the command to run, as in `kubectl run -it --rm %s --image=%s "
			  "--restart=Never -- sh -c 'wget -qO- SERVICE:PORT'` (or nslookup NAME, cat "
			  "/etc/resolv.conf)\n",
			  argv[1], argv[1], o.image);
		return 1;
	}
	struct attached a = { argc - 2, argv + 2, k->out, 0 };
	sb_init(&yaml);
	/* Folded with --rm, the pod comes and goes within the instant: it is checked, not kept. */
	rc = pod_yaml(k, &o, restart, argc, argv, &yaml) ||
	     make_pod(k, &yaml, argv[1], !(o.attach && o.rm), !o.attach, o.attach ? &a : NULL);
	sb_free(&yaml);
	if (!rc && o.attach)
		rc = attached_end(k, argv[1], &a, o.rm, restart);
	return rc;
}

const struct kubectl_verb kubectl_run_verb = {
	.name = "run",
	.usage = "run NAME --image=IMAGE [--restart=Never] [--rm] [-i] [-t] [-- COMMAND [ARG...]]",
	.summary = "Run a particular image in a pod",
	.exec = run_exec,
};
