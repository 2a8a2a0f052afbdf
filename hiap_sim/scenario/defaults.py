"""Built-in defaults: the Dutch ministries (current and historical) and the determinant topics.

A scenario that names a known department code starts from these values and overrides what it sets.
Figures cite evidence.md keys; the rest are marked assumption in the schema's descriptions.
"""

from __future__ import annotations

from typing import Any

# Current ministries (2025) [ABD2024] plus the historical ones of the 2008 set [HHS2016 annex 1].
DEPARTMENTS: dict[str, dict[str, Any]] = {
    "VWS": {
        "name": "Health, Welfare and Sport", "kind": "social", "health_relevance": 1.0,
        "priorities": {"care": 1.0, "sport_leisure": 0.6, "youth": 0.5, "livelihood_security": 0.3},
        "political_commitment": 0.6, "budget": 3.0, "capacity_fte": 8.0,  # 2-3 FTE HiaP + 5-6 living environment [ABD2024]
        "staff": {"officer": 5, "senior": 2, "director": 1, "dg": 1},
        "silo_strength": 0.3, "autonomy_preference": 0.3, "base_urgency": 0.7, "awareness": 0.8, "is_coordinator": True,
        "strategy": {"n_topics": 4, "ambition": "coordinate"},
    },
    "OCW": {"name": "Education, Culture and Science", "kind": "social", "health_relevance": 0.6,
            "priorities": {"education": 1.0, "youth": 0.6, "sport_leisure": 0.2}, "budget": 1.0, "capacity_fte": 2.0,
            "silo_strength": 0.4, "autonomy_preference": 0.5, "base_urgency": 0.3, "awareness": 0.3},
    "SZW": {"name": "Social Affairs and Employment", "kind": "social", "health_relevance": 0.8,
            "priorities": {"livelihood_security": 1.0, "labour_market": 1.0, "youth": 0.2}, "budget": 1.5, "capacity_fte": 2.5,
            "silo_strength": 0.35, "autonomy_preference": 0.45, "base_urgency": 0.35, "awareness": 0.35},
    "BZK": {"name": "Interior and Kingdom Relations", "kind": "physical", "health_relevance": 0.8,
            "priorities": {"housing": 1.0, "safety": 0.3, "environment": 0.3}, "budget": 1.0, "capacity_fte": 2.0,
            "silo_strength": 0.6, "autonomy_preference": 0.55, "base_urgency": 0.25, "awareness": 0.25},  # BZK higher silo [HHS2016]
    "EZK": {"name": "Economic Affairs", "kind": "economic", "health_relevance": 0.5,
            "priorities": {"economy": 1.0, "labour_market": 0.4, "agriculture_food": 0.3}, "budget": 1.0, "capacity_fte": 1.5,
            "silo_strength": 0.45, "autonomy_preference": 0.6, "base_urgency": 0.2, "awareness": 0.2},
    "IenW": {"name": "Infrastructure and Water Management", "kind": "physical", "health_relevance": 0.8,
             "priorities": {"environment": 1.0, "mobility": 1.0}, "budget": 1.0, "capacity_fte": 2.0,
             "silo_strength": 0.45, "autonomy_preference": 0.55, "base_urgency": 0.25, "awareness": 0.25},
    "LNV": {"name": "Agriculture, Fisheries, Food Security and Nature", "kind": "physical", "health_relevance": 0.5,
            "priorities": {"agriculture_food": 1.0, "environment": 0.5}, "budget": 0.7, "capacity_fte": 1.0,
            "silo_strength": 0.45, "autonomy_preference": 0.6, "base_urgency": 0.2, "awareness": 0.2},
    "JenV": {"name": "Justice and Security", "kind": "classic", "health_relevance": 0.3,
             "priorities": {"safety": 1.0, "youth": 0.3}, "budget": 0.5, "capacity_fte": 1.0,
             "silo_strength": 0.5, "autonomy_preference": 0.6, "base_urgency": 0.15, "awareness": 0.15},
    "FIN": {"name": "Finance", "kind": "classic", "health_relevance": 0.2,
            "priorities": {"public_finance": 1.0, "livelihood_security": 0.3, "economy": 0.3}, "budget": 0.3, "capacity_fte": 0.5,
            "silo_strength": 0.55, "autonomy_preference": 0.7, "base_urgency": 0.1, "awareness": 0.1},
    # Historical ministries of the 2008 set [HHS2016 annex 1]
    "WWI": {"name": "Housing, Communities and Integration (2007-2010)", "kind": "physical", "health_relevance": 0.7,
            "priorities": {"housing": 1.0, "livelihood_security": 0.3}, "budget": 0.8, "capacity_fte": 1.5,
            "silo_strength": 0.45, "autonomy_preference": 0.5, "base_urgency": 0.25, "awareness": 0.3},
    "VROM": {"name": "Housing, Spatial Planning and the Environment", "kind": "physical", "health_relevance": 0.8,
             "priorities": {"environment": 1.0, "housing": 0.4}, "budget": 1.0, "capacity_fte": 1.5,
             "silo_strength": 0.45, "autonomy_preference": 0.55, "base_urgency": 0.25, "awareness": 0.25},
    "VenW": {"name": "Transport, Public Works and Water Management", "kind": "physical", "health_relevance": 0.5,
             "priorities": {"mobility": 1.0, "environment": 0.3}, "budget": 0.7, "capacity_fte": 1.0,
             "silo_strength": 0.5, "autonomy_preference": 0.6, "base_urgency": 0.15, "awareness": 0.15},
    "EZ": {"name": "Economic Affairs", "kind": "economic", "health_relevance": 0.5,
           "priorities": {"economy": 1.0, "labour_market": 0.4}, "budget": 1.0, "capacity_fte": 1.5,
           "silo_strength": 0.45, "autonomy_preference": 0.6, "base_urgency": 0.2, "awareness": 0.2},
    "JUS": {"name": "Justice", "kind": "classic", "health_relevance": 0.3, "priorities": {"safety": 1.0},
            "budget": 0.5, "capacity_fte": 1.0, "silo_strength": 0.5, "autonomy_preference": 0.6, "base_urgency": 0.15, "awareness": 0.15},
    "JG": {"name": "Programme Ministry for Youth and Families (2007-2010)", "kind": "social", "health_relevance": 0.7,
           "priorities": {"youth": 1.0, "education": 0.4, "care": 0.4}, "budget": 2.0, "capacity_fte": 3.0,
           "silo_strength": 0.2, "autonomy_preference": 0.3, "base_urgency": 0.45, "awareness": 0.5},
    "IenM": {"name": "Infrastructure and the Environment (2010-2017)", "kind": "physical", "health_relevance": 0.8,
             "priorities": {"environment": 1.0, "mobility": 0.8, "housing": 0.2}, "budget": 1.0, "capacity_fte": 2.0,
             "silo_strength": 0.5, "autonomy_preference": 0.55, "base_urgency": 0.2, "awareness": 0.25},
    "ELI": {"name": "Economic Affairs, Agriculture and Innovation (2010-2012)", "kind": "economic", "health_relevance": 0.5,
            "priorities": {"economy": 1.0, "agriculture_food": 0.6, "labour_market": 0.3}, "budget": 1.0, "capacity_fte": 1.5,
            "silo_strength": 0.5, "autonomy_preference": 0.6, "base_urgency": 0.2, "awareness": 0.2},
    "LNV2008": {"name": "Agriculture, Nature and Food Quality", "kind": "physical", "health_relevance": 0.5,
                "priorities": {"agriculture_food": 1.0, "environment": 0.4}, "budget": 0.7, "capacity_fte": 1.0,
                "silo_strength": 0.45, "autonomy_preference": 0.6, "base_urgency": 0.2, "awareness": 0.2},
}

CURRENT_DEPARTMENTS = ("VWS", "OCW", "SZW", "BZK", "EZK", "IenW", "LNV", "JenV", "FIN")

# Determinant topics [ABD2024 cabinet-programme hooks; HHS2016; RIVM2010].
TOPICS: dict[str, dict[str, Any]] = {
    "air_quality": {"label": "Air quality", "themes": {"environment": 1.0, "mobility": 0.6, "economy": 0.3, "care": 0.4},
                    "health_potential": 0.6, "interdependence": 3, "legal_barrier_risk": 0.3},
    "housing_quality": {"label": "Housing quality (mould, damp)", "themes": {"housing": 1.0, "care": 0.4, "livelihood_security": 0.3},
                        "health_potential": 0.6, "interdependence": 3, "legal_barrier_risk": 0.3},
    "debt_livelihood": {"label": "Debt and livelihood security", "themes": {"livelihood_security": 1.0, "labour_market": 0.4, "care": 0.4, "public_finance": 0.3},
                        "health_potential": 0.8, "interdependence": 4, "legal_barrier_risk": 0.4},
    "healthy_school": {"label": "Healthy school", "themes": {"education": 1.0, "youth": 0.8, "sport_leisure": 0.4, "care": 0.4},
                       "health_potential": 0.5, "interdependence": 2, "legal_barrier_risk": 0.1},
    "work_health": {"label": "Work and health", "themes": {"labour_market": 1.0, "livelihood_security": 0.4, "economy": 0.3, "care": 0.4},
                    "health_potential": 0.6, "interdependence": 3, "legal_barrier_risk": 0.2},
    "food_environment": {"label": "Food environment", "themes": {"agriculture_food": 1.0, "economy": 0.5, "education": 0.2, "care": 0.4},
                         "health_potential": 0.5, "interdependence": 3, "legal_barrier_risk": 0.5},
    "green_exercise": {"label": "Green space and exercise", "themes": {"environment": 0.6, "sport_leisure": 1.0, "housing": 0.4, "mobility": 0.3},
                       "health_potential": 0.4, "interdependence": 2, "legal_barrier_risk": 0.1},
    "alcohol_tobacco": {"label": "Alcohol and tobacco", "themes": {"care": 1.0, "safety": 0.5, "public_finance": 0.4, "economy": 0.3},
                        "health_potential": 0.6, "interdependence": 2, "legal_barrier_risk": 0.4},
    "loneliness_inclusion": {"label": "Loneliness and inclusion", "themes": {"care": 0.6, "livelihood_security": 0.5, "housing": 0.4, "youth": 0.3, "sport_leisure": 0.4},
                             "health_potential": 0.4, "interdependence": 2, "legal_barrier_risk": 0.1},
}

# Departments a crisis of each kind touches, by theme [ABD2024: Tata IJmuiden, PFAS, Groningen, pandemic].
CRISIS_THEMES: dict[str, tuple[str, ...]] = {
    "industrial_pollution": ("environment", "care"),
    "pfas": ("environment", "agriculture_food", "care"),
    "gas_extraction": ("housing", "economy", "safety"),
    "pandemic": ("care", "labour_market", "education", "economy"),
    "economic": ("economy", "public_finance", "labour_market"),
    "other": ("care",),
}
