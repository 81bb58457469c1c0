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
