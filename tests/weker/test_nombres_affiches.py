"""Les effectifs affichés s'écrivent à la française (« 3 419 jeunes ») : tout compte de pagination passe par |nombre."""

import re
from pathlib import Path

GABARITS = Path(__file__).resolve().parents[2] / "templates"
COMPTE_BRUT = re.compile(r"\{\{\s*[\w.]*paginator\.count\s*\}\}")


def test_aucun_compte_de_pagination_sans_separateur_de_milliers():
    fautifs = [
        f"{chemin.relative_to(GABARITS)} : {ligne.strip()}"
        for chemin in GABARITS.rglob("*.html")
        for ligne in chemin.read_text().splitlines()
        if COMPTE_BRUT.search(ligne)
    ]
    assert not fautifs, "Compte affiché sans |nombre :\n" + "\n".join(fautifs)
