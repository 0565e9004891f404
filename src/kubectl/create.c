/*
 * kubectl create: -f FILE (like apply, but what exists is an error),
 * `create job NAME --from=cronjob/CJ` (the course's manual trigger: a Job
 * from the CronJob's jobTemplate, owned by it, annotated
 * cronjob.kubernetes.io/instantiate=manual), `create job NAME --image=I
 * [-- COMMAND...]`, `create deployment` (create_deployment.c)
 * `create configmap|secret` (create_config.c) and `create namespace NAME`.
 */
#include <string.h>

#include "ksim/manifest.h"

#include "internal.h"
#include "write.h"

/*
 * createJob (staging/src/k8s.io/kubectl/pkg/cmd/create/create_job.go): one
 * container named after the Job, the command after `--`, restartPolicy
 * Never; built as a manifest so the API server's defaults and validation apply.
 */
static int create_job_image(struct kubectl *k, int argc, char **argv, const char *image)
{
	struct strbuf y;
	struct manifest m;
	int rc;

	if (kubectl_find(k, KIND_JOB, argv[2]) != NONE32) {
		sb_printf(k->err, "error: failed to create job: jobs.batch \"%s\" already exists\n",
			  argv[2]);
		return 1;
	}
	sb_init(&y);
	sb_add(&y, "apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: ");
	tree_yaml_quoted(&y, argv[2]);
	sb_add(&y, "\nspec:\n  template:\n    spec:\n      restartPolicy: Never\n      containers:\n      - name: ");
	tree_yaml_quoted(&y, argv[2]);
	sb_add(&y, "\n        image: ");
	tree_yaml_quoted(&y, image);
	sb_addc(&y, '\n');
	if (argc > 3) {
		sb_add(&y, "        command: [");
		for (int i = 3; i < argc; i++) {
			if (i > 3)
				sb_add(&y, ", ");
			tree_yaml_quoted(&y, argv[i]);
		}
		sb_add(&y, "]\n");
	}
	rc = generated_load(k, KIND_JOB, argv[2], &y, NULL, &m);
	if (!rc) {
		rc = generated_create(k, &m, true);
		manifest_free(k->c, &m);
	}
	sb_free(&y);
	return rc ? 1 : 0;
}

static int create_job(struct kubectl *k, int argc, char **argv, const char *from,
		      const char *image)
{
	uint32_t cj, name, job;

	if (argc < 3)
		return usage_error(k, "create job", "NAME is required");
	/* CreateJobOptions.Validate */
	if (!from == !(image && *image)) {
		sb_add(k->err, "error: either --image or --from must be specified\n");
		return 1;
	}
	if (argc > 3 && from) {
		sb_add(k->err, "error: cannot specify --from and command\n");
		return 1;
	}
	if (image)
		return create_job_image(k, argc, argv, image);
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
	kubectl_operation_print(k, KIND_JOB, job, "created");
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

	if (argc >= 2 && (strcmp(argv[1], "configmap") == 0 || strcmp(argv[1], "cm") == 0 ||
			  strcmp(argv[1], "secret") == 0))
		return create_config(k, argc, argv);

	if (kubectl_flag_take_list(k, "f", "filename", true, &argc, argv, &files) ||
	    kubectl_flags(k, flags, &argc, argv))
		goto out;
	job = !files.n && argc >= 2 && strcmp(argv[1], "job") == 0;
	deploy = !files.n && argc >= 2 &&
		 (strcmp(argv[1], "deployment") == 0 || strcmp(argv[1], "deploy") == 0);
	if (refused(k, "from", from, job) || refused(k, "image", image, deploy || job) ||
	    refused(k, "replicas", replicas, deploy) || refused(k, "port", port, deploy) ||
	    refused(k, "recursive", recursive, files.n))
		goto out;
	if (files.n)
		rc = apply_files(k, &files, recursive, true, validate);
	else if (job)
		rc = create_job(k, argc, argv, from, image);
	else if (deploy)
		rc = create_deployment(k, argc, argv, image, replicas, port);
	else if (argc >= 2 && (strcmp(argv[1], "namespace") == 0 || strcmp(argv[1], "ns") == 0))
		rc = create_namespace(k, argc, argv);
	else
		rc = usage_error(
		    k, "create",
		    "ksim creates from -f FILE, `deployment NAME --image=I`, `job NAME "
		    "--image=I [-- COMMAND...]`, `job NAME --from=cronjob/CJ`, `configmap NAME`, "
		    "`secret generic|tls|docker-registry NAME` or `namespace NAME`");
out:
	kubectl_flag_list_free(&files);
	return rc;
}

const struct kubectl_verb kubectl_create = {
	.name = "create",
	.usage = "create (-f FILE | deployment NAME --image=I | job NAME (--image=I [-- COMMAND...] | "
		 "--from=cronjob/CRONJOB) | configmap NAME [--from-literal=K=V] [--from-file=[K=]PATH] "
		 "[--from-env-file=PATH] | secret (generic NAME [--type=T] [--from-...] | tls NAME "
		 "--cert=PATH --key=PATH | docker-registry NAME --docker-username=U --docker-password=P "
		 "[--docker-server=S] [--docker-email=E]) | namespace NAME)",
	.summary = "Create a resource from a file, a Deployment, a Job, a ConfigMap, a Secret or a namespace",
	.exec = create_exec,
};
