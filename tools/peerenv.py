"""A peer tool's own virtual environment under .build, made on first use.

The tools/peer-* scripts run a tool byline is compared with (spaCy, trafilatura, …) on the same
texts, in the same run, as the benchmarks that call them. Each installs its packages from PyPI into
.build/peer-NAME and re-runs itself with that environment's Python, so nothing is installed into
the system's Python and a fresh clone needs no other setup step.
"""

import os
import subprocess
import sys

REPOSITORY = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def environment(name):
    return os.path.join(REPOSITORY, ".build", f"peer-{name}")


def python(name):
    return os.path.join(environment(name), "bin", "python")


def ready(name, probe):
    """Whether the environment exists and `probe` (a Python statement) runs in it."""
    if not os.path.exists(python(name)):
        return False
    return subprocess.run([python(name), "-c", probe], capture_output=True).returncode == 0


def enter(name, packages, probe, argv):
    """Makes sure .build/peer-NAME holds `packages` (installing them if `probe` fails there), then
    replaces this process with the same script under that environment's Python. Returns at once
    when already running inside it. With `--no-setup` in argv, exits with status 3 instead of
    installing."""
    if os.path.realpath(sys.prefix) == os.path.realpath(environment(name)):
        return
    if not ready(name, probe):
        if "--no-setup" in argv:
            sys.stderr.write(f"peer-{name}: .build/peer-{name} is not set up (run tools/peer-{name} --setup)\n")
            sys.exit(3)
        sys.stderr.write(f"peer-{name}: installing {' '.join(packages)} into .build/peer-{name}\n")
        os.makedirs(os.path.dirname(environment(name)), exist_ok=True)
        subprocess.run([sys.executable, "-m", "venv", environment(name)], check=True)
        subprocess.run([python(name), "-m", "pip", "install", "-q", "--disable-pip-version-check", *packages], check=True)
        if not ready(name, probe):
            sys.stderr.write(f"peer-{name}: installed, but `{probe}` still fails\n")
            sys.exit(3)
    script = os.path.abspath(argv[0])
    os.execv(python(name), [python(name), script, *argv[1:]])


def paths_from(arguments):
    """The input files: arguments, or one path a line on stdin when the only argument is `-`."""
    if arguments == ["-"]:
        return [line.rstrip("\n") for line in sys.stdin if line.strip()]
    return arguments
