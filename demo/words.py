"""The words demo requests are made of, in English and French side by side ((en, fr) pairs):
names with accents, ligatures and syllabics, so every page, export and font is tried on them."""

from __future__ import annotations

FIRST_NAMES = [
    "Amélie", "Hélène", "François", "Gaëlle", "Noémie", "Jérôme", "Zoë", "Renée", "Ève",
    "Benoît", "Mélanie", "Joël", "Anaïs", "Éric", "Maëlle", "Siobhán", "Seán", "Chloé",
    "Emily", "Olivia", "Liam", "Priya", "Aaliyah", "Mohammed", "Grace", "Daniel", "Sarah",
    "Noah", "Wei", "Fatima", "Raphaël", "Björn", "Dolorès", "ᓯᓚ", "ᐊᐳᑎ", "ᓄᓇ", "ᓯᑯ",
]  # fmt: skip
LAST_NAMES = [
    "Tremblay-Côté", "Bélanger", "Lévesque", "Gagné", "Pelletier", "Bouchard", "Thériault",
    "Ouellet", "Œuvrard", "Lœuillet", "Cœurdacier", "Chen", "MacDonald", "O’Brien",
    "Natarajan", "Haddad", "Al-Sayed", "Nakamura", "Kowalski", "Wilson", "Thompson",
    "Nguyễn", "Ní Bhriain", "Müller", "ᑯᓱᒐᒃ", "ᐅᑲᓕᒃ", "Kusugak", "Okalik",
]  # fmt: skip
TITLES = [
    ("Director, Digital Services", "Directrice, Services numériques"),
    ("Senior Policy Analyst", "Analyste principal des politiques"),
    ("Manager, Program Operations", "Gestionnaire, Opérations du programme"),
    ("Director General, Client Experience", "Directrice générale, Expérience client"),
    ("Privacy Advisor", "Conseillère en protection de la vie privée"),
    ("Legal Counsel", "Conseiller juridique"),
    ("Solutions Architect", "Architecte de solutions"),
    ("Communications Advisor", "Conseillère en communications"),
    ("Chief Information Officer", "Dirigeant principal de l’information"),
    ("Service Owner", "Responsable du service"),
    ("Business Analyst", "Analyste d’affaires"),
]
SERVICES = [
    ("Employment Insurance benefits", "Prestations d’assurance-emploi"),
    ("Passport renewal", "Renouvellement de passeport"),
    ("Student grants and loans", "Bourses et prêts d’études"),
    ("Veterans disability benefits", "Prestations d’invalidité pour les vétérans"),
    ("Trademark applications", "Demandes d’enregistrement de marques de commerce"),
    ("Commercial fishing licences", "Permis de pêche commerciale"),
    ("Campground reservations", "Réservations de terrains de camping"),
    ("Import permits", "Permis d’importation"),
    ("Grants and contributions reporting", "Rapports sur les subventions et contributions"),
    ("Apprenticeship grants", "Subventions aux apprentis"),
    ("Old Age Security enrolment", "Inscription à la Sécurité de la vieillesse"),
    ("Small business loans", "Prêts aux petites entreprises"),
]
BRANCHES = [
    ("Client Services Branch", "Direction générale des services aux clients"),
    ("Program Operations Branch", "Direction générale des opérations des programmes"),
    ("Digital Transformation Office", "Bureau de la transformation numérique"),
    ("Benefits Delivery Services", "Services de versement des prestations"),
    ("Strategic Policy Branch", "Direction générale de la politique stratégique"),
]
PROBLEMS = [
    (
        "Applicants wait {weeks} weeks for a decision and call us to ask where their file is.",
        "Les demandeurs attendent {weeks} semaines pour une décision et nous appellent pour "
        "savoir où en est leur dossier.",
    ),
    (
        "Half of the applications we receive are incomplete and come back to the applicant.",
        "La moitié des demandes reçues sont incomplètes et retournées aux demandeurs.",
    ),
    (
        "Staff re-enter the same information in {systems} systems for each file.",
        "Le personnel saisit les mêmes renseignements dans {systems} systèmes pour chaque dossier.",
    ),
]
USERS = [
    (
        "People who lost their job and need income support quickly.",
        "Des personnes qui ont perdu leur emploi et ont besoin d’un soutien rapide.",
    ),
    (
        "Small business owners applying between other obligations, often on a phone.",
        "Des propriétaires de petites entreprises qui font leur demande entre deux tâches, "
        "souvent sur un téléphone.",
    ),
    (
        "Seniors and their caregivers, some with limited internet access.",
        "Des aînés et leurs proches aidants, dont certains ont un accès limité à Internet.",
    ),
]
IMPACTS = [
    ("More calls, longer waits and frustrated clients.", "Plus d’appels, plus d’attente et "
     "des clients frustrés."),
    ("Backlogs grow every season and overtime costs rise.", "Les arriérés augmentent chaque "
     "saison et les heures supplémentaires coûtent plus cher."),
]  # fmt: skip
WHY_NOW = [
    ("A new policy comes into force next year.", "Une nouvelle politique entre en vigueur "
     "l’an prochain."),
    ("Our legacy system reaches end of support.", "Notre ancien système arrive en fin de "
     "soutien."),
    ("Leadership made this service a priority.", "La direction a fait de ce service une "
     "priorité."),
]  # fmt: skip
DAILY_ROLES = [
    ("Leads the team that runs the service.", "Dirige l’équipe qui offre le service."),
    ("Advises on policy and legislation.", "Conseille sur les politiques et la législation."),
    ("Maintains the case management system.", "Entretient le système de gestion des dossiers."),
]
FREQUENCIES = [
    ("Every day", "Tous les jours"),
    ("A few hours a week", "Quelques heures par semaine"),
    ("When asked", "Au besoin"),
]
COMMENTS = [
    "Nous avons commencé à travailler avec des équipes multidisciplinaires l’an dernier.",
    "Decisions still go through many approval layers.",
    "La recherche sur les utilisateurs dépend d’un seul contrat externe.",
    "We publish very little about our work in the open.",
    "Les outils modernes sont difficiles à obtenir à cause des processus d’approvisionnement.",
]
LEVELS = ("executive", "management", "working")
