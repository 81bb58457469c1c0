// Comportements communs (chargé avec defer ; aucun script en ligne n'est autorisé par la CSP).
document.addEventListener("htmx:responseError", function (evt) {
  const cible = document.getElementById("erreurs-htmx");
  if (cible) {
    cible.textContent = "L'action n'a pas abouti (erreur " + evt.detail.xhr.status + "). Rechargez la page.";
    cible.classList.remove("d-none");
  }
});
// Confirmation des actions sensibles : <button data-confirmer="Texte">.
document.addEventListener("click", function (evt) {
  const bouton = evt.target.closest("[data-confirmer]");
  if (bouton && !window.confirm(bouton.dataset.confirmer)) {
    evt.preventDefault();
  }
});
// Recherche de l'en-tête : Entrée ouvre le premier résultat affiché (sans JavaScript, Entrée envoie le formulaire
// vers la page de résultats) ; flèches haut et bas pour passer d'un résultat à l'autre ; Échap ferme la liste.
document.addEventListener("keydown", function (evt) {
  const formulaire = evt.target.closest("[data-recherche-entete]");
  if (!formulaire) {
    return;
  }
  const liens = Array.from(formulaire.querySelectorAll(".recherche-entete-resultats a"));
  const champ = formulaire.querySelector("input[name=q]");
  const position = liens.indexOf(evt.target);
  if (evt.key === "Enter" && evt.target === champ && liens.length > 0) {
    evt.preventDefault();
    window.location.assign(liens[0].href);
  } else if (evt.key === "ArrowDown" && liens.length > 0) {
    evt.preventDefault();
    liens[Math.min(position + 1, liens.length - 1)].focus();
  } else if (evt.key === "ArrowUp" && position >= 0) {
    evt.preventDefault();
    (position === 0 ? champ : liens[position - 1]).focus();
  } else if (evt.key === "Escape") {
    formulaire.querySelector(".recherche-entete-resultats").replaceChildren();
    champ.focus();
  }
});
