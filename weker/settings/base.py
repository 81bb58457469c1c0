"""Réglages communs. Tout ce qui varie selon l'environnement est lu dans les variables d'environnement."""

import datetime
from pathlib import Path

import environ
import jinja2
from celery.schedules import crontab

BASE_DIR = Path(__file__).resolve().parent.parent.parent
env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

SECRET_KEY = env("SECRET_KEY", default="dev-insecure-ne-pas-utiliser-en-production")
DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])

VAR_DIR = Path(env("WEKER_VAR_DIR", default=str(BASE_DIR / "var")))

INSTALLED_APPS = [
    "comptes.apps.AdminWekerConfig",  # django.contrib.admin avec le site de weker (réservé aux administrateurs)
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",  # gabarits des widgets, surchargés sous templates/django/forms/ (FORM_RENDERER ci-dessous)
    "rules.apps.AutodiscoverRulesConfig",
    "django_filters",
    "django_tables2",
    "django_htmx",
    # Applications tierces de /gestion/ déclarées par une configuration qui leur donne des noms français
    # (comptes/apps.py).
    "comptes.apps.TachesPeriodiquesConfig",  # django_celery_beat
    "simple_history",
    "comptes.apps.TentativesConnexionConfig",  # axes
    "django_otp",
    "comptes.apps.DoubleAuthentificationTotpConfig",  # django_otp.plugins.otp_totp
    "comptes.apps.DoubleAuthentificationCodesConfig",  # django_otp.plugins.otp_static
    "health_check",
    "csp",
    # Applications de weker, par étage (chacune n'importe que les étages du dessous, voir README et
    # tests/test_architecture.py) : socle, comptes, sécurité, domaine, puis ce qui lit le domaine.
    "weker",  # étiquette « socle »
    "comptes",  # étiquette « weker » (modèle utilisateur, voir comptes/apps.py)
    "securite",
    "antennes",
    "accompagnement",
    "messagerie",  # au-dessus de l'accompagnement, sous l'agenda et les aides qui l'appellent
    "dispositifs",
    "aides",
    "agenda",
    "entreprises",
    "actions_territoriales",
    "reporting",
    "reprise",
    "conservation",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "weker.middleware.RequeteMalformeeMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "weker.middleware.ConnexionObligatoireMiddleware",
    "securite.middleware.DoubleFacteurMiddleware",
    "weker.middleware.PasDeCacheMiddleware",
    "securite.middleware.PortailMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "weker.urls"
WSGI_APPLICATION = "weker.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "weker.navigation.navigation",
            ],
        },
    },
    # Second moteur, réservé aux lignes répétées (tableaux de jeunes, postes du budget et options de l'écran de
    # séance) : le moteur de Django y ajoutait de 10 à 60 % au processeur de la page (docs/performance.md).
    # Échappement automatique, et toute variable absente est une erreur. Gabarits dans templates/jinja2/, rendus par
    # weker.gabarits.rendre_jinja.
    {
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "NAME": "jinja2",
        "DIRS": [BASE_DIR / "templates" / "jinja2"],
        "APP_DIRS": False,
        "OPTIONS": {
            "environment": "weker.gabarits.environnement",
            "autoescape": True,
            "undefined": jinja2.StrictUndefined,
        },
    },
]

# Widgets rendus par les moteurs de TEMPLATES : les gabarits de templates/django/forms/widgets/ remplacent ceux de
# Django (liste déroulante sans inclusion par option).
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'weker.sqlite3'}")}
DATABASES["default"]["ATOMIC_REQUESTS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {}).update({"timeout": 20, "init_command": "PRAGMA journal_mode=WAL;"})
else:
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    # Base injoignable : la page d'erreur (503) et la sonde répondent en quelques secondes au lieu d'attendre le
    # délai du système (plus d'une minute quand l'hôte ne répond pas du tout).
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault(
        "connect_timeout", env.int("DATABASE_CONNECT_TIMEOUT", default=5)
    )
    # Mémoire de tri et de regroupement par opération (4 Mo par défaut dans PostgreSQL) : le regroupement des
    # jeunes accompagnés d'une année (un demi-million de lignes à l'échelle nationale) débordait alors sur disque
    # et prenait des minutes au lieu de 7 s (docs/performance.md). N'est réservée qu'au besoin.
    DATABASES["default"]["OPTIONS"].setdefault("options", f"-c work_mem={env('WEKER_PG_WORK_MEM', default='64MB')}")
# Réplica PostgreSQL en lecture (facultatif) : calcul des indicateurs et lectures du tableau de bord
# (weker/routeur.py). Écritures et écrans des conseillers restent sur le primaire. Sans la variable, rien ne change.
DATABASE_REPLICA_URL = env("DATABASE_REPLICA_URL", default="")
if DATABASE_REPLICA_URL:
    DATABASES["replica"] = env.db_url_config(DATABASE_REPLICA_URL)
    DATABASES["replica"]["CONN_MAX_AGE"] = DATABASES["default"].get("CONN_MAX_AGE", 0)
    DATABASES["replica"]["CONN_HEALTH_CHECKS"] = True
    DATABASES["replica"].setdefault("OPTIONS", {}).setdefault(
        "connect_timeout", env.int("DATABASE_CONNECT_TIMEOUT", default=5)
    )
    DATABASES["replica"]["OPTIONS"].setdefault("options", DATABASES["default"]["OPTIONS"].get("options", ""))
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
    DATABASE_ROUTERS = ["weker.routeur.RouteurPilotage"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

AUTH_USER_MODEL = "weker.Utilisateur"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "comptes.authentification.AuthentificationParMotDePasse",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "connexion"
LOGIN_REDIRECT_URL = "accueil"
LOGOUT_REDIRECT_URL = "connexion"

# Sessions : 30 minutes d'inactivité, 10 heures au plus (voir weker.middleware).
SESSION_COOKIE_AGE = 30 * 60
# Pas d'écriture à chaque requête : l'expiration est repoussée au plus une fois par minute (weker.middleware).
SESSION_SAVE_EVERY_REQUEST = False
SESSION_RAFRAICHISSEMENT = 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_DUREE_ABSOLUE = 10 * 60 * 60
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

# Verrouillage après échecs répétés (django-axes) : par compte et par adresse IP.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = 1  # heure
AXES_LOCKOUT_PARAMETERS = [["username"], ["ip_address"]]
# Adresse du client : celle de la connexion, ou lue dans X-Forwarded-For seulement derrière un proxy de confiance
# (weker/reseau.py, docs/production.md). Vide par défaut : l'en-tête est ignoré.
PROXIES_DE_CONFIANCE = env.list("WEKER_PROXIES_DE_CONFIANCE", default=[])
AXES_CLIENT_IP_CALLABLE = "weker.reseau.adresse_client"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
AXES_LOCKOUT_TEMPLATE = "registration/verrouille.html"

LANGUAGE_CODE = "fr-fr"
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True
# Pas de séparateur de milliers automatique : il casserait identifiants et années dans les gabarits
# (« 2 026 », value="1 234"). Les effectifs et montants passent par les filtres `nombre` et `euros`.
USE_THOUSAND_SEPARATOR = False

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = Path(env("MEDIA_ROOT", default=str(VAR_DIR / "media")))
MEDIA_URL = "/media-protege/"  # jamais servi directement : les fichiers passent par des vues contrôlées
# Fichiers : disque local sous MEDIA_ROOT, ou stockage objet compatible S3 si STOCKAGE_S3_BUCKET est défini
# (web et workers sur plusieurs machines sans disque partagé) ; voir weker/stockage.py.
STOCKAGE_S3_BUCKET = env("STOCKAGE_S3_BUCKET", default="")
if STOCKAGE_S3_BUCKET:
    STOCKAGE_FICHIERS = {
        "BACKEND": "weker.stockage.StockageObjetPrive",
        "OPTIONS": {
            "bucket_name": STOCKAGE_S3_BUCKET,
            # Vides : AWS lui-même ; sinon l'adresse et la région du fournisseur compatible S3.
            "endpoint_url": env("STOCKAGE_S3_ENDPOINT_URL", default="") or None,
            "region_name": env("STOCKAGE_S3_REGION", default="") or None,
            # « path » pour MinIO et les services sans sous-domaine par bucket ; vide : choix de boto3.
            "addressing_style": env("STOCKAGE_S3_ADRESSAGE", default="") or None,
            # Identifiants : AWS_ACCESS_KEY_ID et AWS_SECRET_ACCESS_KEY (lus par django-storages), à défaut la
            # chaîne habituelle de boto3 (profil, rôle de l'instance).
            "default_acl": "private",
            "file_overwrite": False,  # deux rapports de même nom ne s'écrasent pas (suffixe, comme sur disque)
            # Lecture : au-delà de 10 Mo, le contenu téléchargé passe dans un fichier temporaire, pas en mémoire.
            "max_memory_size": 10 * 1024 * 1024,
        },
    }
else:
    STOCKAGE_FICHIERS = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
STORAGES = {
    "default": STOCKAGE_FICHIERS,
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 12 * 1024 * 1024

# Celery : les tâches ne sont mises en file qu'après validation de la transaction (delay_on_commit).
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = REDIS_URL or "cache+memory://"
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=not REDIS_URL)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_TIMEZONE = TIME_ZONE
# Courtier injoignable : l'envoi échoue en secondes, pas en 20 s (connexion 2 s, réponse 5 s ; les travaux sont
# publiés sans nouvel essai, weker/travaux.py). Visibilité : un message non acquitté (worker tué) revient en file
# après ce délai ; il doit dépasser le plus long travail (sinon doublon, sans effet grâce au bail, mais inutile).
# La reprise d'un travail dont le worker est mort ne l'attend pas : la surveillance des baux s'en charge.
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": env.int("WEKER_VISIBILITY_TIMEOUT", default=4 * 3600),
    "socket_connect_timeout": 2,
    "socket_timeout": 5,
}
CELERY_REDIS_SOCKET_CONNECT_TIMEOUT = 2
CELERY_REDIS_SOCKET_TIMEOUT = 5
# Travaux de fond qui finissent toujours (weker/travaux.py, docs/taches-de-fond.md) : bail d'un exécutant
# (renouvelé par un battement toutes les bail/3 s), exécutions au plus avant l'échec, délai avant de republier un
# travail resté en attente, attente au-delà de laquelle il échoue, file (tests seulement ; vide : file par défaut).
WEKER_TRAVAUX_BAIL = env.int("WEKER_TRAVAUX_BAIL", default=60)
WEKER_TRAVAUX_TENTATIVES = env.int("WEKER_TRAVAUX_TENTATIVES", default=3)
WEKER_TRAVAUX_ATTENTE = env.int("WEKER_TRAVAUX_ATTENTE", default=600)
WEKER_TRAVAUX_ATTENTE_MAX = env.int("WEKER_TRAVAUX_ATTENTE_MAX", default=24 * 3600)
WEKER_TRAVAUX_FILE = env("WEKER_TRAVAUX_FILE", default="")
# Messages aux jeunes (docs/messages.md). Courriel : EMAIL_URL (ex. smtp+tls://user:mdp@smtp.exemple.fr:587) ou
# EMAIL_HOST/PORT/HOST_USER/HOST_PASSWORD/USE_TLS ; sans réglage, les courriels sont écrits dans des fichiers sous
# var/messages/courriels/ (démonstration : rien ne part, rien n'échoue).
if env("EMAIL_URL", default=""):
    vars().update(env.email_url("EMAIL_URL"))
elif env("EMAIL_HOST", default=""):
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = env("EMAIL_HOST")
    EMAIL_PORT = env.int("EMAIL_PORT", default=587)
    EMAIL_HOST_USER = env("EMAIL_HOST_USER", default="")
    EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", default="")
    EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=True)
else:
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = VAR_DIR / "messages" / "courriels"
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=20)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="Mission Locale <ne-pas-repondre@localhost>")
# SMS : API des SMS transactionnels de Brevo. Sans clé, les SMS sont écrits dans var/messages/sms.jsonl.
WEKER_SMS_BREVO_CLE = env("WEKER_SMS_BREVO_CLE", default="")
WEKER_SMS_BREVO_URL = env("WEKER_SMS_BREVO_URL", default="https://api.brevo.com/v3/transactionalSMS/send")
WEKER_SMS_EXPEDITEUR = env("WEKER_SMS_EXPEDITEUR", default="MissionLoc")
WEKER_SMS_DELAI = env.float("WEKER_SMS_DELAI", default=10.0)
WEKER_SMS_FICHIER = Path(env("WEKER_SMS_FICHIER", default=str(VAR_DIR / "messages" / "sms.jsonl")))
# Secret partagé du rappel de statut du fournisseur (en-tête « Authorization: Bearer <secret> ») ; vide : refusé.
WEKER_SMS_RAPPEL_SECRET = env("WEKER_SMS_RAPPEL_SECRET", default="")
# Adresse publique de weker (liens de désinscription, adresse du rappel de statut donnée au fournisseur).
WEKER_URL_PUBLIQUE = env("WEKER_URL_PUBLIQUE", default="http://127.0.0.1:8000").rstrip("/")
WEKER_AGENCE_NOM = env("WEKER_AGENCE_NOM", default="Mission Locale")
WEKER_AGENCE_TELEPHONE = env("WEKER_AGENCE_TELEPHONE", default="")
# Heure (Europe/Paris) des rappels de la veille ; délai après lequel un envoi commencé et jamais fini est déclaré
# « envoi incertain » (jamais renvoyé à l'aveugle).
WEKER_RAPPEL_HEURE = datetime.time.fromisoformat(env("WEKER_RAPPEL_HEURE", default="18:00"))
WEKER_MESSAGES_INCERTAINS_MINUTES = env.int("WEKER_MESSAGES_INCERTAINS_MINUTES", default=15)
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_BEAT_SCHEDULE = {
    "sante-battement": {"task": "weker.tasks.battement", "schedule": 60.0},
    # Travaux de fond : bail expiré (worker mort) remis en file ou échoué, message perdu republié.
    "travaux-surveiller": {"task": "weker.tasks.surveiller_travaux", "schedule": 60.0},
    "dispositifs-alertes": {"task": "dispositifs.tasks.calculer_alertes", "schedule": crontab(hour=2, minute=30)},
    # Protection des données (docs/securite.md) : chaque nuit, tâches idempotentes traitées par lots.
    "securite-purge-journaux": {"task": "securite.purger_journaux", "schedule": crontab(hour=2, minute=15)},
    "securite-conservation": {"task": "securite.appliquer_conservation", "schedule": crontab(hour=2, minute=45)},
    # Indicateurs (reporting) : année en cours et précédente, chaque nuit après les tâches de conservation.
    "indicateurs-nuit": {"task": "reporting.tasks.recalculer_indicateurs_nuit", "schedule": crontab(hour=3, minute=30)},
    # FAJ : budget de la nouvelle année ouvert dès le 1er janvier (idempotent, chaque nuit pour rattraper un oubli).
    "faj-ouvrir-budget": {"task": "aides.ouvrir_budget_annee", "schedule": crontab(hour=0, minute=20)},
    # Relations entreprises : offres dont la date de clôture est passée → expirées (idempotent).
    "entreprises-expirer-offres": {"task": "entreprises.expirer_offres", "schedule": crontab(hour=0, minute=40)},
    # Messages (docs/messages.md) : rappels des rendez-vous du lendemain, à l'heure de WEKER_RAPPEL_HEURE ;
    # envois interrompus (« envoi incertain ») et messages perdus en file, toutes les 5 minutes.
    "agenda-rappels-veille": {
        "task": "agenda.tasks.envoyer_rappels_veille",
        "schedule": crontab(hour=WEKER_RAPPEL_HEURE.hour, minute=WEKER_RAPPEL_HEURE.minute),
    },
    "messagerie-surveiller": {"task": "messagerie.tasks.surveiller_envois", "schedule": 300.0},
}

# Content-Security-Policy : aucun script ni style en ligne.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}
X_FRAME_OPTIONS = "DENY"
CSRF_FAILURE_VIEW = "weker.erreurs.echec_csrf"
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True

DJANGO_TABLES2_TEMPLATE = "django_tables2/bootstrap5.html"
MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"simple": {"format": "{asctime} {levelname} {name} {message}", "style": "{"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "simple"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {"weker.securite": {"handlers": ["console"], "level": "INFO", "propagate": False}},
}

# Paramètres métier configurables
WEKER = {
    "ANTENNES_ORDRE": ["RENNES", "RENNES_METROPOLE", "BROCELIANDE", "NORD_EST", "VALLONS_DE_VILAINE", "HORS_BE"],
}

# Second facteur (TOTP, django-otp) : obligatoire pour ces rôles, proposé à tous. Désactivable (tests des autres
# applications qui utilisent force_login) ; les tests de la sécurité (tests/securite) l'activent explicitement.
WEKER_OTP_OBLIGATOIRE = env.bool("WEKER_OTP_OBLIGATOIRE", default=True)
WEKER_OTP_ROLES_OBLIGATOIRES = ["direction", "administrateur", "secretariat_faj"]
OTP_TOTP_ISSUER = "weker"
OTP_TOTP_THROTTLE_FACTOR = 1

# Conservation des données (voir docs/securite.md). Durées en mois, modifiables par variables d'environnement.
WEKER_CONSERVATION = {
    # Journal des accès et des connexions : purgé après ce délai.
    "JOURNAL_MOIS": env.int("WEKER_JOURNAL_MOIS", default=12),
    # Base active : sortie après ce délai sans contact (dernier contact, à défaut premier accueil).
    "BASE_ACTIVE_MOIS": env.int("WEKER_BASE_ACTIVE_MOIS", default=24),
    # Anonymisation : ce délai supplémentaire après la sortie de la base active (soit 5 ans après le dernier contact).
    "ANONYMISATION_MOIS": env.int("WEKER_ANONYMISATION_MOIS", default=36),
    # Obligations légales de conservation (bloquent l'anonymisation).
    "CEJ_CODES": ["CEJ"],
    "CEJ_MOIS": env.int("WEKER_CEJ_MOIS", default=120),
    "FSE_CODES": env.list("WEKER_FSE_CODES", default=["PLIE"]),
    "FSE_MOIS": env.int("WEKER_FSE_MOIS", default=120),
    # Contacts des entreprises (données personnelles des employeurs) : anonymisés après ce délai sans modification.
    "CONTACTS_ENTREPRISE_MOIS": env.int("WEKER_CONTACTS_ENTREPRISE_MOIS", default=36),
    "TAILLE_LOT": 500,
}
