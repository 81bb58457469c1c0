// Formulaire d'inscription : n'affiche la situation fiscale (CEJ) et l'orienteur (CARS 35) que pour les
// dispositifs qui les demandent (listes d'identifiants fournies par la vue dans des attributs data-).
document.addEventListener("DOMContentLoaded", function () {
  var formulaire = document.querySelector("form[data-champs-conditionnels]");
  if (!formulaire) return;
  var choix = formulaire.querySelector("#id_dispositif");
  var regles = {
    foyer: (formulaire.dataset.avecFoyer || "").split(","),
    orienteur: (formulaire.dataset.avecOrienteur || "").split(","),
  };
  var champs = { foyer: ["id_foyer_imposable"], orienteur: ["id_orienteur_type", "id_orienteur_nom"] };
  function mettreAJour() {
    Object.keys(champs).forEach(function (cle) {
      var visible = regles[cle].indexOf(choix.value) !== -1;
      champs[cle].forEach(function (id) {
        var champ = document.getElementById(id);
        if (champ) champ.closest(".mb-3").classList.toggle("d-none", !visible);
      });
    });
  }
  choix.addEventListener("change", mettreAJour);
  mettreAJour();
});
