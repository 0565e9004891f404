/*
 * kubectl create deployment NAME --image=I [--replicas=N] [--port=P] [-- COMMAND...]
 * (staging/src/k8s.io/kubectl/pkg/cmd/create/create_deployment.go): the
 * labels app=NAME on the Deployment, its selector and template, one
 * container named after the image, built as a manifest so the API server's
 * defaults and validation apply as for a file.
 */
#include <string.h>

#include "ksim/manifest.h"

#include "internal.h"
#include "write.h"

/* buildPodSpec: the image's last path element without tag or digest. */
static void container_name(const char *image, struct strbuf *out)
{
	const char *slash = strrchr(image, '/'), *base = slash ? slash + 1 : image;
	size_t n = strcspn(base, ":@");

	sb_printf(out, "%.*s", (int)n, base);
}

static void deployment_yaml(int argc, char **argv, const char *image, long replicas,
			    const char *port, struct strbuf *y)
{
	struct strbuf name;

	sb_init(&name);
	container_name(image, &name);
	sb_add(y, "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ");
	tree_yaml_quoted(y, argv[2]);
	sb_add(y, "\n  labels: {app: ");
	tree_yaml_quoted(y, argv[2]);
	sb_printf(y, "}\nspec:\n  replicas: %ld\n  selector: {matchLabels: {app: ", replicas);
	tree_yaml_quoted(y, argv[2]);
	sb_add(y, "}}\n  template:\n    metadata: {labels: {app: ");
	tree_yaml_quoted(y, argv[2]);
	sb_add(y, "}}\n    spec:\n      containers:\n      - name: ");
	tree_yaml_quoted(y, name.data);
	sb_add(y, "\n        image: ");
	tree_yaml_quoted(y, image);
	sb_addc(y, '\n');
	if (port)
		sb_printf(y, "        ports: [{containerPort: %s}]\n", port);
	if (argc > 3) {
		sb_add(y, "        command: [");
		for (int i = 3; i < argc; i++) {
			if (i > 3)
				sb_add(y, ", ");
			tree_yaml_quoted(y, argv[i]);
		}
		sb_add(y, "]\n");
	}
	sb_free(&name);
}

int create_deployment(struct kubectl *k, int argc, char **argv, const char *image,
		      const char *replicas, const char *port)
{
	int64_t n = 1, port_n;
	struct strbuf y;
	struct manifest m;
	int rc;

	if (argc < 3)
		return usage_error(k, "create deployment", "NAME is required");
	if (!image || !*image) {
		sb_add(k->err, "error: required flag(s) \"image\" not set\n");
		return 1;
	}
	if (replicas && kubectl_flag_int(k, "create", "replicas", replicas, &n))
		return 1;
	if (port && kubectl_flag_int(k, "create deployment", "port", port, &port_n))
		return 1;
	sb_init(&y);
	deployment_yaml(argc, argv, image, (long)n, port, &y);
	rc = generated_load(k, KIND_DEPLOY, argv[2], &y, "failed to create deployment", &m);
	if (rc == KUBECTL_OK) {
		rc = generated_create(k, &m, true);
		manifest_free(k->c, &m);
	}
	sb_free(&y);
	return rc;
}
