/*
 * The manifest loader on arbitrary bytes: YAML parsing, duplicate keys,
 * every kind's decoder and validation. What loads is then applied to an
 * empty cluster (the API server's defaults and checks) and printed as
 * `kubectl get -o yaml` and `describe` print it, without running the
 * controllers.
 */
#include "fuzz.h"

#include "ksim/engine.h"
#include "ksim/kubectl.h"
#include "ksim/manifest.h"

static const char *const prints[] = {
	"get all,nodes,pv,pvc,endpoints,namespaces -A -o yaml",
	"get all,nodes -A -o wide --show-labels",
	"describe pods,nodes,rs,ds,jobs,cronjobs,sts,svc -A",
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct cluster *c = cluster_new(1, 64);
	struct engine_config cfg;
	struct engine *e;
	struct manifest m;
	struct ksim_error err;
	struct api_error refusal;
	struct strbuf out, errout;
	struct kubectl k;

	engine_config_default(&cfg);
	e = engine_new(c, &cfg);
	sb_init(&out);
	sb_init(&errout);
	k = (struct kubectl){
		.e = e, .c = c, .out = &out, .err = &errout, .ns = c->s.default_ns, .base_dir = ""
	};
	manifest_init(&m);
	if (manifest_load_string(c, "fuzz.yaml", (const char *)data, size, &m, &err) == 0) {
		for (uint32_t i = 0; i < m.count; i++)
			kubectl_apply_object(&k, &m.objects[i], &refusal);
		for (size_t i = 0; i < ARRAY_LEN(prints); i++)
			kubectl_run(&k, prints[i]);
	}
	manifest_free(c, &m);
	sb_free(&out);
	sb_free(&errout);
	engine_free(e);
	cluster_free(c);
	return 0;
}
