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
#include "tag.h"
#include "verdict.h"
#include "util/xmem.h"

static int	write_out(const char *, const struct buf *, char **);

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
	size_t	 k;
	int	 rc;

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
	(void)buf_adds(&b, ",\n\"answer\":");
	report_answer(&b, res);
	(void)buf_adds(&b, "}\n");
	rc = write_out(path, &b, cause);
	buf_release(&b);
	return rc;
}

/* write_out - b to a path, or to stdout for "-" */
static int
write_out(const char *path, const struct buf *b, char **cause)
{
	size_t	 off = 0;
	ssize_t	 w;
	int	 fd, rc = 0;

	if (strcmp(path, "-") == 0)
		fd = STDOUT_FILENO;
	else if (strncmp(path, "/dev/fd/", 8) == 0 && path[8] >= '0' &&
	    path[8] <= '9' && strlen(path) < 12 &&
	    strspn(path + 8, "0123456789") == strlen(path + 8)) {
		/* An fd the caller gave (a worker's pipe): written, closed. */
		fd = (int)strtol(path + 8, NULL, 10);
	} else if ((fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC |
	    O_NOFOLLOW, 0600)) == -1) {
		*cause = xasprintf("cannot create report '%s': %s", path,
		    strerror(errno));
		return -1;
	}
	while (off < b->len) {
		if ((w = write(fd, b->data + off, b->len - off)) == -1) {
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
	return rc;
}

/* answer_names - the distinct names of the findings that count */
static void
answer_names(struct buf *b, const struct verdict *v)
{
	size_t	 i, k, n = 0;

	(void)buf_addc(b, '[');
	for (i = 0; i < v->nfindings && n < REPORT_ANSWER_NAMES; i++) {
		if (v->findings[i].name == NULL || !v->findings[i].weight)
			continue;
		for (k = 0; k < i; k++)
			if (v->findings[k].name && v->findings[k].weight &&
			    strcmp(v->findings[k].name,
			    v->findings[i].name) == 0)
				break;
		if (k < i)
			continue;
		if (n++)
			(void)buf_addc(b, ',');
		json_cstr(b, v->findings[i].name);
	}
	(void)buf_addc(b, ']');
}

/* report_answer - the answer object (see report.h) */
void
report_answer(struct buf *b, const struct run_result *res)
{
	const struct verdict *v = &res->v;
	char	**h;
	size_t	 k;

	(void)buf_adds(b, "{\"category\":");
	json_cstr(b, verdict_name(v->category));
	(void)buf_adds(b, ",\"verdict\":");
	json_cstr(b, verdict_answer_name(v->as));
	(void)buf_adds(b, ",\"action\":");
	json_cstr(b, mta_action_name((enum action)res->action));
	(void)buf_adds(b, ",\"name\":");
	json_cstr(b, v->decider ? v->decider->name : NULL);
	(void)buf_adds(b, ",\"names\":");
	answer_names(b, v);
	(void)buf_adds(b, ",\"why\":");
	json_cstr(b, v->why);
	(void)buf_adds(b, ",\"quarantine_id\":");
	json_cstr(b, res->quarantine_id);
	(void)buf_adds(b, ",\"headers\":[");
	h = tag_lines(v, NULL);
	for (k = 0; h[k]; k++) {
		if (k)
			(void)buf_addc(b, ',');
		json_cstr(b, h[k]);
	}
	tag_lines_free(h);
	(void)buf_adds(b, "],\"exit_code\":");
	json_u64(b, (uint64_t)res->code);
	(void)buf_addc(b, '}');
}

/* report_answer_write - the answer alone, to a path or "-" */
int
report_answer_write(const char *path, const struct run_result *res,
    char **cause)
{
	struct buf b;
	int	 rc;

	buf_init(&b, (size_t)1 << 24);
	report_answer(&b, res);
	(void)buf_addc(&b, '\n');
	rc = write_out(path, &b, cause);
	buf_release(&b);
	return rc;
}
