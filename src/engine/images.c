/*
 * Which images a node can pull. A registry would answer; ksim has a small
 * catalogue of the real tags of the images tutorials use instead: an image
 * of a catalogued repository with a tag that is not listed fails to pull
 * (the Deployments page's typo nginx:1.161), a listed tag, no tag
 * (latest) or a digest pulls, and a repository ksim does not catalogue
 * always pulls. The annotation ksim.io/image-pull: Fail on a pod (or its
 * template) makes every image of that pod fail, for any other lesson.
 */
#include <stdio.h>
#include <string.h>

#include "internal.h"

/* Real tags on Docker Hub (a selection: those in tutorials and course material). */
static const struct {
	const char *repo;
	const char *tags; /* space-separated */
} catalogue[] = {
	{ "nginx", " latest stable mainline alpine 1.7.9 1.14 1.14.2 1.15 1.16 1.16.0 1.16.1 1.17 "
		   "1.19 1.20 1.21 1.22 1.23 1.24 1.25 1.25.3 1.26 1.27 1.27.0 1.27.1 1.27.2 1.28 1.28.0 1.29 " },
	{ "busybox", " latest stable 1.28 1.29 1.31 1.32 1.33 1.34 1.35 1.36 1.36.1 1.37 " },
	{ "httpd", " latest alpine 2.4 2.4-alpine " },
	{ "redis", " latest alpine 6 6.2 7 7.0 7.2 7.4 " },
	{ "ubuntu", " latest 18.04 20.04 22.04 24.04 focal jammy noble " },
	{ "alpine", " latest 3 3.18 3.19 3.20 " },
	/* Kubernetes Basics: v2 is only on Docker Hub, and the page's v10 exists nowhere. */
	{ "gcr.io/google-samples/kubernetes-bootcamp", " v1 " },
	{ "jocatalin/kubernetes-bootcamp", " v1 v2 " },
};

/* "docker.io/library/nginx:1.16.1" -> repo "nginx", tag "1.16.1" ("" when untagged). */
static void split_image(const char *image, char *repo, size_t rsize, const char **tag)
{
	const char *name = image, *colon;

	if (strncmp(name, "docker.io/", 10) == 0)
		name += 10;
	if (strncmp(name, "library/", 8) == 0)
		name += 8;
	colon = strrchr(name, ':');
	if (colon && strchr(colon, '/'))
		colon = NULL; /* a registry port, not a tag */
	*tag = colon ? colon + 1 : "";
	snprintf(repo, rsize, "%.*s", (int)(colon ? (size_t)(colon - name) : strlen(name)), name);
}

bool image_pullable(const struct cluster *c, const struct pod *p, const char *image)
{
	uint32_t key = strtab_lookup(c->strings, "ksim.io/image-pull"), v;
	char repo[128], want[136];
	const char *tag;

	v = key == NONE32 ? NONE32 : labels_value(c->labels, p->meta.annotations, key);
	if (v != NONE32 && strcmp(cluster_str(c, v), "Fail") == 0)
		return false;
	if (strchr(image, '@'))
		return true;
	split_image(image, repo, sizeof repo, &tag);
	if (!*tag)
		return true;
	for (size_t i = 0; i < ARRAY_LEN(catalogue); i++)
		if (strcmp(catalogue[i].repo, repo) == 0) {
			snprintf(want, sizeof want, " %s ", tag);
			return strstr(catalogue[i].tags, want) != NULL;
		}
	return true;
}

/* The port each server image listens on by default (its Dockerfile's EXPOSE, or its docs). */
static const struct {
	const char *repo; /* the last path element of the repository */
	int32_t port;
} listen_ports[] = {
	{ "nginx", 80 },      { "httpd", 80 },     { "redis", 6379 },       { "memcached", 11211 },
	{ "mysql", 3306 },    { "postgres", 5432 }, { "mongo", 27017 },      { "rabbitmq", 5672 },
	{ "etcd", 2379 },     { "goproxy", 8080 },  { "agnhost", 8080 },     { "caddy", 80 },
	{ "tomcat", 8080 },   { "grafana", 3000 },  { "prometheus", 9090 },  { "elasticsearch", 9200 },
	{ "serve_hostname", 9376 },
};

int32_t image_listen_port(const char *image)
{
	char repo[128];
	const char *tag, *base;

	split_image(image, repo, sizeof repo, &tag);
	base = strrchr(repo, '/') ? strrchr(repo, '/') + 1 : repo;
	for (size_t i = 0; i < ARRAY_LEN(listen_ports); i++)
		if (strcmp(listen_ports[i].repo, base) == 0)
			return listen_ports[i].port;
	return 0;
}
