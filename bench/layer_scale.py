"""The layer at 1,000,000 mentions: writing it, and reading it as the dashboard does.

    python -m bench.layer_scale [--mentions 1000000]

Each step runs in a child process that reports its own wall time and peak resident memory
(``ru_maxrss``), so one step's memory does not hide another's:

- **write**: a synthetic layer (``bench/make_synthetic_layer.py``, seed 1) held in memory as
  a build holds it, then written by ``geo.layer.write_layer`` (the build's writer);
- **GeoParquet**: the same layer's copy written by ``geo.geoparquet.write_geoparquet`` (as
  every build does), in the same child, timed on its own;
- **read**: ``geo.layer.read_layer`` and ``components.layer_data.mentions_frame``, what the
  dashboard's server does before it can draw the first map from the GeoJSON file;
- **read the copy**: ``components.layer_data.parquet_frame``, what it does when the copy is
  there.

The first map in Chromium at that size is measured by ``python -m bench.dashboard_bench
--sizes 1000000 --runs 1``.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]

_WRITE = """
import json, resource, sys, time
from pathlib import Path
from bench.make_synthetic_layer import make_layer
from geo.layer import write_layer
made = time.perf_counter()
layer = make_layer(int(sys.argv[1]))
started = time.perf_counter()
write_layer(layer, Path(sys.argv[2]))
done = time.perf_counter()
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
from geo.geoparquet import write_geoparquet
write_geoparquet(layer, Path(sys.argv[2]))
copied = time.perf_counter()
print(json.dumps({"make_s": started - made, "seconds": done - started, "peak_mb": peak,
                  "parquet_s": copied - done,
                  "peak_after_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""

_READ_COPY = """
import json, resource, sys, time
from pathlib import Path
from components.layer_data import parquet_frame
started = time.perf_counter()
frame = parquet_frame(Path(sys.argv[1]))
done = time.perf_counter()
print(json.dumps({"seconds": done - started, "rows": len(frame),
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""

_READ = """
import json, resource, sys, time
from pathlib import Path
from geo.layer import read_layer
from components.layer_data import mentions_frame
started = time.perf_counter()
layer = read_layer(Path(sys.argv[1]))
parsed = time.perf_counter()
frame, _ = mentions_frame(layer["features"])
done = time.perf_counter()
print(json.dumps({"json_s": parsed - started, "frame_s": done - parsed, "seconds": done - started,
                  "rows": len(frame), "frame_mb": frame.memory_usage(deep=True).sum() / 1e6,
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def _child(code: str, *args: str) -> dict[str, float]:
    result = subprocess.run([sys.executable, "-c", code, *args], capture_output=True,
                            text=True, cwd=REPO)
    if result.returncode:
        return {"failed": result.stderr.strip().splitlines()[-1] if result.stderr else
                f"exit {result.returncode}"}
    return json.loads(result.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mentions", type=int, default=1_000_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="conflict-map-scale-") as work:
        out = Path(work) / "layer.geojson"
        write = _child(_WRITE, str(args.mentions), str(out))
        print(f"write: {json.dumps(write)}", flush=True)
        if "failed" in write:
            return
        print(f"layer file: {out.stat().st_size / 1e6:.0f} MB", flush=True)
        copy = out.with_suffix(".parquet")
        print(f"GeoParquet copy: {copy.stat().st_size / 1e6:.0f} MB", flush=True)
        read = _child(_READ, str(out))
        print(f"read the GeoJSON: {json.dumps(read)}", flush=True)
        fast = _child(_READ_COPY, str(copy))
        print(f"read the copy: {json.dumps(fast)}", flush=True)


if __name__ == "__main__":
    main()
