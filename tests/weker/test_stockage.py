"""Stockage des fichiers : disque local par défaut, stockage objet compatible S3 (privé) par variables
d'environnement. Aucun accès réseau : les réponses du service S3 sont simulées (botocore Stubber)."""

import runpy
from pathlib import Path

from botocore.stub import Stubber
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage.handler import StorageHandler

from weker.stockage import StockageObjetPrive

REGLAGES_COMMUNS = Path(settings.BASE_DIR) / "weker" / "settings" / "base.py"
VARIABLES_S3 = ("STOCKAGE_S3_BUCKET", "STOCKAGE_S3_ENDPOINT_URL", "STOCKAGE_S3_REGION", "STOCKAGE_S3_ADRESSAGE")
S3_DE_TEST = {
    "STOCKAGE_S3_BUCKET": "weker-fichiers",
    "STOCKAGE_S3_ENDPOINT_URL": "https://s3.fr-par.example.org",
    "STOCKAGE_S3_REGION": "fr-par",
    "STOCKAGE_S3_ADRESSAGE": "path",
    "AWS_ACCESS_KEY_ID": "identifiant-de-test",
    "AWS_SECRET_ACCESS_KEY": "secret-de-test",
}


def reglages(monkeypatch, **variables):
    """Exécute weker/settings/base.py avec ces variables d'environnement ; renvoie ses réglages."""
    monkeypatch.setattr("environ.Env.read_env", lambda *args, **kwargs: None)  # pas de fichier .env local
    for nom in VARIABLES_S3:
        monkeypatch.delenv(nom, raising=False)
    for nom, valeur in variables.items():
        monkeypatch.setenv(nom, valeur)
    return runpy.run_path(str(REGLAGES_COMMUNS))


def stockage_s3(monkeypatch):
    return StorageHandler(reglages(monkeypatch, **S3_DE_TEST)["STORAGES"])["default"]


def test_sans_variable_les_fichiers_restent_sur_le_disque(monkeypatch):
    stockages = reglages(monkeypatch)["STORAGES"]
    assert stockages["default"] == {"BACKEND": "django.core.files.storage.FileSystemStorage"}


def test_avec_un_bucket_le_stockage_objet_est_choisi_et_prive(monkeypatch):
    stockage = stockage_s3(monkeypatch)

    assert type(stockage) is StockageObjetPrive
    assert stockage.bucket_name == "weker-fichiers"
    assert stockage.endpoint_url == "https://s3.fr-par.example.org"
    assert stockage.region_name == "fr-par"
    assert stockage.addressing_style == "path"
    assert (stockage.access_key, stockage.secret_key) == ("identifiant-de-test", "secret-de-test")
    assert stockage.default_acl == "private"
    assert stockage.file_overwrite is False


def test_avec_un_bucket_seul_adresse_et_region_restent_ceux_de_boto3(monkeypatch):
    stockage = StorageHandler(reglages(monkeypatch, STOCKAGE_S3_BUCKET="weker")["STORAGES"])["default"]
    assert (stockage.bucket_name, stockage.endpoint_url, stockage.region_name) == ("weker", None, None)
    assert stockage.addressing_style is None


class ServiceS3Simule:
    """Réponses simulées du service S3 et appels reçus `(opération, paramètres)`."""

    def __init__(self, stockage):
        client = stockage.connection.meta.client
        self.stub = Stubber(client)
        self.appels = []
        client.meta.events.register("before-parameter-build.s3", self._noter)

    def _noter(self, model, params, **kwargs):
        self.appels.append((model.name, {k: v for k, v in params.items() if k in ("Bucket", "Key", "ACL")}))

    def absent(self):
        self.stub.add_client_error("head_object", service_error_code="404", http_status_code=404)

    def present(self, taille=0):
        self.stub.add_response("head_object", {"ContentLength": taille})


def test_enregistrement_prive_sans_ecraser_un_fichier_de_meme_nom(monkeypatch):
    stockage = stockage_s3(monkeypatch)
    s3 = ServiceS3Simule(stockage)
    s3.present()  # un rapport de même nom existe déjà
    s3.absent()
    s3.stub.add_response("put_object", {})

    with s3.stub:
        nom = stockage.save("rapports/2026/rapport-activite-2026.pdf", ContentFile(b"%PDF-1.7"))

    assert nom.startswith("rapports/2026/rapport-activite-2026_") and nom.endswith(".pdf")
    operations = [(operation, params) for operation, params in s3.appels if operation != "HeadObject"]
    assert operations == [("PutObject", {"Bucket": "weker-fichiers", "Key": nom, "ACL": "private"})]
    s3.stub.assert_no_pending_responses()


def test_lecture_par_l_api_de_stockage_et_aucune_url_vers_le_bucket(monkeypatch):
    import io

    from botocore.response import StreamingBody

    stockage = stockage_s3(monkeypatch)
    s3 = ServiceS3Simule(stockage)
    s3.present(taille=8)  # ouverture
    s3.present(taille=8)  # téléchargement : taille, puis contenu
    s3.stub.add_response("get_object", {"Body": StreamingBody(io.BytesIO(b"%PDF-1.7"), 8), "ContentLength": 8})

    with s3.stub, stockage.open("rapports/2026/rapport.pdf", "rb") as fichier:
        assert fichier.read() == b"%PDF-1.7"

    # L'administration affiche un lien pour les champs fichier : il ne mène pas au bucket (ni URL signée).
    assert (
        stockage.url("rapports/2026/rapport activité.pdf") == "/media-protege/rapports/2026/rapport%20activit%C3%A9.pdf"
    )
