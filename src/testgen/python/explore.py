"""empathy-framework offline test generator: explores one Python module.

Run with the project's interpreter (it needs coverage.py):
    python explore.py <job.json> <out.jsonl>

Explore mode: imports the module under coverage.py, calls its public functions and classes
with synthesised arguments (annotations, defaults, parameter names, literals mined from the
tests and the module, edge values), keeps the calls that add covered lines (greedy) and writes
one JSON line per kept test, possible bug or note. Replay mode: re-runs given tests in order
and reports their outcomes (the determinism check).
"""

import contextlib
import inspect
import io
import json
import math
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


def main():
    """Explore the job's functions (argv[1]) and append observed calls as JSON lines to argv[2]."""
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
    import re
    import coverage

    guard = install_guard(job["allowed_dir"]) if job.get("allowed_dir") else {"calls": False}
    for p in reversed(job["sys_path"]):
        sys.path.insert(0, p)
    started = time.monotonic()
    rng = random.Random(job.get("seed", 1))
    cov = coverage.Coverage(data_file=None, branch=True, include=[os.path.join(job["coverage_root"], "*")], omit=["*/test_*.py", "*_test.py", "*/tests/*", "*/conftest.py"])
    sensitive = [p for p in job.get("sensitive_paths", []) if len(p) > 4]

    def covered_now():
        data = cov.get_data()
        return {(f, n) for f in data.measured_files() for n in (data.arcs(f) or data.lines(f) or [])}

    real_exit = os._exit
    sink = io.StringIO()
    try:
        cov.start()
        with contextlib.redirect_stdout(sink), contextlib.redirect_stderr(sink):
            mod = __import__(job["module"], fromlist=["*"])
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
        if isinstance(v, int):
            return repr(v)
        if isinstance(v, float):
            if math.isnan(v):
                return 'float("nan")'
            if math.isinf(v):
                return 'float("inf")' if v > 0 else 'float("-inf")'
            return repr(v)
        if isinstance(v, str):
            if len(v) > 2000 or any(p in v for p in sensitive):
                return None
            return repr(v)
        if isinstance(v, bytes):
            return repr(v) if len(v) <= 2000 else None
        if type(v) in (list, tuple, set, frozenset):
            parts = [safe_repr(x, depth + 1) for x in (sorted(v, key=repr) if isinstance(v, (set, frozenset)) else v)]
            if any(p is None for p in parts):
                return None
            if type(v) is list:
                return "[" + ", ".join(parts) + "]"
            if type(v) is tuple:
                return "(" + ", ".join(parts) + ("," if len(parts) == 1 else "") + ")"
            if not parts:
                return "set()" if type(v) is set else "frozenset()"
            return ("{" + ", ".join(parts) + "}") if type(v) is set else "frozenset({" + ", ".join(parts) + "})"
        if type(v) is dict:
            items = []
            for k, x in v.items():
                kr, xr = safe_repr(k, depth + 1), safe_repr(x, depth + 1)
                if kr is None or xr is None:
                    return None
                items.append(kr + ": " + xr)
            return "{" + ", ".join(items) + "}"
        return None

    def describe_return(v):
        return {"type": "return", "expr": safe_repr(v), "kind": type(v).__name__}

    def describe_throw(e):
        tb = traceback.extract_tb(e.__traceback__)
        deliberate = bool(tb) and (tb[-1].line or "").strip().startswith("raise")
        message = str(e)
        if len(message) > 1000 or any(p in message for p in sensitive):
            message = None
        return {"type": "throw", "name": type(e).__name__, "message": message, "native": isinstance(e, NATIVE) and not deliberate}

    def ev(expr):
        return eval(expr, {"math": math})  # noqa: S307 - expressions come from our own pools

    def call(fn, args):
        with contextlib.redirect_stdout(sink), contextlib.redirect_stderr(sink):
            try:
                value = fn(*[ev(a) for a in args])
            except SystemExit as e:
                return {"type": "throw", "name": "SystemExit", "message": str(e), "native": False}
            except RecursionError as e:
                return describe_throw(e)
            except Exception as e:  # noqa: BLE001 - every error is an observed outcome
                return describe_throw(e)
        if inspect.isawaitable(value) or inspect.isgenerator(value):
            if hasattr(value, "close"):
                value.close()
            return {"type": "pending"}
        return describe_return(value)

    def resolve(access):
        v = mod
        for k in access:
            v = getattr(v, k)
        return v

    def run_test(test):
        if test["kind"] == "call":
            return {"result": call(resolve(test["access"]), test["args"])}
        cls = resolve(test["access"])
        holder = {}

        def construct(*args):
            holder["obj"] = cls(*args)
            return None

        ctor = call(construct, test["ctorArgs"])
        if ctor["type"] != "return":
            return {"ctor": ctor, "steps": []}
        obj = holder["obj"]
        steps = []
        for step in test["steps"]:
            if step["op"] == "get":
                steps.append(call(lambda name=step["name"]: getattr(obj, name), []))
            else:
                steps.append(call(getattr(obj, step["name"]), step["args"]))
        return {"ctor": {"type": "return", "expr": None, "kind": type(obj).__name__}, "steps": steps}

    pools = job["pools"]

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
        return ps, required

    def tuples(pls, required, limit):
        outl, seen = [], set()

        def add(t):
            key = "\0".join(t)
            if key not in seen and len(outl) < limit:
                seen.add(key)
                outl.append(t)

        base = [p["values"][0] for p in pls]
        add(base)
        for n in range(required, len(pls)):
            add(base[:n])
        for i, p in enumerate(pls):
            for v in p["values"]:
                t = list(base)
                t[i] = v
                add(t)
        guard = 0
        while len(outl) < limit and guard < limit * 5 and pls:
            guard += 1
            add([rng.choice(p["values"]) for p in pls])
        return outl

    def time_left():
        return time.monotonic() - started < job["budget_s"]

    if job["mode"] == "replay":
        for i, test in enumerate(job["tests"]):
            before = Refused.count
            outcome = run_test(test)
            emit({"type": "replay", "index": i, "outcome": outcome if Refused.count == before else {"type": "refused"}})
        emit({"type": "done"})
        out.close()
        real_exit(0)

    count = 0

    def consider(test, pls=None):
        nonlocal known, count
        if not time_left():
            return False
        before = Refused.count
        cov.start()
        try:
            outcome = run_test(test)
        finally:
            cov.stop()
        if Refused.count > before:
            # The call tried to touch the machine outside its scratch directory: never a test.
            emit({"type": "refused", "access": test["access"], "what": Refused.latest})
            return True
        results = [outcome.get("result")] if test["kind"] == "call" else [outcome["ctor"]] + outcome["steps"]
        if any(r["type"] == "pending" for r in results):
            return True
        r0 = results[0]
        if test["kind"] == "call" and r0["type"] == "throw" and r0["native"] and pls and all(p["typed"] for p in pls) and len(test["args"]) == len(pls) and "None" not in test["args"]:
            emit({"type": "bug", "access": test["access"], "args": test["args"], "error": r0})
            return True
        now = covered_now()
        if now - known:
            known = now
            count += 1
            emit({"type": "test", "test": test, "outcome": outcome})
        return True

    names = [n for n in dir(mod) if not n.startswith("_")]
    for name in names:
        obj = getattr(mod, name)
        if getattr(obj, "__module__", None) != mod.__name__:
            continue
        if inspect.isfunction(obj):
            info = params_of(obj)
            if info is None or inspect.iscoroutinefunction(obj):
                continue
            ps, required = info
            pls = [pool_for(p) for p in ps]
            for args in tuples(pls, required, job["max_calls"]):
                if not consider({"kind": "call", "access": [name], "args": args}, pls):
                    break
        elif inspect.isclass(obj) and not issubclass(obj, BaseException):
            info = params_of(obj.__init__, skip_self=True) if "__init__" in obj.__dict__ else ([], 0)
            if info is None:
                continue
            cps, creq = info
            ctors = tuples([pool_for(p) for p in cps], creq, 6)
            methods, getters = [], []
            for attr, member in inspect.getmembers(obj):
                if attr.startswith("_"):
                    continue
                if isinstance(inspect.getattr_static(obj, attr), property):
                    getters.append({"op": "get", "name": attr})
                elif inspect.isfunction(member):
                    minfo = params_of(member, skip_self=True)
                    if minfo is not None:
                        methods.append((attr, [pool_for(p) for p in minfo[0]], minfo[1]))
            for i, ctor in enumerate(ctors):
                if not time_left():
                    break
                consider({"kind": "scenario", "access": [name], "ctorArgs": ctor, "steps": list(getters)})
                for attr, pls, req in methods:
                    for args in tuples(pls, req, 24 if i == 0 else 6):
                        if not consider({"kind": "scenario", "access": [name], "ctorArgs": ctor, "steps": [{"op": "call", "name": attr, "args": args}] + getters}):
                            break
            for _ in range(job["max_calls"] if methods else 0):
                if not time_left():
                    break
                steps = []
                for _s in range(rng.randint(2, 6)):
                    attr, pls, req = rng.choice(methods)
                    steps.append({"op": "call", "name": attr, "args": [rng.choice(p["values"]) for p in pls]})
                consider({"kind": "scenario", "access": [name], "ctorArgs": rng.choice(ctors) if ctors else [], "steps": steps + getters})
    emit({"type": "done", "tests": count})
    out.close()
    real_exit(0)


if __name__ == "__main__":
    main()
