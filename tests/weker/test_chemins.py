from django.urls import reverse

from weker.chemins import chemin_par_pk


def test_chemin_par_pk_donne_les_memes_adresses_que_reverse():
    retirer = chemin_par_pk("aides:seance_retirer", 987654321)  # même le repère en premier argument
    detail = chemin_par_pk("aides:demande_detail")
    for pk in (1, 42, 987654321, 10**9):
        assert retirer(pk) == reverse("aides:seance_retirer", args=[987654321, pk])
        assert detail(pk) == reverse("aides:demande_detail", args=[pk])
