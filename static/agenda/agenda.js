// Agenda : raccourcis clavier ← (période précédente), → (période suivante), t (aujourd'hui). Aucun raccourci
// quand le focus est dans un champ de saisie ou avec une touche de modification ; les liens restent utilisables
// au clavier (Tab, Entrée) et sans JavaScript.
document.addEventListener("keydown", function (evt) {
  if (evt.defaultPrevented || evt.altKey || evt.ctrlKey || evt.metaKey || evt.shiftKey || evt.isComposing) {
    return;
  }
  const cible = evt.target;
  if (cible.closest && cible.closest("input, select, textarea, [contenteditable], [role=textbox]")) {
    return;
  }
  const raccourcis = { ArrowLeft: "precedent", ArrowRight: "suivant", t: "aujourdhui", T: "aujourdhui" };
  const nom = raccourcis[evt.key];
  const lien = nom ? document.querySelector('[data-agenda-raccourcis] [data-raccourci="' + nom + '"]') : null;
  if (lien) {
    evt.preventDefault();
    lien.click();
  }
});
