"""Variables de gabarit indéfinies : une erreur dans les tests, comme dans les-emplois.

`weker/settings/test.py` met dans `string_if_invalid` une chaîne dont le formatage (`string_if_invalid % variable`,
ce que fait Django pour `{{ variable }}` introuvable) lève `VariableDeGabaritIndefinie`. `installer()`, appelé par
`tests/conftest.py`, corrige deux effets de ce réglage pour garder la sémantique de Django :

- `|default` : Django n'applique aucun filtre quand `string_if_invalid` est non vide ; une expression qui contient
  `default` est donc résolue comme si la variable valait "" (comportement de production), sans erreur ;
- échecs « silencieux » : une relation un-à-un absente (`ObjectDoesNotExist`), une méthode qui exige des arguments ou
  marquée `alters_data` rendent `string_if_invalid` lui-même, non vide donc vrai dans un `{% if %}` ; ils deviennent
  une variable introuvable ordinaire (fausse dans `{% if %}`, erreur dans `{{ }}`).

`{% if %}`, `{% for %}`, `{% firstof %}`, `{% regroup %}` et `{% ifchanged %}` résolvent déjà leurs variables sans
erreur (`ignore_failures=True`) : rien à faire pour eux.

Exclusion : les gabarits des bibliothèques (administration de Django, django-tables2, django-filter…), repérés par
leur chemin hors du dépôt ou dans `.venv`, gardent le comportement de production. Les widgets de formulaire passent
par le moteur propre à `FORM_RENDERER`, sans `string_if_invalid` : non concernés.
"""

import copy
from pathlib import Path

from django.conf import settings
from django.template import base, defaultfilters

from weker.settings.test import VariableDeGabaritIndefinie

_resoudre = base.FilterExpression.resolve
_chercher = base.Variable._resolve_lookup
_RACINE = Path(settings.BASE_DIR).resolve()


def _gabarit_du_projet(context):
    gabarit = getattr(context.render_context, "template", None) or context.template
    nom = getattr(getattr(gabarit, "origin", None), "name", None)
    if not nom or not isinstance(nom, str) or nom == "<unknown source>":
        return True  # Template("…") écrit dans le code du projet ou d'un test
    chemin = Path(nom).resolve()
    return chemin.is_relative_to(_RACINE) and ".venv" not in chemin.relative_to(_RACINE).parts


def _resoudre_strictement(self, context, ignore_failures=False):
    try:
        return _resoudre(self, context, ignore_failures)
    except VariableDeGabaritIndefinie as erreur:
        if self.is_var and getattr(erreur, "variable", None) is self.var:
            avec_defaut = any(filtre is defaultfilters.default for filtre, _ in self.filters)
            if avec_defaut or not _gabarit_du_projet(context):
                vide = copy.copy(self)
                vide.is_var, vide.var = False, ""
                return _resoudre(vide, context)
            gabarit = getattr(context.render_context, "template", None) or context.template
            nom = getattr(getattr(gabarit, "origin", None), "template_name", None) or "?"
            raise VariableDeGabaritIndefinie(f"{erreur.args[0]} dans {nom}") from None
        raise


def _chercher_sans_echec_silencieux(self, context):
    valeur = _chercher(self, context)
    if valeur is context.template.engine.string_if_invalid and isinstance(valeur, str) and valeur:
        raise base.VariableDoesNotExist("%s : échec silencieux (relation absente, méthode à arguments)", (self,))
    return valeur


def installer():
    if base.FilterExpression.resolve is _resoudre:
        base.FilterExpression.resolve = _resoudre_strictement
        base.Variable._resolve_lookup = _chercher_sans_echec_silencieux
