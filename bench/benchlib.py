"""benchlib - what attscan's benchmark programs share.

The programs in bench/ (extract, scan, ab) are plain Python; each imports
this module from its own directory.  It knows where things are (the repo
root, the attscan binary, the generated corpus), how to run whole
processes and time them (posix_spawn + wait4, no shell between runs), how
to read a child's peak RSS, the statistics the reports use (median,
percentiles), how to start and stop a private clamd with the offline test
database, how to print aligned tables, and how to interleave runs of two
binaries so that a slow spell of a shared machine lands on both.

Who owns what: every function that makes a directory or a process says so;
callers remove their scratch directories (scratch_dir() only makes one)
and stop the clamd they started (Clamd.stop(), also safe when it never
started).  Nothing here prints unless its name says so (p, table,
machine_line).
"""

import collections
import hashlib
import json
import os
import platform
import select
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
SCRIPTS = os.path.join(ROOT, "scripts")
GEN = os.path.join(HERE, "gen.py")
TIME = "/usr/bin/time"
TRUE = "/bin/true"
# The environment of every timed process unless a caller passes its own.
ENV = {"PATH": "/usr/sbin:/usr/bin:/sbin:/bin", "LC_ALL": "C"}
HAVE_PIDFD = hasattr(os, "pidfd_open")    # else: no per-process timeout


# ------------------------------------------------------------ output
def p(*a):
    """print, flushed at once (the reports are watched while they run)"""
    print(*a, flush=True)


def die(prog, msg):
    """the program cannot measure: say why and exit 1"""
    sys.stderr.write("%s: %s\n" % (prog, msg))
    sys.exit(1)


def usage(doc, rc):
    """print the docstring's "usage:" paragraph (rc != 0: to stderr) or,
    for rc 0, the whole docstring; exit rc"""
    if rc == 0:
        sys.stdout.write(doc.strip() + "\n")
    else:
        para = next((x for x in doc.split("\n\n")
                     if x.lstrip().startswith("usage:")), doc)
        sys.stderr.write(para.strip() + "\n")
    sys.exit(rc)


def table(header, rows, left=(0,)):
    """print rows (tuples of strings) under header, columns as wide as
    their widest cell; the columns whose indexes are in `left` are
    left-aligned, the others right-aligned"""
    cells = [tuple(str(c) for c in header)] + \
        [tuple(str(c) for c in r) for r in rows]
    n = max(len(r) for r in cells)
    width = [max(len(r[i]) for r in cells if i < len(r)) for i in range(n)]
    for r in cells:
        out = []
        for i, c in enumerate(r):
            out.append(c.ljust(width[i]) if i in left else
                       c.rjust(width[i]))
        p("  ".join(out).rstrip())


# ------------------------------------------------------------ places
def attscan_path(path=None):
    """absolute path of the attscan binary: path, else $ATTSCAN, else
    build/attscan of this tree; None when it is not an executable file"""
    path = path or os.environ.get("ATTSCAN") or \
        os.path.join(ROOT, "build", "attscan")
    path = os.path.abspath(path)
    if os.path.isfile(path) and os.access(path, os.X_OK):
        return path
    return None


def default_corpus():
    """the corpus cache shared by every benchmark"""
    return os.path.join(os.environ.get("TMPDIR", "/tmp"), "attscan-bench",
                        "corpus")


def corpus(path=None):
    """generate (or reuse) the corpus of gen.py at path; returns (absolute
    directory, truth) where truth maps "<set>/<name>.eml" to the sha256 of
    each leaf part in document order.  Raises RuntimeError on failure."""
    path = os.path.abspath(path or default_corpus())
    os.makedirs(os.path.dirname(path), exist_ok=True)
    if subprocess.call([sys.executable, GEN, "--cache", path]) != 0:
        raise RuntimeError("cannot generate the corpus in %s" % path)
    with open(os.path.join(path, "truth.json")) as f:
        return path, json.load(f)


def warm(paths):
    """read every file once, so that the page cache holds it"""
    for x in paths:
        with open(x, "rb") as f:
            while f.read(1 << 20):
                pass


def scratch_dir(prefix):
    """a new private directory on tmpfs (/dev/shm) when there is one, else
    under $TMPDIR; the caller removes it"""
    base = "/dev/shm" if os.access("/dev/shm", os.W_OK) else None
    return tempfile.mkdtemp(prefix=prefix, dir=base)


def sha256_file(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


# ------------------------------------------------------------ processes
class Result:
    """one finished process: exit code (or -signal, or None when it did
    not run or timed out), wall seconds from spawn to reap, ru_maxrss in
    KB, and an error text when it did not run or timed out"""
    __slots__ = ("status", "elapsed", "rss", "error")

    def __init__(self, status, elapsed, rss, error=None):
        self.status = status
        self.elapsed = elapsed
        self.rss = rss
        self.error = error


class Runner:
    """Spawns whole processes with posix_spawn and reaps them with wait4;
    stdin, stdout and stderr default to /dev/null.  The Runner owns one
    descriptor of /dev/null for its lifetime."""

    def __init__(self, env=None, timeout=None):
        self.null = os.open(os.devnull, os.O_RDWR)
        self.env = ENV if env is None else env
        self.timeout = timeout      # seconds per process, None: no limit
        self.cpu = 0.0              # CPU seconds of the last spawn/run_all

    def start(self, argv, stdin=None, stdout=None, errfd=None):
        """start argv (stdin, stdout: paths or None); returns its pid"""
        fa = [(os.POSIX_SPAWN_OPEN, 0, stdin, os.O_RDONLY, 0) if stdin else
              (os.POSIX_SPAWN_DUP2, self.null, 0)]
        if stdout:
            fa.append((os.POSIX_SPAWN_OPEN, 1, stdout,
                       os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644))
        else:
            fa.append((os.POSIX_SPAWN_DUP2, self.null, 1))
        fa.append((os.POSIX_SPAWN_DUP2,
                   self.null if errfd is None else errfd, 2))
        return os.posix_spawn(argv[0], argv, self.env, file_actions=fa)

    def spawn(self, argv, stdin=None, stdout=None, errfd=None):
        """run argv to its end (killed after self.timeout); returns a
        Result.  Its rss includes this Python process (see peak_rss)."""
        t0 = time.perf_counter()
        try:
            pid = self.start(argv, stdin, stdout, errfd)
        except OSError as e:
            return Result(None, 0.0, 0, "cannot run: %s" % e.strerror)
        timed_out = False
        if self.timeout and HAVE_PIDFD:
            pfd = os.pidfd_open(pid)
            try:
                poller = select.poll()
                poller.register(pfd, select.POLLIN)
                timed_out = not poller.poll(self.timeout * 1000)
                if timed_out:
                    os.kill(pid, 9)
            finally:
                os.close(pfd)
        _, st, ru = os.wait4(pid, 0)
        el = time.perf_counter() - t0
        self.cpu = ru.ru_utime + ru.ru_stime
        if timed_out:
            return Result(None, el, ru.ru_maxrss,
                          "timeout after %gs" % self.timeout)
        return Result(os.waitstatus_to_exitcode(st), el, ru.ru_maxrss)

    def run_all(self, argvs, jobs=1):
        """run every argv, `jobs` at once; returns (wall seconds of the
        whole set, exit codes in order).  self.cpu is then the CPU seconds
        (user + system) the processes and the children they waited for
        used: unlike wall time, other load on the machine barely moves it."""
        codes = [None] * len(argvs)
        running = {}
        nxt = 0
        cpu = 0.0
        t0 = time.perf_counter()
        while nxt < len(argvs) or running:
            while nxt < len(argvs) and len(running) < jobs:
                running[self.start(argvs[nxt])] = nxt
                nxt += 1
            pid, st, ru = os.wait4(-1, 0)
            codes[running.pop(pid)] = os.waitstatus_to_exitcode(st)
            cpu += ru.ru_utime + ru.ru_stime
        el = time.perf_counter() - t0
        self.cpu = cpu
        return el, codes

    def times(self, argv, n):
        """run argv n times in a row; returns the n wall times (seconds)"""
        out = []
        for _ in range(n):
            t0 = time.perf_counter()
            pid = self.start(argv)
            os.waitpid(pid, 0)
            out.append(time.perf_counter() - t0)
        return out


# Peak RSS.  ru_maxrss from our own wait4 is no use: at execve the kernel
# keeps the high-water mark of the memory the child had before, and a
# child of posix_spawn (or fork) had this Python process's.  time(1) is a
# small process; its child's ru_maxrss from wait4 is the tool's own.
def rss_argv(argv, rssfile):
    """argv wrapped so that time(1) writes the peak RSS (KB) to rssfile"""
    return [TIME, "-f", "%M", "-o", rssfile, "--"] + list(argv)


def rss_read(rssfile, res):
    """put the peak RSS that time(1) wrote into res.rss (0 if none) and
    turn time's 128+N exit for a child killed by signal N into -N"""
    res.rss = 0
    try:
        with open(rssfile) as f:
            res.rss = int(f.read().split()[-1])
    except (OSError, ValueError, IndexError):
        pass
    if res.status is not None and res.status > 128:
        res.status = 128 - res.status
    return res


def peak_rss(runner, argv, rssfile, **kw):
    """run argv once (untimed) and return its Result with rss = the peak
    RSS in KB of argv's own process"""
    if os.path.exists(rssfile):
        os.unlink(rssfile)
    return rss_read(rssfile, runner.spawn(rss_argv(argv, rssfile), **kw))


# ------------------------------------------------------------ statistics
def median(values):
    return statistics.median(values)


def percentile(values, q):
    """the q-th percentile (0..100) of values, linear between ranks"""
    v = sorted(values)
    if not v:
        raise ValueError("percentile of nothing")
    k = (len(v) - 1) * q / 100.0
    lo = int(k)
    hi = min(lo + 1, len(v) - 1)
    return v[lo] + (v[hi] - v[lo]) * (k - lo)


# ------------------------------------------------------------ A/B
def ab_order(rnd):
    """which binary runs first in round rnd (0-based): A B, B A, A B, ...
    so that a drift of the machine during a round favours neither"""
    return ("A", "B") if rnd % 2 == 0 else ("B", "A")


def interleave(rounds, measure):
    """call measure(label, rnd) for label A and B in every round, in the
    order of ab_order(); returns {"A": [values], "B": [values]}"""
    out = {"A": [], "B": []}
    for rnd in range(rounds):
        for label in ab_order(rnd):
            out[label].append(measure(label, rnd))
    return out


def verdict(a, b, slack=0.05, higher_better=True):
    """(B/A, words) for a figure of A and B: "within 5%" when B is within
    slack of A, else better or WORSE by how much"""
    r = b / a
    if abs(r - 1.0) <= slack:
        return r, "within %.0f%%" % (100 * slack)
    better = (r > 1.0) == higher_better
    return r, "%s by %.1f%%" % ("better" if better else "WORSE",
                               100 * abs(r - 1.0))


# ------------------------------------------------------------ machine
def loadavg():
    return " ".join("%.2f" % x for x in os.getloadavg())


def machine_line():
    """one line naming the machine, its CPUs, kernel, python and load"""
    cpu = ""
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    return "machine: %s, %d cpus, %s, python %s; load average %s" % (
        cpu or platform.machine(), os.cpu_count(), platform.release(),
        platform.python_version(), loadavg())


def cpu_times():
    """(total, steal, idle) jiffies of all CPUs from /proc/stat, or None"""
    try:
        with open("/proc/stat") as f:
            v = [int(x) for x in f.readline().split()[1:]]
        return sum(v), v[7] if len(v) > 7 else 0, v[3]
    except (OSError, ValueError):
        return None


def cpu_report(before):
    """a line on CPU steal and idle since cpu_times() gave `before`, and
    the load average now; "" when /proc/stat cannot tell"""
    after = cpu_times()
    if not before or not after or after[0] <= before[0]:
        return ""
    tot = after[0] - before[0]
    return ("during the run: cpu steal %.1f%%, idle %.1f%% of %d cpus; load "
            "average now %s (steal or other load make the numbers noisy)" % (
                100.0 * (after[1] - before[1]) / tot,
                100.0 * (after[2] - before[2]) / tot,
                os.cpu_count(), loadavg()))


# ------------------------------------------------------------ checks
def file_shas(d):
    """{path relative to d: (sha256 hex, size)} of every file under d"""
    shas = {}
    for dirpath, _, names in os.walk(d):
        for n in names:
            path = os.path.join(dirpath, n)
            shas[os.path.relpath(path, d)] = (sha256_file(path),
                                             os.path.getsize(path))
    return shas


def fmt_idx(idx, n):
    s = ",".join("#%d" % i for i in idx[:6])
    return s + (",..." if len(idx) > 6 else "") + " of %d" % n


def manifest_problems(d, want, shas):
    """what is wrong with attscan extract's manifest.json in d, against
    the truth `want` (sha256 of each leaf part, in order) and the files
    written (file_shas(d)); [] when nothing is"""
    if "manifest.json" not in shas:
        return ["no manifest.json"]
    try:
        with open(os.path.join(d, "manifest.json"), "rb") as f:
            man = json.load(f)
        parts = [e for e in man["parts"] if e.get("kind") == "part"]
        got = [str(e["sha256"]).lower() for e in parts]
    except Exception as e:  # noqa: BLE001 - report any manifest problem
        return ["manifest.json unusable: %s: %s" % (type(e).__name__, e)]
    problems = []
    if got != want:
        if len(got) != len(want):
            problems.append("manifest lists %d kind=part entries, want %d"
                            % (len(got), len(want)))
        else:
            bad = [i for i, (a, b) in enumerate(zip(got, want), 1) if a != b]
            problems.append("manifest sha256 differs at parts %s"
                            % fmt_idx(bad, len(want)))
    for e in parts:
        f = e.get("file")
        if not isinstance(f, str) or f not in shas:
            problems.append("manifest file %r missing" % (f,))
            break
        s, size = shas[f]
        if s != str(e.get("sha256")).lower():
            problems.append("manifest sha256 of %s does not match the file"
                            % f)
            break
        if "size" in e and e["size"] != size:
            problems.append("manifest size of %s is %r, file has %d"
                            % (f, e["size"], size))
            break
    return problems


def missing_parts(want, shas):
    """1-based indexes of truth parts whose sha256 is not among the files
    written (any name, counted with multiplicity)"""
    have = collections.Counter(s for s, _ in shas.values())
    missing = []
    for i, s in enumerate(want, 1):
        if have[s] > 0:
            have[s] -= 1
        else:
            missing.append(i)
    return missing


def check_extract(d, want):
    """None if attscan extract's output in d is exactly the truth `want`
    (every part written, manifest in order and matching the files), else
    a short reason"""
    shas = file_shas(d)
    problems = []
    missing = missing_parts(want, shas)
    if missing:
        problems.append("missing parts %s" % fmt_idx(missing, len(want)))
    problems += manifest_problems(d, want, shas)
    return "; ".join(problems) or None


# ------------------------------------------------------------ scanners
def write_conf(d, scanners, run_dir, scratch):
    """a main configuration d/attscan.ini whose scanners_dir holds one
    NAME.ini per item of scanners {name: text}; returns its path"""
    sd = os.path.join(d, "scanners.d")
    os.makedirs(sd, exist_ok=True)
    for name, text in scanners.items():
        with open(os.path.join(sd, name + ".ini"), "w") as f:
            f.write(text)
    conf = os.path.join(d, "attscan.ini")
    with open(conf, "w") as f:
        f.write("[general]\nscanners_dir = %s\nrun_dir = %s\n"
                "scratch_dir = %s\ndeadline = 120\n" % (sd, run_dir, scratch))
    return conf


def true_scanner(mode="directory"):
    """a scanner template running /bin/true once per message (directory
    or message mode) or once per part (file mode)"""
    arg = {"directory": "{dir}", "message": "{message}", "file": "{file}"}
    text = "[scanner]\ncommand = %s %s\nmode = %s\n" % (TRUE, arg[mode], mode)
    if mode == "file":
        text += "max_concurrent = 1\n"
    return text


def template(name, **edits):
    """the shipped scanners.d/NAME.ini with keys replaced (or added),
    enabled"""
    edits.setdefault("enabled", "yes")
    out = []
    with open(os.path.join(ROOT, "scanners.d", name + ".ini")) as f:
        for line in f:
            key = line.split("=", 1)[0].strip()
            if "=" in line and not line.startswith(";") and key in edits:
                line = "%s = %s\n" % (key, edits.pop(key))
            out.append(line)
    for k, v in edits.items():
        out.append("%s = %s\n" % (k, v))
    return "".join(out)


def clamav_testdb(db):
    """write the offline test signature database into db"""
    subprocess.check_call([os.path.join(SCRIPTS, "clamav-testdb"), db])


class Clamd:
    """A private clamd in dir (scripts/clamd-start): the offline test
    database, dir/clamd.sock and 127.0.0.1:port; dir/clamd.conf serves
    clamdscan too.  The caller stops it (stop() is safe at any time)."""

    def __init__(self, d):
        self.dir = d
        self.port = None
        self.sock = os.path.join(d, "clamd.sock")
        self.conf = os.path.join(d, "clamd.conf")

    def start(self):
        out = subprocess.check_output(
            [os.path.join(SCRIPTS, "clamd-start"), self.dir], text=True)
        self.port = out.split()[-1]
        return self.port

    def stop(self):
        subprocess.call([os.path.join(SCRIPTS, "clamd-stop"), self.dir],
                        stderr=subprocess.DEVNULL)


def rmtree(d):
    shutil.rmtree(d, ignore_errors=True)
