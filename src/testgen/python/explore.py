"""empathy-framework offline test generator: explores one Python module.

Run with the project's interpreter (it needs coverage.py):
    python explore.py <job.json> <out.jsonl>

Explore mode: imports the module and its top-level package under coverage.py. Targets are the
functions and classes the module defines, reached through the package when its public names
(`__all__`) export them. First the `>>>` examples of the module's docstrings and of the README and
docs run as blocks; then the targets are called with synthesised arguments (documented calls'
arguments, annotations, defaults, parameter names, literals mined from the docs, tests and module,
edge values); classes are built by their constructors or factory classmethods and driven by method
and container-protocol sequences. Every call runs under a per-call deadline (hung calls are
reported and skipped) and returned iterators are consumed with a bound. The calls that add covered
arcs are kept (greedy); one JSON line per kept test, possible bug, hung or refused call. Replay
mode: re-runs given tests in order and reports their outcomes (the determinism check).
"""

import contextlib
import datetime
import inspect
import io
import json
import math
import operator
import os
import random
import sys
import time
import traceback

NATIVE = (TypeError, AttributeError, IndexError, KeyError, ZeroDivisionError, RecursionError, UnboundLocalError, NameError)
NAME_HINTS = [
    ("number", r"^(n|num|number|count|size|length|index|idx|i|j|k|x|y|z|a|b|width|height|radius|base|amount|total|limit|capacity|start|end|offset|times|exp|precision|digits|depth|level|step|age|value|val|min_value|max_value|lo|hi|low|high|factor|scale|rate|seconds|ms|timeout)$"),
    ("str", r"^(s|string|text|name|key|title|word|path|url|prefix|suffix|pattern|sep|fmt|msg|message|char|label|ident|kind|mode|unit|email|query|source|template|line|content|encoding|tag|slug)$"),
    ("list", r"^(items|values|elements|points|vertices|entries|args|keys|rows|nodes|xs|ys|parts|lines|words|numbers|seq|sequence|iterable|collection|data|lst)$"),
    ("dict", r"^(options|config|mapping|kwargs|params|headers|attrs|context|env|meta|d|dct|record|state|defaults)$"),
    ("callable", r"^(fn|func|callback|cb|handler|predicate|key_func|mapper|reducer|transform)$"),
    ("bool", r"^(is_\w+|has_\w+|flag|enabled|strict|verbose|force|recursive|reverse)$"),
]


class Refused:
    """Counts what the audit hook refused (the explorer drops the call that caused it)."""

    count = 0
    last = []
    latest = "?"


def install_guard(allowed):
    """Refuse writes, deletes, renames, links and mode changes outside `allowed`, deletes and
    changes of anything the explored code did not create, and every subprocess, network
    connection, foreign signal and ctypes call, with an audit hook.

    The fallback containment layer of the explorer (bubblewrap is the strong one): it sees what
    CPython's os, io, shutil, socket and subprocess modules do; an audit hook cannot be removed.
    """
    root = os.path.realpath(allowed)
    own_pid = os.getpid()
    write_flags = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_TRUNC | os.O_APPEND
    state = {"calls": False}

    created = set()

    def target(p, dir_fd=None):
        """Absolute real path of a path argument, None for a descriptor; raises when unusable."""
        if p is None or isinstance(p, int):
            return None  # an already opened descriptor
        text = os.fsdecode(p)
        if dir_fd is not None and not os.path.isabs(text):
            text = os.path.join(os.readlink("/proc/self/fd/%d" % dir_fd), text)
        return os.path.realpath(os.path.abspath(text))

    def inside(real):
        return real == root or real.startswith(root + os.sep)

    def own(real):
        # Only what the explored code created may be deleted, renamed or overwritten (see js/fs-guard.cjs).
        p = real
        while inside(p):
            if p in created:
                return True
            if p == root:
                break
            p = os.path.dirname(p)
        return False

    def verdict(p, role, dir_fd=None):
        try:
            real = target(p, dir_fd)
        except (OSError, TypeError, ValueError):
            return "unusable path"  # e.g. the working directory was deleted: refuse rather than guess
        if real is None:
            return None
        if not inside(real):
            return "outside its scratch directory"
        if role == "delete" or os.path.lexists(real):
            return None if own(real) else "of a file it did not create"
        if role == "create":
            q = real
            while inside(q) and q != root and not os.path.lexists(q):
                created.add(q)
                q = os.path.dirname(q)
        return None

    def refuse(what):
        Refused.count += 1
        Refused.latest = what
        if len(Refused.last) < 5:
            Refused.last.append(what)
        raise PermissionError("empathy sandbox: %s refused" % what)

    # event -> (index of the path argument, index of its dir_fd or None, role)
    checked = {
        "os.remove": (0, 1, "delete"), "os.rmdir": (0, 1, "delete"), "shutil.rmtree": (0, 1, "delete"),
        "os.mkdir": (0, 2, "create"), "os.chmod": (0, 2, "change"), "os.chown": (0, 3, "change"),
        "os.utime": (0, 3, "change"), "os.truncate": (0, None, "change"), "os.setxattr": (0, None, "change"),
        "os.removexattr": (0, None, "change"), "os.chflags": (0, None, "change"),
    }
    refused_always = {
        "subprocess.Popen", "os.system", "os.exec", "os.posix_spawn", "os.spawn", "os.fork",
        "os.forkpty", "pty.spawn", "socket.connect", "socket.sendto", "socket.sendmsg", "os.killpg",
    }

    def check(what, p, role, dir_fd=None):
        why = verdict(p, role, dir_fd if isinstance(dir_fd, int) else None)
        if why:
            refuse("%s %s (%s %s)" % (what, p, "deletion" if role == "delete" else "write", why))

    def hook(event, args):
        if event == "open":
            path, mode, flags = (list(args) + [None, None, None])[:3]
            writing = (isinstance(mode, str) and any(c in mode for c in "wax+")) or (isinstance(flags, int) and flags & write_flags)
            if writing:
                check("open", path, "create")
        elif event in checked:
            at, fd_at, role = checked[event]
            check(event, args[at], role, args[fd_at] if fd_at is not None and len(args) > fd_at else None)
        elif event in ("os.rename", "os.link"):
            if event == "os.rename":
                check(event, args[0], "delete", args[2] if len(args) > 2 else None)
            check(event, args[1], "create", args[3] if len(args) > 3 else None)
        elif event == "os.symlink":
            check(event, args[1], "create", args[2] if len(args) > 2 else None)
        elif event in refused_always:
            refuse(event)
        elif event == "os.kill" and args and args[0] != own_pid:
            refuse("os.kill(%s)" % args[0])
        elif state["calls"] and event in ("ctypes.dlopen", "ctypes.call_function"):
            refuse(event)

    sys.addaudithook(hook)
    return state


class Hung(BaseException):
    """Raised by the per-call alarm: a BaseException, so the explored code's `except Exception` lets it through."""


def with_deadline(seconds, fn):
    """Runs fn() with an alarm every 50 ms after `seconds` (re-armed in case the code swallows one)."""
    import signal

    def on_alarm(signum, frame):
        raise Hung()

    old = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds, 0.05)
    try:
        return fn()
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


ITER_BOUND = 20
DOC_STATEMENT_S = 1.0  # a documented statement may take longer than a synthesised call

# Container protocol steps: op -> a function of the object taking the step's arguments.
PROTOCOL = {
    "setitem": lambda obj: lambda k, v: operator.setitem(obj, k, v),
    "getitem": lambda obj: lambda k: obj[k],
    "delitem": lambda obj: lambda k: operator.delitem(obj, k),
    "contains": lambda obj: lambda k: k in obj,
    "len": lambda obj: lambda: len(obj),
    "iter": lambda obj: lambda: iter(obj),
}


def own_dunder(cls, name):
    """True when `cls` (or a base other than object and the builtins) defines `name`."""
    for base in cls.__mro__:
        if base is object or base.__module__ == "builtins":
            return False
        if name in base.__dict__:
            return True
    return False


def free_names(sources):
    """Names a block of example statements reads before binding them (builtins left out)."""
    import ast
    import builtins

    bound, free = set(), []
    for src in sources:
        try:
            tree = ast.parse(src)
        except SyntaxError:
            continue
        loads = []
        for node in ast.walk(tree):
            if isinstance(node, ast.Name):
                (bound.add(node.id) if not isinstance(node.ctx, ast.Load) else loads.append(node.id))
            elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                bound.add(node.name)
            elif isinstance(node, (ast.Import, ast.ImportFrom)):
                for a in node.names:
                    bound.add((a.asname or a.name).split(".")[0])
            elif isinstance(node, ast.arg):
                bound.add(node.arg)
        for n in loads:
            if n not in bound and n not in free and not hasattr(builtins, n):
                free.append(n)
    return free


def main():
    """Explore the job's module (argv[1]) and append observed calls as JSON lines to argv[2]."""
    job = json.load(open(sys.argv[1], encoding="utf-8"))
    out = open(sys.argv[2], "a", encoding="utf-8")

    def emit(obj):
        out.write(json.dumps(obj) + "\n")
        out.flush()

    try:
        import resource

        limit = int(job.get("memory_mb", 2048)) * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    except Exception:  # noqa: BLE001 - best effort on platforms without resource limits
        pass
    import ast
    import collections.abc
    import doctest
    import importlib
    import re
    import coverage

    guard = install_guard(job["allowed_dir"]) if job.get("allowed_dir") else {"calls": False}
    for p in reversed(job["sys_path"]):
        sys.path.insert(0, p)
    started = time.monotonic()
    rng = random.Random(job.get("seed", 1))
    cov = coverage.Coverage(data_file=None, branch=True, include=[os.path.join(job["coverage_root"], "*")], omit=["*/test_*.py", "*_test.py", "*/tests/*", "*/conftest.py"])
    sensitive = [p for p in job.get("sensitive_paths", []) if len(p) > 4]
    call_s = float(job.get("call_timeout_s", 0.25))

    def covered_now():
        data = cov.get_data()
        return {(f, n) for f in data.measured_files() for n in (data.arcs(f) or data.lines(f) or [])}

    real_exit = os._exit
    sink = io.StringIO()
    modules = {}
    try:
        cov.start()
        with contextlib.redirect_stdout(sink), contextlib.redirect_stderr(sink):
            mod = importlib.import_module(job["module"])
            modules[mod.__name__] = mod
            top = job["module"].split(".")[0]
            pkg = importlib.import_module(top)
            modules[top] = pkg
        cov.stop()
    except BaseException as e:  # noqa: BLE001 - any import failure is reported
        cov.stop()
        emit({"type": "load-error", "message": "%s: %s" % (type(e).__name__, e)})
        out.close()
        real_exit(0)
    known = covered_now()
    guard["calls"] = True

    def safe_repr(v, depth=0):
        if depth > 6:
            return None
        if v is None or isinstance(v, bool):
            return repr(v)
        if type(v) is int:
            return repr(v)
        if type(v) is float:
            if math.isnan(v):
                return 'float("nan")'
            if math.isinf(v):
                return 'float("inf")' if v > 0 else 'float("-inf")'
            return repr(v)
        if type(v) is str:
            if len(v) > 2000 or any(p in v for p in sensitive):
                return None
            return repr(v)
        if type(v) is bytes:
            return repr(v) if len(v) <= 2000 else None
        if type(v) in (list, tuple, set, frozenset):
            if len(v) > 200:
                return None
            try:
                items = sorted(v, key=repr) if isinstance(v, (set, frozenset)) else v
            except Exception:  # noqa: BLE001 - a repr that fails
                return None
            parts = [safe_repr(x, depth + 1) for x in items]
            if any(p is None for p in parts):
                return None
            if type(v) is list:
                return "[" + ", ".join(parts) + "]"
            if type(v) is tuple:
                return "(" + ", ".join(parts) + ("," if len(parts) == 1 else "") + ")"
            if not parts:
                return "set()" if type(v) is set else "frozenset()"
            return ("{" + ", ".join(parts) + "}") if type(v) is set else "frozenset({" + ", ".join(parts) + "})"
        if type(v) in (datetime.datetime, datetime.date, datetime.time, datetime.timedelta, datetime.timezone):
            tz = getattr(v, "tzinfo", None)
            return repr(v) if tz is None or type(tz) is datetime.timezone else None  # evaluable with `import datetime`
        if type(v) is dict:
            if len(v) > 200:
                return None
            items = []
            for k, x in v.items():
                kr, xr = safe_repr(k, depth + 1), safe_repr(x, depth + 1)
                if kr is None or xr is None:
                    return None
                items.append(kr + ": " + xr)
            return "{" + ", ".join(items) + "}"
        return None

    def describe_throw(e):
        tb = traceback.extract_tb(e.__traceback__)
        deliberate = bool(tb) and (tb[-1].line or "").strip().startswith("raise")
        message = str(e)
        # Left out: messages naming where the test code lives (a lambda's qualified name differs in the test file).
        if len(message) > 1000 or any(p in message for p in sensitive) or re.search(r" at 0x|<lambda>|<locals>|<genexpr>|<\w+comp>|<doc>", message):
            message = None
        return {"type": "throw", "name": type(e).__name__, "message": message, "native": isinstance(e, NATIVE) and not deliberate}

    def describe_return(value, consume=True):
        """A returned value; an iterator (a generator, map, a custom one) is consumed with a bound."""
        if inspect.isawaitable(value) or inspect.isasyncgen(value):
            if hasattr(value, "close"):
                value.close()
            return {"type": "pending"}
        if consume and isinstance(value, collections.abc.Iterator) and not isinstance(value, (io.IOBase,)):
            items = []
            try:
                for x in value:
                    items.append(x)
                    if len(items) > ITER_BOUND:
                        break
            except Exception as e:  # noqa: BLE001 - raised while consumed: the test consumes it the same way
                thrown = describe_throw(e)
                thrown["iter"] = ITER_BOUND + 1
                return thrown
            more = len(items) > ITER_BOUND
            items = items[:ITER_BOUND]
            return {"type": "return", "expr": safe_repr(items), "kind": type(value).__name__, "iter": ITER_BOUND if more else -1, "len": len(items)}
        return {"type": "return", "expr": safe_repr(value), "kind": type(value).__name__}

    def ev(expr):
        return eval(expr, {"math": math})  # noqa: S307 - expressions come from our own pools and the docs' literals

    def split_args(args):
        pos, kw = [], {}
        for a in args:
            m = re.match(r"^([A-Za-z_]\w*)=(?!=)(.*)$", a, re.S)
            if m:
                kw[m.group(1)] = ev(m.group(2))
            else:
                pos.append(ev(a))
        return pos, kw

    def guarded(fn, seconds=None):
        """fn() under the per-call deadline with output captured: an outcome."""
        with contextlib.redirect_stdout(sink), contextlib.redirect_stderr(sink):
            try:
                return with_deadline(seconds or call_s, fn)
            except Hung:
                return {"type": "hung"}
            except SystemExit as e:
                return {"type": "throw", "name": "SystemExit", "message": str(e), "native": False}
            except RecursionError as e:
                return describe_throw(e)
            except Exception as e:  # noqa: BLE001 - every error is an observed outcome
                return describe_throw(e)

    def call(fn, args, consume=True):
        def run():
            pos, kw = split_args(args)
            return describe_return(fn(*pos, **kw), consume)

        return guarded(run)

    def resolve(test):
        v = modules.get(test.get("module", mod.__name__)) or importlib.import_module(test["module"])
        for k in test["access"]:
            v = getattr(v, k)
        return v

    def run_doc(test):
        """Runs a documentation example block: its imports, then each statement in one namespace."""
        ns = {}
        steps = []
        for line in test["imports"]:
            exec(line, ns)  # noqa: S102 - import lines built from resolved names
        for src in test["lines"]:
            try:
                tree = ast.parse(src)
            except SyntaxError as e:
                steps.append(describe_throw(e))
                continue
            if len(tree.body) == 1 and isinstance(tree.body[0], ast.Expr):
                code = compile(ast.Expression(tree.body[0].value), "<doc>", "eval")
                steps.append(guarded(lambda code=code: describe_return(eval(code, ns), consume=False), DOC_STATEMENT_S))  # noqa: S307
            else:
                code = compile(tree, "<doc>", "exec")

                def run(code=code):
                    exec(code, ns)  # noqa: S102 - the package's own documented example
                    return {"type": "return", "expr": "None", "kind": "NoneType"}

                steps.append(guarded(run, DOC_STATEMENT_S))
            if steps[-1]["type"] == "hung":
                break
        return {"steps": steps}

    def run_test(test):
        if test["kind"] == "doc":
            return run_doc(test)
        if test["kind"] == "call":
            return {"result": call(resolve(test), test["args"])}
        cls = resolve(test)
        holder = {}

        def construct(*args, **kw):
            maker = getattr(cls, test["factory"]) if test.get("factory") else cls
            holder["obj"] = maker(*args, **kw)
            return None

        ctor = call(construct, test["ctorArgs"])
        if ctor["type"] != "return":
            return {"ctor": ctor, "steps": []}
        obj = holder["obj"]
        steps = []
        for step in test["steps"]:
            op = step["op"]
            if op == "get":
                steps.append(call(lambda name=step["name"]: getattr(obj, name), [], consume=False))
            elif op == "call":
                steps.append(call(getattr(obj, step["name"]), step["args"]))
            else:
                steps.append(call(PROTOCOL[op](obj), step["args"], consume=op == "iter"))
        return {"ctor": {"type": "return", "expr": None, "kind": type(obj).__name__}, "steps": steps}

    pools = job["pools"]

    if job["mode"] == "replay":
        for i, test in enumerate(job["tests"]):
            before = Refused.count
            outcome = run_test(test)
            emit({"type": "replay", "index": i, "outcome": outcome if Refused.count == before else {"type": "refused"}})
        emit({"type": "done"})
        out.close()
        real_exit(0)

    # --- The targets: the public API this module defines, reached as a user reaches it. ---
    def public_names(m):
        names = getattr(m, "__all__", None)
        if not isinstance(names, (list, tuple)):
            names = [n for n in dir(m) if not n.startswith("_")]
        return [n for n in names if isinstance(n, str) and not n.startswith("_")]

    def defined_here(obj):
        return getattr(obj, "__module__", None) == mod.__name__ and (inspect.isfunction(obj) or inspect.isclass(obj))

    targets = []  # (module name, attribute name, object)
    seen_ids = set()
    for source in ([pkg] if pkg is not mod else []) + [mod]:
        for name in public_names(source):
            try:
                obj = getattr(source, name)
            except Exception:  # noqa: BLE001 - a lazy attribute that fails
                continue
            if defined_here(obj) and id(obj) not in seen_ids:
                seen_ids.add(id(obj))
                targets.append((source.__name__, name, obj))
    target_names = {name for _, name, _ in targets}

    # --- Documentation examples: the docstrings of the targets (and the module), README and docs. ---
    blocks = []  # (label, [source lines])
    parser = doctest.DocTestParser()
    try:
        found = doctest.DocTestFinder(exclude_empty=True).find(mod, mod.__name__)
    except Exception:  # noqa: BLE001 - a module doctest cannot read
        found = []
    for t in sorted(found, key=lambda t: t.name):
        rest = t.name[len(mod.__name__):].split(".")
        if any(p.startswith("_") and not p.startswith("__") for p in rest):
            continue
        lines = [e.source for e in t.examples]
        if lines:
            blocks.append(("_".join(p for p in rest if p) or "module", lines))
    for doc in job.get("docs", []):
        try:
            examples = parser.get_examples(doc["text"])
        except Exception:  # noqa: BLE001 - a doc doctest cannot parse
            continue
        lines = [e.source for e in examples]
        words = set(re.findall(r"[A-Za-z_]\w*", "\n".join(lines)))
        if lines and words & target_names:
            for k in range(0, len(lines), 60):
                blocks.append((os.path.splitext(os.path.basename(doc["file"]))[0], lines[k:k + 60]))

    def assertable(src):
        """The form of an expression statement that can stand left of `==` (None for other statements)."""
        try:
            tree = ast.parse(src)
        except SyntaxError:
            return None
        if len(tree.body) != 1 or not isinstance(tree.body[0], ast.Expr):
            return None
        node = tree.body[0].value
        text = ast.unparse(node)
        simple = isinstance(node, (ast.Call, ast.Name, ast.Attribute, ast.Subscript, ast.Constant, ast.List, ast.Dict, ast.Set, ast.ListComp, ast.SetComp, ast.DictComp))
        return text if simple and "\n" not in text else "(%s)" % text

    def parses(src):
        try:
            ast.parse(src)
            return True
        except (SyntaxError, ValueError):  # an incomplete example (a def without a body, `...` lines)
            return False

    blocks = [(label, [src for src in lines if parses(src)]) for label, lines in blocks]
    blocks = [(label, lines) for label, lines in blocks if lines]

    def imports_for(lines):
        """Import lines for a block's free names: from the package when it exports the same object, else the module."""
        found = []
        for n in free_names(lines):
            if n in modules or n == top:
                found.append("import %s" % n)
            elif not n.startswith("_") and hasattr(pkg, n) and pkg is not mod and getattr(pkg, n) is getattr(mod, n, None):
                found.append("from %s import %s" % (top, n))
            elif hasattr(mod, n):
                found.append("from %s import %s" % (mod.__name__, n))
            elif hasattr(pkg, n):
                found.append("from %s import %s" % (top, n))
        return found

    # Literals and whole argument lists of documented calls seed the pools.
    doc_args = {}
    mined = {"number": [], "str": [], "list": [], "dict": [], "bool": []}
    for _, lines in blocks:
        for src in lines:
            try:
                tree = ast.parse(src)
            except SyntaxError:
                continue
            for node in ast.walk(tree):
                if not isinstance(node, ast.Call):
                    continue
                fname = node.func.id if isinstance(node.func, ast.Name) else node.func.attr if isinstance(node.func, ast.Attribute) else None
                args = []
                ok = True
                for a in list(node.args) + [k for k in node.keywords]:
                    value = a.value if isinstance(a, ast.keyword) else a
                    if isinstance(a, ast.keyword) and a.arg is None or isinstance(a, ast.Starred):
                        ok = False
                        break
                    try:
                        lit = ast.literal_eval(value)
                    except Exception:  # noqa: BLE001 - not a literal
                        ok = False
                        continue
                    text = ast.unparse(value)
                    if len(text) > 200:
                        ok = False
                        continue
                    kind = "bool" if isinstance(lit, bool) else "number" if isinstance(lit, (int, float)) else "str" if isinstance(lit, str) else "list" if isinstance(lit, (list, tuple, set)) else "dict" if isinstance(lit, dict) else None
                    if kind and text not in mined[kind]:
                        mined[kind].append(text)
                    args.append(("%s=%s" % (a.arg, text)) if isinstance(a, ast.keyword) else text)
                if ok and fname:
                    doc_args.setdefault(fname, [])
                    if args not in doc_args[fname]:
                        doc_args[fname].append(args)
    # Prefixes of documented strings cut before each punctuation mark ("2007-01-25T12:00Z" -> "2007",
    # "2007-01", ...): the shorter forms a parser of that format usually accepts or rejects.
    variants = []
    for text in mined["str"][:20]:
        try:
            value = ast.literal_eval(text)
        except Exception:  # noqa: BLE001 - not a plain literal
            continue
        cuts = [i for i in range(1, len(value)) if not value[i].isalnum() and value[i - 1].isalnum()][:8]
        for i in cuts:
            r = repr(value[:i])
            if r not in mined["str"] and r not in variants:
                variants.append(r)
    mined["str"] += variants[:30]
    for kind, values in mined.items():
        pools[kind] = values[:60] + [v for v in pools.get(kind, []) if v not in values[:60]]
        if kind != "bool":
            pools["any"] = pools["any"] + [v for v in values[:8] if v not in pools["any"]]

    def annotation_kind(ann):
        if ann is inspect.Parameter.empty or ann is None:
            return None
        text = ann if isinstance(ann, str) else getattr(ann, "__name__", None) or str(ann)
        text = str(text)
        for kind, pattern in (("bool", r"\bbool\b"), ("number", r"\b(int|float|complex|Number|Decimal)\b"), ("str", r"\bstr\b"), ("list", r"(list|List|Sequence|Iterable|tuple|Tuple|set|Set)"), ("dict", r"(dict|Dict|Mapping)"), ("callable", r"Callable")):
            if re.search(pattern, text):
                return kind
        return None

    def pool_for(param):
        kind = annotation_kind(param.annotation)
        typed = kind is not None
        if kind is None and param.default is not inspect.Parameter.empty and param.default is not None:
            d = param.default
            kind = "bool" if isinstance(d, bool) else "number" if isinstance(d, (int, float)) else "str" if isinstance(d, str) else "list" if isinstance(d, (list, tuple)) else "dict" if isinstance(d, dict) else None
            typed = kind is not None
        if kind is None:
            for k, pattern in NAME_HINTS:
                if re.match(pattern, param.name):
                    kind = k
                    break
        values = list(pools.get(kind or "any", pools["any"]))
        if not typed:
            values += [v for v in pools["any"] if v not in values]
        if param.kind == param.KEYWORD_ONLY:
            values = ["%s=%s" % (param.name, v) for v in values]
        return {"values": values, "typed": typed}

    def params_of(fn, skip_self=False):
        try:
            sig = inspect.signature(fn)
        except (TypeError, ValueError):
            return None
        ps = [p for p in sig.parameters.values() if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
        if skip_self and ps and ps[0].name in ("self", "cls"):
            ps = ps[1:]
        required = len([p for p in ps if p.default is inspect.Parameter.empty])
        # Required keyword-only parameters follow the positional ones (passed as name=value).
        ps += [p for p in sig.parameters.values() if p.kind == p.KEYWORD_ONLY and p.default is inspect.Parameter.empty]
        return ps, required

    def tuples(pls, required, limit, documented=()):
        outl, seen = [], set()

        def add(t):
            key = "\0".join(t)
            if key not in seen and len(outl) < limit:
                seen.add(key)
                outl.append(t)

        for t in documented:
            add(list(t))
        kw = [p for p in pls if p["values"] and "=" in p["values"][0] and re.match(r"^[A-Za-z_]\w*=", p["values"][0])]
        base = [p["values"][0] for p in pls]
        add(base)
        for n in range(required, len(pls) - len(kw)):
            add(base[:n] + [p["values"][0] for p in kw])
        for i, p in enumerate(pls):
            for v in p["values"]:
                t = list(base)
                t[i] = v
                add(t)
        same = 0
        while len(outl) < limit and same < limit * 5 and pls:
            same += 1
            add([rng.choice(p["values"]) for p in pls])
        return outl

    share_end = [None]

    def time_left():
        now = time.monotonic()
        return now - started < job["budget_s"] and (share_end[0] is None or now < share_end[0])

    def share(fraction):
        """The next phase may use `fraction` of the time left (what it leaves goes to the later ones)."""
        remaining = job["budget_s"] - (time.monotonic() - started)
        share_end[0] = time.monotonic() + max(0.2, remaining * fraction)

    count = 0

    def results_of(test, outcome):
        if test["kind"] == "doc":
            return outcome["steps"]
        return [outcome.get("result")] if test["kind"] == "call" else [outcome["ctor"]] + outcome["steps"]

    hung_by = {}

    def consider(test, pls=None):
        nonlocal known, count
        if not time_left():
            return False
        target = ".".join(test.get("access", [test.get("name", "doc")]))
        if hung_by.get(target, 0) >= 3:
            return True  # a target that hung three times gets no more of the budget
        before = Refused.count
        cov.start()
        try:
            outcome = run_test(test)
        finally:
            cov.stop()
        if Refused.count > before:
            # The call tried to touch the machine outside its scratch directory: never a test.
            emit({"type": "refused", "access": test.get("access", [test.get("name", "doc")]), "what": Refused.latest})
            return True
        results = results_of(test, outcome)
        if any(r["type"] in ("pending", "hung") for r in results):
            if any(r["type"] == "hung" for r in results):
                hung_by[target] = hung_by.get(target, 0) + 1
                emit({"type": "hung", "access": test.get("access", [test.get("name", "doc")]), "args": test.get("args", [])})
            if test["kind"] != "doc":
                return True
            # A documentation block is kept up to the statement that hung.
            cut = next(i for i, r in enumerate(results) if r["type"] in ("pending", "hung"))
            if cut == 0:
                return True
            test = dict(test, lines=test["lines"][:cut], exprs=test["exprs"][:cut])
            outcome = {"steps": results[:cut]}
        r0 = results[0]
        if test["kind"] == "call" and r0["type"] == "throw" and r0["native"] and pls and all(p["typed"] for p in pls) and len(test["args"]) == len(pls) and "None" not in test["args"]:
            emit({"type": "bug", "access": test["access"], "args": test["args"], "error": r0})
            return True
        now = covered_now()
        if now - known:
            known = now
            count += 1
            if test["kind"] == "doc":
                # Statements that failed for want of a name or a module are left out (they did nothing).
                keep = [i for i, r in enumerate(outcome["steps"]) if not (r["type"] == "throw" and r["name"] in ("NameError", "ImportError", "ModuleNotFoundError", "SyntaxError"))]
                test = dict(test, lines=[test["lines"][i] for i in keep], exprs=[test["exprs"][i] for i in keep])
                outcome = {"steps": [outcome["steps"][i] for i in keep]}
            emit({"type": "test", "test": test, "outcome": outcome})
        return True

    # Documentation examples first: they are realistic calls (at most half the time).
    share(0.5)
    for label, lines in blocks:
        if not time_left():
            break
        consider({"kind": "doc", "name": label, "imports": imports_for(lines), "lines": lines, "exprs": [assertable(src) for src in lines]})

    # Then synthesised calls, functions before classes, each target its share of the time left.
    functions = [t for t in targets if inspect.isfunction(t[2])]
    classes = [t for t in targets if inspect.isclass(t[2]) and not issubclass(t[2], BaseException)]
    for k, (source, name, obj) in enumerate(functions):
        share(1 / (len(functions) + len(classes) - k))
        info = params_of(obj)
        if info is None or inspect.iscoroutinefunction(obj):
            continue
        ps, required = info
        pls = [pool_for(p) for p in ps]
        for args in tuples(pls, required, job["max_calls"], doc_args.get(name, [])):
            if not consider({"kind": "call", "module": source, "access": [name], "args": args}, pls):
                break
    for k, (source, name, obj) in enumerate(classes):
        share(0.5 / (len(classes) - k))
        info = params_of(obj.__init__, skip_self=True) if obj.__init__ is not object.__init__ else None
        info = info or ([], 0)
        cps, creq = info
        ctors = [{"args": a} for a in tuples([pool_for(p) for p in cps], creq, 6, doc_args.get(name, []))]
        methods, getters = [], []
        for attr, member in inspect.getmembers(obj):
            if attr.startswith("_"):
                continue
            static = inspect.getattr_static(obj, attr)
            if isinstance(static, property):
                getters.append({"op": "get", "name": attr})
            elif isinstance(static, classmethod):
                # A factory: a classmethod that returns an instance is another way to construct.
                finfo = params_of(member)
                if finfo is not None:
                    for a in tuples([pool_for(p) for p in finfo[0]], finfo[1], 3, doc_args.get(attr, [])):
                        ctors.append({"args": a, "factory": attr})
            elif inspect.isfunction(member):
                minfo = params_of(member, skip_self=True)
                if minfo is not None:
                    methods.append((attr, [pool_for(p) for p in minfo[0]], minfo[1]))
        # Container protocols the class defines itself (obj[k] = v, obj[k], del obj[k], k in obj, len, iter).
        keys = {"values": (pools["str"][:4] + pools["number"][:4]) or ['"a"'], "typed": False}
        anyv = {"values": pools["any"][:8], "typed": False}
        protocol = [(op, pls) for op, dunder, pls in (("setitem", "__setitem__", [keys, anyv]), ("getitem", "__getitem__", [keys]), ("delitem", "__delitem__", [keys]), ("contains", "__contains__", [keys]), ("len", "__len__", []), ("iter", "__iter__", [])) if own_dunder(obj, dunder)]
        if protocol:
            k0, k1 = keys["values"][0], keys["values"][min(1, len(keys["values"]) - 1)]
            canned = [("setitem", [k0, anyv["values"][1]]), ("setitem", [k1, anyv["values"][2]]), ("getitem", [k0]), ("contains", [k0]), ("len", []), ("iter", []), ("delitem", [k0]), ("getitem", [k0]), ("delitem", [k0])]
            protocol_seq = [{"op": op, "args": args} for op, args in canned if any(op == p for p, _ in protocol)]
        else:
            protocol_seq = []
        for i, ctor in enumerate(ctors):
            if not time_left():
                break
            base = {"kind": "scenario", "module": source, "access": [name], "ctorArgs": ctor["args"], **({"factory": ctor["factory"]} if "factory" in ctor else {})}
            consider(dict(base, steps=list(getters)))
            if protocol_seq:
                consider(dict(base, steps=protocol_seq + getters))
            for attr, pls, req in methods:
                for args in tuples(pls, req, 24 if i == 0 else 6, doc_args.get(attr, [])):
                    if not consider(dict(base, steps=[{"op": "call", "name": attr, "args": args}] + getters)):
                        break
        share(1 / (len(classes) - k))
        choices = [("call", m) for m in methods] + [("protocol", p) for p in protocol]
        for _ in range(job["max_calls"] if choices and ctors else 0):
            if not time_left():
                break
            steps = []
            for _s in range(rng.randint(2, 6)):
                what, (attr, pls, *_rest) = rng.choice(choices)
                args = [rng.choice(p["values"]) for p in pls]
                steps.append({"op": "call", "name": attr, "args": args} if what == "call" else {"op": attr, "args": args})
            ctor = rng.choice(ctors)
            consider({"kind": "scenario", "module": source, "access": [name], "ctorArgs": ctor["args"], **({"factory": ctor["factory"]} if "factory" in ctor else {}), "steps": steps + getters})
    emit({"type": "done", "tests": count})
    out.close()
    real_exit(0)


if __name__ == "__main__":
    main()
