"""Formulaires de l'accompagnement. Les règles métier sont dans les services ; ici, la saisie et son contrôle."""

import re
import uuid

from django import forms
from django.core.cache import cache
from django.db import transaction
from django.urls import reverse_lazy
from django.utils import timezone

from accompagnement.enums import (
    TYPES_PAR_CATEGORIE,
    Modalite,
    Presence,
    Service,
    TypeDocument,
    TypeEvenement,
)
from accompagnement.models import (
    Evenement,
    Jeune,
    ProgrammeFormation,
    RepresentantLegal,
    SessionCollective,
    Situation,
    ThemeAtelier,
)
from accompagnement.regles import AGE_MAX, AGE_MAX_DEROGATION, AGE_MIN
from accompagnement.services import CHAMPS_SITUATION, MODALITES_PAR_TYPE, ROLES_REFERENTS
from antennes.models import Commune, LieuAccueil, Secteur
from comptes.models import Utilisateur
from weker.fichiers import TAILLE_MAXIMALE

RAPPEL_COMPTE_RENDU = (
    "N'écrivez que des faits utiles à l'accompagnement : pas de diagnostic médical ni de détail de santé au-delà "
    "du strict nécessaire, pas de jugement ni d'appréciation sur la personne, pas de détail d'infraction. "
    "Le jeune peut lire tout ce qui est écrit ici (droit d'accès)."
)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


def _bootstrap(form):
    """Classes Bootstrap sur tous les champs (aucun style en ligne)."""
    for champ in form.fields.values():
        widget = champ.widget
        if isinstance(widget, forms.CheckboxSelectMultiple | forms.RadioSelect):
            continue
        if isinstance(widget, forms.CheckboxInput):
            widget.attrs.setdefault("class", "form-check-input")
        elif isinstance(widget, forms.Select):
            widget.attrs.setdefault("class", "form-select")
        else:
            widget.attrs.setdefault("class", "form-control")


def referents_possibles():
    return Utilisateur.objects.actifs().filter(role__in=ROLES_REFERENTS).select_related("antenne")


# Les listes déroulantes de référents (filtre et réaffectation de la liste des jeunes, réaffectation du dossier) sont
# gardées en cache de fragment de gabarit ({% cache %}), sous une version qui change quand un compte ou une antenne
# est enregistré ou supprimé (signaux branchés dans apps.py). Elles ne contiennent que des noms de professionnels,
# les mêmes pour tous les utilisateurs. La durée borne le retard si une écriture passe outre les signaux (update()).
CLE_VERSION_REFERENTS = "accompagnement:referents:version"
DUREE_CACHE_REFERENTS = 300


def version_referents():
    return cache.get_or_set(CLE_VERSION_REFERENTS, lambda: uuid.uuid4().hex, None)


def referents_modifies(update_fields=None, **kwargs):
    """Nouvelle version des listes de référents : tout de suite, et de nouveau après la validation de la transaction
    (une requête concurrente aurait pu remettre en cache la liste d'avant l'écriture entre-temps). Une connexion
    (last_login) ou un changement de mot de passe ne changent pas la liste."""
    if update_fields and set(update_fields) <= {"last_login", "password"}:
        return
    cache.delete(CLE_VERSION_REFERENTS)
    transaction.on_commit(lambda: cache.delete(CLE_VERSION_REFERENTS))


class ChoixReferents(forms.models.ModelChoiceIterator):
    """Options lues en tuples (une requête, aucun objet de modèle) : la liste des quelque 150 référents est affichée
    sur le dossier et deux fois sur la liste des jeunes ; construire 300 objets à chaque fois coûtait ~5 ms."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        colonnes = ("pk", "username", "first_name", "last_name", "antenne__nom")
        for pk, identifiant, prenom, nom, antenne in self.queryset.values_list(*colonnes):
            libelle = f"{prenom} {nom}".strip() or identifiant  # comme Utilisateur.__str__
            yield (pk, f"{libelle} — {antenne}" if antenne else libelle)


class ReferentChoiceField(forms.ModelChoiceField):
    iterator = ChoixReferents

    def label_from_instance(self, obj):
        return f"{obj} — {obj.antenne}" if obj.antenne_id else str(obj)


# --- Commune et secteur -------------------------------------------------------------------------------------

CODE_ENTRE_PARENTHESES = re.compile(r"\(([0-9][0-9AB][0-9]{3})\)\s*$")
CODE_SEUL = re.compile(r"^[0-9][0-9AB][0-9]{3}$")


class CommuneField(forms.CharField):
    """Commune saisie par code INSEE, par « Nom (code) » (suggestions) ou par son nom s'il est unique."""

    default_error_messages = {
        "inconnue": "Commune introuvable : saisissez son nom ou son code INSEE (5 caractères).",
        "ambigue": "Plusieurs communes portent ce nom : %(choix)s. Précisez le code INSEE.",
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("label", "Commune")
        kwargs.setdefault("help_text", "Nom ou code INSEE (par exemple « Rennes » ou « 35238 »).")
        super().__init__(**kwargs)
        self.widget.attrs.update(
            {
                "maxlength": "220",
                "list": "communes-suggestions",
                "autocomplete": "off",
                "hx-get": reverse_lazy("accompagnement:commune_suggestions"),
                "hx-trigger": "input changed delay:250ms",
                "hx-target": "#communes-suggestions",
                "hx-swap": "innerHTML",
            }
        )

    def prepare_value(self, value):
        if isinstance(value, Commune):
            return str(value)
        if isinstance(value, str) and CODE_SEUL.match(value):
            commune = Commune.objects.filter(pk=value).first()
            return str(commune) if commune else value
        return value

    def to_python(self, value):
        texte = (super().to_python(value) or "").strip()
        if not texte:
            return None
        trouve = CODE_ENTRE_PARENTHESES.search(texte)
        code = trouve.group(1) if trouve else (texte.upper() if CODE_SEUL.match(texte.upper()) else None)
        qs = Commune.objects.select_related("antenne", "secteur_defaut")
        if code:
            commune = qs.filter(pk=code).first()
            if commune is None:
                raise forms.ValidationError(self.error_messages["inconnue"], code="inconnue")
            return commune
        from weker.texte import normaliser

        candidates = list(qs.filter(nom_recherche=normaliser(texte))[:6])
        if not candidates:
            raise forms.ValidationError(self.error_messages["inconnue"], code="inconnue")
        if len(candidates) > 1:
            choix = ", ".join(str(c) for c in candidates[:5])
            raise forms.ValidationError(self.error_messages["ambigue"], code="ambigue", params={"choix": choix})
        return candidates[0]


class SecteurChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.antenne} — {obj.nom}"


def secteurs_de_commune(commune):
    if commune is None:
        return Secteur.objects.actifs().select_related("antenne")
    return Secteur.objects.actifs().filter(antenne_id=commune.antenne_id).select_related("antenne")


# --- Dossier jeune ------------------------------------------------------------------------------------------


class JeuneIdentiteForm(forms.ModelForm):
    commune = CommuneField()
    secteur = SecteurChoiceField(
        queryset=Secteur.objects.none(),
        required=False,
        empty_label="Secteur par défaut de la commune",
        help_text="À choisir pour Rennes (quartier) ; sinon, le secteur de la commune s'applique.",
    )

    class Meta:
        model = Jeune
        fields = [
            "nom",
            "nom_usage",
            "prenom",
            "sexe",
            "date_naissance",
            "nationalite",
            "titre_sejour_numero",
            "titre_sejour_expiration",
            "adresse",
            "commune",
            "secteur",
            "telephone",
            "courriel",
            "identifiant_externe",
        ]
        widgets = {"date_naissance": DateInput(), "titre_sejour_expiration": DateInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        commune = self._commune_saisie()
        secteur = self.fields["secteur"]
        secteur.queryset = secteurs_de_commune(commune)
        if commune is not None and commune.secteur_defaut_id is None:
            # Même règle que le service (`_completer_territoire`) : sans secteur par défaut (Rennes), le secteur est
            # obligatoire, et marqué comme tel.
            secteur.required = True
            secteur.empty_label = "Choisissez le quartier"
            secteur.error_messages["required"] = (
                f"La commune {commune.nom} n'a pas de secteur par défaut : choisissez le secteur (quartier)."
            )
        # Le champ entier (libellé et marque « obligatoire » compris) est rechargé quand la commune change.
        secteur.widget.attrs.update(
            {
                "hx-get": reverse_lazy("accompagnement:secteur_options"),
                "hx-trigger": "change from:#id_commune",
                "hx-include": "#id_commune",
                "hx-target": "closest .mb-3",
                "hx-swap": "outerHTML",
            }
        )
        self.fields["titre_sejour_numero"].help_text = "Obligatoire pour une nationalité hors Union européenne."
        self.fields["date_naissance"].widget.attrs["max"] = timezone.localdate().isoformat()
        _bootstrap(self)

    def _commune_saisie(self):
        if self.is_bound:
            try:
                return self.fields["commune"].to_python(self.data.get(self.add_prefix("commune")))
            except forms.ValidationError:
                return None
        if self.instance.pk and self.instance.commune_id:
            return self.instance.commune
        commune = self.initial.get("commune")
        return commune if isinstance(commune, Commune) else None

    def _post_clean(self):
        # Les règles (territoire, nationalité) sont vérifiées par le service, sur toutes les données.
        pass

    def clean(self):
        donnees = super().clean()
        if donnees.get("nationalite") == "hors_ue":
            if not donnees.get("titre_sejour_numero"):
                self.add_error("titre_sejour_numero", "Pour une nationalité hors UE, indiquez le titre de séjour.")
            if not donnees.get("titre_sejour_expiration"):
                self.add_error("titre_sejour_expiration", "Indiquez la date d'expiration du titre de séjour.")
        return donnees

    def donnees_service(self):
        return {champ: self.cleaned_data[champ] for champ in self.Meta.fields}


class JeuneCreationForm(JeuneIdentiteForm):
    date_premier_accueil = forms.DateField(label="Date du premier accueil", widget=DateInput())
    derogation_age_motif = forms.CharField(
        label="Motif de dérogation d'âge",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=f"Uniquement si le jeune a de {AGE_MAX + 1} à {AGE_MAX_DEROGATION} ans au premier accueil "
        f"(accueil habituel : {AGE_MIN} à {AGE_MAX} ans).",
    )
    referent = ReferentChoiceField(
        label="Conseiller référent", queryset=Utilisateur.objects.none(), required=False, empty_label="À désigner"
    )
    confirme_sans_doublon = forms.BooleanField(
        label="J'ai vérifié : ce n'est aucune de ces personnes, je crée un nouveau dossier.", required=False
    )

    class Meta(JeuneIdentiteForm.Meta):
        fields = [f for f in JeuneIdentiteForm.Meta.fields if f != "identifiant_externe"]

    def __init__(self, *args, doublons=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["referent"].queryset = referents_possibles()
        self.fields["date_premier_accueil"].widget.attrs["max"] = timezone.localdate().isoformat()
        if not doublons:
            del self.fields["confirme_sans_doublon"]
        _bootstrap(self)

    def donnees_service(self):
        donnees = super().donnees_service()
        donnees["date_premier_accueil"] = self.cleaned_data["date_premier_accueil"]
        donnees["derogation_age_motif"] = self.cleaned_data["derogation_age_motif"]
        donnees["referent"] = self.cleaned_data["referent"]
        donnees["confirme_sans_doublon"] = self.cleaned_data.get("confirme_sans_doublon", False)
        return donnees


class JeuneSituationForm(forms.ModelForm):
    confirmer_tout = forms.BooleanField(
        label="Tous ces éléments ont été confirmés avec le jeune aujourd'hui",
        required=False,
        help_text="Sinon, seuls les éléments modifiés prennent la date du jour.",
    )

    class Meta:
        model = Jeune
        fields = list(CHAMPS_SITUATION)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _bootstrap(self)

    def _post_clean(self):
        pass

    def donnees_service(self):
        donnees = {champ: self.cleaned_data[champ] for champ in CHAMPS_SITUATION}
        donnees["confirmer_tout"] = self.cleaned_data["confirmer_tout"]
        return donnees


class RepresentantLegalForm(forms.ModelForm):
    class Meta:
        model = RepresentantLegal
        fields = ["nom", "prenom", "lien", "telephone", "courriel"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _bootstrap(self)

    def _post_clean(self):
        pass


class RechercheAccueilForm(forms.Form):
    """Nom et prénom en deux champs : la recherche les prend dans n'importe quel ordre, mais le lien « créer le
    dossier » pré-remplit chacun à sa place (un seul champ « Nom et prénom » ne disait pas lequel était lequel)."""

    nom = forms.CharField(label="Nom", max_length=100, required=False)
    prenom = forms.CharField(label="Prénom", max_length=100, required=False)
    date_naissance = forms.DateField(label="Date de naissance", required=False, widget=DateInput())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["nom"].widget.attrs.update({"autofocus": True, "autocomplete": "off"})
        self.fields["prenom"].widget.attrs.update({"autocomplete": "off"})
        _bootstrap(self)

    def clean(self):
        donnees = super().clean()
        if not donnees.get("nom") and not donnees.get("prenom") and not donnees.get("date_naissance"):
            raise forms.ValidationError("Saisissez un nom, un prénom, une date de naissance, ou plusieurs.")
        return donnees

    def texte(self):
        return " ".join(filter(None, (self.cleaned_data["nom"], self.cleaned_data["prenom"])))


class RechercheEnteteForm(forms.Form):
    """Recherche d'un jeune depuis l'en-tête de chaque page (voir `JeuneQuerySet.recherche`)."""

    q = forms.CharField(
        label="Rechercher un jeune",
        min_length=2,
        max_length=100,
        strip=True,
        error_messages={
            "required": "Saisissez un nom, un prénom, une date de naissance (jj/mm/aaaa) ou un identifiant.",
            "min_length": "Saisissez au moins 2 caractères.",
            "max_length": "Saisissez au plus 100 caractères.",
        },
    )


# --- Référent -----------------------------------------------------------------------------------------------


class ReferentForm(forms.Form):
    referent = ReferentChoiceField(label="Nouveau référent", queryset=Utilisateur.objects.none())
    motif = forms.CharField(label="Motif", max_length=200, required=False)

    def __init__(self, *args, **kwargs):
        # Identifiants propres (id="reaffectation_referent") : la liste des jeunes affiche aussi le filtre
        # « referent », et deux éléments id="id_referent" rendaient les étiquettes ambiguës.
        kwargs.setdefault("auto_id", "reaffectation_%s")
        super().__init__(*args, **kwargs)
        self.fields["referent"].queryset = referents_possibles()
        _bootstrap(self)


class ReaffectationForm(ReferentForm):
    jeunes = forms.ModelMultipleChoiceField(
        label="Jeunes", queryset=Jeune.objects.none(), widget=forms.MultipleHiddenInput
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["jeunes"].queryset = Jeune.objects.actifs()
        self.fields["jeunes"].error_messages["required"] = "Sélectionnez au moins un jeune dans la liste."


# --- Événements ---------------------------------------------------------------------------------------------

CHOIX_SERVICES = [
    ("Santé", [(s.value, s.label.split(" — ")[1].capitalize()) for s in Service if s.value.startswith("sante_")]),
    (
        "Logement",
        [(s.value, s.label.split(" — ")[1].capitalize()) for s in Service if s.value.startswith("logement_")],
    ),
    (
        "Mobilité",
        [(s.value, s.label.split(" — ")[1].capitalize()) for s in Service if s.value.startswith("mobilite_")],
    ),
]
CHOIX_TYPES_INDIVIDUELS = [(t.value, t.label) for t in MODALITES_PAR_TYPE]
CHOIX_MODALITES_INDIVIDUELLES = [(m.value, m.label) for m in Modalite]


class EvenementForm(forms.ModelForm):
    type = forms.ChoiceField(label="Type", choices=CHOIX_TYPES_INDIVIDUELS)
    modalite = forms.ChoiceField(
        label="Modalité",
        choices=CHOIX_MODALITES_INDIVIDUELLES,
        help_text="Entretien : présentiel, téléphone ou visio. Contact : téléphone, courriel ou SMS.",
    )
    services = forms.MultipleChoiceField(
        label="Services rendus", choices=CHOIX_SERVICES, required=False, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = Evenement
        fields = [
            "type",
            "date",
            "modalite",
            "duree_minutes",
            "conseiller",
            "lieu",
            "themes",
            "services",
            "compte_rendu",
            "prochaine_etape",
        ]
        widgets = {
            "date": DateInput(),
            "compte_rendu": forms.Textarea(attrs={"rows": 5}),
        }

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        aujourd_hui = timezone.localdate()
        self.fields["date"].initial = aujourd_hui
        self.fields["date"].widget.attrs["max"] = aujourd_hui.isoformat()
        self.fields["date"].help_text = "Une date passée est possible ; une date future ne l'est pas."
        self.fields["conseiller"].queryset = Utilisateur.objects.actifs().exclude(role="membre_commission")
        self.fields["conseiller"].required = False
        self.fields["conseiller"].empty_label = "Moi-même"
        if user is not None:
            self.fields["conseiller"].initial = user.pk
        self.fields["lieu"].queryset = LieuAccueil.objects.filter(actif=True).select_related("antenne")
        self.fields["compte_rendu"].help_text = RAPPEL_COMPTE_RENDU
        self.fields["compte_rendu"].widget.attrs["aria-describedby"] = "rappel-compte-rendu"
        if "type" in self.fields:
            self.fields["type"].widget.attrs["autofocus"] = True
        _bootstrap(self)

    def _post_clean(self):
        pass

    def donnees_service(self):
        return {champ: self.cleaned_data[champ] for champ in self.Meta.fields}


class EvenementCompleterForm(EvenementForm):
    """L'entretien d'un rendez-vous honoré, prérempli depuis le rendez-vous (date, modalité, durée, lieu,
    conseiller) : le conseiller écrit le compte rendu, les thèmes et la prochaine étape. Le type reste
    « entretien individuel »."""

    type = None
    modalite = forms.ChoiceField(
        label="Modalité", choices=[(m.value, m.label) for m in MODALITES_PAR_TYPE[TypeEvenement.ENTRETIEN_INDIVIDUEL]]
    )

    class Meta(EvenementForm.Meta):
        fields = [f for f in EvenementForm.Meta.fields if f != "type"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.initial["services"] = list(self.instance.services.values_list("service", flat=True))
        self.fields["compte_rendu"].widget.attrs["autofocus"] = True


class EvenementRapideForm(forms.Form):
    """Saisie rapide : cinq champs, au clavier seulement (Entrée valide)."""

    type = forms.ChoiceField(label="Type", choices=CHOIX_TYPES_INDIVIDUELS)
    modalite = forms.ChoiceField(label="Modalité", choices=CHOIX_MODALITES_INDIVIDUELLES)
    date = forms.DateField(label="Date", widget=DateInput())
    duree_minutes = forms.IntegerField(label="Durée (min)", min_value=1, max_value=600, required=False)
    compte_rendu = forms.CharField(
        label="Compte rendu ou note",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "data-entree-envoie": ""}),
        help_text="Entrée enregistre ; Maj+Entrée passe à la ligne. Aucune limite de longueur.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        aujourd_hui = timezone.localdate()
        self.fields["date"].initial = aujourd_hui
        self.fields["date"].widget.attrs["max"] = aujourd_hui.isoformat()
        self.fields["type"].widget.attrs["autofocus"] = True
        self.fields["compte_rendu"].widget.attrs["aria-describedby"] = (
            "rappel-compte-rendu-rapide aide-compte-rendu-rapide"
        )
        _bootstrap(self)

    rappel = RAPPEL_COMPTE_RENDU

    def donnees_service(self):
        return dict(self.cleaned_data)


class DocumentJeuneForm(forms.Form):
    type = forms.ChoiceField(label="Type de document", choices=[("", "---------"), *TypeDocument.choices])
    date = forms.DateField(
        label="Date du document", widget=DateInput(), help_text="Date de délivrance, de signature ou d'établissement."
    )
    fichier = forms.FileField(
        label="Fichier",
        help_text=f"PDF, JPEG ou PNG, {TAILLE_MAXIMALE // 1024 // 1024} Mo au plus.",
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["date"].initial = timezone.localdate()
        self.fields["date"].widget.attrs["max"] = timezone.localdate().isoformat()
        _bootstrap(self)


# --- Sessions collectives -----------------------------------------------------------------------------------


class SessionForm(forms.ModelForm):
    class Meta:
        model = SessionCollective
        fields = [
            "type",
            "theme",
            "theme_atelier",
            "date",
            "heure_debut",
            "duree_minutes",
            "antenne",
            "lieu",
            "animateur",
            "capacite",
        ]
        widgets = {"date": DateInput(), "heure_debut": forms.TimeInput(attrs={"type": "time"}, format="%H:%M")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["animateur"].queryset = Utilisateur.objects.actifs().exclude(role="membre_commission")
        lieux = LieuAccueil.objects.filter(actif=True, antenne__est_hors_bassin=False).select_related("antenne")
        self.fields["lieu"].queryset = lieux
        self.fields["lieu"].choices = lambda: choix_lieux_par_antenne(lieux, vide=self.fields["lieu"].empty_label)
        self.fields["lieu"].help_text = "Les lieux d'accueil de chaque antenne (administration : lieux d'accueil)."
        self.fields["capacite"].min_value = 1
        self.fields["capacite"].widget.attrs["min"] = 1
        self.fields["capacite"].error_messages["min_value"] = "La capacité doit être d'au moins une place."
        if not self.instance.pk:
            self.fields["date"].widget.attrs["min"] = timezone.localdate().isoformat()
        self.fields["animateur"].empty_label = "Moi-même"
        self.fields["theme_atelier"].label = "Thème (liste de l'agence)"
        self.fields["theme_atelier"].help_text = "Compté dans les indicateurs « ateliers par thème »."
        self.fields["theme_atelier"].queryset = ThemeAtelier.objects.filter(actif=True)
        _bootstrap(self)

    def clean(self):
        donnees = super().clean()
        lieu, antenne = donnees.get("lieu"), donnees.get("antenne")
        if lieu is not None and antenne is not None and lieu.antenne_id != antenne.pk:
            self.add_error(
                "lieu",
                f"« {lieu} » dépend d'une autre antenne ({lieu.antenne}) : choisissez un lieu de la session "
                f"({antenne}).",
            )
        return donnees

    def _post_clean(self):
        pass  # la validation du modèle et les règles de programmation sont faites par le service (session_creer)

    def donnees_service(self):
        return {champ: self.cleaned_data[champ] for champ in self.Meta.fields}


def choix_lieux_par_antenne(lieux, *, vide):
    """Les lieux groupés par antenne (une liste <optgroup> par antenne, dans l'ordre des antennes)."""
    groupes = {}
    for lieu in lieux.order_by("antenne__ordre", "nom"):
        groupes.setdefault(str(lieu.antenne), []).append((lieu.pk, lieu.nom))
    return [("", vide), *groupes.items()]


class InscriptionSessionForm(forms.Form):
    jeunes = forms.ModelMultipleChoiceField(
        label="Jeunes à inscrire", queryset=Jeune.objects.none(), widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["jeunes"].queryset = Jeune.objects.actifs()
        self.fields["jeunes"].error_messages["required"] = "Sélectionnez au moins un jeune."


class InscriptionDepuisListeForm(forms.Form):
    session = forms.ModelChoiceField(label="Session", queryset=SessionCollective.objects.none())
    jeunes = forms.ModelMultipleChoiceField(
        label="Jeunes", queryset=Jeune.objects.none(), widget=forms.MultipleHiddenInput
    )

    def __init__(self, *args, sessions=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["session"].queryset = sessions if sessions is not None else SessionCollective.objects.none()
        self.fields["jeunes"].queryset = Jeune.objects.actifs()
        self.fields["jeunes"].error_messages["required"] = "Sélectionnez au moins un jeune dans la liste."
        _bootstrap(self)


class EmargementForm(forms.Form):
    """Une présence par jeune inscrit, dans un seul formulaire."""

    def __init__(self, *args, participations=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.participations = list(participations)
        for participation in self.participations:
            self.fields[f"presence_{participation.jeune_id}"] = forms.ChoiceField(
                label=str(participation.jeune),
                choices=Presence.choices,
                initial=participation.presence,
                widget=forms.RadioSelect,
            )

    def lignes(self):
        return [(p, self[f"presence_{p.jeune_id}"]) for p in self.participations]

    def presences(self):
        return {p.jeune_id: self.cleaned_data[f"presence_{p.jeune_id}"] for p in self.participations}


# --- Situations ---------------------------------------------------------------------------------------------


class SituationForm(forms.ModelForm):
    class Meta:
        model = Situation
        fields = [
            "categorie",
            "type",
            "financeur",
            "date_debut",
            "date_fin",
            "employeur",
            "intitule",
            "secteur_activite",
            "secteur_naf",
            "programme",
            "resultat_formation",
        ]
        widgets = {"date_debut": DateInput(), "date_fin": DateInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["type"].choices = [("", "---------")] + [
            (categorie.label, [(t.value, t.label) for t in types]) for categorie, types in TYPES_PAR_CATEGORIE.items()
        ]
        self.fields["financeur"].help_text = "Obligatoire pour une formation."
        actifs = ProgrammeFormation.objects.filter(actif=True)
        if self.instance.programme_id:
            actifs = actifs | ProgrammeFormation.objects.filter(pk=self.instance.programme_id)
        self.fields["programme"].queryset = actifs
        self.fields["programme"].help_text = "Formation : programme qui la finance ou l'organise (liste de l'agence)."
        self.fields["resultat_formation"].help_text = "Formation : son issue, une fois connue."
        self.fields["secteur_naf"].help_text = "Emploi ou immersion : secteur d'activité de l'employeur."
        _bootstrap(self)

    def _post_clean(self):
        pass

    def clean(self):
        donnees = super().clean()
        categorie, type_ = donnees.get("categorie"), donnees.get("type")
        if categorie and type_ and type_ not in TYPES_PAR_CATEGORIE.get(categorie, []):
            self.add_error("type", "Ce type ne correspond pas à la catégorie choisie.")
        if categorie == "formation" and not donnees.get("financeur"):
            self.add_error("financeur", "Indiquez le financeur de la formation.")
        debut, fin = donnees.get("date_debut"), donnees.get("date_fin")
        if debut and fin and fin < debut:
            self.add_error("date_fin", "La date de fin ne peut pas précéder la date de début.")
        return donnees

    def donnees_service(self):
        return {champ: self.cleaned_data[champ] for champ in self.Meta.fields}


class MotifHorsPerimetreForm(forms.Form):
    """Motif déclaré pour lire le dossier d'une autre antenne (inscrit au journal des accès, lu par le DPO)."""

    RAISONS = [
        ("demenagement", "Le jeune a déménagé sur le territoire de mon antenne"),
        ("presentation", "Le jeune se présente dans mon antenne"),
        ("coordination", "Coordination avec l'antenne qui suit le jeune"),
        ("autre", "Autre motif (à préciser)"),
    ]
    raison = forms.ChoiceField(label="Motif", choices=RAISONS, widget=forms.RadioSelect)
    precision = forms.CharField(
        label="Précision", required=False, max_length=500, widget=forms.Textarea(attrs={"rows": 2})
    )

    def clean(self):
        donnees = super().clean()
        if donnees.get("raison") == "autre" and len((donnees.get("precision") or "").strip()) < 10:
            self.add_error("precision", "Précisez le motif (10 caractères au moins).")
        return donnees

    def motif(self):
        libelle = dict(self.RAISONS)[self.cleaned_data["raison"]]
        precision = self.cleaned_data["precision"].strip()
        return f"{libelle} : {precision}" if precision else libelle


class TransfertForm(forms.Form):
    """Transfert du dossier : le jeune habite désormais une commune d'une autre antenne."""

    commune = CommuneField(label="Nouvelle commune de résidence")
    adresse = forms.CharField(label="Nouvelle adresse", max_length=250, required=False)
    secteur = forms.ModelChoiceField(
        label="Secteur (quartier)",
        queryset=Secteur.objects.select_related("antenne").order_by("antenne__nom", "nom"),
        required=False,
        help_text="Obligatoire pour une commune partagée entre plusieurs secteurs (Rennes).",
    )
    motif = forms.CharField(
        label="Motif du transfert", min_length=10, max_length=500, widget=forms.Textarea(attrs={"rows": 2})
    )
