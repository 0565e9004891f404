/*
 * `kubectl edit` from the dashboard: the editor runs on the UI thread with
 * curses suspended, as ncdu runs its shell, while the simulation thread
 * goes on (it never waits for the terminal).
 */
#include <curses.h>
#include <signal.h>
#include <time.h>

#include "ksim/kubectl.h"

#include "internal.h"

int editor_run_suspended(const char *path)
{
	static const struct timespec zero = { 0, 0 };
	sigset_t typed;
	int status;

	def_prog_mode();
	endwin();
	status = kubectl_editor_run(path);
	/* ^C and ^Z typed in the editor went to our process group too: they were the editor's. */
	sigemptyset(&typed);
	sigaddset(&typed, SIGINT);
	sigaddset(&typed, SIGTSTP);
	while (sigtimedwait(&typed, NULL, &zero) > 0)
		;
	reset_prog_mode();
	clearok(curscr, TRUE);
	refresh();
	return status;
}
