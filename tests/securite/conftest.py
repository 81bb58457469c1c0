import pytest
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice


@pytest.fixture
def otp_obligatoire(settings):
    settings.WEKER_OTP_OBLIGATOIRE = True
    return settings


def code_totp(appareil):
    """Code TOTP valide maintenant pour cet appareil (comme l'application du téléphone)."""
    totp = TOTP(appareil.bin_key, appareil.step, appareil.t0, appareil.digits, appareil.drift)
    return f"{totp.token():06d}"


@pytest.fixture
def appareil_de():
    def creer(user):
        return TOTPDevice.objects.create(user=user, name="téléphone", confirmed=True)

    return creer
