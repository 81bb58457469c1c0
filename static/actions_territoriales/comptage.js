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
// Le focus : htmx le rend lui-même, après chaque échange de #compteurs, à l'élément de même identifiant.
