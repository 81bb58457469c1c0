"""Travaux de fond (imports, rapports PDF, recalculs) : base abstraite commune et cycle de vie qui finit toujours.

Chaque travail est une ligne (statut, progression, fichier produit) ; la tâche Celery reçoit sa clé primaire.
Le cycle de vie (docs/taches-de-fond.md, « Des travaux qui finissent toujours ») :

1. `travail_programmer` : à la validation de la transaction qui a créé la ligne, la tâche est publiée sur une
   connexion neuve au courtier, sans nouvel essai ; si le courtier est injoignable, la ligne et ses fichiers sont
   supprimés et `TravailNonProgramme` (message en français) est levée en quelques secondes.
2. `travail_reclamer` : UPDATE conditionnel ; prend une ligne « en attente », ou « en cours » dont le bail a
   expiré (son worker est mort). La tentative est incrémentée : son numéro est le jeton de l'exécutant.
3. pendant l'exécution, un fil renouvelle le bail (`battement`), `avancer()` aussi ; toute écriture de
   l'exécutant est conditionnée à son jeton : un exécutant qui a perdu son bail s'arrête (`BailPerdu`).
4. `travail_terminer` : « terminé » ou « échec », une seule fois (UPDATE conditionnel au jeton).
5. `travaux_surveiller` (tâche périodique) : un bail expiré est remis en file jusqu'à
   `WEKER_TRAVAUX_TENTATIVES` tentatives, puis le travail échoue avec un message ; une ligne restée « en attente »
   (message perdu) est republiée, puis abandonnée après `WEKER_TRAVAUX_ATTENTE_MAX` secondes.
"""

import logging
import threading
import time
from contextlib import contextmanager
from datetime import timedelta

from django.apps import apps
from django.conf import settings
from django.db import close_old_connections, connection, models, transaction
from django.db.models import F, Q
from django.utils import timezone

logger = logging.getLogger(__name__)


class StatutTravail(models.TextChoices):
    EN_ATTENTE = "en_attente", "En attente"
    EN_COURS = "en_cours", "En cours"
    TERMINE = "termine", "Terminé"
    ECHEC = "echec", "Échec"


class TravailNonProgramme(Exception):
    """Le courtier des tâches est injoignable : rien n'a été enregistré, l'action peut être relancée."""

    message = (
        "Le service des tâches de fond est momentanément injoignable : rien n'a été enregistré. "
        "Réessayez dans quelques minutes ; si le problème persiste, prévenez l'administrateur."
    )

    def __str__(self):
        return self.message


class BailPerdu(Exception):
    """L'exécutant n'a plus la main sur le travail (bail expiré et repris par un autre, ou travail terminé)."""


class TravailOccupe(Exception):
    """Le travail est tenu par un exécutant dont le bail court encore : réessayer dans `delai` secondes."""

    def __init__(self, delai):
        super().__init__(f"travail tenu par un autre exécutant, bail encore valable {delai:.0f} s")
        self.delai = delai


def duree_bail():
    return settings.WEKER_TRAVAUX_BAIL


class TravailDeFond(models.Model):
    """Base des travaux longs : une ligne par travail, avec statut, progression et fichier produit ; la tâche
    Celery reçoit la clé primaire, la page interroge la ligne jusqu'à la fin.

    Chaque sous-classe concrète nomme sa tâche (`NOM_TACHE`, nom Celery enregistré) : la surveillance la
    republie sans importer l'application qui la définit."""

    NOM_TACHE = ""

    statut = models.CharField("statut", max_length=16, choices=StatutTravail.choices, default=StatutTravail.EN_ATTENTE)
    progression = models.PositiveSmallIntegerField("progression (%)", default=0)
    etape = models.CharField("étape en cours", max_length=200, blank=True)
    message = models.TextField("message", blank=True)
    cree_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="demandé par", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    cree_le = models.DateTimeField("demandé le", auto_now_add=True)
    termine_le = models.DateTimeField("terminé le", null=True, blank=True)
    tentatives = models.PositiveSmallIntegerField(
        "tentatives", default=0, help_text="Exécutions commencées ; le numéro de la dernière est le jeton du worker."
    )
    bail_expire_le = models.DateTimeField(
        "échéance du bail",
        null=True,
        blank=True,
        help_text="En cours : renouvelée par le worker tant qu'il vit. En attente : republication si dépassée.",
    )

    class Meta:
        abstract = True
        ordering = ["-cree_le"]

    @property
    def est_fini(self):
        return self.statut in (StatutTravail.TERMINE, StatutTravail.ECHEC)

    def _a_moi(self):
        return type(self).objects.filter(pk=self.pk, statut=StatutTravail.EN_COURS, tentatives=self.tentatives)

    def avancer(self, progression, etape=""):
        """Met à jour la progression hors transaction de la tâche (visible aussitôt par la page qui interroge) et
        renouvelle le bail. Lève `BailPerdu` si un autre exécutant a repris le travail."""
        if not self._a_moi().update(
            progression=progression, etape=etape, bail_expire_le=timezone.now() + timedelta(seconds=duree_bail())
        ):
            raise BailPerdu(f"{type(self).__name__} {self.pk}")
        self.progression, self.etape = progression, etape
        pause_de_test()

    def fichiers_entree(self):
        """Fichiers reçus (archive d'import…) : supprimés dès que le travail finit, quelle que soit l'issue."""
        return []

    def fichiers_produits(self):
        """Fichiers produits (PDF…) : supprimés si le travail échoue."""
        return []


def pause_de_test():
    """Tests de pannes seulement (tests/fautes) : ralentit chaque étape pour tuer le worker au milieu d'un travail.
    Le réglage n'existe que dans weker.settings.test (variable WEKER_TEST_PAUSE_ETAPE)."""
    pause = getattr(settings, "WEKER_TEST_PAUSE_ETAPE", 0)
    if pause:
        time.sleep(pause)


def modeles_de_travaux():
    return [m for m in apps.get_models() if issubclass(m, TravailDeFond)]


def _fichiers_a_supprimer(travail, statut):
    fichiers = travail.fichiers_entree() + (travail.fichiers_produits() if statut == StatutTravail.ECHEC else [])
    return [f for f in fichiers if f]


def _supprimer(fichiers):
    for fichier in fichiers:
        try:
            fichier.storage.delete(fichier.name)
        except Exception:  # le stockage peut être lui aussi en panne : on le note, le travail finit quand même
            logger.exception("Fichier %s non supprimé", fichier.name)


# --- 1. Programmer --------------------------------------------------------------------------------------------


def _publier(modele, pk):
    """Publie la tâche du travail, vite ou pas du tout : connexion neuve au courtier (délais de
    CELERY_BROKER_TRANSPORT_OPTIONS), aucun nouvel essai, aucun résultat attendu (la ligne est le résultat)."""
    from weker.celery import app

    if modele.NOM_TACHE not in app.tasks:
        app.loader.import_default_modules()  # découverte des <app>/tasks.py (paresseuse hors du worker)
    tache = app.tasks[modele.NOM_TACHE]
    if app.conf.task_always_eager:  # mode intégré (développement, tests) : la tâche s'exécute ici, sans courtier
        tache.apply_async(args=[pk])
        return
    options = {"queue": settings.WEKER_TRAVAUX_FILE} if settings.WEKER_TRAVAUX_FILE else {}
    with app.connection_for_write() as connexion:
        tache.apply_async(args=[pk], connection=connexion, retry=False, ignore_result=True, **options)


def _erreurs_du_courtier():
    from kombu.exceptions import OperationalError

    return (OperationalError, OSError)


def travail_programmer(travail):
    """À appeler dans la transaction qui crée la ligne : la tâche part à la validation. Si le courtier est
    injoignable, la ligne et ses fichiers sont supprimés et `TravailNonProgramme` est levée (les vues qui
    programment un travail ne sont pas dans ATOMIC_REQUESTS : l'erreur arrive dans la vue, qui l'affiche)."""
    modele, pk = type(travail), travail.pk
    modele.objects.filter(pk=pk).update(
        bail_expire_le=timezone.now() + timedelta(seconds=settings.WEKER_TRAVAUX_ATTENTE)
    )

    def publier():
        from weker.celery import app

        if app.conf.task_always_eager:  # mode intégré : les erreurs sont celles de la tâche, pas du courtier
            _publier(modele, pk)
            return
        try:
            _publier(modele, pk)
        except _erreurs_du_courtier() as exc:
            logger.error("Travail %s %s non programmé, courtier injoignable : %s", modele.__name__, pk, exc)
            _supprimer(_fichiers_a_supprimer(travail, StatutTravail.ECHEC))
            modele.objects.filter(pk=pk).delete()
            raise TravailNonProgramme from exc

    transaction.on_commit(publier)


# --- 2. Réclamer, 3. battre, 4. terminer ------------------------------------------------------------------------


@contextmanager
def reessayer_si_occupe(tache):
    """Dans une tâche Celery liée (`bind=True`) : un message redistribué alors que le bail d'un exécutant court
    encore (worker mort il y a moins d'un bail) est réessayé à l'échéance du bail, quelques fois au plus ; la
    surveillance périodique reste la garantie."""
    try:
        yield
    except TravailOccupe as exc:
        if tache.request.retries >= tache.max_retries:
            logger.info("%s : %s, message abandonné (la surveillance prend le relais)", tache.name, exc)
            return
        raise tache.retry(countdown=exc.delai + 1) from None


def travail_reclamer(modele, pk):
    """Prend le travail pour cet exécutant ; renvoie la ligne (jeton : `tentatives`) ou None s'il n'y a rien à
    faire (absent, fini, ou abandonné ici après trop de tentatives). Lève `TravailOccupe` si un exécutant vivant
    le tient."""
    maintenant = timezone.now()
    libre = Q(statut=StatutTravail.EN_ATTENTE) | Q(statut=StatutTravail.EN_COURS, bail_expire_le__lt=maintenant)
    pris = (
        modele.objects.filter(libre, pk=pk, tentatives__lt=settings.WEKER_TRAVAUX_TENTATIVES).update(
            statut=StatutTravail.EN_COURS,
            tentatives=F("tentatives") + 1,
            bail_expire_le=maintenant + timedelta(seconds=duree_bail()),
        )
        == 1
    )
    travail = modele.objects.filter(pk=pk).first()
    if pris or travail is None or travail.est_fini:
        return travail if pris else None
    if travail.statut == StatutTravail.EN_COURS and travail.bail_expire_le and travail.bail_expire_le >= maintenant:
        raise TravailOccupe((travail.bail_expire_le - maintenant).total_seconds())
    _abandonner(travail)
    return None


def _message_abandon(travail):
    return (
        f"Le travail a été interrompu {travail.tentatives} fois (arrêt du serveur des tâches de fond) : "
        "rien n'a été produit. Relancez-le ; si cela se reproduit, prévenez l'administrateur."
    )


def _abandonner(travail, message=None):
    """Échec définitif d'un travail dont les exécutants sont morts (conditionnel : pas s'il a fini entre-temps)."""
    fichiers = _fichiers_a_supprimer(travail, StatutTravail.ECHEC)
    fini = (
        type(travail)
        .objects.filter(
            pk=travail.pk, statut__in=[StatutTravail.EN_ATTENTE, StatutTravail.EN_COURS], tentatives=travail.tentatives
        )
        .update(
            statut=StatutTravail.ECHEC,
            message=message or _message_abandon(travail),
            termine_le=timezone.now(),
            bail_expire_le=None,
            **{f.field.name: "" for f in fichiers},
        )
    )
    if fini:
        logger.warning(
            "Travail %s %s abandonné après %s tentatives", type(travail).__name__, travail.pk, travail.tentatives
        )
        _supprimer(fichiers)
    return bool(fini)


class Battement:
    """Fil qui renouvelle le bail toutes les `bail / 3` secondes tant que le travail s'exécute (même pendant une
    longue transaction ou un rendu PDF sans étape), sur sa propre connexion. Meurt avec le processus : c'est ce
    qui permet de reconnaître un worker disparu."""

    def __init__(self, travail):
        self.travail = travail
        self.arret = threading.Event()
        self.perdu = False
        self.fil = threading.Thread(target=self._battre, name=f"battement-{travail.pk}", daemon=True)

    def __enter__(self):
        self.fil.start()
        return self

    def __exit__(self, *exc):
        self.arret.set()
        self.fil.join(timeout=duree_bail())

    def _battre(self):
        try:
            while not self.arret.wait(duree_bail() / 3):
                try:
                    bail = timezone.now() + timedelta(seconds=duree_bail())
                    if not self.travail._a_moi().update(bail_expire_le=bail):
                        self.perdu = True
                        return
                except Exception:  # base momentanément injoignable : on réessaie au prochain battement
                    logger.exception("Battement du travail %s manqué", self.travail.pk)
                    close_old_connections()
        finally:
            connection.close()


def travail_terminer(travail, *, statut, message="", **champs):
    """Fin du travail, une seule fois : écrit seulement si cet exécutant le tient encore (sinon `BailPerdu`).
    Les fichiers reçus sont supprimés, et les fichiers produits en cas d'échec."""
    fichiers = _fichiers_a_supprimer(travail, statut)
    valeurs = {f.field.name: "" for f in fichiers}
    valeurs.update(statut=statut, message=message, termine_le=timezone.now(), bail_expire_le=None, **champs)
    if statut == StatutTravail.TERMINE:
        valeurs.update(progression=100, etape="Terminé")
    if not travail._a_moi().update(**valeurs):
        raise BailPerdu(f"{type(travail).__name__} {travail.pk}")
    _supprimer(fichiers)
    for nom, valeur in valeurs.items():
        setattr(travail, nom, valeur)
    return travail


def travail_executer(modele, pk, executer, *, message_echec):
    """Réclame le travail, exécute `executer(travail)` sous bail renouvelé, le termine.

    `executer` renvoie les champs de fin (`message`, fichiers produits…) ; une exception le fait échouer avec
    `message_echec(exc)`. Renvoie la ligne terminée, ou None s'il n'y avait rien à faire."""
    travail = travail_reclamer(modele, pk)
    if travail is None:
        return None
    with Battement(travail):
        try:
            champs = executer(travail) or {}
        except BailPerdu:
            logger.warning("Travail %s %s repris par un autre exécutant : résultat abandonné", modele.__name__, pk)
            return None
        except Exception as exc:
            try:
                travail_terminer(travail, statut=StatutTravail.ECHEC, message=message_echec(exc))
            except BailPerdu:
                return None
            raise
    try:
        return travail_terminer(travail, statut=champs.pop("statut", StatutTravail.TERMINE), **champs)
    except BailPerdu:
        logger.warning("Travail %s %s repris par un autre exécutant : résultat abandonné", modele.__name__, pk)
        for valeur in champs.values():
            if isinstance(valeur, models.fields.files.FieldFile) and valeur:
                valeur.delete(save=False)
        return None


# --- 5. Surveiller --------------------------------------------------------------------------------------------


def travaux_surveiller():
    """Tâche périodique (chaque minute) : aucun travail ne reste « en cours » sans exécutant vivant, ni « en
    attente » d'un message perdu. Renvoie {"republies": n, "abandonnes": n}."""
    maintenant = timezone.now()
    bilan = {"republies": 0, "abandonnes": 0}
    for modele in modeles_de_travaux():
        echus = modele.objects.filter(
            statut__in=[StatutTravail.EN_ATTENTE, StatutTravail.EN_COURS], bail_expire_le__lt=maintenant
        )
        for travail in echus.order_by("pk")[:100]:
            attente_max = travail.cree_le < maintenant - timedelta(seconds=settings.WEKER_TRAVAUX_ATTENTE_MAX)
            if travail.tentatives >= settings.WEKER_TRAVAUX_TENTATIVES or attente_max:
                message = (
                    "Aucun serveur des tâches de fond n'a pu traiter ce travail à temps : relancez-le."
                    if attente_max and travail.tentatives < settings.WEKER_TRAVAUX_TENTATIVES
                    else None
                )
                bilan["abandonnes"] += _abandonner(travail, message)
                continue
            # Remis en attente (la réclamation l'accepte), avec un nouveau délai avant la prochaine republication.
            remis = modele.objects.filter(
                pk=travail.pk, statut=travail.statut, tentatives=travail.tentatives, bail_expire_le__lt=maintenant
            ).update(
                statut=StatutTravail.EN_ATTENTE,
                bail_expire_le=maintenant + timedelta(seconds=settings.WEKER_TRAVAUX_ATTENTE),
                etape=(
                    f"Reprise après l'arrêt du serveur des tâches de fond (tentative {travail.tentatives + 1} "
                    f"sur {settings.WEKER_TRAVAUX_TENTATIVES})"
                    if travail.statut == StatutTravail.EN_COURS
                    else travail.etape
                ),
            )
            if remis:
                try:
                    _publier(modele, travail.pk)
                except _erreurs_du_courtier():
                    logger.exception("Travail %s %s non republié", modele.__name__, travail.pk)
                    continue
                bilan["republies"] += 1
    return bilan
