"""Tableau des mesures (terminal) et page docs/benchmarks.md."""

from django.utils import timezone

from developpement.bench.mesures import page_plancher, rapport_au_plancher

# Budget des pages : p95 au plus FACTEUR × le p95 de la page plancher du même passage (docs/performance.md) ; 4×
# à l'échelle nationale (1 000 000 de jeunes), où les tables sont dix fois plus grandes.
FACTEUR_PLANCHER = 3
FACTEUR_PLANCHER_NATIONAL = 4
JEUNES_ECHELLE_NATIONALE = 1_000_000


def facteur_plancher(jeunes=0):
    return FACTEUR_PLANCHER_NATIONAL if jeunes >= JEUNES_ECHELLE_NATIONALE else FACTEUR_PLANCHER


def _rapport(mesure, mesures):
    rapport = rapport_au_plancher(mesure, mesures)
    return "" if rapport is None else f"{rapport:.1f}×"


def _ms(valeur):
    if valeur is None:
        return "—"
    if valeur >= 10_000:
        return f"{valeur / 1000:.1f} s"
    return f"{valeur:.1f} ms"


def _verdict(mesure, mesures, facteur=FACTEUR_PLANCHER):
    if not mesure.mesuree:
        return "non mesurée"
    if mesure.budget == "p95":
        rapport = rapport_au_plancher(mesure, mesures)
        if rapport is None:
            return "sans plancher"
        return "tenu" if rapport <= facteur else "dépassé"
    if mesure.budget == "< 10 s":
        return "tenu" if mesure.p50_ms < 10_000 else "dépassé"
    if mesure.budget == "2× plancher":
        plancher = next((m for m in mesures if m.nom.startswith("Plancher SQL") and m.mesuree), None)
        if plancher:
            return "tenu" if mesure.p50_ms <= 2 * plancher.p50_ms else "dépassé"
    return ""


def _libelle_budget(mesure, facteur):
    return f"p95 ≤ {facteur}× plancher" if mesure.budget == "p95" else mesure.budget


def tableau_texte(mesures, facteur=FACTEUR_PLANCHER):
    lignes = [f"{'mesure':<56}{'p50':>11}{'p95':>11}{'×plancher':>10}{'SQL':>6}  budget"]
    for m in mesures:
        sql = "" if m.requetes_sql is None else str(m.requetes_sql)
        budget = f"{_libelle_budget(m, facteur)} : {_verdict(m, mesures, facteur)}" if m.budget else ""
        lignes.append(
            f"{m.nom[:55]:<56}{_ms(m.p50_ms):>11}{_ms(m.p95_ms):>11}{_rapport(m, mesures):>10}{sql:>6}  {budget}"
        )
        if not m.mesuree:
            lignes.append(f"    ↳ {m.note}")
    return "\n".join(lignes)


def page_markdown(*, mesures, machine, volumes, generation, explications, charge_locust=None, facteur=None):
    if facteur is None:
        facteur = facteur_plancher(next((n for nom, n in volumes if nom == "jeunes"), 0))
    plancher = page_plancher(mesures)
    maintenant = timezone.localtime()
    lignes = [
        "# Mesures de performance",
        "",
        "Produit par `make bench` (`python manage.py bench`), voir [performance.md](performance.md) pour la méthode,",
        "les budgets et le passage à l'échelle. **Ne pas éditer à la main** : relancer le banc.",
        "La mesure à l'échelle nationale (1 000 000 de jeunes), quand elle a été faite, est à la fin de la page ;",
        "ce qui y croît avec l'historique est expliqué dans performance.md (« Échelle nationale »).",
        "",
        f"- Date : {maintenant:%d/%m/%Y %H:%M} ({maintenant.tzname()})",
        f"- Machine : {machine['coeurs']} cœurs ({machine['processeur']}), {machine['memoire']} de mémoire, "
        f"{machine['systeme']}, Python {machine['python']}",
        f"- Base : {machine['base']}",
        f"- Charge moyenne de la machine pendant la mesure (1 / 5 / 15 min) : {machine['charge']}",
        "",
        "## Données",
        "",
        "| table | lignes |",
        "|---|---:|",
    ]
    for nom, n in volumes:
        lignes.append(f"| {nom} | {n:,} |".replace(",", " "))
    if generation:
        lignes += ["", generation]
    lignes += [
        "",
        "## Résultats",
        "",
        "Temps serveur mesuré dans le processus (client de test Django, utilisateur connecté, sans réseau ni",
        "navigateur), après 3 requêtes d'échauffement. « SQL » = requêtes exécutées pour une requête HTTP et leur",
        "durée cumulée (« dont SQL ») ; « CPU Python » = temps processeur consommé par le processus Django seul,",
        "peu sensible à la charge de la machine, contrairement aux temps p50/p95 (temps réel écoulé).",
        "« × plancher » = p95 de la page / p95 de la page plancher (accueil d'un conseiller connecté : session,",
        "utilisateur, second facteur, navigation, gabarit de base) mesurée dans ce même passage ;",
        f"budget des pages : {facteur}×.",
        "",
    ]
    if plancher is not None:
        lignes += [f"Plancher de ce passage : p50 {_ms(plancher.p50_ms)}, p95 {_ms(plancher.p95_ms)}.", ""]
    lignes += [
        "| mesure | p50 | p95 | × plancher | SQL | dont SQL | CPU Python p50 | échantillons | budget | verdict | "
        "détail |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---|---|---|",
    ]
    for m in mesures:
        sql = "" if m.requetes_sql is None else str(m.requetes_sql)
        sql_ms = "" if m.sql_ms is None else _ms(m.sql_ms)
        cpu = "" if m.cpu_p50_ms is None else _ms(m.cpu_p50_ms)
        budget = _libelle_budget(m, facteur)
        lignes.append(
            f"| {m.nom} | {_ms(m.p50_ms)} | {_ms(m.p95_ms)} | {_rapport(m, mesures)} | {sql} | {sql_ms} | {cpu} | "
            f"{m.echantillons or ''} | {budget} | {_verdict(m, mesures, facteur) if m.budget else ''} | {m.note} |"
        )
    if charge_locust:
        lignes += ["", "## Débit à saturation", "", charge_locust]
    lignes += ["", "## Ce qui domine chaque chiffre", ""]
    lignes += [f"- **{titre}** : {texte}" for titre, texte in explications]
    lignes.append("")
    return "\n".join(lignes)


# La mesure à l'échelle nationale (--jeunes 1000000) se range à la fin de la même page, entre ces repères : chaque
# passage remplace sa propre partie et garde l'autre (la mesure nationale, longue, ne se refait pas à chaque fois).
DEBUT_NATIONALE = "<!-- mesure à l'échelle nationale : début (écrite par le banc) -->"
FIN_NATIONALE = "<!-- mesure à l'échelle nationale : fin -->"


def _bloc_national(texte):
    debut, fin = texte.find(DEBUT_NATIONALE), texte.find(FIN_NATIONALE)
    if debut == -1 or fin == -1:
        return ""
    return texte[debut : fin + len(FIN_NATIONALE)]


def page_complete(ancienne, page, *, nationale):
    """Texte du fichier de résultats : `page` (sortie de page_markdown) à sa place, l'autre partie de `ancienne`
    gardée telle quelle. La page nationale perd son titre et son en-tête, ses titres descendent d'un niveau."""
    ancien_bloc = _bloc_national(ancienne)
    if not nationale:
        return page.rstrip() + ("\n\n" + ancien_bloc + "\n" if ancien_bloc else "\n")
    corps = page[page.index("\n- Date") :].strip()
    corps = "\n".join("#" + ligne if ligne.startswith("## ") else ligne for ligne in corps.splitlines())
    bloc = f"{DEBUT_NATIONALE}\n## Échelle nationale\n\n{corps}\n{FIN_NATIONALE}"
    principale = ancienne.replace(ancien_bloc, "").rstrip() if ancienne else "# Mesures de performance"
    return principale + "\n\n" + bloc + "\n"
