/*
 * kubectl exec [-i] [-t] [-c CONTAINER] POD -- COMMAND [ARG...]: the command
 * runs at once in that container as one of the programs the kubelet knows
 * (engine_exec), with the pod's env and hostname; its exit code is the
 * verb's, as kubectl's "command terminated with exit code N". A terminal
 * session (an interactive shell) is not simulated, and says so.
 */
#include "ksim/kubectl.h"

#include <string.h>

#include "internal.h"

/* The container -c names, or the first one ("Defaulted container" when there are several). */
static const struct container *pick_container(struct kubectl *k, const struct pod *p,
					      const char *name, uint32_t *ctr)
{
	const struct podspec *s = cluster_spec(k->c, p->spec);

	if (!name) {
		if (s->ncontainers > 1) {
			sb_printf(k->err, "Defaulted container \"%s\" out of: ",
				  cluster_str(k->c, s->containers[0].name));
			for (uint32_t i = 0; i < s->ncontainers; i++)
				sb_printf(k->err, "%s%s", i ? ", " : "",
					  cluster_str(k->c, s->containers[i].name));
			sb_addc(k->err, '\n');
		}
		*ctr = p->ninit;
		return &s->containers[0];
	}
	for (uint32_t i = 0; i < s->ncontainers; i++)
		if (strcmp(cluster_str(k->c, s->containers[i].name), name) == 0) {
			*ctr = p->ninit + i;
			return &s->containers[i];
		}
	for (uint32_t i = 0; i < s->ninit; i++)
		if (strcmp(cluster_str(k->c, s->init_containers[i].name), name) == 0) {
			*ctr = i;
			return &s->init_containers[i];
		}
	sb_printf(k->err, "Error from server (BadRequest): container %s is not valid for pod %s\n",
		  name, cluster_str(k->c, p->meta.name));
	return NULL;
}

bool kubectl_interactive_shell(int argc, char **argv)
{
	const char *prog = argc > 0 ? strrchr(argv[0], '/') : NULL;

	prog = prog ? prog + 1 : argc > 0 ? argv[0] : "";
	return argc == 1 && (strcmp(prog, "sh") == 0 || strcmp(prog, "bash") == 0 ||
			     strcmp(prog, "ash") == 0);
}

static int exec_exec(struct kubectl *k, int argc, char **argv)
{
	const char *container = NULL;
	bool in = false, tty = false;
	const struct kubectl_flag flags[] = {
		{ "c", "container", &container, NULL },
		{ "i", "stdin", NULL, &in },
		{ "t", "tty", NULL, &tty },
		{ NULL, NULL, NULL, NULL },
	};
	const struct container *ctr;
	const struct pod *p;
	uint32_t idx, ci;
	const char *name;
	int status;

	if (kubectl_flags(k, flags, &argc, argv))
		return 1;
	if (argc < 2) {
		sb_add(k->err, "error: expected 'exec POD_NAME COMMAND [ARG1] [ARG2] ... [ARGN]'.\n"
			       "POD_NAME and COMMAND are required arguments for the exec command\n"
			       "See 'kubectl exec -h' for help and examples\n");
		return 1;
	}
	name = strncmp(argv[1], "pod/", 4) == 0 ? argv[1] + 4
	       : strncmp(argv[1], "pods/", 5) == 0 ? argv[1] + 5
						    : argv[1];
	if (argc < 3) {
		sb_add(k->err, "error: you must specify at least one command for the container\n");
		return 1;
	}
	idx = kubectl_find(k, KIND_POD, name);
	if (idx == NONE32) {
		kubectl_not_found(k, KIND_POD, name);
		return 1;
	}
	p = cluster_get(k->c, KIND_POD, idx);
	if (p->phase == PHASE_SUCCEEDED || p->phase == PHASE_FAILED) {
		sb_printf(k->err,
			  "error: cannot exec into a container in a completed pod; current phase is %s\n",
			  api_pod_phase_name(p->phase));
		return 1;
	}
	if (!(ctr = pick_container(k, p, container, &ci)))
		return 1;
	if (!p->ctrs || p->ctrs[ci].state != CTR_RUNNING) {
		sb_printf(k->err, "error: unable to upgrade connection: container not found (\"%s\")\n",
			  cluster_str(k->c, ctr->name));
		return 1;
	}
	if (in && kubectl_interactive_shell(argc - 2, argv + 2)) {
		sb_printf(k->err,
			  "error: ksim does not simulate an interactive shell; give it the command to "
			  "run: kubectl exec -it %s -- sh -c 'hostname; cat /etc/resolv.conf'\n",
			  name);
		return 1;
	}
	status = engine_exec(k->c, p, ctr, argv + 2, (uint32_t)argc - 2, k->out);
	if (status)
		sb_printf(k->err, "command terminated with exit code %d\n", status);
	/* the exit code is in the message: a verb returns an enum kubectl_ret, and 2 or 3 would read as WAIT or EDIT */
	return status ? KUBECTL_ERROR : KUBECTL_OK;
}

const struct kubectl_verb kubectl_exec_verb = {
	.name = "exec",
	.usage = "exec [-it] POD [-c CONTAINER] -- COMMAND [ARG...]",
	.summary = "Execute a command in a container",
	.exec = exec_exec,
};
