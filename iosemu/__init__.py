"""iosemu: a Cisco IOS router emulator for practice, scripted labs and graded checks."""

from __future__ import annotations

__version__ = "0.1.0"
__all__ = ["Lab", "grade", "__version__"]


def __getattr__(name: str):
    # Lazy so that `import iosemu` stays cheap for the command-line entry point.
    if name == "Lab":
        from iosemu.lab.lab import Lab

        return Lab
    if name == "grade":  # grade(lab_path, submission_dir) -> Report (lab/grading.py)
        from iosemu.lab.grading import grade

        return grade
    raise AttributeError(name)
