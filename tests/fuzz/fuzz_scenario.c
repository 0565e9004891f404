/*
 * Demo files: the Scenario document (cluster nodes, start, seed, speed,
 * timeline steps and checks) with the manifests that follow it, read and
 * validated all through as `ksim check DEMO` does, then each check
 * described as `ksim test` reports it.
 */
#include "fuzz.h"

#include "ksim/scenario.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fuzz_text(data, size);
	struct scenario *sc = NULL;
	struct ksim_error err;
	struct session_options o;
	struct strbuf sb;

	sb_init(&sb);
	if (scenario_load_text("fuzz.yaml", text, &sc, &err) == 0) {
		for (uint32_t i = 0; i < sc->nsteps; i++)
			for (uint32_t j = 0; j < sc->steps[i].nexpect; j++)
				scenario_expect_describe(&sc->steps[i].expect[j], &sb);
		scenario_session_options(sc, &o);
		(void)scenario_duration(sc);
	}
	scenario_free(sc);
	sb_free(&sb);
	free(text);
	return 0;
}
