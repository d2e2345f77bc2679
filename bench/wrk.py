"""Load from a second process on loopback: wrk (Debian's package), bounded in time, with a
small Lua script that reports the median, 95th and 99th percentile latency and the
errors (connection errors, timeouts, and any status that is not 2xx or 3xx)."""

import json
import shutil
import subprocess
import tempfile
from dataclasses import asdict, dataclass
from pathlib import Path

REPORT = """
done = function(summary, latency, requests)
  local errors = summary.errors
  io.write(string.format(
    '{"requests": %d, "seconds": %f, "p50_us": %d, "p95_us": %d, "p99_us": %d, ' ..
    '"connect": %d, "read": %d, "write": %d, "status": %d, "timeout": %d}\\n',
    summary.requests, summary.duration / 1e6,
    latency:percentile(50), latency:percentile(95), latency:percentile(99),
    errors.connect, errors.read, errors.write, errors.status, errors.timeout))
end
"""


@dataclass
class Result:
    url: str
    rps: float
    p50_ms: float
    p95_ms: float
    p99_ms: float
    errors: int
    requests: int

    def as_dict(self):
        return asdict(self)


def run(url, seconds=10, connections=16, threads=2, timeout=10):
    wrk = shutil.which("wrk")
    if wrk is None:
        raise RuntimeError("wrk not found: apt-get install wrk")
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(REPORT)
    try:
        output = subprocess.run(
            [wrk, f"-t{threads}", f"-c{connections}", f"-d{seconds}s", f"--timeout={timeout}s",
             "-s", script.name, url],
            capture_output=True, text=True, check=True,
        ).stdout  # fmt: skip
    finally:
        Path(script.name).unlink()
    report = json.loads(output.strip().splitlines()[-1])
    errors = sum(report[key] for key in ("connect", "read", "write", "status", "timeout"))
    return Result(
        url=url,
        rps=round(report["requests"] / report["seconds"], 1),
        p50_ms=round(report["p50_us"] / 1000, 2),
        p95_ms=round(report["p95_us"] / 1000, 2),
        p99_ms=round(report["p99_us"] / 1000, 2),
        errors=errors,
        requests=report["requests"],
    )
