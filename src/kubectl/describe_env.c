/*
 * kubectl describe's Environment: section of a container
 * (describeContainerEnvVars in kubectl's pkg/describe/describe.go). A pod
 * shows its own metadata fields resolved; a template has no pod to resolve.
 */
#include "ksim/kubectl.h"

#include <string.h>

#include "ksim/manifest.h"
#include "internal.h"

/* ceil(value / divisor) as ExtractContainerResourceValue prints it; divisor 0 means 1. */
static void resource_value(const struct cluster *c, const struct container *k,
			   const struct env_var *v, struct strbuf *sb)
{
	const char *resource = cluster_str(c, v->path);
	const struct resources *r = strncmp(resource, "limits.", 7) == 0 ? &k->limits : &k->requests;
	bool cpu = strstr(resource, ".cpu") != NULL;
	int64_t value = 0, divisor = 0;

	if (cpu)
		value = r->cpu_milli;
	else if (strstr(resource, ".memory"))
		value = r->mem_bytes;
	if (v->divisor && cpu)
		quantity_parse_milli(cluster_str(c, v->divisor), &divisor);
	else if (v->divisor)
		quantity_parse(cluster_str(c, v->divisor), &divisor);
	if (divisor <= 0)
		divisor = cpu ? 1000 : 1;
	value = (value + divisor - 1) / divisor;
	/* An unset limit reads 0, which means the node's allocatable. */
	if (value == 0 && r == &k->limits && strstr(resource, "ephemeral") == NULL)
		sb_add(sb, "node allocatable");
	else
		sb_printf(sb, "%lld", (long long)value);
}

void describe_env(const struct cluster *c, const struct pod *p, const struct container *k,
		  struct strbuf *sb)
{
	/* describeContainerEnvFrom, then describeContainerEnvVars (kubectl describe.go). */
	if (k->nenv_from)
		dwrite(sb, 2, "Environment Variables from:\n");
	for (uint32_t i = 0; i < k->nenv_from; i++) {
		const struct env_from *f = &k->env_from[i];
		const char *from = f->secret ? "Secret" : "ConfigMap";
		const char *optional = f->optional == ENV_OPTIONAL_TRUE ? "true" : "false";

		if (f->prefix)
			dwrite(sb, 3, "%s\t%s with prefix '%s'\tOptional: %s\n",
			       cluster_str(c, f->object), from, cluster_str(c, f->prefix), optional);
		else
			dwrite(sb, 3, "%s\t%s\tOptional: %s\n", cluster_str(c, f->object), from,
			       optional);
	}
	dwrite(sb, 2, "Environment:%s\n", k->nenv ? "" : "\t<none>");
	for (uint32_t i = 0; i < k->nenv; i++) {
		const struct env_var *v = &k->env[i];
		const char *name = cluster_str(c, v->name), *path = cluster_str(c, v->path);
		const char *object = cluster_str(c, v->object);
		bool optional = v->optional == ENV_OPTIONAL_TRUE;
		struct strbuf value;

		switch (v->source) {
		case ENV_VALUE:
			for (const char *line = cluster_str(c, v->value), *start = line;;) {
				size_t len = strcspn(line, "\n");
				if (line == start)
					dwrite(sb, 3, "%s:\t%.*s\n", name, (int)len, line);
				else
					dwrite(sb, 3, "\t%.*s\n", (int)len, line);
				if (!line[len])
					break;
				line += len + 1;
			}
			break;
		case ENV_FIELD_REF:
			/* kubectl resolves only metadata fields (fieldpath.ExtractFieldPathAsString). */
			sb_init(&value);
			if (p && strncmp(path, "metadata.", 9) == 0)
				pod_field_value(c, p, path, &value);
			dwrite(sb, 3, "%s:\t%s (%s:%s)\n", name, value.len ? value.data : "",
			       cluster_str(c, v->api_version), path);
			sb_free(&value);
			break;
		case ENV_RESOURCE_REF:
			sb_init(&value);
			resource_value(c, k, v, &value);
			dwrite(sb, 3, "%s:\t%s (%s)\n", name, value.data, path);
			sb_free(&value);
			break;
		case ENV_SECRET_KEY:
			dwrite(sb, 3, "%s:\t<set to the key '%s' in secret '%s'>\tOptional: %s\n",
			       name, path, object, optional ? "true" : "false");
			break;
		case ENV_CONFIG_MAP_KEY:
			dwrite(sb, 3, "%s:\t<set to the key '%s' of config map '%s'>\tOptional: %s\n",
			       name, path, object, optional ? "true" : "false");
			break;
		}
	}
}
