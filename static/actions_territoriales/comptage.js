// Tablette de comptage : touches 1 à 7 (rangée du haut ou pavé numérique, quelle que soit la disposition du clavier :
// on lit `code`, pas `key`) = « +1 » du compteur de même numéro ; Maj + chiffre = « −1 ». Le clic passe par le
// bouton lui-même (htmx, ou envoi ordinaire du formulaire sans JavaScript). Chargé avec defer ; aucun script en
// ligne (CSP).
document.addEventListener("keydown", function (evt) {
  if (evt.ctrlKey || evt.altKey || evt.metaKey || evt.repeat) {
    return;
  }
  const cible = evt.target;
  if (cible && (cible.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(cible.tagName))) {
    return;
  }
  const trouve = /^(?:Digit|Numpad)([1-7])$/.exec(evt.code || "");
  if (!trouve || !document.querySelector("[data-comptage]")) {
    return;
  }
  const selecteur = evt.shiftKey ? '[data-touche-moins="' + trouve[1] + '"]' : '[data-touche="' + trouve[1] + '"]';
  const bouton = document.querySelector(selecteur);
  if (bouton) {
    evt.preventDefault();
    bouton.focus();
    bouton.click();
  }
});
// Les compteurs sont remplacés à chaque « +1 » et à chaque rafraîchissement : le bouton qui avait le focus le
// retrouve (même identifiant), pour qu'une personne au clavier ou au lecteur d'écran ne soit pas renvoyée en haut.
let focusAvantEchange = null;
document.addEventListener("htmx:beforeSwap", function (evt) {
  const actif = document.activeElement;
  focusAvantEchange = evt.detail.target && evt.detail.target.id === "compteurs" && actif && actif.id ? actif.id : null;
});
document.addEventListener("htmx:afterSettle", function () {
  if (!focusAvantEchange) {
    return;
  }
  const element = document.getElementById(focusAvantEchange);
  focusAvantEchange = null;
  if (element && document.activeElement !== element) {
    element.focus({ preventScroll: true });
  }
});
