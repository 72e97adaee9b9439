"""Vocabulary of the demonstration database: towns, names, partners, themes (all fictitious).

Towns are real so that a newcomer recognises them; people, addresses and structures are
invented. Telephone numbers use the range ARCEP reserves for fiction (06 39 98 xx xx).
"""

from __future__ import annotations

from dataclasses import dataclass

from pea_desktop.domain.enums import AudienceKind, InterventionFormat, PartnerKind


@dataclass(frozen=True)
class Town:
    code: str
    name: str
    department: str
    postal_code: str


TOWNS: tuple[Town, ...] = (
    Town("LYON", "Lyon", "69", "69003"),
    Town("GRENOBLE", "Grenoble", "38", "38000"),
    Town("SAINT-ETIENNE", "Saint-Étienne", "42", "42000"),
    Town("CLERMONT", "Clermont-Ferrand", "63", "63000"),
    Town("CHAMBERY", "Chambéry", "73", "73000"),
    Town("ANNECY", "Annecy", "74", "74000"),
    Town("VALENCE", "Valence", "26", "26000"),
    Town("DIJON", "Dijon", "21", "21000"),
    Town("BESANCON", "Besançon", "25", "25000"),
    Town("MARSEILLE", "Marseille", "13", "13001"),
    Town("NICE", "Nice", "06", "06000"),
    Town("MONTPELLIER", "Montpellier", "34", "34000"),
    Town("NIMES", "Nîmes", "30", "30000"),
    Town("TOULOUSE", "Toulouse", "31", "31000"),
    Town("BORDEAUX", "Bordeaux", "33", "33000"),
    Town("PAU", "Pau", "64", "64000"),
    Town("LIMOGES", "Limoges", "87", "87000"),
    Town("POITIERS", "Poitiers", "86", "86000"),
    Town("NANTES", "Nantes", "44", "44000"),
    Town("ANGERS", "Angers", "49", "49000"),
    Town("RENNES", "Rennes", "35", "35000"),
    Town("BREST", "Brest", "29", "29200"),
    Town("CAEN", "Caen", "14", "14000"),
    Town("ROUEN", "Rouen", "76", "76000"),
    Town("LE-HAVRE", "Le Havre", "76", "76600"),
    Town("LILLE", "Lille", "59", "59000"),
    Town("AMIENS", "Amiens", "80", "80000"),
    Town("REIMS", "Reims", "51", "51100"),
    Town("METZ", "Metz", "57", "57000"),
    Town("NANCY", "Nancy", "54", "54000"),
    Town("STRASBOURG", "Strasbourg", "67", "67000"),
    Town("MULHOUSE", "Mulhouse", "68", "68100"),
    Town("ORLEANS", "Orléans", "45", "45000"),
    Town("TOURS", "Tours", "37", "37000"),
    Town("LE-MANS", "Le Mans", "72", "72000"),
    Town("PARIS", "Paris", "75", "75011"),
    Town("VERSAILLES", "Versailles", "78", "78000"),
    Town("CRETEIL", "Créteil", "94", "94000"),
    Town("AJACCIO", "Ajaccio", "2A", "20000"),
    Town("BASTIA", "Bastia", "2B", "20200"),
    Town("PERPIGNAN", "Perpignan", "66", "66000"),
    Town("AVIGNON", "Avignon", "84", "84000"),
    Town("TOULON", "Toulon", "83", "83000"),
    Town("LA-ROCHELLE", "La Rochelle", "17", "17000"),
    Town("BOURGES", "Bourges", "18", "18000"),
    Town("AURILLAC", "Aurillac", "15", "15000"),
    Town("QUIMPER", "Quimper", "29", "29000"),
    Town("TROYES", "Troyes", "10", "10000"),
    Town("CHARTRES", "Chartres", "28", "28000"),
    Town("ARRAS", "Arras", "62", "62000"),
)

FIRST_NAMES = (
    "Élodie", "Hélène", "Jérôme", "Frédéric", "Chloé", "Noémie", "Clément", "Benoît",
    "Françoise", "Gaëlle", "Anaïs", "Joël", "Raphaël", "Léa", "Zoé", "Thérèse", "Stéphane",
    "Sébastien", "Cécile", "Véronique", "Amélie", "Maëlle", "Loïc", "Aurélien", "Valérie",
    "Karim", "Nadia", "Yasmine", "Mehdi", "Samuel", "Pascal", "Nathalie", "Sylvie", "Patrick",
    "Michel", "Christine", "Isabelle", "Thierry", "Laurent", "Sandrine", "Agnès", "Bérénice",
    "Géraldine", "Jérémy", "Mathéo", "Inès", "Hervé", "Gérard", "Denis", "Solène", "Josiane",
    "Rémi", "Océane", "Maïwenn", "François", "Léon", "Désiré", "Ophélie", "Gaël", "Aïcha",
)  # fmt: skip

LAST_NAMES = (
    "Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand", "Leroy",
    "Moreau", "Simon", "Laurent", "Lefèvre", "Michel", "Garcia", "David", "Bertrand", "Roux",
    "Vincent", "Fournier", "Morel", "Girard", "André", "Mercier", "Dupont", "Lambert", "Bonnet",
    "François", "Martinez", "Legrand", "Garnier", "Faure", "Rousseau", "Blanc", "Guérin",
    "Muller", "Henry", "Roussel", "Nicolas", "Perrin", "Morin", "Mathieu", "Gauthier", "Dumont",
    "Lopez", "Fontaine", "Chevalier", "Robin", "Masson", "Sanchez", "Nguyen", "Boyer", "Lemaire",
    "Duval", "Joly", "Roche", "Benali", "Haddad", "Lebrun", "Barbier", "Brunet", "Schmitt",
    "Le Gall", "Kerbrat", "Pélissier", "Bénard", "Caron", "Lécuyer", "Desprès", "Ménard",
    "Besnard", "Carré", "Collet", "Hébert", "Rivière", "Prévost", "Lefèbvre", "Noël", "Poirier",
)  # fmt: skip

STREETS = (
    "rue Victor-Hugo", "avenue Jean-Jaurès", "rue de la République", "boulevard Gambetta",
    "rue Pasteur", "place de l'Église", "rue des Écoles", "chemin des Vignes",
    "allée des Tilleuls", "rue du Général-de-Gaulle", "impasse des Lilas", "rue Émile-Zola",
    "avenue de la Libération", "rue Voltaire", "rue des Acacias", "quai des Célestins",
    "rue de l'Hôtel-de-Ville", "cours Lafayette", "rue Marie-Curie", "chemin du Moulin",
)  # fmt: skip

GROUP_PLACES = (
    "Maison des associations de {town}",
    "Centre social des Tilleuls, {town}",
    "Salle municipale Jean-Moulin, {town}",
    "Local de l'antenne, {town}",
    "Maison de quartier du Centre, {town}",
    "Espace associatif Victor-Hugo, {town}",
    "Salle paroissiale Saint-Joseph, {town}",
    "Maison des solidarités, {town}",
)

THEMES = (
    "Le premier mois sans produit", "La rechute : en parler sans honte", "Les fêtes de fin d'année",
    "Parler à ses enfants", "La place des proches", "Le retour au travail", "Gérer l'envie",
    "Le sommeil retrouvé", "La honte et la culpabilité", "Reprendre confiance en soi",
    "Les sorties entre amis", "Le regard des autres", "Vivre avec un proche dépendant",
    "Les émotions au quotidien", "Le sevrage et après", "Prendre soin de son corps",
    "Les démarches administratives", "L'ennui et le temps libre", "La colère",
    "Fêter une année d'abstinence", "Les écrans et les jeux", "Le cannabis au quotidien",
    "Accueil des nouveaux venus", "Thème libre",
)  # fmt: skip

# Partner structures of each antenna: name pattern, kind, and the interventions they ask for.
PARTNERS: tuple[tuple[str, PartnerKind], ...] = (
    ("CSAPA de {town}", PartnerKind.CSAPA),
    ("CHU de {town} – service d'addictologie", PartnerKind.ADDICTION_SERVICE),
    ("IFSI de {town}", PartnerKind.SCHOOL),
    ("Lycée Jean-Moulin, {town}", PartnerKind.SCHOOL),
    ("Maison d'arrêt de {town}", PartnerKind.PRISON),
    ("Clinique des Cèdres, {town}", PartnerKind.CLINIC),
    ("CAARUD Le Relais, {town}", PartnerKind.CAARUD),
    ("Centre hospitalier de {town}", PartnerKind.HOSPITAL),
)

# What each kind of partner usually asks for: (format, audience kind, audience size range).
INTERVENTIONS: dict[PartnerKind, tuple[tuple[InterventionFormat, AudienceKind, int, int], ...]] = {
    PartnerKind.CSAPA: (
        (InterventionFormat.TESTIMONY, AudienceKind.PATIENTS, 5, 15),
        (InterventionFormat.INFORMATION, AudienceKind.RELATIVES, 6, 20),
    ),
    PartnerKind.ADDICTION_SERVICE: (
        (InterventionFormat.TESTIMONY, AudienceKind.PATIENTS, 6, 14),
        (InterventionFormat.REPRESENTATION, AudienceKind.PROFESSIONALS, 5, 12),
    ),
    PartnerKind.SCHOOL: (
        (InterventionFormat.TRAINING, AudienceKind.STUDENTS, 20, 80),
        (InterventionFormat.PREVENTION, AudienceKind.STUDENTS, 25, 120),
    ),
    PartnerKind.PRISON: ((InterventionFormat.TESTIMONY, AudienceKind.PATIENTS, 4, 12),),
    PartnerKind.CLINIC: (
        (InterventionFormat.TESTIMONY, AudienceKind.PATIENTS, 6, 18),
        (InterventionFormat.TRAINING, AudienceKind.PROFESSIONALS, 8, 25),
    ),
    PartnerKind.CAARUD: ((InterventionFormat.INFORMATION, AudienceKind.PATIENTS, 4, 12),),
    PartnerKind.HOSPITAL: (
        (InterventionFormat.TRAINING, AudienceKind.PROFESSIONALS, 10, 40),
        (InterventionFormat.INFORMATION, AudienceKind.GENERAL, 15, 60),
    ),
}

GROUP_NOTES = (
    "",
    "",
    "",
    "",
    "Bonne dynamique, plusieurs prises de parole.",
    "Deux personnes orientées par le CSAPA.",
    "Salle trop petite, prévoir un autre lieu.",
    "Échange riche sur la place des proches.",
)
VISIT_NOTES = (
    "",
    "",
    "",
    "Personne demandeuse d'un nouveau passage.",
    "Orientation vers le groupe de parole.",
    "Famille présente, échange apaisé.",
)
INTERVENTION_NOTES = (
    "",
    "",
    "Beaucoup de questions du public.",
    "Intervention à renouveler l'an prochain.",
    "Documentation laissée sur place.",
)

# Ends the association's name: the window recognises a demonstration base by it (base.py).
DEMO_MARK = "(données de démonstration)"

ASSOCIATION = {
    "name": f"Fédération Entraide Addictions {DEMO_MARK}",
    "address": "12 rue des Capucins",
    "postal_code": "69001",
    "city": "Lyon",
    "rna": "W691234567",
    "siren": "",
    "purpose": (
        "Accompagner les personnes en difficulté avec l'alcool ou d'autres produits et leurs "
        "proches, par l'entraide entre pairs : groupes de parole, visites, témoignages et "
        "représentation des usagers."
    ),
    "signatory_name": "Marie-Thérèse Lefèvre",
    "signatory_title": "Présidente",
}
