#!/usr/bin/env python3
"""Replays recorded LSP sessions against `tcoc lsp` (see README.md in this folder).

    replay.py TCOC ROOT TRANSCRIPT.jsonl...

Each transcript line is one step: {"send": MESSAGE}, {"send_raw": "bytes"}, {"recv": EXPECTED}
or {"exit_code": N}; `//` lines are comments. Sent strings "$file:NAME" become the text of
tests/lsp/NAME, and "${ROOT}" the checkout's path. Received messages have the checkout's path
replaced by "${ROOT}" (in object keys too: a WorkspaceEdit is keyed by URI) before they are matched against EXPECTED, where "<any>" matches any
value, {"$contains": [...]} an array holding a match for each item (and, with
"$excludes": [...], none for these), {"$has": [...]} a string
holding each substring, and {"$range_of": "a |b| c", "in": "stdlib/x.tco"} the range of the
part between bars where "a b c" first occurs in that file.

With LSP_REPLAY_PRINT=1 every received message is printed as a "recv" step (after
normalising), to write a new transcript's expectations from "<any>" placeholders.
"""
import json
import os
import queue
import subprocess
import sys
import threading
import urllib.parse

TIMEOUT = 30  # seconds per expected message; an ASan build compiles slowly


def read_frames(stream, out):
    """Parses Content-Length frames from the server's stdout into `out` (None at EOF)."""
    while True:
        headers = {}
        while True:
            line = stream.readline()
            if not line:
                out.put(None)
                return
            line = line.decode("ascii").strip()
            if not line:
                break
            key, _, value = line.partition(":")
            headers[key.strip().lower()] = value.strip()
        body = stream.read(int(headers["content-length"]))
        out.put(json.loads(body.decode("utf-8")))


class Replay:
    def __init__(self, tcoc, root, transcript):
        self.root = os.path.realpath(root)
        self.here = os.path.dirname(os.path.abspath(transcript))
        self.transcript = transcript
        env = dict(os.environ)
        env.pop("TCO_PATH", None)
        env.pop("TCOC_STDLIB", None)
        self.proc = subprocess.Popen([tcoc, "lsp"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=subprocess.PIPE, env=env, cwd=self.here)
        self.messages = queue.Queue()
        threading.Thread(target=read_frames, args=(self.proc.stdout, self.messages), daemon=True).start()

    # ---- placeholders
    def expand(self, value):
        if isinstance(value, str):
            if value.startswith("$file:"):
                with open(os.path.join(self.here, value[6:]), encoding="utf-8") as f:
                    return f.read()
            return value.replace("${ROOT}", urllib.parse.quote(self.root))
        if isinstance(value, list):
            return [self.expand(v) for v in value]
        if isinstance(value, dict):
            return {self.expand(k): self.expand(v) for k, v in value.items()}
        return value

    def normalise(self, value):
        if isinstance(value, str):
            return value.replace(urllib.parse.quote(self.root), "${ROOT}").replace(self.root, "${ROOT}")
        if isinstance(value, list):
            return [self.normalise(v) for v in value]
        if isinstance(value, dict):
            return {self.normalise(k): self.normalise(v) for k, v in value.items()}
        return value

    def range_of(self, spec):
        needle = spec["$range_of"]
        with open(os.path.join(self.root, spec["in"]), encoding="utf-8") as f:
            text = f.read()
        before, marked, after = needle.split("|")
        at = text.find(before + marked + after)
        if at < 0:
            raise AssertionError(f"{needle!r} is not in {spec['in']}")
        begin = at + len(before)

        def position(offset):
            line_start = text.rfind("\n", 0, offset) + 1
            units = len(text[line_start:offset].encode("utf-16-le")) // 2
            return {"line": text.count("\n", 0, offset), "character": units}

        return {"start": position(begin), "end": position(begin + len(marked))}

    # ---- matching
    def match(self, want, got, path="$"):
        if want == "<any>":
            return
        if isinstance(want, dict) and "$range_of" in want:
            want = self.range_of(want)
        if isinstance(want, dict) and "$contains" in want:
            if not isinstance(got, list):
                raise AssertionError(f"{path}: expected an array, got {got!r}")
            for item in want["$contains"]:
                if not any(self.matches(item, g) for g in got):
                    raise AssertionError(f"{path}: no element matches {json.dumps(item)}")
            for item in want.get("$excludes", []):
                if any(self.matches(item, g) for g in got):
                    raise AssertionError(f"{path}: an element matches {json.dumps(item)}, which must be absent")
            return
        if isinstance(want, dict) and "$has" in want:
            if not isinstance(got, str) or not all(s in got for s in want["$has"]):
                raise AssertionError(f"{path}: expected a string holding {want['$has']}, got {got!r}")
            return
        if isinstance(want, dict):
            if not isinstance(got, dict) or set(want) != set(got):
                raise AssertionError(f"{path}: expected keys {sorted(want)}, got {got!r}")
            for k in want:
                self.match(want[k], got[k], f"{path}.{k}")
            return
        if isinstance(want, list):
            if not isinstance(got, list) or len(want) != len(got):
                raise AssertionError(f"{path}: expected {json.dumps(want)}, got {json.dumps(got)}")
            for i, (w, g) in enumerate(zip(want, got)):
                self.match(w, g, f"{path}[{i}]")
            return
        if want != got:
            raise AssertionError(f"{path}: expected {json.dumps(want)}, got {json.dumps(got)}")

    def matches(self, want, got):
        try:
            self.match(want, got)
            return True
        except AssertionError:
            return False

    # ---- steps
    def write(self, data):
        self.proc.stdin.write(data)
        self.proc.stdin.flush()

    def step(self, step):
        if "send" in step:
            msg = self.expand(step["send"])
            msg.setdefault("jsonrpc", "2.0")
            body = json.dumps(msg).encode("utf-8")
            self.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        elif "send_raw" in step:
            self.write(step["send_raw"].encode("utf-8"))
        elif "recv" in step:
            try:
                got = self.messages.get(timeout=TIMEOUT)
            except queue.Empty:
                raise AssertionError("no message from the server within %d s" % TIMEOUT)
            if got is None:
                raise AssertionError("the server closed its output")
            got = self.normalise(got)
            if os.environ.get("LSP_REPLAY_PRINT"):
                print(json.dumps({"recv": got}, ensure_ascii=False))
            try:
                self.match(step["recv"], got)
            except AssertionError as e:
                shown = json.dumps(got, indent=1, ensure_ascii=False)
                if len(shown) > 4000:
                    shown = shown[:4000] + "\n..."
                raise AssertionError(f"{e}\nreceived: {shown}")
        elif "exit_code" in step:
            self.proc.stdin.close()
            code = self.proc.wait(timeout=TIMEOUT)
            if code != step["exit_code"]:
                raise AssertionError(f"exit code {code}, expected {step['exit_code']}")
            extra = self.messages.get(timeout=TIMEOUT)
            if extra is not None:
                raise AssertionError(f"an unexpected message: {json.dumps(self.normalise(extra))}")
        else:
            raise AssertionError(f"unknown step {step!r}")

    def run(self):
        try:
            with open(self.transcript, encoding="utf-8") as f:
                for n, line in enumerate(f, 1):
                    if not line.strip() or line.lstrip().startswith("//"):
                        continue
                    try:
                        self.step(json.loads(line))
                    except AssertionError as e:
                        print(f"{self.transcript}:{n}: {e}", file=sys.stderr)
                        return False
            return True
        finally:
            if self.proc.poll() is None:
                self.proc.kill()
                self.proc.wait()
            err = self.proc.stderr.read().decode("utf-8", "replace")
            if err:
                print(f"{self.transcript}: server stderr:\n{err}", file=sys.stderr)


def main():
    if len(sys.argv) < 4:
        print(__doc__, file=sys.stderr)
        return 2
    tcoc, root = sys.argv[1], sys.argv[2]
    ok = all([Replay(tcoc, root, t).run() for t in sys.argv[3:]])
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
