/*
 * The kubelet: what happens to a pod once it is bound to a node. Containers
 * are pulled, created and started, play their program on the virtual clock,
 * exit, and are restarted per restartPolicy with the CrashLoopBackOff delay
 * (10 s doubling to 300 s, reset after 10 min of running: pkg/kubelet
 * backOffPeriod, MaxContainerBackOff). A deleted pod's containers get
 * SIGTERM, then SIGKILL after the grace period. An image the node cannot
 * pull (images.c) leaves the container waiting in ErrImagePull and
 * ImagePullBackOff. A node whose kubelet is down does none of this until it
 * comes back.
 */
#include <string.h>

#include "internal.h"
#include "ksim/containerfs.h"

#define BACKOFF_FIRST_MS 10000
#define BACKOFF_MAX_MS 300000
#define BACKOFF_RESET_MS (2 * BACKOFF_MAX_MS)
#define RESTART_LATENCY_MS 1000
#define BUSY_LOOP_LIMIT 1000

static const char SRC[] = "kubelet";

static struct ctr_status *ctr(struct pod *p, uint32_t i)
{
	return &p->ctrs[i];
}


static bool pod_in_job(const struct pod *p)
{
	return p->meta.owner_kind == KIND_JOB;
}

static void wake_at(struct engine *e, uint32_t pod, struct ctr_status *cs, int64_t at)
{
	cs->timer_ms = at;
	engine_timer(e, CTRL_KUBELET, pod, at);
}

static bool node_has_image(const struct node *n, uint32_t image)
{
	for (uint32_t i = 0; i < n->nimages; i++)
		if (n->images[i] == image)
			return true;
	return false;
}

static void assign_ip(struct cluster *c, struct pod *p, struct node *n)
{
	/* Per-node pod CIDR 10.244.<node>.0/24, as flannel's default. */
	uint32_t base = ((10u << 24) | (244u << 16)) + (n->index << 8);

	for (int tries = 0; tries < 253; tries++) {
		uint32_t host = 2 + n->ctl.next_host++ % 253, ip = base + host;
		bool used = false;
		for (uint32_t i = n->pods; i != NONE32 && !used;) {
			const struct pod *q = cluster_get(c, KIND_POD, i);
			used = q != p && q->ip == ip;
			i = q->node_next;
		}
		if (!used) {
			p->ip = ip;
			return;
		}
	}
}

/* Queues the start of container i: sandbox, then pull unless the node has the image. */
static void container_schedule_start(struct engine *e, uint32_t pod, uint32_t i)
{
	struct cluster *c = e->c;
	struct pod *p = cluster_get(c, KIND_POD, pod);
	const struct node *n = cluster_get(c, KIND_NODE, p->node);
	const struct container *k = cluster_pod_container(c, p, i);
	int64_t delay = p->ip ? 0 : 800 + cluster_rand(c, 1500); /* sandbox and CNI setup */

	ctr(p, i)->pulling = !node_has_image(n, k->image);
	if (ctr(p, i)->pulling) {
		cluster_event(c, KIND_POD, pod, EVENT_NORMAL, "Pulling", SRC,
			      "Pulling image \"%s\"", k->image);
		delay += 1500 + cluster_rand(c, 3000);
	}
	ctr(p, i)->state = CTR_WAITING;
	ctr(p, i)->since_ms = c->now_ms;
	wake_at(e, pod, ctr(p, i), c->now_ms + delay);
}

static void run_program(struct engine *e, uint32_t pod, uint32_t i);

/* The reference the runtime resolves: Docker Hub's, for a name without a registry. */
static uint32_t image_reference(struct cluster *c, const char *image)
{
	struct strbuf ref;
	uint32_t id;

	sb_init(&ref);
	sb_printf(&ref, "%s%s", image_registry_prefix(image), image);
	id = cluster_intern(c, ref.data);
	sb_free(&ref);
	return id;
}

/*
 * A pull's timer fired: true when the image is there. Otherwise the kubelet's
 * image back-off (pkg/kubelet/images/image_manager.go): ErrImagePull, at the
 * next sync ImagePullBackOff for 10 s doubling to 5 min, then a new pull.
 */
static bool pull_step(struct engine *e, uint32_t pod, uint32_t i)
{
	struct cluster *c = e->c;
	struct pod *p = cluster_get(c, KIND_POD, pod);
	const struct container *k = cluster_pod_container(c, p, i);
	struct ctr_status *cs = ctr(p, i);
	const char *image = cluster_str(c, k->image);
	struct event *ev;
	int64_t delay;

	switch ((enum image_pull)cs->pull) {
	case PULL_FAILED:
		delay = cs->backoff_ms;
		cs->backoff_ms = delay * 2 > BACKOFF_MAX_MS ? BACKOFF_MAX_MS : delay * 2;
		cs->pull = PULL_BACKOFF;
		ev = cluster_event(c, KIND_POD, pod, EVENT_NORMAL, "BackOff", SRC,
				   "Back-off pulling image \"%s\"", k->image);
		event_why(ev, "the kubelet waits %m before pulling again (10s doubling to 5m0s)",
			  delay);
		cluster_event(c, KIND_POD, pod, EVENT_WARNING, "Failed", SRC, "Error: ImagePullBackOff");
		wake_at(e, pod, cs, c->now_ms + delay);
		return false;
	case PULL_BACKOFF:
		cs->pull = PULL_RETRY;
		cluster_event(c, KIND_POD, pod, EVENT_NORMAL, "Pulling", SRC, "Pulling image \"%s\"",
			      k->image);
		wake_at(e, pod, cs, c->now_ms + 1500 + cluster_rand(c, 3000));
		return false;
	case PULL_OK:
	case PULL_RETRY:
		break;
	}
	if (image_pullable(c, p, image)) {
		/* The pull's back-off is the image manager's own: the crash back-off starts afresh. */
		if (cs->pull != PULL_OK)
			cs->backoff_ms = 0;
		cs->pull = PULL_OK;
		return true;
	}
	if (cs->pull == PULL_OK)
		cs->backoff_ms = BACKOFF_FIRST_MS;
	cs->pull = PULL_FAILED;
	{
		uint32_t ref = image_reference(c, image);
		ev = cluster_event(c, KIND_POD, pod, EVENT_WARNING, "Failed", SRC,
				   "Failed to pull image \"%s\": rpc error: code = NotFound desc = "
				   "failed to pull and unpack image \"%s\": failed to resolve "
				   "reference \"%s\": %s: not found",
				   k->image, ref, ref, ref);
		event_why(ev, "the registry has no such tag (ksim's catalogue of real tags, "
			      "src/engine/images.c, or the ksim.io/image-pull annotation)");
	}
	cluster_event(c, KIND_POD, pod, EVENT_WARNING, "Failed", SRC, "Error: ErrImagePull");
	wake_at(e, pod, cs, c->now_ms + RESTART_LATENCY_MS);
	return false;
}

/* A new instance of container i: one more restart, a fresh log and writable layer. */
static void container_renew(struct cluster *c, uint32_t pod, uint32_t i)
{
	struct pod *p = cluster_get(c, KIND_POD, pod);

	ctr(p, i)->restarts++;
	cluster_log_restart(c, pod, i);
	containerfs_reset(c, p, i);
}

static void container_start(struct engine *e, uint32_t pod, uint32_t i, bool restart)
{
	struct cluster *c = e->c;
	struct pod *p = cluster_get(c, KIND_POD, pod);
	struct node *n = cluster_get(c, KIND_NODE, p->node);
	const struct container *k = cluster_pod_container(c, p, i);
	struct ctr_status *cs = ctr(p, i);

	if (!p->ip && cluster_spec(c, p->spec)->host_network)
		p->ip = n->ip;
	else if (!p->ip)
		assign_ip(c, p, n);
	if (!cs->pulling || restart) {
		cluster_event(c, KIND_POD, pod, EVENT_NORMAL, "Pulled", SRC,
			      "Container image \"%s\" already present on machine", k->image);
	} else {
		cluster_event(c, KIND_POD, pod, EVENT_NORMAL, "Pulled", SRC,
			      "Successfully pulled image \"%s\" in %m (%m including waiting)",
			      k->image, c->now_ms - cs->since_ms, c->now_ms - cs->since_ms);
		if (!node_has_image(n, k->image)) {
			xgrow(&n->images, &n->images_cap, n->nimages + 1, sizeof *n->images);
			n->images[n->nimages++] = k->image;
		}
	}
	cs->pulling = false;
	if (!podconfig_env_resolve(e, pod, i)) {
		cs = ctr(cluster_get(c, KIND_POD, pod), i);
		cs->state = CTR_WAITING;
		cs->held_restart = restart;
		wake_at(e, pod, cs, podconfig_retry_at(e));
		return;
	}
	cluster_event(c, KIND_POD, pod, EVENT_NORMAL, "Created", SRC, "Created container %s",
		      k->name);
	cluster_event(c, KIND_POD, pod, EVENT_NORMAL, "Started", SRC, "Started container %s",
		      k->name);
	if (restart)
		container_renew(c, pod, i);
	containerfs_bind_subpaths(c, p, i);
	cs->held_restart = false;
	cs->state = CTR_RUNNING;
	cs->image = k->image;
	cs->oom_killed = false;
	cs->killing = false;
	cs->started_once = true;
	cs->since_ms = c->now_ms;
	cs->ready = i >= p->ninit && prober_container_started(e, pod, i - p->ninit);
	cs->step = 0;
	cs->status = 0;
	cs->timer_ms = TIME_NONE;
	run_program(e, pod, i);
}

static bool all_app_containers(const struct pod *p, enum ctr_state state)
{
	for (uint32_t i = p->ninit; i < (uint32_t)p->ninit + p->ncontainers; i++)
		if (p->ctrs[i].state != state)
			return false;
	return true;
}

static void pod_set_phase(struct engine *e, uint32_t pod, enum pod_phase phase)
{
	struct pod *p = cluster_get(e->c, KIND_POD, pod);

	p->phase = (uint8_t)phase;
	if (pod_is_terminal(p))
		cluster_pod_release(e->c, pod);
}

void kubelet_pod_update_status(struct engine *e, uint32_t pod)
{
	struct cluster *c = e->c;
	struct pod *p = cluster_get(c, KIND_POD, pod);
	bool was_ready = pod_is_ready(p);
	bool any_failed = false;

	if (pod_is_terminal(p))
		return;
	if (p->init_done == p->ninit && all_app_containers(p, CTR_TERMINATED)) {
		bool restarting = false;
		for (uint32_t i = p->ninit; i < (uint32_t)p->ninit + p->ncontainers; i++) {
			any_failed |= p->ctrs[i].exit_code != 0;
			restarting |= p->ctrs[i].timer_ms != TIME_NONE;
		}
		if (!restarting) {
			pod_set_phase(e, pod, any_failed ? PHASE_FAILED : PHASE_SUCCEEDED);
			cluster_changed(c, KIND_POD, pod, CHANGE_UPDATED);
			return;
		}
	}
	if (p->phase == PHASE_PENDING && p->init_done == p->ninit) {
		for (uint32_t i = p->ninit; i < (uint32_t)p->ninit + p->ncontainers; i++)
			if (p->ctrs[i].started_once) {
				p->phase = PHASE_RUNNING;
				p->started_ms = c->now_ms;
				break;
			}
	}
	if (!was_ready && pod_is_ready(p))
		p->ready_ms = c->now_ms;
	cluster_changed(c, KIND_POD, pod, CHANGE_UPDATED);
}

/* A container exited with code: restart it, move on to the next init container, or stop. */
static void container_exited(struct engine *e, uint32_t pod, uint32_t i, int code)
{
	struct cluster *c = e->c;
	struct pod *p = cluster_get(c, KIND_POD, pod);
	struct ctr_status *cs = ctr(p, i);
	enum restart_policy rp = cluster_spec(c, p->spec)->restart_policy;
	bool restart = rp == RESTART_ALWAYS || (rp == RESTART_ON_FAILURE && code != 0);
	int64_t delay;

	cs->state = CTR_TERMINATED;
	cs->ready = false;
	cs->exit_code = code;
	cs->finished_ms = c->now_ms;
	cs->timer_ms = TIME_NONE;
	if (i < p->ninit && code == 0) {
		p->init_done++;
		if (p->init_done < p->ninit) {
			container_schedule_start(e, pod, p->init_done);
		} else {
			for (uint32_t j = p->ninit; j < (uint32_t)p->ninit + p->ncontainers; j++)
				container_schedule_start(e, pod, j);
		}
		kubelet_pod_update_status(e, pod);
		return;
	}
	if (i < p->ninit && !restart) {
		pod_set_phase(e, pod, PHASE_FAILED);
		cluster_changed(c, KIND_POD, pod, CHANGE_UPDATED);
		return;
	}
	if (restart) {
		/* The first restart is immediate; then 10 s doubling to 5 min, reset after 10 min up. */
		delay = c->now_ms - cs->since_ms >= BACKOFF_RESET_MS ? 0 : cs->backoff_ms;
		cs->backoff_ms = delay ? (delay * 2 > BACKOFF_MAX_MS ? BACKOFF_MAX_MS : delay * 2)
				       : BACKOFF_FIRST_MS;
		if (delay) {
			const struct container *k = cluster_pod_container(c, p, i);
			cs->state = CTR_BACKOFF;
			cluster_event(c, KIND_POD, pod, EVENT_WARNING, "BackOff", SRC,
				      "Back-off restarting failed container %s in pod %s_%s",
				      k->name, p->meta.name, p->meta.ns);
		}
		wake_at(e, pod, cs, c->now_ms + (delay ? delay : RESTART_LATENCY_MS));
	}
	kubelet_pod_update_status(e, pod);
}

/* Appends what the step prints to the container's log; returns the step's exit status. */
static int log_output(struct engine *e, uint32_t pod, uint32_t ctr, const struct prog_step *st)
{
	struct cluster *c = e->c;
	const struct pod *p = cluster_get(c, KIND_POD, pod);
	struct strbuf out;
	int status;

	sb_init(&out);
	status = program_output(c, p, cluster_pod_container(c, p, ctr), st, c->now_ms,
				&out);
	/* A log line per output line, blank ones included (nslookup's); `echo ""` writes one. */
	for (char *line = out.data, *nl; out.len || (st->op == OP_ECHO && !st->redirect);
	     line = nl + 1) {
		nl = strchr(line, '\n');
		if (nl)
			*nl = '\0';
		cluster_log_append(c, pod, ctr, line);
		if (!nl || !nl[1])
			break;
	}
	sb_free(&out);
	return status;
}

/* Plays container i's program from its current step until it waits or exits. */
static void run_program(struct engine *e, uint32_t pod, uint32_t i)
{
	struct cluster *c = e->c;
	struct pod *p = cluster_get(c, KIND_POD, pod);
	struct program prog;
	struct ctr_status *cs = ctr(p, i);
	int status = cs->status, loops = 0;

	program_compile(c, cluster_pod_container(c, p, i), pod_in_job(p), p->meta.uid,
			&prog);
	while (cs->step < prog.nsteps) {
		const struct prog_step *st = &prog.steps[cs->step];
		bool waited = cs->timer_ms != TIME_NONE;

		if ((st->join == JOIN_AND && status != 0) || (st->join == JOIN_OR && status == 0)) {
			cs->step++;
			continue;
		}
		switch (st->op) {
		case OP_SLEEP:
		case OP_PI:
		case OP_WORK:
			if (!waited) {
				if (st->op == OP_WORK && !pod_in_job(p))
					return; /* runs until stopped */
				wake_at(e, pod, cs, c->now_ms + st->ms);
				cs->status = status;
				return;
			}
			cs->timer_ms = TIME_NONE;
			if (st->op == OP_PI)
				log_output(e, pod, i, st);
			status = 0;
			break;
		case OP_ECHO:
		case OP_DATE:
		case OP_PRINTENV:
		case OP_FS:
		case OP_NSLOOKUP:
		case OP_HOSTNAME:
		case OP_CAT:
		case OP_FETCH:
			status = log_output(e, pod, i, st);
			break;
		case OP_STATUS:
			status = st->code;
			break;
		case OP_ALLOC: {
			const struct container *k = cluster_pod_container(c, p, i);
			if (k->limits.mem_bytes && st->ms > k->limits.mem_bytes) {
				/* the cgroup's OOM killer: SIGKILL, 128 + 9 */
				cs->oom_killed = true;
				container_exited(e, pod, i, 137);
				return;
			}
			break;
		}
		case OP_EXIT:
			container_exited(e, pod, i, st->code);
			return;
		case OP_FOREVER:
			return;
		case OP_LOOP:
			/* A loop that never sleeps spins forever: treat it as running on. */
			if (++loops > BUSY_LOOP_LIMIT)
				return;
			cs->step = (uint16_t)st->code;
			continue;
		}
		cs->step++;
	}
	container_exited(e, pod, i, status);
}

/* Deletion: SIGTERM now, SIGKILL at the end of the grace period. */
static void terminate(struct engine *e, uint32_t pod)
{
	struct cluster *c = e->c;
	struct pod *p = cluster_get(c, KIND_POD, pod);
	bool running = false;

	for (uint32_t i = 0; i < (uint32_t)p->ninit + p->ncontainers; i++) {
		struct ctr_status *cs = ctr(p, i);
		if (cs->state != CTR_RUNNING) {
			cs->timer_ms = TIME_NONE;
			continue;
		}
		if (!(p->ctl.flags & POD_KILLED)) {
			struct program prog;
			const struct container *k = cluster_pod_container(c, p, i);
			int64_t kill_at = p->meta.deleted_ms + p->meta.grace_ms;
			program_compile(c, k, pod_in_job(p), p->meta.uid, &prog);
			cluster_event(c, KIND_POD, pod, EVENT_NORMAL, "Killing", SRC,
				      "Stopping container %s", k->name);
			cs->ready = false;
			if (prog.sigterm_exits && c->now_ms + 100 < kill_at)
				kill_at = c->now_ms + 100;
			if (kill_at < c->now_ms)
				kill_at = c->now_ms;
			wake_at(e, pod, cs, kill_at);
			running = true;
		} else if (cs->timer_ms != TIME_NONE && cs->timer_ms <= c->now_ms) {
			cs->state = CTR_TERMINATED;
			cs->exit_code = 137;
			cs->finished_ms = c->now_ms;
			cs->timer_ms = TIME_NONE;
		} else {
			running = true;
		}
	}
	if (!(p->ctl.flags & POD_KILLED)) {
		p->ctl.flags |= POD_KILLED;
		cluster_changed(c, KIND_POD, pod, CHANGE_UPDATED);
	}
	if (!running)
		pod_finalize(e, pod);
}

/* A running container whose spec changed (set image on a pod): containerChanged. */
static bool definition_changed(const struct cluster *c, const struct pod *p, uint32_t i)
{
	return p->ctrs[i].state == CTR_RUNNING &&
	       p->ctrs[i].image != cluster_pod_container(c, p, i)->image;
}

/*
 * computePodActions kills a changed container whatever the restart policy
 * and starts it again from the new spec (pkg/kubelet/kuberuntime/
 * kuberuntime_manager.go): a restart, so its writable layer and log go.
 */
static void restart_changed(struct engine *e, uint32_t pod, uint32_t i)
{
	struct cluster *c = e->c;
	struct pod *p = cluster_get(c, KIND_POD, pod);
	const struct container *k = cluster_pod_container(c, p, i);
	struct ctr_status *cs = ctr(p, i);
	struct event *ev;

	ev = cluster_event(c, KIND_POD, pod, EVENT_NORMAL, "Killing", SRC,
			   "Container %s definition changed, will be restarted", k->name);
	event_why(ev, "its image is now %s: the kubelet replaces the container, whatever the "
		      "restart policy",
		  k->image);
	cs->exit_code = 0;
	cs->finished_ms = c->now_ms;
	cs->ready = false;
	container_renew(c, pod, i);
	container_schedule_start(e, pod, i);
}

static void kubelet_reconcile(struct engine *e, uint32_t pod)
{
	struct cluster *c = e->c;
	struct pod *p = cluster_get(c, KIND_POD, pod);
	const struct node *n;

	if (!p || p->node == NONE32)
		return;
	n = cluster_get(c, KIND_NODE, p->node);
	if (!n || !n->kubelet_up)
		return;
	e->stats.touched++;
	if (p->meta.deleted_ms != TIME_NONE) {
		terminate(e, pod);
		return;
	}
	if (pod_is_terminal(p))
		return;
	for (uint32_t i = 0; i < (uint32_t)p->ninit + p->ncontainers; i++)
		if (definition_changed(c, cluster_get(c, KIND_POD, pod), i)) {
			restart_changed(e, pod, i);
			kubelet_pod_update_status(e, pod);
		}
	p = cluster_get(c, KIND_POD, pod);
	if (p->ip == 0 && ctr(p, 0)->timer_ms == TIME_NONE && !ctr(p, 0)->started_once) {
		/* Just bound: volumes first, then init containers one by one, or every app container. */
		if (!podconfig_mount(e, pod))
			return;
		prober_pod_admitted(e, pod);
		if (p->ninit)
			container_schedule_start(e, pod, 0);
		else
			for (uint32_t i = 0; i < p->ncontainers; i++)
				container_schedule_start(e, pod, i);
		return;
	}
	podconfig_sync(e, pod);
	for (uint32_t i = 0; i < (uint32_t)p->ninit + p->ncontainers; i++) {
		struct ctr_status *cs;
		p = cluster_get(c, KIND_POD, pod);
		cs = ctr(p, i);
		if (cs->timer_ms == TIME_NONE || cs->timer_ms > c->now_ms || pod_is_terminal(p))
			continue;
		switch (cs->state) {
		case CTR_WAITING:
			cs->timer_ms = TIME_NONE;
			if (!cs->pulling || pull_step(e, pod, i))
				container_start(e, pod, i, cs->held_restart);
			kubelet_pod_update_status(e, pod);
			break;
		case CTR_BACKOFF:
		case CTR_TERMINATED:
			cs->timer_ms = TIME_NONE;
			container_start(e, pod, i, true);
			kubelet_pod_update_status(e, pod);
			break;
		case CTR_RUNNING:
			if (cs->killing)
				container_exited(e, pod, i, cs->status);
			else
				run_program(e, pod, i);
			break;
		}
	}
}

void kubelet_container_kill(struct engine *e, uint32_t pod, uint32_t i, int64_t grace_ms)
{
	struct cluster *c = e->c;
	struct pod *p = cluster_get(c, KIND_POD, pod);
	struct ctr_status *cs = ctr(p, i);
	struct program prog;
	int64_t kill_at = c->now_ms + grace_ms;

	/* A server's PID 1 exits on SIGTERM (code 0); a shell or sleep waits for SIGKILL (128 + 9). */
	program_compile(c, cluster_pod_container(c, p, i), pod_in_job(p), p->meta.uid,
			&prog);
	if (prog.sigterm_exits && c->now_ms + 100 < kill_at)
		kill_at = c->now_ms + 100;
	cs->status = kill_at < c->now_ms + grace_ms ? 0 : 137;
	cs->killing = true;
	cs->ready = false;
	wake_at(e, pod, cs, kill_at);
	kubelet_pod_update_status(e, pod);
}

void engine_pod_crash(struct engine *e, uint32_t pod, int exit_code)
{
	struct pod *p = cluster_get(e->c, KIND_POD, pod);

	if (!p || p->meta.deleted_ms != TIME_NONE)
		return;
	for (uint32_t i = 0; i < (uint32_t)p->ninit + p->ncontainers; i++)
		if (p->ctrs[i].state == CTR_RUNNING) {
			container_exited(e, pod, i, exit_code);
			return;
		}
}

/* A pod's spec changed under a running container: the kubelet's next sync sees it. */
static void watch(struct engine *e, enum kind kind, uint32_t idx, enum change change)
{
	const struct pod *p;

	if (kind != KIND_POD || change != CHANGE_UPDATED)
		return;
	p = cluster_get(e->c, KIND_POD, idx);
	if (p->node == NONE32 || p->meta.deleted_ms != TIME_NONE)
		return;
	for (uint32_t i = 0; i < (uint32_t)p->ninit + p->ncontainers; i++)
		if (definition_changed(e->c, p, i)) {
			engine_enqueue(e, CTRL_KUBELET, idx);
			return;
		}
}

const struct controller controller_kubelet = {
	.name = "kubelet",
	.kind = KIND_POD,
	.reconcile = kubelet_reconcile,
	.watch = watch,
};
