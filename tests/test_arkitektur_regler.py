"""Arkitektur: `modeller.regler` er ren kjerne.

* bare standardbiblioteket og `modeller.regler.*` importeres;
* ingen klokke leses (date.today, datetime.now, time.time …);
* hver offentlig funksjon har en docstring.
"""

import ast
import sys
from pathlib import Path

import pytest

REGLER = Path(__file__).resolve().parent.parent / "modeller" / "regler"
MODULER = sorted(REGLER.glob("*.py"))
KLOKKEKALL = {"today", "now", "utcnow", "time", "time_ns", "monotonic", "perf_counter", "localtime", "gmtime"}


def _tre(fil: Path) -> ast.Module:
    return ast.parse(fil.read_text(encoding="utf-8"), filename=str(fil))


def _tillatt(modul: str) -> bool:
    rot = modul.split(".")[0]
    return rot in sys.stdlib_module_names or modul == "modeller.regler" or modul.startswith("modeller.regler.")


def test_det_finnes_regelmoduler() -> None:
    navn = {f.stem for f in MODULER}
    assert {"begreper", "parametre", "identitet", "virkedager", "frister"} <= navn


@pytest.mark.parametrize("fil", MODULER, ids=lambda f: f.name)
def test_bare_standardbiblioteket(fil: Path) -> None:
    ulovlige = []
    for node in ast.walk(_tre(fil)):
        if isinstance(node, ast.Import):
            ulovlige += [a.name for a in node.names if not _tillatt(a.name)]
        elif isinstance(node, ast.ImportFrom):
            if node.level > 0:  # relativ import innenfor pakken
                continue
            if node.module is None or not _tillatt(node.module):
                ulovlige.append(str(node.module))
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "__import__":
            ulovlige.append("__import__")
    assert ulovlige == [], f"{fil.name} importerer utenfor standardbiblioteket: {ulovlige}"


@pytest.mark.parametrize("fil", MODULER, ids=lambda f: f.name)
def test_leser_ingen_klokke(fil: Path) -> None:
    funn = [
        f"L{node.lineno}: .{node.func.attr}()"
        for node in ast.walk(_tre(fil))
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in KLOKKEKALL
    ]
    assert funn == [], f"{fil.name} leser klokka: {funn}"


@pytest.mark.parametrize("fil", MODULER, ids=lambda f: f.name)
def test_offentlige_funksjoner_har_docstring(fil: Path) -> None:
    mangler = [
        node.name
        for node in _tre(fil).body
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        and not node.name.startswith("_")
        and not ast.get_docstring(node)
    ]
    assert mangler == [], f"{fil.name}: offentlige funksjoner uten docstring: {mangler}"


def test_skanneren_fanger_brudd() -> None:
    """Skanneren må kunne feile: en tredjepartsimport og et klokkekall blir oppdaget."""
    tre = ast.parse("import holidays\nfrom datetime import date\nx = date.today()\n")
    importer = [a.name for n in ast.walk(tre) if isinstance(n, ast.Import) for a in n.names]
    assert [m for m in importer if not _tillatt(m)] == ["holidays"]
    kall = [n.func.attr for n in ast.walk(tre) if isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute)]
    assert set(kall) & KLOKKEKALL == {"today"}
