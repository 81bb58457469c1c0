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
