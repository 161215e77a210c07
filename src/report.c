/*
 * report - JSON trace of a scan (see report.h).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util/buf.h"
#include "classify.h"
#include "mime/defect.h"
#include "util/json.h"
#include "mta.h"
#include "report.h"
#include "run.h"
#include "scan.h"
#include "scanconf.h"
#include "spawn.h"
#include "verdict.h"
#include "util/xmem.h"

/* run_json - one job */
static void
run_json(struct buf *b, const struct scan *sc, const struct scan_job *j)
{
	static const char *const hows[] = { "exited", "signaled", "timeout",
	    "exec_failed" };
	size_t	 k;
	char	 ms[32];

	(void)buf_adds(b, "{\"scanner\":");
	json_cstr(b, j->s->name);
	(void)buf_adds(b, ",\"mode\":");
	json_cstr(b, scanner_mode_name(j->s->mode));
	(void)buf_adds(b, ",\"target\":");
	json_cstr(b, j->entry >= 0 ? sc->entries[j->entry].file :
	    j->s->mode == MODE_DIRECTORY ? "{dir}" : "{message}");
	(void)buf_adds(b, ",\"argv\":");
	if (j->argv) {
		(void)buf_addc(b, '[');
		for (k = 0; j->argv[k]; k++) {
			if (k)
				(void)buf_addc(b, ',');
			json_cstr(b, j->argv[k]);
		}
		(void)buf_addc(b, ']');
	} else
		(void)buf_adds(b, "null");
	(void)buf_adds(b, ",\"how\":");
	json_cstr(b, j->how >= 0 && j->how <= 3 ? hows[j->how] : "not_run");
	(void)buf_adds(b, ",\"exit\":");
	if (j->how == SPAWN_EXITED)
		json_u64(b, (uint64_t)j->code);
	else
		(void)buf_adds(b, "null");
	(void)buf_adds(b, ",\"signal\":");
	if (j->how == SPAWN_SIGNALED)
		json_u64(b, (uint64_t)j->code);
	else
		(void)buf_adds(b, "null");
	/* A double in 32 bytes with one decimal: truncation is a bug. */
	if (snprintf(ms, sizeof(ms), "%.1f", j->ms) >= (int)sizeof(ms))
		memcpy(ms, "null", 5);
	(void)buf_adds(b, ",\"ms\":");
	(void)buf_adds(b, ms);
	(void)buf_adds(b, ",\"outcome\":");
	json_cstr(b, classify_name(j->outcome));
	(void)buf_adds(b, ",\"name\":");
	json_cstr(b, j->name);
	(void)buf_adds(b, ",\"reason\":");
	json_cstr(b, j->reason);
	(void)buf_adds(b, ",\"output\":");
	json_str(b, j->output, j->output_len);
	(void)buf_adds(b, ",\"output_bytes\":");
	json_u64(b, j->out_total);
	(void)buf_adds(b, ",\"hits\":[");
	for (k = 0; k < j->nhits; k++) {
		if (k)
			(void)buf_addc(b, ',');
		(void)buf_adds(b, "{\"file\":");
		json_cstr(b, j->hits[k].file);
		(void)buf_adds(b, ",\"name\":");
		json_cstr(b, j->hits[k].name);
		(void)buf_addc(b, '}');
	}
	(void)buf_adds(b, "]}");
}

/*
 * envelope_json - sender (null: not known) and recipients (empty: the
 * message came as a file, with no envelope)
 */
static void
envelope_json(struct buf *b, const struct envelope *e)
{
	size_t	 k;

	(void)buf_adds(b, "{\"sender\":");
	json_cstr(b, e->sender);
	(void)buf_adds(b, ",\"recipients\":[");
	for (k = 0; k < e->nrcpts; k++) {
		if (k)
			(void)buf_addc(b, ',');
		json_cstr(b, e->rcpts[k]);
	}
	(void)buf_adds(b, "]}");
}

/* report_write - the whole report */
int
report_write(const char *path, const struct run_result *res, char **cause)
{
	const struct scan *sc = &res->sc;
	const struct verdict *v = &res->v;
	struct buf b;
	size_t	 k, off = 0;
	ssize_t	 w;
	int	 fd, rc = 0;

	buf_init(&b, (size_t)1 << 30);
	(void)buf_adds(&b, "{\"message\":{\"size\":");
	json_u64(&b, res->in.size);
	(void)buf_adds(&b, ",\"sha256\":");
	json_cstr(&b, res->in.sha256[0] ? res->in.sha256 : NULL);
	(void)buf_adds(&b, ",\"defects\":");
	defect_json(&b, res->defects);
	(void)buf_adds(&b, "},\n\"envelope\":");
	envelope_json(&b, &res->env);
	(void)buf_adds(&b, ",\n\"parts\":[\n");
	(void)buf_add(&b, res->parts.data, res->parts.len);
	(void)buf_adds(&b, "\n],\n\"runs\":[\n");
	for (k = 0; k < sc->njobs; k++) {
		if (k)
			(void)buf_adds(&b, ",\n");
		run_json(&b, sc, &sc->jobs[k]);
	}
	(void)buf_adds(&b, "\n],\n\"findings\":[");
	for (k = 0; k < v->nfindings; k++) {
		(void)buf_adds(&b, k ? ",\n" : "\n");
		verdict_finding_json(&b, &v->findings[k]);
	}
	(void)buf_adds(&b, "],\n\"verdict\":");
	json_cstr(&b, verdict_answer_name(v->as));
	(void)buf_adds(&b, ",\"category\":");
	json_cstr(&b, verdict_name(v->category));
	(void)buf_adds(&b, ",\"finding\":");
	if (v->decider)
		verdict_finding_json(&b, v->decider);
	else
		(void)buf_adds(&b, "null");
	(void)buf_adds(&b, ",\"why\":");
	json_cstr(&b, v->why);
	(void)buf_adds(&b, ",\"action\":");
	json_cstr(&b, mta_action_name((enum action)res->action));
	(void)buf_adds(&b, ",\"quarantine_id\":");
	json_cstr(&b, res->quarantine_id);
	(void)buf_adds(&b, ",\"exit_code\":");
	json_u64(&b, (uint64_t)res->code);
	(void)buf_adds(&b, ",\"ms\":");
	json_u64(&b, res->ms);
	(void)buf_adds(&b, "}\n");

	if (strcmp(path, "-") == 0)
		fd = STDOUT_FILENO;
	else if ((fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC |
	    O_NOFOLLOW, 0600)) == -1) {
		*cause = xasprintf("cannot create report '%s': %s", path,
		    strerror(errno));
		buf_release(&b);
		return -1;
	}
	while (off < b.len) {
		if ((w = write(fd, b.data + off, b.len - off)) == -1) {
			if (errno == EINTR)
				continue;
			*cause = xasprintf("cannot write report: %s",
			    strerror(errno));
			rc = -1;
			break;
		}
		off += (size_t)w;
	}
	if (fd != STDOUT_FILENO && close(fd) == -1 && rc == 0) {
		*cause = xasprintf("cannot write report: %s", strerror(errno));
		rc = -1;
	}
	buf_release(&b);
	return rc;
}
