// Formulaire d'une action : une entreprise cochée parmi les résultats de recherche rejoint la liste des entreprises
// choisies (une nouvelle recherche ne l'efface donc pas). Sans JavaScript, les cases cochées sont envoyées telles
// quelles. Chargé avec defer ; aucun script en ligne (CSP).
document.addEventListener("change", function (evt) {
  const suggestion = evt.target.closest("[data-suggestion-entreprise]");
  const choisies = document.querySelector("[data-entreprises-choisies]");
  if (!suggestion || !choisies || !evt.target.checked) {
    return;
  }
  const deja = choisies.querySelector('input[value="' + CSS.escape(evt.target.value) + '"]');
  if (deja) {
    deja.checked = true;
    suggestion.remove();
    return;
  }
  const aucune = choisies.querySelector("[data-aucune-entreprise]");
  if (aucune) {
    aucune.remove();
  }
  suggestion.removeAttribute("data-suggestion-entreprise");
  choisies.appendChild(suggestion);
});
// Entrée dans la recherche d'entreprise : lance la recherche, sans envoyer tout le formulaire de l'action.
document.addEventListener("keydown", function (evt) {
  if (evt.key === "Enter" && evt.target.id === "recherche-entreprise") {
    evt.preventDefault();
    evt.target.dispatchEvent(new Event("search"));
  }
});
