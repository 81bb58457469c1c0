# Journaux de la sécurité, déplacés de l'application « weker » (comptes) vers « securite » sans toucher à la base :
# les tables weker_journalacces et weker_connexionjournal restent telles quelles (db_table), avec leurs index.
# Seul l'état des migrations change ; comptes/migrations/0005 les retire de l'état de « weker ».

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('accompagnement', '0002_initial'),
        ('weker', '0004_importreprise'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name='JournalAcces',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('le', models.DateTimeField(auto_now_add=True, db_index=True, verbose_name='date et heure')),
                        ('identifiant', models.CharField(max_length=150, verbose_name='identifiant')),
                        ('role', models.CharField(max_length=32, verbose_name='rôle')),
                        ('antenne', models.CharField(blank=True, max_length=32, verbose_name='antenne')),
                        ('action', models.CharField(choices=[('consultation', 'Consultation'), ('export', 'Export'), ('impression', 'Impression'), ('telechargement', 'Téléchargement'), ('modification', 'Modification'), ('exceptionnelle', 'Consultation exceptionnelle (hors base active)'), ('effacement', 'Effacement (anonymisation)')], max_length=16, verbose_name='action')),
                        ('objet', models.CharField(help_text='Ce qui a été consulté : dossier, compte rendu…', max_length=200, verbose_name='objet')),
                        ('adresse_ip', models.GenericIPAddressField(blank=True, null=True, verbose_name='adresse IP')),
                        ('motif', models.TextField(blank=True, help_text='Motif déclaré (consultation exceptionnelle, effacement).', verbose_name='motif')),
                        ('jeune', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='accompagnement.jeune', verbose_name='jeune')),
                        ('utilisateur', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='utilisateur')),
                    ],
                    options={
                        'verbose_name': 'accès journalisé',
                        'verbose_name_plural': 'journal des accès',
                        'db_table': 'weker_journalacces',
                        'ordering': ['-le'],
                        'indexes': [models.Index(fields=['jeune', '-le'], name='journal_jeune_le'), models.Index(fields=['utilisateur', '-le'], name='journal_utilisateur_le')],
                    },
                ),
                migrations.CreateModel(
                    name='ConnexionJournal',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('le', models.DateTimeField(auto_now_add=True, db_index=True, verbose_name='date et heure')),
                        ('evenement', models.CharField(choices=[('connexion', 'Connexion'), ('deconnexion', 'Déconnexion'), ('echec', 'Échec de connexion'), ('verrouillage', 'Verrouillage du compte'), ('deverrouillage', 'Déverrouillage'), ('otp_enrolement', 'Second facteur activé'), ('otp_verifie', 'Second facteur vérifié'), ('otp_echec', 'Échec du second facteur'), ('desactivation', 'Compte désactivé, sessions fermées')], max_length=16, verbose_name='événement')),
                        ('identifiant', models.CharField(blank=True, max_length=150, verbose_name='identifiant saisi')),
                        ('adresse_ip', models.GenericIPAddressField(blank=True, null=True, verbose_name='adresse IP')),
                        ('detail', models.CharField(blank=True, max_length=200, verbose_name='détail')),
                        ('utilisateur', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='utilisateur')),
                    ],
                    options={
                        'verbose_name': 'événement de connexion',
                        'verbose_name_plural': 'journal des connexions',
                        'db_table': 'weker_connexionjournal',
                        'ordering': ['-le'],
                        'indexes': [models.Index(fields=['identifiant', '-le'], name='connexion_identifiant_le')],
                    },
                ),
            ],
        ),
    ]
