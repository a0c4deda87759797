<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr_FR">
<context>
    <name>ActionsEditor</name>
    <message>
        <source>Double-cliquez pour choisir la date ; Suppr l&apos;efface.</source>
        <translation>Double-cliquez pour choisir la date ; Suppr l&apos;efface.</translation>
    </message>
    <message>
        <source>Responsable depuis l&apos;annuaire</source>
        <translation>Responsable depuis l&apos;annuaire</translation>
    </message>
</context>
<context>
    <name>AideDialog</name>
    <message>
        <source>Aide de Coordinateur</source>
        <translation>Aide de Coordinateur</translation>
    </message>
    <message>
        <source>Aide</source>
        <translation>Aide</translation>
    </message>
</context>
<context>
    <name>AnnuaireScreen</name>
    <message>
        <source>&amp;Nouvel intervenant</source>
        <translation>&amp;Nouvel intervenant</translation>
    </message>
    <message>
        <source>Ctrl+N</source>
        <translation>Ctrl+N</translation>
    </message>
    <message>
        <source>Nouvelle s&amp;tructure</source>
        <translation>Nouvelle s&amp;tructure</translation>
    </message>
    <message>
        <source>&amp;Importer…</source>
        <translation>&amp;Importer…</translation>
    </message>
    <message>
        <source>E&amp;xporter</source>
        <translation>E&amp;xporter</translation>
    </message>
    <message>
        <source>&amp;Imprimer le livret…</source>
        <translation>&amp;Imprimer le livret…</translation>
    </message>
    <message>
        <source>Déposer dans le dossier de partage : {l}</source>
        <translation>Déposer dans le dossier de partage : {l}</translation>
    </message>
    <message>
        <source>&amp;Rechercher :</source>
        <translation>&amp;Rechercher :</translation>
    </message>
    <message>
        <source>Nom, profession, structure, commune, n° RPPS…</source>
        <translation>Nom, profession, structure, commune, n° RPPS…</translation>
    </message>
    <message>
        <source>Rechercher dans l&apos;annuaire</source>
        <translation>Rechercher dans l&apos;annuaire</translation>
    </message>
    <message>
        <source>Intervenants ou structures</source>
        <translation>Intervenants ou structures</translation>
    </message>
    <message>
        <source>Tout</source>
        <translation>Tout</translation>
    </message>
    <message>
        <source>Intervenants</source>
        <translation>Intervenants</translation>
    </message>
    <message>
        <source>Structures</source>
        <translation>Structures</translation>
    </message>
    <message>
        <source>Travaille à (&amp;commune) :</source>
        <translation>Travaille à (&amp;commune) :</translation>
    </message>
    <message>
        <source>Commune où la personne ou la structure intervient</source>
        <translation>Commune où la personne ou la structure intervient</translation>
    </message>
    <message>
        <source>Toutes les communes</source>
        <translation>Toutes les communes</translation>
    </message>
    <message>
        <source>Communauté de communes</source>
        <translation>Communauté de communes</translation>
    </message>
    <message>
        <source>Toutes les communautés de communes</source>
        <translation>Toutes les communautés de communes</translation>
    </message>
    <message>
        <source>Inclure les fiches &amp;inactives</source>
        <translation>Inclure les fiches &amp;inactives</translation>
    </message>
    <message>
        <source>Fiches de l&apos;annuaire</source>
        <translation>Fiches de l&apos;annuaire</translation>
    </message>
    <message>
        <source>Nombre de fiches affichées</source>
        <translation>Nombre de fiches affichées</translation>
    </message>
    <message>
        <source>Lecture de l&apos;annuaire…</source>
        <translation>Lecture de l&apos;annuaire…</translation>
    </message>
    <message>
        <source>L&apos;annuaire est vide : créez une fiche (Ctrl+N) ou importez un tableur, une extraction RPPS ou FINESS.</source>
        <translation>L&apos;annuaire est vide : créez une fiche (Ctrl+N) ou importez un tableur, une extraction RPPS ou FINESS.</translation>
    </message>
    <message>
        <source>Aucune fiche ne correspond : essayez moins de mots, ou retirez un filtre.</source>
        <translation>Aucune fiche ne correspond : essayez moins de mots, ou retirez un filtre.</translation>
    </message>
    <message>
        <source>Les {n} premières fiches : précisez la recherche.</source>
        <translation>Les {n} premières fiches : précisez la recherche.</translation>
    </message>
    <message>
        <source>fiche</source>
        <translation>fiche</translation>
    </message>
    <message>
        <source>fiches</source>
        <translation>fiches</translation>
    </message>
    <message>
        <source>Supprimer la fiche</source>
        <translation>Supprimer la fiche</translation>
    </message>
    <message>
        <source>Supprimer la fiche « {n} » de l&apos;annuaire ?

Elle disparaîtra aussi chez les collègues avec qui l&apos;annuaire est partagé. Pour la garder sans l&apos;afficher, désactivez-la plutôt.</source>
        <translation>Supprimer la fiche « {n} » de l&apos;annuaire ?

Elle disparaîtra aussi chez les collègues avec qui l&apos;annuaire est partagé. Pour la garder sans l&apos;afficher, désactivez-la plutôt.</translation>
    </message>
    <message>
        <source>Boîte d&apos;envoi</source>
        <translation>Boîte d&apos;envoi</translation>
    </message>
    <message>
        <source>{c} dans la boîte d&apos;envoi : elles partiront à la prochaine synchronisation.</source>
        <translation>{c} dans la boîte d&apos;envoi : elles partiront à la prochaine synchronisation.</translation>
    </message>
    <message>
        <source>Préparation du livret…</source>
        <translation>Préparation du livret…</translation>
    </message>
    <message>
        <source>Exporter l&apos;annuaire — {l}</source>
        <translation>Exporter l&apos;annuaire — {l}</translation>
    </message>
    <message>
        <source>{c} exportées.</source>
        <translation>{c} exportées.</translation>
    </message>
    <message>
        <source>Export de l&apos;annuaire…</source>
        <translation>Export de l&apos;annuaire…</translation>
    </message>
</context>
<context>
    <name>ApercuDialog</name>
    <message>
        <source>Aperçu en grand</source>
        <translation>Aperçu en grand</translation>
    </message>
</context>
<context>
    <name>ApercuSortie</name>
    <message>
        <source>Voici exactement ce qui partira. &lt;span style=&apos;{r}&apos;&gt;&amp;nbsp;En vert&amp;nbsp;&lt;/span&gt; : remplacé (nom, proche, adresse, téléphone, date de naissance…). &lt;span style=&apos;{s}&apos;&gt;&amp;nbsp;En orange&amp;nbsp;&lt;/span&gt; : peut encore identifier quelqu&apos;un ; modifiez la réunion, ou cochez chaque passage pour confirmer qu&apos;il peut partir.</source>
        <translation>Voici exactement ce qui partira. &lt;span style=&apos;{r}&apos;&gt;&amp;nbsp;En vert&amp;nbsp;&lt;/span&gt; : remplacé (nom, proche, adresse, téléphone, date de naissance…). &lt;span style=&apos;{s}&apos;&gt;&amp;nbsp;En orange&amp;nbsp;&lt;/span&gt; : peut encore identifier quelqu&apos;un ; modifiez la réunion, ou cochez chaque passage pour confirmer qu&apos;il peut partir.</translation>
    </message>
    <message>
        <source>Synthèses communiquées à ce partenaire (cochez ce qu&apos;il doit savoir)</source>
        <translation>Synthèses communiquées à ce partenaire (cochez ce qu&apos;il doit savoir)</translation>
    </message>
    <message>
        <source>Aperçu du document</source>
        <translation>Aperçu du document</translation>
    </message>
    <message>
        <source>Passages à vérifier</source>
        <translation>Passages à vérifier</translation>
    </message>
    <message>
        <source>Passages qui peuvent encore identifier quelqu&apos;un</source>
        <translation>Passages qui peuvent encore identifier quelqu&apos;un</translation>
    </message>
    <message>
        <source>&amp;Confirmer et exporter…</source>
        <translation>&amp;Confirmer et exporter…</translation>
    </message>
    <message>
        <source>&amp;Modifier la réunion</source>
        <translation>&amp;Modifier la réunion</translation>
    </message>
    <message>
        <source>{dimension} — {situation}</source>
        <translation>{dimension} — {situation}</translation>
    </message>
    <message>
        <source>Communiquer la synthèse « {d} » à ce partenaire</source>
        <translation>Communiquer la synthèse « {d} » à ce partenaire</translation>
    </message>
    <message>
        <source>Pas de synthèse « {d} » pour cette situation</source>
        <translation>Pas de synthèse « {d} » pour cette situation</translation>
    </message>
    <message>
        <source>{n} ({detail})</source>
        <translation>{n} ({detail})</translation>
    </message>
    <message>
        <source>remplacement</source>
        <translation>remplacement</translation>
    </message>
    <message>
        <source>remplacements</source>
        <translation>remplacements</translation>
    </message>
    <message>
        <source>Aucun remplacement</source>
        <translation>Aucun remplacement</translation>
    </message>
    <message>
        <source>passage à vérifier</source>
        <translation>passage à vérifier</translation>
    </message>
    <message>
        <source>passages à vérifier</source>
        <translation>passages à vérifier</translation>
    </message>
    <message>
        <source>aucun passage à vérifier</source>
        <translation>aucun passage à vérifier</translation>
    </message>
    <message>
        <source>{libelle} — « …{extrait}… »</source>
        <translation>{libelle} — « …{extrait}… »</translation>
    </message>
    <message>
        <source>Passages à vérifier ({n}) : cochez chacun pour confirmer qu&apos;il peut partir</source>
        <translation>Passages à vérifier ({n}) : cochez chacun pour confirmer qu&apos;il peut partir</translation>
    </message>
    <message>
        <source>Aucun passage à vérifier</source>
        <translation>Aucun passage à vérifier</translation>
    </message>
    <message>
        <source>&amp;Exporter…</source>
        <translation>&amp;Exporter…</translation>
    </message>
    <message>
        <source>{n} passage(s) encore à confirmer ou à corriger dans la réunion</source>
        <translation>{n} passage(s) encore à confirmer ou à corriger dans la réunion</translation>
    </message>
</context>
<context>
    <name>CercleEditor</name>
    <message>
        <source>Chercher dans l&apos;annuaire : nom, profession, commune…</source>
        <translation>Chercher dans l&apos;annuaire : nom, profession, commune…</translation>
    </message>
    <message>
        <source>Chercher un intervenant dans l&apos;annuaire</source>
        <translation>Chercher un intervenant dans l&apos;annuaire</translation>
    </message>
    <message>
        <source>Intervenants trouvés</source>
        <translation>Intervenants trouvés</translation>
    </message>
    <message>
        <source>Ajouter depuis l&apos;annuaire</source>
        <translation>Ajouter depuis l&apos;annuaire</translation>
    </message>
    <message>
        <source>— {n} trouvé(s) : choisissez —</source>
        <translation>— {n} trouvé(s) : choisissez —</translation>
    </message>
</context>
<context>
    <name>ChampDate</name>
    <message>
        <source>jj/mm/aaaa</source>
        <translation>jj/mm/aaaa</translation>
    </message>
    <message>
        <source>Calendrier : {champ}</source>
        <translation>Calendrier : {champ}</translation>
    </message>
    <message>
        <source>Choisir dans le calendrier (Alt+↓ ou F4 dans le champ)</source>
        <translation>Choisir dans le calendrier (Alt+↓ ou F4 dans le champ)</translation>
    </message>
    <message>
        <source>Exemples : 23/11/2026, 23112026, ou 23/11 pour cette année</source>
        <translation>Exemples : 23/11/2026, 23112026, ou 23/11 pour cette année</translation>
    </message>
</context>
<context>
    <name>ChangePhraseDialog</name>
    <message>
        <source>Changer la phrase de passe</source>
        <translation>Changer la phrase de passe</translation>
    </message>
    <message>
        <source>La nouvelle phrase de passe remplace l&apos;ancienne dès maintenant, sur cet ordinateur. La clé de secours imprimée reste valable. Les sauvegardes déjà faites s&apos;ouvrent avec l&apos;ancienne phrase ou la clé de secours.</source>
        <translation>La nouvelle phrase de passe remplace l&apos;ancienne dès maintenant, sur cet ordinateur. La clé de secours imprimée reste valable. Les sauvegardes déjà faites s&apos;ouvrent avec l&apos;ancienne phrase ou la clé de secours.</translation>
    </message>
    <message>
        <source>&amp;Changer</source>
        <translation>&amp;Changer</translation>
    </message>
    <message>
        <source>Phrase de passe actuelle</source>
        <translation>Phrase de passe actuelle</translation>
    </message>
    <message>
        <source>Nouvelle phrase de passe</source>
        <translation>Nouvelle phrase de passe</translation>
    </message>
    <message>
        <source>Confirmation</source>
        <translation>Confirmation</translation>
    </message>
    <message>
        <source>Phrase &amp;actuelle :</source>
        <translation>Phrase &amp;actuelle :</translation>
    </message>
    <message>
        <source>&amp;Nouvelle phrase :</source>
        <translation>&amp;Nouvelle phrase :</translation>
    </message>
    <message>
        <source>C&amp;onfirmation :</source>
        <translation>C&amp;onfirmation :</translation>
    </message>
    <message>
        <source>Saisissez d&apos;abord la phrase de passe actuelle.</source>
        <translation>Saisissez d&apos;abord la phrase de passe actuelle.</translation>
    </message>
</context>
<context>
    <name>CheckList</name>
    <message>
        <source>Filtrer : {liste}</source>
        <translation>Filtrer : {liste}</translation>
    </message>
</context>
<context>
    <name>ChiffrerDialog</name>
    <message>
        <source>Chiffrer les données</source>
        <translation>Chiffrer les données</translation>
    </message>
    <message>
        <source>&lt;h3&gt;Les données de cet ordinateur sont en clair&lt;/h3&gt;Coordinateur va faire une sauvegarde, écrire une copie chiffrée, la vérifier, la mettre à la place de la base puis effacer l&apos;ancienne. La fenêtre se fermera quelques instants et se rouvrira. Une clé de secours sera affichée : imprimez-la.</source>
        <translation>&lt;h3&gt;Les données de cet ordinateur sont en clair&lt;/h3&gt;Coordinateur va faire une sauvegarde, écrire une copie chiffrée, la vérifier, la mettre à la place de la base puis effacer l&apos;ancienne. La fenêtre se fermera quelques instants et se rouvrira. Une clé de secours sera affichée : imprimez-la.</translation>
    </message>
    <message>
        <source>&amp;Chiffrer</source>
        <translation>&amp;Chiffrer</translation>
    </message>
    <message>
        <source>Phrase de passe</source>
        <translation>Phrase de passe</translation>
    </message>
    <message>
        <source>Confirmation de la phrase de passe</source>
        <translation>Confirmation de la phrase de passe</translation>
    </message>
    <message>
        <source>&amp;Phrase de passe :</source>
        <translation>&amp;Phrase de passe :</translation>
    </message>
    <message>
        <source>C&amp;onfirmation :</source>
        <translation>C&amp;onfirmation :</translation>
    </message>
</context>
<context>
    <name>CleSecoursDialog</name>
    <message>
        <source>Clé de secours</source>
        <translation>Clé de secours</translation>
    </message>
    <message>
        <source>&lt;h3&gt;Notez votre clé de secours&lt;/h3&gt;Elle seule permet de rouvrir les données si la phrase de passe est oubliée. Elle ne sera &lt;b&gt;plus jamais affichée&lt;/b&gt; : imprimez-la et rangez-la loin de l&apos;ordinateur.</source>
        <translation>&lt;h3&gt;Notez votre clé de secours&lt;/h3&gt;Elle seule permet de rouvrir les données si la phrase de passe est oubliée. Elle ne sera &lt;b&gt;plus jamais affichée&lt;/b&gt; : imprimez-la et rangez-la loin de l&apos;ordinateur.</translation>
    </message>
    <message>
        <source>&amp;Enregistrer en PDF pour l&apos;imprimer…</source>
        <translation>&amp;Enregistrer en PDF pour l&apos;imprimer…</translation>
    </message>
    <message>
        <source>J&apos;ai noté ou imprimé cette clé, je la range loin de l&apos;ordinateur</source>
        <translation>J&apos;ai noté ou imprimé cette clé, je la range loin de l&apos;ordinateur</translation>
    </message>
    <message>
        <source>C&apos;est noté</source>
        <translation>C&apos;est noté</translation>
    </message>
    <message>
        <source>Enregistrer la clé de secours</source>
        <translation>Enregistrer la clé de secours</translation>
    </message>
    <message>
        <source>PDF (*.pdf)</source>
        <translation>PDF (*.pdf)</translation>
    </message>
</context>
<context>
    <name>ConfianceScreen</name>
    <message>
        <source>&amp;Journal d&apos;audit</source>
        <translation>&amp;Journal d&apos;audit</translation>
    </message>
    <message>
        <source>&amp;Sauvegardes</source>
        <translation>&amp;Sauvegardes</translation>
    </message>
    <message>
        <source>&amp;Phrase de passe et verrouillage</source>
        <translation>&amp;Phrase de passe et verrouillage</translation>
    </message>
    <message>
        <source>&amp;Conservation (RGPD)</source>
        <translation>&amp;Conservation (RGPD)</translation>
    </message>
</context>
<context>
    <name>ConservationWidget</name>
    <message>
        <source>Durées de conservation</source>
        <translation>Durées de conservation</translation>
    </message>
    <message>
        <source>Dossiers des personnes, en mois</source>
        <translation>Dossiers des personnes, en mois</translation>
    </message>
    <message>
        <source>Situations évoquées en réunion, en mois</source>
        <translation>Situations évoquées en réunion, en mois</translation>
    </message>
    <message>
        <source> mois</source>
        <translation> mois</translation>
    </message>
    <message>
        <source>Dossier d&apos;une personne, après le dernier &amp;contact :</source>
        <translation>Dossier d&apos;une personne, après le dernier &amp;contact :</translation>
    </message>
    <message>
        <source>Textes d&apos;une situation évoquée, après la &amp;réunion :</source>
        <translation>Textes d&apos;une situation évoquée, après la &amp;réunion :</translation>
    </message>
    <message>
        <source>Référentiel de la CNIL pour le social et le médico-social : 2 ans après le dernier contact.</source>
        <translation>Référentiel de la CNIL pour le social et le médico-social : 2 ans après le dernier contact.</translation>
    </message>
    <message>
        <source>Assistant de purge</source>
        <translation>Assistant de purge</translation>
    </message>
    <message>
        <source>&amp;Chercher ce qui a dépassé ces durées</source>
        <translation>&amp;Chercher ce qui a dépassé ces durées</translation>
    </message>
    <message>
        <source>Donnée</source>
        <translation>Donnée</translation>
    </message>
    <message>
        <source>Qui ou quoi</source>
        <translation>Qui ou quoi</translation>
    </message>
    <message>
        <source>Depuis le</source>
        <translation>Depuis le</translation>
    </message>
    <message>
        <source>Âge</source>
        <translation>Âge</translation>
    </message>
    <message>
        <source>Données proposées à l&apos;anonymisation</source>
        <translation>Données proposées à l&apos;anonymisation</translation>
    </message>
    <message>
        <source>Rien n&apos;est effacé sans que vous ayez vu la liste et confirmé.</source>
        <translation>Rien n&apos;est effacé sans que vous ayez vu la liste et confirmé.</translation>
    </message>
    <message>
        <source>&amp;Anonymiser les éléments cochés…</source>
        <translation>&amp;Anonymiser les éléments cochés…</translation>
    </message>
    <message>
        <source>Documents RGPD de la structure</source>
        <translation>Documents RGPD de la structure</translation>
    </message>
    <message>
        <source>Pré-remplis avec vos paramètres, à compléter et signer par la structure :</source>
        <translation>Pré-remplis avec vos paramètres, à compléter et signer par la structure :</translation>
    </message>
    <message>
        <source>Registre des &amp;traitements…</source>
        <translation>Registre des &amp;traitements…</translation>
    </message>
    <message>
        <source>&amp;Notice d&apos;information…</source>
        <translation>&amp;Notice d&apos;information…</translation>
    </message>
    <message>
        <source>{n} : décochez ce qui doit être gardé (suivi repris, contentieux…), puis anonymisez.</source>
        <translation>{n} : décochez ce qui doit être gardé (suivi repris, contentieux…), puis anonymisez.</translation>
    </message>
    <message>
        <source>Rien n&apos;a dépassé les durées de conservation.</source>
        <translation>Rien n&apos;a dépassé les durées de conservation.</translation>
    </message>
    <message>
        <source>Purge</source>
        <translation>Purge</translation>
    </message>
    <message>
        <source>Aucun élément coché.</source>
        <translation>Aucun élément coché.</translation>
    </message>
    <message>
        <source>Anonymiser</source>
        <translation>Anonymiser</translation>
    </message>
    <message>
        <source>Anonymiser {n} ?

Les noms, coordonnées, contacts et contenus des fiches seront effacés définitivement ; ne resteront que les chiffres utiles aux indicateurs. Les sauvegardes anciennes disparaîtront avec leur rotation.</source>
        <translation>Anonymiser {n} ?

Les noms, coordonnées, contacts et contenus des fiches seront effacés définitivement ; ne resteront que les chiffres utiles aux indicateurs. Les sauvegardes anciennes disparaîtront avec leur rotation.</translation>
    </message>
    <message>
        <source>Purge impossible</source>
        <translation>Purge impossible</translation>
    </message>
    <message>
        <source>{n}.</source>
        <translation>{n}.</translation>
    </message>
    <message>
        <source>Registre des traitements</source>
        <translation>Registre des traitements</translation>
    </message>
    <message>
        <source>Notice d&apos;information</source>
        <translation>Notice d&apos;information</translation>
    </message>
    <message>
        <source>PDF (*.pdf)</source>
        <translation>PDF (*.pdf)</translation>
    </message>
    <message>
        <source>Texte OpenDocument (*.odt)</source>
        <translation>Texte OpenDocument (*.odt)</translation>
    </message>
    <message>
        <source>Export impossible</source>
        <translation>Export impossible</translation>
    </message>
    <message>
        <source>{t} enregistré.</source>
        <translation>{t} enregistré.</translation>
    </message>
</context>
<context>
    <name>ConventionDialog</name>
    <message>
        <source>Convention</source>
        <translation>Convention</translation>
    </message>
    <message>
        <source>Intitulé</source>
        <translation>Intitulé</translation>
    </message>
    <message>
        <source>Genre</source>
        <translation>Genre</translation>
    </message>
    <message>
        <source>Filtrer les structures…</source>
        <translation>Filtrer les structures…</translation>
    </message>
    <message>
        <source>Partenaires</source>
        <translation>Partenaires</translation>
    </message>
    <message>
        <source>Signée le</source>
        <translation>Signée le</translation>
    </message>
    <message>
        <source>Fin de la convention</source>
        <translation>Fin de la convention</translation>
    </message>
    <message>
        <source>vide : sans fin</source>
        <translation>vide : sans fin</translation>
    </message>
    <message>
        <source>n° ou emplacement du document signé</source>
        <translation>n° ou emplacement du document signé</translation>
    </message>
    <message>
        <source>Référence du document</source>
        <translation>Référence du document</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>Notes</translation>
    </message>
    <message>
        <source>&amp;Intitulé :</source>
        <translation>&amp;Intitulé :</translation>
    </message>
    <message>
        <source>&amp;Genre :</source>
        <translation>&amp;Genre :</translation>
    </message>
    <message>
        <source>&amp;Partenaires :</source>
        <translation>&amp;Partenaires :</translation>
    </message>
    <message>
        <source>&amp;Signée le :</source>
        <translation>&amp;Signée le :</translation>
    </message>
    <message>
        <source>&amp;Fin :</source>
        <translation>&amp;Fin :</translation>
    </message>
    <message>
        <source>&amp;Référence :</source>
        <translation>&amp;Référence :</translation>
    </message>
    <message>
        <source>&amp;Notes :</source>
        <translation>&amp;Notes :</translation>
    </message>
</context>
<context>
    <name>CouvertureWidget</name>
    <message>
        <source>Couverture des communes</source>
        <translation>Couverture des communes</translation>
    </message>
    <message>
        <source>Couverture actuelle de {t} : qui intervient dans chaque commune d&apos;après les zones d&apos;intervention de l&apos;annuaire. « ⚠ aucun » signale une commune qu&apos;aucun service ne couvre.</source>
        <translation>Couverture actuelle de {t} : qui intervient dans chaque commune d&apos;après les zones d&apos;intervention de l&apos;annuaire. « ⚠ aucun » signale une commune qu&apos;aucun service ne couvre.</translation>
    </message>
    <message>
        <source>Calcul de la couverture…</source>
        <translation>Calcul de la couverture…</translation>
    </message>
    <message>
        <source>Couverture de {t} : calcul en cours…</source>
        <translation>Couverture de {t} : calcul en cours…</translation>
    </message>
    <message>
        <source>⚠ aucun</source>
        <translation>⚠ aucun</translation>
    </message>
</context>
<context>
    <name>CrashDialog</name>
    <message>
        <source>Coordinateur — erreur inattendue</source>
        <translation>Coordinateur — erreur inattendue</translation>
    </message>
    <message>
        <source>&lt;b&gt;Une erreur inattendue est survenue.&lt;/b&gt;&lt;br&gt;Ce qui était déjà enregistré n&apos;est pas perdu. L&apos;action en cours n&apos;a peut-être pas abouti : vérifiez-la, puis continuez ou redémarrez Coordinateur.&lt;br&gt;Pour aider à corriger le problème, copiez les détails ci-dessous et envoyez-les à votre contact informatique.</source>
        <translation>&lt;b&gt;Une erreur inattendue est survenue.&lt;/b&gt;&lt;br&gt;Ce qui était déjà enregistré n&apos;est pas perdu. L&apos;action en cours n&apos;a peut-être pas abouti : vérifiez-la, puis continuez ou redémarrez Coordinateur.&lt;br&gt;Pour aider à corriger le problème, copiez les détails ci-dessous et envoyez-les à votre contact informatique.</translation>
    </message>
    <message>
        <source>Détails techniques de l&apos;erreur</source>
        <translation>Détails techniques de l&apos;erreur</translation>
    </message>
    <message>
        <source>&amp;Copier les détails</source>
        <translation>&amp;Copier les détails</translation>
    </message>
    <message>
        <source>Détails copiés</source>
        <translation>Détails copiés</translation>
    </message>
</context>
<context>
    <name>CreationDialog</name>
    <message>
        <source>Bienvenue dans Coordinateur</source>
        <translation>Bienvenue dans Coordinateur</translation>
    </message>
    <message>
        <source>&lt;h2&gt;Bienvenue&lt;/h2&gt;Coordinateur tient l&apos;annuaire du territoire, les dossiers des personnes accompagnées, leurs fiches de liaison et les réunions de concertation. Deux étapes pour commencer : protéger les données, puis décrire votre territoire.&lt;h3&gt;1. Choisissez la phrase de passe de Coordinateur&lt;/h3&gt;Les données des personnes suivies sont chiffrées sur cet ordinateur : sans la phrase de passe, un portable perdu ou volé ne livre rien. Au moins 12 caractères mêlant majuscules, minuscules, chiffres et caractères spéciaux, ou 14 caractères sans caractère spécial, ou une phrase d&apos;au moins 7 mots.</source>
        <translation>&lt;h2&gt;Bienvenue&lt;/h2&gt;Coordinateur tient l&apos;annuaire du territoire, les dossiers des personnes accompagnées, leurs fiches de liaison et les réunions de concertation. Deux étapes pour commencer : protéger les données, puis décrire votre territoire.&lt;h3&gt;1. Choisissez la phrase de passe de Coordinateur&lt;/h3&gt;Les données des personnes suivies sont chiffrées sur cet ordinateur : sans la phrase de passe, un portable perdu ou volé ne livre rien. Au moins 12 caractères mêlant majuscules, minuscules, chiffres et caractères spéciaux, ou 14 caractères sans caractère spécial, ou une phrase d&apos;au moins 7 mots.</translation>
    </message>
    <message>
        <source>&amp;Chiffrer et continuer</source>
        <translation>&amp;Chiffrer et continuer</translation>
    </message>
    <message>
        <source>Phrase de passe</source>
        <translation>Phrase de passe</translation>
    </message>
    <message>
        <source>Confirmation de la phrase de passe</source>
        <translation>Confirmation de la phrase de passe</translation>
    </message>
    <message>
        <source>&amp;Phrase de passe :</source>
        <translation>&amp;Phrase de passe :</translation>
    </message>
    <message>
        <source>C&amp;onfirmation :</source>
        <translation>C&amp;onfirmation :</translation>
    </message>
    <message>
        <source>✔ Phrase de passe assez robuste.</source>
        <translation>✔ Phrase de passe assez robuste.</translation>
    </message>
    <message>
        <source>✘ Pas encore assez robuste.</source>
        <translation>✘ Pas encore assez robuste.</translation>
    </message>
</context>
<context>
    <name>DetailDialog</name>
    <message>
        <source>Période close : la liste montre les données d&apos;aujourd&apos;hui ; le bilan garde ses chiffres figés.</source>
        <translation>Période close : la liste montre les données d&apos;aujourd&apos;hui ; le bilan garde ses chiffres figés.</translation>
    </message>
    <message>
        <source>Fiche</source>
        <translation>Fiche</translation>
    </message>
    <message>
        <source>Détail</source>
        <translation>Détail</translation>
    </message>
    <message>
        <source>Fiches derrière le chiffre</source>
        <translation>Fiches derrière le chiffre</translation>
    </message>
    <message>
        <source>Aucune fiche pour cette période.</source>
        <translation>Aucune fiche pour cette période.</translation>
    </message>
</context>
<context>
    <name>DeverrouillageDialog</name>
    <message>
        <source>Coordinateur — déverrouiller</source>
        <translation>Coordinateur — déverrouiller</translation>
    </message>
    <message>
        <source>&lt;h3&gt;Données chiffrées&lt;/h3&gt;Saisissez votre phrase de passe pour ouvrir Coordinateur.</source>
        <translation>&lt;h3&gt;Données chiffrées&lt;/h3&gt;Saisissez votre phrase de passe pour ouvrir Coordinateur.</translation>
    </message>
    <message>
        <source>&amp;Ouvrir</source>
        <translation>&amp;Ouvrir</translation>
    </message>
    <message>
        <source>Phrase de passe</source>
        <translation>Phrase de passe</translation>
    </message>
    <message>
        <source>&amp;Phrase de passe :</source>
        <translation>&amp;Phrase de passe :</translation>
    </message>
    <message>
        <source>Phrase &amp;oubliée ? Utiliser la clé de secours…</source>
        <translation>Phrase &amp;oubliée ? Utiliser la clé de secours…</translation>
    </message>
</context>
<context>
    <name>DiffusionDialog</name>
    <message>
        <source>Diffusion</source>
        <translation>Diffusion</translation>
    </message>
    <message>
        <source>Destinataire(s) de ce document :</source>
        <translation>Destinataire(s) de ce document :</translation>
    </message>
    <message>
        <source>À déposer dans le dossier de partage</source>
        <translation>À déposer dans le dossier de partage</translation>
    </message>
    <message>
        <source>Le compte rendu d&apos;équipe contient des données de personnes : il ne partira que vers un dossier déclaré comme stockage interne de la structure.</source>
        <translation>Le compte rendu d&apos;équipe contient des données de personnes : il ne partira que vers un dossier déclaré comme stockage interne de la structure.</translation>
    </message>
</context>
<context>
    <name>DirectoryPicker</name>
    <message>
        <source>Chercher dans l&apos;annuaire…</source>
        <translation>Chercher dans l&apos;annuaire…</translation>
    </message>
    <message>
        <source>Résultats de l&apos;annuaire</source>
        <translation>Résultats de l&apos;annuaire</translation>
    </message>
    <message>
        <source>— {n} trouvé(s) : choisissez —</source>
        <translation>— {n} trouvé(s) : choisissez —</translation>
    </message>
</context>
<context>
    <name>EquipePage</name>
    <message>
        <source>Équipe de partage</source>
        <translation>Équipe de partage</translation>
    </message>
    <message>
        <source>Ordinateurs de l&apos;équipe</source>
        <translation>Ordinateurs de l&apos;équipe</translation>
    </message>
    <message>
        <source>Ordinateur</source>
        <translation>Ordinateur</translation>
    </message>
    <message>
        <source>Coordinateur</source>
        <translation>Coordinateur</translation>
    </message>
    <message>
        <source>Depuis le</source>
        <translation>Depuis le</translation>
    </message>
    <message>
        <source>État</source>
        <translation>État</translation>
    </message>
    <message>
        <source>Documents nominatifs déposés pour l&apos;équipe (chiffrés dans le dossier) :</source>
        <translation>Documents nominatifs déposés pour l&apos;équipe (chiffrés dans le dossier) :</translation>
    </message>
    <message>
        <source>Documents de l&apos;équipe</source>
        <translation>Documents de l&apos;équipe</translation>
    </message>
    <message>
        <source>Déposé le</source>
        <translation>Déposé le</translation>
    </message>
    <message>
        <source>Par</source>
        <translation>Par</translation>
    </message>
    <message>
        <source>Taille</source>
        <translation>Taille</translation>
    </message>
    <message>
        <source>&amp;Inviter un ordinateur…</source>
        <translation>&amp;Inviter un ordinateur…</translation>
    </message>
    <message>
        <source>Re&amp;joindre l&apos;équipe…</source>
        <translation>Re&amp;joindre l&apos;équipe…</translation>
    </message>
    <message>
        <source>Retirer de l&apos;équipe (ordinateur perdu ou volé)…</source>
        <translation>Retirer de l&apos;équipe (ordinateur perdu ou volé)…</translation>
    </message>
    <message>
        <source>Enregistrer le &amp;document…</source>
        <translation>Enregistrer le &amp;document…</translation>
    </message>
    <message>
        <source>Cet ordinateur ne fait partie d&apos;aucune équipe. La première synchronisation dans un dossier vide crée l&apos;équipe ; pour un dossier qui en a déjà une, demandez une invitation à un collègue puis « Rejoindre l&apos;équipe ».</source>
        <translation>Cet ordinateur ne fait partie d&apos;aucune équipe. La première synchronisation dans un dossier vide crée l&apos;équipe ; pour un dossier qui en a déjà une, demandez une invitation à un collègue puis « Rejoindre l&apos;équipe ».</translation>
    </message>
    <message>
        <source>Tout ce que l&apos;équipe écrit dans le dossier de partage est chiffré avec la clé de l&apos;équipe et signé par l&apos;ordinateur qui l&apos;écrit : l&apos;administrateur du stockage voit des fichiers et leurs tailles, jamais leur contenu. Les documents pour les partenaires (dossier exports/) restent lisibles.</source>
        <translation>Tout ce que l&apos;équipe écrit dans le dossier de partage est chiffré avec la clé de l&apos;équipe et signé par l&apos;ordinateur qui l&apos;écrit : l&apos;administrateur du stockage voit des fichiers et leurs tailles, jamais leur contenu. Les documents pour les partenaires (dossier exports/) restent lisibles.</translation>
    </message>
    <message>
        <source>Cet ordinateur est revenu dans l&apos;équipe avec une nouvelle invitation : il y figure sous un nouvel identifiant, son ancienne place reste dans la liste.</source>
        <translation>Cet ordinateur est revenu dans l&apos;équipe avec une nouvelle invitation : il y figure sous un nouvel identifiant, son ancienne place reste dans la liste.</translation>
    </message>
    <message>
        <source>Cet ordinateur est revenu dans l&apos;équipe avec une nouvelle invitation : il y figure sous un nouvel identifiant.</source>
        <translation>Cet ordinateur est revenu dans l&apos;équipe avec une nouvelle invitation : il y figure sous un nouvel identifiant.</translation>
    </message>
    <message>
        <source>Elle y est encore membre (ligne « ancienne place de cet ordinateur ») : si aucun autre ordinateur ne travaille plus sous cet identifiant (une copie de cette installation restée sur un autre ordinateur, par exemple), retirez-la avec « Retirer de l&apos;équipe ».</source>
        <translation>Elle y est encore membre (ligne « ancienne place de cet ordinateur ») : si aucun autre ordinateur ne travaille plus sous cet identifiant (une copie de cette installation restée sur un autre ordinateur, par exemple), retirez-la avec « Retirer de l&apos;équipe ».</translation>
    </message>
    <message>
        <source>retiré</source>
        <translation>retiré</translation>
    </message>
    <message>
        <source>suite contestée</source>
        <translation>suite contestée</translation>
    </message>
    <message>
        <source>cet ordinateur</source>
        <translation>cet ordinateur</translation>
    </message>
    <message>
        <source>ancienne place de cet ordinateur</source>
        <translation>ancienne place de cet ordinateur</translation>
    </message>
    <message>
        <source>membre</source>
        <translation>membre</translation>
    </message>
    <message>
        <source>Document de l&apos;équipe</source>
        <translation>Document de l&apos;équipe</translation>
    </message>
    <message>
        <source>Choisissez un document dans la liste.</source>
        <translation>Choisissez un document dans la liste.</translation>
    </message>
    <message>
        <source>Document enregistré : {p}</source>
        <translation>Document enregistré : {p}</translation>
    </message>
    <message>
        <source>Inviter un ordinateur</source>
        <translation>Inviter un ordinateur</translation>
    </message>
    <message>
        <source>Retirer un ordinateur de l&apos;équipe</source>
        <translation>Retirer un ordinateur de l&apos;équipe</translation>
    </message>
    <message>
        <source>Choisissez dans la liste l&apos;ordinateur à retirer (un autre que celui-ci, encore membre).</source>
        <translation>Choisissez dans la liste l&apos;ordinateur à retirer (un autre que celui-ci, encore membre).</translation>
    </message>
    <message>
        <source>Retirer de l&apos;équipe l&apos;ancienne place de cet ordinateur (« {nom} », identifiant {id}) ? Faites-le seulement si aucun autre ordinateur ne travaille plus sous cet identifiant. Ce qui a été envoyé sous cet identifiant est gardé ; cet ordinateur continue sous son identifiant actuel.</source>
        <translation>Retirer de l&apos;équipe l&apos;ancienne place de cet ordinateur (« {nom} », identifiant {id}) ? Faites-le seulement si aucun autre ordinateur ne travaille plus sous cet identifiant. Ce qui a été envoyé sous cet identifiant est gardé ; cet ordinateur continue sous son identifiant actuel.</translation>
    </message>
    <message>
        <source>Retirer « {nom} » de l&apos;équipe ? Ses modifications déjà reçues sont gardées ; celles qu&apos;il écrirait désormais seront refusées par tous, et la clé de l&apos;équipe sera renouvelée pour tout ce qui sera écrit ensuite. Pour qu&apos;il revienne, il faudra une nouvelle invitation.</source>
        <translation>Retirer « {nom} » de l&apos;équipe ? Ses modifications déjà reçues sont gardées ; celles qu&apos;il écrirait désormais seront refusées par tous, et la clé de l&apos;équipe sera renouvelée pour tout ce qui sera écrit ensuite. Pour qu&apos;il revienne, il faudra une nouvelle invitation.</translation>
    </message>
</context>
<context>
    <name>EvenementDialog</name>
    <message>
        <source>Événement</source>
        <translation>Événement</translation>
    </message>
    <message>
        <source>Intitulé</source>
        <translation>Intitulé</translation>
    </message>
    <message>
        <source>Genre</source>
        <translation>Genre</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>Date</translation>
    </message>
    <message>
        <source>Commune</source>
        <translation>Commune</translation>
    </message>
    <message>
        <source>— non précisée —</source>
        <translation>— non précisée —</translation>
    </message>
    <message>
        <source>Nombre de participants</source>
        <translation>Nombre de participants</translation>
    </message>
    <message>
        <source>Organisateurs</source>
        <translation>Organisateurs</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>Notes</translation>
    </message>
    <message>
        <source>&amp;Intitulé :</source>
        <translation>&amp;Intitulé :</translation>
    </message>
    <message>
        <source>&amp;Genre :</source>
        <translation>&amp;Genre :</translation>
    </message>
    <message>
        <source>&amp;Date :</source>
        <translation>&amp;Date :</translation>
    </message>
    <message>
        <source>&amp;Commune :</source>
        <translation>&amp;Commune :</translation>
    </message>
    <message>
        <source>&amp;Participants :</source>
        <translation>&amp;Participants :</translation>
    </message>
    <message>
        <source>&amp;Organisé par :</source>
        <translation>&amp;Organisé par :</translation>
    </message>
    <message>
        <source>&amp;Notes :</source>
        <translation>&amp;Notes :</translation>
    </message>
</context>
<context>
    <name>FicheDialog</name>
    <message>
        <source>intervenant</source>
        <translation>intervenant</translation>
    </message>
    <message>
        <source>structure</source>
        <translation>structure</translation>
    </message>
    <message>
        <source>Fiche {k} — {n}</source>
        <translation>Fiche {k} — {n}</translation>
    </message>
    <message>
        <source>Nouvelle fiche {k}</source>
        <translation>Nouvelle fiche {k}</translation>
    </message>
    <message>
        <source>Structures de rattachement</source>
        <translation>Structures de rattachement</translation>
    </message>
    <message>
        <source>&amp;Enregistrer</source>
        <translation>&amp;Enregistrer</translation>
    </message>
    <message>
        <source>Identité</source>
        <translation>Identité</translation>
    </message>
    <message>
        <source>ex. : médecine générale, soins palliatifs</source>
        <translation>ex. : médecine générale, soins palliatifs</translation>
    </message>
    <message>
        <source>11 chiffres</source>
        <translation>11 chiffres</translation>
    </message>
    <message>
        <source>9 chiffres</source>
        <translation>9 chiffres</translation>
    </message>
    <message>
        <source>9 caractères</source>
        <translation>9 caractères</translation>
    </message>
    <message>
        <source>14 chiffres</source>
        <translation>14 chiffres</translation>
    </message>
    <message>
        <source>Publics :</source>
        <translation>Publics :</translation>
    </message>
    <message>
        <source>Outils partagés inscrits au projet d&apos;établissement le</source>
        <translation>Outils partagés inscrits au projet d&apos;établissement le</translation>
    </message>
    <message>
        <source>Laissez vide s&apos;ils n&apos;y sont pas inscrits</source>
        <translation>Laissez vide s&apos;ils n&apos;y sont pas inscrits</translation>
    </message>
    <message>
        <source>Coopération :</source>
        <translation>Coopération :</translation>
    </message>
    <message>
        <source>Membres de la structure ({n})</source>
        <translation>Membres de la structure ({n})</translation>
    </message>
    <message>
        <source>Intervenants rattachés à la structure</source>
        <translation>Intervenants rattachés à la structure</translation>
    </message>
    <message>
        <source>inactif</source>
        <translation>inactif</translation>
    </message>
    <message>
        <source>Double-cliquez pour ouvrir une fiche. On rattache un intervenant depuis sa propre fiche.</source>
        <translation>Double-cliquez pour ouvrir une fiche. On rattache un intervenant depuis sa propre fiche.</translation>
    </message>
    <message>
        <source>Aucun intervenant rattaché. On rattache un intervenant depuis sa propre fiche.</source>
        <translation>Aucun intervenant rattaché. On rattache un intervenant depuis sa propre fiche.</translation>
    </message>
    <message>
        <source>Coordonnées</source>
        <translation>Coordonnées</translation>
    </message>
    <message>
        <source>Téléphones :</source>
        <translation>Téléphones :</translation>
    </message>
    <message>
        <source>n° et voie</source>
        <translation>n° et voie</translation>
    </message>
    <message>
        <source>bâtiment, lieu-dit, BP…</source>
        <translation>bâtiment, lieu-dit, BP…</translation>
    </message>
    <message>
        <source>— choisir —</source>
        <translation>— choisir —</translation>
    </message>
    <message>
        <source>Intervient à domicile dans</source>
        <translation>Intervient à domicile dans</translation>
    </message>
    <message>
        <source>Filtrer…</source>
        <translation>Filtrer…</translation>
    </message>
    <message>
        <source>Filtrer les communes…</source>
        <translation>Filtrer les communes…</translation>
    </message>
    <message>
        <source>Disponibilités et suivi</source>
        <translation>Disponibilités et suivi</translation>
    </message>
    <message>
        <source>ex. : lundi–vendredi 8 h–18 h, astreinte le week-end</source>
        <translation>ex. : lundi–vendredi 8 h–18 h, astreinte le week-end</translation>
    </message>
    <message>
        <source>Notes (restent sur cet ordinateur) :</source>
        <translation>Notes (restent sur cet ordinateur) :</translation>
    </message>
    <message>
        <source>Vérifiées aujourd&apos;hui</source>
        <translation>Vérifiées aujourd&apos;hui</translation>
    </message>
    <message>
        <source>Vous venez de vérifier ces informations (appel, courrier, site)</source>
        <translation>Vous venez de vérifier ces informations (appel, courrier, site)</translation>
    </message>
    <message>
        <source>Informations vérifiées le :</source>
        <translation>Informations vérifiées le :</translation>
    </message>
    <message>
        <source>Fiche active (décochez si la personne ou la structure n&apos;intervient plus)</source>
        <translation>Fiche active (décochez si la personne ou la structure n&apos;intervient plus)</translation>
    </message>
    <message>
        <source>Source :</source>
        <translation>Source :</translation>
    </message>
    <message>
        <source>&lt;b&gt;Cette fiche existe peut-être déjà :&lt;/b&gt;&lt;br&gt;</source>
        <translation>&lt;b&gt;Cette fiche existe peut-être déjà :&lt;/b&gt;&lt;br&gt;</translation>
    </message>
    <message>
        <source>&lt;br&gt;Cliquez pour l&apos;ouvrir, ou enregistrez quand même s&apos;il s&apos;agit d&apos;une autre fiche.</source>
        <translation>&lt;br&gt;Cliquez pour l&apos;ouvrir, ou enregistrez quand même s&apos;il s&apos;agit d&apos;une autre fiche.</translation>
    </message>
    <message>
        <source>Fiche non enregistrée</source>
        <translation>Fiche non enregistrée</translation>
    </message>
</context>
<context>
    <name>FichesPanel</name>
    <message>
        <source>État de la fiche</source>
        <translation>État de la fiche</translation>
    </message>
    <message>
        <source>&amp;Enregistrer la personne</source>
        <translation>&amp;Enregistrer la personne</translation>
    </message>
    <message>
        <source>Enregistre le dossier sans fermer la fenêtre</source>
        <translation>Enregistre le dossier sans fermer la fenêtre</translation>
    </message>
    <message>
        <source>Nouvelle version à revoir avant le</source>
        <translation>Nouvelle version à revoir avant le</translation>
    </message>
    <message>
        <source>Nouvelle version à revoir avant le :</source>
        <translation>Nouvelle version à revoir avant le :</translation>
    </message>
    <message>
        <source>domicile, médecin traitant</source>
        <translation>domicile, médecin traitant</translation>
    </message>
    <message>
        <source>Exemplaires papier</source>
        <translation>Exemplaires papier</translation>
    </message>
    <message>
        <source>Exemplaires papier :</source>
        <translation>Exemplaires papier :</translation>
    </message>
    <message>
        <source>&amp;Valider la fiche (nouvelle version)</source>
        <translation>&amp;Valider la fiche (nouvelle version)</translation>
    </message>
    <message>
        <source>Versions validées :</source>
        <translation>Versions validées :</translation>
    </message>
    <message>
        <source>Versions validées</source>
        <translation>Versions validées</translation>
    </message>
    <message>
        <source>Modèle à imprimer</source>
        <translation>Modèle à imprimer</translation>
    </message>
    <message>
        <source>&amp;Aperçu</source>
        <translation>&amp;Aperçu</translation>
    </message>
    <message>
        <source>&amp;Imprimer…</source>
        <translation>&amp;Imprimer…</translation>
    </message>
    <message>
        <source>Enregistrer le &amp;PDF…</source>
        <translation>Enregistrer le &amp;PDF…</translation>
    </message>
    <message>
        <source>Ouvrir dans le &amp;visionneur</source>
        <translation>Ouvrir dans le &amp;visionneur</translation>
    </message>
    <message>
        <source>Déposer (partage interne)</source>
        <translation>Déposer (partage interne)</translation>
    </message>
    <message>
        <source>Dans la boîte d&apos;envoi ; ne part que vers un dossier déclaré stockage interne</source>
        <translation>Dans la boîte d&apos;envoi ; ne part que vers un dossier déclaré stockage interne</translation>
    </message>
    <message>
        <source>Montre la fiche en grand, à la taille de l&apos;écran</source>
        <translation>Montre la fiche en grand, à la taille de l&apos;écran</translation>
    </message>
    <message>
        <source>Aperçu de la fiche</source>
        <translation>Aperçu de la fiche</translation>
    </message>
    <message>
        <source>Personne pas encore enregistrée : « Valider la fiche » l&apos;enregistre, puis fige la version n° 1.</source>
        <translation>Personne pas encore enregistrée : « Valider la fiche » l&apos;enregistre, puis fige la version n° 1.</translation>
    </message>
    <message>
        <source>&lt;br&gt;Dernière version : n° {n}, à revoir avant le {d}.</source>
        <translation>&lt;br&gt;Dernière version : n° {n}, à revoir avant le {d}.</translation>
    </message>
    <message>
        <source>exemplaires non notés</source>
        <translation>exemplaires non notés</translation>
    </message>
    <message>
        <source>Version {n} — {d} par {u} — {c}</source>
        <translation>Version {n} — {d} par {u} — {c}</translation>
    </message>
    <message>
        <source>Valider la fiche</source>
        <translation>Valider la fiche</translation>
    </message>
    <message>
        <source>Valider la version n° {n} de la fiche ?

Le dossier est d&apos;abord enregistré, puis cette version est figée : elle ne se modifie plus, c&apos;est elle qui s&apos;imprime. Si plus tard une donnée imprimée change, la fiche devient périmée et il faut valider une nouvelle version. À revoir avant le {d}.</source>
        <translation>Valider la version n° {n} de la fiche ?

Le dossier est d&apos;abord enregistré, puis cette version est figée : elle ne se modifie plus, c&apos;est elle qui s&apos;imprime. Si plus tard une donnée imprimée change, la fiche devient périmée et il faut valider une nouvelle version. À revoir avant le {d}.</translation>
    </message>
    <message>
        <source>Fiche non validée</source>
        <translation>Fiche non validée</translation>
    </message>
    <message>
        <source>&lt;br&gt;Version {n} validée.</source>
        <translation>&lt;br&gt;Version {n} validée.</translation>
    </message>
    <message>
        <source>Impossible d&apos;imprimer</source>
        <translation>Impossible d&apos;imprimer</translation>
    </message>
    <message>
        <source>Aperçu — {m}</source>
        <translation>Aperçu — {m}</translation>
    </message>
    <message>
        <source>Imprimer la fiche</source>
        <translation>Imprimer la fiche</translation>
    </message>
    <message>
        <source>Impression impossible</source>
        <translation>Impression impossible</translation>
    </message>
    <message>
        <source>Enregistrer la fiche</source>
        <translation>Enregistrer la fiche</translation>
    </message>
    <message>
        <source>Fiche non enregistrée</source>
        <translation>Fiche non enregistrée</translation>
    </message>
    <message>
        <source>Fiche enregistrée.</source>
        <translation>Fiche enregistrée.</translation>
    </message>
    <message>
        <source>&lt;br&gt;Fiche déposée dans la boîte d&apos;envoi.</source>
        <translation>&lt;br&gt;Fiche déposée dans la boîte d&apos;envoi.</translation>
    </message>
</context>
<context>
    <name>FiltreProfessions</name>
    <message>
        <source>Professions ou types de structure</source>
        <translation>Professions ou types de structure</translation>
    </message>
    <message>
        <source>Cochez une ou plusieurs professions ; tapez pour chercher dans la liste</source>
        <translation>Cochez une ou plusieurs professions ; tapez pour chercher dans la liste</translation>
    </message>
    <message>
        <source>Tapez : infirm, ssiad, kiné…</source>
        <translation>Tapez : infirm, ssiad, kiné…</translation>
    </message>
    <message>
        <source>Chercher une profession ou un type de structure</source>
        <translation>Chercher une profession ou un type de structure</translation>
    </message>
    <message>
        <source>Professions et types de structure</source>
        <translation>Professions et types de structure</translation>
    </message>
    <message>
        <source>Tout décocher</source>
        <translation>Tout décocher</translation>
    </message>
    <message>
        <source>Toutes les professions et types</source>
        <translation>Toutes les professions et types</translation>
    </message>
    <message>
        <source>{n} professions ou types</source>
        <translation>{n} professions ou types</translation>
    </message>
</context>
<context>
    <name>FirstRunDialog</name>
    <message>
        <source>Bienvenue dans Coordinateur</source>
        <translation>Bienvenue dans Coordinateur</translation>
    </message>
    <message>
        <source>&lt;h2&gt;2. Votre territoire&lt;/h2&gt;Les données sont protégées. Quelques informations pour finir. Elles restent sur cet ordinateur et figurent sur les documents que vous imprimerez. Vous pourrez les modifier plus tard.</source>
        <translation>&lt;h2&gt;2. Votre territoire&lt;/h2&gt;Les données sont protégées. Quelques informations pour finir. Elles restent sur cet ordinateur et figurent sur les documents que vous imprimerez. Vous pourrez les modifier plus tard.</translation>
    </message>
    <message>
        <source>&lt;h2&gt;Bienvenue&lt;/h2&gt;Quelques informations pour commencer. Elles restent sur cet ordinateur et figurent sur les documents que vous imprimerez. Vous pourrez les modifier plus tard.</source>
        <translation>&lt;h2&gt;Bienvenue&lt;/h2&gt;Quelques informations pour commencer. Elles restent sur cet ordinateur et figurent sur les documents que vous imprimerez. Vous pourrez les modifier plus tard.</translation>
    </message>
    <message>
        <source>Prénom Nom</source>
        <translation>Prénom Nom</translation>
    </message>
    <message>
        <source>ex. : coordinatrice de parcours</source>
        <translation>ex. : coordinatrice de parcours</translation>
    </message>
    <message>
        <source>ex. : CPTS du Nord-Aveyron, DAC, CCAS…</source>
        <translation>ex. : CPTS du Nord-Aveyron, DAC, CCAS…</translation>
    </message>
    <message>
        <source>Votre &amp;nom :</source>
        <translation>Votre &amp;nom :</translation>
    </message>
    <message>
        <source>Votre &amp;fonction :</source>
        <translation>Votre &amp;fonction :</translation>
    </message>
    <message>
        <source>Votre &amp;structure :</source>
        <translation>Votre &amp;structure :</translation>
    </message>
    <message>
        <source>Votre territoire</source>
        <translation>Votre territoire</translation>
    </message>
    <message>
        <source>&amp;Département(s) :</source>
        <translation>&amp;Département(s) :</translation>
    </message>
    <message>
        <source>Filtrer : 12, Aveyron, Lozère…</source>
        <translation>Filtrer : 12, Aveyron, Lozère…</translation>
    </message>
    <message>
        <source>Départements</source>
        <translation>Départements</translation>
    </message>
    <message>
        <source>&amp;Tout le territoire des départements cochés</source>
        <translation>&amp;Tout le territoire des départements cochés</translation>
    </message>
    <message>
        <source>Certaines &amp;communautés de communes :</source>
        <translation>Certaines &amp;communautés de communes :</translation>
    </message>
    <message>
        <source>Communautés de communes</source>
        <translation>Communautés de communes</translation>
    </message>
    <message>
        <source>Résumé du territoire</source>
        <translation>Résumé du territoire</translation>
    </message>
    <message>
        <source>Message d&apos;erreur</source>
        <translation>Message d&apos;erreur</translation>
    </message>
    <message>
        <source>&amp;Commencer</source>
        <translation>&amp;Commencer</translation>
    </message>
    <message>
        <source>&amp;Quitter</source>
        <translation>&amp;Quitter</translation>
    </message>
    <message>
        <source>Cochez un département, puis, si besoin, des communautés de communes.</source>
        <translation>Cochez un département, puis, si besoin, des communautés de communes.</translation>
    </message>
    <message>
        <source>Votre territoire : {n} communes, {p} habitants.</source>
        <translation>Votre territoire : {n} communes, {p} habitants.</translation>
    </message>
</context>
<context>
    <name>Graphique</name>
    <message>
        <source>Graphique des indicateurs</source>
        <translation>Graphique des indicateurs</translation>
    </message>
    <message>
        <source>Choisissez un groupe d&apos;indicateurs.</source>
        <translation>Choisissez un groupe d&apos;indicateurs.</translation>
    </message>
    <message>
        <source>période choisie</source>
        <translation>période choisie</translation>
    </message>
    <message>
        <source>période précédente</source>
        <translation>période précédente</translation>
    </message>
</context>
<context>
    <name>ImportDialog</name>
    <message>
        <source>Importer dans l&apos;annuaire</source>
        <translation>Importer dans l&apos;annuaire</translation>
    </message>
    <message>
        <source>Aucun fichier choisi. Formats acceptés : tableur CSV ou Excel, extraction RPPS (PS_LibreAcces), extraction FINESS, cartes de visite vCard.</source>
        <translation>Aucun fichier choisi. Formats acceptés : tableur CSV ou Excel, extraction RPPS (PS_LibreAcces), extraction FINESS, cartes de visite vCard.</translation>
    </message>
    <message>
        <source>&amp;Choisir un fichier…</source>
        <translation>&amp;Choisir un fichier…</translation>
    </message>
    <message>
        <source>Départements à garder</source>
        <translation>Départements à garder</translation>
    </message>
    <message>
        <source>&amp;Départements à garder (extractions nationales) :</source>
        <translation>&amp;Départements à garder (extractions nationales) :</translation>
    </message>
    <message>
        <source>Colonnes du tableur → champs de l&apos;annuaire</source>
        <translation>Colonnes du tableur → champs de l&apos;annuaire</translation>
    </message>
    <message>
        <source>Aperçu des premières lignes</source>
        <translation>Aperçu des premières lignes</translation>
    </message>
    <message>
        <source>Rapport d&apos;import</source>
        <translation>Rapport d&apos;import</translation>
    </message>
    <message>
        <source>Le rapport apparaîtra ici : fiches créées, mises à jour, inchangées, lignes refusées avec leur numéro.</source>
        <translation>Le rapport apparaîtra ici : fiches créées, mises à jour, inchangées, lignes refusées avec leur numéro.</translation>
    </message>
    <message>
        <source>&amp;Simuler</source>
        <translation>&amp;Simuler</translation>
    </message>
    <message>
        <source>Montre ce que ferait l&apos;import, sans rien enregistrer</source>
        <translation>Montre ce que ferait l&apos;import, sans rien enregistrer</translation>
    </message>
    <message>
        <source>&amp;Importer</source>
        <translation>&amp;Importer</translation>
    </message>
    <message>
        <source>Choisir le fichier à importer</source>
        <translation>Choisir le fichier à importer</translation>
    </message>
    <message>
        <source> — {n} lignes, encodage {e}</source>
        <translation> — {n} lignes, encodage {e}</translation>
    </message>
    <message>
        <source>, séparateur {s}</source>
        <translation>, séparateur {s}</translation>
    </message>
    <message>
        <source>(ignorer)</source>
        <translation>(ignorer)</translation>
    </message>
    <message>
        <source>Lecture en cours…</source>
        <translation>Lecture en cours…</translation>
    </message>
    <message>
        <source>Import de {f}…</source>
        <translation>Import de {f}…</translation>
    </message>
    <message>
        <source>L&apos;import n&apos;a pas abouti et rien n&apos;a été modifié (erreur inattendue).</source>
        <translation>L&apos;import n&apos;a pas abouti et rien n&apos;a été modifié (erreur inattendue).</translation>
    </message>
</context>
<context>
    <name>IndicateursScreen</name>
    <message>
        <source>&amp;Indicateurs</source>
        <translation>&amp;Indicateurs</translation>
    </message>
    <message>
        <source>C&amp;ouverture des communes</source>
        <translation>C&amp;ouverture des communes</translation>
    </message>
    <message>
        <source>&amp;Conventions</source>
        <translation>&amp;Conventions</translation>
    </message>
    <message>
        <source>É&amp;vénements</source>
        <translation>É&amp;vénements</translation>
    </message>
</context>
<context>
    <name>InvitationDialog</name>
    <message>
        <source>Inviter un ordinateur dans l&apos;équipe</source>
        <translation>Inviter un ordinateur dans l&apos;équipe</translation>
    </message>
    <message>
        <source>Sur le nouvel ordinateur : Partage → choisir le même dossier de partage → Équipe → « Rejoindre l&apos;équipe », puis taper ce code. Il sert une seule fois, pour un seul ordinateur, jusqu&apos;au {d}.</source>
        <translation>Sur le nouvel ordinateur : Partage → choisir le même dossier de partage → Équipe → « Rejoindre l&apos;équipe », puis taper ce code. Il sert une seule fois, pour un seul ordinateur, jusqu&apos;au {d}.</translation>
    </message>
    <message>
        <source>Code d&apos;invitation</source>
        <translation>Code d&apos;invitation</translation>
    </message>
    <message>
        <source>Si le dossier de partage n&apos;est pas encore joignable depuis le nouvel ordinateur, emportez le fichier d&apos;invitation (il demande aussi le code : ne les transportez pas ensemble).</source>
        <translation>Si le dossier de partage n&apos;est pas encore joignable depuis le nouvel ordinateur, emportez le fichier d&apos;invitation (il demande aussi le code : ne les transportez pas ensemble).</translation>
    </message>
    <message>
        <source>Enregistrer le &amp;fichier…</source>
        <translation>Enregistrer le &amp;fichier…</translation>
    </message>
    <message>
        <source>Enregistrer la &amp;page à imprimer…</source>
        <translation>Enregistrer la &amp;page à imprimer…</translation>
    </message>
    <message>
        <source>Fermer</source>
        <translation>Fermer</translation>
    </message>
    <message>
        <source>Fichier d&apos;invitation</source>
        <translation>Fichier d&apos;invitation</translation>
    </message>
    <message>
        <source>Page d&apos;invitation</source>
        <translation>Page d&apos;invitation</translation>
    </message>
</context>
<context>
    <name>JournalWidget</name>
    <message>
        <source>Chaque création, modification, suppression, consultation d&apos;un dossier, impression et export est inscrite ici, avec son auteur. Les lignes sont chaînées : une ligne modifiée ou retirée se voit à la vérification.</source>
        <translation>Chaque création, modification, suppression, consultation d&apos;un dossier, impression et export est inscrite ici, avec son auteur. Les lignes sont chaînées : une ligne modifiée ou retirée se voit à la vérification.</translation>
    </message>
    <message>
        <source>Personne</source>
        <translation>Personne</translation>
    </message>
    <message>
        <source>Utilisateur</source>
        <translation>Utilisateur</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>Action</translation>
    </message>
    <message>
        <source>Toutes les actions</source>
        <translation>Toutes les actions</translation>
    </message>
    <message>
        <source>Période</source>
        <translation>Période</translation>
    </message>
    <message>
        <source>Du</source>
        <translation>Du</translation>
    </message>
    <message>
        <source>Au</source>
        <translation>Au</translation>
    </message>
    <message>
        <source>&amp;Personne :</source>
        <translation>&amp;Personne :</translation>
    </message>
    <message>
        <source>&amp;Utilisateur :</source>
        <translation>&amp;Utilisateur :</translation>
    </message>
    <message>
        <source>&amp;Action :</source>
        <translation>&amp;Action :</translation>
    </message>
    <message>
        <source>Pé&amp;riode :</source>
        <translation>Pé&amp;riode :</translation>
    </message>
    <message>
        <source>du</source>
        <translation>du</translation>
    </message>
    <message>
        <source>au</source>
        <translation>au</translation>
    </message>
    <message>
        <source>Lignes du journal d&apos;audit</source>
        <translation>Lignes du journal d&apos;audit</translation>
    </message>
    <message>
        <source>&amp;Vérifier le journal</source>
        <translation>&amp;Vérifier le journal</translation>
    </message>
    <message>
        <source>E&amp;xporter en CSV…</source>
        <translation>E&amp;xporter en CSV…</translation>
    </message>
    <message>
        <source>Toutes les personnes et fiches</source>
        <translation>Toutes les personnes et fiches</translation>
    </message>
    <message>
        <source>Tous</source>
        <translation>Tous</translation>
    </message>
    <message>
        <source>{n} lignes ; les {k} plus récentes sont affichées, l&apos;export les contient toutes.</source>
        <translation>{n} lignes ; les {k} plus récentes sont affichées, l&apos;export les contient toutes.</translation>
    </message>
    <message>
        <source>Aucune ligne ne correspond à ces filtres.</source>
        <translation>Aucune ligne ne correspond à ces filtres.</translation>
    </message>
    <message>
        <source>Journal d&apos;audit altéré</source>
        <translation>Journal d&apos;audit altéré</translation>
    </message>
    <message>
        <source>Le journal a été modifié en dehors de Coordinateur :

{p}</source>
        <translation>Le journal a été modifié en dehors de Coordinateur :

{p}</translation>
    </message>
    <message>
        <source>Journal d&apos;audit</source>
        <translation>Journal d&apos;audit</translation>
    </message>
    <message>
        <source>Le journal est intact : {n}, chaînées sans rupture.</source>
        <translation>Le journal est intact : {n}, chaînées sans rupture.</translation>
    </message>
    <message>
        <source>Exporter le journal d&apos;audit</source>
        <translation>Exporter le journal d&apos;audit</translation>
    </message>
    <message>
        <source>Tableur CSV (*.csv)</source>
        <translation>Tableur CSV (*.csv)</translation>
    </message>
    <message>
        <source>Export impossible</source>
        <translation>Export impossible</translation>
    </message>
    <message>
        <source>Journal exporté</source>
        <translation>Journal exporté</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Écrans</source>
        <translation>Écrans</translation>
    </message>
    <message>
        <source>Ctrl+{n}</source>
        <translation>Ctrl+{n}</translation>
    </message>
    <message>
        <source>Partage : synchronisation…</source>
        <translation>Partage : synchronisation…</translation>
    </message>
    <message>
        <source>Partage : …</source>
        <translation>Partage : …</translation>
    </message>
    <message>
        <source>Ouverture de l&apos;annuaire…</source>
        <translation>Ouverture de l&apos;annuaire…</translation>
    </message>
    <message>
        <source>&amp;Fichier</source>
        <translation>&amp;Fichier</translation>
    </message>
    <message>
        <source>&amp;Rechercher</source>
        <translation>&amp;Rechercher</translation>
    </message>
    <message>
        <source>&amp;Verrouiller</source>
        <translation>&amp;Verrouiller</translation>
    </message>
    <message>
        <source>&amp;Quitter</source>
        <translation>&amp;Quitter</translation>
    </message>
    <message>
        <source>&amp;Aide</source>
        <translation>&amp;Aide</translation>
    </message>
    <message>
        <source>&amp;Aide de Coordinateur</source>
        <translation>&amp;Aide de Coordinateur</translation>
    </message>
    <message>
        <source>&amp;Premiers pas</source>
        <translation>&amp;Premiers pas</translation>
    </message>
    <message>
        <source>À &amp;propos de Coordinateur</source>
        <translation>À &amp;propos de Coordinateur</translation>
    </message>
    <message>
        <source>Données : {p}</source>
        <translation>Données : {p}</translation>
    </message>
    <message>
        <source>Appareil : {n}</source>
        <translation>Appareil : {n}</translation>
    </message>
    <message>
        <source>État du partage</source>
        <translation>État du partage</translation>
    </message>
    <message>
        <source>Partage : aucun dossier</source>
        <translation>Partage : aucun dossier</translation>
    </message>
    <message>
        <source>Partage : ⚠ non admis dans l&apos;équipe</source>
        <translation>Partage : ⚠ non admis dans l&apos;équipe</translation>
    </message>
    <message>
        <source>Partage : connecté</source>
        <translation>Partage : connecté</translation>
    </message>
    <message>
        <source>Partage : hors ligne</source>
        <translation>Partage : hors ligne</translation>
    </message>
    <message>
        <source> · {n} en attente</source>
        <translation> · {n} en attente</translation>
    </message>
    <message>
        <source> · {n} conflit(s)</source>
        <translation> · {n} conflit(s)</translation>
    </message>
    <message>
        <source> · ⚠ date de l&apos;ordinateur à vérifier</source>
        <translation> · ⚠ date de l&apos;ordinateur à vérifier</translation>
    </message>
    <message>
        <source>Dernière synchronisation : {d}
{e}</source>
        <translation>Dernière synchronisation : {d}
{e}</translation>
    </message>
    <message>
        <source>Sauvegarde automatique…</source>
        <translation>Sauvegarde automatique…</translation>
    </message>
    <message>
        <source>Sauvegarde automatique</source>
        <translation>Sauvegarde automatique</translation>
    </message>
    <message>
        <source>Sauvegarde automatique faite ({h})</source>
        <translation>Sauvegarde automatique faite ({h})</translation>
    </message>
    <message>
        <source>Fin des travaux en cours avant de fermer les données…</source>
        <translation>Fin des travaux en cours avant de fermer les données…</translation>
    </message>
    <message>
        <source>Un travail en arrière-plan ne se termine pas (un dossier de partage qui ne répond plus ?) : rien n&apos;a été fait. Réessayez dans un moment.</source>
        <translation>Un travail en arrière-plan ne se termine pas (un dossier de partage qui ne répond plus ?) : rien n&apos;a été fait. Réessayez dans un moment.</translation>
    </message>
    <message>
        <source>Fin des travaux en cours…</source>
        <translation>Fin des travaux en cours…</translation>
    </message>
    <message>
        <source>⚠ {n} à renouveler : voir Indicateurs › Conventions</source>
        <translation>⚠ {n} à renouveler : voir Indicateurs › Conventions</translation>
    </message>
    <message>
        <source>Ces données ne sont pas chiffrées : il n&apos;y a pas de phrase de passe pour les verrouiller. Chiffrez-les dans Protection › Phrase de passe et verrouillage.</source>
        <translation>Ces données ne sont pas chiffrées : il n&apos;y a pas de phrase de passe pour les verrouiller. Chiffrez-les dans Protection › Phrase de passe et verrouillage.</translation>
    </message>
    <message>
        <source>À propos de Coordinateur</source>
        <translation>À propos de Coordinateur</translation>
    </message>
    <message>
        <source>&lt;h3&gt;Coordinateur {v}&lt;/h3&gt;&lt;p&gt;L&apos;outil hors ligne des coordinateurs du maintien à domicile.&lt;/p&gt;&lt;p&gt;Référentiel des communes : {s}.&lt;/p&gt;&lt;p&gt;Dossier des données : {d}&lt;/p&gt;</source>
        <translation>&lt;h3&gt;Coordinateur {v}&lt;/h3&gt;&lt;p&gt;L&apos;outil hors ligne des coordinateurs du maintien à domicile.&lt;/p&gt;&lt;p&gt;Référentiel des communes : {s}.&lt;/p&gt;&lt;p&gt;Dossier des données : {d}&lt;/p&gt;</translation>
    </message>
</context>
<context>
    <name>MergeDialog</name>
    <message>
        <source>Fusionner deux fiches</source>
        <translation>Fusionner deux fiches</translation>
    </message>
    <message>
        <source>La fiche de droite sera fusionnée dans celle de gauche puis supprimée ; les rattachements sont conservés.
Pour chaque différence, choisissez la valeur à garder. Téléphones, zones et rattachements sont réunis.</source>
        <translation>La fiche de droite sera fusionnée dans celle de gauche puis supprimée ; les rattachements sont conservés.
Pour chaque différence, choisissez la valeur à garder. Téléphones, zones et rattachements sont réunis.</translation>
    </message>
    <message>
        <source>&amp;Fusionner</source>
        <translation>&amp;Fusionner</translation>
    </message>
    <message>
        <source>Fusion impossible</source>
        <translation>Fusion impossible</translation>
    </message>
</context>
<context>
    <name>Operation</name>
    <message>
        <source>Arrêt des travaux en cours…</source>
        <translation>Arrêt des travaux en cours…</translation>
    </message>
    <message>
        <source>Un travail en arrière-plan ne s&apos;est pas terminé ({t}), même après lui avoir demandé de s&apos;arrêter (un dossier de partage qui ne répond plus ?).

Vous pouvez attendre encore, ou fermer maintenant : il sera alors interrompu comme par une coupure de courant. Vos données restent intactes (la dernière modification en cours est annulée, une sauvegarde inachevée est effacée au prochain démarrage).</source>
        <translation>Un travail en arrière-plan ne s&apos;est pas terminé ({t}), même après lui avoir demandé de s&apos;arrêter (un dossier de partage qui ne répond plus ?).

Vous pouvez attendre encore, ou fermer maintenant : il sera alors interrompu comme par une coupure de courant. Vos données restent intactes (la dernière modification en cours est annulée, une sauvegarde inachevée est effacée au prochain démarrage).</translation>
    </message>
    <message>
        <source>&amp;Attendre encore</source>
        <translation>&amp;Attendre encore</translation>
    </message>
    <message>
        <source>&amp;Fermer maintenant</source>
        <translation>&amp;Fermer maintenant</translation>
    </message>
    <message>
        <source>Annuler</source>
        <translation>Annuler</translation>
    </message>
    <message>
        <source>{n} impossible : {m}</source>
        <translation>{n} impossible : {m}</translation>
    </message>
    <message>
        <source>Coordinateur</source>
        <translation>Coordinateur</translation>
    </message>
</context>
<context>
    <name>PartageEditor</name>
    <message>
        <source>Base du partage des informations</source>
        <translation>Base du partage des informations</translation>
    </message>
    <message>
        <source>Les destinataires font partie de l&apos;équipe de soins (L1110-12)</source>
        <translation>Les destinataires font partie de l&apos;équipe de soins (L1110-12)</translation>
    </message>
    <message>
        <source>Partage hors équipe de soins : consentement de la personne requis</source>
        <translation>Partage hors équipe de soins : consentement de la personne requis</translation>
    </message>
    <message>
        <source>L&apos;équipe de soins, ce sont les membres du cercle de soins (onglet « Cercle de soins »).</source>
        <translation>L&apos;équipe de soins, ce sont les membres du cercle de soins (onglet « Cercle de soins »).</translation>
    </message>
    <message>
        <source>Information de la personne (R1110-3)</source>
        <translation>Information de la personne (R1110-3)</translation>
    </message>
    <message>
        <source>Informée le</source>
        <translation>Informée le</translation>
    </message>
    <message>
        <source>Informée le :</source>
        <translation>Informée le :</translation>
    </message>
    <message>
        <source>Par :</source>
        <translation>Par :</translation>
    </message>
    <message>
        <source>Notice d&apos;information remise</source>
        <translation>Notice d&apos;information remise</translation>
    </message>
    <message>
        <source>Consentement</source>
        <translation>Consentement</translation>
    </message>
    <message>
        <source>la personne, ou son représentant légal</source>
        <translation>la personne, ou son représentant légal</translation>
    </message>
    <message>
        <source>oral, écrit signé, électronique</source>
        <translation>oral, écrit signé, électronique</translation>
    </message>
    <message>
        <source>Consentement donné le</source>
        <translation>Consentement donné le</translation>
    </message>
    <message>
        <source>Consentement retiré le</source>
        <translation>Consentement retiré le</translation>
    </message>
    <message>
        <source>Donné par :</source>
        <translation>Donné par :</translation>
    </message>
    <message>
        <source>Comment :</source>
        <translation>Comment :</translation>
    </message>
    <message>
        <source>Portée :</source>
        <translation>Portée :</translation>
    </message>
    <message>
        <source>Recueilli le :</source>
        <translation>Recueilli le :</translation>
    </message>
    <message>
        <source>Retiré le :</source>
        <translation>Retiré le :</translation>
    </message>
    <message>
        <source>Opposition</source>
        <translation>Opposition</translation>
    </message>
    <message>
        <source>La personne s&apos;oppose à l&apos;échange et au partage de ses informations</source>
        <translation>La personne s&apos;oppose à l&apos;échange et au partage de ses informations</translation>
    </message>
    <message>
        <source>Opposition exprimée le</source>
        <translation>Opposition exprimée le</translation>
    </message>
    <message>
        <source>Depuis le :</source>
        <translation>Depuis le :</translation>
    </message>
    <message>
        <source>Motif :</source>
        <translation>Motif :</translation>
    </message>
</context>
<context>
    <name>PartageScreen</name>
    <message>
        <source>Dossier de partage (NAS, partage réseau, dossier synchronisé, clé USB)</source>
        <translation>Dossier de partage (NAS, partage réseau, dossier synchronisé, clé USB)</translation>
    </message>
    <message>
        <source>&amp;Choisir le dossier…</source>
        <translation>&amp;Choisir le dossier…</translation>
    </message>
    <message>
        <source>&amp;Synchroniser maintenant</source>
        <translation>&amp;Synchroniser maintenant</translation>
    </message>
    <message>
        <source>Dossier :</source>
        <translation>Dossier :</translation>
    </message>
    <message>
        <source>Partager aussi les réunions et leurs actions avec l&apos;équipe</source>
        <translation>Partager aussi les réunions et leurs actions avec l&apos;équipe</translation>
    </message>
    <message>
        <source>Ce dossier est un stockage interne de la structure (il peut recevoir des documents nominatifs)</source>
        <translation>Ce dossier est un stockage interne de la structure (il peut recevoir des documents nominatifs)</translation>
    </message>
    <message>
        <source>Nom de cet ordinateur</source>
        <translation>Nom de cet ordinateur</translation>
    </message>
    <message>
        <source>Le nom sous lequel vos collègues voient cet ordinateur</source>
        <translation>Le nom sous lequel vos collègues voient cet ordinateur</translation>
    </message>
    <message>
        <source>Nom de cet ordinateur :</source>
        <translation>Nom de cet ordinateur :</translation>
    </message>
    <message>
        <source>Coordinateur de cet ordinateur</source>
        <translation>Coordinateur de cet ordinateur</translation>
    </message>
    <message>
        <source>Le nom sous lequel vos collègues voient qui travaille sur cet ordinateur</source>
        <translation>Le nom sous lequel vos collègues voient qui travaille sur cet ordinateur</translation>
    </message>
    <message>
        <source>Coordinateur :</source>
        <translation>Coordinateur :</translation>
    </message>
    <message>
        <source>État du partage</source>
        <translation>État du partage</translation>
    </message>
    <message>
        <source>État :</source>
        <translation>État :</translation>
    </message>
    <message>
        <source>Boîte d&apos;envoi</source>
        <translation>Boîte d&apos;envoi</translation>
    </message>
    <message>
        <source>Ordinateurs vus</source>
        <translation>Ordinateurs vus</translation>
    </message>
    <message>
        <source>Conflits</source>
        <translation>Conflits</translation>
    </message>
    <message>
        <source>&amp;Rétablir la valeur écartée</source>
        <translation>&amp;Rétablir la valeur écartée</translation>
    </message>
    <message>
        <source>Garder la valeur actuelle</source>
        <translation>Garder la valeur actuelle</translation>
    </message>
    <message>
        <source>Segments reçus d&apos;autres ordinateurs mais refusés (contenu invalide) : rien n&apos;en a été appliqué, le reste de la synchronisation continue. Quand l&apos;auteur l&apos;a réécrit, réexaminez-le.</source>
        <translation>Segments reçus d&apos;autres ordinateurs mais refusés (contenu invalide) : rien n&apos;en a été appliqué, le reste de la synchronisation continue. Quand l&apos;auteur l&apos;a réécrit, réexaminez-le.</translation>
    </message>
    <message>
        <source>Segments en quarantaine</source>
        <translation>Segments en quarantaine</translation>
    </message>
    <message>
        <source>Réexaminer le segment</source>
        <translation>Réexaminer le segment</translation>
    </message>
    <message>
        <source>Quarantaine</source>
        <translation>Quarantaine</translation>
    </message>
    <message>
        <source>Équipe</source>
        <translation>Équipe</translation>
    </message>
    <message>
        <source>Ordinateurs</source>
        <translation>Ordinateurs</translation>
    </message>
    <message>
        <source>Synchronisations récentes</source>
        <translation>Synchronisations récentes</translation>
    </message>
    <message>
        <source>Nom de l&apos;ordinateur</source>
        <translation>Nom de l&apos;ordinateur</translation>
    </message>
    <message>
        <source>Coordinateur</source>
        <translation>Coordinateur</translation>
    </message>
    <message>
        <source>Donnez le nom du coordinateur ou de la coordinatrice (ex. : Camille Bessière).</source>
        <translation>Donnez le nom du coordinateur ou de la coordinatrice (ex. : Camille Bessière).</translation>
    </message>
    <message>
        <source>Dossier de partage</source>
        <translation>Dossier de partage</translation>
    </message>
    <message>
        <source>Synchronisation en cours…</source>
        <translation>Synchronisation en cours…</translation>
    </message>
    <message>
        <source>aucun dossier choisi</source>
        <translation>aucun dossier choisi</translation>
    </message>
    <message>
        <source>aucun dossier de partage : choisissez-en un pour partager l&apos;annuaire et les exports</source>
        <translation>aucun dossier de partage : choisissez-en un pour partager l&apos;annuaire et les exports</translation>
    </message>
    <message>
        <source>dossier joignable, mais cet ordinateur n&apos;est pas admis dans l&apos;équipe : ses modifications ne sont pas reçues par les autres</source>
        <translation>dossier joignable, mais cet ordinateur n&apos;est pas admis dans l&apos;équipe : ses modifications ne sont pas reçues par les autres</translation>
    </message>
    <message>
        <source>connecté</source>
        <translation>connecté</translation>
    </message>
    <message>
        <source>non connecté (dossier absent, clé retirée ou réseau coupé) : rien n&apos;est perdu, tout attend</source>
        <translation>non connecté (dossier absent, clé retirée ou réseau coupé) : rien n&apos;est perdu, tout attend</translation>
    </message>
    <message>
        <source>{n} en attente d&apos;envoi · dernière synchronisation : {d}</source>
        <translation>{n} en attente d&apos;envoi · dernière synchronisation : {d}</translation>
    </message>
    <message>
        <source>dernier instantané du dossier (compactage) : {d}</source>
        <translation>dernier instantané du dossier (compactage) : {d}</translation>
    </message>
    <message>
        <source>{n} document(s) avec des données de personnes retenu(s) : ce dossier n&apos;est pas déclaré comme stockage interne de la structure</source>
        <translation>{n} document(s) avec des données de personnes retenu(s) : ce dossier n&apos;est pas déclaré comme stockage interne de la structure</translation>
    </message>
    <message>
        <source>{v}
Saisie par {w}</source>
        <translation>{v}
Saisie par {w}</translation>
    </message>
    <message>
        <source>Conflits ({n})</source>
        <translation>Conflits ({n})</translation>
    </message>
    <message>
        <source>Quarantaine ({n})</source>
        <translation>Quarantaine ({n})</translation>
    </message>
    <message>
        <source>Aucune synchronisation pour l&apos;instant.</source>
        <translation>Aucune synchronisation pour l&apos;instant.</translation>
    </message>
    <message>
        <source>Conflit</source>
        <translation>Conflit</translation>
    </message>
    <message>
        <source>Choisissez d&apos;abord un conflit dans la liste.</source>
        <translation>Choisissez d&apos;abord un conflit dans la liste.</translation>
    </message>
</context>
<context>
    <name>ParticipantsEditor</name>
    <message>
        <source>Ajouter depuis l&apos;annuaire</source>
        <translation>Ajouter depuis l&apos;annuaire</translation>
    </message>
    <message>
        <source>+ Personne extérieure</source>
        <translation>+ Personne extérieure</translation>
    </message>
</context>
<context>
    <name>PdfPreview</name>
    <message>
        <source>Page {n} de l&apos;aperçu</source>
        <translation>Page {n} de l&apos;aperçu</translation>
    </message>
</context>
<context>
    <name>PersonneDialog</name>
    <message>
        <source>Dossier de {n}</source>
        <translation>Dossier de {n}</translation>
    </message>
    <message>
        <source>Nouvelle personne accompagnée</source>
        <translation>Nouvelle personne accompagnée</translation>
    </message>
    <message>
        <source>&amp;Identité</source>
        <translation>&amp;Identité</translation>
    </message>
    <message>
        <source>Personnes à contacter</source>
        <translation>Personnes à contacter</translation>
    </message>
    <message>
        <source>&amp;Contacts</source>
        <translation>&amp;Contacts</translation>
    </message>
    <message>
        <source>Cercle de &amp;soins</source>
        <translation>Cercle de &amp;soins</translation>
    </message>
    <message>
        <source>Sant&amp;é</source>
        <translation>Sant&amp;é</translation>
    </message>
    <message>
        <source>Autonomie et &amp;risques</source>
        <translation>Autonomie et &amp;risques</translation>
    </message>
    <message>
        <source>Sou&amp;haits</source>
        <translation>Sou&amp;haits</translation>
    </message>
    <message>
        <source>★ : figure sur la fiche d&apos;urgence (frigo). Un champ laissé vide s&apos;imprime « non renseigné ».</source>
        <translation>★ : figure sur la fiche d&apos;urgence (frigo). Un champ laissé vide s&apos;imprime « non renseigné ».</translation>
    </message>
    <message>
        <source>&amp;Partage et consentement</source>
        <translation>&amp;Partage et consentement</translation>
    </message>
    <message>
        <source>&amp;Fiches</source>
        <translation>&amp;Fiches</translation>
    </message>
    <message>
        <source>&amp;Enregistrer</source>
        <translation>&amp;Enregistrer</translation>
    </message>
    <message>
        <source>Civilité</source>
        <translation>Civilité</translation>
    </message>
    <message>
        <source>Nom de naissance</source>
        <translation>Nom de naissance</translation>
    </message>
    <message>
        <source>Nom d&apos;usage</source>
        <translation>Nom d&apos;usage</translation>
    </message>
    <message>
        <source>si différent</source>
        <translation>si différent</translation>
    </message>
    <message>
        <source>Prénoms de naissance</source>
        <translation>Prénoms de naissance</translation>
    </message>
    <message>
        <source>dans l&apos;ordre de l&apos;état civil</source>
        <translation>dans l&apos;ordre de l&apos;état civil</translation>
    </message>
    <message>
        <source>Prénom d&apos;usage</source>
        <translation>Prénom d&apos;usage</translation>
    </message>
    <message>
        <source>Date de naissance</source>
        <translation>Date de naissance</translation>
    </message>
    <message>
        <source>Sexe</source>
        <translation>Sexe</translation>
    </message>
    <message>
        <source>Lieu de naissance</source>
        <translation>Lieu de naissance</translation>
    </message>
    <message>
        <source>commune ou pays</source>
        <translation>commune ou pays</translation>
    </message>
    <message>
        <source>N° de sécurité sociale</source>
        <translation>N° de sécurité sociale</translation>
    </message>
    <message>
        <source>Identité</source>
        <translation>Identité</translation>
    </message>
    <message>
        <source>Langue(s) parlée(s)</source>
        <translation>Langue(s) parlée(s)</translation>
    </message>
    <message>
        <source>Situation familiale</source>
        <translation>Situation familiale</translation>
    </message>
    <message>
        <source>Vit seul(e)</source>
        <translation>Vit seul(e)</translation>
    </message>
    <message>
        <source>Adresse</source>
        <translation>Adresse</translation>
    </message>
    <message>
        <source>n° et voie</source>
        <translation>n° et voie</translation>
    </message>
    <message>
        <source>Complément</source>
        <translation>Complément</translation>
    </message>
    <message>
        <source>bâtiment, lieu-dit…</source>
        <translation>bâtiment, lieu-dit…</translation>
    </message>
    <message>
        <source>Code postal</source>
        <translation>Code postal</translation>
    </message>
    <message>
        <source>Commune</source>
        <translation>Commune</translation>
    </message>
    <message>
        <source>Commune :</source>
        <translation>Commune :</translation>
    </message>
    <message>
        <source>Téléphone</source>
        <translation>Téléphone</translation>
    </message>
    <message>
        <source>code de la porte, où sont les clés, boîte à clés…</source>
        <translation>code de la porte, où sont les clés, boîte à clés…</translation>
    </message>
    <message>
        <source>Accès au logement</source>
        <translation>Accès au logement</translation>
    </message>
    <message>
        <source>Accès au logement ★ :</source>
        <translation>Accès au logement ★ :</translation>
    </message>
    <message>
        <source>Animaux</source>
        <translation>Animaux</translation>
    </message>
    <message>
        <source>Téléassistance</source>
        <translation>Téléassistance</translation>
    </message>
    <message>
        <source>fournisseur et numéro</source>
        <translation>fournisseur et numéro</translation>
    </message>
    <message>
        <source>Autocollant « boîte au frigo » posé</source>
        <translation>Autocollant « boîte au frigo » posé</translation>
    </message>
    <message>
        <source>Suivi</source>
        <translation>Suivi</translation>
    </message>
    <message>
        <source>Dernier contact</source>
        <translation>Dernier contact</translation>
    </message>
    <message>
        <source>non évalué</source>
        <translation>non évalué</translation>
    </message>
    <message>
        <source>GIR</source>
        <translation>GIR</translation>
    </message>
    <message>
        <source>GIR (1 le plus dépendant – 6) :</source>
        <translation>GIR (1 le plus dépendant – 6) :</translation>
    </message>
    <message>
        <source>Évalué le</source>
        <translation>Évalué le</translation>
    </message>
    <message>
        <source>Évalué par</source>
        <translation>Évalué par</translation>
    </message>
    <message>
        <source>Dossier non enregistré</source>
        <translation>Dossier non enregistré</translation>
    </message>
</context>
<context>
    <name>PersonnesScreen</name>
    <message>
        <source>&amp;Nouvelle personne</source>
        <translation>&amp;Nouvelle personne</translation>
    </message>
    <message>
        <source>Imprimer les fiches à &amp;refaire…</source>
        <translation>Imprimer les fiches à &amp;refaire…</translation>
    </message>
    <message>
        <source>&amp;Droits de la personne</source>
        <translation>&amp;Droits de la personne</translation>
    </message>
    <message>
        <source>Droit d&apos;accès, effacement, journal du dossier (RGPD)</source>
        <translation>Droit d&apos;accès, effacement, journal du dossier (RGPD)</translation>
    </message>
    <message>
        <source>&amp;Rechercher :</source>
        <translation>&amp;Rechercher :</translation>
    </message>
    <message>
        <source>Nom, prénom, nom de naissance, date de naissance…</source>
        <translation>Nom, prénom, nom de naissance, date de naissance…</translation>
    </message>
    <message>
        <source>Rechercher une personne</source>
        <translation>Rechercher une personne</translation>
    </message>
    <message>
        <source>Suivi</source>
        <translation>Suivi</translation>
    </message>
    <message>
        <source>Personnes suivies</source>
        <translation>Personnes suivies</translation>
    </message>
    <message>
        <source>Toutes</source>
        <translation>Toutes</translation>
    </message>
    <message>
        <source>Seulement les fiches à refaire ou à revoir &amp;bientôt</source>
        <translation>Seulement les fiches à refaire ou à revoir &amp;bientôt</translation>
    </message>
    <message>
        <source>Personnes accompagnées</source>
        <translation>Personnes accompagnées</translation>
    </message>
    <message>
        <source>Imprimer sur une imprimante…</source>
        <translation>Imprimer sur une imprimante…</translation>
    </message>
    <message>
        <source>Enregistrer en PDF dans un dossier…</source>
        <translation>Enregistrer en PDF dans un dossier…</translation>
    </message>
    <message>
        <source>Remettre le dossier complet (PDF)…</source>
        <translation>Remettre le dossier complet (PDF)…</translation>
    </message>
    <message>
        <source>Voir le journal de ce dossier</source>
        <translation>Voir le journal de ce dossier</translation>
    </message>
    <message>
        <source>Effacer : anonymiser le dossier…</source>
        <translation>Effacer : anonymiser le dossier…</translation>
    </message>
    <message>
        <source>Personne ne correspond à la recherche.</source>
        <translation>Personne ne correspond à la recherche.</translation>
    </message>
    <message>
        <source>Aucune personne accompagnée pour l&apos;instant : « Nouvelle personne » (Ctrl+N) pour commencer.</source>
        <translation>Aucune personne accompagnée pour l&apos;instant : « Nouvelle personne » (Ctrl+N) pour commencer.</translation>
    </message>
    <message>
        <source>Dossier anonymisé</source>
        <translation>Dossier anonymisé</translation>
    </message>
    <message>
        <source>Ce dossier a été anonymisé : il ne contient plus rien qui se consulte.</source>
        <translation>Ce dossier a été anonymisé : il ne contient plus rien qui se consulte.</translation>
    </message>
    <message>
        <source>Personnes</source>
        <translation>Personnes</translation>
    </message>
    <message>
        <source>Choisissez d&apos;abord une personne dans la liste.</source>
        <translation>Choisissez d&apos;abord une personne dans la liste.</translation>
    </message>
    <message>
        <source>Dossier complet de {p}</source>
        <translation>Dossier complet de {p}</translation>
    </message>
    <message>
        <source>PDF (*.pdf)</source>
        <translation>PDF (*.pdf)</translation>
    </message>
    <message>
        <source>Dossier complet</source>
        <translation>Dossier complet</translation>
    </message>
    <message>
        <source>Dossier complet enregistré.</source>
        <translation>Dossier complet enregistré.</translation>
    </message>
    <message>
        <source>Effacer le dossier</source>
        <translation>Effacer le dossier</translation>
    </message>
    <message>
        <source>Anonymiser le dossier de {p} ?

Identité, coordonnées, contacts, cercle de soins, contenu des fiches et textes des situations évoquées en réunion seront effacés définitivement. Ne restent que des chiffres sans nom (commune, dates, nombre de fiches) pour les indicateurs. Pensez à remettre d&apos;abord son dossier complet si la personne le demande.</source>
        <translation>Anonymiser le dossier de {p} ?

Identité, coordonnées, contacts, cercle de soins, contenu des fiches et textes des situations évoquées en réunion seront effacés définitivement. Ne restent que des chiffres sans nom (commune, dates, nombre de fiches) pour les indicateurs. Pensez à remettre d&apos;abord son dossier complet si la personne le demande.</translation>
    </message>
    <message>
        <source>Effacement impossible</source>
        <translation>Effacement impossible</translation>
    </message>
    <message>
        <source>Fiches à refaire</source>
        <translation>Fiches à refaire</translation>
    </message>
    <message>
        <source>Toutes les fiches validées sont à jour.</source>
        <translation>Toutes les fiches validées sont à jour.</translation>
    </message>
    <message>
        <source>Imprimer {n}</source>
        <translation>Imprimer {n}</translation>
    </message>
    <message>
        <source>Impression des fiches…</source>
        <translation>Impression des fiches…</translation>
    </message>
    <message>
        <source>Annuler</source>
        <translation>Annuler</translation>
    </message>
    <message>
        <source>Fiches non imprimées</source>
        <translation>Fiches non imprimées</translation>
    </message>
    <message>
        <source>Dossier où enregistrer les fiches à imprimer</source>
        <translation>Dossier où enregistrer les fiches à imprimer</translation>
    </message>
    <message>
        <source>{n}.</source>
        <translation>{n}.</translation>
    </message>
    <message>
        <source>Préparation des {m}…</source>
        <translation>Préparation des {m}…</translation>
    </message>
</context>
<context>
    <name>PhonesEditor</name>
    <message>
        <source>+ Ajouter un numéro</source>
        <translation>+ Ajouter un numéro</translation>
    </message>
    <message>
        <source>Type du numéro {n}</source>
        <translation>Type du numéro {n}</translation>
    </message>
    <message>
        <source>Numéro de téléphone {n}</source>
        <translation>Numéro de téléphone {n}</translation>
    </message>
</context>
<context>
    <name>ProtectionWidget</name>
    <message>
        <source>Chiffrement des données</source>
        <translation>Chiffrement des données</translation>
    </message>
    <message>
        <source>✔ Les données de cet ordinateur sont chiffrées (SQLCipher, AES-256), sauvegardes comprises. Sans la phrase de passe ou la clé de secours, elles sont illisibles.</source>
        <translation>✔ Les données de cet ordinateur sont chiffrées (SQLCipher, AES-256), sauvegardes comprises. Sans la phrase de passe ou la clé de secours, elles sont illisibles.</translation>
    </message>
    <message>
        <source>&amp;Changer la phrase de passe…</source>
        <translation>&amp;Changer la phrase de passe…</translation>
    </message>
    <message>
        <source>⚠ Les données de cet ordinateur sont en clair : un portable perdu ou volé livrerait les dossiers des personnes suivies. Chiffrez-les.</source>
        <translation>⚠ Les données de cet ordinateur sont en clair : un portable perdu ou volé livrerait les dossiers des personnes suivies. Chiffrez-les.</translation>
    </message>
    <message>
        <source>&amp;Chiffrer les données…</source>
        <translation>&amp;Chiffrer les données…</translation>
    </message>
    <message>
        <source>Verrouillage</source>
        <translation>Verrouillage</translation>
    </message>
    <message>
        <source> min</source>
        <translation> min</translation>
    </message>
    <message>
        <source>Verrouiller après tant de minutes sans activité</source>
        <translation>Verrouiller après tant de minutes sans activité</translation>
    </message>
    <message>
        <source>Verrouiller après &amp;inactivité de :</source>
        <translation>Verrouiller après &amp;inactivité de :</translation>
    </message>
    <message>
        <source>Ctrl+L verrouille tout de suite. Fenêtres et dossiers ouverts sont masqués.</source>
        <translation>Ctrl+L verrouille tout de suite. Fenêtres et dossiers ouverts sont masqués.</translation>
    </message>
    <message>
        <source>&amp;Appliquer</source>
        <translation>&amp;Appliquer</translation>
    </message>
    <message>
        <source>Phrase de passe</source>
        <translation>Phrase de passe</translation>
    </message>
    <message>
        <source>La phrase de passe a été changée.</source>
        <translation>La phrase de passe a été changée.</translation>
    </message>
</context>
<context>
    <name>RegistreWidget</name>
    <message>
        <source>&amp;Nouveau…</source>
        <translation>&amp;Nouveau…</translation>
    </message>
    <message>
        <source>&amp;Nouvelle…</source>
        <translation>&amp;Nouvelle…</translation>
    </message>
    <message>
        <source>&amp;Modifier…</source>
        <translation>&amp;Modifier…</translation>
    </message>
    <message>
        <source>&amp;Supprimer…</source>
        <translation>&amp;Supprimer…</translation>
    </message>
    <message>
        <source>Le registre est vide : « Nouveau » pour commencer.</source>
        <translation>Le registre est vide : « Nouveau » pour commencer.</translation>
    </message>
    <message>
        <source>Supprimer</source>
        <translation>Supprimer</translation>
    </message>
    <message>
        <source>Retirer cette fiche du registre ? Les périodes déjà closes gardent leurs chiffres.</source>
        <translation>Retirer cette fiche du registre ? Les périodes déjà closes gardent leurs chiffres.</translation>
    </message>
    <message>
        <source>Conventions signées avec les partenaires de l&apos;annuaire : elles alimentent les indicateurs, et une convention qui arrive à échéance dans les 60 jours est signalée (⚠).</source>
        <translation>Conventions signées avec les partenaires de l&apos;annuaire : elles alimentent les indicateurs, et une convention qui arrive à échéance dans les 60 jours est signalée (⚠).</translation>
    </message>
    <message>
        <source>Journées de l&apos;autonomie, formations et rencontres organisées sur le territoire : elles alimentent l&apos;indicateur des journées sur l&apos;autonomie.</source>
        <translation>Journées de l&apos;autonomie, formations et rencontres organisées sur le territoire : elles alimentent l&apos;indicateur des journées sur l&apos;autonomie.</translation>
    </message>
</context>
<context>
    <name>RejoindreDialog</name>
    <message>
        <source>Rejoindre l&apos;équipe de partage</source>
        <translation>Rejoindre l&apos;équipe de partage</translation>
    </message>
    <message>
        <source>Tapez le code que vous a donné un collègue de l&apos;équipe (sur son écran ou sur la page imprimée). Tirets et majuscules sont facultatifs.</source>
        <translation>Tapez le code que vous a donné un collègue de l&apos;équipe (sur son écran ou sur la page imprimée). Tirets et majuscules sont facultatifs.</translation>
    </message>
    <message>
        <source>Code d&apos;invitation</source>
        <translation>Code d&apos;invitation</translation>
    </message>
    <message>
        <source>&amp;Code :</source>
        <translation>&amp;Code :</translation>
    </message>
    <message>
        <source>lue dans le dossier de partage</source>
        <translation>lue dans le dossier de partage</translation>
    </message>
    <message>
        <source>Choisissez un fichier d&apos;invitation seulement si le dossier de partage n&apos;est pas joignable.</source>
        <translation>Choisissez un fichier d&apos;invitation seulement si le dossier de partage n&apos;est pas joignable.</translation>
    </message>
    <message>
        <source>Choisir un fichier d&apos;invitation…</source>
        <translation>Choisir un fichier d&apos;invitation…</translation>
    </message>
    <message>
        <source>Invitation :</source>
        <translation>Invitation :</translation>
    </message>
    <message>
        <source>Rejoindre</source>
        <translation>Rejoindre</translation>
    </message>
    <message>
        <source>Annuler</source>
        <translation>Annuler</translation>
    </message>
    <message>
        <source>Fichier d&apos;invitation</source>
        <translation>Fichier d&apos;invitation</translation>
    </message>
</context>
<context>
    <name>ReunionDialog</name>
    <message>
        <source>Nouvelle réunion</source>
        <translation>Nouvelle réunion</translation>
    </message>
    <message>
        <source>&amp;Réunion</source>
        <translation>&amp;Réunion</translation>
    </message>
    <message>
        <source>&amp;Participants</source>
        <translation>&amp;Participants</translation>
    </message>
    <message>
        <source>&amp;Situations</source>
        <translation>&amp;Situations</translation>
    </message>
    <message>
        <source>&amp;Décisions et actions</source>
        <translation>&amp;Décisions et actions</translation>
    </message>
    <message>
        <source>D&amp;ocuments</source>
        <translation>D&amp;ocuments</translation>
    </message>
    <message>
        <source>&amp;Enregistrer</source>
        <translation>&amp;Enregistrer</translation>
    </message>
    <message>
        <source>Réunion du {d} — {t}</source>
        <translation>Réunion du {d} — {t}</translation>
    </message>
    <message>
        <source>ex. : Concertations MSP de Laguiole (relie les réunions qui se suivent)</source>
        <translation>ex. : Concertations MSP de Laguiole (relie les réunions qui se suivent)</translation>
    </message>
    <message>
        <source>un point par ligne</source>
        <translation>un point par ligne</translation>
    </message>
    <message>
        <source>destinataires du compte rendu, un par ligne</source>
        <translation>destinataires du compte rendu, un par ligne</translation>
    </message>
    <message>
        <source>Décisions de la réunion (une par ligne)</source>
        <translation>Décisions de la réunion (une par ligne)</translation>
    </message>
    <message>
        <source>Décisions</source>
        <translation>Décisions</translation>
    </message>
    <message>
        <source>Actions décidées (les actions encore ouvertes reviennent à la réunion suivante de la série) :</source>
        <translation>Actions décidées (les actions encore ouvertes reviennent à la réunion suivante de la série) :</translation>
    </message>
    <message>
        <source>&amp;Valider le compte rendu</source>
        <translation>&amp;Valider le compte rendu</translation>
    </message>
    <message>
        <source>Ordre du jour et feuille d&apos;émargement (PDF)</source>
        <translation>Ordre du jour et feuille d&apos;émargement (PDF)</translation>
    </message>
    <message>
        <source>Invitation pour les agendas (.ics)</source>
        <translation>Invitation pour les agendas (.ics)</translation>
    </message>
    <message>
        <source>Diffusions enregistrées :</source>
        <translation>Diffusions enregistrées :</translation>
    </message>
    <message>
        <source>Registre des diffusions</source>
        <translation>Registre des diffusions</translation>
    </message>
    <message>
        <source>Nouvelle réunion : enregistrez-la pour produire ses documents.</source>
        <translation>Nouvelle réunion : enregistrez-la pour produire ses documents.</translation>
    </message>
    <message>
        <source> le {d} par {p} — toute modification sera un amendement tracé</source>
        <translation> le {d} par {p} — toute modification sera un amendement tracé</translation>
    </message>
    <message>
        <source> ({n} amendement(s))</source>
        <translation> ({n} amendement(s))</translation>
    </message>
    <message>
        <source>Réunion non enregistrée</source>
        <translation>Réunion non enregistrée</translation>
    </message>
    <message>
        <source>Amendement</source>
        <translation>Amendement</translation>
    </message>
    <message>
        <source>Motif :</source>
        <translation>Motif :</translation>
    </message>
    <message>
        <source>Valider le compte rendu</source>
        <translation>Valider le compte rendu</translation>
    </message>
    <message>
        <source>Valider le compte rendu de cette réunion ?

La réunion est d&apos;abord enregistrée, puis son compte rendu est figé : les documents pour l&apos;équipe et pour les partenaires partent de cette version. Toute modification ultérieure sera un amendement daté, avec son motif, visible dans les documents.</source>
        <translation>Valider le compte rendu de cette réunion ?

La réunion est d&apos;abord enregistrée, puis son compte rendu est figé : les documents pour l&apos;équipe et pour les partenaires partent de cette version. Toute modification ultérieure sera un amendement daté, avec son motif, visible dans les documents.</translation>
    </message>
    <message>
        <source>Compte rendu non validé</source>
        <translation>Compte rendu non validé</translation>
    </message>
    <message>
        <source>Enregistrer</source>
        <translation>Enregistrer</translation>
    </message>
    <message>
        <source>Relevé de décisions pour les partenaires — aperçu</source>
        <translation>Relevé de décisions pour les partenaires — aperçu</translation>
    </message>
    <message>
        <source>Export impossible</source>
        <translation>Export impossible</translation>
    </message>
    <message>
        <source>Document enregistré.</source>
        <translation>Document enregistré.</translation>
    </message>
    <message>
        <source>Ordre du jour et émargement — aperçu</source>
        <translation>Ordre du jour et émargement — aperçu</translation>
    </message>
    <message>
        <source>Ordre du jour et feuille d&apos;émargement enregistrés.</source>
        <translation>Ordre du jour et feuille d&apos;émargement enregistrés.</translation>
    </message>
    <message>
        <source>Invitation — aperçu</source>
        <translation>Invitation — aperçu</translation>
    </message>
    <message>
        <source>Invitation enregistrée (à joindre à un courriel ou à ouvrir dans l&apos;agenda).</source>
        <translation>Invitation enregistrée (à joindre à un courriel ou à ouvrir dans l&apos;agenda).</translation>
    </message>
</context>
<context>
    <name>ReunionsScreen</name>
    <message>
        <source>Réunions</source>
        <translation>Réunions</translation>
    </message>
    <message>
        <source>Suivi des actions</source>
        <translation>Suivi des actions</translation>
    </message>
    <message>
        <source>&amp;Nouvelle réunion</source>
        <translation>&amp;Nouvelle réunion</translation>
    </message>
    <message>
        <source>&amp;Planifier la suivante de la série</source>
        <translation>&amp;Planifier la suivante de la série</translation>
    </message>
    <message>
        <source>Même type, lieu et participants ; l&apos;ordre du jour reprend les actions ouvertes</source>
        <translation>Même type, lieu et participants ; l&apos;ordre du jour reprend les actions ouvertes</translation>
    </message>
    <message>
        <source>Responsable (structure ou personne)</source>
        <translation>Responsable (structure ou personne)</translation>
    </message>
    <message>
        <source>Filtrer par responsable</source>
        <translation>Filtrer par responsable</translation>
    </message>
    <message>
        <source>Statut des actions</source>
        <translation>Statut des actions</translation>
    </message>
    <message>
        <source>Ouvertes (à faire, en cours)</source>
        <translation>Ouvertes (à faire, en cours)</translation>
    </message>
    <message>
        <source>Toutes</source>
        <translation>Toutes</translation>
    </message>
    <message>
        <source>En retard seulement</source>
        <translation>En retard seulement</translation>
    </message>
    <message>
        <source>Échéance dans les 15 jours</source>
        <translation>Échéance dans les 15 jours</translation>
    </message>
    <message>
        <source>Actions</source>
        <translation>Actions</translation>
    </message>
    <message>
        <source>Marquer &amp;faite</source>
        <translation>Marquer &amp;faite</translation>
    </message>
    <message>
        <source>Marquer en &amp;cours</source>
        <translation>Marquer en &amp;cours</translation>
    </message>
    <message>
        <source>Liste des actions en PDF…</source>
        <translation>Liste des actions en PDF…</translation>
    </message>
    <message>
        <source>Liste des actions en CSV…</source>
        <translation>Liste des actions en CSV…</translation>
    </message>
    <message>
        <source>Aucune réunion : « Nouvelle réunion » pour préparer la première.</source>
        <translation>Aucune réunion : « Nouvelle réunion » pour préparer la première.</translation>
    </message>
    <message>
        <source>Cette réunion n&apos;appartient à aucune série : renseignez sa série d&apos;abord.</source>
        <translation>Cette réunion n&apos;appartient à aucune série : renseignez sa série d&apos;abord.</translation>
    </message>
    <message>
        <source>Liste des actions — aperçu</source>
        <translation>Liste des actions — aperçu</translation>
    </message>
    <message>
        <source>Liste des actions</source>
        <translation>Liste des actions</translation>
    </message>
    <message>
        <source>Export impossible</source>
        <translation>Export impossible</translation>
    </message>
    <message>
        <source>Liste des actions enregistrée.</source>
        <translation>Liste des actions enregistrée.</translation>
    </message>
</context>
<context>
    <name>RowsEditor</name>
    <message>
        <source>+ Ajouter</source>
        <translation>+ Ajouter</translation>
    </message>
    <message>
        <source>Retirer la ligne</source>
        <translation>Retirer la ligne</translation>
    </message>
    <message>
        <source>{c}, ligne {n}</source>
        <translation>{c}, ligne {n}</translation>
    </message>
</context>
<context>
    <name>SauvegardesWidget</name>
    <message>
        <source>Coordinateur copie la base toutes les 30 minutes quand quelque chose a changé, avant chaque mise à jour et avant les grands imports ; chaque copie est vérifiée. On garde la dernière de chacune des 24 dernières heures, des 14 derniers jours, des 8 dernières semaines et des 12 derniers mois. Dossier : {d}</source>
        <translation>Coordinateur copie la base toutes les 30 minutes quand quelque chose a changé, avant chaque mise à jour et avant les grands imports ; chaque copie est vérifiée. On garde la dernière de chacune des 24 dernières heures, des 14 derniers jours, des 8 dernières semaines et des 12 derniers mois. Dossier : {d}</translation>
    </message>
    <message>
        <source>Sauvegardes</source>
        <translation>Sauvegardes</translation>
    </message>
    <message>
        <source>&amp;Sauvegarder maintenant</source>
        <translation>&amp;Sauvegarder maintenant</translation>
    </message>
    <message>
        <source>&amp;Vérifier la sauvegarde choisie</source>
        <translation>&amp;Vérifier la sauvegarde choisie</translation>
    </message>
    <message>
        <source>&amp;Restaurer la sauvegarde choisie…</source>
        <translation>&amp;Restaurer la sauvegarde choisie…</translation>
    </message>
    <message>
        <source>Seconde &amp;destination (clé USB, partage interne) :</source>
        <translation>Seconde &amp;destination (clé USB, partage interne) :</translation>
    </message>
    <message>
        <source>aucune</source>
        <translation>aucune</translation>
    </message>
    <message>
        <source>Seconde destination des sauvegardes</source>
        <translation>Seconde destination des sauvegardes</translation>
    </message>
    <message>
        <source>C&amp;hoisir…</source>
        <translation>C&amp;hoisir…</translation>
    </message>
    <message>
        <source>Re&amp;tirer</source>
        <translation>Re&amp;tirer</translation>
    </message>
    <message>
        <source>Les données sont en clair : chiffrez-les d&apos;abord (onglet Phrase de passe) pour copier les sauvegardes hors de cet ordinateur.</source>
        <translation>Les données sont en clair : chiffrez-les d&apos;abord (onglet Phrase de passe) pour copier les sauvegardes hors de cet ordinateur.</translation>
    </message>
    <message>
        <source>Aucune sauvegarde pour l&apos;instant : « Sauvegarder maintenant » en fait une.</source>
        <translation>Aucune sauvegarde pour l&apos;instant : « Sauvegarder maintenant » en fait une.</translation>
    </message>
    <message>
        <source>Sauvegarde faite et vérifiée : {n}.</source>
        <translation>Sauvegarde faite et vérifiée : {n}.</translation>
    </message>
    <message>
        <source>Sauvegarde</source>
        <translation>Sauvegarde</translation>
    </message>
    <message>
        <source>Sauvegarde en cours…</source>
        <translation>Sauvegarde en cours…</translation>
    </message>
    <message>
        <source>Sauvegarde vérifiée</source>
        <translation>Sauvegarde vérifiée</translation>
    </message>
    <message>
        <source>Vérification de la sauvegarde…</source>
        <translation>Vérification de la sauvegarde…</translation>
    </message>
    <message>
        <source>{d} à {h}</source>
        <translation>{d} à {h}</translation>
    </message>
    <message>
        <source>Restaurer une sauvegarde</source>
        <translation>Restaurer une sauvegarde</translation>
    </message>
    <message>
        <source>Remettre les données telles qu&apos;elles étaient le {w} ?

Ce qui a été saisi depuis sera remplacé ; la base actuelle est d&apos;abord gardée comme sauvegarde « avant-restauration », ce qui permet de revenir en arrière. La fenêtre se fermera quelques instants et se rouvrira.</source>
        <translation>Remettre les données telles qu&apos;elles étaient le {w} ?

Ce qui a été saisi depuis sera remplacé ; la base actuelle est d&apos;abord gardée comme sauvegarde « avant-restauration », ce qui permet de revenir en arrière. La fenêtre se fermera quelques instants et se rouvrira.</translation>
    </message>
    <message>
        <source>Seconde destination</source>
        <translation>Seconde destination</translation>
    </message>
    <message>
        <source>Choisissez un autre support que le dossier des données : une clé USB ou un partage.</source>
        <translation>Choisissez un autre support que le dossier des données : une clé USB ou un partage.</translation>
    </message>
</context>
<context>
    <name>SecoursDialog</name>
    <message>
        <source>Clé de secours</source>
        <translation>Clé de secours</translation>
    </message>
    <message>
        <source>Recopiez les huit groupes de la clé de secours, puis choisissez une nouvelle phrase de passe.</source>
        <translation>Recopiez les huit groupes de la clé de secours, puis choisissez une nouvelle phrase de passe.</translation>
    </message>
    <message>
        <source>&amp;Valider</source>
        <translation>&amp;Valider</translation>
    </message>
    <message>
        <source>Nouvelle phrase de passe</source>
        <translation>Nouvelle phrase de passe</translation>
    </message>
    <message>
        <source>Confirmation</source>
        <translation>Confirmation</translation>
    </message>
    <message>
        <source>&amp;Clé de secours :</source>
        <translation>&amp;Clé de secours :</translation>
    </message>
    <message>
        <source>&amp;Nouvelle phrase :</source>
        <translation>&amp;Nouvelle phrase :</translation>
    </message>
    <message>
        <source>C&amp;onfirmation :</source>
        <translation>C&amp;onfirmation :</translation>
    </message>
</context>
<context>
    <name>SituationsEditor</name>
    <message>
        <source>Situations examinées</source>
        <translation>Situations examinées</translation>
    </message>
    <message>
        <source>+ Situation</source>
        <translation>+ Situation</translation>
    </message>
    <message>
        <source>Retirer</source>
        <translation>Retirer</translation>
    </message>
    <message>
        <source>Personne concernée</source>
        <translation>Personne concernée</translation>
    </message>
    <message>
        <source>— aucune personne enregistrée —</source>
        <translation>— aucune personne enregistrée —</translation>
    </message>
    <message>
        <source>La personne a été informée de la décision</source>
        <translation>La personne a été informée de la décision</translation>
    </message>
    <message>
        <source>Informée le</source>
        <translation>Informée le</translation>
    </message>
    <message>
        <source>À représenter à une prochaine réunion</source>
        <translation>À représenter à une prochaine réunion</translation>
    </message>
    <message>
        <source>À revoir le</source>
        <translation>À revoir le</translation>
    </message>
    <message>
        <source>Personne :</source>
        <translation>Personne :</translation>
    </message>
    <message>
        <source>Référent :</source>
        <translation>Référent :</translation>
    </message>
    <message>
        <source>Question posée :</source>
        <translation>Question posée :</translation>
    </message>
    <message>
        <source>Avis, décision :</source>
        <translation>Avis, décision :</translation>
    </message>
    <message>
        <source>Informée le :</source>
        <translation>Informée le :</translation>
    </message>
    <message>
        <source>Par :</source>
        <translation>Par :</translation>
    </message>
    <message>
        <source>À revoir le :</source>
        <translation>À revoir le :</translation>
    </message>
    <message>
        <source>situation</source>
        <translation>situation</translation>
    </message>
</context>
<context>
    <name>StructuresEditor</name>
    <message>
        <source>Structures de rattachement</source>
        <translation>Structures de rattachement</translation>
    </message>
    <message>
        <source>Chercher une structure à rattacher…</source>
        <translation>Chercher une structure à rattacher…</translation>
    </message>
    <message>
        <source>Chercher une structure à rattacher</source>
        <translation>Chercher une structure à rattacher</translation>
    </message>
    <message>
        <source>Structures trouvées</source>
        <translation>Structures trouvées</translation>
    </message>
    <message>
        <source>Rattacher</source>
        <translation>Rattacher</translation>
    </message>
    <message>
        <source>Retirer</source>
        <translation>Retirer</translation>
    </message>
</context>
<context>
    <name>TableauWidget</name>
    <message>
        <source>Genre de période</source>
        <translation>Genre de période</translation>
    </message>
    <message>
        <source>Année</source>
        <translation>Année</translation>
    </message>
    <message>
        <source>Semestre ou trimestre</source>
        <translation>Semestre ou trimestre</translation>
    </message>
    <message>
        <source>Du</source>
        <translation>Du</translation>
    </message>
    <message>
        <source>Au</source>
        <translation>Au</translation>
    </message>
    <message>
        <source>Partie du territoire</source>
        <translation>Partie du territoire</translation>
    </message>
    <message>
        <source>&amp;Période :</source>
        <translation>&amp;Période :</translation>
    </message>
    <message>
        <source>&amp;Territoire :</source>
        <translation>&amp;Territoire :</translation>
    </message>
    <message>
        <source>Indicateur</source>
        <translation>Indicateur</translation>
    </message>
    <message>
        <source>Valeur</source>
        <translation>Valeur</translation>
    </message>
    <message>
        <source>Précédente</source>
        <translation>Précédente</translation>
    </message>
    <message>
        <source>Évolution</source>
        <translation>Évolution</translation>
    </message>
    <message>
        <source>Indicateurs de la période</source>
        <translation>Indicateurs de la période</translation>
    </message>
    <message>
        <source>Double-cliquez sur un chiffre pour voir les fiches qui le composent.</source>
        <translation>Double-cliquez sur un chiffre pour voir les fiches qui le composent.</translation>
    </message>
    <message>
        <source>Commentaires du bilan : faits marquants, explications des écarts…</source>
        <translation>Commentaires du bilan : faits marquants, explications des écarts…</translation>
    </message>
    <message>
        <source>Commentaires du bilan</source>
        <translation>Commentaires du bilan</translation>
    </message>
    <message>
        <source>Enregistrer le co&amp;mmentaire</source>
        <translation>Enregistrer le co&amp;mmentaire</translation>
    </message>
    <message>
        <source>&amp;Clore la période…</source>
        <translation>&amp;Clore la période…</translation>
    </message>
    <message>
        <source>E&amp;xporter le bilan…</source>
        <translation>E&amp;xporter le bilan…</translation>
    </message>
    <message>
        <source>{n}{e} semestre</source>
        <translation>{n}{e} semestre</translation>
    </message>
    <message>
        <source>{n}{e} trimestre</source>
        <translation>{n}{e} trimestre</translation>
    </message>
    <message>
        <source>{p} — {t} : calcul en cours…</source>
        <translation>{p} — {t} : calcul en cours…</translation>
    </message>
    <message>
        <source>Calcul des indicateurs…</source>
        <translation>Calcul des indicateurs…</translation>
    </message>
    <message>
        <source>🔒 {p} — {t} : période close le {d} par {u} ; les chiffres sont figés (définitions {v}).</source>
        <translation>🔒 {p} — {t} : période close le {d} par {u} ; les chiffres sont figés (définitions {v}).</translation>
    </message>
    <message>
        <source>{p} — {t} : chiffres calculés à partir des données, comparés à la période précédente ({q}). Double-cliquez sur un indicateur pour voir ses fiches.</source>
        <translation>{p} — {t} : chiffres calculés à partir des données, comparés à la période précédente ({q}). Double-cliquez sur un indicateur pour voir ses fiches.</translation>
    </message>
    <message>
        <source>La période n&apos;est pas terminée.</source>
        <translation>La période n&apos;est pas terminée.</translation>
    </message>
    <message>
        <source>Recherche des fiches…</source>
        <translation>Recherche des fiches…</translation>
    </message>
    <message>
        <source>Détail de l&apos;indicateur</source>
        <translation>Détail de l&apos;indicateur</translation>
    </message>
    <message>
        <source>Commentaires</source>
        <translation>Commentaires</translation>
    </message>
    <message>
        <source>Clore la période</source>
        <translation>Clore la période</translation>
    </message>
    <message>
        <source>Clore {p} pour {t} ?

Ses chiffres et vos commentaires seront figés : le bilan se réimprimera à l&apos;identique même si les données changent ensuite. Une période close ne se rouvre pas.</source>
        <translation>Clore {p} pour {t} ?

Ses chiffres et vos commentaires seront figés : le bilan se réimprimera à l&apos;identique même si les données changent ensuite. Une période close ne se rouvre pas.</translation>
    </message>
    <message>
        <source>PDF d&apos;une page (*.pdf)</source>
        <translation>PDF d&apos;une page (*.pdf)</translation>
    </message>
    <message>
        <source>CSV pour Excel (*.csv)</source>
        <translation>CSV pour Excel (*.csv)</translation>
    </message>
    <message>
        <source>Classeur Excel (*.xlsx)</source>
        <translation>Classeur Excel (*.xlsx)</translation>
    </message>
    <message>
        <source>Exporter le bilan</source>
        <translation>Exporter le bilan</translation>
    </message>
    <message>
        <source>Export du bilan…</source>
        <translation>Export du bilan…</translation>
    </message>
    <message>
        <source>Export du bilan</source>
        <translation>Export du bilan</translation>
    </message>
    <message>
        <source>Bilan enregistré.</source>
        <translation>Bilan enregistré.</translation>
    </message>
</context>
<context>
    <name>TerritoireScreen</name>
    <message>
        <source>&amp;Rechercher :</source>
        <translation>&amp;Rechercher :</translation>
    </message>
    <message>
        <source>Commune, code postal, code INSEE ou communauté de communes</source>
        <translation>Commune, code postal, code INSEE ou communauté de communes</translation>
    </message>
    <message>
        <source>Rechercher une commune</source>
        <translation>Rechercher une commune</translation>
    </message>
    <message>
        <source>Communauté de &amp;communes :</source>
        <translation>Communauté de &amp;communes :</translation>
    </message>
    <message>
        <source>Filtrer par communauté de communes</source>
        <translation>Filtrer par communauté de communes</translation>
    </message>
    <message>
        <source>Communes du territoire</source>
        <translation>Communes du territoire</translation>
    </message>
    <message>
        <source>Double-cliquez sur une commune (ou Entrée) pour voir dans l&apos;annuaire qui y travaille.</source>
        <translation>Double-cliquez sur une commune (ou Entrée) pour voir dans l&apos;annuaire qui y travaille.</translation>
    </message>
    <message>
        <source>commune</source>
        <translation>commune</translation>
    </message>
    <message>
        <source>communes</source>
        <translation>communes</translation>
    </message>
    <message>
        <source>habitant</source>
        <translation>habitant</translation>
    </message>
    <message>
        <source>habitants</source>
        <translation>habitants</translation>
    </message>
    <message>
        <source>communauté de communes</source>
        <translation>communauté de communes</translation>
    </message>
    <message>
        <source>communautés de communes</source>
        <translation>communautés de communes</translation>
    </message>
    <message>
        <source>Toutes</source>
        <translation>Toutes</translation>
    </message>
    <message>
        <source>Aucune commune ne correspond à votre recherche.</source>
        <translation>Aucune commune ne correspond à votre recherche.</translation>
    </message>
    <message>
        <source>{shown} sur {total}</source>
        <translation>{shown} sur {total}</translation>
    </message>
</context>
<context>
    <name>VeillePartage</name>
    <message>
        <source>Erreur inattendue pendant la synchronisation (déjà signalée).</source>
        <translation>Erreur inattendue pendant la synchronisation (déjà signalée).</translation>
    </message>
</context>
<context>
    <name>VerrouWidget</name>
    <message>
        <source>&lt;h2&gt;Coordinateur est verrouillé&lt;/h2&gt;</source>
        <translation>&lt;h2&gt;Coordinateur est verrouillé&lt;/h2&gt;</translation>
    </message>
    <message>
        <source>Les données sont masquées. Saisissez la phrase de passe pour reprendre.</source>
        <translation>Les données sont masquées. Saisissez la phrase de passe pour reprendre.</translation>
    </message>
    <message>
        <source>Phrase de passe</source>
        <translation>Phrase de passe</translation>
    </message>
    <message>
        <source>&amp;Déverrouiller</source>
        <translation>&amp;Déverrouiller</translation>
    </message>
    <message>
        <source>Phrase &amp;oubliée ?</source>
        <translation>Phrase &amp;oubliée ?</translation>
    </message>
    <message>
        <source>La clé de secours imprimée permet de choisir une nouvelle phrase</source>
        <translation>La clé de secours imprimée permet de choisir une nouvelle phrase</translation>
    </message>
    <message>
        <source>Phrase de passe oubliée</source>
        <translation>Phrase de passe oubliée</translation>
    </message>
    <message>
        <source>Sans la phrase de passe, seule la clé de secours rouvre les données.</source>
        <translation>Sans la phrase de passe, seule la clé de secours rouvre les données.</translation>
    </message>
    <message>
        <source>C&apos;est la feuille « Clé de secours » imprimée ou enregistrée en PDF quand les données ont été protégées : huit groupes de lettres et de chiffres. Recopiez-la, puis choisissez une nouvelle phrase de passe ; rien n&apos;est perdu. Sans cette feuille, personne ne peut rouvrir les données, pas même l&apos;éditeur : restaurez alors une sauvegarde dont vous connaissez la phrase.</source>
        <translation>C&apos;est la feuille « Clé de secours » imprimée ou enregistrée en PDF quand les données ont été protégées : huit groupes de lettres et de chiffres. Recopiez-la, puis choisissez une nouvelle phrase de passe ; rien n&apos;est perdu. Sans cette feuille, personne ne peut rouvrir les données, pas même l&apos;éditeur : restaurez alors une sauvegarde dont vous connaissez la phrase.</translation>
    </message>
    <message>
        <source>&amp;Utiliser la clé de secours…</source>
        <translation>&amp;Utiliser la clé de secours…</translation>
    </message>
    <message>
        <source>Annuler</source>
        <translation>Annuler</translation>
    </message>
</context>
<context>
    <name>_Formulaire</name>
    <message>
        <source>&amp;Enregistrer</source>
        <translation>&amp;Enregistrer</translation>
    </message>
</context>
<context>
    <name>_PhraseDialog</name>
    <message>
        <source>Les deux saisies ne sont pas identiques.</source>
        <translation>Les deux saisies ne sont pas identiques.</translation>
    </message>
</context>
<context>
    <name>parent</name>
    <message>
        <source>Problèmes à corriger</source>
        <translation>Problèmes à corriger</translation>
    </message>
    <message>
        <source>Date à corriger</source>
        <translation>Date à corriger</translation>
    </message>
    <message>
        <source>Imprimer {f}</source>
        <translation>Imprimer {f}</translation>
    </message>
    <message>
        <source>Impression impossible</source>
        <translation>Impression impossible</translation>
    </message>
    <message>
        <source>Export terminé</source>
        <translation>Export terminé</translation>
    </message>
    <message>
        <source>&amp;Ouvrir</source>
        <translation>&amp;Ouvrir</translation>
    </message>
    <message>
        <source>&amp;Imprimer…</source>
        <translation>&amp;Imprimer…</translation>
    </message>
    <message>
        <source>Fermer</source>
        <translation>Fermer</translation>
    </message>
    <message>
        <source>Ouverture impossible</source>
        <translation>Ouverture impossible</translation>
    </message>
    <message>
        <source>Aucune application n&apos;a pu ouvrir ce fichier :
{p}</source>
        <translation>Aucune application n&apos;a pu ouvrir ce fichier :
{p}</translation>
    </message>
</context>
</TS>
