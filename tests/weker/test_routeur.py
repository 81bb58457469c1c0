"""Réplica du pilotage : le routeur (lectures dans `lectures_du_pilotage()` sur le réplica, écritures et
migrations sur le primaire) et le réglage DATABASE_REPLICA_URL (absent : une seule base, aucun routeur)."""

import os
import runpy
import subprocess
import sys
from pathlib import Path

from django.conf import settings

from accompagnement.models import Jeune
from reporting.models import Snapshot
from weker.routeur import RouteurPilotage, lectures_du_pilotage

RACINE = Path(settings.BASE_DIR)
REPLICA_DE_TEST = "postgres://lecteur:secret@replica.interne:5433/weker"


def test_hors_du_pilotage_les_lectures_restent_sur_le_primaire():
    routeur = RouteurPilotage()
    assert routeur.db_for_read(Jeune) is None  # Django prend alors le primaire, ou la base de l'objet lié
    assert routeur.db_for_read(Snapshot) is None


def test_dans_le_pilotage_les_lectures_vont_au_replica_et_les_ecritures_au_primaire():
    routeur = RouteurPilotage()
    with lectures_du_pilotage():
        assert routeur.db_for_read(Jeune) == "replica"
        assert routeur.db_for_read(Snapshot) == "replica"
        assert routeur.db_for_write(Snapshot) == "default"
        assert routeur.db_for_write(Jeune) == "default"
    assert routeur.db_for_read(Jeune) is None
    assert routeur.db_for_write(Snapshot) == "default"


def test_le_bloc_se_referme_meme_sur_une_erreur_et_s_imbrique():
    routeur = RouteurPilotage()
    try:
        with lectures_du_pilotage():
            with lectures_du_pilotage():
                assert routeur.db_for_read(Jeune) == "replica"
            assert routeur.db_for_read(Jeune) == "replica"
            raise ValueError("calcul interrompu")
    except ValueError:
        pass
    assert routeur.db_for_read(Jeune) is None


def test_migrations_sur_le_primaire_seulement_et_relations_permises():
    routeur = RouteurPilotage()
    assert routeur.allow_migrate("default", "reporting") is True
    assert routeur.allow_migrate("replica", "reporting") is False
    assert routeur.allow_migrate("replica", "accompagnement", model_name="jeune") is False
    assert routeur.allow_relation(Jeune(), Snapshot()) is True


def _reglages_communs(monkeypatch, **variables):
    monkeypatch.setattr("environ.Env.read_env", lambda *args, **kwargs: None)  # pas de fichier .env local
    monkeypatch.delenv("DATABASE_REPLICA_URL", raising=False)
    monkeypatch.setenv("DATABASE_URL", "postgres://weker:secret@db:5432/weker")
    for nom, valeur in variables.items():
        monkeypatch.setenv(nom, valeur)
    return runpy.run_path(str(RACINE / "weker" / "settings" / "base.py"))


def test_sans_replica_une_seule_base_et_aucun_routeur(monkeypatch):
    reglages = _reglages_communs(monkeypatch)
    assert list(reglages["DATABASES"]) == ["default"]
    assert "DATABASE_ROUTERS" not in reglages


def test_le_replica_ajoute_une_base_et_le_routeur(monkeypatch):
    reglages = _reglages_communs(monkeypatch, DATABASE_REPLICA_URL=REPLICA_DE_TEST, CONN_MAX_AGE="30")
    replica = reglages["DATABASES"]["replica"]
    assert replica["ENGINE"] == "django.db.backends.postgresql"
    assert (replica["HOST"], replica["PORT"], replica["NAME"], replica["USER"]) == (
        "replica.interne",
        5433,
        "weker",
        "lecteur",
    )
    assert replica["CONN_MAX_AGE"] == 30 and replica["CONN_HEALTH_CHECKS"] is True
    assert replica["TEST"] == {"MIRROR": "default"}
    assert replica.get("ATOMIC_REQUESTS", False) is False  # lectures seules : pas de transaction par requête
    assert reglages["DATABASES"]["default"]["HOST"] == "db"
    assert reglages["DATABASE_ROUTERS"] == ["weker.routeur.RouteurPilotage"]


def test_les_tests_gardent_une_seule_base_meme_avec_un_replica():
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "weker.settings.test", "DATABASE_REPLICA_URL": REPLICA_DE_TEST}
    resultat = subprocess.run(
        [sys.executable, "-c", "from django.conf import settings as s; print(list(s.DATABASES), s.DATABASE_ROUTERS)"],
        cwd=RACINE, env=env, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert resultat.returncode == 0, resultat.stderr
    assert resultat.stdout.strip() == "['default'] []"
