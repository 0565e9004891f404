/*
 * Commands that do not finish at once (tmux's CMD_RETURN_WAIT): a verb
 * returns KUBECTL_WAIT with a condition to check again after virtual time
 * moves, or KUBECTL_EDIT with a file for the user's editor. The runner
 * keeps such a command while its clock goes on and the UI thread runs the
 * editor; kubectl_run() here is the headless driver, which runs the engine
 * itself and opens the editor in the foreground.
 */
#include "ksim/kubectl.h"

#include <errno.h>
#include <signal.h>
#include <spawn.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

struct kubectl_cont {
	enum kubectl_ret ret;
	struct kubectl k; /* the command's context; out and err set at each call */
	int64_t deadline_ms;
	int (*poll)(struct kubectl *k, void *state);
	int (*edited)(struct kubectl *k, void *state, const char *path);
	char *path;
	void *state;
	void (*free_state)(void *state);
};

static struct kubectl_cont *cont_new(struct kubectl *k, enum kubectl_ret ret, void *state,
				     void (*free_state)(void *state))
{
	struct kubectl_cont *c = xcalloc(1, sizeof *c);

	c->ret = ret;
	c->k = *k;
	c->k.cont = NULL;
	c->deadline_ms = TIME_NONE;
	c->state = state;
	c->free_state = free_state;
	kubectl_cont_free(k->cont); /* a verb acting on several objects keeps the last */
	k->cont = c;
	return c;
}

int kubectl_wait(struct kubectl *k, int64_t deadline_ms, int (*poll)(struct kubectl *k, void *state),
		 void *state, void (*free_state)(void *state))
{
	struct kubectl_cont *c = cont_new(k, KUBECTL_WAIT, state, free_state);

	c->deadline_ms = deadline_ms;
	c->poll = poll;
	return KUBECTL_WAIT;
}

int kubectl_edit_file(struct kubectl *k, char *path,
		      int (*edited)(struct kubectl *k, void *state, const char *path), void *state,
		      void (*free_state)(void *state))
{
	struct kubectl_cont *c = cont_new(k, KUBECTL_EDIT, state, free_state);

	c->path = path;
	c->edited = edited;
	return KUBECTL_EDIT;
}

void kubectl_cont_free(struct kubectl_cont *c)
{
	if (!c)
		return;
	if (c->path)
		unlink(c->path);
	free(c->path);
	if (c->free_state)
		c->free_state(c->state);
	free(c);
}

int64_t kubectl_cont_deadline(const struct kubectl_cont *c)
{
	return c->deadline_ms;
}

const char *kubectl_cont_file(const struct kubectl_cont *c)
{
	return c->path;
}

int kubectl_cont_timeout(struct kubectl_cont *c, struct strbuf *err)
{
	(void)c;
	sb_add(err, "error: timed out waiting for the condition\n");
	return KUBECTL_ERROR;
}

int kubectl_cont_poll(struct kubectl_cont *c, struct strbuf *out, struct strbuf *err)
{
	int rc;

	c->k.out = out;
	c->k.err = err;
	rc = c->poll(&c->k, c->state);
	if (rc == KUBECTL_WAIT && engine_now(c->k.e) >= c->deadline_ms)
		rc = kubectl_cont_timeout(c, err);
	return rc;
}

int kubectl_cont_edited(struct kubectl_cont *c, int editor_status, struct strbuf *out,
			struct strbuf *err)
{
	int rc;

	c->k.out = out;
	c->k.err = err;
	if (editor_status != 0) {
		sb_printf(err, "error: there was a problem with the editor \"%s\"\n", kubectl_editor());
		rc = KUBECTL_ERROR;
	} else {
		engine_collect_hold(c->k.e);
		rc = c->edited(&c->k, c->state, c->path);
		engine_collect_release(c->k.e);
	}
	unlink(c->path);
	free(c->path);
	c->path = NULL; /* kubectl_cont_free must not unlink a name another edit may have taken */
	return rc;
}

const char *kubectl_editor(void)
{
	const char *e = getenv("KUBE_EDITOR");

	if (!e || !*e)
		e = getenv("EDITOR");
	return e && *e ? e : "vi";
}

int kubectl_editor_run(const char *path)
{
	static const int defaults[] = { SIGINT, SIGQUIT, SIGTSTP, SIGTERM, SIGHUP, SIGWINCH, SIGPIPE };
	posix_spawnattr_t attr;
	sigset_t none, def;
	struct strbuf cmd;
	pid_t pid;
	int status = -1, rc;

	/* The editor may be a command with arguments ("code -w"): the shell splits it. */
	sb_init(&cmd);
	sb_printf(&cmd, "%s \"$1\"", kubectl_editor());
	char *argv[] = { "sh", "-c", cmd.data, "sh", (char *)path, NULL };
	sigemptyset(&none);
	sigemptyset(&def);
	for (size_t i = 0; i < sizeof defaults / sizeof *defaults; i++)
		sigaddset(&def, defaults[i]);
	posix_spawnattr_init(&attr);
	posix_spawnattr_setsigmask(&attr, &none);
	posix_spawnattr_setsigdefault(&attr, &def);
	posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
	rc = posix_spawn(&pid, "/bin/sh", NULL, &attr, argv, environ);
	posix_spawnattr_destroy(&attr);
	sb_free(&cmd);
	if (rc != 0)
		return -1;
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return -1;
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

int kubectl_run(struct kubectl *k, const char *line)
{
	struct kubectl_cont *c = NULL;
	int rc = kubectl_start(k, line, &c);

	if (rc == KUBECTL_EDIT)
		rc = kubectl_cont_edited(c, kubectl_editor_run(c->path), k->out, k->err);
	while (rc == KUBECTL_WAIT) {
		int64_t due = engine_next_due(k->e);
		if (due == TIME_NONE || due > c->deadline_ms) {
			rc = kubectl_cont_timeout(c, k->err);
			break;
		}
		engine_run_until(k->e, due);
		rc = kubectl_cont_poll(c, k->out, k->err);
	}
	kubectl_cont_free(c);
	return rc;
}
