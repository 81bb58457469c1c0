"""`make run` : le port et l'adresse d'écoute se choisissent par variable d'environnement (README)."""

import os
import shutil
import subprocess
from pathlib import Path

import pytest

RACINE = Path(__file__).resolve().parents[2]


@pytest.mark.skipif(shutil.which("make") is None, reason="make absent")
@pytest.mark.parametrize(
    ("variables", "attendu"),
    [({}, "runserver 127.0.0.1:8000"), ({"PORT": "8123"}, "runserver 127.0.0.1:8123"),
     ({"HOTE": "0.0.0.0", "PORT": "9000"}, "runserver 0.0.0.0:9000")],
)  # fmt: skip
def test_make_run_prend_le_port_de_l_environnement(variables, attendu):
    # Sans les variables d'un make parent (`make test` lance ce test) : make imbriqué, sorties différentes.
    exclues = ("PORT", "HOTE", "MAKEFLAGS", "MAKELEVEL", "MFLAGS", "MAKEOVERRIDES")
    env = {k: v for k, v in os.environ.items() if k not in exclues} | variables
    sortie = subprocess.run(
        ["make", "--dry-run", "--always-make", "run"], cwd=RACINE, env=env, capture_output=True, text=True, check=True
    ).stdout
    lignes = [ligne for ligne in sortie.splitlines() if "runserver" in ligne]
    assert len(lignes) == 1 and lignes[0].endswith(attendu), sortie
