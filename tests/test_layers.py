"""The core never imports Qt: importing every core module with PySide6 blocked must work."""

import subprocess
import sys

from conftest import ROOT


def core_modules() -> list[str]:
    names = []
    for package in ("workbench", "db"):
        for path in sorted((ROOT / package).rglob("*.py")):
            relative = path.relative_to(ROOT).with_suffix("")
            if "ui" in relative.parts or "migrations" in relative.parts:
                continue
            names.append(".".join(relative.parts).removesuffix(".__init__"))
    return names


def test_core_imports_without_pyside6():
    modules = core_modules()
    assert "workbench.letters.reader" in modules and "db.models" in modules
    program = (
        "import sys\n"
        "sys.modules['PySide6'] = None\n"
        f"for name in {modules!r}:\n"
        "    __import__(name)\n"
        "assert not any(m.startswith('PySide6') for m in sys.modules if sys.modules[m])\n"
    )
    done = subprocess.run([sys.executable, "-c", program], cwd=ROOT, capture_output=True,
                          text=True)
    assert done.returncode == 0, done.stderr
