/*
 * Random timelines with random seeks (issue 11): each input byte moves the
 * clock of a shipped Job and CronJob demo forward, or seeks back by
 * re-simulating from the start as `<` does (the first byte picks the demo), and the view is copied after
 * each move as the dashboard would. The Job lanes, CronJob runs and event
 * list it ends with must be those of a view copied once from a straight run
 * to the same time: charts are facts of the simulation, not of the watching.
 */
#include "fuzz.h"

#include "ksim/session.h"

#include "../../src/tui/internal.h"

static char *demos[] = { "demos/job-parallel-deadline.yaml", "demos/cronjob-forbid.yaml" };

static void session_at(struct session *s, char *demo, int64_t t)
{
	struct session_options o;
	struct ksim_error err;

	session_options_default(&o);
	o.demo = true;
	if (session_init(s, &o, &demo, 1, &err) != 0) {
		fprintf(stderr, "fuzz_seek: %s\n", err.msg);
		abort();
	}
	engine_run_until(s->e, engine_now(s->e) + t);
}

static bool lives_same(const struct vjob *a, const struct vjob *b)
{
	if (a->nlives != b->nlives || a->nlanes != b->nlanes)
		return false;
	for (uint32_t k = 0; k < a->nlives; k++)
		if (a->lives[k].from != b->lives[k].from || a->lives[k].to != b->lives[k].to ||
		    a->lives[k].lane != b->lives[k].lane || a->lives[k].state != b->lives[k].state ||
		    strcmp(a->lives[k].name, b->lives[k].name) != 0)
			return false;
	return true;
}

static bool runs_same(const struct vcron *a, const struct vcron *b)
{
	if (a->nruns != b->nruns)
		return false;
	for (uint32_t k = 0; k < a->nruns; k++)
		if (a->runs[k].at != b->runs[k].at || a->runs[k].state != b->runs[k].state ||
		    strcmp(a->runs[k].job, b->runs[k].job) != 0)
			return false;
	return true;
}

static void views_same(const struct view *a, const struct view *b)
{
	if (a->njobs != b->njobs || a->ncrons != b->ncrons || a->nevents != b->nevents)
		abort();
	for (uint32_t i = 0; i < a->njobs; i++)
		if (!lives_same(&a->jobs[i], &b->jobs[i]))
			abort();
	for (uint32_t i = 0; i < a->ncrons; i++)
		if (!runs_same(&a->crons[i], &b->crons[i]))
			abort();
	for (uint32_t i = 0; i < a->nevents; i++)
		if (a->events[i].seq != b->events[i].seq ||
		    strcmp(a->events[i].msg, b->events[i].msg) != 0)
			abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct session s, straight;
	int64_t t = 0;

	if (!size)
		return 0;
	struct view *watched = xmalloc(sizeof *watched), *once = xmalloc(sizeof *once);
	char *demo = demos[data[0] % ARRAY_LEN(demos)];
	view_init(watched);
	view_init(once);
	session_at(&s, demo, 0);
	for (size_t i = 1; i < size && i < 64; i++) {
		int64_t step = (int64_t)(data[i] & 0x7f) * 1000; /* up to 2 min 7 s */
		if (data[i] & 0x80) { /* seek back: a new simulation to the earlier time */
			t = t > step ? t - step : 0;
			session_destroy(&s);
			session_at(&s, demo, t);
		} else {
			t += step;
			engine_run_until(s.e, engine_now(s.e) + step);
		}
		view_update(watched, s.c);
	}
	session_at(&straight, demo, t);
	view_update(once, straight.c);
	view_update(watched, s.c);
	views_same(watched, once);
	session_destroy(&straight);
	session_destroy(&s);
	view_free(watched);
	view_free(once);
	free(watched);
	free(once);
	return 0;
}
