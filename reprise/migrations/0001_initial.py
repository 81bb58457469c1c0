# Import de reprise de données, déplacé de l'application « weker » (comptes) vers « reprise » sans toucher à la
# base : la table weker_importreprise reste telle quelle (db_table). Seul l'état des migrations change ;
# comptes/migrations/0005 le retire de l'état de « weker ».

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('weker', '0004_importreprise'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name='ImportReprise',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('statut', models.CharField(choices=[('en_attente', 'En attente'), ('en_cours', 'En cours'), ('termine', 'Terminé'), ('echec', 'Échec')], default='en_attente', max_length=16, verbose_name='statut')),
                        ('progression', models.PositiveSmallIntegerField(default=0, verbose_name='progression (%)')),
                        ('etape', models.CharField(blank=True, max_length=200, verbose_name='étape en cours')),
                        ('message', models.TextField(blank=True, verbose_name='message')),
                        ('cree_le', models.DateTimeField(auto_now_add=True, verbose_name='demandé le')),
                        ('termine_le', models.DateTimeField(blank=True, null=True, verbose_name='terminé le')),
                        ('fichier', models.FileField(blank=True, upload_to='reprise/', verbose_name='archive zip')),
                        ('nom_fichier', models.CharField(max_length=255, verbose_name='fichier envoyé')),
                        ('simulation', models.BooleanField(default=False, help_text='Valide les fichiers et annonce les nombres, sans rien enregistrer.', verbose_name='simulation')),
                        ('rapport', models.JSONField(blank=True, default=dict, verbose_name='rapport')),
                        ('cree_par', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='demandé par')),
                    ],
                    options={
                        'verbose_name': 'import de reprise de données',
                        'verbose_name_plural': 'imports de reprise de données',
                        'db_table': 'weker_importreprise',
                        'ordering': ['-cree_le'],
                        'abstract': False,
                    },
                ),
            ],
        ),
    ]
