/*
 * kubectl create: -f FILE (like apply, but what exists is an error),
 * `create job NAME --from=cronjob/CJ` (the course's manual trigger: a Job
 * from the CronJob's jobTemplate, owned by it, annotated
 * cronjob.kubernetes.io/instantiate=manual), `create deployment` (create_deployment.c)
 * and `create namespace NAME`.
 */
#include <string.h>

#include "internal.h"
#include "write.h"

static int create_job(struct kubectl *k, int argc, char **argv, const char *from)
{
	uint32_t cj, name, job;

	if (argc != 3)
		return usage_error(k, "create job", "exactly one NAME is required");
	if (!from)
		return usage_error(k, "create job",
				   "ksim creates Jobs from CronJobs: --from=cronjob/NAME is required");
	if (strncmp(from, "cronjob/", 8) && strncmp(from, "cronjobs/", 9) &&
	    strncmp(from, "cj/", 3) && strncmp(from, "cronjob.batch/", 14)) {
		sb_printf(k->err, "error: from must be an existing cronjob: %s\n", from);
		return 1;
	}
	cj = kubectl_find(k, KIND_CRONJOB, strchr(from, '/') + 1);
	if (cj == NONE32) {
		kubectl_not_found(k, KIND_CRONJOB, strchr(from, '/') + 1);
		return 1;
	}
	name = cluster_intern(k->c, argv[2]);
	job = engine_job_from_cronjob(k->e, cj, name);
	if (job == NONE32) {
		sb_printf(k->err, "error: failed to create job: jobs.batch \"%s\" already exists\n",
			  argv[2]);
		return 1;
	}
	print_operation(k, KIND_JOB, job, "created");
	return 0;
}

static int create_namespace(struct kubectl *k, int argc, char **argv)
{
	uint32_t ns;

	if (argc != 3)
		return usage_error(k, "create namespace", "exactly one NAME is required");
	ns = cluster_intern(k->c, argv[2]);
	if (cluster_has_namespace(k->c, ns)) {
		sb_printf(k->err,
			  "Error from server (AlreadyExists): namespaces \"%s\" already exists\n",
			  argv[2]);
		return 1;
	}
	cluster_add_namespace(k->c, ns);
	sb_printf(k->out, "namespace/%s created\n", argv[2]);
	return 0;
}

/* kubectl refuses a flag the subcommand does not define: "error: unknown flag: --replicas". */
static bool refused(struct kubectl *k, const char *flag, bool given, bool defined)
{
	if (given && !defined)
		sb_printf(k->err, "error: unknown flag: --%s\n", flag);
	return given && !defined;
}

static int create_exec(struct kubectl *k, int argc, char **argv)
{
	struct flag_list files = { 0 };
	const char *from = NULL, *image = NULL, *replicas = NULL, *port = NULL, *validate = NULL;
	bool recursive = false;
	const struct kubectl_flag flags[] = {
		{ NULL, "from", &from, NULL },
		{ NULL, "image", &image, NULL },
		{ NULL, "replicas", &replicas, NULL },
		{ NULL, "port", &port, NULL },
		{ "R", "recursive", NULL, &recursive },
		{ NULL, "validate", &validate, NULL },
		{ NULL, NULL, NULL, NULL },
	};
	int rc = 1;

	bool job, deploy;

	if (flag_take_list(k, "f", "filename", true, &argc, argv, &files) ||
	    kubectl_flags(k, flags, &argc, argv))
		goto out;
	job = !files.n && argc >= 2 && strcmp(argv[1], "job") == 0;
	deploy = !files.n && argc >= 2 &&
		 (strcmp(argv[1], "deployment") == 0 || strcmp(argv[1], "deploy") == 0);
	if (refused(k, "from", from, job) || refused(k, "image", image, deploy) ||
	    refused(k, "replicas", replicas, deploy) || refused(k, "port", port, deploy) ||
	    refused(k, "recursive", recursive, files.n))
		goto out;
	if (files.n)
		rc = apply_files(k, &files, recursive, true, validate);
	else if (job)
		rc = create_job(k, argc, argv, from);
	else if (deploy)
		rc = create_deployment(k, argc, argv, image, replicas, port);
	else if (argc >= 2 && (strcmp(argv[1], "namespace") == 0 || strcmp(argv[1], "ns") == 0))
		rc = create_namespace(k, argc, argv);
	else
		rc = usage_error(
		    k, "create",
		    "ksim creates from -f FILE, `deployment NAME --image=I`, `job NAME "
		    "--from=cronjob/CJ` or `namespace NAME`");
out:
	flag_list_free(&files);
	return rc;
}

const struct kubectl_verb kubectl_create = {
	.name = "create",
	.usage = "create (-f FILE | job NAME --from=cronjob/CRONJOB | namespace NAME)",
	.summary = "Create a resource from a file, or a Job from a CronJob",
	.exec = create_exec,
};
