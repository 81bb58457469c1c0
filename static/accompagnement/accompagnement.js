// Accompagnement : « tout sélectionner » dans les listes (les cases restent utilisables sans JavaScript).
document.addEventListener("change", function (evt) {
  const maitre = evt.target.closest("[data-tout-selectionner]");
  if (!maitre) {
    return;
  }
  const nom = maitre.dataset.toutSelectionner;
  const formulaire = maitre.closest("form") || document;
  formulaire.querySelectorAll('input[type="checkbox"][name="' + nom + '"]').forEach(function (caseACocher) {
    caseACocher.checked = maitre.checked;
  });
});

// Saisie rapide : dans un compte rendu sur plusieurs lignes, Entrée enregistre (comme dans un champ d'une ligne)
// et Maj+Entrée passe à la ligne.
document.addEventListener("keydown", function (evt) {
  const zone = evt.target.closest ? evt.target.closest("textarea[data-entree-envoie]") : null;
  if (!zone || evt.key !== "Enter" || evt.shiftKey || evt.isComposing) {
    return;
  }
  evt.preventDefault();
  zone.form.requestSubmit();
});
